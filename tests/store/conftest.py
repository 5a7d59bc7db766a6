"""Fixtures for the store tests, the same as the Workspace tests' (one helper module).

The helpers live in tests/services/workspace_fixtures.py; its folder is put on the import
path so both folders share one definition of the seed document and the fresh databases.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))

from workspace_fixtures import fresh_postgres_database, seed_document

from annotator.core.model import Document


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A database URL for each back end: an SQLite file in tmp_path, a fresh PG database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'annotations.sqlite3'}"
    else:
        yield from fresh_postgres_database()


@pytest.fixture
def seed_doc() -> Document:
    return seed_document()
