"""Why things happened, for a reviewer: merge kinds, character diffs, glued items, chrome rules.

All of it is read back from the `Document` and the decoded source (and the chrome tables
the ingesters use), so nothing here can disagree with the JSON.
"""

from __future__ import annotations

import difflib
from bisect import bisect_right
from dataclasses import dataclass

import regex

from ..ingest.chrome import CHROME_PATTERNS, INVISIBLE_EDGES, ChromePattern, match_chrome_box
from ..ingest.html import build_elements
from ..ingest.html_tokens import tokenize
from ..models import Boilerplate, Document, Merge, Span
from ..text import comparison_key

# What each `Merge.reason` means, in the words of `models.Merge`.
REASONS = {
    "copy": "the same element in another copy of the report",
    "repeat": "an exact repeat elsewhere in the post",
    "teaser": "a truncated line that the next paragraph repeats in full",
    "pullquote": "one sentence of a paragraph printed again",
    "title": "the title printed again",
}


@dataclass(frozen=True, slots=True)
class Op:
    """One run of a character diff: `equal`, `delete` (canonical only), `insert` (variant only)."""

    tag: str
    text: str


def char_diff(canonical: str, variant: str) -> tuple[Op, ...]:
    """The variant against the canonical text, character by character.

    >>> [(o.tag, o.text) for o in char_diff("Wired", "WIRED")]
    [('equal', 'W'), ('delete', 'ired'), ('insert', 'IRED')]
    >>> [(o.tag, o.text) for o in char_diff("did not notice anything. Ours ran out.", "did not notice...")]
    [('equal', 'did not notice'), ('delete', ' anything. Ours ran out.'), ('insert', '...')]
    """
    codes = difflib.SequenceMatcher(None, canonical, variant, autojunk=False).get_opcodes()
    # A run of one or two equal characters between two changes (the `.` of a `...` matched
    # inside a sentence) is shown as changed: one change reads better than confetti.
    runs: list[tuple[str, str, str]] = []  # tag, canonical text, variant text
    for n, (code, i1, i2, j1, j2) in enumerate(codes):
        small = code == "equal" and i2 - i1 <= 2 and 0 < n < len(codes) - 1
        same = code == "equal" and not small
        if not same and runs and runs[-1][0] == "replace":
            last = runs.pop()
            runs.append(("replace", last[1] + canonical[i1:i2], last[2] + variant[j1:j2]))
        else:
            runs.append(("equal" if same else "replace", canonical[i1:i2], variant[j1:j2]))
    ops: list[Op] = []
    for run, old, new in runs:
        if run == "equal":
            ops.append(Op("equal", old))
            continue
        if old:
            ops.append(Op("delete", old))
        if new:
            ops.append(Op("insert", new))
    return tuple(ops)


def match_kind(merge: Merge, canonical: str, variant: str | None) -> str:
    """`exact` (the same text), `same key` (the texts differ only in what the comparison key
    folds: width, case, whitespace, dashes and quotes), `fuzzy` (similar above the match
    threshold), or the merge's own reason (`teaser`, `repeat`, `pullquote`, `title`).

    >>> m = Merge(into="b1", kind="paragraph", score=100.0, provenance=[])
    >>> match_kind(m, "Wired", "WIRED"), match_kind(m, "a", None), match_kind(m, "stop producing", "stop cropping")
    ('same key', 'exact', 'fuzzy')
    """
    if merge.reason != "copy":
        return merge.reason
    if variant is None:
        return "exact" if merge.score >= 100.0 else "fuzzy"
    if variant == canonical:
        return "exact"
    return "same key" if comparison_key(variant) == comparison_key(canonical) else "fuzzy"


def merges_into(doc: Document) -> dict[str, list[Merge]]:
    """The document's merges grouped by the element they went into, in report order."""
    out: dict[str, list[Merge]] = {}
    for m in doc.report.merges:
        out.setdefault(m.into, []).append(m)
    return out


def merge_of(span: Span, merges: list[Merge]) -> Merge | None:
    """The merge whose provenance holds `span`."""
    return next((m for m in merges if any(s.start == span.start for s in m.provenance)), None)


# A list marker between a paragraph's sentence end and the item glued onto it (as the
# ingesters' `GLUED_ITEM_RE` splits them).
_MARKER_RE = regex.compile(r"[ \t\u3000]*[-*•・][ \t\u3000]*$")
_SENTENCE_ENDS = tuple("。．.!?！？」』）)")


@dataclass(frozen=True, slots=True)
class Glued:
    """A list item that was glued onto the end of a paragraph's line and split off."""

    line: int
    before: str  # the end of what precedes it on the line
    marker: str  # the ` - ` that separated them


def glued_item(span: Span, source: str) -> Glued | None:
    """How a list item's span sits on its line: None when the item starts the line.

    >>> glued_item(Span(start=19, end=23, line=1), "It rose sharply. - Item")
    Glued(line=1, before='It rose sharply.', marker=' - ')
    >>> glued_item(Span(start=2, end=6, line=1), "- Item") is None, glued_item(Span(start=4, end=8, line=1), "> - Item")
    (True, None)
    """
    line_start = source.rfind("\n", 0, span.start) + 1
    head = source[line_start:span.start]
    m = _MARKER_RE.search(head)
    if m is None or not head[: m.start()].rstrip().endswith(_SENTENCE_ENDS):
        return None
    return Glued(span.line, head[: m.start()][-60:].lstrip(), m.group(0))


# -- chrome ----------------------------------------------------------------------------

# What a kind means when neither a container nor a phrase of the chrome table explains it.
_KINDS = {
    "byline": "a byline (who wrote it, when): read into the metadata, not body text",
    "dateline": "a dateline (when it was published): read into the metadata, not body text",
    "meta": "the post's metadata line (category, date, author), not body text",
}

_COMPILED = [(regex.compile(p.pattern), p) for p in CHROME_PATTERNS]


def chrome_reasons(doc: Document, source: str) -> list[str]:
    """For each boilerplate entry, why it was set aside: its container, the phrase rule it
    matched, or what its kind says."""
    boxes = _Boxes(source) if doc.source.format == "html" else None
    return [_chrome_reason(b, source, boxes) for b in doc.boilerplate]


def _chrome_reason(b: Boilerplate, source: str, boxes: _Boxes | None) -> str:
    parts: list[str] = []
    if b.kind == "page-title":
        parts.append("the page's <title>: the site's name, not the post's title")
    if b.kind == "hidden":
        parts.append("inside a hidden element (hidden, aria-hidden or display:none)")
    if boxes is not None and b.provenance:
        box = boxes.container(b.provenance[0].start, b.kind)
        if box:
            parts.append(f"inside the chrome container {box}")
    phrase = chrome_phrase(b.text, b.kind)
    if phrase is not None:
        where = " (allowed only in the trailing chrome)" if phrase.where == "tail" else ""
        parts.append(f"the line matches the {phrase.kind} phrase /{phrase.pattern}/{where}")
    if not parts:
        parts.append(_KINDS.get(b.kind, f"set aside by the ingester's {b.kind} rule"))
    return "; ".join(parts)


def chrome_phrase(text: str, kind: str) -> ChromePattern | None:
    """The first chrome-table row of `kind` that the whole text matches.

    >>> chrome_phrase("Post a Comment", "comments").pattern
    'Post a Comment'
    """
    line = text.strip().strip(INVISIBLE_EDGES).strip()
    for compiled, row in _COMPILED:
        if row.kind == kind and compiled.fullmatch(line):
            return row
    return None


class _Boxes:
    """The open elements at any offset of an HTML source, to name the container of chrome."""

    def __init__(self, source: str) -> None:
        events = tokenize(source)
        self.elements = build_elements(events)
        texts = [ev for ev in events if ev.kind in ("data", "entity")]
        self.starts = [ev.start for ev in texts]
        self.owner = [ev.element for ev in texts]
        self.line_starts = [0] + [m.end() for m in regex.finditer("\n", source)]

    def container(self, offset: int, kind: str) -> str | None:
        k = bisect_right(self.starts, offset) - 1
        if k < 0:
            return None
        e = self.owner[k]
        innermost = None
        while e >= 0:
            el = self.elements[e]
            role = el.attrs.get("role", "")
            found = {match_chrome_box(el.tag, role, el.names, in_content=c) for c in (False, True)}
            if kind in found:
                return self._describe(e)
            if innermost is None and el.tag not in ("a", "span", "b", "i", "em", "strong"):
                innermost = e
            e = el.parent
        if kind in ("links", "related") and innermost is not None:
            return f"{self._describe(innermost)} (a box of links or post teasers)"
        return None

    def _describe(self, e: int) -> str:
        el = self.elements[e]
        attrs = "".join(f' {k}="{el.attrs[k]}"' for k in ("id", "class", "role") if el.attrs.get(k))
        line = bisect_right(self.line_starts, el.start)
        return f"<{el.tag}{attrs}> (line {line})"
