"""A team server that does not answer, or a network that drops, ends in a clear error within
seconds instead of a command or window waiting for minutes (`store/engine.py` bounds every
PostgreSQL connection: connect timeout, TCP keepalives, `tcp_user_timeout`)."""

from __future__ import annotations

import socket
import sys
import threading
import time

import pytest
from sqlalchemy.engine import make_url
from test_cli import run_cli
from workspace_fixtures import fresh_postgres_database

from annotator.services.workspace import Workspace
from annotator.store import engine as store_engine
from annotator.store.engine import create_store_engine
from annotator.store.errors import StoreError

#: The smallest connect timeout libpq takes (it raises anything below 2 s to 2 s).
SHORT_CONNECT_TIMEOUT_S = 2
#: How long the silent server keeps a connection before closing it: only so that a client
#: without a connect timeout (the code before the bound) ends the test with a wrong error
#: instead of hanging it.
SILENT_FOR_S = 60
#: When the lock test's colleague lets go of its lock come what may (see the test).
SAFETY_RELEASE_S = 15


@pytest.fixture
def silent_server():
    """The port of a server that accepts connections and never says a word (a hung host):
    the network boundary, which the app does not own."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    done = threading.Event()

    def serve() -> None:
        accepted = []
        deadline = time.monotonic() + SILENT_FOR_S
        while not done.is_set() and time.monotonic() < deadline:
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue
        for connection in accepted:
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    done.set()
    thread.join()
    listener.close()


@pytest.fixture
def short_connect_timeout(monkeypatch):
    monkeypatch.setattr(store_engine, "CONNECT_TIMEOUT_S", SHORT_CONNECT_TIMEOUT_S)
    monkeypatch.delenv("PGCONNECT_TIMEOUT", raising=False)


def test_opening_a_database_on_a_server_that_never_answers_fails_clearly(
    silent_server, short_connect_timeout
):
    url = f"postgresql+psycopg://dana:s3cret@127.0.0.1:{silent_server}/annotations"
    with pytest.raises(StoreError) as error:
        Workspace.open(url, "dana")
    message = str(error.value)
    assert message.startswith(f"cannot open postgresql+psycopg://dana:***@127.0.0.1:{silent_server}")
    assert "timeout expired" in message
    assert "s3cret" not in message


def test_the_command_line_says_so_without_a_traceback(
    silent_server, short_connect_timeout, tmp_path
):
    url = f"postgresql://dana@127.0.0.1:{silent_server}/annotations"
    result = run_cli("--db", url, "search", "budget", data_dir=tmp_path, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("annotator: cannot open postgresql+psycopg://dana@127.0.0.1")
    assert "connection timeout expired" in result.stderr  # run_cli: and no traceback


@pytest.fixture
def pg_url():
    yield from fresh_postgres_database(migrated=True)


def server_setting(url: str, name: str) -> str:
    """What the server says one of its settings is on a connection the store's engine opens."""
    engine = create_store_engine(url)
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql(f"SHOW {name}").scalar_one()
    finally:
        engine.dispose()


def connection_settings(url: str) -> tuple[dict[str, str], socket.socket]:
    """The libpq parameters of a connection the store's engine opens, and its socket."""
    engine = create_store_engine(url)
    try:
        with engine.connect() as connection:
            driver = connection.connection.driver_connection
            parameters = driver.info.get_parameters()
            sock = socket.fromfd(driver.pgconn.socket, socket.AF_INET, socket.SOCK_STREAM)
            return parameters, sock
    finally:
        engine.dispose()


def test_team_connections_are_bounded_in_time(pg_url):
    parameters, sock = connection_settings(pg_url)
    with sock:
        assert parameters["connect_timeout"] == str(store_engine.CONNECT_TIMEOUT_S)
        assert parameters["keepalives"] == "1"
        assert parameters["tcp_user_timeout"] == str(store_engine.TCP_USER_TIMEOUT_MS)
        # What the system does with them (the test server is on TCP).
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
        if sys.platform == "linux":
            tcp = socket.IPPROTO_TCP
            assert sock.getsockopt(tcp, socket.TCP_KEEPIDLE) == store_engine.KEEPALIVE_IDLE_S
            assert sock.getsockopt(tcp, socket.TCP_KEEPINTVL) == store_engine.KEEPALIVE_INTERVAL_S
            assert sock.getsockopt(tcp, socket.TCP_KEEPCNT) == store_engine.KEEPALIVE_COUNT
            user_timeout = socket.TCP_USER_TIMEOUT
            assert sock.getsockopt(tcp, user_timeout) == store_engine.TCP_USER_TIMEOUT_MS


def test_a_bound_the_url_sets_wins_over_the_default(pg_url):
    url = make_url(pg_url).update_query_dict({"connect_timeout": "7", "tcp_user_timeout": "3000"})
    parameters, sock = connection_settings(url.render_as_string(hide_password=False))
    with sock:
        assert parameters["connect_timeout"] == "7"
        assert parameters["tcp_user_timeout"] == "3000"
        assert parameters["keepalives_idle"] == str(store_engine.KEEPALIVE_IDLE_S)  # the rest stay


def test_a_wait_for_another_clients_lock_is_bounded_too(pg_url, monkeypatch):
    monkeypatch.delenv("PGOPTIONS", raising=False)
    assert server_setting(pg_url, "lock_timeout") == f"{store_engine.LOCK_TIMEOUT_MS // 1000}s"
    url = make_url(pg_url).update_query_dict({"options": "-c lock_timeout=1500"})
    assert server_setting(url.render_as_string(hide_password=False), "lock_timeout") == "1500ms"


def test_a_save_behind_another_clients_lock_is_refused_as_locked_and_can_be_retried(
    pg_url, monkeypatch
):
    """A colleague's session holds the table (a migration, a stuck transaction): the save
    waits for the lock timeout, then is refused with the locked message; nothing is saved,
    and once the lock is gone the same edit goes through."""
    import psycopg
    from workspace_fixtures import PIPELINE, seed_document

    from annotator.core.commands import AcceptStatement
    from annotator.core.model import Status
    from annotator.store.errors import DatabaseLocked

    monkeypatch.setattr(store_engine, "LOCK_TIMEOUT_MS", 500)
    monkeypatch.delenv("PGOPTIONS", raising=False)
    document = seed_document()
    admin = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with Workspace.open(pg_url, "dana") as workspace:
        workspace.add_document(document, pipeline=PIPELINE)
        with psycopg.connect(admin) as colleague:
            colleague.execute("LOCK TABLE statement IN ACCESS EXCLUSIVE MODE")
            # Without a lock timeout the save would wait for ever: let go after a while
            # so that such code fails this test instead of hanging it.
            safety = threading.Timer(SAFETY_RELEASE_S, colleague.rollback)
            safety.start()
            try:
                with pytest.raises(DatabaseLocked) as error:
                    workspace.apply(AcceptStatement(document.id, "q1"))
            finally:
                safety.cancel()
            colleague.rollback()
        assert str(error.value) == (
            "The database is locked by another program; your change was not saved. Try again."
        )
        assert workspace.load_document(document.id).statements[0].status is Status.SUGGESTED
        workspace.apply(AcceptStatement(document.id, "q1"))
        assert workspace.load_document(document.id).statements[0].status is Status.ACCEPTED
