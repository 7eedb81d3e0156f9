"""Many inputs at once: one outcome per input, in input order, over worker processes.

Results stream: each document is written (or handed back as one JSON line) as soon as it
is made and then dropped, so memory stays flat however many files a run has.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import signal
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import FrameType

from .config import Config
from .errors import AccountingError, DedupeError, OutputError, TimeLimitError
from .models import Document
from .paths import remove_temporaries, shown, write_atomic
from .pipeline import normalize_file
from .render import render

#: Exit code for a bug in dedupe itself (BSD's EX_SOFTWARE).
INTERNAL_ERROR = 70
#: Write errors that no later output of the run can escape (the disk, not the file name):
#: a batch stops at the first one instead of failing every file after it.
FATAL_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EACCES, errno.EPERM})


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
    json: str | None = None  # the output (`Options.to`'s format), when the task had no destination
    empty: bool = False  # the source held no text
    fatal: bool = False  # a write error every later output would meet too (FATAL_WRITE_ERRORS)


@dataclass(frozen=True, slots=True)
class Options:
    """How every task of a batch is run."""

    config: Config
    encoding: str | None = None
    fmt: str | None = None
    strict: bool = False
    compact: bool = False  # one-line JSON (for JSON Lines); implied by to="jsonl"
    timeout: float | None = None  # seconds one input may take (None: no limit)
    to: str = "json"  # the output format: one of OUTPUT_FORMATS


#: What a document can be written as: its JSON (indented), one JSON line, Markdown, plain text,
#: or JSON Lines of its flat elements (`Document.elements()`).
OUTPUT_FORMATS = ("json", "jsonl", "md", "text", "elements")
#: The file suffix of each format, for outputs written one file per input.
OUTPUT_SUFFIXES = {"json": ".json", "jsonl": ".jsonl", "md": ".md", "text": ".txt", "elements": ".jsonl"}


def format_document(doc: Document, to: str, *, compact: bool = False) -> bytes:
    """`doc` as bytes of the output format `to` (see `OUTPUT_FORMATS`)."""
    if to == "json":
        return doc.to_json_bytes(indent=None if compact else 2)
    if to == "jsonl":
        return doc.to_json_bytes(indent=None)
    if to in ("md", "text"):
        return render(doc, to).encode("utf-8")
    if to == "elements":
        return b"".join(element.__pydantic_serializer__.to_json(element) + b"\n" for element in doc.elements())
    raise ValueError(f"unknown output format {to!r}: use one of {', '.join(OUTPUT_FORMATS)}")


def run_task(task: Task, options: Options) -> Outcome:
    """Normalize one input; errors become an `Outcome` with the message, never an exception."""
    name = shown(task.src)
    try:
        with _time_limit(options.timeout), collector_paused():
            doc = normalize_file(task.src, config=options.config, encoding=options.encoding, fmt=options.fmt)
        r = doc.report
        if options.strict and r.coverage < 1.0:
            raise AccountingError(
                f"{name}: only {r.coverage:.4%} of the source is accounted for "
                f"({r.accounting.get('unaccounted', 0)} characters went nowhere); please report this input"
            )
        data = format_document(doc, options.to, compact=options.compact)
        text = None
        if task.dst is not None:
            write_atomic(Path(task.dst), data)
        else:
            text = data.decode("utf-8")
        return Outcome(task.src, size=doc.source.size, blocks_in=r.blocks_in, blocks_out=r.blocks_out,
                       merges=len(r.merges), copies=r.copies_detected, json=text, empty=r.empty)
    except _Expired:
        return Outcome(task.src, error=f"{name}: took longer than {options.timeout:g} s (--timeout); skipped",
                       exit_code=TimeLimitError.exit_code)
    except OutputError as exc:
        return Outcome(task.src, error=str(exc), exit_code=exc.exit_code, fatal=exc.errno in FATAL_WRITE_ERRORS)
    except DedupeError as exc:
        return Outcome(task.src, error=str(exc), exit_code=exc.exit_code)
    except RecursionError:
        return Outcome(task.src, error=f"{name}: nested too deeply to process", exit_code=INTERNAL_ERROR)
    except Exception as exc:  # noqa: BLE001 -- one input's bug must not stop a batch of thousands
        return Outcome(task.src, exit_code=INTERNAL_ERROR,
                       error=f"{name}: internal error ({type(exc).__name__}: {exc}); please report this input")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while one input is normalized.

    The batch runner's business, not the library's: a library call leaves its caller's
    process as it was. The steps allocate hundreds of thousands of small tuples, lists and
    models that all stay alive until the document is built, and each allocation burst makes
    the collector scan them again: a quarter of the time on a post of 16,000 blocks. Nothing
    there forms reference cycles, so reference counting frees everything; the collector is
    switched back on afterwards (if it was on), also on an error.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            # Hand what this input allocated straight to the oldest generation: otherwise
            # the first young collection after `enable` scans all of it at once (a tenth
            # of the time on a long post). Only when nobody else has frozen objects, as
            # `unfreeze` would release theirs too.
            gc.freeze()
            gc.unfreeze()
        gc.enable()


class _Expired(BaseException):
    """The time limit of one input ran out. A BaseException, so that no `except Exception`
    on the way can take it for an ordinary error and carry on."""


def _expire(signum: int, frame: FrameType | None) -> None:
    # An exception raised in a handler is lost when the signal lands in a finalizer: fire
    # again shortly, until it lands where it stops the work (`_time_limit` disarms it).
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    raise _Expired


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `_Expired` in the block after `seconds` (SIGALRM: the main thread of a process,
    which is where a batch's inputs run, each worker process being single-threaded). The
    limit is checked between Python steps, so one long call into C code can overrun it."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _on_worker_signal(signum: int, frame: FrameType | None) -> None:
    """SIGINT or SIGTERM in a worker: its temporary file removed, the worker ends at once (the
    main process, signalled too or seeing its workers gone, reports the interruption)."""
    remove_temporaries()
    os._exit(128 + signum)


def _worker_init() -> None:
    signal.signal(signal.SIGINT, _on_worker_signal)
    signal.signal(signal.SIGTERM, _on_worker_signal)


def run_batch(tasks: Iterable[Task], options: Options, jobs: int = 1) -> Generator[Outcome, None, None]:
    """Outcomes in input order; with `jobs` > 1 the tasks run in that many processes."""
    if jobs <= 1:
        for task in tasks:
            yield run_task(task, options)
        return
    work = partial(run_task, options=options)
    window: deque[Future[Outcome]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init)
    try:
        # A bounded window of submitted tasks, answered in input order: memory stays flat
        # however many inputs there are, and no finished document waits long.
        for task in tasks:
            window.append(pool.submit(work, task))
            if len(window) >= jobs * 4:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:
        # Stopped early (a fatal write error, a signal): what was not started never starts.
        pool.shutdown(wait=True, cancel_futures=True)


__all__ = ["INTERNAL_ERROR", "OUTPUT_FORMATS", "OUTPUT_SUFFIXES", "Options", "Outcome", "Task", "collector_paused",
           "format_document", "run_batch", "run_task", "write_atomic"]
