"""The public API: a source in, a `Document` out, through the steps of `dedupe.steps`.

`normalize_text`, `normalize_bytes` and `normalize_file` build the input `State` and run
the step list (`steps.default_steps()`, or the one passed as ``steps=``); `analyze` runs
the steps up to the merged elements, for tests and benchmarks.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Container
from pathlib import Path

from .config import Config
from .errors import InputError
from .ingest.decode import Decoded
from .match import find_matches
from .models import Document
from .paths import shown
from .steps import SITE_CHROME_KINDS, Matcher, State, Steps, default_steps, need, set_aside_site_chrome


def normalize_text(text: str, *, source: str | None = None, config: Config | None = None,
                   fmt: str | None = None, site_chrome: Container[str] | None = None,
                   steps: Steps | None = None) -> Document:
    """Normalize one decoded post into a Document. `source` is the path recorded in the output.

    `fmt` is ``text``, ``markdown`` or ``html``; by default the extension of `source` decides,
    and without one the content is sniffed (plain text unless it is clearly HTML or Markdown).
    A leading BOM is not part of the text: offsets count from the character after it. Lone
    surrogates (no text holds them) become U+FFFD, counted in `source.replaced`.
    `site_chrome` holds comparison keys of lines a corpus learned as its site's chrome
    (`dedupe.corpus`): blocks with those keys go to `boilerplate` with kind ``site``.
    `steps` is the step list to run (default: `dedupe.steps.default_steps()`; see there how
    to skip or add a step).
    """
    state = State(given_text=text, path=source, config=config or Config(), fmt=fmt, site_chrome=site_chrome)
    return _run(state, steps)


def normalize_file(path: str | Path, *, config: Config | None = None, encoding: str | None = None,
                   fmt: str | None = None, steps: Steps | None = None) -> Document:
    """Read, decode and normalize one file. Raises `InputError` / `DecodeError` on bad input.

    The extension decides the format (`.txt`, `.md`, `.html`) unless `fmt` is given;
    `steps` as in `normalize_text`.
    """
    config = config or Config()
    data = read_source(path, config.max_input_bytes)
    return normalize_bytes(data, path=str(path), config=config, encoding=encoding, fmt=fmt, steps=steps)


#: An input that names a web address: dedupe reads files, and says how to fetch one.
URL_RE = re.compile(r"(?i)(https?|ftp)://")


def read_source(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or an `InputError` that says why not.

    Never blocks on a FIFO and never follows a broken symlink into a traceback.
    """
    p = Path(path)
    name = shown(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        if URL_RE.match(os.fspath(path)):
            raise InputError(f"{name}: a URL, not a file; dedupe reads saved pages: fetch it and pipe it in "
                             f"(curl -s URL | dedupe normalize - --format html)") from None
        why = "broken symbolic link" if p.is_symlink() else "no such file"
        raise InputError(f"{name}: {why}") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{name}: is a directory, expected a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{name}: not a regular file (a FIFO, socket or device); save it to a file first")
    if st.st_size > limit:
        raise InputError(f"{name}: {st.st_size} bytes is over the {limit}-byte limit (raise it with --max-bytes)")
    try:
        with p.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise InputError(f"{name}: over the {limit}-byte limit (raise it with --max-bytes)")
    return data


def normalize_bytes(
    data: bytes, *, path: str | None = None, config: Config | None = None, encoding: str | None = None,
    fmt: str | None = None, site_chrome: Container[str] | None = None, steps: Steps | None = None,
) -> Document:
    """Decode and normalize raw bytes (what a crawler saved).

    The encoding is detected unless `encoding` is given (an HTML page's `<meta charset>` is
    honoured); the format comes from `fmt`, the extension of `path`, or the content;
    `steps` as in `normalize_text`.
    """
    state = State(data=data, path=path, config=config or Config(), encoding=encoding, fmt=fmt,
                  site_chrome=site_chrome)
    return _run(state, steps)


def _run(state: State, steps: Steps | None) -> Document:
    return need((steps or default_steps()).run(state).document, "assemble")


def analyze(text: str, config: Config, fmt: str = "text", *, matcher: Matcher = find_matches,
            site_chrome: Container[str] | None = None) -> State:
    """Run the steps from ``ingest`` to ``repeats`` on a decoded `text`: the merged elements, no output models.

    `matcher` finds the matching unit pairs; tests swap in `exhaustive_matches`. A post
    that needs more matching work than its budget (`match.Budget`) is matched again on
    exact keys only, and `fallback` says which budget ran out. Blocks whose comparison key
    is in `site_chrome` are set aside as chrome of kind ``site`` before anything is matched.
    """
    state = State(config=config, fmt=fmt, site_chrome=site_chrome, decoded=Decoded(text, "utf-8"))
    return default_steps(matcher).run(state, start="ingest", stop="repeats")


__all__ = ["SITE_CHROME_KINDS", "analyze", "normalize_bytes", "normalize_file", "normalize_text", "read_source",
           "set_aside_site_chrome"]
