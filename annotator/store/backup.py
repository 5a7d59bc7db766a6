"""Online, consistent copies of an SQLite database (SQLite's backup API).

A copy is only worth having if it is whole: the source is checked first (a damaged
database is refused, not copied), a lock held by another program is waited for only as
long as the busy timeout, and the copy is written to a temporary file beside the target
that takes the target's name only once it is complete and on disk. Whatever fails, no
partial or empty file is left behind.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from annotator.store.engine import BUSY_TIMEOUT_MS, connect_read_only
from annotator.store.errors import (
    DamagedDatabase,
    DatabaseLocked,
    DiskFull,
    StoreError,
    read_error,
)

#: A disk with no room left (or over quota).
_FULL = {errno.ENOSPC, errno.EDQUOT}


def backup_sqlite(source: Path, target: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Path:
    """Copy the database `source` to `target` page by page while others may keep writing.

    Raises a `StoreError` saying what to do when the target exists or cannot be written,
    the source is locked for longer than `busy_timeout_ms`, or the source is damaged.
    """
    target = Path(target)
    if target.exists():
        raise StoreError(f"{target} already exists; choose another name for the backup")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _target_error(exc, target) from exc
    try:
        src = connect_read_only(source, busy_timeout_ms)
    except sqlite3.Error as exc:
        raise read_error(exc, source, waited_ms=busy_timeout_ms) from exc
    try:
        _begin_snapshot(src, source)
        require_intact(src, source)
        copy = _copy(src, source, target, busy_timeout_ms)
    finally:
        src.close()
    _publish(copy, target)
    return target


def require_intact(connection: sqlite3.Connection, path: Path) -> None:
    """Raise `DamagedDatabase` unless SQLite's integrity check of `path` passes."""
    try:
        found = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
    except sqlite3.Error as exc:
        raise read_error(exc, path) from exc
    if found != ["ok"]:
        raise DamagedDatabase(
            f"{path} is damaged (SQLite's integrity check: {'; '.join(found)}); it was not "
            "changed. Restore it from a backup, or ask SQLite's .recover to save what it can."
        )


def _begin_snapshot(connection: sqlite3.Connection, path: Path) -> None:
    """Hold a read transaction: the check and the copy then see the same committed state,
    and a lock held by another program shows here, after the busy timeout, not as a hang."""
    try:
        connection.execute("BEGIN")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise read_error(exc, path) from exc


def _copy(src: sqlite3.Connection, source: Path, target: Path, busy_timeout_ms: int) -> Path:
    """The whole database copied into a new temporary file beside `target`; removed on failure.

    Python's `Connection.backup` retries a busy step forever; the progress callback stops it
    once the busy timeout has passed.
    """
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise _target_error(exc, target) from exc
    os.close(fd)
    copy = Path(name)
    deadline = time.monotonic() + busy_timeout_ms / 1000

    def give_up_when_stuck(status: int, _remaining: int, _total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise _Stuck

    try:
        dst = sqlite3.connect(copy)
        try:
            src.backup(dst, progress=give_up_when_stuck)
        finally:
            dst.close()
        copy.chmod(stat.S_IMODE(source.stat().st_mode))  # as private as the database
    except _Stuck:
        copy.unlink(missing_ok=True)
        raise DatabaseLocked(
            f"{source} is locked by another program (waited {busy_timeout_ms / 1000:g} s); "
            "no backup was written. Close it there or try again."
        ) from None
    except BaseException as exc:
        copy.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error | OSError):
            raise _target_error(exc, target) from exc
        raise
    return copy


class _Stuck(Exception):
    """The copy waited for the source's lock longer than the busy timeout."""


def _publish(copy: Path, target: Path) -> None:
    """Give the finished copy the target's name, never replacing a file that appeared
    meanwhile (a hard link fails if the name is taken); the temporary name goes either way."""
    try:
        try:
            os.link(copy, target)
        except FileExistsError as exc:
            raise StoreError(
                f"{target} already exists; choose another name for the backup"
            ) from exc
        except OSError:  # a file system without hard links: check, then rename
            if target.exists():
                raise StoreError(
                    f"{target} already exists; choose another name for the backup"
                ) from None
            os.replace(copy, target)
        _sync_folder(target.parent)
    except OSError as exc:
        raise _target_error(exc, target) from exc
    finally:
        copy.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make the new name itself survive a power cut (POSIX; a no-op where folders cannot be
    opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _target_error(exc: Exception, target: Path) -> StoreError:
    """What to say when the copy could not be written (nothing of it is left)."""
    error = read_error(exc, target)
    if isinstance(error, DiskFull) or getattr(exc, "errno", None) in _FULL:
        return DiskFull(f"the disk is full: no backup was written to {target}. Free some space.")
    if isinstance(error, DamagedDatabase):
        return error
    detail = getattr(exc, "strerror", None) or str(exc)
    return StoreError(
        f"cannot write the backup {target} ({detail}); nothing was written. Check that you "
        "may write in its folder and that the disk has room."
    )


def backup_name(source: Path, reason: str) -> Path:
    """A free file name next to `source`, e.g. `annotator.sqlite3.before-0002.20261125T130211`."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return source.with_name(f"{source.name}.{reason}.{stamp}")
