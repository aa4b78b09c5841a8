"""The errors belannot reports to people, each with a message fit to show as it is."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

_T = TypeVar("_T")


class BelannotError(Exception):
    """Base of every error meant for the user rather than a traceback."""


class ValidationError(BelannotError):
    """A value that breaks a rule of the model; the message says which field and why.

    Not a ValueError: a ValueError is a bug and goes to the crash handler."""


class ProjectFileError(BelannotError):
    """The project file cannot be opened: a folder, another program's database, damaged
    or too new. Only a :class:`DamagedProjectError` calls for a backup."""


class DamagedProjectError(ProjectFileError):
    """SQLite itself finds the file damaged (or not a database at all): the one case
    where putting a backup in its place is the answer. The file is left untouched."""


class NewerProjectError(ProjectFileError):
    """The file was written by a newer belannot; it is left untouched."""


def found(value: _T | None, error: BelannotError) -> _T:
    """The looked-up value, or ``error`` raised when the lookup found nothing."""
    if value is None:
        raise error
    return value


PROBLEM_LIMIT = 400


def shorten(message: str, limit: int = PROBLEM_LIMIT) -> str:
    """Keep a message readable when it quotes a huge hostile value: cut its middle."""
    if len(message) <= limit:
        return message
    half = limit // 2
    return f"{message[:half]} … ({len(message) - 2 * half} characters left out) … {message[-half:]}"


class InputError(BelannotError):
    """Bad input to an import, located by file, line and field."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.problem = message = shorten(message)
        where = ""
        if self.path is not None:
            where = self.path
            if line is not None:
                where += f":{line}"
            where += ": "
        if field:
            where += f"{field}: "
        super().__init__(where + message)


class NotFoundError(BelannotError):
    """A document, span, label or user named by the caller does not exist."""


class PermissionDeniedError(BelannotError):
    """The user's role does not allow this action."""


class ConflictError(BelannotError):
    """The data changed underneath an edit (another window, another user)."""


class CancelledError(BelannotError):
    """Long work stopped because the user asked it to; nothing was changed."""


class StorageError(BelannotError):
    """The project file could not be written (disk full, read-only, I/O error).

    The change that was being saved is not in the file; everything committed
    before it is. Nothing is wrong with the file: a backup is no answer.
    """


class ProjectBusyError(BelannotError):
    """Another program held the project's write lock for longer than we wait."""
