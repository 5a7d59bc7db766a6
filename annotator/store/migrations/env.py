"""Alembic environment of the annotation store.

The app runs migrations itself (`annotator.store.migrate`) and hands over an open connection
in `config.attributes["connection"]`; the URL branch is for developers running `alembic`.
"""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from annotator.store import tables  # noqa: F401  (registers the tables on the metadata)
from annotator.store.migrate import is_declared_object

config = context.config
target_metadata = SQLModel.metadata


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=is_declared_object,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as fresh:
        run_with(fresh)
