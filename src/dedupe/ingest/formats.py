"""The format registry: one `Format` row per input format, read by everything that needs to know
the formats -- detection (`detect.py`: suffixes, sniffing), decoding (which formats honour a
declared `<meta charset>`), ingestion (`dedupe.ingest.ingest`), the CLI's ``--format``
choices and the suffixes its batch lister looks for.

A new format is one module (its ingester) and one row:

>>> from dedupe.ingest.blocks import Ingested
>>> def ingest_nothing(source, config):
...     return Ingested(blocks=(), format="nothing")
>>> register_format(Format("nothing", (".nothing",), None, ingest_nothing))
>>> get_format("nothing").suffixes, format_for_suffix(".NOTHING")
(('.nothing',), 'nothing')
>>> unregister_format("nothing")

The built-in rows (text, HTML, Markdown) are registered by `dedupe.ingest` when it is
imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the ingesters import this module's users; only their types are needed here
    from ..config import Config
    from .blocks import Ingested

#: What a format's ingester is: decoded text and the run's `Config` to an `Ingested`.
Ingester = Callable[[str, "Config"], "Ingested"]

#: The format of content that no row's sniff claims (and of stdin without ``--format``).
DEFAULT_FORMAT = "text"


@dataclass(frozen=True, slots=True)
class Format:
    """One input format: its name, the file suffixes that name it, how to recognise its content
    without one, its ingester, and whether a charset the content declares is honoured."""

    #: The name (``--format NAME``, ``fmt=NAME``, ``source.format`` of the output).
    name: str
    #: File suffixes, lower case with their dot (``".md"``); the first is the usual one.
    suffixes: tuple[str, ...]
    #: Whether content with no telling suffix is in this format; ``None``: never sniffed
    #: (only its suffixes or ``--format`` select it). Rows are tried in registration order.
    sniff: Callable[[str], bool] | None
    #: Decoded text to blocks.
    ingest: Ingester
    #: Whether decoding honours a charset the bytes declare (``<meta charset>``, ``<?xml encoding?>``).
    honours_meta_charset: bool = False


_REGISTRY: dict[str, Format] = {}


def register_format(row: Format, *, replace: bool = False) -> None:
    """Add a format. Its name and suffixes must be new unless `replace` (which swaps the row of that name)."""
    if not row.name or row.name == "auto":
        raise ValueError(f"a format needs a name other than {row.name!r}")
    if row.name in _REGISTRY and not replace:
        raise ValueError(f"format {row.name!r} is already registered (pass replace=True to swap it)")
    for suffix in row.suffixes:
        if not suffix.startswith(".") or suffix != suffix.lower():
            raise ValueError(f"format {row.name!r}: suffix {suffix!r} must be lower case and start with a dot")
        owner = format_for_suffix(suffix)
        if owner is not None and owner != row.name:
            raise ValueError(f"format {row.name!r}: suffix {suffix!r} already belongs to {owner!r}")
    _REGISTRY[row.name] = row


def unregister_format(name: str) -> None:
    """Remove a format (a test's toy format, say); unknown names are ignored."""
    _REGISTRY.pop(name, None)


def get_format(name: str) -> Format | None:
    """The row of format `name`, or None."""
    return _REGISTRY.get(name)


def registered_formats() -> tuple[Format, ...]:
    """Every row, in registration order."""
    return tuple(_REGISTRY.values())


def format_names() -> tuple[str, ...]:
    """Every format's name, in registration order."""
    return tuple(_REGISTRY)


def input_suffixes() -> tuple[str, ...]:
    """Every suffix of every format, in registration order: what a folder's inputs end in."""
    return tuple(s for row in _REGISTRY.values() for s in row.suffixes)


def format_for_suffix(suffix: str) -> str | None:
    """The format a file suffix (with its dot, any case) names, or None."""
    suffix = suffix.lower()
    return next((row.name for row in _REGISTRY.values() if suffix in row.suffixes), None)


def honours_meta_charset(name: str | None) -> bool:
    """Whether decoding bytes of format `name` honours the charset they declare. An unknown
    format (None: it is sniffed after decoding) honours it when any registered format does."""
    if name is None:
        return any(row.honours_meta_charset for row in _REGISTRY.values())
    row = _REGISTRY.get(name)
    return row is not None and row.honours_meta_charset
