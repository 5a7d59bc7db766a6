"""Fixtures for the Workspace tests: a real SQLite file and, when available, PostgreSQL."""

from __future__ import annotations

import pytest
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
