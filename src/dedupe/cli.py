"""The `dedupe` command: a thin layer over the library.

Exit codes: 0 success (also when a reader of stdout closed it early, as `head` does);
1 some inputs of a batch failed (the rest were written); 2 usage error, or an output that is
an input; 3 an input cannot be read; 4 an input cannot be decoded; 5 an output cannot be
written; 6 with --strict, a source character was not accounted for; 7 an input took longer
than --timeout; 70 an internal error; 130 / 143 interrupted by SIGINT / SIGTERM.
Every error is one line on stderr, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import click

from . import Config, DedupeError, Document, normalize_bytes
from .batch import INTERNAL_ERROR, Options, Outcome, Task, run_batch, run_task
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
from .render import render as render_document

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


def _config_options(f: Any) -> Any:
    for option in reversed(_CONFIG_OPTIONS):
        f = option(f)
    return f


def _config(match_threshold: float | None, min_run_units: int | None, min_unit_chars: int | None,
            max_input_bytes: int | None) -> Config:
    return Config().with_overrides(
        match_threshold=match_threshold, min_run_units=min_run_units, min_unit_chars=min_unit_chars,
        max_input_bytes=max_input_bytes,
    )


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
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", type=click.Path(path_type=str), default=None,
              help="Output file (one input) or directory (a directory or several inputs). Default: stdout.")
@click.option("--encoding", default=None, help="Decode inputs with this encoding instead of detecting it.")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "markdown", "html"]), default="auto",
              show_default=True,
              help="Input format. auto: the extension decides (.txt, .md, .html); stdin and other names are sniffed.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True,
              help="Worker processes for a batch.")
@click.option("--jsonl", type=click.Path(path_type=str), default=None,
              help="Write every document as one line of this JSON Lines file instead of one file each.")
@click.option("-q", "--quiet", is_flag=True, help="No progress line and no summary.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the files of a directory that were skipped.")
@click.option("--strict", is_flag=True,
              help="Fail (exit 6) when report.coverage < 1.0: some source text went nowhere.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=None, metavar="SECONDS",
              help="Give up on an input that takes longer than this (exit 7; in a batch it is reported "
                   "and the rest go on).")
@_config_options
def normalize(paths: tuple[str, ...], output: str | None, encoding: str | None, fmt: str, strict: bool,
              jobs: int, jsonl: str | None, quiet: bool, verbose: bool, timeout: float | None,
              **config: Any) -> None:
    """Normalize posts to JSON: a file to a file, a directory to a directory, - for stdin.

    \b
    Examples:
      dedupe normalize post.txt -o post.json
      dedupe normalize raw/ -o normalized/
      dedupe normalize crawl/ --jsonl corpus.jsonl --jobs 2
      cat post.txt | dedupe normalize - > post.json
      dedupe normalize saved-page.html --encoding shift_jis -o post.json
      curl -s URL | dedupe normalize --format html - > post.json
    """
    _record_inputs(*paths)
    cfg = _config(**config)
    if jsonl is not None and output is not None:
        raise click.UsageError("use either -o or --jsonl, not both")
    inputs, skipped = _inputs(paths)
    if verbose:
        for path in skipped:
            click.echo(f"dedupe: skipped: {shown(path)} (not {', '.join(INPUT_SUFFIXES)})", err=True)
    options = Options(cfg, encoding, None if fmt == "auto" else fmt, strict, compact=jsonl is not None,
                      timeout=timeout)
    try:
        if jsonl is not None:  # one file for all: output names do not matter
            tasks = [Task(src, None) for src, _ in inputs]
            refuse_inputs_as_outputs([jsonl], [t.src for t in tasks])
        else:
            plan = list(_plan(inputs, paths, output))
            refuse_inputs_as_outputs([dst for _, dst in plan if dst is not None], [src for src, _ in plan])
            if len(plan) == 1:
                _normalize_one(plan[0], options, quiet=quiet)
                return
            tasks = [Task(src, dst) for src, dst in plan]
            if output is not None:
                check_target(Path(output), directory=True)
    except DedupeError as exc:
        _fail(str(exc), exc.exit_code)
    if any(t.src == "-" for t in tasks):
        raise click.UsageError("- (stdin) cannot be part of a batch")
    progress = _Progress(len(tasks), enabled=sys.stderr is not None and sys.stderr.isatty() and not quiet)
    totals = _Totals(skipped=len(skipped))
    sink: _JsonlSink | None = None
    outcomes = run_batch(tasks, options, jobs)
    try:
        if jsonl is not None:
            sink = _JsonlSink(Path(jsonl))  # the target checked before any work
        for outcome in outcomes:
            totals.add(outcome)
            if outcome.error is not None:
                progress.clear()
                if outcome.fatal:  # a full or read-only disk: every later file would fail the same way
                    raise OutputError(outcome.error)
                click.echo(f"dedupe: error: {outcome.error}", err=True)
            else:
                if outcome.empty and not quiet:
                    progress.clear()
                    _warn(f"{shown(outcome.src)}: empty input (no text); its document is empty (report.empty)")
                if sink is not None and outcome.json is not None:
                    sink.write(outcome.json)
            progress.update(totals)
        if sink is not None:
            sink.close()
    except DedupeError as exc:
        progress.clear()
        _fail(str(exc), exc.exit_code)
    finally:
        outcomes.close()  # stops the workers when the run ends early
        if sink is not None:
            sink.discard()
    progress.clear()
    if not quiet:
        click.echo(totals.summary(), err=True)
    if totals.failed:
        for src in totals.failures:
            click.echo(f"dedupe: failed: {shown(src)}", err=True)
        click.echo(f"dedupe: {totals.failed} of {totals.files} inputs failed", err=True)
        sys.exit(1)


def _normalize_one(job: tuple[str, str | None], options: Options, *, quiet: bool = False) -> None:
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
    if outcome.empty and not quiet:
        _warn(f"{shown(src) if src != '-' else 'stdin'}: empty input (no text); its document is empty (report.empty)")
    text = outcome.json or ""
    if dst is None:
        _out(text, nl=False)
    elif src == "-":
        write_atomic(Path(dst), text)


def _stdin_outcome(data: bytes, options: Options) -> Outcome:
    cfg = options.config
    doc = normalize_bytes(data, path=None, config=cfg, encoding=options.encoding, fmt=options.fmt)
    if options.strict and doc.report.coverage < 1.0:
        raise AccountingError(f"stdin: only {doc.report.coverage:.4%} of the source is accounted for")
    return Outcome("-", json=doc.to_json(), empty=doc.report.empty)


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


class _JsonlSink:
    """JSON Lines into a temporary file beside the target, renamed into place when complete."""

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

    def write(self, json_text: str) -> None:
        try:
            self.fh.write(json_text.rstrip("\n") + "\n")
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
          output: str | None) -> Iterator[tuple[str, str | None]]:
    """Pair each input with where its JSON goes; refuse plans that would overwrite."""
    to_dir = output is not None and (len(inputs) > 1 or any(os.path.isdir(p) for p in paths) or output.endswith(os.sep))
    if output is None:
        if len(inputs) > 1:
            raise click.UsageError("several inputs need -o DIR")
        yield inputs[0][0], None
        return
    if not to_dir:
        yield inputs[0][0], output
        return
    seen: dict[str, str] = {}
    for src, name in inputs:
        if name in seen:
            raise click.UsageError(f"{seen[name]} and {src} would both write {name}; rename one or run them apart")
        seen[name] = src
    for src, name in inputs:
        yield src, os.path.join(output, name)


@main.command()
@click.argument("file", type=click.Path(path_type=str))
def inspect(file: str) -> None:
    """Show a readable outline of a normalized JSON document.

    \b
    Example:
      dedupe inspect normalized/post.json
    """
    _record_inputs(file)
    _need_stdout()
    for line in outline(_load_document(file)):
        _out(line)


def _load_document(file: str) -> Document:
    """Read a normalized JSON document, or exit with a one-line error."""
    try:
        raw = Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        _fail(f"{shown(file)}: cannot read ({exc.strerror or exc})", InputError.exit_code)
    except UnicodeDecodeError:
        _fail(f"{shown(file)}: not UTF-8 JSON", InputError.exit_code)
    try:
        return Document.model_validate_json(raw)
    except ValueError as exc:
        first = str(exc).splitlines()[0]
        _fail(f"{shown(file)}: not a normalized document ({first})", InputError.exit_code)
    raise AssertionError("unreachable")


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
@click.option("--to", "target", type=click.Choice(["md", "text"]), default="md", show_default=True,
              help="Markdown or plain text.")
@click.option("-o", "--output", type=click.Path(path_type=str), default=None, help="Write here instead of stdout.")
def render(file: str, target: str, output: str | None) -> None:
    """Render a normalized JSON document back as Markdown or text.

    \b
    Example:
      dedupe render normalized/post.json --to md -o post.md
    """
    _record_inputs(file)
    try:
        if output:
            refuse_inputs_as_outputs([output], [file])
            check_target(Path(output))
        else:
            _need_stdout()
        text = render_document(_load_document(file), target)
        if output:
            write_atomic(Path(output), text)
        else:
            _out(text, nl=False)
    except DedupeError as exc:
        _fail(str(exc), exc.exit_code)


@main.command()
@click.argument("raw", type=click.Path(path_type=str))
@click.option("--html", "html_out", type=click.Path(path_type=str), default=None,
              help="Also write one self-contained HTML page that highlights the copies, merges and chrome.")
@click.option("--encoding", default=None, help="Decode the input with this encoding instead of detecting it.")
@_config_options
def explain(raw: str, html_out: str | None, encoding: str | None, **config: Any) -> None:
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
        doc = normalize_bytes(data, path=raw if raw != "-" else None, config=cfg, encoding=encoding)
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


# `dedupe corpus` lives with corpus mode (dedupe/corpus/cli.py); registered here.
from .corpus.cli import corpus as _corpus_command  # noqa: E402

main.add_command(_corpus_command)


if __name__ == "__main__":  # pragma: no cover
    main()
