"""File names as the system gives them, shown safely.

A name on a POSIX system is bytes; Python hands over the bytes that are not UTF-8 as lone
surrogates (`surrogateescape`), which can open the file but cannot be printed or written
as JSON. `shown` gives the name as text that can, with each such byte as `\\xNN`.
"""

from __future__ import annotations

import os


def shown(path: str | os.PathLike[str]) -> str:
    r"""`path` as printable text: undecodable bytes of the name as `\xNN`, the rest as it is.

    >>> shown("post.txt"), shown("caf\udce9.txt"), shown("日本.txt")
    ('post.txt', 'caf\\xe9.txt', '日本.txt')
    """
    text = os.fspath(path)
    if text.isascii():
        return text
    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:  # a surrogate no file name can hold: given by a caller, not the system
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


__all__ = ["shown"]
