"""What a run of `dedupe normalize` tells on stderr: progress, warnings, the summary line."""

from __future__ import annotations

import os
import shlex
import sys
import time

import click

from ..batch import (
    Outcome,
)
from ..errors import OutputError
from ..ingest.formats import input_suffixes
from ..paths import (
    shown,
)
from .exits import plural, warn

#: Formats that put every document of a run into one stream (a file or stdout).
STREAM_FORMATS = ("jsonl", "elements")


#: What each output format is called in the summary line.
FORMAT_NAMES = {"json": "JSON", "jsonl": "JSON Lines", "md": "Markdown", "text": "text",
                "elements": "element JSON Lines"}


class Report:
    """What a run of `normalize` tells on stderr: warnings and failures as they come, the
    progress line on a terminal, and at the end one summary line with where the output went
    and the command to try next (none of it under -q, except failures)."""

    def __init__(self, target: str, *, quiet: bool, skipped: int) -> None:
        self.target = target
        self.quiet = quiet
        self.totals = Totals(skipped=skipped)
        self.failures = set[str]()
        self.progress = Progress(0, enabled=False)

    def start(self, total: int) -> None:
        self.progress = Progress(total, enabled=sys.stderr is not None and sys.stderr.isatty() and not self.quiet)

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
            warn(f"{name}: empty input (no text); its document is empty (report.empty)")
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
            return f"; next: dedupe explain {quote_path(src)}" if src != "-" else ""
        if self.target in ("json", "jsonl") and dst is not None:
            return f"; next: dedupe inspect {quote_path(dst)}"
        return f"; next: dedupe explain {quote_path(src)}" if src != "-" else ""


def quote_path(path: str) -> str:
    return shlex.quote(shown(path))


class Totals:
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
        skipped = (f", {self.skipped} skipped (not {', '.join(input_suffixes())}; -v lists them)"
                   if self.skipped else "")
        return (f"dedupe: {plural(self.files, 'file')} ({self.failed} failed){skipped} in {took:.1f}s, "
                f"{self.rate():.1f} docs/s, {self.bytes / 1e6 / max(took, 1e-9):.2f} MB/s; blocks in "
                f"{self.blocks_in}, out {self.blocks_out}; {plural(self.merges, 'merge')}")


class Progress:
    """One self-rewriting line on a terminal; nothing at all in a pipe."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled
        self.last = 0.0

    def update(self, t: Totals) -> None:
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
