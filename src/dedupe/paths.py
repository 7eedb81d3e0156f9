"""File names and output files: names shown safely, outputs that never land on an input,
files written whole with the mode the umask gives.

A name on a POSIX system is bytes; Python hands over the bytes that are not UTF-8 as lone
surrogates (`surrogateescape`), which can open the file but cannot be printed or written
as JSON. `shown` gives the name as text that can, with each such byte as `\\xNN`.
"""

from __future__ import annotations

import contextlib
import errno as errnos
import os
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import OutputError, OverwriteError


def shown(path: str | os.PathLike[str]) -> str:
    r"""`path` as printable text: undecodable bytes of the name as `\xNN`, the rest as it is.

    >>> shown("post.txt"), shown("caf\udce9.txt"), shown("日本.txt")
    ('post.txt', 'caf\\xe9.txt', '日本.txt')
    """
    text = os.fspath(path)
    if text.isascii():
        return text
    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:  # a surrogate no file name can hold: given by a caller, not the system
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def _identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of the file `path` names, symlinks followed; None when there is none."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def refuse_inputs_as_outputs(outputs: Iterable[str], inputs: Iterable[str]) -> None:
    """Raise `OverwriteError` when an output is one of the inputs by any name: the same path
    once symlinks and `..` are resolved, or the same file (device and inode: a hard link).

    An output that does not exist yet cannot be an input; `-` (stdin) is not a file.
    """
    by_identity: dict[tuple[int, int], str] = {}
    by_path: dict[str, str] = {}
    for src in inputs:
        if src == "-":
            continue
        ident = _identity(src)
        if ident is not None:
            by_identity.setdefault(ident, src)
            by_path.setdefault(os.path.realpath(src), src)
    for dst in outputs:
        ident = _identity(dst)
        hit = (by_identity.get(ident) if ident is not None else None) or by_path.get(os.path.realpath(dst))
        if hit is not None:
            same = "is the input" if os.path.realpath(dst) == os.path.realpath(hit) else "is the same file as the input"
            raise OverwriteError(f"output {shown(dst)} {same} {shown(hit)}; refusing to overwrite an input, "
                                 "choose another output")


def make_folder(folder: Path) -> None:
    """`mkdir -p`, with the reason in words when a part of the path is a file."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        raise OSError(exc.errno, f"{shown(blocker)} is a file, not a directory") from None


def check_target(path: Path, *, directory: bool = False) -> None:
    """Make sure a file (or, `directory=True`, files in a directory) can be written at `path`
    before any work is done: the directories made, a trial file created and removed there.
    Raises `OutputError` with the reason."""
    folder = path if directory else path.parent
    try:
        if directory and path.exists() and not path.is_dir():
            raise OutputError(f"{shown(path)}: exists and is not a directory", errno=errnos.ENOTDIR)
        if not directory and path.is_dir():
            raise OutputError(f"{shown(path)}: is a directory; give a file name", errno=errnos.EISDIR)
        make_folder(folder)
        fd, trial = tempfile.mkstemp(dir=folder, prefix=".dedupe-check.", suffix=".tmp")
        os.close(fd)
        os.unlink(trial)
    except OSError as exc:
        raise OutputError(f"{shown(path)}: cannot write ({exc.strerror or exc})", errno=exc.errno) from None


def file_mode() -> int:
    """The mode a new file gets under the process's umask (0644 under the usual 022)."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii") as fh:  # read without changing it (Linux)
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


# Temporary files this process has open, so that a signal handler can remove them before
# the process ends (an exception raised from a handler can be swallowed by a finalizer).
_pending: set[str] = set()


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM held back (delivered when the block ends) where a temporary file is
    created and tracked: a signal between the two would leave a file no handler knows of."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def new_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A temporary file beside `name` in `folder`, created and tracked as one step."""
    with signals_held():
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        track_temporary(tmp)
    return fd, tmp


def track_temporary(path: str) -> None:
    _pending.add(path)


def forget_temporary(path: str) -> None:
    _pending.discard(path)


def remove_temporaries() -> None:
    """Remove every temporary file still open (called on SIGINT/SIGTERM, just before exiting)."""
    for path in list(_pending):
        with contextlib.suppress(OSError):
            os.unlink(path)
    _pending.clear()


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write `text` (UTF-8 when a str) to `path` through a temporary file beside it and a
    rename: never half-written, the temporary file removed on any error or signal, the file's
    mode the umask's (not `mkstemp`'s 0600)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        make_folder(path.parent)
        fd, tmp = new_temporary(path.parent, path.name)
        try:
            with os.fdopen(fd, "wb") as fh:
                os.fchmod(fh.fileno(), file_mode())
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        finally:
            forget_temporary(tmp)
    except OSError as exc:
        raise OutputError(f"{shown(path)}: cannot write ({exc.strerror or exc})", errno=exc.errno) from None


__all__ = ["check_target", "file_mode", "forget_temporary", "make_folder", "new_temporary", "refuse_inputs_as_outputs",
           "remove_temporaries", "shown", "signals_held", "track_temporary", "write_atomic"]
