"""What happens in the background when the window opens.

The language model loads in a worker while the window is already usable (once the first
document is on screen, when there is one); on first start
(an empty database) the seed corpus is then pre-annotated and stored, also in a worker. Both
report to the status bar and never touch a widget themselves. When the chosen model cannot
be loaded (a trained folder moved or deleted), the rules make the suggestions and the window
says why (`services.models.load_for_launch`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from annotator.qt.workers import Cancelled, Progress, Task, TaskRunner
from annotator.services.models import LaunchedPipeline
from annotator.services.workspace import Workspace

#: Loads the pipeline in a worker: a `LaunchedPipeline`, or the spaCy Language itself (a
#: loader a test injects, which has no fallback to report).
LoadNlp = Callable[[], Any]

LOAD_MODEL = "load-model"
IMPORT_SEEDS = "import-seeds"


def default_loader(pipeline: str) -> LoadNlp:
    """A loader for the named pipeline; spaCy is imported in the worker, not at start-up."""

    def load():
        """Load the pipeline, or the rules when it cannot be used (runs in the worker)."""
        from annotator.services.models import load_for_launch

        return load_for_launch(pipeline)

    return load


def import_seed_corpus(workspace: Workspace, nlp, progress: Progress, cancelled: Cancelled):
    """Pre-annotate and store the bundled seed articles; returns the import report."""
    from annotator.services.corpus import import_documents, seed_documents

    documents = seed_documents()
    total = len(documents)
    progress(0, total, "Pre-annotating the seed articles")
    return import_documents(
        workspace,
        documents,
        nlp,
        progress=lambda done: progress(done, total, "Pre-annotating the seed articles"),
        cancelled=cancelled,
    )


class Startup(QObject):
    """Loads the model, imports the seed corpus into an empty database, reports as it goes."""

    #: A message for the status bar.
    message = Signal(str)
    #: (done, total) of the current job; total 0 means "busy, length unknown", done == total
    #: with total > 0 means finished.
    progress = Signal(int, int)
    #: The loaded spaCy pipeline.
    model_ready = Signal(object)
    #: The pipeline could not be loaded (the reason).
    model_failed = Signal(str)
    #: (the pipeline now in use, why the chosen one could not be): the rules stand in.
    model_replaced = Signal(str, str)
    #: The documents can be listed (either they were there, or the seed import finished).
    documents_ready = Signal()

    def __init__(
        self,
        workspace: Workspace,
        load_nlp: LoadNlp,
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._load_nlp = load_nlp
        self._runner = runner
        self._model_requested = False
        self.nlp = None

    def start(self) -> None:
        """Show existing documents at once; with none to show, start loading the model (the
        seed import needs it). Otherwise `load_model` starts it once the window has painted
        the first document: loading spaCy holds the interpreter, and would delay that paint."""
        if self._workspace.document_count() > 0:
            self.documents_ready.emit()
        else:
            self.load_model()

    def load_model(self) -> None:
        """Start loading the language model in a worker (once; later calls do nothing)."""
        if self._model_requested:
            return
        self._model_requested = True
        task = Task(LOAD_MODEL, lambda _progress, _cancelled: self._load_nlp())
        task.succeeded.connect(self._on_model_loaded)
        task.failed.connect(self._on_model_failed)
        self.message.emit("Loading language model …")
        self.progress.emit(0, 0)
        self._runner.start(task)

    def use_model(self, nlp) -> None:
        """From now on pre-annotate with `nlp` (another pipeline, loaded in a worker)."""
        self.nlp = nlp

    def forgo_model(self) -> None:
        """Never start loading the model from now on (the window is closing)."""
        self._model_requested = True

    def is_busy(self) -> bool:
        """Whether the model is still loading or the seed import still running."""
        return self._runner.is_running(LOAD_MODEL) or self._runner.is_running(IMPORT_SEEDS)

    def _on_model_loaded(self, loaded) -> None:
        nlp = loaded.nlp if isinstance(loaded, LaunchedPipeline) else loaded
        replaced = isinstance(loaded, LaunchedPipeline) and bool(loaded.unusable)
        if replaced:
            self.model_replaced.emit(loaded.location, loaded.unusable)
        self.nlp = nlp
        # The model and the modules stay for the whole session: frozen, they are out of
        # the cyclic collector's sight. A full collection walked their ~100,000 objects
        # (40 ms here with the model loaded) whenever opening a long article, which makes
        # thousands of objects, happened to trigger one: opens stalled at random.
        gc.freeze()
        self.model_ready.emit(nlp)
        if self._workspace.document_count() == 0:
            self._import_seeds()
        else:
            self.message.emit(
                "Suggestions come from the rules (Model > Choose model… picks another): "
                f"the chosen model could not be used: {loaded.unusable}"
                if replaced
                else "Language model ready"
            )
            self.progress.emit(1, 1)

    def _on_model_failed(self, detail: str) -> None:
        self.message.emit(f"Could not load the language model: {detail}")
        self.progress.emit(1, 1)
        self.model_failed.emit(detail)  # last: a waiting import says what it means for it

    def _import_seeds(self) -> None:
        workspace, nlp = self._workspace, self.nlp
        task = Task(IMPORT_SEEDS, lambda p, c: import_seed_corpus(workspace, nlp, p, c))
        task.progressed.connect(self._on_import_progress)
        task.succeeded.connect(self._on_seeds_imported)
        task.failed.connect(self._on_import_failed)
        self._runner.start(task)

    def _on_import_progress(self, done: int, total: int, text: str) -> None:
        self.message.emit(f"{text}: {done} of {total} …")
        self.progress.emit(done, total)

    def _on_seeds_imported(self, report) -> None:
        self.message.emit(f"Seed corpus ready: {report.summary()}")
        self.progress.emit(1, 1)
        self.documents_ready.emit()

    def _on_import_failed(self, detail: str) -> None:
        self.message.emit(f"Could not import the seed corpus: {detail}")
        self.progress.emit(1, 1)
        self.documents_ready.emit()
