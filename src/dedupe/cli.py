"""The `dedupe` command: a thin layer over the library.

Exit codes: 0 success; 1 some inputs of a batch failed (the rest were written);
2 usage error; 3 an input cannot be read; 4 an input cannot be decoded;
5 an output cannot be written; 6 with --strict, a source character was not accounted for.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from . import Config, DedupeError, Document, normalize_bytes
from .batch import Options, Outcome, Task, run_batch, run_task, write_atomic
from .errors import AccountingError, InputError, OutputError
from .explain import explain_html, explain_lines
from .ingest.decode import decode_bytes
from .models import Section
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--strict", is_flag=True,
              help="Fail (exit 6) when report.coverage < 1.0: some source text went nowhere.")
@_config_options
def normalize(paths: tuple[str, ...], output: str | None, encoding: str | None, fmt: str, strict: bool,
              jobs: int, jsonl: str | None, quiet: bool, **config: Any) -> None:
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
    cfg = _config(**config)
    if jsonl is not None and output is not None:
        raise click.UsageError("use either -o or --jsonl, not both")
    inputs = _inputs(paths)
    options = Options(cfg, encoding, None if fmt == "auto" else fmt, strict, compact=jsonl is not None)
    if jsonl is not None:  # one file for all: output names do not matter
        tasks = [Task(src, None) for src, _ in inputs]
    else:
        plan = list(_plan(inputs, paths, output))
        if len(plan) == 1:
            _normalize_one(plan[0], options)
            return
        tasks = [Task(src, dst) for src, dst in plan]
    if any(t.src == "-" for t in tasks):
        raise click.UsageError("- (stdin) cannot be part of a batch")
    sink = _JsonlSink(Path(jsonl)) if jsonl is not None else None
    progress = _Progress(len(tasks), enabled=sys.stderr.isatty() and not quiet)
    totals = _Totals()
    try:
        for outcome in run_batch(tasks, options, jobs):
            totals.add(outcome)
            if outcome.error is not None:
                progress.clear()
                click.echo(f"dedupe: error: {outcome.error}", err=True)
            elif sink is not None and outcome.json is not None:
                sink.write(outcome.json)
            progress.update(totals)
        if sink is not None:
            sink.close()
    except DedupeError as exc:
        progress.clear()
        click.echo(f"dedupe: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    finally:
        if sink is not None:
            sink.discard()
    progress.clear()
    if not quiet:
        click.echo(totals.summary(), err=True)
    if totals.failed:
        for src in totals.failures:
            click.echo(f"dedupe: failed: {src}", err=True)
        click.echo(f"dedupe: {totals.failed} of {totals.files} inputs failed", err=True)
        sys.exit(1)


def _normalize_one(job: tuple[str, str | None], options: Options) -> None:
    """One input: to a file, or to stdout; errors exit with their own code."""
    src, dst = job
    try:
        if src == "-":
            cfg = options.config
            doc = normalize_bytes(sys.stdin.buffer.read(cfg.max_input_bytes + 1), path=None, config=cfg,
                                  encoding=options.encoding, fmt=options.fmt)
            if options.strict and doc.report.coverage < 1.0:
                raise AccountingError(f"stdin: only {doc.report.coverage:.4%} of the source is accounted for")
            text = doc.to_json()
        else:
            outcome = run_task(Task(src, dst), options)
            if outcome.error is not None:
                click.echo(f"dedupe: error: {outcome.error}", err=True)
                sys.exit(outcome.exit_code)
            text = outcome.json or ""
        if dst is None:
            click.echo(text, nl=False)
        elif src == "-":
            write_atomic(Path(dst), text)
    except DedupeError as exc:
        click.echo(f"dedupe: error: {exc}", err=True)
        sys.exit(exc.exit_code)


class _Totals:
    """Running counts of a batch, for the progress line and the summary."""

    def __init__(self) -> None:
        self.files = self.failed = self.blocks_in = self.blocks_out = self.merges = self.bytes = 0
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
        return (f"dedupe: {self.files} files ({self.failed} failed) in {took:.1f}s, {self.rate():.1f} docs/s, "
                f"{self.bytes / 1e6 / max(took, 1e-9):.2f} MB/s; blocks in {self.blocks_in}, "
                f"out {self.blocks_out}; {self.merges} merges")


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
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self.done = False

    def write(self, json_text: str) -> None:
        try:
            self.fh.write(json_text.rstrip("\n") + "\n")
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write ({exc.strerror or exc})") from None

    def close(self) -> None:
        try:
            self.fh.close()
            os.replace(self.tmp, self.path)
            self.done = True
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write ({exc.strerror or exc})") from None

    def discard(self) -> None:
        """Remove the temporary file unless it was renamed into place."""
        if not self.done:
            self.fh.close()
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)


def _inputs(paths: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every input file (directories searched) with its output name relative to an output dir."""
    inputs: list[tuple[str, str]] = []
    for p in paths:
        if p != "-" and os.path.isdir(p):
            root = Path(p)
            found = sorted(f for f in root.rglob("*") if f.suffix.lower() in INPUT_SUFFIXES and not f.is_dir())
            inputs.extend((str(f), str(f.relative_to(root).with_suffix(".json"))) for f in found)
        else:
            inputs.append((p, Path(p).with_suffix(".json").name if p != "-" else "stdin.json"))
    if not inputs:
        raise click.UsageError("no input files found (looked for " + ", ".join(INPUT_SUFFIXES) + ")")
    return inputs


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
    for line in outline(_load_document(file)):
        click.echo(line)


def _load_document(file: str) -> Document:
    """Read a normalized JSON document, or exit with a one-line error."""
    try:
        raw = Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        click.echo(f"dedupe: error: {file}: cannot read ({exc.strerror or exc})", err=True)
        sys.exit(InputError.exit_code)
    except UnicodeDecodeError:
        click.echo(f"dedupe: error: {file}: not UTF-8 JSON", err=True)
        sys.exit(InputError.exit_code)
    try:
        return Document.model_validate_json(raw)
    except ValueError as exc:
        first = str(exc).splitlines()[0]
        click.echo(f"dedupe: error: {file}: not a normalized document ({first})", err=True)
        sys.exit(InputError.exit_code)


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
    text = render_document(_load_document(file), target)
    if output:
        try:
            write_atomic(Path(output), text)
        except DedupeError as exc:
            click.echo(f"dedupe: error: {exc}", err=True)
            sys.exit(exc.exit_code)
    else:
        click.echo(text, nl=False)


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
    try:
        cfg = _config(**config)
        data = _read_input_bytes(raw, cfg.max_input_bytes)
        doc = normalize_bytes(data, path=raw if raw != "-" else None, config=cfg, encoding=encoding)
        text = decode_bytes(data, encoding=doc.source.encoding)[0]
        if html_out:
            write_atomic(Path(html_out), explain_html(doc, text))
    except DedupeError as exc:
        click.echo(f"dedupe: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    width = shutil.get_terminal_size((120, 20)).columns
    for line in explain_lines(doc, width=max(width, 100)):
        click.echo(line)
    if html_out:
        click.echo(f"\nwrote {html_out}", err=True)


def _read_input_bytes(path: str, limit: int) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read(limit + 1)
    return read_source(path, limit)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the normalized output.

    \b
    Example:
      dedupe schema > dedupe.schema.json
    """
    click.echo(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
