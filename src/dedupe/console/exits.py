"""The edge of the `dedupe` command: exit codes, one-line errors, signals, writing to stdout."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from types import FrameType
from typing import Any

import click

from ..batch import (
    INTERNAL_ERROR,
)
from ..errors import OutputError
from ..paths import (
    remove_temporaries,
    shown,
)


def on_signal(signum: int, frame: FrameType | None) -> None:
    """SIGINT or SIGTERM: remove the temporary files, say so on one line, exit 130 or 143.

    Not by raising an exception to unwind: one raised while a finalizer runs is swallowed
    ("Exception ignored in ..."), and the run would go on."""
    remove_temporaries()
    with contextlib.suppress(OSError, ValueError):
        os.write(2, b"dedupe: interrupted\n" if signum == signal.SIGINT else b"dedupe: terminated\n")
    os._exit(128 + signum)


class MainGroup(click.Group):
    """The command group, with the promise kept at its edge: one line on stderr and a
    documented exit code for everything, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        installed = threading.current_thread() is threading.main_thread()
        previous: dict[int, Any] = {}
        if installed:
            for sig in (signal.SIGINT, signal.SIGTERM):
                if signal.getsignal(sig) is not signal.SIG_IGN:  # a background job's SIGINT stays ignored
                    previous[sig] = signal.signal(sig, on_signal)
        try:
            result = super().invoke(ctx)
            if sys.stdout is not None:
                sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
            return result
        except BrokenPipeError:  # the reader has all it wanted (`dedupe inspect x | head -1`)
            silence_stdout()
            raise click.exceptions.Exit(0) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except OutputError as exc:  # stdout that cannot be written (ENOSPC, EIO)
            silence_stdout()
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:  # SIGINT before the handler was installed, or raised by a caller
            fail("interrupted", 130)
        except OSError as exc:
            silence_stdout()
            fail(f"stdout: cannot write ({exc.strerror or exc})", OutputError.exit_code)
        except Exception as exc:  # noqa: BLE001 -- a bug: one line that says what to report
            inputs = [shown(str(p)) for p in ctx.meta.get("inputs", ())]
            where = f" on {', '.join(inputs[:3])}{' ...' if len(inputs) > 3 else ''}" if inputs else ""
            fail(f"internal error{where} ({type(exc).__name__}: {exc}); please report this input", INTERNAL_ERROR)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


def record_inputs(*paths: str) -> None:
    """Note what the command reads, for the line an internal error prints (the meta dict is
    shared by every context of the run)."""
    click.get_current_context().meta["inputs"] = paths


def fail(message: str, code: int) -> None:
    """One line on stderr (when there is one), then exit with `code`."""
    with contextlib.suppress(OSError, ValueError):
        click.echo(f"dedupe: {'' if message in ('interrupted', 'terminated') else 'error: '}{message}", err=True)
    raise click.exceptions.Exit(code)


def silence_stdout() -> None:
    """Point stdout at /dev/null, so what is still buffered cannot fail again at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def write_stdout(text: str, *, nl: bool = True) -> None:
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


def need_stdout() -> None:
    """Refuse before any work when the output would go to a closed stdout."""
    if sys.stdout is None:
        raise OutputError("stdout is closed; pass -o FILE or open it")


def warn(message: str) -> None:
    click.echo(f"dedupe: warning: {message}", err=True)


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 copy`, `2 copies`.

    >>> plural(1, "copy", "copies"), plural(2, "copy", "copies"), plural(0, "file")
    ('1 copy', '2 copies', '0 files')
    """
    return f"{n} {word if n == 1 else (many or word + 's')}"
