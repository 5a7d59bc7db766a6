"""A change made in a worker thread reaches the GUI thread as a signal."""

import threading

from PySide6.QtCore import QCoreApplication, QObject, QThread, Slot
from test_document_list import small_document

from annotator.qt.changes import ChangeBridge


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.changes: list = []
        self.threads: list = []

    @Slot(object)
    def receive(self, change) -> None:
        self.changes.append(change)
        self.threads.append(QThread.currentThread())


def test_a_worker_threads_change_arrives_in_the_gui_thread(qtbot, open_workspace):
    workspace = open_workspace()
    bridge, receiver = ChangeBridge(workspace), Receiver()
    bridge.changed.connect(receiver.receive)
    worker = threading.Thread(target=workspace.add_document, args=(small_document(1),))
    with qtbot.waitSignal(bridge.changed):
        worker.start()
        worker.join()
    assert [(c.document_id, c.kind) for c in receiver.changes] == [("doc0001", "corpus")]
    assert receiver.threads == [QCoreApplication.instance().thread()]


def test_after_disconnecting_no_change_is_relayed(qtbot, open_workspace):
    workspace = open_workspace()
    bridge = ChangeBridge(workspace)
    bridge.disconnect_workspace()
    with qtbot.assertNotEmitted(bridge.changed):
        workspace.add_document(small_document(2))
