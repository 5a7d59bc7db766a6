"""What can go wrong with a database, each with a message a user can act on.

Every error of the store is a `StoreError`; the GUI and the command line show `str(error)`.
When opening fails, the file is left exactly as it was.
"""

from __future__ import annotations


class StoreError(Exception):
    """Something is wrong with the annotation database."""


class NotADatabase(StoreError):
    """The file exists but is not an SQLite database."""


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
