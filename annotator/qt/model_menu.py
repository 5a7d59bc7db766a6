"""The Model menu: train from the gold, choose the model, re-suggest where nobody reviewed.

It owns the `ModelSwitch` and the three dialogs (each made when first opened) and tells the
window when another model makes the suggestions; the work runs in the window's `TaskRunner`.
After a model change (from the Choose dialog, or "Use this model" after training) the
Re-suggest dialog opens: re-running the documents nobody has reviewed is offered, never done
unasked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from annotator.core.settings import Settings
from annotator.qt.importing import IMPORT_FILES
from annotator.qt.model_switch import ModelSwitch
from annotator.qt.startup import IMPORT_SEEDS, Startup
from annotator.qt.workers import TaskRunner
from annotator.services.models import describe_pipeline

if TYPE_CHECKING:
    from annotator.qt.model_dialog import ModelDialog
    from annotator.qt.resuggest_dialog import ResuggestDialog
    from annotator.qt.training_dialog import TrainingDialog

#: Tasks that use the model in use: a re-suggest waits until they are done (the second is
#: `import_dialog.IMPORT_TASK`, named here so the dialog's module loads only when opened).
USES_THE_MODEL = (IMPORT_FILES, "import-dialog", IMPORT_SEEDS)


class ModelMenu(QObject):
    """Handlers of the Model menu's actions."""

    #: Another pipeline (its location) makes the suggestions from now on.
    model_changed = Signal(str)
    #: Documents may hold new suggestions (a re-suggest ended).
    resuggested = Signal()

    def __init__(
        self,
        settings: Settings,
        workspace,
        startup: Startup,
        runner: TaskRunner,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.settings, self._workspace = settings, workspace
        self._startup, self._runner, self._window = startup, runner, parent
        self.switch = ModelSwitch(runner, settings.pipeline, self)
        self.switch.changed.connect(self._on_changed)
        self.training_dialog: TrainingDialog | None = None
        self.model_dialog: ModelDialog | None = None
        self.resuggest_dialog: ResuggestDialog | None = None

    @property
    def message(self):
        """Status-bar lines: the switch's."""
        return self.switch.message

    def show_training(self) -> TrainingDialog:
        """Model > Train from my gold."""
        if self.training_dialog is None:
            from annotator.qt.training_dialog import TrainingDialog

            self.training_dialog = TrainingDialog(self.settings, self._runner, self._window)
            self.training_dialog.use_requested.connect(self.use)
        return _shown(self.training_dialog)

    def show_models(self) -> ModelDialog:
        """Model > Choose model."""
        if self.model_dialog is None:
            from annotator.qt.model_dialog import ModelDialog

            self.model_dialog = ModelDialog(self.switch, self.use, self._window)
        self.model_dialog.reload()
        return _shown(self.model_dialog)

    def show_resuggest(self) -> ResuggestDialog:
        """Model > Re-suggest documents nobody has reviewed."""
        if self.resuggest_dialog is None:
            from annotator.qt.resuggest_dialog import ResuggestDialog

            self.resuggest_dialog = ResuggestDialog(
                self._workspace,
                lambda: self._startup.nlp,
                lambda: describe_pipeline(self.switch.current).label,
                self._busy,
                self._runner,
                self._window,
            )
            self.resuggest_dialog.ran.connect(self.resuggested)
        self.resuggest_dialog.describe()
        return _shown(self.resuggest_dialog)

    def use(self, location: str) -> bool:
        """Make `location` the model (loaded in a worker); False (and why) if not now."""
        if self._startup.is_busy():
            self.switch.message.emit(
                "The language model is still loading (or the seed articles importing): "
                "choose another model once it is ready"
            )
            return False
        return self.switch.use(location)

    def _busy(self) -> str:
        """Why the model in use cannot re-suggest now ("" when it can)."""
        if self.switch.is_loading():
            return "Another model is loading"
        if any(self._runner.is_running(name) for name in USES_THE_MODEL):
            return "An import is running"
        return ""

    def _on_changed(self, nlp, location: str) -> None:
        self._startup.use_model(nlp)
        self.settings = self.settings.with_overrides(pipeline=location)
        self.model_changed.emit(location)
        self.show_resuggest()


def _shown(dialog):
    dialog.show()
    dialog.raise_()
    return dialog
