"""The write queue alone: intentions in order, one write at a time, each decided before the next.

The window's tests (`test_saving.py`) press keys; these check the queue's own promises with
writes the test holds back, so the order they observe cannot come out right by luck.
"""

from __future__ import annotations

import threading

import pytest

from annotator.qt.write_queue import WriteQueue
from annotator.services.errors import StoreError

TIMEOUT_MS = 10_000


@pytest.fixture
def queue(qtbot):
    writes = WriteQueue()
    yield writes
    writes.shutdown()


class Log:
    """What happened, in order, and writes that wait until the test lets them finish."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.gates: dict[str, threading.Event] = {}

    def note(self, event: str):
        return lambda *_args: self.events.append(event)

    def held_write(self, queue: WriteQueue, name: str) -> None:
        """Ask `queue` for a write named `name` that finishes when `release(name)` is called."""
        gate = self.gates.setdefault(name, threading.Event())

        def operation() -> str:
            assert gate.wait(TIMEOUT_MS / 1000), f"{name} was never released"
            return name

        queue.write(operation, lambda result: self.events.append(f"saved {result}"), self.failed)

    def release(self, name: str) -> None:
        self.gates.setdefault(name, threading.Event()).set()

    def failed(self, error: StoreError) -> None:
        self.events.append(f"failed {error}")


def test_an_intention_waits_until_the_write_before_it_is_saved(queue, qtbot):
    log = Log()
    queue.perform(lambda: log.held_write(queue, "first"))
    queue.perform(log.note("next key"))
    qtbot.wait(100)  # the first write is in flight for this long
    assert log.events == [] and not queue.idle
    log.release("first")
    qtbot.waitUntil(lambda: queue.idle, timeout=TIMEOUT_MS)
    assert log.events == ["saved first", "next key"]


def test_the_writes_of_one_intention_go_before_the_next_intention(queue, qtbot):
    log = Log()

    def two_writes() -> None:
        log.held_write(queue, "one")
        log.held_write(queue, "two")  # while "one" is in flight: it waits its turn

    queue.perform(lambda: log.held_write(queue, "earlier"))  # the next two keys wait for it
    queue.perform(two_writes)
    queue.perform(log.note("next key"))
    for name in ("earlier", "one", "two"):
        log.release(name)
    qtbot.waitUntil(lambda: queue.idle, timeout=TIMEOUT_MS)
    assert log.events == ["saved earlier", "saved one", "saved two", "next key"]


def test_an_intention_running_a_dialog_is_not_interrupted_by_the_next(queue, qtbot):
    log = Log()

    def with_a_dialog() -> None:
        log.events.append("dialog opens")
        queue.perform(log.note("next key"))  # pressed while the dialog's loop turns
        qtbot.wait(50)
        log.events.append("dialog closes")

    queue.perform(with_a_dialog)
    qtbot.waitUntil(lambda: queue.idle, timeout=TIMEOUT_MS)
    assert log.events == ["dialog opens", "dialog closes", "next key"]


def test_a_bug_in_a_write_is_reported_as_an_unexpected_error(queue, qtbot, capsys):
    log = Log()

    def broken() -> None:
        raise KeyError("no such row")

    queue.perform(lambda: queue.write(broken, log.note("saved"), log.failed))
    qtbot.waitUntil(lambda: queue.idle, timeout=TIMEOUT_MS)
    assert log.events == ["failed unexpected error: KeyError('no such row')"]
    assert "KeyError" in capsys.readouterr().err  # where it came from, for a bug report


def test_a_refused_write_reports_its_own_error(queue, qtbot):
    log = Log()

    def refused() -> None:
        raise StoreError("the database is locked")

    queue.perform(lambda: queue.write(refused, log.note("saved"), log.failed))
    qtbot.waitUntil(lambda: queue.idle, timeout=TIMEOUT_MS)
    assert log.events == ["failed the database is locked"]


def test_drain_runs_what_waits_and_returns_once_it_is_saved(queue):
    log = Log()
    queue.perform(lambda: log.held_write(queue, "first"))
    queue.perform(lambda: log.held_write(queue, "second"))
    log.release("first")
    log.release("second")
    assert queue.drain(TIMEOUT_MS) is True
    assert log.events == ["saved first", "saved second"] and queue.idle


def test_drain_gives_up_at_its_timeout_and_says_so(queue):
    log = Log()
    queue.perform(lambda: log.held_write(queue, "stuck"))
    assert queue.drain(100) is False
    log.release("stuck")
    assert queue.drain(TIMEOUT_MS) is True


def test_shutdown_saves_what_was_pressed_first(qtbot):
    log = Log()
    queue = WriteQueue()
    queue.perform(lambda: log.held_write(queue, "last key"))
    log.release("last key")
    queue.shutdown()
    assert log.events == ["saved last key"]


def test_in_turn_waits_for_the_keys_before_a_click_and_goes_before_the_keys_after(queue, qtbot):
    log = Log()

    def open_document() -> None:  # its read goes before the key pressed after the click
        queue.in_turn(lambda: log.held_write(queue, "read"))

    queue.perform(lambda: log.held_write(queue, "earlier"))
    queue.perform(log.note("key before"))
    queue.in_turn(open_document)  # a click in the list, from outside the queue
    queue.perform(log.note("key after"))
    for name in ("earlier", "read"):
        log.release(name)
    qtbot.waitUntil(lambda: queue.idle, timeout=TIMEOUT_MS)
    assert log.events == ["saved earlier", "key before", "saved read", "key after"]


def test_in_turn_from_a_decided_write_goes_before_the_keys_waiting(queue, qtbot):
    log = Log()

    def undo_then_open(_result) -> None:  # an undo opens the document it touched
        log.events.append("undone")
        queue.in_turn(lambda: log.held_write(queue, "read"))

    queue.perform(lambda: queue.write(lambda: "undo", undo_then_open, log.failed))
    queue.perform(log.note("next key"))
    log.release("read")
    qtbot.waitUntil(lambda: queue.idle, timeout=TIMEOUT_MS)
    assert log.events == ["undone", "saved read", "next key"]
