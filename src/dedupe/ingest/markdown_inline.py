"""Markdown source with exact offsets: the parser, the source's lines as markdown-it counts
them, and inline tokens rendered to text whose every character knows its source offset
(`hygiene.Mapped`). Emphasis markers, escapes and inline HTML are dropped from the text; a
link keeps its address as `[text](url)` so that citation parsing sees it; code spans keep
their content."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .hygiene import Mapped

MD_LINE_RE = regex.compile(r"\r\n|\r|\n")
LINK_DEST_RE = regex.compile(r"\]\(\s*(?:<([^>\n]*)>|([^\s()]*(?:\([^\s()]*\)[^\s()]*)*))")
_HTTP_RE = regex.compile(r"(?i)https?://")


def parser() -> MarkdownIt:
    # text_join would fold escapes and entities into plain text and lose their raw spelling.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).disable("text_join")


@dataclass(frozen=True, slots=True)
class SourceLines:
    """Line starts and ends of the source as markdown-it counts lines (CRLF, CR, LF)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]  # end of the line's text, before its line end

    @classmethod
    def of(cls, source: str) -> SourceLines:
        starts, ends = [0], []
        for m in MD_LINE_RE.finditer(source):
            ends.append(m.start())
            starts.append(m.end())
        ends.append(len(source))
        return cls(tuple(starts), tuple(ends))

    def text(self, source: str, n: int) -> str:
        return source[self.starts[n] : self.ends[n]] if n < len(self.starts) else ""


def find_line(src: str, line: str) -> int:
    """Where a content line (markers and indentation removed) sits in its source line."""
    if not line:
        return len(src) - len(src.lstrip())
    if src.endswith(line):
        return len(src) - len(line)
    pos = src.find(line)
    if pos >= 0:
        return pos
    stripped = line.strip()
    pos = src.find(stripped) if stripped else -1
    return max(pos, 0)


def render_inline(children: Sequence[Token], raw: str, offsets: list[int], *, links: bool) -> Mapped:
    """Text of inline tokens, each character mapped through `raw` to the source."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cursor = 0
    link_stack: list[tuple[int, str]] = []  # (text position, href)

    def at(pos: int) -> int:
        return offsets[min(pos, len(offsets) - 1)]

    def emit(text: str, pos: int) -> None:
        if pos + len(text) <= len(offsets):  # all inside `offsets`: no clamping to its end
            sources = offsets[pos : pos + len(text)]
        else:
            sources = [at(p) for p in range(pos, pos + len(text))]
        chars.extend(text)
        starts.extend(sources)
        ends.extend(s + 1 for s in sources)

    def emit_at(text: str, a: int, b: int) -> None:
        for c in text:
            chars.append(c)
            starts.append(at(a))
            ends.append(at(b - 1) + 1 if b > a else at(a))

    def skip(markup: str) -> None:
        nonlocal cursor
        if markup:
            pos = raw.find(markup, cursor)
            if pos >= 0:
                cursor = pos + len(markup)

    for tok in children:
        t = tok.type
        if t == "text":
            pos = raw.find(tok.content, cursor) if tok.content else cursor
            if pos < 0:
                emit_at(tok.content, cursor, cursor)
                continue
            emit(tok.content, pos)
            cursor = pos + len(tok.content)
        elif t == "text_special":
            pos = raw.find(tok.markup, cursor) if tok.markup else -1
            if pos < 0:
                emit_at(tok.content, cursor, cursor)
                continue
            emit_at(tok.content, pos, pos + len(tok.markup))
            cursor = pos + len(tok.markup)
        elif t in ("softbreak", "hardbreak"):
            pos = raw.find("\n", cursor)
            if pos < 0:
                pos = cursor
            emit_at("\n", pos, pos + 1)
            cursor = pos + 1
        elif t == "code_inline":
            skip(tok.markup)
            pos = raw.find(tok.content, cursor)
            if pos < 0:
                emit_at(tok.content, cursor, cursor)
            else:
                emit(tok.content, pos)
                cursor = pos + len(tok.content)
            skip(tok.markup)
        elif t == "link_open":
            href = str(tok.attrs.get("href", ""))
            if tok.markup == "autolink" or tok.info == "auto":
                skip("<")
                link_stack.append((-1, href))
            else:
                pos = raw.find("[", cursor)
                if pos >= 0:
                    cursor = pos + 1
                link_stack.append((len(chars), href))
        elif t == "link_close":
            text_pos, href = link_stack.pop() if link_stack else (-1, "")
            if text_pos < 0:
                skip(">")
                continue
            dest = LINK_DEST_RE.match(raw, raw.find("]", cursor)) if raw.find("]", cursor) >= 0 else None
            close = raw.find("]", cursor)
            if dest is not None:
                url = dest.group(1) or dest.group(2) or href
                end = raw.find(")", dest.end())
                end = end + 1 if end >= 0 else dest.end()
            else:
                url, end = href, (close + 1 if close >= 0 else cursor)
            text = "".join(chars[text_pos:]).strip()
            if links and url and _HTTP_RE.match(url) and text and text != url:
                chars.insert(text_pos, "[")
                starts.insert(text_pos, starts[text_pos] if text_pos < len(starts) else at(cursor))
                ends.insert(text_pos, starts[text_pos])
                emit_at(f"]({url})", close if close >= 0 else cursor, end)
            cursor = max(cursor, end)
        elif t == "image":
            alt = "".join(c.content for c in (tok.children or []) if c.type in ("text", "text_special"))
            pos = raw.find(alt, cursor) if alt else -1
            if pos >= 0:
                emit(alt, pos)
            close = raw.find(")", max(cursor, pos))
            cursor = close + 1 if close >= 0 else cursor
        elif t == "html_inline":
            skip(tok.content)
        else:  # em, strong, s open/close: their markers are markup
            skip(tok.markup)
    return Mapped("".join(chars), tuple(starts), tuple(ends))
