"""Bytes to text: UTF-8 with or without BOM, UTF-16 with BOM; a clear error otherwise."""

from __future__ import annotations

import codecs

from ..errors import DecodeError


def decode_bytes(data: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """Decode `data` and return (text, encoding name). A BOM is not part of the text.

    >>> decode_bytes("é".encode("utf-8-sig"))
    ('é', 'utf-8-sig')
    >>> decode_bytes(b"abc")
    ('abc', 'utf-8')
    """
    if encoding:
        try:
            return data.decode(encoding), encoding.lower()
        except (UnicodeDecodeError, LookupError) as exc:
            raise DecodeError(f"cannot decode as {encoding}: {exc}") from None
    if data.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = "utf-16"
    else:
        name = "utf-8"
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"not valid {name.upper()} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "pass --encoding if the file uses another encoding"
        ) from None
    if "\x00" in text:
        raise DecodeError("looks like binary data (NUL characters); expected a text or HTML post")
    return text, name
