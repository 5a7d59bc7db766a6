"""Team mode: how many saves are refused, how many of those refusals were due, nothing lost.

Two windows review the same article (K suggested statements) in a random, seeded order:
each step one of them accepts or rejects a random statement. A window loads the document
when it opens and again after a refused save (as the app's window does: between its own
edits it patches its view from the change, it does not reload).

A refusal is *due* when what that window's user sees of the statement changed since the
window loaded it: their own decision, changed in their other window (same user). Anything
else refused is a spurious conflict; a save that should have been refused but landed is a
missed conflict (a lost update). At the end each user's view is compared with the last save
each of their windows was told had landed: a difference is data lost.

    .venv/bin/python benchmarks/bench_team_conflicts.py                     # dana and lee
    .venv/bin/python benchmarks/bench_team_conflicts.py --same-user         # dana twice
    .venv/bin/python benchmarks/bench_team_conflicts.py --url postgresql+psycopg://…/empty_db

Figures are recorded in docs/RELIABILITY.md, section "Store and command line". Uses only
`Workspace` and `EditConflict`, so the same script measures any version of the app.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.commands import AcceptStatement, RejectStatement
from annotator.core.model import Document, Statement, Status
from annotator.services.workspace import Workspace
from annotator.store.errors import EditConflict

DOC_ID = "team-article"
PIPELINE = {"name": "bench-synthetic", "version": "1", "tool": "bench_team_conflicts.py"}


def article(statements: int) -> Document:
    """An article of `statements` sentences, each a suggested statement: "X said that …"."""
    sentences = [f"Speaker {n} said that plan {n} would work. " for n in range(statements)]
    doc = Document(id=DOC_ID, text="".join(sentences))
    start = 0
    for n, sentence in enumerate(sentences):
        cue = start + sentence.index("said")
        content = (cue + len("said "), start + len(sentence) - 2)
        doc.statements.append(
            Statement(f"q{n}", doc.span(cue, cue + 4), [doc.span(*content)], confidence=0.5)
        )
        start += len(sentence)
    return doc


@dataclass
class Window:
    """One open window: its workspace, and what its user's view should be."""

    name: str
    workspace: Workspace
    #: Statements changed by the user's other window since this one loaded the document.
    changed_elsewhere: set[str] = field(default_factory=set)
    tried: int = 0
    refused: int = 0
    spurious: int = 0
    missed: int = 0

    def load(self) -> None:
        self.workspace.load_document(DOC_ID)
        self.changed_elsewhere.clear()


def run(url: str, users: tuple[str, str], statements: int, edits: int, seed: int) -> dict:
    rng = random.Random(seed)
    with Workspace.open(url, users[0]) as first, Workspace.open(url, users[1]) as second:
        first.add_document(article(statements), pipeline=PIPELINE)
        windows = [Window(f"window {n} ({ws.user})", ws) for n, ws in enumerate((first, second), 1)]
        for window in windows:
            window.load()
        expected: dict[tuple[str, str], Status] = {}
        for _ in range(edits):
            window = rng.choice(windows)
            statement = f"q{rng.randrange(statements)}"
            accept = rng.random() < 0.5
            command = (AcceptStatement if accept else RejectStatement)(DOC_ID, statement)
            due = statement in window.changed_elsewhere
            window.tried += 1
            try:
                window.workspace.apply(command)
            except EditConflict:
                window.refused += 1
                window.spurious += not due
                window.load()
                continue
            window.missed += due
            user = window.workspace.user
            expected[(user, statement)] = Status.ACCEPTED if accept else Status.REJECTED
            for other in windows:
                if other is not window and other.workspace.user == user:
                    other.changed_elsewhere.add(statement)
        lost = sum(
            statement.status is not expected.get((ws.user, statement.id), Status.SUGGESTED)
            for ws in (first, second)
            for statement in ws.load_document(DOC_ID).statements
        )
    return {"windows": windows, "lost": lost}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--same-user", action="store_true", help="both windows are dana's")
    parser.add_argument("--statements", type=int, default=10)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    users = ("dana", "dana") if args.same_user else ("dana", "lee")
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or str(Path(folder) / "team.sqlite3")
        result = run(url, users, args.statements, args.edits, args.seed)
    print(f"{args.edits} edits of {args.statements} statements, users {users}, seed {args.seed}")
    for w in result["windows"]:
        share = 100 * w.refused / max(w.tried, 1)
        print(
            f"  {w.name}: {w.tried} tried, {w.refused} refused ({share:.1f} %), "
            f"{w.spurious} spurious, {w.missed} missed (lost updates)"
        )
    print(f"  views differing from the last acknowledged save: {result['lost']}")


if __name__ == "__main__":
    main()
