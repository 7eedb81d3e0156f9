"""What a corpus is made of: one `Source` per document, from a folder, a glob or JSON Lines.

A folder's immediate subfolders are its sites (files directly in it have none); a JSONL
record's site is its URL's host. Output names mirror the input (`<site>/<post>.json`) or,
for JSONL, are the record's id made safe as a file name (`safe_name`).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError
from ..ingest.formats import input_suffixes
from ..paths import shown


@dataclass(frozen=True, slots=True)
class Source:
    """One document of a corpus, before it is read.

    Exactly one of `path` (a file) and `text` (a JSONL record's text or html) is set; a
    file's bytes may come along in `data` (read once by the driver: the workers of a Ray
    cluster need not see its file system).
    """

    index: int  # position in the corpus: the order every output follows
    id: str
    site: str | None
    out: str  # output file name relative to the output folder, "/"-separated
    path: str | None = None
    text: str | None = None
    fmt: str | None = None  # "html" or "text" for a JSONL record; None: the extension decides
    data: bytes | None = None  # the file's bytes, read by the driver for workers elsewhere (Ray)


@dataclass(frozen=True, slots=True)
class BadSource:
    """An input that is not a document (a JSONL line that does not parse): reported, skipped."""

    index: int
    id: str
    error: str


_UNSAFE_RE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(doc_id: str) -> str:
    """A file name for a JSONL id: letters, digits, `.`, `_` and `-` only, never `..` or hidden,
    with a short hash of the id added when anything had to change (two ids never meet).

    >>> safe_name("post-1")
    'post-1'
    >>> safe_name("../../etc/passwd")
    'etc_passwd-936d7c04'
    >>> safe_name("a/b") != safe_name("a_b")
    True
    """
    cleaned = _UNSAFE_RE.sub("_", doc_id).strip("._-")[:120] or "doc"
    if cleaned == doc_id:
        return cleaned
    return f"{cleaned}-{hashlib.sha1(doc_id.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def site_of_url(url: str | None) -> str | None:
    """The host of `url`, lower case, without `www.`; None without one.

    >>> site_of_url("https://WWW.Example.com:8080/a"), site_of_url(None), site_of_url("not a url")
    ('example.com', None, None)
    """
    if not url:
        return None
    host = urlsplit(url.strip()).hostname
    return host.removeprefix("www.") if host else None


def read_sources(spec: str) -> Iterator[Source | BadSource]:
    """The documents named by `spec`: a folder, a `.jsonl` file, or a glob of files."""
    if os.path.isdir(spec):
        yield from _folder(Path(spec))
    elif spec.endswith((".jsonl", ".ndjson")) and os.path.isfile(spec):
        yield from _jsonl(spec)
    elif os.path.isfile(spec):
        yield Source(0, Path(spec).name, None, _json_name(Path(spec).name), path=spec)
    else:
        paths = sorted(p for p in glob.glob(spec, recursive=True) if os.path.isfile(p))
        if not paths:
            raise InputError(f"{shown(spec)}: no such folder, JSONL file or files matching it")
        root = Path(os.path.commonpath([os.path.dirname(p) or "." for p in paths]))
        for n, p in enumerate(paths):
            rel = Path(p).relative_to(root) if root != Path("") else Path(p)
            site = rel.parts[0] if len(rel.parts) > 1 else None
            yield Source(n, rel.as_posix(), site, _json_name(rel.as_posix()), path=p)


def _folder(root: Path) -> Iterator[Source]:
    suffixes = input_suffixes()  # the format registry's, as `dedupe normalize` lists a folder
    files = sorted(f for f in root.rglob("*") if f.suffix.lower() in suffixes and f.is_file())
    if not files:
        raise InputError(f"{shown(root)}: no posts found (looked for {', '.join(suffixes)})")
    for n, f in enumerate(files):
        rel = f.relative_to(root)
        site = rel.parts[0] if len(rel.parts) > 1 else None
        yield Source(n, rel.as_posix(), site, _json_name(rel.as_posix()), path=str(f))


def _json_name(rel: str) -> str:
    return str(Path(rel).with_suffix(".json").as_posix())


def _jsonl(path: str) -> Iterator[Source | BadSource]:
    try:
        fh = open(path, encoding="utf-8", errors="strict")
    except OSError as exc:
        raise InputError(f"{shown(path)}: cannot read ({exc.strerror or exc})") from None
    with fh:
        yield from records_to_sources(_lines(fh, path))


def _lines(lines: Iterable[str], path: str) -> Iterator[Mapping[str, Any] | BadSource]:
    n = 0
    try:
        for lineno, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield BadSource(n, f"line {lineno}", f"{shown(path)}: line {lineno}: not JSON ({exc.msg})")
            else:
                if isinstance(record, dict):
                    yield record
                else:
                    yield BadSource(n, f"line {lineno}", f"{shown(path)}: line {lineno}: not a JSON object")
            n += 1
    except UnicodeDecodeError as exc:
        raise InputError(f"{shown(path)}: not UTF-8 ({exc.reason} at byte {exc.start}); JSON Lines are UTF-8") from None


def records_to_sources(records: Iterable[Mapping[str, Any] | BadSource]) -> Iterator[Source | BadSource]:
    """Sources from records `{"id", "url"?, "text" | "html"}`; a record without them is a `BadSource`."""
    seen: set[str] = set()
    for n, record in enumerate(records):
        if isinstance(record, BadSource):
            yield BadSource(n, record.id, record.error)
            continue
        doc_id = record.get("id")
        doc_id = str(doc_id) if isinstance(doc_id, (str, int)) and str(doc_id) else None
        where = f"record {n + 1}" + (f" (id {doc_id!r})" if doc_id else "")
        text, fmt = record.get("text"), "text"
        if text is None and record.get("html") is not None:
            text, fmt = record.get("html"), "html"
        url = record.get("url")
        if doc_id is None:
            yield BadSource(n, where, f"{where}: no \"id\" (a string or a number)")
        elif not isinstance(text, str):
            yield BadSource(n, doc_id, f"{where}: no \"text\" or \"html\" string")
        elif url is not None and not isinstance(url, str):
            yield BadSource(n, doc_id, f"{where}: \"url\" is not a string")
        elif doc_id in seen:
            yield BadSource(n, doc_id, f"{where}: the id is used twice; ids name the output files")
        else:
            seen.add(doc_id)
            yield Source(n, doc_id, site_of_url(url), safe_name(doc_id) + ".json", text=text, fmt=fmt)


__all__ = ["BadSource", "Source", "read_sources", "records_to_sources", "safe_name", "site_of_url"]
