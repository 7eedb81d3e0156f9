"""The canonical document back as Markdown or plain text."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from .models import Block, Citation, Document, Section

# Characters that would start Markdown syntax inside a line of text.
MD_SPECIAL_RE = regex.compile(r"([\\`*\[\]<>|]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}]))")
# Text at the start of a line that Markdown would read as a block marker.
MD_LINE_START_RE = regex.compile(r"^(#{1,6}(?=\s|$)|[-+*](?=\s)|\d{1,9}(?=[.)]\s)|>|=+\s*$|-{3,}\s*$)")


def escape_markdown(text: str) -> str:
    """Escape what Markdown would read as syntax, so the text renders as written.

    >>> escape_markdown("a*b* [x] 1. ok")
    'a\\\\*b\\\\* \\\\[x\\\\] 1. ok'
    >>> escape_markdown("# not a heading")
    '\\\\# not a heading'
    """
    text = MD_SPECIAL_RE.sub(r"\\\1", text)
    return MD_LINE_START_RE.sub(_escape_line_start, text, count=1)


def _escape_line_start(m: regex.Match[str]) -> str:
    # "1. x" becomes "1\. x"; "# x" becomes "\# x".
    marker = m.group(0)
    return marker + "\\" if marker[0].isdigit() else "\\" + marker


def render(doc: Document, to: str = "md") -> str:
    """Render `doc` as ``md`` (Markdown) or ``text`` (plain text)."""
    if to not in ("md", "text"):
        raise ValueError(f"unknown render target {to!r}: use 'md' or 'text'")
    md = to == "md"
    lines: list[str] = []
    if doc.title:
        tags = "".join(f" #{t}" for t in doc.tags)
        lines += [f"# {escape_markdown(doc.title) if md else doc.title}{tags}", ""]
    elif doc.tags:
        lines += [" ".join(f"#{t}" for t in doc.tags), ""]
    for section in doc.sections:
        lines.extend(_section(section, md))
    if doc.citations:
        lines += ["## References" if md else "References", ""]
        lines += [f"- {_citation(c, md)}" for c in doc.citations]
        lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def _section(section: Section, md: bool) -> Iterator[str]:
    if section.heading is not None:
        marks = "#" * min(max(section.level, 2), 6)
        yield f"{marks} {escape_markdown(section.heading)}" if md else section.heading
        yield ""
    for block in section.blocks:
        yield from _block(block, md)
        yield ""
    for sub in section.sections:
        yield from _section(sub, md)


def _block(block: Block, md: bool) -> Iterator[str]:
    esc = escape_markdown if md else (lambda s: s)
    if block.type == "paragraph":
        yield esc(block.text)
    elif block.type == "caption":
        yield f"*{esc(block.text)}*" if md else block.text
    elif block.type == "quote":
        for line in block.text.split("\n"):
            yield f"> {esc(line)}"
    elif block.type == "code":
        fence = "```"
        while fence in block.text:
            fence += "`"
        yield f"{fence}{block.lang or ''}"
        yield block.text
        yield fence
    elif block.type == "list":
        for n, item in enumerate(block.items, start=1):
            marker = f"{n}." if block.ordered else "-"
            yield f"{'  ' * (item.level - 1)}{marker} {esc(item.text)}"
    elif block.type == "table":
        width = max([len(block.header)] + [len(r) for r in block.rows] or [1])
        header = block.header or [""] * width
        yield _row(header, width)
        yield "|" + "---|" * width
        for row in block.rows:
            yield _row(row, width)


def _row(cells: list[str], width: int) -> str:
    padded = [*cells, *[""] * (width - len(cells))]
    return "| " + " | ".join(c.replace("|", "\\|") for c in padded) + " |"


def _citation(c: Citation, md: bool) -> str:
    title = escape_markdown(c.title) if md else c.title
    if not c.publisher and (":" in c.title or "：" in c.title or " - " in c.title):
        title = f"“{title}”"  # quoted, so that a colon in the title is not read as a publisher
    head = f"{c.publisher}: {title}" if c.publisher and not c.title.startswith(("X post by", "Tweet by")) else title
    if c.url:
        return f"{head} {c.url}" if not md else f"{head} <{c.url}>"
    return head
