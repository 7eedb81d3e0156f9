"""Files the CLI reads and writes: input lists, the inputs of folders, output plans, streams."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from .. import DedupeError, Document
from ..errors import InputError, OutputError
from ..ingest.formats import input_suffixes
from ..paths import (
    file_mode,
    forget_temporary,
    make_folder,
    new_temporary,
    shown,
)
from ..pipeline import read_source
from .exits import fail


def read_list(name: str) -> list[str]:
    """The input paths of a `--files-from` list: one per line, blank lines and `#` comments skipped."""
    try:
        if name == "-":
            if sys.stdin is None:
                raise InputError("stdin is closed; pass --files-from FILE, or pipe the list in")
            raw = sys.stdin.buffer.read()
        else:
            raw = read_source(name, 64 * 1024 * 1024)
    except DedupeError as exc:
        fail(str(exc).replace("no such file", "no such file (the --files-from list)"), exc.exit_code)
    except OSError as exc:
        fail(f"stdin: cannot read ({exc.strerror or exc})", InputError.exit_code)
    text = raw.decode("utf-8", "surrogateescape")  # file names are bytes: keep them as the system does
    paths = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            paths.append(line)
    return paths


class StreamSink:
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


def list_inputs(paths: tuple[str, ...]) -> tuple[list[tuple[str, str]], list[str]]:
    """Every input file (directories searched) with its output name relative to an output dir,
    and the files of those directories that are not inputs (skipped: `.pdf`, `.jpg` ...)."""
    inputs: list[tuple[str, str]] = []
    skipped: list[str] = []
    suffixes = input_suffixes()
    for p in paths:
        if p != "-" and os.path.isdir(p):
            root = Path(p)
            for f in sorted(root.rglob("*")):
                if f.suffix.lower() in suffixes and not f.is_dir():
                    inputs.append((str(f), str(f.relative_to(root).with_suffix(".json"))))
                elif not f.is_dir():
                    skipped.append(str(f))
        else:
            inputs.append((p, Path(p).with_suffix(".json").name if p != "-" else "stdin.json"))
    if not inputs:
        raise click.UsageError("no input files found (looked for " + ", ".join(input_suffixes()) + ")")
    return inputs, skipped


def plan_outputs(inputs: list[tuple[str, str]], paths: tuple[str, ...],
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


def rendered_name(root: str, name: str, doc: Document, n: int, suffix: str, written: set[str]) -> str:
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


def read_input_bytes(path: str, limit: int) -> bytes:
    if path == "-":
        if sys.stdin is None:
            raise InputError("stdin is closed; pass a file, or pipe the post in")
        return sys.stdin.buffer.read(limit + 1)
    return read_source(path, limit)
