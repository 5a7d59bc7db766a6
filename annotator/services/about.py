"""What the About box says: the versions in use and where the data lives.

Read from package metadata, so nothing here imports spaCy or loads a pipeline (the About box
opens while the model may still be loading).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from annotator import __version__
from annotator.core.settings import Settings
from annotator.services.settings import config_dir, data_dir
from annotator.store.engine import safe_url, sqlite_path


def installed_version(distribution: str) -> str | None:
    """The installed version of a distribution ("spacy", a pipeline package), else None."""
    try:
        return version(distribution)
    except (PackageNotFoundError, ValueError):
        return None


def database_location(url: str) -> str:
    """The database as a person finds it: the file's path, or the server URL without any
    password."""
    path = sqlite_path(url)
    return str(path) if path is not None else safe_url(url)


def data_folder(url: str) -> Path:
    """The folder that holds the database file (for a server database, the app's data
    folder, where its backups and logs go)."""
    path = sqlite_path(url)
    return path.resolve().parent if path is not None else data_dir()


def settings_file() -> Path:
    """The settings file the app reads (it need not exist)."""
    return config_dir() / "settings.toml"


def about_rows(url: str, settings: Settings) -> list[tuple[str, str]]:
    """(what, value) lines of the About box, all plain text."""
    from annotator.services.models import describe_pipeline

    chosen = describe_pipeline(settings.pipeline)  # a trained folder: its meta.json
    pipeline = chosen.label if chosen.is_default else f"{chosen.describe()}\n{chosen.location}"
    settings_path = settings_file()
    settings_note = "" if settings_path.is_file() else " (not there: defaults in use)"
    return [
        ("Annotator", __version__),
        ("Language model", pipeline),
        ("spaCy", installed_version("spacy") or "not installed"),
        ("Reviewer", settings.user),
        ("Database", database_location(url)),
        ("Data folder", str(data_folder(url))),
        ("Settings file", f"{settings_path}{settings_note}"),
    ]
