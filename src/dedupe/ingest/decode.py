"""Bytes to text, with the encoding detected -- or a clear error when it cannot be told.

In order: an explicit `encoding`; a BOM (UTF-8, UTF-16, UTF-32); for HTML the charset the
page declares (`<meta charset>`, `<meta http-equiv=Content-Type>`, `<?xml encoding?>`);
strict UTF-8; then charset-normalizer, whose guess is kept only when the decoded text
reads cleanly. Japanese and Chinese legacy encodings are decoded with the superset the
web uses for their labels (WHATWG): Shift_JIS -> cp932 when the two differ, GB2312/GBK
-> GB18030, Big5 -> Big5-HKSCS when plain Big5 fails.

The encoding is reported by its Python codec name (`utf-8`, `utf-8-sig`, `utf-16`,
`shift_jis`, `cp932`, `euc_jp`, `gb18030`, `big5`, ...).
"""

from __future__ import annotations

import codecs

import regex

from ..errors import DecodeError

# How much of the start of a file is searched for a declared charset (the HTML standard
# says 1024 bytes; real pages put long <head>s first).
SNIFF_BYTES = 4096
# A charset-normalizer guess whose decoded text is messier than this is not trusted.
MAX_CHAOS = 0.2

META_CHARSET_RE = regex.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", regex.IGNORECASE
)
XML_ENCODING_RE = regex.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})["']""")

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
# Encodings whose clean decoding is itself evidence (see `_detect`).
_MULTIBYTE = frozenset({
    "cp932", "shift_jis", "euc_jp", "iso2022_jp", "gb18030", "hz", "big5", "big5hkscs", "cp950",
    "cp949", "euc_kr", "johab", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
})
# A single-byte guess needs charset-normalizer to recognise a language at least this well.
MIN_COHERENCE = 0.2


def decode_bytes(data: bytes, *, encoding: str | None = None, html: bool = False) -> tuple[str, str]:
    """Decode `data` and return (text, encoding name). A BOM is not part of the text.

    `html=True` honours a charset the page declares.

    >>> decode_bytes("é".encode("utf-8-sig"))
    ('é', 'utf-8-sig')
    >>> decode_bytes(b"abc")
    ('abc', 'utf-8')
    >>> decode_bytes('<meta charset="euc-jp"><p>日本語'.encode("euc_jp"), html=True)[1]
    'euc_jp'
    """
    if encoding:
        return _decode_as(data, encoding, why="--encoding")
    bom = _bom_encoding(data)
    if bom:
        text, name = _decode_as(data, bom, why="its byte order mark")
        if bom.startswith("utf-16") or bom.startswith("utf-32"):
            _check_wide_text(text, bom)
        return text, name
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
        declared = declared_charset(data)
        # A page re-saved as UTF-8 often keeps its old declaration; multi-byte UTF-8 that
        # decodes cleanly is far stronger evidence than the declaration.
        if declared and not (utf8 is not None and not data.isascii()):
            try:
                return _decode_as(data, declared, why="its <meta charset>")
            except DecodeError:
                pass  # declared one charset, saved in another: detect instead
    if utf8 is not None:
        return utf8, "utf-8"
    return _detect(data, utf8_error)


def _check_wide_text(text: str, encoding: str) -> None:
    """UTF-16/32 decodes almost any even-length bytes after a BOM: insist the result reads
    as text (ASCII-range characters, whitespace or common CJK), not as a run of symbols.

    >>> _check_wide_text("Plain words, 日本語。", "utf-16")
    >>> _check_wide_text("\ufcfd" * 50, "utf-16")
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
    """The charset an HTML or XML document declares near its start, as a Python codec name.

    >>> declared_charset(b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')
    'shift_jis'
    >>> declared_charset(b"<p>no declaration</p>") is None
    True
    """
    head = data[:SNIFF_BYTES]
    m = XML_ENCODING_RE.match(head) or META_CHARSET_RE.search(head)
    if m is None:
        return None
    try:
        return _codec_name(m.group(1).decode("ascii"))
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
    """Shift_JIS as Windows writes it: cp932 when it differs (NEC/IBM extensions such as ①, ㈱)."""
    try:
        cp932 = data.decode("cp932")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"not valid Shift_JIS as {why} says (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "pass --encoding with the file's real encoding"
        ) from None
    try:
        if data.decode("shift_jis") == cp932:
            return cp932, "shift_jis"
    except UnicodeDecodeError:
        pass
    return cp932, "cp932"


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


def _detect(data: bytes, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    """charset-normalizer's guess, kept only when there is evidence for it.

    A multi-byte CJK guess is kept when the decoded text uses the characters real text
    uses: kana, CJK punctuation and the common (level-1) ideographs or Hangul make up most of
    it -- random bytes decode to rare ideographs just as cleanly, and charset-normalizer
    does not tell the two apart. A single-byte encoding decodes almost anything, so it is
    kept only when charset-normalizer recognises the language, or when cp1252 gives Latin
    text with accented letters inside ordinary words (`café`, `München`) rather than runs of
    symbols (`ÿþú`).
    """
    from charset_normalizer import from_bytes

    valid = data[: utf8_error.start].decode("utf-8")
    if sum(1 for c in valid if ord(c) >= 0x80) >= 2:
        # Legacy CJK bytes break UTF-8 at their first non-ASCII byte; text that was
        # UTF-8 for a while and then is not has been damaged or mixes encodings.
        raise DecodeError(
            f"mixed or damaged encoding: valid UTF-8 up to byte {utf8_error.start}, then byte "
            f"0x{data[utf8_error.start]:02x} is not; pass --encoding to read it with one encoding"
        )
    results = from_bytes(data, threshold=MAX_CHAOS)
    best = results.best()
    if best is not None:
        if _codec_name(best.encoding) in _MULTIBYTE:
            text, name = _decode_as(data, best.encoding, why="detection")
            if reads_as_cjk(text):
                return text, name
        elif best.coherence >= MIN_COHERENCE:
            return _decode_as(data, best.encoding, why="detection")
    try:
        latin = data.decode("cp1252")
    except UnicodeDecodeError:
        latin = None
    if latin is not None and reads_as_latin(latin):
        return latin, "cp1252"
    raise DecodeError(
        f"cannot tell the encoding with confidence: not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset "
        f"{utf8_error.start}) and no other encoding reads cleanly; pass --encoding "
        "(for example shift_jis, euc-jp, gb18030, big5, cp1252)"
    )


def reads_as_latin(text: str) -> bool:
    """Whether cp1252-decoded text looks like a Latin-script language: its non-ASCII letters
    sit inside words with ASCII letters, and every other non-ASCII character is common punctuation.

    >>> reads_as_latin("Ein schöner Tag in München – sagte er."), reads_as_latin("abc ÿþú def")
    (True, False)
    >>> reads_as_latin("ok text then Ã( invalid")  # one stray byte, inside no word
    False
    """
    if all(ord(c) < 128 for c in text):
        return True
    mixed = False  # a word with accented and plain letters, as real Latin-script text has
    for word in LATIN_WORD_RE.finditer(text):
        w = word.group()
        has_ascii = any(c.isascii() for c in w)
        if len(w) >= 2 and not has_ascii:
            return False
        mixed = mixed or (has_ascii and not w.isascii())
    return mixed and all(c.isascii() or c.isalpha() or c in _LATIN_PUNCT for c in text)


def reads_as_cjk(text: str) -> bool:
    """Whether most non-ASCII characters of `text` are ones real CJK text is made of.

    >>> reads_as_cjk("中国のAI企業がモデルを公開しました。"), reads_as_cjk("研究表明，中国企业通过开源来规避监管。")
    (True, True)
    >>> reads_as_cjk("鐽籣鬺鱫鸆鸉龗")  # rare ideographs: what random bytes decode to
    False
    """
    sample = [c for c in text[:50_000] if ord(c) >= 0x80][:4000]
    if len(sample) < 2:
        return False  # one stray byte is no evidence of a CJK encoding
    common = sum(1 for c in sample if _is_common_cjk(c))
    return common * 10 >= len(sample) * 6


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


LATIN_WORD_RE = regex.compile(r"\p{L}+")
_LATIN_PUNCT = frozenset("’‘“”–—…€£¥°©®±×÷·§¶«»¿¡•\u00a0¢¹²³¼½¾")
