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

import json
import os
import shutil
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any

import click

from . import DedupeError, Document, normalize_bytes
from .batch import (
    OUTPUT_FORMATS,
    OUTPUT_SUFFIXES,
    Options,
    Outcome,
    Task,
    format_document,
    run_batch,
    run_task,
)
from .console.documents import Reading, outline, read_documents
from .console.exits import MainGroup, fail, need_stdout, record_inputs, write_stdout
from .console.files import StreamSink, list_inputs, plan_outputs, read_input_bytes, read_list, rendered_name
from .console.options import config_options, format_option, make_config
from .console.report import STREAM_FORMATS, Report
from .errors import AccountingError, InputError
from .explain import explain_html, explain_lines
from .ingest.decode import decode_source
from .ingest.formats import input_suffixes
from .paths import (
    check_target,
    refuse_inputs_as_outputs,
    shown,
    write_atomic,
)


@click.group(cls=MainGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
@format_option
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
@config_options
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
    cfg = make_config(**config)
    if jsonl is not None:
        if output is not None:
            raise click.UsageError("use either -o or --jsonl, not both (--jsonl FILE is --to jsonl -o FILE)")
        if target not in (None, "jsonl"):
            raise click.UsageError(f"--jsonl writes JSON Lines; it cannot be combined with --to {target}")
        target, output = "jsonl", jsonl
    listed = list(paths) + (read_list(files_from) if files_from is not None else [])
    record_inputs(*listed)
    if not listed:
        raise click.UsageError("no inputs: give files, a directory, - for stdin, or --files-from LIST")
    if files_from == "-" and "-" in listed:
        raise click.UsageError("stdin cannot be both the list of inputs (--files-from -) and an input (-)")
    inputs, skipped = list_inputs(tuple(listed))
    if verbose:
        for path in skipped:
            click.echo(f"dedupe: skipped: {shown(path)} (not {', '.join(input_suffixes())})", err=True)
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
    report = Report(target, quiet=quiet, skipped=len(skipped))
    try:
        if stream:
            if not to_stdout:
                assert output is not None
                refuse_inputs_as_outputs([output], [src for src, _ in inputs])
                check_target(Path(output))
            else:
                need_stdout()
            _normalize_stream([src for src, _ in inputs], None if to_stdout else output, options, jobs, report)
            return
        plan = list(plan_outputs(inputs, tuple(listed), None if to_stdout else output, OUTPUT_SUFFIXES[target]))
        refuse_inputs_as_outputs([dst for _, dst in plan if dst is not None], [src for src, _ in plan])
        if len(plan) == 1 and not several:
            report.add(_normalize_one(plan[0], options))
            report.finish(plan[0][1] or "-", first=plan[0])
            return
        assert output is not None  # several inputs to stdout are a stream (refused above otherwise)
        check_target(Path(output), directory=True)
    except DedupeError as exc:
        fail(str(exc), exc.exit_code)
    _normalize_batch([Task(src, dst) for src, dst in plan], output or "", options, jobs, report)


def _normalize_batch(tasks: list[Task], output: str, options: Options, jobs: int, report: Report) -> None:
    """Many inputs, one output file each: each failure one line, the rest go on."""
    report.start(len(tasks))
    outcomes = run_batch(tasks, options, jobs)
    try:
        for outcome in outcomes:
            report.add(outcome)
    except DedupeError as exc:
        report.progress.clear()
        fail(str(exc), exc.exit_code)
    finally:
        outcomes.close()  # stops the workers when the run ends early
    first = next(((t.src, t.dst) for t in tasks if t.src not in report.failures), None)
    report.finish(output, first=first)


def _normalize_stream(srcs: list[str], output: str | None, options: Options, jobs: int, report: Report) -> None:
    """Every input into one stream (JSON Lines of documents or of elements): a file written
    whole through a temporary file, or stdout as each document is made."""
    sink: StreamSink | None = None
    report.start(len(srcs))
    outcomes = run_batch([Task(src, None) for src in srcs], options, jobs) if srcs != ["-"] else iter(
        [_stdin_task(options)])
    try:
        if output is not None:
            sink = StreamSink(Path(output))  # the target checked before any work
        for outcome in outcomes:
            report.add(outcome)
            if outcome.error is None and outcome.json:
                if sink is not None:
                    sink.write(outcome.json)
                else:
                    write_stdout(outcome.json, nl=False)
                    sys.stdout.flush()  # a reader (`| head`) gets each document as it is made
        if sink is not None:
            sink.close()
    except DedupeError as exc:
        report.progress.clear()
        fail(str(exc), exc.exit_code)
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
        fail("stdin is closed; pass a file, or pipe the post in", InputError.exit_code)
    try:
        data = sys.stdin.buffer.read(options.config.max_input_bytes + 1)
        return _stdin_outcome(data, options)
    except OSError as exc:
        fail(f"stdin: cannot read ({exc.strerror or exc})", InputError.exit_code)
    except DedupeError as exc:
        fail(str(exc), exc.exit_code)
    raise AssertionError("unreachable")


def _normalize_one(job: tuple[str, str | None], options: Options) -> Outcome:
    """One input: to a file, or to stdout; errors exit with their own code."""
    src, dst = job
    if dst is None:
        need_stdout()
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
        fail(outcome.error, outcome.exit_code)
    text = outcome.json or ""
    if dst is None:
        write_stdout(text, nl=False)
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


@main.command()
@click.argument("file", type=click.Path(path_type=str))
@click.option("--encoding", default=None, help="Decode a post with this encoding instead of detecting it.")
@format_option
@config_options
def inspect(file: str, encoding: str | None, fmt: str, **config: Any) -> None:
    """Show a readable outline of a document: a normalized JSON file, a directory of them,
    JSON Lines (a file, or - for stdin), or a post (normalized on the way).

    \b
    Examples:
      dedupe inspect normalized/post.json
      dedupe inspect raw/post.txt
      dedupe normalize raw/ | dedupe inspect -
    """
    record_inputs(file)
    need_stdout()
    reading = Reading(encoding, fmt, make_config(**config))
    for n, (name, doc) in enumerate(read_documents(file, reading)):
        if n or reading.several:
            write_stdout(f"{chr(10) if n else ''}==> {name} <==")
        for line in outline(doc):
            write_stdout(line)


@main.command()
@click.argument("file", type=click.Path(path_type=str))
@click.option("--to", "target", type=click.Choice(OUTPUT_FORMATS), default="md", show_default=True,
              help="md (Markdown), text, json, jsonl (a document per line) or elements (a flat record per "
                   "heading, block and list item).")
@click.option("-o", "--output", type=click.Path(path_type=str), default=None,
              help="Write here instead of stdout: a file (every document in it), or a directory (DIR/: one "
                   "file each).")
@click.option("--encoding", default=None, help="Decode a post with this encoding instead of detecting it.")
@format_option
@config_options
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
    record_inputs(file)
    reading = Reading(encoding, fmt, make_config(**config))
    to_dir = output is not None and (output.endswith(os.sep) or os.path.isdir(output))
    sink: StreamSink | None = None
    try:
        if output is not None and output != "-":
            refuse_inputs_as_outputs([output], [file])
            check_target(Path(output), directory=to_dir)
        else:
            need_stdout()
        written: set[str] = set()
        for n, (name, doc) in enumerate(read_documents(file, reading)):
            if target == "json" and reading.several and not to_dir:
                raise click.UsageError("several documents as json need -o DIR/; use --to jsonl for one stream")
            data = format_document(doc, target).decode("utf-8")
            if n and target in ("md", "text") and not to_dir:
                data = "\n" + data  # a blank line between two documents
            if to_dir:
                assert output is not None
                dst = os.path.join(output, rendered_name(file, name, doc, n, OUTPUT_SUFFIXES[target], written))
                refuse_inputs_as_outputs([dst], [file, *([doc.source.path] if doc.source.path else [])])
                write_atomic(Path(dst), data)
            elif output is not None and output != "-":
                if sink is None:
                    sink = StreamSink(Path(output))
                sink.write(data, line=False)
            else:
                write_stdout(data, nl=False)
        if sink is not None:
            sink.close()
    except DedupeError as exc:
        fail(str(exc), exc.exit_code)
    finally:
        if sink is not None:
            sink.discard()


@main.command()
@click.argument("raw", type=click.Path(path_type=str))
@click.option("--html", "html_out", type=click.Path(path_type=str), default=None,
              help="Also write one self-contained HTML page that highlights the copies, merges and chrome.")
@click.option("--encoding", default=None, help="Decode the input with this encoding instead of detecting it.")
@format_option
@config_options
def explain(raw: str, html_out: str | None, encoding: str | None, fmt: str, **config: Any) -> None:
    """Explain a run on RAW: the copies found, their alignment, every decision.

    \b
    Examples:
      dedupe explain raw/post.txt | less -S
      dedupe explain raw/post.txt --html review.html
    """
    record_inputs(raw)
    try:
        need_stdout()
        if html_out:
            refuse_inputs_as_outputs([html_out], [raw])
            check_target(Path(html_out))
        cfg = make_config(**config)
        data = read_input_bytes(raw, cfg.max_input_bytes)
        doc = normalize_bytes(data, path=raw if raw != "-" else None, config=cfg, encoding=encoding,
                              fmt=None if fmt == "auto" else fmt)
        # The text the document's offsets count in: its encoding, lone surrogates replaced.
        text = decode_source(data, encoding=doc.source.encoding).text
        if html_out:
            write_atomic(Path(html_out), explain_html(doc, text))
        width = shutil.get_terminal_size((120, 20)).columns
        for line in explain_lines(doc, width=max(width, 100)):
            write_stdout(line)
    except DedupeError as exc:
        fail(str(exc), exc.exit_code)
    if html_out:
        click.echo(f"\nwrote {shown(html_out)}", err=True)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the normalized output.

    \b
    Example:
      dedupe schema > dedupe.schema.json
    """
    write_stdout(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2))


@main.command()
def steps() -> None:
    """List the steps a post goes through, in order: each one's name and what it does.

    \b
    Example:
      dedupe steps
    """
    from .steps import default_steps

    write_stdout(default_steps().describe())


# `dedupe corpus` lives with corpus mode (dedupe/corpus/cli.py); registered here.
from .corpus.cli import corpus as _corpus_command  # noqa: E402

main.add_command(_corpus_command)


if __name__ == "__main__":  # pragma: no cover
    main()
