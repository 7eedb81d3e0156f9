"""Text hygiene for every input format: the fixes as (pattern, replacement) steps, shown by
`clean_text`'s doctests.

The source is never rewritten -- provenance offsets point into it as it was decoded, line
ends and all. What is cleaned is the *text* of a block. `clean_mapped` runs the same fixes
while carrying every character's source span along, so a cleaned block still knows where
each of its characters came from (`RawBlock.anchors`).

Spacing is not decided here: hygiene removes no space inside a block, and `text.normalize_whitespace`
(the canonical text rule) later collapses layout and drops a space only between two
characters of unspaced scripts, so Korean and a space after ASCII punctuation are kept.

What is deliberately left alone: curly quotes, full-width CJK punctuation, full-width and
half-width letters, ligatures and the Unicode normalization form are the author's
characters. Mojibake is repaired with ftfy configured so that it only undoes wrong
decodings (`uncurl_quotes=False`, `fix_character_width=False`, `fix_latin_ligatures=False`,
`normalization=None`, no HTML unescaping of its own).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import ftfy
import regex
from rapidfuzz.distance import Levenshtein

from .blocks import ChromeLine, Kind, RawBlock

LINE_END_RE = regex.compile(r"\r\n?")
TAB_RE = regex.compile(r"\t")
# NBSP, the typographic spaces of U+2000-U+200A, narrow NBSP, medium math space. The
# ideographic (full-width) space U+3000 is not here: hygiene leaves it inside a block (the
# spacing rule then treats it as any whitespace: one space, none between two CJK
# characters) and trims it at the edges like any whitespace.
SPACE_LIKE_RE = regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f]")
# Zero-width space, word joiner, BOM / zero-width no-break space, soft hyphen, Mongolian
# vowel separator. Not ZWJ / ZWNJ (U+200C/D): they hold emoji sequences and Persian or
# Indic words together.
INVISIBLE_RE = regex.compile(r"[\u200b\u2060\ufeff\u00ad\u180e]")
# Only entities closed by `;`: `AT&T` and `?a=1&not=2` are text, not `&not;`.
ENTITY_RE = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Characters that appear in mojibake (Latin-1 / cp1252 / MacRoman readings of UTF-8 bytes,
# C1 controls, box drawing, the replacement character). Text without any is left to itself
# without calling ftfy at all.
MOJIBAKE_HINT_RE = regex.compile(r"[\u0080-\u024f\u02c0-\u02df\u2010-\u203a\u20ac\u2122\u2500-\u25ff\ufffd]")
CONTROL_RE = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters where a fix could apply: the CR of a line end, the `&` of an entity, and the
# characters of the one-character patterns -- everything `is_clean` looks for except
# whitespace at the edges. One class of plain code points, the same in `re` as in `regex`;
# `re` scans a whole source with it about ten times faster.
DIRTY_RE = re.compile("[\\r&" + "".join(p.pattern.removeprefix("[").removesuffix("]") for p in (
    INVISIBLE_RE, TAB_RE, SPACE_LIKE_RE, MOJIBAKE_HINT_RE, CONTROL_RE)) + "]")

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # done by the ENTITY_RE step, with its own rules
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,  # ﬁ is the author's character
    fix_character_width=False,  # full-width ＡＢＣ and half-width ｶﾀｶﾅ stay
    uncurl_quotes=False,  # “curly” quotes stay curly
    fix_line_breaks=False,  # line ends are handled by the LINE_END_RE step
    fix_surrogates=True,
    remove_control_chars=True,
    normalization=None,  # no NFC/NFKC: the author's code points stay
    explain=False,
)


def _unescape(match: regex.Match[str]) -> str:
    return html.unescape(match.group())


def repair_mojibake(text: str) -> str:
    """UTF-8 that was decoded as Latin-1 / cp1252, repaired; correct text is not touched.

    >>> repair_mojibake("schÃ¶n, â€œquotedâ€\\x9d")
    'schön, “quoted”'
    >>> repair_mojibake("“curly” ‘quotes’，全角！ＡＢＣ ｶﾀｶﾅ ﬁne")
    '“curly” ‘quotes’，全角！ＡＢＣ ｶﾀｶﾅ ﬁne'
    """
    if MOJIBAKE_HINT_RE.search(text) is None and not _has_controls(text):
        return text
    return ftfy.fix_text(text, FTFY_CONFIG)



def _has_controls(text: str) -> bool:
    return CONTROL_RE.search(text) is not None


def clean_text(text: str) -> str:
    """Every fix for prose (the steps of `_PROSE_STEPS`, then mojibake), then trimmed.

    >>> clean_text("\\u3000\\u3000Caf&eacute;\\u00a0\\tau\\u200b lait\\r\\n")
    'Café  au lait'

    Line ends become LF; a tab is a space; no-break and typographic spaces become plain
    spaces, but the ideographic space inside CJK text stays:

    >>> clean_text("a\\r\\nb\\rc"), clean_text("Name\\tValue"), clean_text("10\\u00a0km and\\u2009more")
    ('a\\nb\\nc', 'Name Value', '10 km and more')
    >>> clean_text("中国\\u3000AI")
    '中国\\u3000AI'

    Zero-width spaces, BOMs, word joiners and soft hyphens go; ZWJ/ZWNJ stay:

    >>> clean_text("\\ufeffzero\\u200bwidth\\u00adtext"), clean_text("👩\\u200d💻") == "👩\\u200d💻"
    ('zerowidthtext', True)

    Entities a scraper left in text are decoded, only those closed by `;`:

    >>> clean_text("Q&amp;A &#8212; &quot;quoted&quot; &hellip;")
    'Q&A — "quoted" …'
    >>> clean_text("AT&T, ?a=1&not=2, &unknown; stays")
    'AT&T, ?a=1&not=2, &unknown; stays'
    """
    if is_clean(text):
        return text
    mapped = clean_mapped(_identity(text))
    return mapped.text


# --------------------------------------------------------------------------- offsets kept


@dataclass(frozen=True, slots=True)
class Mapped:
    """Text with the source span [starts[i], ends[i]) of each character."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __post_init__(self) -> None:
        assert len(self.text) == len(self.starts) == len(self.ends)


def _identity(text: str, start: int = 0) -> Mapped:
    return Mapped(text, tuple(range(start, start + len(text))), tuple(range(start + 1, start + len(text) + 1)))


def _sub_mapped(pattern: regex.Pattern[str], repl: Callable[[regex.Match[str]], str], m: Mapped) -> Mapped:
    """`pattern.sub(repl, text)` that gives each replacement character the span of its match."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    found = False
    for match in pattern.finditer(m.text):
        found = True
        a, b = match.span()
        chars.append(m.text[pos:a])
        starts.extend(m.starts[pos:a])
        ends.extend(m.ends[pos:a])
        new = repl(match)
        if new and b > a:
            chars.append(new)
            starts.extend([m.starts[a]] * len(new))
            ends.extend([m.ends[b - 1]] * len(new))
        pos = b
    if not found:
        return m
    chars.append(m.text[pos:])
    starts.extend(m.starts[pos:])
    ends.extend(m.ends[pos:])
    return Mapped("".join(chars), tuple(starts), tuple(ends))


def _func_mapped(fix: Callable[[str], str], m: Mapped) -> Mapped:
    """Apply a whole-text fix; when it changed something, map the result back by a diff."""
    new = fix(m.text)
    if new == m.text:
        return m
    starts: list[int] = []
    ends: list[int] = []
    n = len(m.text)
    # An optimal edit alignment (not difflib's longest-block heuristic, which pairs repeated
    # text wrongly when a fix deletes a character before it).
    for o in Levenshtein.opcodes(m.text, new):
        op, i1, i2, j1, j2 = o.tag, o.src_start, o.src_end, o.dest_start, o.dest_end
        if op == "equal":
            starts.extend(m.starts[i1:i2])
            ends.extend(m.ends[i1:i2])
        elif j2 > j1:
            if i2 > i1:
                # A replaced stretch: a character that survived it keeps its own place; a
                # repaired one ("Ã©" -> "é") spans what is left of the stretch.
                k = i1
                for j in range(j1, j2):
                    at = m.text.find(new[j], k, i2)
                    if at >= 0:
                        starts.append(m.starts[at])
                        ends.append(m.ends[at])
                        k = at + 1
                    else:
                        starts.append(m.starts[min(k, i2 - 1)])
                        ends.append(m.ends[i2 - 1])
                continue
            else:  # an insertion: anchor it at the next character (or the end)
                s = m.starts[i1] if i1 < n else (m.ends[-1] if n else 0)
                e = s
            starts.extend([s] * (j2 - j1))
            ends.extend([e] * (j2 - j1))
    return Mapped(new, tuple(starts), tuple(ends))


def _strip_mapped(m: Mapped) -> Mapped:
    a, b = 0, len(m.text)
    while a < b and m.text[a].isspace():
        a += 1
    while b > a and m.text[b - 1].isspace():
        b -= 1
    if (a, b) == (0, len(m.text)):
        return m
    return Mapped(m.text[a:b], m.starts[a:b], m.ends[a:b])


_PROSE_STEPS: tuple[tuple[regex.Pattern[str], Callable[[regex.Match[str]], str]], ...] = (
    (LINE_END_RE, lambda _: "\n"),
    (ENTITY_RE, _unescape),
    (INVISIBLE_RE, lambda _: ""),
    (TAB_RE, lambda _: " "),
    (SPACE_LIKE_RE, lambda _: " "),
)
_CODE_STEPS: tuple[tuple[regex.Pattern[str], Callable[[regex.Match[str]], str]], ...] = (
    (LINE_END_RE, lambda _: "\n"),
    (INVISIBLE_RE, lambda _: ""),
)


def is_clean(text: str, *, code: bool = False, entities: bool = True) -> bool:
    """True when no fix would change `text`: the fast path for most blocks.

    >>> is_clean("Plain words, 全角！"), is_clean("tab\\there"), is_clean(" padded")
    (True, False, False)
    """
    if DIRTY_RE.search(text) is None:  # none of the patterns below can match
        return code or _edges_clean(text)
    for pattern, _ in _CODE_STEPS if code else _PROSE_STEPS:
        if pattern is ENTITY_RE and not entities:
            continue
        if pattern.search(text):
            return False
    if code:
        return True
    if MOJIBAKE_HINT_RE.search(text) is not None or _has_controls(text):
        return False
    return _edges_clean(text)


def clean_mapped(m: Mapped, *, code: bool = False, entities: bool = True) -> Mapped:
    """Run the fixes over mapped text: prose gets all of them and is trimmed; code only line ends.

    `entities=False` for text an HTML parser already decoded: an `&amp;` left there is what
    the author wrote. Code keeps its tabs and spaces; only line ends and invisible
    characters are fixed:

    >>> clean_mapped(_identity("\\ufeffif x:\\r\\n\\treturn 1"), code=True).text
    'if x:\\n\\treturn 1'
    """
    if DIRTY_RE.search(m.text) is None:  # no fix can apply (`is_clean`): only the trim
        return m if code else _strip_mapped(m)
    if code:
        for pattern, repl in _CODE_STEPS:
            m = _sub_mapped(pattern, repl, m)
        return m
    for pattern, repl in _PROSE_STEPS:
        if pattern is ENTITY_RE and not entities:
            continue
        m = _sub_mapped(pattern, repl, m)
    m = _func_mapped(repair_mojibake, m)
    return _strip_mapped(m)


def join_cells(cells: Sequence[Mapped]) -> Mapped:
    """A table row's cells as one mapped text joined by " | "; a separator maps to the next
    cell (or, for an empty cell, to where the previous one ended). At least one cell has text.

    >>> join_cells([_identity("a"), Mapped("", (), ()), Mapped("b", (5,), (6,))]).text
    'a |  | b'
    """
    first = next(c for c in cells if c.text)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for n, c in enumerate(cells):
        if n:
            at = c.starts[0] if c.text else (starts[-1] if starts else first.starts[0])
            chars.append(" | ")
            starts.extend([at] * 3)
            ends.extend([at] * 3)
        chars.append(c.text)
        starts.extend(c.starts)
        ends.extend(c.ends)
    return Mapped("".join(chars), tuple(starts), tuple(ends))


def anchors_of(m: Mapped) -> tuple[tuple[int, int], ...]:
    """The compact (text index, source offset) anchors of mapped text; () when it is a plain slice."""
    starts = m.starts
    if not starts:
        return ()
    first = starts[0]
    if starts == tuple(range(first, first + len(starts))):  # one run of source text (compared in C)
        return () if m.ends[-1] == first + len(m.text) else ((0, first),)
    anchors = [(0, first)]
    prev = first
    for i, s in enumerate(starts):
        if s != prev + 1 and i:
            anchors.append((i, s))
        prev = s
    return tuple(anchors)


def block_mapping(block: RawBlock) -> Mapped:
    """The mapped text of an existing block (through its anchors)."""
    n = len(block.text)
    if not block.anchors:  # `text[i]` is at `start + i`; the last character ends at `end`
        if not n:
            return Mapped(block.text, (), ())
        return Mapped(block.text, tuple(range(block.start, block.start + n)),
                      (*range(block.start + 1, block.start + n), block.end))
    starts = tuple(block.source_offset(i) for i in range(n))
    ends = tuple(min(starts[i + 1], starts[i] + 1) if i + 1 < n else block.end for i in range(n))
    return Mapped(block.text, starts, ends)


def dirty_offsets(source: str) -> list[int]:
    """Where in `source` a fix could apply (see `clean_block`), in order.

    >>> dirty_offsets("a\\tb &amp; c"), dirty_offsets("clean text")
    ([1, 4], [])
    """
    return [m.start() for m in DIRTY_RE.finditer(source)]


def _edges_clean(text: str) -> bool:
    """No whitespace at either end (the one test of `is_clean` that `dirty_offsets` leaves)."""
    return not text or not (text[0].isspace() or text[-1].isspace())


def _span_clean(dirty: Sequence[int] | None, start: int, end: int) -> bool:
    """Whether `dirty` (from `dirty_offsets`) is given and has no offset in [start, end)."""
    if dirty is None:
        return False
    k = bisect_left(dirty, start)
    return k == len(dirty) or dirty[k] >= end


def clean_block(block: RawBlock, *, dirty: Sequence[int] | None = None) -> RawBlock:
    """The block with hygiene applied to its text (and cells); its span and anchors stay exact.

    `dirty`, the `dirty_offsets` of the source, is a shortcut for blocks whose text (or,
    for a table row, each cell) is cut verbatim from the source span [start, end), with at
    most its whitespace collapsed: a block with no dirty offset in its span is clean unless
    its text has whitespace at an edge. Only pass it for such blocks.
    """
    if _span_clean(dirty, block.start, block.end):
        # Nothing in its span to fix: only the edges of its text can still need trimming.
        if block.kind is Kind.CODE:
            return block
        if block.kind is Kind.TABLE_ROW:
            if all(_edges_clean(c) for c in block.cells):
                return block
        elif _edges_clean(block.text):
            return block
    if block.kind is Kind.TABLE_ROW:
        cells = tuple(clean_text(c) for c in block.cells)
        return block if cells == block.cells else block._replace(cells=cells, text=" | ".join(cells))
    if is_clean(block.text, code=block.kind is Kind.CODE):
        return block
    m = block_mapping(block)
    cleaned = clean_mapped(m, code=block.kind is Kind.CODE)
    if cleaned is m:
        return block
    if not cleaned.text:
        return block._replace(text="")
    return block._replace(text=cleaned.text, start=cleaned.starts[0], end=cleaned.ends[-1],
                   anchors=anchors_of(cleaned))


def clean_chrome(line: ChromeLine, *, dirty: Sequence[int] | None = None) -> ChromeLine:
    """A chrome line with its text cleaned (its span stays where it was found).

    `dirty`: see `clean_block`.
    """
    if _span_clean(dirty, line.start, line.end) and _edges_clean(line.text):
        return line
    text = clean_text(line.text)
    return line if text == line.text else replace(line, text=text)
