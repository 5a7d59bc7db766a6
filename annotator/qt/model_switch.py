"""Switch the pipeline that makes suggestions: load the chosen one in a worker, then make it
the one new imports use and the `pipeline` setting (`services/models.py`).

A folder that is missing or is no pipeline, or one that fails to load, is reported in words
("Cannot use …: …; still using …") and the pipeline in use stays.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.qt.workers import Task, TaskRunner
from annotator.services.models import describe_pipeline

LOAD_CHOSEN = "load-chosen-model"


def load_and_remember(location: str) -> tuple[object | None, str]:
    """(the loaded pipeline, "") or (None, why not); the setting is written once it loaded.
    Runs in the worker."""
    from annotator.services.models import PipelineUnusable, load_chosen_pipeline, remember_choice
    from annotator.services.settings import environment_override

    try:
        nlp = load_chosen_pipeline(location)
    except PipelineUnusable as exc:
        return None, str(exc)
    try:
        remember_choice(location)
    except OSError as exc:
        return nlp, f"it is in use, but the settings file was not written: {exc}"
    override = environment_override("pipeline", location)
    if override:
        return nlp, f"it is in use now, but {override} in the environment wins at the next start"
    return nlp, ""


class ModelSwitch(QObject):
    """Loads a chosen pipeline off the GUI thread and says what came of it."""

    #: A line for the status bar or a dialog.
    message = Signal(str)
    #: (the loaded pipeline, its location): it makes the suggestions from now on.
    changed = Signal(object, str)
    #: Why the chosen pipeline cannot be used (the current one stays).
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, current: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.current = current
        self._chosen = ""

    def is_loading(self) -> bool:
        return self._runner.is_running(LOAD_CHOSEN)

    def use(self, location: str) -> bool:
        """Start loading `location`; False (and why) when another one is loading."""
        if self.is_loading():
            self.message.emit("Another model is loading; choose again once it is ready")
            return False
        self._chosen = location
        task = Task(LOAD_CHOSEN, lambda _p, _c: load_and_remember(location))
        task.succeeded.connect(self._on_loaded)
        task.failed.connect(self._on_failed)
        self.message.emit(f"Loading the model {describe_pipeline(location).label} …")
        self._runner.start(task)
        return True

    def _on_loaded(self, result: tuple[object | None, str]) -> None:
        nlp, problem = result
        if nlp is None:
            self._on_failed(problem)
            return
        self.current = self._chosen
        self.changed.emit(nlp, self._chosen)
        label = describe_pipeline(self._chosen).label
        note = f" ({problem})" if problem else ""
        self.message.emit(
            f"Suggestions now come from {label}{note}. New imports get them; Model > "
            "Re-suggest runs it on the documents nobody has reviewed."
        )

    def _on_failed(self, detail: str) -> None:
        # The reason names the folder itself.
        text = (
            f"Cannot use that model: {detail}. Still using {describe_pipeline(self.current).label}."
        )
        self.failed.emit(text)
        self.message.emit(text)
