"""Options several commands share: `--format` (a choice of the registered formats) and the thresholds."""

from __future__ import annotations

from typing import Any

import click

from .. import Config
from ..ingest import format_names

CONFIG_OPTIONS = [
    click.option("--match-threshold", type=click.FloatRange(0, 100), default=None,
                 help="Minimum similarity (0-100) for two sentences (or citation titles) to be the same [90]."),
    click.option("--min-run-units", type=click.IntRange(1), default=None,
                 help="Matching sentences in a row needed to call a stretch a repeated copy [3]."),
    click.option("--min-unit-chars", type=click.IntRange(1), default=None,
                 help="Sentences shorter than this never decide a match on their own [8]."),
    click.option("--max-bytes", "max_input_bytes", type=click.IntRange(1), default=None,
                 help="Refuse inputs larger than this many bytes [16 MiB]."),
]


def format_option(f: Any) -> Any:
    """`--format`: how to read a post, for every command that reads one."""
    return click.option(
        "--format", "fmt", type=FormatChoice(), default="auto", show_default=True,
        help="Input format. auto: the extension decides (.txt, .md, .html); stdin and other names are sniffed.")(f)


class FormatChoice(click.Choice[str]):
    """``auto`` or a registered format, read from the registry when the option is parsed (a
    format registered after this module was imported is a choice too)."""

    def __init__(self) -> None:
        super().__init__(["auto"])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        self.choices = ("auto", *format_names())
        return super().convert(value, param, ctx)

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        self.choices = ("auto", *format_names())
        return super().get_metavar(param, ctx)


def config_options(f: Any) -> Any:
    for option in reversed(CONFIG_OPTIONS):
        f = option(f)
    return f


def make_config(match_threshold: float | None, min_run_units: int | None, min_unit_chars: int | None,
            max_input_bytes: int | None) -> Config:
    try:
        return Config().with_overrides(
            match_threshold=match_threshold, min_run_units=min_run_units, min_unit_chars=min_unit_chars,
            max_input_bytes=max_input_bytes,
        )
    except ValueError as exc:  # a value out of its range: a usage error (exit 2), one line
        raise click.UsageError(str(exc)) from None
