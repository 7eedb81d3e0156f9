"""Documents a command reads back (normalized JSON, JSON Lines, or posts normalized on the way) and their outline."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import Config, DedupeError, Document, normalize_bytes
from ..errors import InputError
from ..ingest.formats import input_suffixes
from ..models import Section
from ..paths import (
    shown,
)
from ..pipeline import read_source
from .exits import fail


class Reading:
    """How a command that takes documents reads a post it is given instead (normalizing it)."""

    def __init__(self, encoding: str | None, fmt: str, config: Config) -> None:
        self.encoding = encoding
        self.fmt = None if fmt == "auto" else fmt
        self.config = config
        self.several = False  # set once the input turns out to hold more than one document


#: Suffixes of files that hold normalized documents (one JSON, or JSON Lines).
DOCUMENT_SUFFIXES = (".json", ".jsonl")


def read_documents(path: str, reading: Reading) -> Iterator[tuple[str, Document]]:
    """(name, document) for each document in `path`: a normalized JSON file, JSON Lines of
    them, a directory of such files, `-` (stdin holding either), or a post (any other file,
    or stdin with --format, normalized here). Errors exit with one line."""
    try:
        if path != "-" and os.path.isdir(path):
            files = sorted(f for f in Path(path).rglob("*") if f.suffix.lower() in DOCUMENT_SUFFIXES and f.is_file())
            if not files:
                fail(f"{shown(path)}: no {' or '.join(DOCUMENT_SUFFIXES)} documents in this directory",
                      InputError.exit_code)
            reading.several = True
            for f in files:
                yield from read_documents(str(f), reading)
            return
        if path == "-":
            if sys.stdin is None:
                raise InputError("stdin is closed; pass a file, or pipe the document in")
            data = sys.stdin.buffer.read(reading.config.max_input_bytes + 1)
        else:
            data = read_source(path, reading.config.max_input_bytes)
        name = shown(path) if path != "-" else "stdin"
        suffix = Path(path).suffix.lower() if path != "-" else ""
        if reading.fmt is not None or suffix in input_suffixes() or (
                suffix not in DOCUMENT_SUFFIXES and not data.lstrip()[:1] == b"{"):
            yield name, normalize_bytes(data, path=path if path != "-" else None, config=reading.config,
                                        encoding=reading.encoding, fmt=reading.fmt)
            return
    except DedupeError as exc:
        fail(str(exc), exc.exit_code)
    yield from parse_documents(name, data, reading)


def parse_documents(name: str, data: bytes, reading: Reading) -> Iterator[tuple[str, Document]]:
    """The documents of one JSON document or of JSON Lines (fields this version does not know
    are ignored: the contract lets fields be added)."""
    try:
        yield name, Document.model_validate_json(data, extra="ignore")
        return
    except ValueError as exc:
        whole = exc
    lines = [(n, line) for n, line in enumerate(data.splitlines(), start=1) if line.strip()]
    if len(lines) < 2:
        fail(f"{name}: not a normalized document ({first_line(whole)})", InputError.exit_code)
    reading.several = True
    for n, line in lines:
        try:
            doc = Document.model_validate_json(line, extra="ignore")
        except ValueError as exc:
            fail(f"{name}, line {n}: not a normalized document ({first_line(exc)})", InputError.exit_code)
        yield f"{name}, line {n}" if doc.source.path is None else shown(doc.source.path), doc


def first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0]


def outline(doc: Document) -> Iterator[str]:
    """Lines of a human-readable outline of `doc`."""
    yield f"title:     {doc.title or '(none)'}"
    if doc.tags:
        yield f"tags:      {' '.join('#' + t for t in doc.tags)}"
    yield f"source:    {doc.source.path or '(stdin)'} ({doc.source.format}, {doc.source.size} bytes)"
    r = doc.report
    yield f"copies:    {r.copies_detected}    blocks in/out: {r.blocks_in}/{r.blocks_out}    merges: {len(r.merges)}"
    yield ""
    yield "sections:"
    yield from _outline_sections(doc.sections, 1)
    if doc.citations:
        cited: dict[str, int] = {}
        for block in _all_blocks(doc.sections):
            for cid in set(block.citations) | {c for it in getattr(block, "items", []) for c in it.citations}:
                cited[cid] = cited.get(cid, 0) + 1
        yield ""
        yield f"citations ({len(doc.citations)}):"
        for c in doc.citations:
            who = f"{c.publisher}: " if c.publisher else ""
            url = f" <{c.url}>" if c.url else ""
            yield f"  [{c.id}] {who}{c.title}{url}  (cited by {cited.get(c.id, 0)} blocks)"
    if r.unresolved_citations:
        yield ""
        yield "unresolved references:"
        for u in r.unresolved_citations:
            yield f"  ({u.text}) at line(s) {', '.join(str(s.line) for s in u.provenance)}"
    if doc.boilerplate:
        yield ""
        yield "set aside as boilerplate:"
        for b in doc.boilerplate:
            yield f"  line {b.provenance[0].line}: {b.text}  [{b.kind}]"
    if r.merges:
        yield ""
        yield "merged:"
        for m in r.merges:
            lines = ", ".join(str(s.line) for s in m.provenance)
            yield f"  {m.into:<8} {m.kind:<10} score {m.score:5.1f}  lines {lines}"


def _outline_sections(sections: list[Section], depth: int) -> Iterator[str]:
    for s in sections:
        counts: dict[str, int] = {}
        for b in s.blocks:
            counts[b.type] = counts.get(b.type, 0) + 1
        summary = ", ".join(f"{n} {t}" for t, n in counts.items()) or "no blocks"
        seen = f"  (seen {len(s.provenance)}x)" if len(s.provenance) > 1 else ""
        yield f"{'  ' * depth}{s.heading or '(lead text)'}  [{summary}]{seen}"
        yield from _outline_sections(s.sections, depth + 1)


def _all_blocks(sections: list[Section]) -> Iterator[Any]:
    for s in sections:
        yield from s.blocks
        yield from _all_blocks(s.sections)
