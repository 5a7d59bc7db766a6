"""GUI edit latency: how long the real window takes to accept a statement, open a long article,
and whether a burst of key presses freezes it.

Everything runs against a real SQLite file in a temporary folder and the real `MainWindow`
(Qt headless: QT_QPA_PLATFORM=offscreen). The articles are invented here (sentences such as
"Ana Ruiz said the new bridge opens in May." with varied names, never news text),
except the bundled seed article, which gets invented suggestions. All documents are stored
with `Workspace.add_document(doc, pipeline=...)`, so their statements are model suggestions;
the window gets a `load_nlp` that returns at once, and since the database already holds
documents it neither imports the seed corpus nor pre-annotates anything.

Measured:

- press: the accept key (A) sent with `QTest.keyClick` to the statement list, until the press
  is handled and the window repainted (`processEvents()` then `window.repaint()`), on (a) the
  seed article and (b) a ~62 KB article with 1,500 statements. Each figure is also given as
  a ratio to a baseline timed in the same run, interleaved in blocks of 10: a bare QTextEdit
  (no app code) holding the long article's text, where one highlight is moved with
  `setExtraSelections` and repainted. The machine is shared: compare ratios across runs.
- open: `window.review.open_document(id)` of a 30,000-word article with 5,000 highlights
  until it is shown and repainted (another document is opened, untimed, before each run);
  also as a ratio to a bare QTextEdit given the same text with `setPlainText` and repainted.
- freeze: 10 accept presses posted at once to the statement list (`QApplication.postEvent`
  of KeyPress/KeyRelease pairs, as fast typing queues them), on the long article; a 5 ms
  timer records its ticks and the largest gap between two ticks is the longest stall of the
  event loop while they are handled.

Every series checks in the database that each press accepted exactly one statement.
Run from the repository root (about a minute on a 2-core machine):

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gui_edit.py --presses 100

Figures are recorded in docs/PERFORMANCE.md, section "GUI edit latency (bench_gui_edit.py)".
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Measure the code of the checkout this script lives in: the virtualenv's editable install
# may point at another checkout (a worktree shares the main checkout's .venv).
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import PySide6  # noqa: E402
from PySide6.QtCore import (  # noqa: E402
    QEvent,
    QEventLoop,
    QObject,
    QSettings,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
    qVersion,
)
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QTextEdit  # noqa: E402

import annotator  # noqa: E402
from annotator.core.model import (  # noqa: E402
    Document,
    Entity,
    Source,
    SourceKind,
    Statement,
    StatementKind,
    Status,
)
from annotator.core.settings import Settings  # noqa: E402
from annotator.formats.text import read_text_document  # noqa: E402
from annotator.services.workspace import Workspace  # noqa: E402

SEED = ROOT / "seeds" / "000_c4a08ac13a47bd9f.txt"
PIPELINE = {"name": "bench-invented", "version": "1", "tool": "bench_gui_edit.py"}
USER = "bench"
#: Untimed presses before each timed series (first calls allocate, caches fill).
WARM_UP = 3
#: Baseline steps and presses alternate in blocks of this many.
BLOCK = 10
OPENS = 3
BURST = 10
TICK_MS = 5
#: Untimed event-loop time before each block: the app lays a rebuilt text out lazily after a
#: press (about 50 ms on the long article), which must not land in the baseline's block.
SETTLE_MS = 150
LONG_CHARS = 62_000
LONG_STATEMENTS = 1_500
HUGE_WORDS = 30_000
HUGE_STATEMENTS = 1_250  # x 3 marks (source, cue, content) + 1,250 entities = 5,000

# ------------------------------------------------------------------ invented articles

FIRST = [
    "Ana", "Tom", "Lena", "Omar", "Mia", "Ravi", "Ines", "Karl", "Nora", "Pablo", "Yuki",
    "Sara", "Jonas", "Amara", "Felix", "Greta",
]  # fmt: skip
LAST = [
    "Ruiz", "Berg", "Okafor", "Lind", "Moreau", "Tanaka", "Novak", "Haddad", "Costa", "Fischer",
    "Patel", "Quinn", "Dahl",
]  # fmt: skip
THINGS = [
    "bridge", "library", "tram line", "school", "harbour wall", "stadium", "market hall",
    "bus depot", "water plant", "bike lane",
]  # fmt: skip
STATES = ["late", "on budget", "too costly", "nearly done", "safe", "popular"]
MONTHS = ["January", "March", "April", "May", "June", "July", "September", "October", "November"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
AREAS = ["north", "river", "old town", "east", "hill"]

# A template is a list of pieces: plain text, or (role, statement number, text) where role is
# "source", "cue" or "content". "{A}" and "{B}" are speakers; the rest are filled at random.
STATEMENT_TEMPLATES = [
    [("source", 0, "{A}"), " ", ("cue", 0, "said"), " ",
     ("content", 0, "the new {thing} opens in {month}"), "."],
    [("source", 0, "{A}"), " ", ("cue", 0, "wrote"), " ",
     ("content", 0, "that the {thing} was {state}"), "."],
    ['"', ("content", 0, "The {thing} is {state}"), '," ', ("source", 0, "{A}"), " ",
     ("cue", 0, "said"), "."],
    [("source", 0, "{A}"), " ", ("cue", 0, "said"), " ", ("content", 0, "the {thing} was {state}"),
     "; ", ("source", 1, "{B}"), " ", ("cue", 1, "said"), " ", ("content", 1, "it was not"), "."],
    [("source", 0, "{A}"), " ", ("cue", 0, "noted"), " ", ("content", 0, "work began in {month}"),
     ", and ", ("source", 1, "{B}"), " ", ("cue", 1, "added"), " ",
     ("content", 1, "it would cost less"), "."],
]  # fmt: skip
FILLERS = [
    "The council met again on {day}.",
    "Work on the {thing} started in {month}.",
    "Traffic was light near the {thing} on {day}.",
    "Residents of the {area} district wrote letters.",
]


class _Unit:
    """One invented sentence: its text and the spans of its statements (relative offsets)."""

    def __init__(self, text: str, parts: dict[tuple[int, str], tuple[int, int]]):
        self.text = text
        self.parts = parts
        self.statements = len({k for k, _ in parts})


def _fill(text: str, rng: random.Random, speakers: dict[str, str]) -> str:
    values = {
        "thing": rng.choice(THINGS),
        "state": rng.choice(STATES),
        "month": rng.choice(MONTHS),
        "day": rng.choice(DAYS),
        "area": rng.choice(AREAS),
        **speakers,
    }
    return text.format(**values)


def _statement_unit(template: list, rng: random.Random) -> _Unit:
    speakers = {key: f"{rng.choice(FIRST)} {rng.choice(LAST)}" for key in ("A", "B")}
    while speakers["B"] == speakers["A"]:
        speakers["B"] = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    text, parts = "", {}
    for piece in template:
        if isinstance(piece, str):
            text += _fill(piece, rng, speakers)
            continue
        role, number, words = piece
        words = _fill(words, rng, speakers)
        parts[(number, role)] = (len(text), len(text) + len(words))
        text += words
    return _Unit(text, parts)


def invented_article(
    doc_id: str,
    statements: int,
    enough: Callable[[int, int], bool],
    seed: int,
) -> Document:
    """An invented article with `statements` suggested statements and one PERSON entity per
    speaker mention, padded with sentences that attribute nothing until `enough(chars, words)`.
    """
    rng = random.Random(seed)
    units: list[_Unit] = []
    count = 0
    while count < statements:
        template = rng.choice(STATEMENT_TEMPLATES)
        unit = _statement_unit(template, rng)
        if count + unit.statements > statements:
            continue
        units.append(unit)
        count += unit.statements
    fillers: list[_Unit] = []
    chars = sum(len(u.text) + 1 for u in units)
    words = sum(len(u.text.split()) for u in units)
    while not enough(chars, words):
        filler = _Unit(_fill(rng.choice(FILLERS), rng, {}), {})
        fillers.append(filler)
        chars += len(filler.text) + 1
        words += len(filler.text.split())
    # Spread the padding evenly between the statements.
    order = [(i / len(units), 0, u) for i, u in enumerate(units)]
    order += [((i + 0.5) / max(1, len(fillers)), 1, u) for i, u in enumerate(fillers)]
    ordered = [u for _, _, u in sorted(order, key=lambda item: item[:2])]
    return _assemble(doc_id, ordered)


def _assemble(doc_id: str, units: list[_Unit]) -> Document:
    pieces, offsets, position = [], [], 0
    for n, unit in enumerate(units):
        separator = "" if n == 0 else ("\n\n" if n % 5 == 0 else " ")
        position += len(separator)
        pieces.append(separator + unit.text)
        offsets.append(position)
        position += len(unit.text)
    doc = Document(doc_id, "".join(pieces), {"title": f"Invented article {doc_id}"})
    sources: dict[str, Source] = {}
    for unit, base in zip(units, offsets, strict=True):
        numbers = sorted({k for k, _ in unit.parts})
        for k in numbers:
            source = doc.span(*(base + x for x in unit.parts[(k, "source")]))
            cue = doc.span(*(base + x for x in unit.parts[(k, "cue")]))
            content = doc.span(*(base + x for x in unit.parts[(k, "content")]))
            speaker = sources.get(source.text)
            if speaker is None:
                speaker = Source(f"s{len(sources) + 1}", source.text, kind=SourceKind.PERSON)
                sources[source.text] = speaker
            speaker.mentions.append(source)
            direct = content.start < cue.start
            doc.statements.append(
                Statement(
                    id=f"q{len(doc.statements) + 1}",
                    cue=cue,
                    content=[content],
                    source=source,
                    source_id=speaker.id,
                    kind=StatementKind.DIRECT if direct else StatementKind.INDIRECT,
                    confidence=0.8,
                )
            )
            doc.entities.append(Entity(source.start, source.end, source.text, "PERSON"))
    doc.sources = list(sources.values())
    return doc


# ------------------------------------------------------------------- the seed article

SEED_CUE = re.compile(
    r"\b(said|says|told|added|stated|noted|stressed|explained|emphasized|accused|warned|"
    r"reaffirmed|confirmed|reported)\b"
)
SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
SEED_ENTITIES = {
    "Hamas": "ORG",
    "Cairo": "GPE",
    "Gaza": "GPE",
    "Israel": "GPE",
    "Benjamin Netanyahu": "PERSON",
}


def seed_article(doc_id: str) -> Document:
    """The bundled seed article with invented suggestions: one statement per sentence with a
    speech verb (the few words before the cue speak, the rest of the sentence is the content)
    and a few entities."""
    doc = read_text_document(SEED)
    doc = Document(doc_id, doc.text, dict(doc.meta))
    for sentence in SENTENCE.finditer(doc.text):
        cue = SEED_CUE.search(doc.text, sentence.start(), sentence.end())
        if cue is None or sentence.end() - cue.end() < 5:
            continue
        before = doc.text[sentence.start() : cue.start()].split()
        if not before:
            continue
        speaker_words = " ".join(before[-3:])
        speaker_start = doc.text.rindex(speaker_words, sentence.start(), cue.start())
        speaker = doc.span(speaker_start, speaker_start + len(speaker_words))
        content_end = sentence.end() - (1 if doc.text[sentence.end() - 1] in ".!?" else 0)
        source = Source(f"s{len(doc.sources) + 1}", speaker.text, mentions=[speaker])
        doc.sources.append(source)
        doc.statements.append(
            Statement(
                id=f"q{len(doc.statements) + 1}",
                cue=doc.span(cue.start(), cue.end()),
                content=[doc.span(cue.end() + 1, content_end)],
                source=speaker,
                source_id=source.id,
                confidence=0.7,
            )
        )
    for name, label in SEED_ENTITIES.items():
        for match in re.finditer(re.escape(name), doc.text):
            doc.entities.append(Entity(match.start(), match.end(), name, label))
    doc.entities.sort(key=lambda e: e.start)
    return doc


# ------------------------------------------------------------------------ measuring


#: What one press is split into (see `Bench.press`); frame = the longer of key and applied.
PRESS_FIGURES = ("key", "applied", "frame", "key_cpu", "applied_cpu", "frame_cpu", "saved")


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def cpu_ms_since(start: float) -> float:
    """CPU time of the calling thread since `start` (a `time.thread_time()`), in ms."""
    return (time.thread_time() - start) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "max": max(values),
        "n": len(values),
    }


def settle(app: QApplication, milliseconds: float) -> None:
    """Let the event loop run for a while (queued signals, timers, lazy layout)."""
    end = time.perf_counter() + milliseconds / 1000
    while time.perf_counter() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.001)


class Baseline:
    """A bare QTextEdit with the long text: one highlight moved and repainted per step."""

    def __init__(self, text: str, spans: list[tuple[int, int]], size) -> None:
        self.edit = QTextEdit()
        self.edit.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.edit.setReadOnly(True)
        self.edit.setPlainText(text)
        self.edit.resize(size)
        self.edit.move(0, 0)
        self.edit.show()
        self._spans = spans
        self._step = 0
        self._format = QTextCharFormat()
        self._format.setBackground(QColor("#D6E6FF"))

    def step(self, app: QApplication) -> tuple[float, float]:
        """(wall ms, GUI-thread CPU ms) of one highlight moved and painted."""
        start, end = self._spans[self._step % len(self._spans)]
        self._step += 1
        began, began_cpu = time.perf_counter(), time.thread_time()
        cursor = QTextCursor(self.edit.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = self._format
        self.edit.setExtraSelections([selection])
        app.processEvents()
        self.edit.repaint()  # the whole widget now, as `Bench.paint` does the window
        return ms_since(began), cpu_ms_since(began_cpu)

    def open(self, app: QApplication, text: str) -> float:
        """setPlainText of `text` and a repaint: what showing a text costs Qt alone."""
        self.edit.setPlainText("")
        app.processEvents()
        began = time.perf_counter()
        self.edit.setPlainText(text)
        app.processEvents()
        self.edit.repaint()
        return ms_since(began)

    def close(self) -> None:
        self.edit.close()


class KeyReleases(QObject):
    """Event filter noting when each release of `key` reaches the watched widget.

    A press is handled (the accept shortcut ran) before its release is delivered, so the
    n-th release marks the n-th press done.
    """

    def __init__(self, key: Qt.Key) -> None:
        super().__init__()
        self._key = key
        self.times: list[float] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyRelease and event.key() == self._key:
            self.times.append(time.perf_counter())
        return False


class Bench:
    """The window on a fresh database, and the measurements made on it."""

    def __init__(self, app: QApplication, folder: Path, presses: int) -> None:
        self.app = app
        self.presses = presses
        self.database = folder / "annotator.sqlite3"
        self.seed_doc = seed_article("a-seed-00")
        per_seed = len(self.seed_doc.statements)
        # Copies of the seed, so that every timed press accepts a statement still undecided.
        copies = math.ceil((presses + WARM_UP) / per_seed)
        self.seed_ids = [f"a-seed-{n:02d}" for n in range(copies + 1)]  # +1: opened between
        self.long_doc = invented_article(
            "b-long", LONG_STATEMENTS, lambda chars, _words: chars >= LONG_CHARS, seed=1
        )
        self.huge_doc = invented_article(
            "c-huge", HUGE_STATEMENTS, lambda _chars, words: words >= HUGE_WORDS, seed=2
        )
        started = time.perf_counter()
        with Workspace.open(str(self.database), USER) as workspace:
            for doc_id in self.seed_ids:
                copy = seed_article(doc_id)
                workspace.add_document(copy, pipeline=PIPELINE)
            workspace.add_document(self.long_doc, pipeline=PIPELINE)
            workspace.add_document(self.huge_doc, pipeline=PIPELINE)
        self.import_seconds = time.perf_counter() - started
        self.checker = Workspace.open(str(self.database), USER)

    # ---------------------------------------------------------------- the window
    def start_window(self, folder: Path) -> None:
        from annotator.qt.main_window import MainWindow

        loaded = []

        def load_nlp():
            loaded.append(time.perf_counter())
            return object()  # no spaCy: the stored documents already have suggestions

        self.workspace = Workspace.open(str(self.database), USER)
        ui_store = QSettings(str(folder / "ui-state.ini"), QSettings.Format.IniFormat)
        settings = Settings(database=str(self.database), user=USER)
        self.window = MainWindow(settings, self.workspace, load_nlp=load_nlp, ui_store=ui_store)
        self.window.show()
        self.window.start()
        deadline = time.perf_counter() + 30
        while not loaded and time.perf_counter() < deadline:
            settle(self.app, 20)
        if not loaded:
            raise SystemExit("the window never asked for the language model")
        settle(self.app, 300)  # the model-ready signal and the first document's layout
        expected = len(self.seed_ids) + 2
        if self.checker.document_count() != expected:
            raise SystemExit("the window imported documents at start: measurements would mix")
        self.activate()

    def activate(self) -> None:
        """Shortcuts (the accept key is one) need the window to be the active one."""
        self.window.activateWindow()
        deadline = time.perf_counter() + 5
        while not self.window.isActiveWindow() and time.perf_counter() < deadline:
            settle(self.app, 10)
        if not self.window.isActiveWindow():
            raise SystemExit("the main window did not become active: shortcuts would not fire")
        self.window.statements.view.setFocus()

    def open(self, doc_id: str) -> None:
        self.window.review.open_document(doc_id)
        self.app.processEvents()
        self.window.repaint()

    def paint(self) -> None:
        """Handle what is queued, then paint the whole window now. Qt would paint only what
        changed, a few ms later (the platform's update timer); painting everything at once is
        the upper bound and keeps the figure free of that wait."""
        self.app.processEvents()
        self.window.repaint()

    def press(self) -> dict[str, float]:
        """One accept, split as the GUI thread lives it (the commit runs on the writer thread).

        key: the key press handled (the selection moves on, the write is handed over) and
        the window painted; applied: once the commit has returned, the GUI thread's work
        for it (the change patched into the view, the status bar, the next key's turn) and
        the window painted; saved: from the press until the edit is saved and shown (wall time, the
        writer's `fsync` included). `key` and `applied` are the frames a user can see stall;
        each is also taken as the GUI thread's CPU time (`*_cpu`), which the other jobs of a
        shared machine do not inflate.
        """
        review = self.window.review
        began, began_cpu = time.perf_counter(), time.thread_time()
        QTest.keyClick(self.window.statements.view, Qt.Key.Key_A)
        self.paint()
        key, key_cpu = ms_since(began), cpu_ms_since(began_cpu)
        # The commit starts a frame after the key (`write_queue.COMMIT_AFTER_MS`): let the
        # event loop hand it over, then wait, without turning the loop, for the writer
        # thread to finish: a no-op queued behind the write returns once it has committed.
        writes = review.writes
        while writes._in_flight is not None and not writes._in_flight.started:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1)
        writes._writer.submit(lambda: None).result()
        applying, applying_cpu = time.perf_counter(), time.thread_time()
        self.paint()
        applied, applied_cpu = ms_since(applying), cpu_ms_since(applying_cpu)
        while not review.idle:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        return {
            "key": key,
            "applied": applied,
            "key_cpu": key_cpu,
            "applied_cpu": applied_cpu,
            "saved": ms_since(began),
        }

    def accepted(self, doc_id: str) -> int:
        doc = self.checker.load_document(doc_id)
        return sum(1 for s in doc.statements if s.status is Status.ACCEPTED)

    def expect_accepted(self, doc_id: str, count: int, what: str) -> None:
        found = self.accepted(doc_id)
        if found != count:
            raise SystemExit(f"{what}: {found} statements of {doc_id} accepted, {count} expected")

    # -------------------------------------------------------------- measurements
    def measure_presses(self, baseline: Baseline) -> dict[str, dict]:
        results = {}
        seed_docs = iter(self.seed_ids[:-1])
        per_seed = len(self.seed_doc.statements)
        state = {"doc": None, "left": 0, "pressed": {}}

        def seed_press() -> float:
            if state["left"] == 0:  # this copy is all decided: open the next one, untimed
                state["doc"] = next(seed_docs)
                state["left"] = per_seed
                self.open(state["doc"])
            state["left"] -= 1
            state["pressed"][state["doc"]] = state["pressed"].get(state["doc"], 0) + 1
            return self.press()

        results["seed"] = self._series(seed_press, baseline)
        for doc_id, count in state["pressed"].items():
            self.expect_accepted(doc_id, count, "seed presses")
        self.open(self.long_doc.id)
        results["long"] = self._series(self.press, baseline)
        self.expect_accepted(self.long_doc.id, WARM_UP + self.presses, "long article presses")
        return results

    def _series(self, press: Callable[[], dict[str, float]], baseline: Baseline) -> dict:
        for _ in range(WARM_UP):
            press()
            baseline.step(self.app)
        app_runs: list[dict[str, float]] = []
        base_ms: list[tuple[float, float]] = []
        block = 0
        while len(app_runs) < self.presses:
            size = min(BLOCK, self.presses - len(app_runs))
            runs = [(app_runs, press), (base_ms, lambda: baseline.step(self.app))]
            for into, action in runs if block % 2 == 0 else reversed(runs):  # who goes first
                settle(self.app, SETTLE_MS)
                for _ in range(size):
                    into.append(action())
            block += 1
        for run in app_runs:  # the longer GUI-thread block of the two
            run["frame"] = max(run["key"], run["applied"])
            run["frame_cpu"] = max(run["key_cpu"], run["applied_cpu"])
        base = summary([wall for wall, _cpu in base_ms])
        base_cpu = summary([cpu for _wall, cpu in base_ms])
        figures = {name: summary([run[name] for run in app_runs]) for name in PRESS_FIGURES}
        ratio = {
            name: {
                key: figures[name][key] / (base_cpu if name.endswith("_cpu") else base)[key]
                for key in ("p50", "p95", "max")
            }
            for name in PRESS_FIGURES
            if name != "saved"
        }
        return {
            "ms": figures,
            "baseline_ms": base,
            "baseline_cpu_ms": base_cpu,
            "ratio": ratio,
            "runs_ms": [{k: round(v, 2) for k, v in run.items()} for run in app_runs],
            "baseline_runs_ms": [[round(v, 3) for v in run] for run in base_ms],
        }

    def measure_open(self, baseline: Baseline) -> dict:
        app_ms, base_ms = [], []
        for _ in range(OPENS):
            self.open(self.seed_ids[-1])  # another document first: opening one shown is a no-op
            settle(self.app, SETTLE_MS)
            began = time.perf_counter()
            self.window.review.open_document(self.huge_doc.id)
            self.app.processEvents()
            self.window.repaint()
            app_ms.append(ms_since(began))
            if self.window.article.view.toPlainText()[:200] != self.huge_doc.text[:200]:
                raise SystemExit("open: the article view does not show the opened article")
            settle(self.app, 2 * SETTLE_MS)  # the rest of the 30,000 words is laid out lazily
            base_ms.append(baseline.open(self.app, self.huge_doc.text))
        base_ms_median = sorted(base_ms)[len(base_ms) // 2]
        app_median = sorted(app_ms)[len(app_ms) // 2]
        return {
            "ms": {"median": app_median, "min": min(app_ms), "max": max(app_ms)},
            "runs_ms": app_ms,
            "baseline_ms": {"median": base_ms_median, "runs": base_ms},
            "ratio": app_median / base_ms_median,
        }

    def measure_burst(self, baseline_p50: float) -> dict:
        """Post BURST accept presses at once; the longest gap between 5 ms ticks is the stall."""
        self.open(self.long_doc.id)
        self.activate()
        settle(self.app, SETTLE_MS)
        before = self.accepted(self.long_doc.id)
        view = self.window.statements.view
        releases = KeyReleases(Qt.Key.Key_A)
        view.installEventFilter(releases)
        ticks: list[float] = []
        saved_at: list[float] = []
        posted = math.inf
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(TICK_MS)
        loop = QEventLoop()

        def tick() -> None:
            now = time.perf_counter()
            ticks.append(now)
            settled = len(releases.times) >= BURST and self.window.review.idle
            if settled and now - releases.times[-1] > 0.05:
                saved_at.append(now)
                loop.quit()
            elif now - posted > 120:
                loop.quit()  # something is stuck: stop, the check below will say so

        timer.timeout.connect(tick)
        timer.start()
        settle(self.app, 250)  # idle ticks first: the timer's own jitter
        idle = [b - a for a, b in pairwise(ticks)]
        first = len(ticks) - 1
        posted = time.perf_counter()
        for _ in range(BURST):  # queued: they wait in the event loop, as fast typing would
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
                QApplication.postEvent(view, event)
        loop.exec()
        timer.stop()
        view.removeEventFilter(releases)
        done = time.perf_counter()
        gaps = [b - a for a, b in pairwise(ticks[first:])]
        self.expect_accepted(self.long_doc.id, before + BURST, "burst")
        stall = max(gaps) * 1000
        return {
            "presses": BURST,
            "max_stall_ms": stall,
            "ratio": stall / baseline_p50,
            "all_handled_ms": (releases.times[-1] - posted) * 1000,
            "all_saved_ms": (saved_at[0] - posted) * 1000 if saved_at else math.nan,
            "idle_max_gap_ms": max(idle) * 1000,
            "ticks": len(ticks) - first,
            "measured_ms": (done - posted) * 1000,
        }

    def close(self) -> None:
        self.window.close()
        self.app.processEvents()
        self.workspace.close()
        self.checker.close()


def describe(doc: Document) -> dict:
    marks = len(doc.entities) + sum(
        len(s.content) + 1 + (s.source is not None) for s in doc.statements
    )
    return {
        "id": doc.id,
        "chars": len(doc.text),
        "bytes": len(doc.text.encode("utf-8")),
        "words": len(doc.text.split()),
        "statements": len(doc.statements),
        "entities": len(doc.entities),
        "highlights": marks,
    }


def commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def quiet_offscreen_warnings() -> None:
    """Drop the offscreen platform's "This plugin does not support …" lines; keep the rest."""

    def handler(_mode: QtMsgType, _context, message: str) -> None:
        if not message.startswith("This plugin does not support"):
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=100, help="timed presses per article")
    parser.add_argument("--json", action="store_true", help="print one JSON object, nothing else")
    args = parser.parse_args()
    say = (lambda *_a, **_k: None) if args.json else print
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="annotator-bench-gui-") as name:
        folder = Path(name)
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
                QSettings.setPath(fmt, scope, str(folder / "qsettings"))  # never the user's
        from annotator.qt.app import create_application

        quiet_offscreen_warnings()
        app = create_application([sys.argv[0]])
        bench = Bench(app, folder, args.presses)
        docs = {
            "seed": describe(bench.seed_doc),
            "long": describe(bench.long_doc),
            "huge": describe(bench.huge_doc),
        }
        say(f"annotator from {Path(annotator.__file__).parent} at {commit()}")
        for key, doc in docs.items():
            say(
                f"{key}: {doc['chars']:,} characters, {doc['words']:,} words, "
                f"{doc['statements']:,} statements, {doc['entities']:,} entities, "
                f"{doc['highlights']:,} highlights"
            )
        say(
            f"database: {len(bench.seed_ids)} seed copies + 2 invented articles, "
            f"imported in {bench.import_seconds:.1f} s"
        )
        bench.start_window(folder)
        baseline = Baseline(
            bench.long_doc.text,
            [(s.cue.start, s.content[0].end) for s in bench.long_doc.statements],
            bench.window.article.view.size(),
        )
        bench.activate()
        results: dict = {"commit": commit(), "documents": docs}
        results["press"] = bench.measure_presses(baseline)
        for key, label in (("seed", "seed article"), ("long", "long article")):
            r = results["press"][key]
            base = r["baseline_ms"]
            cpu = r["baseline_cpu_ms"]
            say(
                f"press A, {label} ({r['ms']['saved']['n']} presses) | baseline (bare QTextEdit "
                f"highlight update) p50 {base['p50']:.2f} ms, p95 {base['p95']:.2f} ms; "
                f"CPU p50 {cpu['p50']:.2f} ms, p95 {cpu['p95']:.2f} ms"
            )
            for name in PRESS_FIGURES:
                ms = r["ms"][name]
                ratio = r["ratio"].get(name)
                times = (
                    f" | ratio p50 {ratio['p50']:.0f}×, p95 {ratio['p95']:.0f}×" if ratio else ""
                )
                say(
                    f"  {name:>11}: p50 {ms['p50']:.1f} ms, p95 {ms['p95']:.1f} ms, "
                    f"max {ms['max']:.1f} ms{times}"
                )
        results["open"] = bench.measure_open(baseline)
        r = results["open"]
        say(
            f"open 30,000-word article ({docs['huge']['highlights']:,} highlights) → repainted: "
            f"median {r['ms']['median']:.0f} ms (runs "
            f"{', '.join(f'{v:.0f}' for v in r['runs_ms'])} ms) | bare QTextEdit setPlainText "
            f"median {r['baseline_ms']['median']:.0f} ms | ratio {r['ratio']:.1f}×"
        )
        baseline_p50 = results["press"]["long"]["baseline_ms"]["p50"]
        results["burst"] = bench.measure_burst(baseline_p50)
        r = results["burst"]
        say(
            f"{BURST} queued presses, long article: longest event-loop stall "
            f"{r['max_stall_ms']:.0f} ms ({r['ratio']:.0f}× the baseline p50); keys handled "
            f"after {r['all_handled_ms']:.0f} ms, all saved after {r['all_saved_ms']:.0f} ms; "
            f"idle timer jitter {r['idle_max_gap_ms']:.1f} ms"
        )
        baseline.close()
        bench.close()
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    results["machine"] = {
        "platform": platform.platform(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "qt": qVersion(),
        "qpa": os.environ.get("QT_QPA_PLATFORM"),
        "load_average": load,
    }
    results["seconds"] = time.perf_counter() - started
    say(
        f"machine: {results['machine']['platform']}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, PySide6 {PySide6.__version__} (Qt {qVersion()}), "
        f"load average {load[0]:.2f}; {results['seconds']:.0f} s in all"
    )
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
