"""Work runs in a worker thread; results reach the GUI thread; shutdown cancels and joins."""

import threading
import time

from PySide6.QtCore import QCoreApplication, QObject, QThread, Slot

from annotator.qt.workers import Task, TaskRunner


class Recorder(QObject):
    """A GUI-thread receiver that notes what arrived and in which thread."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list = []
        self.threads: list = []

    @Slot(object)
    def record(self, value) -> None:
        self.values.append(value)
        self.threads.append(QThread.currentThread())


def test_the_work_runs_elsewhere_and_its_result_arrives_in_the_gui_thread(qtbot):
    worker_threads = []

    def work(progress, cancelled):
        worker_threads.append(threading.current_thread())
        progress(1, 1, "half way")
        return 42

    runner, recorder = TaskRunner(), Recorder()
    task = Task("answer", work)
    task.succeeded.connect(recorder.record)
    with qtbot.waitSignal(task.succeeded):
        runner.start(task)
    runner.shutdown()
    assert recorder.values == [42]
    assert recorder.threads == [QCoreApplication.instance().thread()]
    assert worker_threads and worker_threads[0] is not threading.main_thread()


def test_a_failure_is_reported_not_raised(qtbot):
    def work(progress, cancelled):
        raise ValueError("the model is missing")

    runner, recorder = TaskRunner(), Recorder()
    task = Task("broken", work)
    task.failed.connect(recorder.record)
    with qtbot.waitSignal(task.failed):
        runner.start(task)
    runner.shutdown()
    assert recorder.values == ["ValueError: the model is missing"]


def test_shutdown_cancels_running_work_and_waits_for_it(qtbot):
    started, stopped = threading.Event(), threading.Event()

    def work(progress, cancelled):
        started.set()
        while not cancelled():
            stopped.wait(0.01)
        time.sleep(0.1)  # winding down: a shutdown that did not wait returns before this
        stopped.set()
        return "cancelled"

    runner, recorder = TaskRunner(), Recorder()
    task = Task("endless", work)
    task.succeeded.connect(recorder.record)
    runner.start(task)
    assert started.wait(30)
    assert runner.is_running("endless")
    runner.shutdown()
    assert stopped.is_set()  # (asking the runner proves nothing: shutdown forgets its tasks)
    QCoreApplication.processEvents()
    assert recorder.values == []  # a cancelled task delivers no result
