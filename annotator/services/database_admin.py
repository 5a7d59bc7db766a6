"""`annotator db backup` and `annotator db check`: keep a copy, and find out what is wrong.

The use cases of the command line; the reading of the database itself (SQLite's own checks,
the schema, counts, texts against their digests) is the store's, `annotator.store.inspection`.
"""

from annotator.store.inspection import CheckReport, backup_database, check_database

__all__ = ["CheckReport", "backup_database", "check_database"]
