"""What can go wrong with a database, each with a message a user can act on.

Every error of the store is a `StoreError`; the GUI and the command line show `str(error)`.
When opening fails, the file is left exactly as it was.
"""

from __future__ import annotations


class StoreError(Exception):
    """Something is wrong with the annotation database."""


class NotADatabase(StoreError):
    """The file exists but is not an SQLite database."""


class DamagedDatabase(StoreError):
    """An SQLite database whose pages are damaged (truncated, overwritten): SQLite's own
    checks fail. Nothing is written to it."""


class UnsupportedDatabase(StoreError):
    """A URL of a database the app cannot use: another kind than SQLite or PostgreSQL, or
    one whose driver is not installed."""


class ReadOnlyDatabase(StoreError):
    """The database cannot be written (file permissions or a read-only disk)."""


class DatabaseLocked(StoreError):
    """Another program holds the database's write lock for longer than we waited."""


class NewerDatabase(StoreError):
    """The database was written by a newer version of the app (an unknown schema revision)."""


class MigrationError(StoreError):
    """Upgrading the schema failed; the backup made before it is named in the message."""


class DocumentConflict(StoreError):
    """A document with this id exists with a different text (texts are immutable)."""


class UnknownDocument(StoreError, KeyError):
    """No document has this id."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown document"


class EditConflict(StoreError):
    """Someone else changed the object since this user's view was loaded; nothing was saved."""

    def __init__(self, message: str, *, document_id: str, object_key: str, changed_by: str):
        super().__init__(message)
        self.document_id = document_id
        self.object_key = object_key
        self.changed_by = changed_by


class InvalidEdit(StoreError, ValueError):
    """An edit that cannot apply (a missing statement, a verdict outside the rating scale...)."""


class DiskFull(StoreError):
    """The disk (or the database server's) has no room left for a write."""


class SaveFailed(StoreError):
    """The database refused or lost a write for another reason; nothing of it was saved."""


_NOT_SAVED = "your change was not saved"
#: SQLite error names and PostgreSQL SQLSTATEs of a lock held too long (or a deadlock, or a
#: serialisation failure: the same advice, try again).
_LOCKED = {"SQLITE_BUSY", "SQLITE_LOCKED", "55P03", "40001", "40P01"}
_FULL = {"SQLITE_FULL", "53100"}
_READ_ONLY = {"SQLITE_READONLY", "25006"}
_DAMAGED = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}
#: The connection to the server is gone: PostgreSQL's connection exceptions (class 08), the
#: server shutting down or ending the session (57P01-57P03), or a connection SQLAlchemy
#: found dead mid-statement (`connection_invalidated`, no SQLSTATE: the network dropped).
_SERVER_GONE = {"57P01", "57P02", "57P03"}


def save_error(exc: Exception, unsaved: str = _NOT_SAVED) -> StoreError:
    """The error to show when the database failed a write (`exc` is SQLAlchemy's, wrapping
    the driver's in `orig`): what happened and what the person can do about it; `unsaved`
    says what was lost ("your change was not saved").

    Matched on the driver's error code where it gives one, else on SQLite's message.
    """
    orig = getattr(exc, "orig", None) or exc
    code = _base_code(getattr(orig, "sqlite_errorname", None) or getattr(orig, "sqlstate", None))
    message = str(orig).strip()
    if code in _LOCKED or "database is locked" in message:
        return DatabaseLocked(f"The database is locked by another program; {unsaved}. Try again.")
    if code in _FULL or "disk is full" in message:
        return DiskFull(f"The disk is full; {unsaved}. Free some space, then try again.")
    if code in _READ_ONLY or "readonly database" in message:
        return ReadOnlyDatabase(
            f"The database is read-only (its file, folder or disk cannot be written); "
            f"{unsaved}. Check its permissions, or open a copy in a writable folder."
        )
    if code.startswith("08") or code in _SERVER_GONE or getattr(exc, "connection_invalidated", 0):
        return SaveFailed(
            f"The database server could not be reached; {unsaved}. "
            "Check the network connection, then try again."
        )
    detail = message.splitlines()[0] if message else type(orig).__name__
    return SaveFailed(f"The database could not save the change ({detail}); {unsaved}.")


def _base_code(code: str | None) -> str:
    """The error code, SQLite's reduced to its primary name (SQLITE_BUSY_SNAPSHOT: SQLITE_BUSY)."""
    code = code or ""
    if code.startswith("SQLITE_"):
        return "_".join(code.split("_")[:2])
    return code


def read_error(exc: Exception, where: object, *, waited_ms: int | None = None) -> StoreError:
    """The error to show when a database could not be opened or read (not a save): `where`
    names it. Locked, read-only, damaged and full are told apart, each with what to do; a
    lock says how long it was waited for when the caller knows (`waited_ms`).
    """
    orig = getattr(exc, "orig", None) or exc
    code = _base_code(getattr(orig, "sqlite_errorname", None) or getattr(orig, "sqlstate", None))
    message = str(orig).strip()
    detail = message.splitlines()[0] if message else type(orig).__name__
    if code in _LOCKED or "database is locked" in message:
        waited = "" if waited_ms is None else f" (waited {waited_ms / 1000:g} s)"
        return DatabaseLocked(
            f"{where} is locked by another program{waited}; close it there or try again."
        )
    if code in _DAMAGED or "malformed" in message or "not a database" in message:
        return DamagedDatabase(
            f"{where} is damaged ({detail}); it was not changed. "
            "Restore it from a backup, or ask SQLite's .recover to save what it can."
        )
    if code in _READ_ONLY or "readonly database" in message:
        return ReadOnlyDatabase(
            f"{where} is read-only (its file, folder or disk cannot be written); "
            "copy it somewhere you can write."
        )
    if code in _FULL or "disk is full" in message:
        return DiskFull(f"The disk holding {where} is full; free some space, then try again.")
    if code == "SQLITE_CANTOPEN" or "unable to open" in message:
        return StoreError(
            f"cannot open {where}: check that its folder exists and that you may read and "
            "write in it."
        )
    return StoreError(f"cannot read {where}: {detail}")
