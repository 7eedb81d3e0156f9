"""Typed exceptions. The library raises these; the CLI turns them into one-line messages and exit codes."""

from __future__ import annotations


class DedupeError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 1


class InputError(DedupeError):
    """The input cannot be read: missing, a directory where a file was expected, unreadable."""

    exit_code = 3


class DecodeError(InputError):
    """The input's bytes cannot be decoded as text with confidence."""

    exit_code = 4


class OutputError(DedupeError):
    """The output cannot be written, or two inputs would write the same output.

    `errno` is the system's error number when the system refused (ENOSPC, EROFS, ...)."""

    exit_code = 5

    def __init__(self, message: str, *, errno: int | None = None) -> None:
        super().__init__(message)
        self.errno = errno


class OverwriteError(OutputError):
    """An output path is one of the inputs (the same file by any name: a symlink, `..`, a hard
    link): refused before any work, as a usage error."""

    exit_code = 2


class TimeLimitError(DedupeError):
    """One input took longer than the time allowed for it (`--timeout`)."""

    exit_code = 7


class AccountingError(DedupeError):
    """Under --strict: some characters of the source are in no part of the output."""

    exit_code = 6


class InvariantError(DedupeError):
    """The output would break one of the library's promises (a sentence twice, text lost): a bug.

    Raised instead of returning a wrong document; please report the input."""

    exit_code = 70
