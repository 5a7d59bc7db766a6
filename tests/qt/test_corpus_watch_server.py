"""The window on a team server: the corpus watcher's question waits for the server on its own
thread, so a server that holds it up (here another client's table lock) never freezes the
window, and closing the window neither waits for the question nor hears its answer."""

from __future__ import annotations

import threading

import psycopg
import pytest
import shiboken6
from conftest import USER
from PySide6.QtCore import QTimer
from sqlalchemy.engine import make_url
from workspace_fixtures import fresh_postgres_database, seed_document

from annotator.core.model import Document
from annotator.core.settings import Settings

#: Safety only: how long the lock is held at most, should the window freeze (the code before
#: the watcher's thread), so that the test fails instead of hanging.
LOCK_HELD_AT_MOST_S = 15
#: The watcher's question, as the server shows it while it waits.
WATCH_QUERY = "%max(imported_at)%"


@pytest.fixture
def pg_url():
    yield from fresh_postgres_database(migrated=True)


@pytest.fixture
def settings(pg_url) -> Settings:
    """The window's settings: a team database on the PostgreSQL test server."""
    return Settings(database=pg_url, user=USER)


def plain(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def observer(pg_url):
    """A connection that watches the server's sessions (as an administrator would)."""
    with psycopg.connect(plain(pg_url), autocommit=True) as connection:
        yield connection


@pytest.fixture
def lock_holder(pg_url):
    """Another desktop's connection; `hold()` locks the table the corpus stamp reads in an
    open transaction, `release()` ends it (and a timer does, should the test hang)."""
    connection = psycopg.connect(plain(pg_url))

    class Holder:
        pid = connection.info.backend_pid

        def hold(self) -> None:
            connection.execute("LOCK TABLE document IN ACCESS EXCLUSIVE MODE")
            self.safety = threading.Timer(LOCK_HELD_AT_MOST_S, connection.rollback)
            self.safety.start()

        def release(self) -> None:
            self.safety.cancel()
            connection.rollback()

    holder = Holder()
    yield holder
    connection.close()


def watch_waits_for_the_lock(observer) -> bool:
    row = observer.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND wait_event_type = 'Lock' AND query LIKE %s",
        (WATCH_QUERY,),
    ).fetchone()
    return row[0] == 1


def app_sessions(observer, holder) -> int:
    row = observer.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND pid NOT IN (pg_backend_pid(), %s)",
        (holder.pid,),
    ).fetchone()
    return row[0]


def ready_window(make_window, open_workspace, qtbot):
    open_workspace().add_document(seed_document())
    window = make_window()
    ready(window, qtbot)
    return window


def ready(window, qtbot) -> None:
    """Wait until the window has opened the document and its start-up work is done (which
    reads the database on the GUI thread once the language model is loaded)."""
    qtbot.waitUntil(lambda: window.review.document is not None)
    qtbot.waitUntil(lambda: window.startup.nlp is not None and not window.startup.is_busy())


def test_the_window_answers_while_the_watchers_question_waits_for_a_lock(
    make_window, open_workspace, qtbot, observer, lock_holder
):
    window = ready_window(make_window, open_workspace, qtbot)
    colleague = open_workspace("lee")
    lock_holder.hold()
    try:
        # The code before this test asked on the GUI thread: the window froze here until
        # the lock went, and the server never showed the question waiting.
        qtbot.waitUntil(lambda: watch_waits_for_the_lock(observer), timeout=5000)
        fired = []
        QTimer.singleShot(0, lambda: fired.append(True))
        qtbot.waitUntil(lambda: fired == [True])
        assert window.review.document.id == seed_document().id
        assert watch_waits_for_the_lock(observer)  # the timer fired while it waited
    finally:
        lock_holder.release()
    colleague.add_document(
        Document(id="from-lee", text="Ministers said the budget is late.", meta={"title": "Lee"})
    )
    model = window.documents.model
    qtbot.waitUntil(lambda: model.row_of("from-lee") is not None, timeout=10_000)
    assert model.index(model.row_of("from-lee"), 0).data() == "Lee"


def test_closing_while_the_watchers_question_waits_neither_waits_nor_hears_it(
    settings, open_workspace, ui_store, nlp, qtbot, observer, lock_holder, monkeypatch
):
    from annotator.qt.main_window import MainWindow

    thread_errors = []
    monkeypatch.setattr(threading, "excepthook", thread_errors.append)
    workspace = open_workspace()
    workspace.add_document(seed_document())
    # Not the make_window fixture: this window is deleted, as the app's is when it closes.
    window = MainWindow(settings, workspace, load_nlp=lambda: nlp, ui_store=ui_store)
    window.show()
    window.start()
    ready(window, qtbot)
    watcher = window.watcher
    lock_holder.hold()
    try:
        qtbot.waitUntil(lambda: watch_waits_for_the_lock(observer), timeout=5000)
        window.close()
        workspace.close()
        window.deleteLater()
        qtbot.waitUntil(lambda: not shiboken6.isValid(watcher))
        assert watch_waits_for_the_lock(observer)  # closed without waiting for it
    finally:
        lock_holder.release()
    watching = [t for t in threading.enumerate() if t.name == "annotator-corpus-watch"]
    assert watching
    for thread in watching:
        thread.join(timeout=10)
        assert not thread.is_alive()
    qtbot.wait(50)  # anything the thread might have posted is delivered now
    assert thread_errors == []
    # The question's connection was given back once it returned: the app holds none.
    qtbot.waitUntil(lambda: app_sessions(observer, lock_holder) == 0, timeout=5000)
