"""Which format an input is in: the file extension decides; content is sniffed only without one.

The suffixes and the sniffs are the rows of the format registry (`formats.py`); the sniffs
of the built-in formats are here.

Plain text is the default. Scraped text often carries `#`, `- ` and pipe tables without
being Markdown: read as Markdown, its blank-line-free lines would fold into one paragraph.
So content is called Markdown only on unambiguous signs -- at least two kinds of Markdown
syntax (an ATX heading with its space, a fence, a link, emphasis, a setext underline...)
*and* paragraphs separated by blank lines, so that no two finished sentences or headings
sit on consecutive lines. HTML is recognised by its document tags.
"""

from __future__ import annotations

from pathlib import PurePath

import regex

from ..errors import InputError
from .formats import DEFAULT_FORMAT, format_for_suffix, format_names, registered_formats

SNIFF_CHARS = 4096
HTML_START_RE = regex.compile(
    r"\A(?:\ufeff)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    regex.IGNORECASE | regex.DOTALL,
)
HTML_TAG_RE = regex.compile(r"<(?:html|body|head)\b|</(?:p|div|li|h[1-6]|table|article)>", regex.IGNORECASE)

# Markdown signs, each a kind of its own; two different kinds are needed.
MARKDOWN_SIGNS: dict[str, regex.Pattern[str]] = {
    "atx_heading": regex.compile(r"^ {0,3}#{1,6}[ \t]+\S", regex.MULTILINE),
    "fence": regex.compile(r"^ {0,3}(?:```|~~~)", regex.MULTILINE),
    "setext": regex.compile(r"^[^\n\-=|#>*+ ][^\n]*\n {0,3}(?:=+|-{3,})[ \t]*$", regex.MULTILINE),
    # `[^\[\]\n]` (not just `[^\]\n]`): a run of "[[[[" must not be rescanned from every "[".
    "link": regex.compile(r"!?\[[^\[\]\n]+\]\((?:https?://|/|\./|#)[^)\s]*\)"),
    "reference_definition": regex.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+", regex.MULTILINE),
    "emphasis": regex.compile(r"(?<![\w*])\*\*[^*\n]+\*\*(?![\w*])|(?<![\w_])__[^_\n]+__(?![\w_])"),
    "code_span": regex.compile(r"(?<!`)`[^`\n]+`(?!`)"),
}
FRONT_MATTER_RE = regex.compile(r"\A---[ \t]*\r?\n(?:[^\n]*\n){0,200}?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)")
_PLAIN_LINE_RE = regex.compile(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])[ \t]|^ {0,3}[#>|]|^ {0,3}(?:```|~~~|:::)|^\s*$")
_FENCE_LINE_RE = regex.compile(r"^ {0,3}(?:```|~~~)")
_SENTENCE_END_RE = regex.compile(r"[。．.!！?？:：」』)）]$")
_COMMA_END_RE = regex.compile(r"[,、，]$")


def format_from_path(path: str | None) -> str | None:
    """The format a file name's extension names, or None (no path, or an unknown extension).

    >>> format_from_path("post.MD"), format_from_path("a/b.htm"), format_from_path("x.dat"), format_from_path(None)
    ('markdown', 'html', None, None)
    """
    if not path or path == "-":
        return None
    return format_for_suffix(PurePath(path).suffix)


def looks_like_html(text: str) -> bool:
    """Whether the start of `text` is an HTML document (or a fragment of block tags).

    >>> looks_like_html("<!DOCTYPE html><html>"), looks_like_html("<p>one</p><p>two</p>"), looks_like_html("a <b> c")
    (True, True, False)
    """
    head = text[:SNIFF_CHARS]
    if HTML_START_RE.match(head):
        return True
    return head.lstrip().startswith("<") and len(HTML_TAG_RE.findall(head)) >= 2


def markdown_signs(text: str) -> set[str]:
    """The kinds of Markdown syntax found in `text`.

    >>> sorted(markdown_signs("## Title\\n\\nSee [the docs](https://x.org) and **this**."))
    ['atx_heading', 'emphasis', 'link']
    >>> sorted(markdown_signs("---\\ntitle: x\\n---\\n\\n## Body\\n"))
    ['atx_heading', 'front_matter']
    """
    front = FRONT_MATTER_RE.match(text)
    head = text[front.end() if front else 0 :][: SNIFF_CHARS * 16]
    signs = {name for name, pattern in MARKDOWN_SIGNS.items() if pattern.search(head)}
    return signs | {"front_matter"} if front else signs


def folds_finished_lines(text: str) -> bool:
    """Whether reading `text` as Markdown would fold lines that each end a sentence (or are
    headings) into one paragraph -- the mark of scraped text with no blank lines.

    >>> folds_finished_lines("A heading\\nFirst paragraph.\\nSecond paragraph.\\nThird one.\\n")
    True
    >>> folds_finished_lines("A paragraph that is wrapped\\nat a fixed width, as Markdown\\nsources often are.\\n")
    False
    """
    front = FRONT_MATTER_RE.match(text)
    lines: list[str] = []
    in_fence = False
    for line in text[front.end() if front else 0 :][: SNIFF_CHARS * 16].splitlines():
        if _FENCE_LINE_RE.match(line):
            in_fence = not in_fence
        lines.append("" if in_fence else line)  # code lines are not prose
    prose = 0
    folded = 0
    for prev, line in zip(lines, lines[1:]):
        if _PLAIN_LINE_RE.match(line):
            continue
        prose += 1
        if _PLAIN_LINE_RE.match(prev):
            continue
        p = prev.strip()
        if _SENTENCE_END_RE.search(p) or (len(p) <= 40 and not _COMMA_END_RE.search(p)):
            folded += 1
    return folded > max(2, prose // 20)


def looks_like_markdown(text: str) -> bool:
    """Whether `text` is unambiguously Markdown: two kinds of its syntax, and no finished lines
    that reading it as Markdown would fold together.

    >>> looks_like_markdown("## Intro\\n\\nSee [docs](https://x.org).\\n"), looks_like_markdown("## Intro\\nText.\\n")
    (True, False)
    """
    return len(markdown_signs(text)) >= 2 and not folds_finished_lines(text)


def sniff_format(text: str) -> str:
    """The format of content with no telling extension: the first registered format whose sniff
    claims it (HTML, then Markdown on unambiguous signs), else text.

    >>> sniff_format("<html><body><p>Hi</p></body></html>")
    'html'
    >>> sniff_format("## Intro\\n\\nSee [docs](https://x.org).\\n\\n- one\\n- two\\n")
    'markdown'
    >>> sniff_format("#Title #tag\\n比較と影響\\n- a list item\\n| a | b |\\n|---|---|\\n")
    'text'
    """
    for row in registered_formats():
        if row.sniff is not None and row.sniff(text):
            return row.name
    return DEFAULT_FORMAT


def check_format(fmt: str) -> str:
    """`fmt` when it is a registered format; an `InputError` that lists them otherwise."""
    if fmt not in format_names():
        raise InputError(f"unknown format {fmt!r}; use one of: {', '.join(format_names())}")
    return fmt


def detect_format(path: str | None, text: str, fmt: str | None = None) -> str:
    """`fmt` when given, else the extension's format, else what the content looks like."""
    if fmt:
        return fmt
    return format_from_path(path) or sniff_format(text)
