"""Opening a document on a team server while another client holds the table it reads (a
colleague's schema migration, a long transaction): the document is read on the writer
thread, so the window keeps answering, and the document is shown once the lock goes."""

from __future__ import annotations

import test_corpus_watch_server as server
from keys import until_saved
from PySide6.QtCore import Qt, QTimer
from workspace_fixtures import PIPELINE, seed_document

SEED_ID = seed_document().id
# The window on a PostgreSQL test database, a colleague's connection that locks `document`,
# and one that watches the server's sessions: as the corpus watcher's tests have them.
pg_url, settings = server.pg_url, server.settings
observer, lock_holder = server.observer, server.lock_holder


def opening_waits_for_the_lock(observer, holder) -> bool:
    """The server shows one of the app's questions, not the corpus watcher's, waiting for a
    lock: the read of the document."""
    row = observer.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND wait_event_type = 'Lock' AND pid NOT IN (pg_backend_pid(), %s)"
        " AND query NOT LIKE %s",
        (holder.pid, server.WATCH_QUERY),
    ).fetchone()
    return row[0] >= 1


def test_the_window_answers_while_the_document_it_opens_is_locked(
    make_window, open_workspace, qtbot, observer, lock_holder
):
    workspace = open_workspace()
    workspace.add_document(seed_document(), pipeline=PIPELINE)
    second = seed_document()
    second.id, second.meta["title"] = "zz-second", "Cairo talks stall, again"
    workspace.add_document(second, pipeline=PIPELINE)
    window = make_window()
    server.ready(window, qtbot)
    until_saved(qtbot, window)
    assert window.review.document.id == SEED_ID
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    lock_holder.hold()
    try:
        view = window.documents.view
        row = window.documents.model.row_of("zz-second")
        rect = view.visualRect(view.model().index(row, 0))
        # The code before this test read the document here, on the GUI thread: the click
        # froze the window until the lock went, and the server never showed the read waiting.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda: opening_waits_for_the_lock(observer, lock_holder), timeout=5000)
        fired = []
        QTimer.singleShot(0, lambda: fired.append(True))
        qtbot.waitUntil(lambda: fired == [True])
        status = window.statusBar()
        qtbot.waitUntil(lambda: status.currentMessage() == "Opening Cairo talks stall, again …")
        assert window.review.document.id == SEED_ID  # the document before stays shown
        assert window.article.view.document_id == SEED_ID
        assert opening_waits_for_the_lock(observer, lock_holder)  # all that while it waited
    finally:
        lock_holder.release()
    until_saved(qtbot, window)
    assert window.review.document.id == "zz-second"
    assert window.article.view.document_id == "zz-second"
    assert window.article.view.toPlainText().startswith(second.text[:40])
    assert window.statements.selected_statement_id() == "q1"
    assert status.currentMessage() == ""
