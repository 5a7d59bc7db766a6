"""The errors a front end catches, from the one layer it talks to.

They are raised by the store (`annotator.store.errors`) and travel up through the services
unchanged; the GUI and the command line name them from here, so neither imports the store.
"""

from annotator.store.errors import (
    DamagedDatabase,
    DatabaseLocked,
    DocumentConflict,
    EditConflict,
    MigrationError,
    NewerDatabase,
    NotADatabase,
    ReadOnlyDatabase,
    StoreError,
    UnknownDocument,
    UnsupportedDatabase,
)

__all__ = [
    "DamagedDatabase",
    "DatabaseLocked",
    "DocumentConflict",
    "EditConflict",
    "MigrationError",
    "NewerDatabase",
    "NotADatabase",
    "ReadOnlyDatabase",
    "StoreError",
    "UnknownDocument",
    "UnsupportedDatabase",
]
