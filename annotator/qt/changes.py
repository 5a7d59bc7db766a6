"""Bring the Workspace's change notifications to the GUI thread.

The Workspace calls its listeners in whatever thread made the change (an import runs in a
worker). Re-emitting as a Qt signal queues the call into the GUI thread when it comes from
elsewhere and keeps it direct when it does not, so a panel can refresh as soon as `apply`
returns; each panel then decides whether the change concerns it (Anki's
operation_did_execute idea).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.services.workspace import Change, Workspace


class ChangeBridge(QObject):
    """Re-emits every Workspace change as `changed(change)` in the GUI thread."""

    changed = Signal(object)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = workspace.subscribe(self._relay)

    def _relay(self, change: Change) -> None:
        self.changed.emit(change)

    def disconnect_workspace(self) -> None:
        """Stop listening; call before the window goes away."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
