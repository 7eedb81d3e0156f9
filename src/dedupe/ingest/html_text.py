"""Text with its source offsets, as the HTML block builder collects it: runs, lines, attribute values.

A `TextRun` collects the text of one owner element, each character with its source span
(whitespace collapsed outside `<pre>`, a character reference spanning all its source
characters); `lines`, `one_line` and `trim_code` cut and trim the mapped text it gives;
`attribute_mapped` reads one attribute's value out of a start tag, entities decoded.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

import regex

from .hygiene import Mapped, clean_mapped

# A character reference, a stretch without one, or a bare `&`, in an attribute value.
_ATTR_PIECE_RE = regex.compile(r"&(?:#\d+|#x[0-9a-f]+|\w+);?|[^&]+|&", regex.IGNORECASE)
# Whitespace that does not stay as it is outside <pre>: a run, a tab or line break, a space first.
_ODD_SPACE_RE = re.compile(r"[ \t\n\r\f]{2,}|[\t\n\r\f]|^ ")
# A character reference, a stretch without one, or a bare `&`, in an attribute value.
_ATTR_PIECE_RE = regex.compile(r"&(?:#\d+|#x[0-9a-f]+|\w+);?|[^&]+|&", regex.IGNORECASE)


@dataclass(slots=True)
class TextRun:
    """Text being collected for one owner element, each character with its source span."""

    owner: int
    chrome: str | None
    chars: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    #: open <a> elements -> (text position where the link starts, href, is a rel=tag link)
    link_starts: dict[int, tuple[int, str, bool]] = field(default_factory=dict)

    def add(self, text: str, start: int, end: int, *, pre: bool, one_span: bool = False) -> None:
        """Append source text; outside <pre> whitespace runs collapse to one space.

        Each character maps to its own source character, or all of them to [start, end)
        with `one_span` (a character reference). Stretches without whitespace are added
        at once (a page's text is millions of characters)."""
        chars, starts, ends = self.chars, self.starts, self.ends

        def bulk(i: int, piece: str) -> None:
            n = len(piece)
            chars.extend(piece)
            if one_span:
                starts.extend([start] * n)
                ends.extend([end] * n)
            else:
                starts.extend(range(start + i, start + i + n))
                ends.extend(range(start + i + 1, start + i + n + 1))

        if pre:
            bulk(0, text)
            return
        # Only whitespace that does not stay as it is needs a look: a run, a tab or line
        # break, a space at the start; a single space after a letter is kept in bulk.
        pos = 0
        for m in _ODD_SPACE_RE.finditer(text):
            a, b = m.span()
            if a > pos:
                bulk(pos, text[pos:a])
            if chars and chars[-1] not in " \n":
                chars.append(" ")
                starts.append(start if one_span else start + a)
                ends.append(end if one_span else start + a + 1)
            pos = b
        if pos < len(text):
            bulk(pos, text[pos:])

    def separate(self, at: int) -> None:
        """A line break between inner blocks of an atomic owner (a <p> inside an <li>)."""
        while self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.starts.pop()
            self.ends.pop()
        if self.chars and self.chars[-1] != "\n":
            self.chars.append("\n")
            self.starts.append(at)
            self.ends.append(at)

    def insert(self, pos: int, text: str, at: int) -> None:
        self.chars[pos:pos] = list(text)
        self.starts[pos:pos] = [at] * len(text)
        self.ends[pos:pos] = [at] * len(text)

    def mapped(self) -> Mapped:
        return Mapped("".join(self.chars), tuple(self.starts), tuple(self.ends))

    def has_text(self) -> bool:
        return any(not c.isspace() for c in self.chars)


def attribute_mapped(source: str, start: int, end: int, name: str) -> Mapped | None:
    """The value of attribute `name` of the start tag at `source[start:end]`, entities decoded
    and cleaned, each character mapped to its source span; None when the tag has no such attribute."""
    raw = source[start:end]
    # The attribute itself, not one whose name ends in it (`data-content=` before `content=`).
    m = regex.search(rf"""(?<![\w:-]){name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", raw, regex.IGNORECASE)
    if m is None:
        return None
    g = next(i for i in (1, 2, 3) if m.group(i) is not None)
    run = TextRun(-1, None)
    pos = start + m.start(g)
    for piece in _ATTR_PIECE_RE.finditer(m.group(g)):
        text = piece.group()
        decoded = html_lib.unescape(text) if text.startswith("&") else text
        run.add(decoded, pos, pos + len(text), pre=False, one_span=decoded != text)
        pos += len(text)
    return clean_mapped(run.mapped(), entities=False)


def lines(m: Mapped) -> list[Mapped]:
    """The non-empty lines of mapped prose (a <br> or inner block inside one owner)."""
    out: list[Mapped] = []
    pos = 0
    text = m.text
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        a, b = pos, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append(Mapped(text[a:b], m.starts[a:b], m.ends[a:b]))
        if nl < 0:
            break
        pos = nl + 1
    return out


def one_line(m: Mapped) -> Mapped:
    """Line breaks inside a heading or a table cell are spaces."""
    return m if "\n" not in m.text else Mapped(m.text.replace("\n", " "), m.starts, m.ends)


def trim_code(m: Mapped) -> Mapped:
    """Code without the blank lines around it (indentation inside stays)."""
    text = m.text
    a, b = 0, len(text)
    while a < b and text[a] == "\n":
        a += 1
    while b > a and text[b - 1] in " \t\n":
        b -= 1
    return Mapped(text[a:b], m.starts[a:b], m.ends[a:b])
