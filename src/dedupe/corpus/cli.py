"""`dedupe corpus`: the command over `dedupe.corpus` (registered in `dedupe.cli`)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from ..config import Config
from ..errors import DedupeError
from ..paths import check_target, shown
from .config import CorpusConfig
from .run import corpus as run_corpus
from .writing import plan_outputs, write_corpus


class _Progress:
    """One self-rewriting line on a terminal (stderr); nothing at all in a pipe."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.last = 0.0
        self.started = time.monotonic()

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        rate = done / max(now - self.started, 1e-9)
        sys.stderr.write(f"\r\033[K{phase}: {done}/{total}  {rate:.1f}/s")
        sys.stderr.flush()
        self.started = now if done >= total else self.started

    def clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


@click.command("corpus")
@click.argument("source", type=click.Path(path_type=str))
@click.option("-o", "--output", type=click.Path(path_type=str), default=None,
              help="Output folder: one JSON per document (mirroring the input), corpus.json, clusters/.")
@click.option("--jsonl", type=click.Path(path_type=str), default=None,
              help="Write the documents as lines of this JSON Lines file instead (corpus.json beside it).")
@click.option("--merge-clusters", is_flag=True, help="Also write one merged document per cluster (clusters/<id>.json).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: processes on this machine (--jobs); ray: Ray Data (pip install 'dedupe-posts[ray]').")
@click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True,
              help="Worker processes (local), or CPUs of the local Ray the command starts.")
@click.option("--ray-address", default=None, metavar="ADDRESS",
              help="A running Ray cluster (ray://host:10001, or 'auto') instead of a local Ray.")
@click.option("--similarity", type=click.FloatRange(0, 1), default=None,
              help=f"Documents with at least this word-level similarity are near-duplicates "
                   f"[default: {CorpusConfig().similarity}].")
@click.option("--chrome-min-docs", type=click.IntRange(1), default=None,
              help=f"A line is site chrome from this many of a site's documents [default: "
                   f"{CorpusConfig().chrome_min_docs}] ...")
@click.option("--chrome-min-share", type=click.FloatRange(0, 1), default=None,
              help=f"... and this share of them [default: {CorpusConfig().chrome_min_share}].")
@click.option("-q", "--quiet", is_flag=True, help="No progress line and no summary.")
def corpus(source: str, output: str | None, jsonl: str | None, merge_clusters: bool, engine: str, jobs: int,
           ray_address: str | None, quiet: bool, **thresholds: Any) -> None:
    """Normalize a whole corpus: near-duplicate documents clustered, each site's chrome learned.

    SOURCE is a folder (each subfolder one site), a glob, or a JSON Lines file of
    {"id", "url", "text" | "html"} records (the site is the URL's host).

    \b
    Examples:
      dedupe corpus crawl/ -o out/
      dedupe corpus 'crawl/*/*.html' -o out/ --jobs 2 --merge-clusters
      dedupe corpus pages.jsonl --jsonl docs.jsonl
      dedupe corpus crawl/ -o out/ --engine ray --ray-address ray://head:10001
    """
    if (output is None) == (jsonl is None):
        raise click.UsageError("give one of -o OUT (a folder) or --jsonl FILE")
    out = Path(output) if output is not None else Path(jsonl or ".").parent
    progress = _Progress(sys.stderr is not None and sys.stderr.isatty() and not quiet)
    try:
        plan_outputs(source, Path(output) if output else None, Path(jsonl) if jsonl else None)
        check_target(out, directory=True)
        result = run_corpus(source, config=Config(), corpus_config=CorpusConfig().with_overrides(**thresholds),
                            engine=engine, jobs=jobs, ray_address=ray_address, work_dir=out, progress=progress)
        with result:
            write_corpus(result, out, merge_clusters=merge_clusters, jsonl=Path(jsonl) if jsonl else None,
                         progress=progress)
    except DedupeError as exc:
        progress.clear()
        click.echo(f"dedupe: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    progress.clear()
    for f in result.failures:
        click.echo(f"dedupe: error: {f.error}", err=True)
    if not quiet:
        click.echo(f"dedupe: {result.summary()} -> {shown(str(out))}", err=True)
    if result.failures:
        click.echo(f"dedupe: {len(result.failures)} of {len(result.docs) + len(result.failures)} documents failed "
                   "(listed in corpus.json)", err=True)
        sys.exit(1)


__all__ = ["corpus"]
