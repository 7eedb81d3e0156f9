"""Writing a finished corpus run: every document, the merged clusters, then `corpus.json`,
each file written whole (a temporary file and a rename).

With the local engine the documents are finished and written by its worker processes:
they read their records from the spill file (on this machine) and the driver hands out
offsets only, so writing scales with `--jobs` as the passes do, and no document's bytes
travel between processes. With Ray the driver writes every file (its workers may be on
machines that do not see the output folder). The bytes are the same either way.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from ..config import Config
from ..errors import InputError, OutputError
from ..models import Document
from ..paths import (
    check_target,
    file_mode,
    forget_temporary,
    new_temporary,
    refuse_inputs_as_outputs,
    shown,
    write_atomic,
)
from .engines import LocalEngine
from .merging import merge_cluster
from .run import CLUSTERS_DIR, CORPUS_FILE, CorpusResult, Progress
from .sources import Source, read_sources
from .work import StoredDoc, own_garbage_collected


def write_corpus(result: CorpusResult, out: Path, *, merge_clusters: bool = False, jsonl: Path | None = None,
                 progress: Progress | None = None) -> None:
    """Write every document (one JSON file each under `out` mirroring the input, or one line
    each of `jsonl`), the merged clusters, and `corpus.json` last: every file written whole."""
    report = progress or _silent
    if jsonl is not None:
        _write_jsonl(result, jsonl, report)
    else:
        write_documents(result, out, report)
    if merge_clusters:
        write_merged(result, out, report)
    write_report(result, out)


def _silent(phase: str, done: int, total: int) -> None:
    return None


def write_documents(result: CorpusResult, out: Path, progress: Progress | None = None) -> None:
    """Every document's JSON file under `out`, mirroring the input."""
    report = progress or _silent
    if isinstance(result.engine, LocalEngine):
        items = ((result.stored(n), str(out / d.source.out)) for n, d in enumerate(result.docs))
        written: Iterator[None] = result.engine.map(_write_document, items)
    else:
        written = _write_each((out / source.out, data) for source, data in result.document_bytes())
    for n, _ in enumerate(written, start=1):
        report("writing", n, len(result.docs))


def write_merged(result: CorpusResult, out: Path, progress: Progress | None = None) -> None:
    """One merged document per cluster, `out/clusters/<cluster>.json` (`--merge-clusters`).

    Raises `InvariantError` when a merge would lose a member's sentence."""
    report = progress or _silent
    folder = out / CLUSTERS_DIR
    if isinstance(result.engine, LocalEngine):
        items = ((c.id, result.stored_members(c), result.config, str(folder / f"{c.id}.json"))
                 for c in result.clusters)
        written: Iterator[None] = result.engine.map(_write_merged, items, heavy=True)
    else:
        written = _write_each((folder / f"{c.id}.json", data) for c, data in result.merged_bytes())
    for n, _ in enumerate(written, start=1):
        report("merging clusters", n, len(result.clusters))


def write_report(result: CorpusResult, out: Path) -> None:
    """`out/corpus.json`: the clusters, the pairs checked, the chrome learned, the failures."""
    write_atomic(out / CORPUS_FILE, json.dumps(result.report(), ensure_ascii=False, indent=2) + "\n")


def _write_each(files: Iterator[tuple[Path, bytes]]) -> Iterator[None]:
    for target, data in files:
        write_atomic(target, data)
        yield None


def _write_document(item: tuple[StoredDoc, str]) -> None:
    stored, target = item
    write_atomic(Path(target), stored.final_bytes())


def _write_merged(item: tuple[str, list[tuple[str, StoredDoc]], Config, str]) -> None:
    cluster_id, members, config, target = item
    with own_garbage_collected():
        data = merge_cluster(cluster_id, [(member, stored.final_bytes()) for member, stored in members], config)
    write_atomic(Path(target), data)


def _jsonl_line(stored: StoredDoc) -> bytes:
    return _one_line(stored.final_bytes())


def _one_line(data: bytes) -> bytes:
    """A document's JSON as one line of a JSON Lines file."""
    return Document.model_validate_json(data).to_json_bytes(indent=None)


def _write_jsonl(result: CorpusResult, path: Path, report: Progress) -> None:
    check_target(path)
    fd, tmp = new_temporary(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), file_mode())
            if isinstance(result.engine, LocalEngine):
                lines = result.engine.map(_jsonl_line, (result.stored(n) for n in range(len(result.docs))))
            else:
                lines = (_one_line(data) for _, data in result.document_bytes())
            for n, line in enumerate(lines, start=1):
                fh.write(line)
                report("writing", n, len(result.docs))
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{shown(path)}: cannot write ({exc.strerror or exc})", errno=exc.errno) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        forget_temporary(tmp)


def plan_outputs(source: str, out: Path | None, jsonl: Path | None) -> None:
    """Refuse before any work an output that is an input, or names that collide with
    `corpus.json` and the clusters folder."""
    inputs: list[str] = []
    outputs: list[str] = []
    try:
        listed = list(read_sources(source))
    except InputError:
        raise
    for s in listed:
        if isinstance(s, Source):
            if s.path is not None:
                inputs.append(s.path)
            if out is not None:
                if s.out == CORPUS_FILE or s.out.split("/")[0] == CLUSTERS_DIR:
                    raise OutputError(f"{shown(s.path or s.id)}: its output {s.out} would collide with the corpus's "
                                      f"own {CORPUS_FILE} or {CLUSTERS_DIR}/; rename it or choose --jsonl")
                outputs.append(str(out / s.out))
    if os.path.isfile(source):
        inputs.append(source)
    if out is not None:
        outputs.append(str(out / CORPUS_FILE))
        refuse_inputs_as_outputs(outputs, inputs)
        if os.path.isdir(source) and os.path.realpath(out) == os.path.realpath(source):
            raise OutputError(f"output {shown(str(out))} is the input folder; choose another output")
    if jsonl is not None:
        refuse_inputs_as_outputs([str(jsonl)], inputs)


__all__ = ["plan_outputs", "write_corpus", "write_documents", "write_merged", "write_report"]
