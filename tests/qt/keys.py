"""Pressing keys in the main window as a user does, and waiting for what they wait for.

Edits are saved on a writer thread (`qt/write_queue.py`): after a key press the window shows
the result once the commit has returned. A user waits for that; so do the tests, before they
look at the window or the database.
"""

from PySide6.QtCore import Qt

SAVE_TIMEOUT_MS = 10_000


def until_saved(qtbot, window) -> None:
    """Wait until every key press so far has been handled and its edit saved and shown."""
    qtbot.waitUntil(lambda: window.review.idle, timeout=SAVE_TIMEOUT_MS)


def press_key(qtbot, window, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press `key` in `widget` of `window` and wait until its edit (if any) is saved."""
    qtbot.keyClick(widget, key, modifier)
    until_saved(qtbot, window)
