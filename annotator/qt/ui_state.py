"""Window geometry, splitter sizes, the View menu's choices (zoom, theme, colours) and where
the user left each database (document and statement), kept in QSettings: UI state only,
never data."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from annotator.services.settings import config_dir

ORGANISATION = "annotator"
APPLICATION = "annotator"


def ui_settings(path: Path | None = None) -> QSettings:
    """The user's UI-state store, or an ini file at `path` (tests pass one in tmp_path).

    It lives in the settings folder beside settings.toml, so `ANNOTATOR_CONFIG_DIR` moves
    it too: a second profile (another data folder, a trainer's demo) starts with its own
    window state instead of inheriting the last one's sort order and filters. On Linux this
    is the file Qt's own user scope used (~/.config/annotator/annotator.ini)."""
    if path is None:
        path = config_dir() / f"{APPLICATION}.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


def restore(store: QSettings, window: QMainWindow, splitter: QSplitter) -> bool:
    """Put the window back as it was; False when nothing was saved yet."""
    geometry = store.value("window/geometry")
    sizes = store.value("window/splitter")
    if geometry is not None:
        window.restoreGeometry(geometry)
    if sizes is not None:
        splitter.restoreState(sizes)
    return geometry is not None


def save(store: QSettings, window: QMainWindow, splitter: QSplitter) -> None:
    """Remember the window's geometry and the splitter's sizes."""
    store.setValue("window/geometry", window.saveGeometry())
    store.setValue("window/splitter", splitter.saveState())
    store.sync()


def choice(store: QSettings, key: str, default: str) -> str:
    """A View menu choice remembered under `key` ("view/theme"), or `default`."""
    value = store.value(key)
    return str(value) if value is not None else default


def number(store: QSettings, key: str, default: int) -> int:
    """A whole number remembered under `key` ("view/article_point_size"), or `default` when
    none (or something unreadable) is there."""
    try:
        return int(store.value(key, default))
    except (TypeError, ValueError):
        return default


def remember(store: QSettings, key: str, value: str | int) -> None:
    """Keep `value` under `key` at once (a crash later must not lose the choice)."""
    store.setValue(key, value)
    store.sync()


def _place_key(database: str) -> str:
    """A settings group per database (its URL hashed: a path may hold any character)."""
    return "places/" + hashlib.sha256(database.encode("utf-8")).hexdigest()[:16]


def save_place(
    store: QSettings, database: str, document_id: str | None, statement_id: str | None
) -> None:
    """Remember where the user was in `database`: the open document and statement."""
    key = _place_key(database)
    store.setValue(f"{key}/document", document_id or "")
    store.setValue(f"{key}/statement", statement_id or "")
    store.sync()


def place(store: QSettings, database: str) -> tuple[str | None, str | None]:
    """The document and statement the user left `database` at (None: nothing saved)."""
    key = _place_key(database)
    document = store.value(f"{key}/document") or None
    statement = store.value(f"{key}/statement") or None
    return document, statement
