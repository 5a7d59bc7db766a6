"""The tables the code declares are exactly the tables the migrations build."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData
from sqlmodel import SQLModel

from annotator.services.workspace import Workspace
from annotator.store import tables  # noqa: F401  (declares the tables)
from annotator.store.engine import create_store_engine
from annotator.store.migrate import is_declared_object

#: The PostgreSQL cases start from an empty database: the migrations are what is tested.
pytestmark = pytest.mark.empty_database


def differences(url: str, metadata) -> list:
    """What alembic would change to make the database match `metadata`."""
    engine = create_store_engine(url, writer=False)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_object": is_declared_object}
            )
            return compare_metadata(context, metadata)
    finally:
        engine.dispose()


def test_migrations_build_the_declared_schema(database_url):
    Workspace.open(database_url, "dana").close()
    assert differences(database_url, SQLModel.metadata) == [], (
        "a table changed without a migration: add an alembic revision"
    )


def test_the_check_notices_a_missing_migration(tmp_path):
    """Guard the guard: a column declared but never migrated shows up as a difference."""
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    Workspace.open(url, "dana").close()
    metadata = MetaData()
    for table in SQLModel.metadata.tables.values():
        table.to_metadata(metadata)
    metadata.tables["document"].append_column(Column("word_count", Integer))
    assert any("word_count" in repr(d) for d in differences(url, metadata))
