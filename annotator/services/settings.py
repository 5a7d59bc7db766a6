"""Read the settings: this machine's defaults, the user's settings file, the environment.

Precedence, lowest first: built-in defaults, `settings.toml` in the user's config folder,
`ANNOTATOR_*` environment variables, then whatever the command line passes explicitly
(`Settings.with_overrides`). Keys the app does not know are ignored.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path

import platformdirs

from annotator.core.settings import Settings

APP_NAME = "annotator"


def data_dir() -> Path:
    """Where the default database lives (platform specific, created on demand)."""
    return Path(os.environ.get("ANNOTATOR_DATA_DIR") or platformdirs.user_data_dir(APP_NAME))


def config_dir() -> Path:
    return Path(os.environ.get("ANNOTATOR_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME))


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'annotator.sqlite3'}"


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name, e.g. in a container
        return "annotator"


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Defaults, overlaid by the settings file, overlaid by `ANNOTATOR_*` variables."""
    env = os.environ if env is None else env
    path = path or config_dir() / "settings.toml"
    values: dict[str, object] = {}
    if path.is_file():
        with open(path, "rb") as handle:
            values.update(tomllib.load(handle))
    for f in fields(Settings):
        key = f"ANNOTATOR_{f.name.upper()}"
        if key in env:
            values[f.name] = env[key]
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in values.items() if k in known}
    if "batch_size" in values:
        values["batch_size"] = int(values["batch_size"])  # type: ignore[call-overload]
    if "lock_wait_seconds" in values:
        values["lock_wait_seconds"] = float(values["lock_wait_seconds"])  # type: ignore[arg-type]
    values.setdefault("database", default_database_url())
    values.setdefault("user", _default_user())
    return Settings(**values)  # type: ignore[arg-type]
