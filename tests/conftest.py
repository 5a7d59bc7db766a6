"""Shared fixtures. Qt runs headless; every store in a test is a real file or server."""

import os

import pytest
from workspace_fixtures import fresh_postgres_database, seed_document

from annotator.core.model import Document

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def nlp():
    """The real pre-annotation pipeline, loaded once per test session."""
    from annotator.core.settings import DEFAULT_PIPELINE
    from annotator.nlp.pipeline import load_pipeline

    return load_pipeline(DEFAULT_PIPELINE)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A database URL for each back end: an SQLite file in tmp_path, a fresh PG database.

    PostgreSQL needs ANNOTATOR_TEST_PG_URL (`.ci/run` starts a server and sets it); without
    it the PostgreSQL cases skip and say why.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'annotations.sqlite3'}"
    else:
        yield from fresh_postgres_database()


@pytest.fixture
def seed_doc() -> Document:
    return seed_document()
