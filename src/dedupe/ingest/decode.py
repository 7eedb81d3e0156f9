"""Bytes to text, with the encoding detected -- or a clear error when it cannot be told.

In order: an explicit `encoding`; a BOM (UTF-8, UTF-16, UTF-32); for HTML the charset the
page declares (`<meta charset>`, `<meta http-equiv=Content-Type>`, `<?xml encoding?>`);
strict UTF-8; then detection, which keeps a guess only on evidence (`_detect`). Japanese
and Chinese legacy encodings are decoded with the superset the web uses for their labels
(WHATWG): Shift_JIS -> cp932 when the bytes need its extensions, GB2312/GBK -> GB18030, Big5 ->
Big5-HKSCS when plain Big5 fails.

What cannot be honoured is noted and detection decides instead, never an error and never
a traceback: an `encoding` that is not a text encoding (`rot13`, `base64`), and a declared
charset that is unknown, not a text encoding, or cannot be what the page is written in --
a declaration readable as ASCII rules out UTF-16, UTF-32 and EBCDIC, and UTF-7 is refused
as browsers refuse it. The notes go to `source.notes`. Lone surrogates (what UTF-7 can
decode to) become U+FFFD, one character for one, so offsets stay exact; they are counted.

The encoding is reported by its Python codec name (`utf-8`, `utf-8-sig`, `utf-16`,
`shift_jis`, `cp932`, `euc_jp`, `gb18030`, `big5`, `cp1252`, ...).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import regex

from ..errors import DecodeError
from .letters import Reading, read_as

# How much of the start of a file is searched for a declared charset (the HTML standard
# says 1024 bytes; real pages put long <head>s first).
SNIFF_BYTES = 4096

META_CHARSET_RE = regex.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", regex.IGNORECASE
)
XML_ENCODING_RE = regex.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})["']""")
SURROGATE_RE = regex.compile(r"[\ud800-\udfff]")
# C1 control characters: what a single-byte encoding that leaves 0x80-0x9F undefined gives
# for bytes another encoding uses for letters and punctuation. Real text has none.
C1_RE = regex.compile(r"[\x80-\x9f]")
ISO2022_ESCAPE_RE = regex.compile(rb"\x1b\$[@B]|\x1b\$\(D|\x1b\([BJ]")

# Labels the web treats as another, wider encoding (WHATWG Encoding Standard).
_WEB_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "euc_jis_2004": "euc_jp",
    "euc_jisx0213": "euc_jp",
    "shift_jis_2004": "shift_jis",
    "shift_jisx0213": "shift_jis",
}
# Text encodings a declaration written in ASCII cannot be in, or that browsers refuse.
_NEVER_DECLARED = frozenset({"utf-7"})
_ASCII_PROBE = b'<meta charset="x"> abcXYZ 019 ,.;:!?/=-_()[]{}<>&#%+*@'

# What detection tries, in the order a tie between equal texts is settled (the first name
# that gives a text is reported for it: cp1252, not latin-1 or iso-8859-15, for text
# both read the same).
MULTIBYTE_CANDIDATES = ("cp932", "euc_jp", "gb18030", "big5", "euc_kr", "cp949")
SINGLE_BYTE_CANDIDATES = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "cp1255", "cp1256", "cp874",
    "iso8859_15", "iso8859_2", "koi8_r", "koi8_u", "iso8859_5", "cp866", "iso8859_7", "iso8859_13", "iso8859_4",
)
#: A guess is kept only when its text is this much likelier (natural log of the ratio of
#: the two likelihoods: 5 is about 150 to 1) than the next encoding's different text.
MIN_MARGIN = 5.0
#: Below this log-likelihood per character, a reading is not text in any known language
#: (random bytes read as Latin or Cyrillic score under -6; real text above -3.7) ...
MIN_PER_TOKEN = -5.0
#: ... and for Japanese, Chinese and Korean, whose characters are many (random bytes
#: under -13, real text above -9.5).
MIN_PER_TOKEN_CJK = -11.5
#: Legacy CJK bytes break UTF-8 at their first non-ASCII byte or soon after (a run of
#: pairs that happen to be valid UTF-8 is rare: about one in ten for each): this many
#: non-ASCII characters of valid UTF-8 before the first invalid byte mean real UTF-8 text
#: that a part in another encoding follows.
MIXED_AFTER = 6
# Files that are not text at all, by their first bytes: (signature, what it is).
BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (or .docx, .epub)"),
    (b"\x1f\x8b", "a gzip archive"), (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"), (b"\x7fELF", "a program"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"), (b"OggS", "an Ogg file"),
    (b"ID3", "an MP3 file"), (b"\x00\x00\x00\x18ftyp", "an MP4 video"), (b"\x00\x00\x00\x1cftyp", "an MP4 video"),
    (b"\x00\x00\x00 ftyp", "an MP4 video"), (b"wOFF", "a web font"), (b"wOF2", "a web font"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV file", b"AVI ": "an AVI video"}


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding it was read with, and what decoding noticed on the way."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()
    replaced: int = 0  # lone surrogates replaced with U+FFFD


def decode_bytes(data: bytes, *, encoding: str | None = None, html: bool = False) -> tuple[str, str]:
    """Decode `data` and return (text, encoding name). A BOM is not part of the text.

    `html=True` honours a charset the page declares. `decode_source` also gives the notes.

    >>> decode_bytes("é".encode("utf-8-sig"))
    ('é', 'utf-8-sig')
    >>> decode_bytes(b"abc")
    ('abc', 'utf-8')
    >>> decode_bytes('<meta charset="euc-jp"><p>日本語'.encode("euc_jp"), html=True)[1]
    'euc_jp'
    """
    decoded = decode_source(data, encoding=encoding, html=html)
    return decoded.text, decoded.encoding


def decode_source(data: bytes, *, encoding: str | None = None, html: bool = False) -> Decoded:
    """Decode `data`: the text, its encoding, and notes on what could not be honoured.

    >>> d = decode_source(b'<meta charset="utf-7"><p>a+2AA- b</p>', html=True)
    >>> d.encoding, d.notes
    ('utf-8', ('declared charset utf-7 ignored: browsers refuse it; read as utf-8',))
    >>> decode_source(b"plain", encoding="rot13").notes
    ('encoding rot13 ignored: not a text encoding; read as utf-8',)
    """
    notes: list[str] = []
    text, name = _decode(data, encoding, html, notes)
    text, replaced = replace_surrogates(text)
    if replaced:
        notes.append(f"{replaced} lone surrogate{'s' if replaced != 1 else ''} replaced with U+FFFD")
    return Decoded(text, name, tuple(notes), replaced)


def replace_surrogates(text: str) -> tuple[str, int]:
    """Lone surrogates (no text holds them; UTF-7 and careless callers make them) replaced by
    U+FFFD, one for one, and how many there were.

    >>> replace_surrogates("a\\ud800b")
    ('a\\ufffdb', 1)
    """
    if text.isascii():
        return text, 0
    found = SURROGATE_RE.findall(text)
    if not found:
        return text, 0
    return SURROGATE_RE.sub("\ufffd", text), len(found)


def _decode(data: bytes, encoding: str | None, html: bool, notes: list[str]) -> tuple[str, str]:
    if encoding:
        usable = _usable_codec(encoding)
        if usable is None:
            return _decode_as(data, encoding, why="--encoding")
        notes.append(f"encoding {encoding} ignored: {usable}")
    bom = _bom_encoding(data)
    if bom:
        text, name = _decode_as(data, bom, why="its byte order mark")
        if bom.startswith("utf-16") or bom.startswith("utf-32"):
            _check_wide_text(text, bom)
        return _noted(text, name, notes)
    what = binary_kind(data)
    if what is not None:
        raise DecodeError(f"{what}, not a text document; extract its text first")
    if b"\x00" in data:
        raise DecodeError(
            "looks like binary data (NUL bytes and no byte order mark); if it is UTF-16 or UTF-32 "
            "without a BOM, pass --encoding utf-16-le (or -be)"
        )
    try:
        utf8: str | None = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8, utf8_error = None, exc
    if html:
        declared = _declared_label(data)
        if declared is not None:
            text_name = _honour_declared(data, declared, utf8, notes)
            if text_name is not None:
                return text_name
    if utf8 is not None:
        if utf8.isascii() and ISO2022_ESCAPE_RE.search(data):
            try:
                return _noted(data.decode("iso2022_jp"), "iso2022_jp", notes)
            except UnicodeDecodeError:
                pass
        return _noted(utf8, "utf-8", notes)
    return _noted(*_detect(data, utf8_error), notes)


def _noted(text: str, name: str, notes: list[str]) -> tuple[str, str]:
    """Finish each note of an encoding that was ignored with the one used instead."""
    for n, note in enumerate(notes):
        if " ignored: " in note and "; read as " not in note:
            notes[n] = f"{note}; read as {name}"
    return text, name


def _usable_codec(label: str) -> str | None:
    """Why the codec named `label` cannot decode text (None when it can; an unknown name is
    `_decode_as`'s error).

    >>> _usable_codec("utf-8") is None, _usable_codec("base64")
    (True, 'not a text encoding')
    """
    try:
        info = codecs.lookup(label.strip().lower())
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return "not a text encoding"
    return None


def _declared_label(data: bytes) -> str | None:
    head = data[:SNIFF_BYTES]
    m = XML_ENCODING_RE.match(head) or META_CHARSET_RE.search(head)
    return m.group(1).decode("ascii") if m else None


def _honour_declared(data: bytes, label: str, utf8: str | None, notes: list[str]) -> tuple[str, str] | None:
    """The text as the page's declared charset reads it, or None (noted) when the declaration
    cannot be right: the caller goes on to UTF-8 and detection."""
    why = _declared_problem(label)
    if why is not None:
        notes.append(f"declared charset {label} ignored: {why}")
        return None
    name = _codec_name(label)
    # A page re-saved as UTF-8 often keeps its old declaration; multi-byte UTF-8 that
    # decodes cleanly is far stronger evidence than the declaration.
    if utf8 is not None and not data.isascii() and name not in ("utf-8", "utf-8-sig"):
        notes.append(f"declared charset {label} ignored: the bytes are valid multi-byte UTF-8")
        return None
    try:
        return _decode_as(data, name, why="its <meta charset>")
    except DecodeError:
        notes.append(f"declared charset {label} ignored: the bytes are not valid {label}")
        return None


def _declared_problem(label: str) -> str | None:
    """Why a declared charset label cannot be honoured, or None.

    >>> _declared_problem("Shift_JIS") is None, _declared_problem("rot13")
    (True, 'not a text encoding')
    >>> _declared_problem("utf-16")
    'not the encoding of a page whose declaration reads as ASCII'

    """
    try:
        name = _codec_name(label)
    except LookupError:
        return "unknown charset"
    why = _usable_codec(name)
    if why is not None:
        return why
    if name in _NEVER_DECLARED:
        return "browsers refuse it"
    try:
        ascii_compatible = _ASCII_PROBE.decode(name) == _ASCII_PROBE.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        ascii_compatible = False
    return None if ascii_compatible else "not the encoding of a page whose declaration reads as ASCII"


def binary_kind(data: bytes) -> str | None:
    """What kind of non-text file `data` starts like, or None.

    >>> binary_kind(b"%PDF-1.7 ..."), binary_kind(b"plain text") is None
    ('a PDF document', True)
    """
    for signature, what in BINARY_SIGNATURES:
        if data.startswith(signature):
            return what
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]]
    return None


def _check_wide_text(text: str, encoding: str) -> None:
    """UTF-16/32 decodes almost any even-length bytes after a BOM: insist the result reads
    as text (ASCII-range characters, whitespace or common CJK), not as a run of symbols.

    >>> _check_wide_text("Plain words, 日本語。", "utf-16")
    >>> _check_wide_text("\\ufcfd" * 50, "utf-16")
    Traceback (most recent call last):
    ...
    dedupe.errors.DecodeError: starts with a utf-16 byte order mark but does not read as utf-16 text; is it binary?
    """
    sample = text[:4000]
    if not sample:
        return
    readable = sum(1 for c in sample if c.isascii() or c.isspace() or _is_common_cjk(c) or c in _LATIN_PUNCT)
    if readable * 2 < len(sample):
        raise DecodeError(
            f"starts with a {encoding} byte order mark but does not read as {encoding} text; is it binary?"
        )


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares near its start, as a Python codec name
    (None when there is none, or it names no codec).

    >>> declared_charset(b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')
    'shift_jis'
    >>> declared_charset(b"<p>no declaration</p>") is None
    True
    """
    label = _declared_label(data)
    if label is None:
        return None
    try:
        return _codec_name(label)
    except LookupError:
        return None


def _codec_name(label: str) -> str:
    """Python's codec name for an encoding label, widened as the web does (raises LookupError)."""
    name = codecs.lookup(label.strip().lower()).name
    return _WEB_SUPERSETS.get(name, name)


def _bom_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _decode_as(data: bytes, encoding: str, *, why: str) -> tuple[str, str]:
    """Decode with a named encoding (the web's superset for legacy CJK labels)."""
    try:
        name = _codec_name(encoding)
    except LookupError:
        raise DecodeError(f"unknown encoding {encoding!r} (from {why}); try utf-8, shift_jis, euc-jp, "
                          "gb18030 or big5") from None
    if name == "shift_jis" or (name == "cp932" and why == "detection"):
        return _decode_shift_jis(data, why)
    if name == "big5":
        return _decode_big5(data, why)
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"not valid {encoding} as {why} says (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "pass --encoding with the file's real encoding"
        ) from None
    if name.startswith(("utf-16", "utf-32")):
        text = text.removeprefix("\ufeff")
    return text, name


def _decode_shift_jis(data: bytes, why: str) -> tuple[str, str]:
    """Shift_JIS; as Windows writes it (cp932) when the bytes use its NEC/IBM extensions (①, ㈱).

    Bytes valid in plain Shift_JIS are read with its JIS mapping: 0x8160 is the wave dash
    `〜` (cp932 reads the same key as the full-width tilde `～`), 0x817C the minus sign `−`.
    """
    try:
        return data.decode("shift_jis"), "shift_jis"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"not valid Shift_JIS as {why} says (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "pass --encoding with the file's real encoding"
        ) from None


def _decode_big5(data: bytes, why: str) -> tuple[str, str]:
    for name in ("big5", "cp950", "big5hkscs"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError as exc:
            error = exc
    raise DecodeError(
        f"not valid Big5 as {why} says (byte 0x{data[error.start]:02x} at offset {error.start}); "
        "pass --encoding with the file's real encoding"
    )


def _decode_candidate(data: bytes, codec: str) -> tuple[str, str] | None:
    """`data` in one candidate encoding, (text, reported name), or None when it is not valid there."""
    try:
        if codec == "cp932":
            return _decode_shift_jis(data, "detection")
        if codec == "big5":
            return _decode_big5(data, "detection")
        text = data.decode(codec)
    except (UnicodeDecodeError, DecodeError):
        return None
    return text, codec


@dataclass(frozen=True, slots=True)
class _Candidate:
    encoding: str
    text: str
    reading: Reading

    @property
    def plausible(self) -> bool:
        floor = MIN_PER_TOKEN_CJK if self.reading.language in _CJK_LANGUAGES else MIN_PER_TOKEN
        return self.reading.per_token >= floor

    def describe(self) -> str:
        return f"{self.encoding} ({self.reading.language_name})"


_CJK_LANGUAGES = frozenset({"ja", "zh-hans", "zh-hant", "ko"})


def candidates(data: bytes) -> list[_Candidate]:
    """Every encoding that decodes `data` to a text without control characters, scored by how
    well its text reads as a language, best first (one entry per distinct text)."""
    seen: dict[str, str] = {}
    for codec in (*MULTIBYTE_CANDIDATES, *SINGLE_BYTE_CANDIDATES):
        decoded = _decode_candidate(data, codec)
        if decoded is None or decoded[0] in seen:
            continue
        text, name = decoded
        if C1_RE.search(text):
            continue
        seen[text] = name
    scored = [_Candidate(name, text, read_as(text, name)) for text, name in seen.items()]
    return sorted(scored, key=lambda c: -c.reading.score)


def _detect(data: bytes, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    """The encoding whose text reads best as a language, kept only when it wins clearly.

    Every candidate encoding (the legacy Japanese, Chinese and Korean multi-byte sets and
    the Windows and ISO single-byte sets of Western, Central European, Cyrillic, Greek,
    Turkish, Baltic, Hebrew, Arabic and Thai text) that decodes the bytes is read against
    the letter statistics of the languages of its script (`letters.read_as`). The best
    reading is kept when it reads as text at all (`MIN_PER_TOKEN`) and is clearly likelier
    than the next candidate's different text (`MIN_MARGIN`); otherwise the error names
    the candidates, so the user can pass the right one. Readings that are one text (cp1252
    and latin-1 without bytes 0x80-0x9F) are one candidate.
    """
    valid = data[: utf8_error.start].decode("utf-8")
    if sum(1 for c in valid if ord(c) >= 0x80) >= MIXED_AFTER:
        # Text that was UTF-8 for a while and then is not has been damaged or mixes encodings.
        raise DecodeError(
            f"mixed or damaged encoding: valid UTF-8 up to byte {utf8_error.start}, then byte "
            f"0x{data[utf8_error.start]:02x} is not; pass --encoding to read it with one encoding"
        )
    why_not = (f"not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start})")
    plausible = [c for c in candidates(data) if c.plausible]
    if not plausible:
        raise DecodeError(
            f"cannot tell the encoding with confidence: {why_not} and no other encoding reads as text; "
            "pass --encoding (for example shift_jis, euc-jp, gb18030, big5, cp1252)"
        )
    best = plausible[0]
    rivals = [c for c in plausible[1:] if best.reading.score - c.reading.score < MIN_MARGIN]
    if rivals:
        named = [c.describe() for c in [best, *rivals][:4]]
        raise DecodeError(
            f"cannot tell the encoding with confidence: {why_not}, and it reads about as well in "
            f"{', '.join(named[:-1])} or {named[-1]}; pass --encoding with the right one"
        )
    return best.text, best.encoding


def _is_common_cjk(c: str) -> bool:
    """Kana, CJK punctuation and full-width forms, or an ideograph / Hangul syllable of the
    first (most frequent) level of JIS X 0208, GB 2312, Big5 or KS X 1001."""
    if "\u3000" <= c <= "\u30ff" or "\uff01" <= c <= "\uff9f":
        return True
    for codec, first, last in _COMMON_LEVELS:
        try:
            lead = c.encode(codec)[0]
        except UnicodeEncodeError:
            continue
        if first <= lead <= last:
            return True
    return False


# (codec, lead bytes of its symbols and most frequent characters)
_COMMON_LEVELS = (
    ("shift_jis", 0x81, 0x98),  # symbols, kana, JIS level-1 kanji
    ("gb2312", 0xA1, 0xD7),  # symbols, GB 2312 level-1 hanzi
    ("big5", 0xA1, 0xC6),  # symbols, Big5 frequent characters
    ("euc_kr", 0xA1, 0xC8),  # symbols, KS X 1001 Hangul syllables
)

_LATIN_PUNCT = frozenset("’‘“”–—…€£¥°©®±×÷·§¶«»¿¡•\u00a0¢¹²³¼½¾")
