"""The work done for one document in each pass: pure functions of their arguments, so that
any engine (processes here, Ray workers anywhere) gives the same bytes.

- `learn_lines` (pass 1): the hashes of the document's lines, for `ChromeLearner`.
- `normalize_source` (pass 2): the document normalized with its site's chrome set aside
  (each learned line with its reason and count), its content key and MinHash signature.
- `finish_document` (pass 3): the stored document with its `report.corpus`, as the
  bytes its file gets.
"""

from __future__ import annotations

import contextlib
import gc
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from ..batch import collector_paused
from ..config import Config
from ..errors import DedupeError, InvariantError
from ..ingest import ingest
from ..ingest.decode import decode_source, replace_surrogates
from ..ingest.detect import check_format, detect_format, format_from_path, sniff_format
from ..ingest.formats import honours_meta_charset
from ..models import Block, Boilerplate, CorpusInfo, Document, Section
from ..paths import shown
from ..pipeline import SITE_CHROME_KINDS, normalize_bytes, normalize_text, read_source
from ..text import comparison_key
from .chrome import SiteChrome, line_hash
from .config import CorpusConfig
from .similar import signature
from .sources import Source


@dataclass(frozen=True, slots=True)
class Lines:
    """Pass 1's answer for one document."""

    index: int
    error: str | None = None
    lines: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Normalized:
    """Pass 2's answer for one document: its JSON, content key, signature and learned chrome lines."""

    index: int
    error: str | None = None
    json: bytes = b""  # `Document.to_json_bytes()`: the file's bytes but for `report.corpus`
    key: str = ""
    signature: bytes = b""
    chrome_lines: tuple[tuple[int, str], ...] = ()  # (hash, text) of the learned chrome it holds


def _failure(source: Source, exc: BaseException) -> str:
    name = shown(source.path) if source.path is not None else source.id
    if isinstance(exc, DedupeError):
        text = str(exc)
        return text if text.startswith(name) else f"{name}: {text}"
    if isinstance(exc, RecursionError):
        return f"{name}: nested too deeply to process"
    return f"{name}: internal error ({type(exc).__name__}: {exc}); please report this input"


def _read(source: Source, config: Config) -> bytes:
    assert source.path is not None
    return source.data if source.data is not None else read_source(source.path, config.max_input_bytes)


def learn_lines(source: Source, config: Config) -> Lines:
    """The 64-bit hashes of the comparison keys of the document's text lines (pass 1), read the
    way `normalize_*` reads them (same decoding, format and blocks), but not matched."""
    try:
        if source.path is not None:
            data = _read(source, config)
            known = format_from_path(source.path)
            decoded = decode_source(data, html=honours_meta_charset(known))
            text, fmt = decoded.text, known or sniff_format(decoded.text)
        else:
            assert source.text is not None
            text = replace_surrogates(source.text.removeprefix("\ufeff"))[0]
            fmt = check_format(detect_format(None, text, source.fmt))
        blocks = ingest(text, fmt, config).blocks
        lines = tuple(line_hash(comparison_key(b.text)) for b in blocks if b.kind in SITE_CHROME_KINDS)
        return Lines(source.index, lines=lines)
    except Exception as exc:  # noqa: BLE001 -- one document's failure is reported, the corpus goes on
        return Lines(source.index, error=_failure(source, exc))


def normalize_source(source: Source, chrome: SiteChrome | None, config: Config, corpus_config: CorpusConfig
                     ) -> Normalized:
    """The document normalized with its site's learned chrome set aside (pass 2)."""
    try:
        with collector_paused():  # a corpus is a batch: its runner pauses the collector, as batch.run_task does
            if source.path is not None:
                doc = normalize_bytes(_read(source, config), path=source.path,
                                      config=config, site_chrome=chrome)
            else:
                assert source.text is not None
                doc = normalize_text(source.text, source=source.id, config=config, fmt=source.fmt,
                                     site_chrome=chrome)
        found: tuple[tuple[int, str], ...] = ()
        if chrome is not None:
            doc, found = _with_reasons(doc, chrome, corpus_config)
        key = content_key(doc)
        return Normalized(source.index, json=doc.to_json_bytes(), key=key, signature=signature(key, corpus_config),
                          chrome_lines=found)
    except Exception as exc:  # noqa: BLE001 -- one document's failure is reported, the corpus goes on
        return Normalized(source.index, error=_failure(source, exc))


@dataclass(frozen=True, slots=True)
class StoredDoc:
    """Where one normalized document's JSON is in a corpus run's spill file, and the
    `report.corpus` it gets: enough for any process on this machine to finish it."""

    spill: str
    at: int
    json_len: int
    info: CorpusInfo

    def final_bytes(self) -> bytes:
        """The document's final JSON (`finish_document` of its stored bytes)."""
        with open(self.spill, "rb") as fh:
            fh.seek(self.at)
            return finish_document(fh.read(self.json_len), self.info)


_REPORT_END = b"\n  }\n}\n"  # how `Document.to_json_bytes()` closes the report and the document


def finish_document(stored: bytes, info: CorpusInfo) -> bytes:
    """The document's final JSON (pass 3): `stored` (its `to_json_bytes()`, without
    `report.corpus`) with `report.corpus` = `info` written in as its last field, byte for
    byte what serializing the document with it gives (tests check), without parsing it."""
    if not stored.endswith(_REPORT_END):
        raise InvariantError("a stored corpus document does not end as Document.to_json_bytes() ends; please report")
    part = info.__pydantic_serializer__.to_json(info, indent=2).replace(b"\n", b"\n    ")
    return stored[:-len(_REPORT_END)] + b',\n    "corpus": ' + part + _REPORT_END


def _with_reasons(doc: Document, chrome: SiteChrome, corpus_config: CorpusConfig
                  ) -> tuple[Document, tuple[tuple[int, str], ...]]:
    """`doc` with the reason and count of each learned chrome line, and those lines (hash, text)."""
    found: list[tuple[int, str]] = []
    boilerplate = list(doc.boilerplate)
    for n, b in enumerate(boilerplate):
        if b.kind == "site":
            h = line_hash(comparison_key(b.text))
            count = chrome.counts[h]
            boilerplate[n] = b.model_copy(update={"reason": chrome.reason(count, corpus_config), "count": count})
            found.append((h, b.text))
    if not found:
        return doc, ()
    return doc.model_copy(update={"boilerplate": boilerplate}), tuple(found)


def content_texts(doc: Document) -> Iterator[str]:
    """Every piece of canonical text of `doc` in order: the title, headings, blocks (list items
    and table cells one by one), citation titles."""
    if doc.title:
        yield doc.title
    for section in doc.sections:
        yield from _section_texts(section)
    for c in doc.citations:
        yield c.title


def _section_texts(section: Section) -> Iterator[str]:
    if section.heading is not None:
        yield section.heading
    for block in section.blocks:
        yield from _block_texts(block)
    for sub in section.sections:
        yield from _section_texts(sub)


def _block_texts(block: Block) -> Iterator[str]:
    if block.type == "list":
        for item in block.items:
            yield item.text
    elif block.type == "table":
        yield from block.header
        for row in block.rows:
            yield from row
    else:
        yield block.text


#: A word: a run of letters and digits, or one Chinese or Japanese character (they write no spaces).
WORD_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]|[\p{L}\p{N}\p{M}]+")


def content_key(doc: Document) -> str:
    """What documents are compared on: the words of the canonical text (NFKC, case-folded),
    one space between them.

    Words, not characters: two unrelated posts in one language agree on half their
    characters in order (an edit-distance ratio of 0.6-0.8), but on few of their words.

    >>> content_key(Document.model_validate_json(normalize_text("Hello, World! 東京です。").to_json()))
    'hello world 東 京 で す'
    """
    words: list[str] = []
    for t in content_texts(doc):
        words += WORD_RE.findall(unicodedata.normalize("NFKC", t).casefold())
    return " ".join(words)


@contextlib.contextmanager
def own_garbage_collected() -> Iterator[None]:
    """Run a block, then collect the reference cycles it left, walking only the objects it made.

    The within-post matcher leaves reference cycles behind (its units and matches: tens of
    thousands of objects for a 20-copy cluster) that only a full collection frees, and a
    process that holds a corpus's many long-lived objects seldom runs one (one in the whole
    merge phase of a 2,000-document run): the merges' garbage piled up, 702 MB peak at
    20,000 documents. The objects already there are frozen meanwhile (`gc.freeze` and
    `gc.unfreeze` only move a list head), so the collection costs what the block made,
    not the size of the process. (A caller's own `gc.freeze` is undone by it.)

    For merges only: a plain document leaves no cycles, and the collection is not free
    (measured: 14 ms more per document over 150 documents, 2.7x their time; a merge takes
    0.1-1 s).
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.collect()
        gc.unfreeze()


def site_boilerplate(doc: Document) -> list[Boilerplate]:
    """The lines of `doc` a corpus set aside as its site's chrome."""
    return [b for b in doc.boilerplate if b.kind == "site"]


__all__ = ["Lines", "Normalized", "StoredDoc", "content_key", "content_texts", "finish_document", "learn_lines",
           "normalize_source", "own_garbage_collected", "site_boilerplate"]
