"""GUI corpus latency: the document list and the search of the real window on 100,000
documents, against 10 and 1,000 documents in the same run.

The 100,000-document SQLite file is built once with the store's bulk import
(`Workspace.add_documents`, as `bench_store.py` does: the seed article and the PolNeAR texts
under ../shared/corpora/polnear, read at run time, each with synthetic suggestions) and
cached as benchmarks/out/corpus-100000.sqlite3 (about 1.5 GB, 3–4 minutes to build); the
10- and 1,000-document files (`--small`) are built fresh in a temporary folder. The
benchmark user gets a few decisions (50 documents reviewed in part, 20 marked done) so
progress filters find something.

Measured on the real `MainWindow` (Qt headless), each step until the list or the hits are
repainted (`processEvents()` then `repaint()` of the view), median and p95 over --repeats:

- first page: `DocumentListPanel.reload()` (count, first 100 rows with the user's counts);
- sort: a mouse click on a column header (Title, Date, Statements, Reviewed, Status);
- filter: title words typed (the filter applied without its typing pause), an outlet
  chosen, the progress "Done" or "To do" chosen (each matches rows in both corpora);
- search: words set in the search field, the search run in its worker thread, until the
  hits are shown (the thread hop included; the GUI thread waits asleep in Qt's event loop,
  as in the app);
- poll: one `Workspace.corpus_stamp()` (what the window asks every second).

Run from the repository root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gui_corpus.py

Figures are recorded in docs/PERFORMANCE.md, section "GUI corpus latency".
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Measure the code of the checkout this script lives in (a worktree shares the main .venv).
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import bench_store  # noqa: E402
from PySide6.QtCore import QEventLoop, QPoint, QSettings, Qt, qVersion  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.commands import AcceptStatement, MarkDocumentDone  # noqa: E402
from annotator.core.settings import Settings  # noqa: E402
from annotator.qt.app import create_application  # noqa: E402
from annotator.qt.document_list import DATE, REVIEWED, STATEMENTS, STATUS, TITLE  # noqa: E402
from annotator.services.workspace import Workspace  # noqa: E402

USER = "bench"
OUT = ROOT / "benchmarks" / "out"
POLNEAR = ROOT.parent / "shared" / "corpora" / "polnear"
SORTS = {"title": TITLE, "date": DATE, "statements": STATEMENTS, "reviewed": REVIEWED}
SORTS["status"] = STATUS
SEARCHES = ["campaign emails", "trump", "said"]


def build(path: Path, documents: int) -> None:
    """The corpus of `bench_store.py`, imported through the store's API."""
    started = time.perf_counter()
    with Workspace.open(str(path), USER) as ws:
        ws.add_documents(
            bench_store.corpus(POLNEAR, documents), pipeline=bench_store.PIPELINE, batch_size=1000
        )
        give_decisions(ws, documents)
    print(f"built {documents} documents in {time.perf_counter() - started:.0f} s: {path}")


def give_decisions(ws: Workspace, documents: int) -> None:
    """Some of the benchmark user's work, spread over the corpus: every other document of
    a small one (so each filter finds rows in both corpora), 50 of a big one; 40 % of
    those marked done."""
    step = max(2, documents // 50)
    touched = ws.list_documents(0, documents, sort="id")[::step][:50]
    for n, summary in enumerate(touched):
        doc = ws.load_document(summary.id)
        if doc.statements:
            ws.apply(AcceptStatement(doc.id, doc.statements[0].id))
        if n < len(touched) * 2 // 5:
            ws.apply(MarkDocumentDone(doc.id, True))


def settle(app: QApplication, milliseconds: float) -> None:
    end = time.perf_counter() + milliseconds / 1000
    while time.perf_counter() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.001)


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(values):6.1f} ms  p95 {p95:6.1f} ms"


class Bench:
    """The real window on one database file."""

    def __init__(self, app: QApplication, database: Path, folder: Path) -> None:
        from annotator.qt.main_window import MainWindow

        self.app = app
        self.workspace = Workspace.open(str(database), USER)
        ui_store = QSettings(str(folder / f"ui-{database.stem}.ini"), QSettings.Format.IniFormat)
        settings = Settings(database=str(database), user=USER)
        self.window = MainWindow(
            settings, self.workspace, load_nlp=lambda: object(), ui_store=ui_store
        )
        self.window.resize(1360, 820)
        self.window.show()
        self.window.start()
        settle(app, 500)
        self.list = self.window.documents
        self.documents = self.workspace.document_count()

    def close(self) -> None:
        self.window.close()
        self.workspace.close()

    def shown(self, view) -> None:
        """Until the step's result is on screen: pending events, then a repaint."""
        self.app.processEvents()
        view.repaint()

    def timed(self, step: Callable[[], None], repeats: int, before=None) -> list[float]:
        times = []
        for _ in range(repeats):
            if before is not None:
                before()
                self.shown(self.list.view)
            started = time.perf_counter()
            step()
            times.append((time.perf_counter() - started) * 1000)
        return times

    def first_page(self) -> None:
        self.list.reload()
        self.shown(self.list.view)

    def click_header(self, column: int) -> None:
        header = self.list.view.horizontalHeader()
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        self.shown(self.list.view)

    def unsorted(self) -> None:
        self.list.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def filter_title(self, words: str) -> None:
        self.list.filters.title.setText(words)
        self.list._apply_filters()  # what the typing pause then does
        self.shown(self.list.view)

    def choose(self, box, text: str) -> None:
        box.setCurrentIndex(box.findText(text))
        self.shown(self.list.view)

    def clear_filters(self) -> None:
        filters = self.list.filters
        for box in (filters.progress, filters.outlet):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        filters.title.blockSignals(True)
        filters.title.clear()
        filters.title.blockSignals(False)
        self.list._apply_filters()

    def search(self, words: str) -> None:
        panel = self.window.search
        before = panel._generation
        panel.field.blockSignals(True)
        panel.field.setText(words)
        panel.field.blockSignals(False)
        panel.search_now()
        while panel.summary.text() == "Searching…" or panel._generation == before:
            # Asleep until the worker's answer arrives, as the app's event loop is: a loop
            # spinning in Python would hold the GIL and starve the worker thread.
            self.app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        self.shown(panel.hits)

    def clear_search(self) -> None:
        self.window.search.clear()
        self.shown(self.list.view)


def measure(bench: Bench, repeats: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {}
    results["first page"] = bench.timed(bench.first_page, repeats)
    for name, column in SORTS.items():
        results[f"sort by {name}"] = bench.timed(
            lambda c=column: bench.click_header(c), repeats, before=bench.unsorted
        )
    bench.unsorted()
    bench.first_page()
    filters = bench.list.filters
    outlet = filters.outlet.itemText(min(1, filters.outlet.count() - 1))
    results["filter: title words 'hillary clin'"] = bench.timed(
        lambda: bench.filter_title("hillary clin"), repeats, before=bench.clear_filters
    )
    results[f"filter: outlet {outlet!r}"] = bench.timed(
        lambda: bench.choose(filters.outlet, outlet), repeats, before=bench.clear_filters
    )
    results["filter: progress 'Done'"] = bench.timed(
        lambda: bench.choose(filters.progress, "Done"), repeats, before=bench.clear_filters
    )
    results["filter: progress 'To do'"] = bench.timed(
        lambda: bench.choose(filters.progress, "To do"), repeats, before=bench.clear_filters
    )
    bench.clear_filters()
    for words in SEARCHES:
        results[f"search {words!r} + hits shown"] = bench.timed(
            lambda w=words: bench.search(w), repeats, before=bench.clear_search
        )
    bench.clear_search()
    results["poll (corpus stamp)"] = bench.timed(bench.workspace.corpus_stamp, repeats * 5)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument(
        "--small",
        default="10,1000",
        help="sizes of the corpora built fresh beside the big one (comma-separated): 1,000 "
        "fills the list's page of 100, as the big one does, where 10 paints ten rows",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    big = OUT / f"corpus-{args.documents}.sqlite3"
    if not big.exists():
        build(big, args.documents)
    app = create_application()
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for size in (int(n) for n in args.small.split(",") if n):
            paths.append(Path(folder) / f"corpus-{size}.sqlite3")
            build(paths[-1], size)
        figures = {}
        for path in (*paths, big):
            bench = Bench(app, path, Path(folder))
            try:
                measure(bench, 2)  # warm-up: caches, first calls
                figures[bench.documents] = measure(bench, args.repeats)
            finally:
                bench.close()
    counts = sorted(figures)
    print(f"{'step':44} " + "  ".join(f"{n:>10,} documents{'':18}" for n in counts))
    for step in figures[counts[0]]:
        cells = "  ".join(f"{summary(figures[n][step]):35}" for n in counts)
        print(f"{step:44} {cells}")
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, Qt {qVersion()}, SQLite {sqlite3.sqlite_version}; "
        f"{args.repeats} repeats"
    )


if __name__ == "__main__":
    main()
