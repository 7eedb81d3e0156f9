"""Ingesters: decoded text of each input format to typed blocks.

Every ingester returns an `Ingested` whose block spans are offsets into the decoded source
it was given. `ingest` picks the ingester for a format name.
"""

from __future__ import annotations

from collections.abc import Callable

from ..config import Config
from ..errors import InputError
from .blocks import Ingested
from .html import ingest_html
from .markdown import ingest_markdown
from .plaintext import ingest_text

Ingester = Callable[[str, Config], Ingested]

#: Format name -> ingester. Other modules register theirs here.
INGESTERS: dict[str, Ingester] = {"text": ingest_text, "html": ingest_html, "markdown": ingest_markdown}


def ingest(text: str, fmt: str, config: Config) -> Ingested:
    """Split decoded `text` of format `fmt` into blocks."""
    try:
        ingester = INGESTERS[fmt]
    except KeyError:
        raise InputError(f"unknown format {fmt!r}; known: {', '.join(sorted(INGESTERS))}") from None
    return ingester(text, config)


__all__ = ["INGESTERS", "Ingested", "ingest"]
