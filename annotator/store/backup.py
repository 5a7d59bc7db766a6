"""Online, consistent copies of an SQLite database (SQLite's backup API)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from annotator.store.errors import StoreError


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy the database `source` to `target` page by page while others may keep writing."""
    target = Path(target)
    if target.exists():
        raise StoreError(f"{target} already exists; choose another name for the backup")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    src.close()
    return target


def backup_name(source: Path, reason: str) -> Path:
    """A free file name next to `source`, e.g. `annotator.sqlite3.before-0002.20261125T130211`."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return source.with_name(f"{source.name}.{reason}.{stamp}")
