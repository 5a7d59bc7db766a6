"""Notice documents added by another process, cheaply enough to ask every second.

SQLite's `PRAGMA data_version` changes on a connection only when another connection has
committed, so while nothing happens anywhere the answer costs one pragma. Only then is the
newest import time read (an index lookup, revision 0005), which is also the whole check on
PostgreSQL. One connection is kept for it: data_version compares commits seen by the same
connection.
"""

from __future__ import annotations

import threading

from sqlalchemy import Connection, Engine, text


class CorpusWatch:
    """Gives a stamp that changes when documents were added (by anyone)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._connection: Connection | None = None
        self._lock = threading.Lock()
        self._version: int | None = None
        self._stamp: object = None

    def stamp(self) -> object:
        """The newest import's time (and how many documents share it)."""
        with self._lock:
            try:
                return self._read()
            except Exception:
                self._drop()  # a server gone away: the next call connects again
                raise

    def _read(self) -> object:
        if self._connection is None:
            self._connection = self._engine.connect()
        connection = self._connection
        with connection.begin():
            if self._sqlite:
                version = connection.exec_driver_sql("PRAGMA data_version").scalar()
                if version == self._version:
                    return self._stamp
                self._version = version
            newest = connection.execute(text("SELECT max(imported_at) FROM document")).scalar()
            same = connection.execute(
                text("SELECT count(*) FROM document WHERE imported_at = :newest"),
                {"newest": newest},
            ).scalar()
        self._stamp = (newest, same)
        return self._stamp

    def _drop(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None
                self._version = None

    def close(self) -> None:
        """Give the connection back."""
        with self._lock:
            self._drop()
