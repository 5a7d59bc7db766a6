"""Read the settings: this machine's defaults, the user's settings file, the environment.

Precedence, lowest first: built-in defaults, `settings.toml` in the user's config folder,
`ANNOTATOR_*` environment variables, then whatever the command line passes explicitly
(`Settings.with_overrides`). Keys the app does not know are ignored.
"""

from __future__ import annotations

import getpass
import json
import os
import re
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
    """Where `settings.toml` lives (platform specific)."""
    return Path(os.environ.get("ANNOTATOR_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME))


def settings_path() -> Path:
    return config_dir() / "settings.toml"


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
    path = path or settings_path()
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


def environment_override(name: str, value: str, env: Mapping[str, str] | None = None) -> str:
    """"ANNOTATOR_X=…" when the environment sets setting `name` to something other than
    `value` (and so wins over the settings file at the next start), else ""."""
    env = os.environ if env is None else env
    key = f"ANNOTATOR_{name.upper()}"
    return f"{key}={env[key]}" if key in env and env[key] != value else ""


def save_setting(name: str, value: str | int, path: Path | None = None) -> Path:
    """Set one top-level key of the settings file (the window's model choice), keeping every
    other line and comment as it is; the file is replaced whole or not at all.

    An `ANNOTATOR_*` variable of the same name still wins when the settings are next read.
    """
    from annotator.services.output import atomic_text_file

    if name not in {f.name for f in fields(Settings)}:
        raise ValueError(f"no setting called {name!r}")
    path = path or settings_path()
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    # A TOML basic string is a JSON string (for everything json.dumps escapes).
    line = f"{name} = {json.dumps(value) if isinstance(value, str) else int(value)}"
    tables = [i for i, text in enumerate(lines) if text.lstrip().startswith("[")]
    top = tables[0] if tables else len(lines)
    key = re.compile(rf"^\s*{re.escape(name)}\s*=")
    found = next((i for i in range(top) if key.match(lines[i])), None)
    if found is None:
        lines.insert(top, line)
    else:
        lines[found] = line
    with atomic_text_file(path) as stream:
        stream.write("\n".join(lines) + "\n")
    return path
