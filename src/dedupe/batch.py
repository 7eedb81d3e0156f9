"""Many inputs at once: one outcome per input, in input order, over worker processes.

Results stream: each document is written (or handed back as one JSON line) as soon as it
is made and then dropped, so memory stays flat however many files a run has.
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .config import Config
from .errors import AccountingError, DedupeError, OutputError
from .pipeline import normalize_file

#: Exit code for a bug in dedupe itself (BSD's EX_SOFTWARE).
INTERNAL_ERROR = 70


@dataclass(frozen=True, slots=True)
class Task:
    """One input and where its JSON goes (None: hand the JSON back instead of writing it)."""

    src: str
    dst: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input."""

    src: str
    error: str | None = None
    exit_code: int = 0
    size: int = 0
    blocks_in: int = 0
    blocks_out: int = 0
    merges: int = 0
    copies: int = 0
    json: str | None = None  # the document, when the task had no destination


@dataclass(frozen=True, slots=True)
class Options:
    """How every task of a batch is run."""

    config: Config
    encoding: str | None = None
    fmt: str | None = None
    strict: bool = False
    compact: bool = False  # one-line JSON (for JSON Lines)


def run_task(task: Task, options: Options) -> Outcome:
    """Normalize one input; errors become an `Outcome` with the message, never an exception."""
    try:
        doc = normalize_file(task.src, config=options.config, encoding=options.encoding, fmt=options.fmt)
        r = doc.report
        if options.strict and r.coverage < 1.0:
            raise AccountingError(
                f"{task.src}: only {r.coverage:.4%} of the source is accounted for "
                f"({r.accounting.get('unaccounted', 0)} characters went nowhere); please report this input"
            )
        indent = None if options.compact else 2
        text = None
        if task.dst is not None:
            write_atomic(Path(task.dst), doc.to_json_bytes(indent=indent))
        else:
            text = doc.to_json(indent=indent)
        return Outcome(task.src, size=doc.source.size, blocks_in=r.blocks_in, blocks_out=r.blocks_out,
                       merges=len(r.merges), copies=r.copies_detected, json=text)
    except DedupeError as exc:
        return Outcome(task.src, error=str(exc), exit_code=exc.exit_code)
    except RecursionError:
        return Outcome(task.src, error=f"{task.src}: nested too deeply to process", exit_code=INTERNAL_ERROR)
    except Exception as exc:  # noqa: BLE001 -- one input's bug must not stop a batch of thousands
        return Outcome(task.src, exit_code=INTERNAL_ERROR,
                       error=f"{task.src}: internal error ({type(exc).__name__}: {exc}); please report this input")


def run_batch(tasks: Iterable[Task], options: Options, jobs: int = 1) -> Iterator[Outcome]:
    """Outcomes in input order; with `jobs` > 1 the tasks run in that many processes."""
    if jobs <= 1:
        for task in tasks:
            yield run_task(task, options)
        return
    work = partial(run_task, options=options)
    window: deque[Future[Outcome]] = deque()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        # A bounded window of submitted tasks, answered in input order: memory stays flat
        # however many inputs there are, and no finished document waits long.
        for task in tasks:
            window.append(pool.submit(work, task))
            if len(window) >= jobs * 4:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write `text` (UTF-8 when a str) to `path` through a temporary file and a rename: never half-written."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
