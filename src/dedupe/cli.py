"""The `dedupe` command: a thin layer over the library.

Exit codes: 0 success (also when a reader of stdout closed it early, as `head` does);
1 some inputs of a batch failed (the rest were written); 2 usage error, or an output that is
an input; 3 an input cannot be read (a URL among them: fetch it first); 4 an input cannot be
decoded; 5 an output cannot be written; 6 with --strict, a source character was not accounted
for; 7 an input took longer than --timeout; 70 an internal error; 130 / 143 interrupted by
SIGINT / SIGTERM.
Every error is one line on stderr, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import shutil
import signal
import sys
import threading
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import click

from . import Config, DedupeError, Document, normalize_bytes
from .batch import (
    INTERNAL_ERROR,
    OUTPUT_FORMATS,
    OUTPUT_SUFFIXES,
    Options,
    Outcome,
    Task,
    format_document,
    run_batch,
    run_task,
)
from .errors import AccountingError, InputError, OutputError
from .explain import explain_html, explain_lines
from .ingest.decode import decode_source
from .models import Section
from .paths import (
    check_target,
    file_mode,
    forget_temporary,
    make_folder,
    new_temporary,
    refuse_inputs_as_outputs,
    remove_temporaries,
    shown,
    write_atomic,
)
from .pipeline import read_source

INPUT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")

_CONFIG_OPTIONS = [
    click.option("--match-threshold", type=click.FloatRange(0, 100), default=None,
                 help="Minimum similarity (0-100) for two sentences to be the same text [90]."),
    click.option("--min-run-units", type=click.IntRange(1), default=None,
                 help="Matching sentences in a row needed to call a stretch a repeated copy [3]."),
    click.option("--min-unit-chars", type=click.IntRange(1), default=None,
                 help="Sentences shorter than this never decide a match on their own [8]."),
    click.option("--max-bytes", "max_input_bytes", type=click.IntRange(1), default=None,
                 help="Refuse inputs larger than this many bytes [16 MiB]."),
]


def _format_option(f: Any) -> Any:
    """`--format`: how to read a post, for every command that reads one."""
    return click.option(
        "--format", "fmt", type=click.Choice(["auto", "text", "markdown", "html"]), default="auto",
        show_default=True,
        help="Input format. auto: the extension decides (.txt, .md, .html); stdin and other names are sniffed.")(f)


def _config_options(f: Any) -> Any:
    for option in reversed(_CONFIG_OPTIONS):
        f = option(f)
    return f


def _config(match_threshold: float | None, min_run_units: int | None, min_unit_chars: int | None,
            max_input_bytes: int | None) -> Config:
    try:
        return Config().with_overrides(
            match_threshold=match_threshold, min_run_units=min_run_units, min_unit_chars=min_unit_chars,
            max_input_bytes=max_input_bytes,
        )
    except ValueError as exc:  # a value out of its range: a usage error (exit 2), one line
        raise click.UsageError(str(exc)) from None


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """SIGINT or SIGTERM: remove the temporary files, say so on one line, exit 130 or 143.

    Not by raising an exception to unwind: one raised while a finalizer runs is swallowed
    ("Exception ignored in ..."), and the run would go on."""
    remove_temporaries()
    with contextlib.suppress(OSError, ValueError):
        os.write(2, b"dedupe: interrupted\n" if signum == signal.SIGINT else b"dedupe: terminated\n")
    os._exit(128 + signum)


class _Main(click.Group):
    """The command group, with the promise kept at its edge: one line on stderr and a
    documented exit code for everything, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        installed = threading.current_thread() is threading.main_thread()
        previous: dict[int, Any] = {}
        if installed:
            for sig in (signal.SIGINT, signal.SIGTERM):
                if signal.getsignal(sig) is not signal.SIG_IGN:  # a background job's SIGINT stays ignored
                    previous[sig] = signal.signal(sig, _on_signal)
        try:
            result = super().invoke(ctx)
            if sys.stdout is not None:
                sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
            return result
        except BrokenPipeError:  # the reader has all it wanted (`dedupe inspect x | head -1`)
            _silence_stdout()
            raise click.exceptions.Exit(0) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except OutputError as exc:  # stdout that cannot be written (ENOSPC, EIO)
            _silence_stdout()
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:  # SIGINT before the handler was installed, or raised by a caller
            _fail("interrupted", 130)
        except OSError as exc:
            _silence_stdout()
            _fail(f"stdout: cannot write ({exc.strerror or exc})", OutputError.exit_code)
        except Exception as exc:  # noqa: BLE001 -- a bug: one line that says what to report
            inputs = [shown(str(p)) for p in ctx.meta.get("inputs", ())]
            where = f" on {', '.join(inputs[:3])}{' ...' if len(inputs) > 3 else ''}" if inputs else ""
            _fail(f"internal error{where} ({type(exc).__name__}: {exc}); please report this input", INTERNAL_ERROR)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


def _record_inputs(*paths: str) -> None:
    """Note what the command reads, for the line an internal error prints (the meta dict is
    shared by every context of the run)."""
    click.get_current_context().meta["inputs"] = paths


def _fail(message: str, code: int) -> None:
    """One line on stderr (when there is one), then exit with `code`."""
    with contextlib.suppress(OSError, ValueError):
        click.echo(f"dedupe: {'' if message in ('interrupted', 'terminated') else 'error: '}{message}", err=True)
    raise click.exceptions.Exit(code)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so what is still buffered cannot fail again at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _out(text: str, *, nl: bool = True) -> None:
    """Write to stdout; a closed or failing stdout is an `OutputError` (exit 5), a closed pipe
    a quiet end (exit 0)."""
    if sys.stdout is None:
        raise OutputError("stdout is closed; pass -o FILE or open it")
    try:
        click.echo(text, nl=nl)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"stdout: cannot write ({exc.strerror or exc})", errno=exc.errno) from None


def _need_stdout() -> None:
    """Refuse before any work when the output would go to a closed stdout."""
    if sys.stdout is None:
        raise OutputError("stdout is closed; pass -o FILE or open it")


def _warn(message: str) -> None:
    click.echo(f"dedupe: warning: {message}", err=True)


def _plural(n: int, word: str, many: str | None = None) -> str:
    """`1 copy`, `2 copies`.

    >>> _plural(1, "copy", "copies"), _plural(2, "copy", "copies"), _plural(0, "file")
    ('1 copy', '2 copies', '0 files')
    """
    return f"{n} {word if n == 1 else (many or word + 's')}"


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dedupe-posts", prog_name="dedupe")
def main() -> None:
    """Turn raw scraped posts into one clean, canonical JSON document each.

    \b
    Example:
      dedupe normalize raw/ -o normalized/
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-o", "--output", type=click.Path(path_type=str), default=None,
              help="Output file (one input, or a stream format), directory (a directory or several inputs), "
                   "or - for stdout. Default: stdout.")
@click.option("--to", "target", type=click.Choice(OUTPUT_FORMATS), default=None,
              help="Output format: json (one document), jsonl (one document per line), md or text (rendered), "
                   "elements (JSON Lines, one flat record per heading, block and list item). Default: json for "
                   "one input, jsonl for a directory or several inputs without -o DIR.")
@click.option("--encoding", default=None, help="Decode inputs with this encoding instead of detecting it.")
@_format_option
@click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True,
              help="Worker processes for a batch.")
@click.option("--jsonl", type=click.Path(path_type=str), default=None,
              help="Shorthand for --to jsonl -o FILE: every document as one line of this file (- for stdout).")
@click.option("--files-from", "files_from", type=click.Path(path_type=str), default=None, metavar="LIST",
              help="Also read input paths from LIST, one per line (- for stdin; blank lines and # comments "
                   "are ignored).")
@click.option("-q", "--quiet", is_flag=True, help="No progress line, no summary and no warnings.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the files of a directory that were skipped.")
@click.option("--strict", is_flag=True,
              help="Fail (exit 6) when report.coverage < 1.0: some source text went nowhere.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=None, metavar="SECONDS",
              help="Give up on an input that takes longer than this (exit 7; in a batch it is reported "
                   "and the rest go on).")
@_config_options
def normalize(paths: tuple[str, ...], output: str | None, target: str | None, encoding: str | None, fmt: str,
              strict: bool, jobs: int, jsonl: str | None, files_from: str | None, quiet: bool, verbose: bool,
              timeout: float | None, **config: Any) -> None:
    """Normalize posts: a file to a file, a directory to a directory, - for stdin.

    A directory or several inputs without -o stream JSON Lines to stdout.

    \b
    Examples:
      dedupe normalize post.txt -o post.json
      dedupe normalize raw/ -o normalized/
      dedupe normalize raw/ | head -c 200
      dedupe normalize crawl/ --jsonl corpus.jsonl --jobs 2
      dedupe normalize --files-from list.txt --to elements -o elements.jsonl
      dedupe normalize post.txt --to md -o post.md
      cat post.txt | dedupe normalize - > post.json
      curl -s URL | dedupe normalize - --format html > post.json
    """
    cfg = _config(**config)
    if jsonl is not None:
        if output is not None:
            raise click.UsageError("use either -o or --jsonl, not both (--jsonl FILE is --to jsonl -o FILE)")
        if target not in (None, "jsonl"):
            raise click.UsageError(f"--jsonl writes JSON Lines; it cannot be combined with --to {target}")
        target, output = "jsonl", jsonl
    listed = list(paths) + (_read_list(files_from) if files_from is not None else [])
    _record_inputs(*listed)
    if not listed:
        raise click.UsageError("no inputs: give files, a directory, - for stdin, or --files-from LIST")
    if files_from == "-" and "-" in listed:
        raise click.UsageError("stdin cannot be both the list of inputs (--files-from -) and an input (-)")
    inputs, skipped = _inputs(tuple(listed))
    if verbose:
        for path in skipped:
            click.echo(f"dedupe: skipped: {shown(path)} (not {', '.join(INPUT_SUFFIXES)})", err=True)
    several = len(inputs) > 1 or any(p != "-" and os.path.isdir(p) for p in listed)
    to_stdout = output is None or output == "-"
    if target is None:
        target = "jsonl" if several and to_stdout else "json"
    stream = target in STREAM_FORMATS
    if several and not stream and to_stdout:
        raise click.UsageError(f"several inputs as {target} need -o DIR (one file each); to stream them to "
                               "stdout, use --to jsonl (the default) or --to elements")
    if stream and not to_stdout and output is not None and (output.endswith(os.sep) or os.path.isdir(output)):
        raise click.UsageError(f"--to {target} writes one stream: give -o FILE (or - for stdout), not a directory")
    options = Options(cfg, encoding, None if fmt == "auto" else fmt, strict, timeout=timeout, to=target)
    if "-" in [src for src, _ in inputs] and len(inputs) > 1:
        raise click.UsageError("- (stdin) cannot be part of a batch")
    report = _Report(target, quiet=quiet, skipped=len(skipped))
    try:
        if stream:
            if not to_stdout:
                assert output is not None
                refuse_inputs_as_outputs([output], [src for src, _ in inputs])
                check_target(Path(output))
            else:
                _need_stdout()
            _normalize_stream([src for src, _ in inputs], None if to_stdout else output, options, jobs, report)
            return
        plan = list(_plan(inputs, tuple(listed), None if to_stdout else output, OUTPUT_SUFFIXES[target]))
        refuse_inputs_as_outputs([dst for _, dst in plan if dst is not None], [src for src, _ in plan])
        if len(plan) == 1 and not several:
            report.add(_normalize_one(plan[0], options))
            report.finish(plan[0][1] or "-", first=plan[0])
            return
        assert output is not None  # several inputs to stdout are a stream (refused above otherwise)
        check_target(Path(output), directory=True)
    except DedupeError as exc:
        _fail(str(exc), exc.exit_code)
    _normalize_batch([Task(src, dst) for src, dst in plan], output or "", options, jobs, report)


#: Formats that put every document of a run into one stream (a file or stdout).
STREAM_FORMATS = ("jsonl", "elements")


def _read_list(name: str) -> list[str]:
    """The input paths of a `--files-from` list: one per line, blank lines and `#` comments skipped."""
    try:
        if name == "-":
            if sys.stdin is None:
                raise InputError("stdin is closed; pass --files-from FILE, or pipe the list in")
            raw = sys.stdin.buffer.read()
        else:
            raw = read_source(name, 64 * 1024 * 1024)
    except DedupeError as exc:
        _fail(str(exc).replace("no such file", "no such file (the --files-from list)"), exc.exit_code)
    except OSError as exc:
        _fail(f"stdin: cannot read ({exc.strerror or exc})", InputError.exit_code)
    text = raw.decode("utf-8", "surrogateescape")  # file names are bytes: keep them as the system does
    paths = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            paths.append(line)
    return paths


def _normalize_batch(tasks: list[Task], output: str, options: Options, jobs: int, report: _Report) -> None:
    """Many inputs, one output file each: each failure one line, the rest go on."""
    report.start(len(tasks))
    outcomes = run_batch(tasks, options, jobs)
    try:
        for outcome in outcomes:
            report.add(outcome)
    except DedupeError as exc:
        report.progress.clear()
        _fail(str(exc), exc.exit_code)
    finally:
        outcomes.close()  # stops the workers when the run ends early
    first = next(((t.src, t.dst) for t in tasks if t.src not in report.failures), None)
    report.finish(output, first=first)


def _normalize_stream(srcs: list[str], output: str | None, options: Options, jobs: int, report: _Report) -> None:
    """Every input into one stream (JSON Lines of documents or of elements): a file written
    whole through a temporary file, or stdout as each document is made."""
    sink: _StreamSink | None = None
    report.start(len(srcs))
    outcomes = run_batch([Task(src, None) for src in srcs], options, jobs) if srcs != ["-"] else iter(
        [_stdin_task(options)])
    try:
        if output is not None:
            sink = _StreamSink(Path(output))  # the target checked before any work
        for outcome in outcomes:
            report.add(outcome)
            if outcome.error is None and outcome.json:
                if sink is not None:
                    sink.write(outcome.json)
                else:
                    _out(outcome.json, nl=False)
                    sys.stdout.flush()  # a reader (`| head`) gets each document as it is made
        if sink is not None:
            sink.close()
    except DedupeError as exc:
        report.progress.clear()
        _fail(str(exc), exc.exit_code)
    finally:
        if isinstance(outcomes, Generator):
            outcomes.close()  # stops the workers when the run ends early (a closed pipe, a full disk)
        if sink is not None:
            sink.discard()
    first = next(((s, output) for s in srcs if s not in report.failures), None)
    report.finish(output or "-", first=first)


def _stdin_task(options: Options) -> Outcome:
    """The outcome of stdin as the one input of a stream; a read or decode error exits at once."""
    if sys.stdin is None:
        _fail("stdin is closed; pass a file, or pipe the post in", InputError.exit_code)
    try:
        data = sys.stdin.buffer.read(options.config.max_input_bytes + 1)
        return _stdin_outcome(data, options)
    except OSError as exc:
        _fail(f"stdin: cannot read ({exc.strerror or exc})", InputError.exit_code)
    except DedupeError as exc:
        _fail(str(exc), exc.exit_code)
    raise AssertionError("unreachable")


def _normalize_one(job: tuple[str, str | None], options: Options) -> Outcome:
    """One input: to a file, or to stdout; errors exit with their own code."""
    src, dst = job
    if dst is None:
        _need_stdout()
    else:
        check_target(Path(dst))
    if src == "-":
        if sys.stdin is None:
            raise InputError("stdin is closed; pass a file, or pipe the post in")
        cfg = options.config
        try:
            data = sys.stdin.buffer.read(cfg.max_input_bytes + 1)
        except OSError as exc:
            raise InputError(f"stdin: cannot read ({exc.strerror or exc})") from None
        outcome = _stdin_outcome(data, options)
    else:
        outcome = run_task(Task(src, dst), options)
    if outcome.error is not None:
        _fail(outcome.error, outcome.exit_code)
    text = outcome.json or ""
    if dst is None:
        _out(text, nl=False)
        sys.stdout.flush()  # a closed pipe shows here, before the summary (and ends quietly)
    elif src == "-":
        write_atomic(Path(dst), text)
    return outcome


def _stdin_outcome(data: bytes, options: Options) -> Outcome:
    cfg = options.config
    doc = normalize_bytes(data, path=None, config=cfg, encoding=options.encoding, fmt=options.fmt)
    if options.strict and doc.report.coverage < 1.0:
        raise AccountingError(f"stdin: only {doc.report.coverage:.4%} of the source is accounted for")
    r = doc.report
    return Outcome("-", json=format_document(doc, options.to).decode("utf-8"), empty=r.empty, size=doc.source.size,
                   blocks_in=r.blocks_in, blocks_out=r.blocks_out, merges=len(r.merges), copies=r.copies_detected)


#: What each output format is called in the summary line.
FORMAT_NAMES = {"json": "JSON", "jsonl": "JSON Lines", "md": "Markdown", "text": "text",
                "elements": "element JSON Lines"}


class _Report:
    """What a run of `normalize` tells on stderr: warnings and failures as they come, the
    progress line on a terminal, and at the end one summary line with where the output went
    and the command to try next (none of it under -q, except failures)."""

    def __init__(self, target: str, *, quiet: bool, skipped: int) -> None:
        self.target = target
        self.quiet = quiet
        self.totals = _Totals(skipped=skipped)
        self.failures = set[str]()
        self.progress = _Progress(0, enabled=False)

    def start(self, total: int) -> None:
        self.progress = _Progress(total, enabled=sys.stderr is not None and sys.stderr.isatty() and not self.quiet)

    def add(self, outcome: Outcome) -> None:
        self.totals.add(outcome)
        if outcome.error is not None:
            self.failures.add(outcome.src)
            self.progress.clear()
            if outcome.fatal:  # a full or read-only disk: every later file would fail the same way
                raise OutputError(outcome.error)
            click.echo(f"dedupe: error: {outcome.error}", err=True)
        elif outcome.empty and not self.quiet:
            self.progress.clear()
            name = shown(outcome.src) if outcome.src != "-" else "stdin"
            _warn(f"{name}: empty input (no text); its document is empty (report.empty)")
        self.progress.update(self.totals)

    def finish(self, where: str, *, first: tuple[str, str | None] | None) -> None:
        """The summary line, then the failures (and exit 1 when there were any)."""
        self.progress.clear()
        t = self.totals
        if not self.quiet:
            click.echo(f"{t.summary()}; {self._went(where)}{self._next(where, first)}", err=True)
        if t.failed:
            for src in t.failures:
                click.echo(f"dedupe: failed: {shown(src)}", err=True)
            click.echo(f"dedupe: {t.failed} of {t.files} inputs failed", err=True)
            sys.exit(1)

    def _went(self, where: str) -> str:
        kind = FORMAT_NAMES[self.target]
        if where == "-":
            return f"{kind} on stdout"
        if self.target in STREAM_FORMATS or self.totals.files == 1 and not os.path.isdir(where):
            return f"{kind} in {shown(where)}"
        return f"{kind} files in {shown(where.rstrip(os.sep) + os.sep)}"

    def _next(self, where: str, first: tuple[str, str | None] | None) -> str:
        if first is None:
            return ""
        src, dst = first
        if where == "-":
            if self.target in ("json", "jsonl"):
                return "; next: pipe it into `dedupe inspect -` or `dedupe render - --to md`"
            return f"; next: dedupe explain {_quote(src)}" if src != "-" else ""
        if self.target in ("json", "jsonl") and dst is not None:
            return f"; next: dedupe inspect {_quote(dst)}"
        return f"; next: dedupe explain {_quote(src)}" if src != "-" else ""


def _quote(path: str) -> str:
    return shlex.quote(shown(path))


class _Totals:
    """Running counts of a batch, for the progress line and the summary."""

    def __init__(self, *, skipped: int = 0) -> None:
        self.files = self.failed = self.blocks_in = self.blocks_out = self.merges = self.bytes = 0
        self.skipped = skipped
        self.failures: list[str] = []
        self.started = time.monotonic()

    def add(self, o: Outcome) -> None:
        self.files += 1
        if o.error is not None:
            self.failed += 1
            self.failures.append(o.src)
            return
        self.blocks_in += o.blocks_in
        self.blocks_out += o.blocks_out
        self.merges += o.merges
        self.bytes += o.size

    def rate(self) -> float:
        return self.files / max(time.monotonic() - self.started, 1e-9)

    def summary(self) -> str:
        took = time.monotonic() - self.started
        skipped = (f", {self.skipped} skipped (not {', '.join(INPUT_SUFFIXES)}; -v lists them)"
                   if self.skipped else "")
        return (f"dedupe: {_plural(self.files, 'file')} ({self.failed} failed){skipped} in {took:.1f}s, "
                f"{self.rate():.1f} docs/s, {self.bytes / 1e6 / max(took, 1e-9):.2f} MB/s; blocks in "
                f"{self.blocks_in}, out {self.blocks_out}; {_plural(self.merges, 'merge')}")


class _Progress:
    """One self-rewriting line on a terminal; nothing at all in a pipe."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled
        self.last = 0.0

    def update(self, t: _Totals) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and t.files < self.total):
            return
        self.last = now
        width = 24
        done = int(width * t.files / max(self.total, 1))
        bar = "#" * done + "-" * (width - done)
        sys.stderr.write(f"\r[{bar}] {t.files}/{self.total} files  {t.rate():.1f} docs/s  {t.failed} errors ")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


class _StreamSink:
    """A stream (JSON Lines, or rendered documents one after another) into a temporary file
    beside the target, renamed into place when complete."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            make_folder(path.parent)
            fd, self.tmp = new_temporary(path.parent, path.name)
            os.fchmod(fd, file_mode())
        except OSError as exc:
            raise OutputError(f"{shown(path)}: cannot write ({exc.strerror or exc})", errno=exc.errno) from None
        self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self.done = False

    def write(self, json_text: str, *, line: bool = True) -> None:
        """Add `json_text` as one line (`line=False`: as it is)."""
        try:
            self.fh.write(json_text.rstrip("\n") + "\n" if line else json_text)
        except OSError as exc:
            raise OutputError(f"{shown(self.path)}: cannot write ({exc.strerror or exc})", errno=exc.errno) from None

    def close(self) -> None:
        try:
            self.fh.close()
            os.replace(self.tmp, self.path)
            forget_temporary(self.tmp)
            self.done = True
        except OSError as exc:
            raise OutputError(f"{shown(self.path)}: cannot write ({exc.strerror or exc})", errno=exc.errno) from None

    def discard(self) -> None:
        """Remove the temporary file unless it was renamed into place."""
        if not self.done:
            with contextlib.suppress(OSError):
                self.fh.close()
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
            forget_temporary(self.tmp)


def _inputs(paths: tuple[str, ...]) -> tuple[list[tuple[str, str]], list[str]]:
    """Every input file (directories searched) with its output name relative to an output dir,
    and the files of those directories that are not inputs (skipped: `.pdf`, `.jpg` ...)."""
    inputs: list[tuple[str, str]] = []
    skipped: list[str] = []
    for p in paths:
        if p != "-" and os.path.isdir(p):
            root = Path(p)
            for f in sorted(root.rglob("*")):
                if f.suffix.lower() in INPUT_SUFFIXES and not f.is_dir():
                    inputs.append((str(f), str(f.relative_to(root).with_suffix(".json"))))
                elif not f.is_dir():
                    skipped.append(str(f))
        else:
            inputs.append((p, Path(p).with_suffix(".json").name if p != "-" else "stdin.json"))
    if not inputs:
        raise click.UsageError("no input files found (looked for " + ", ".join(INPUT_SUFFIXES) + ")")
    return inputs, skipped


def _plan(inputs: list[tuple[str, str]], paths: tuple[str, ...],
          output: str | None, suffix: str = ".json") -> Iterator[tuple[str, str | None]]:
    """Pair each input with where its output goes (named with `suffix` in an output directory);
    refuse plans that would overwrite."""
    to_dir = output is not None and (len(inputs) > 1 or any(os.path.isdir(p) for p in paths) or output.endswith(os.sep))
    if output is None:
        if len(inputs) > 1:
            raise click.UsageError("several inputs need -o DIR")
        yield inputs[0][0], None
        return
    if not to_dir:
        yield inputs[0][0], output
        return
    inputs = [(src, str(Path(name).with_suffix(suffix))) for src, name in inputs]
    seen: dict[str, str] = {}
    for src, name in inputs:
        if name in seen:
            raise click.UsageError(f"{seen[name]} and {src} would both write {name}; rename one or run them apart")
        seen[name] = src
    for src, name in inputs:
        yield src, os.path.join(output, name)


@main.command()
@click.argument("file", type=click.Path(path_type=str))
@click.option("--encoding", default=None, help="Decode a post with this encoding instead of detecting it.")
@_format_option
@_config_options
def inspect(file: str, encoding: str | None, fmt: str, **config: Any) -> None:
    """Show a readable outline of a document: a normalized JSON file, a directory of them,
    JSON Lines (a file, or - for stdin), or a post (normalized on the way).

    \b
    Examples:
      dedupe inspect normalized/post.json
      dedupe inspect raw/post.txt
      dedupe normalize raw/ | dedupe inspect -
    """
    _record_inputs(file)
    _need_stdout()
    reading = _Reading(encoding, fmt, _config(**config))
    for n, (name, doc) in enumerate(_read_documents(file, reading)):
        if n or reading.several:
            _out(f"{chr(10) if n else ''}==> {name} <==")
        for line in outline(doc):
            _out(line)


class _Reading:
    """How a command that takes documents reads a post it is given instead (normalizing it)."""

    def __init__(self, encoding: str | None, fmt: str, config: Config) -> None:
        self.encoding = encoding
        self.fmt = None if fmt == "auto" else fmt
        self.config = config
        self.several = False  # set once the input turns out to hold more than one document


#: Suffixes of files that hold normalized documents (one JSON, or JSON Lines).
DOCUMENT_SUFFIXES = (".json", ".jsonl")


def _read_documents(path: str, reading: _Reading) -> Iterator[tuple[str, Document]]:
    """(name, document) for each document in `path`: a normalized JSON file, JSON Lines of
    them, a directory of such files, `-` (stdin holding either), or a post (any other file,
    or stdin with --format, normalized here). Errors exit with one line."""
    try:
        if path != "-" and os.path.isdir(path):
            files = sorted(f for f in Path(path).rglob("*") if f.suffix.lower() in DOCUMENT_SUFFIXES and f.is_file())
            if not files:
                _fail(f"{shown(path)}: no {' or '.join(DOCUMENT_SUFFIXES)} documents in this directory",
                      InputError.exit_code)
            reading.several = True
            for f in files:
                yield from _read_documents(str(f), reading)
            return
        if path == "-":
            if sys.stdin is None:
                raise InputError("stdin is closed; pass a file, or pipe the document in")
            data = sys.stdin.buffer.read(reading.config.max_input_bytes + 1)
        else:
            data = read_source(path, reading.config.max_input_bytes)
        name = shown(path) if path != "-" else "stdin"
        suffix = Path(path).suffix.lower() if path != "-" else ""
        if reading.fmt is not None or suffix in INPUT_SUFFIXES or (
                suffix not in DOCUMENT_SUFFIXES and not data.lstrip()[:1] == b"{"):
            yield name, normalize_bytes(data, path=path if path != "-" else None, config=reading.config,
                                        encoding=reading.encoding, fmt=reading.fmt)
            return
    except DedupeError as exc:
        _fail(str(exc), exc.exit_code)
    yield from _parse_documents(name, data, reading)


def _parse_documents(name: str, data: bytes, reading: _Reading) -> Iterator[tuple[str, Document]]:
    """The documents of one JSON document or of JSON Lines (fields this version does not know
    are ignored: the contract lets fields be added)."""
    try:
        yield name, Document.model_validate_json(data, extra="ignore")
        return
    except ValueError as exc:
        whole = exc
    lines = [(n, line) for n, line in enumerate(data.splitlines(), start=1) if line.strip()]
    if len(lines) < 2:
        _fail(f"{name}: not a normalized document ({_first_line(whole)})", InputError.exit_code)
    reading.several = True
    for n, line in lines:
        try:
            doc = Document.model_validate_json(line, extra="ignore")
        except ValueError as exc:
            _fail(f"{name}, line {n}: not a normalized document ({_first_line(exc)})", InputError.exit_code)
        yield f"{name}, line {n}" if doc.source.path is None else shown(doc.source.path), doc


def _first_line(exc: Exception) -> str:
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


@main.command()
@click.argument("file", type=click.Path(path_type=str))
@click.option("--to", "target", type=click.Choice(OUTPUT_FORMATS), default="md", show_default=True,
              help="md (Markdown), text, json, jsonl (a document per line) or elements (a flat record per "
                   "heading, block and list item).")
@click.option("-o", "--output", type=click.Path(path_type=str), default=None,
              help="Write here instead of stdout: a file (every document in it), or a directory (DIR/: one "
                   "file each).")
@click.option("--encoding", default=None, help="Decode a post with this encoding instead of detecting it.")
@_format_option
@_config_options
def render(file: str, target: str, output: str | None, encoding: str | None, fmt: str, **config: Any) -> None:
    """Render documents as Markdown, text, JSON, JSON Lines or elements: a normalized JSON
    file, a directory of them, JSON Lines (a file, or - for stdin), or a post.

    \b
    Examples:
      dedupe render normalized/post.json --to md -o post.md
      dedupe render normalized/ --to text -o texts/
      dedupe normalize raw/ | dedupe render - --to md
      dedupe render corpus.jsonl --to elements -o elements.jsonl
    """
    _record_inputs(file)
    reading = _Reading(encoding, fmt, _config(**config))
    to_dir = output is not None and (output.endswith(os.sep) or os.path.isdir(output))
    sink: _StreamSink | None = None
    try:
        if output is not None and output != "-":
            refuse_inputs_as_outputs([output], [file])
            check_target(Path(output), directory=to_dir)
        else:
            _need_stdout()
        written: set[str] = set()
        for n, (name, doc) in enumerate(_read_documents(file, reading)):
            if target == "json" and reading.several and not to_dir:
                raise click.UsageError("several documents as json need -o DIR/; use --to jsonl for one stream")
            data = format_document(doc, target).decode("utf-8")
            if n and target in ("md", "text") and not to_dir:
                data = "\n" + data  # a blank line between two documents
            if to_dir:
                assert output is not None
                dst = os.path.join(output, _rendered_name(file, name, doc, n, OUTPUT_SUFFIXES[target], written))
                refuse_inputs_as_outputs([dst], [file, *([doc.source.path] if doc.source.path else [])])
                write_atomic(Path(dst), data)
            elif output is not None and output != "-":
                if sink is None:
                    sink = _StreamSink(Path(output))
                sink.write(data, line=False)
            else:
                _out(data, nl=False)
        if sink is not None:
            sink.close()
    except DedupeError as exc:
        _fail(str(exc), exc.exit_code)
    finally:
        if sink is not None:
            sink.discard()


def _rendered_name(root: str, name: str, doc: Document, n: int, suffix: str, written: set[str]) -> str:
    """The file name of the `n`-th document in an output directory: the JSON file's path under
    the input directory, else its source's name; never one already written in this run."""
    if root != "-" and os.path.isdir(root) and os.path.isfile(name) and Path(name).suffix.lower() == ".json":
        base = str(Path(name).relative_to(root).with_suffix(suffix))
    elif doc.source.path:
        base = Path(doc.source.path).with_suffix(suffix).name
    else:
        base = f"document-{n + 1}{suffix}"
    candidate, k = base, 1
    while candidate in written:
        k += 1
        candidate = str(Path(base).with_name(f"{Path(base).stem}-{k}{suffix}"))
    written.add(candidate)
    return candidate


@main.command()
@click.argument("raw", type=click.Path(path_type=str))
@click.option("--html", "html_out", type=click.Path(path_type=str), default=None,
              help="Also write one self-contained HTML page that highlights the copies, merges and chrome.")
@click.option("--encoding", default=None, help="Decode the input with this encoding instead of detecting it.")
@_format_option
@_config_options
def explain(raw: str, html_out: str | None, encoding: str | None, fmt: str, **config: Any) -> None:
    """Explain a run on RAW: the copies found, their alignment, every decision.

    \b
    Examples:
      dedupe explain raw/post.txt | less -S
      dedupe explain raw/post.txt --html review.html
    """
    _record_inputs(raw)
    try:
        _need_stdout()
        if html_out:
            refuse_inputs_as_outputs([html_out], [raw])
            check_target(Path(html_out))
        cfg = _config(**config)
        data = _read_input_bytes(raw, cfg.max_input_bytes)
        doc = normalize_bytes(data, path=raw if raw != "-" else None, config=cfg, encoding=encoding,
                              fmt=None if fmt == "auto" else fmt)
        # The text the document's offsets count in: its encoding, lone surrogates replaced.
        text = decode_source(data, encoding=doc.source.encoding).text
        if html_out:
            write_atomic(Path(html_out), explain_html(doc, text))
        width = shutil.get_terminal_size((120, 20)).columns
        for line in explain_lines(doc, width=max(width, 100)):
            _out(line)
    except DedupeError as exc:
        _fail(str(exc), exc.exit_code)
    if html_out:
        click.echo(f"\nwrote {shown(html_out)}", err=True)


def _read_input_bytes(path: str, limit: int) -> bytes:
    if path == "-":
        if sys.stdin is None:
            raise InputError("stdin is closed; pass a file, or pipe the post in")
        return sys.stdin.buffer.read(limit + 1)
    return read_source(path, limit)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the normalized output.

    \b
    Example:
      dedupe schema > dedupe.schema.json
    """
    _out(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2))


@main.command()
def steps() -> None:
    """List the steps a post goes through, in order: each one's name and what it does.

    \b
    Example:
      dedupe steps
    """
    from .steps import default_steps

    _out(default_steps().describe())


# `dedupe corpus` lives with corpus mode (dedupe/corpus/cli.py); registered here.
from .corpus.cli import corpus as _corpus_command  # noqa: E402

main.add_command(_corpus_command)


if __name__ == "__main__":  # pragma: no cover
    main()
