"""Shared fixtures and markers. Qt runs headless; every store in a test is a real file or server.

Markers are given here, by what a test uses, so a test added later gets them too:

- `gui`: under `tests/qt/` (real widgets, offscreen);
- `model`: uses the `nlp` fixture (the real spaCy pipeline, loaded once per session);
- `postgres`: runs against a PostgreSQL server (skipped without `ANNOTATOR_TEST_PG_URL`);
- `slow`: set by hand on the few tests that take more than a few seconds.

The quick loop is `python3 dev.py test -m "not slow"`; `-m "not slow and not model and not
gui"` leaves the model and the widgets out too.
"""

import os
from pathlib import Path

import pytest
from workspace_fixtures import fresh_postgres_database, migrated_sqlite, seed_document

from annotator.core.model import Document

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TESTS = Path(__file__).resolve().parent
#: Fixtures that give a test a PostgreSQL database.
POSTGRES_FIXTURES = {"pg_url"}


@pytest.fixture(scope="session")
def nlp():
    """The real pre-annotation pipeline, loaded once per test session.

    Tests share it: one that needs fewer components switches the others off for its module
    (`nlp.select_pipes`), one that needs another configuration builds its own component
    with `nlp.create_pipe`, and none changes it for good.
    """
    from annotator.core.settings import DEFAULT_PIPELINE
    from annotator.nlp.pipeline import load_pipeline

    return load_pipeline(DEFAULT_PIPELINE)


@pytest.fixture(scope="session")
def blank_nlp():
    """A blank English pipeline with our components: tokens, no parse, so nothing is found.

    For tests of how documents flow (order, progress, cancelling, workers), where what the
    model finds in them is not the point.
    """
    import spacy

    from annotator.nlp.pipeline import add_components

    return add_components(spacy.blank("en"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A database URL for each back end: an SQLite file in tmp_path, a fresh PG database.

    PostgreSQL needs ANNOTATOR_TEST_PG_URL (`.ci/run` starts a server and sets it); without
    it the PostgreSQL cases skip and say why.
    """
    # Already at the schema's head, unless the test is about a new database or migrations.
    empty = request.node.get_closest_marker("empty_database") is not None
    if request.param == "sqlite":
        path = tmp_path / "annotations.sqlite3"
        yield f"sqlite:///{path if empty else migrated_sqlite(path)}"
    else:
        yield from fresh_postgres_database(migrated=not empty)


@pytest.fixture
def seed_doc() -> Document:
    return seed_document()


def pytest_collection_modifyitems(config, items):
    """Mark every test by what it uses: its folder, its fixtures, its database."""
    for item in items:
        for marker in markers_of(item):
            item.add_marker(marker)


def markers_of(item: pytest.Item) -> list[str]:
    """The markers `item` earns by where it lives and what it uses."""
    found = []
    path = Path(str(item.path))
    if path.is_relative_to(TESTS / "qt"):
        found.append("gui")
    fixtures = set(getattr(item, "fixturenames", ()))
    if "nlp" in fixtures:
        found.append("model")
    callspec = getattr(item, "callspec", None)
    params = callspec.params if callspec else {}
    if fixtures & POSTGRES_FIXTURES or params.get("database_url") == "postgresql":
        found.append("postgres")
    return found
