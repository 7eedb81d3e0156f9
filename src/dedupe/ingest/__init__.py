"""Ingesters: decoded text of each input format to typed blocks.

Every ingester returns an `Ingested` whose block spans are offsets into the decoded source
it was given. `ingest` picks the ingester of a format from the format registry
(`formats.py`), where this module registers the built-in formats: text, HTML, Markdown.

A new format is one module and one row: write an ingester (decoded text and a `Config` to
an `Ingested`; `sink.BlockSink` builds one and `rules.apply_rules` runs the shared block
rules) and call ``register_format(Format(name, suffixes, sniff, ingester))``. From then on
`dedupe.normalize_file` and the CLI read files with those suffixes, ``--format name``
selects it, and `sniff` (when not None) may claim content that has no telling suffix.
"""

from __future__ import annotations

from ..config import Config
from ..errors import InputError
from .blocks import Ingested
from .detect import looks_like_html, looks_like_markdown
from .formats import Format, Ingester, format_names, get_format, register_format, unregister_format
from .html import ingest_html
from .markdown import ingest_markdown
from .plaintext import ingest_text

# Sniffs are tried in this order: an HTML page may hold Markdown signs, so HTML comes first.
register_format(Format("text", (".txt", ".text"), None, ingest_text))
register_format(Format("html", (".html", ".htm", ".xhtml"), looks_like_html, ingest_html,
                       honours_meta_charset=True))
register_format(Format("markdown", (".md", ".markdown", ".mdown", ".mkd"), looks_like_markdown, ingest_markdown))


def ingest(text: str, fmt: str, config: Config) -> Ingested:
    """Split decoded `text` of format `fmt` into blocks."""
    row = get_format(fmt)
    if row is None:
        raise InputError(f"unknown format {fmt!r}; known: {', '.join(format_names())}")
    return row.ingest(text, config)


__all__ = ["Format", "Ingested", "Ingester", "format_names", "get_format", "ingest", "register_format",
           "unregister_format"]
