"""Durability on SQLite: the settings on every connection, and edits that survive SIGKILL."""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import random
import signal
import sqlite3
from pathlib import Path

import pytest
from workspace_fixtures import PIPELINE, apply_edits, seed_document

from annotator.services.workspace import Workspace
from annotator.store.engine import create_store_engine


@pytest.mark.parametrize("writer", [True, False])
def test_every_connection_gets_the_durability_settings(tmp_path, writer):
    Workspace.open(str(tmp_path / "a.sqlite3"), "dana").close()
    engine = create_store_engine(f"sqlite:///{tmp_path / 'a.sqlite3'}", writer=writer)
    # Two connections at once: the settings are per connection, not per file.
    first, second = engine.raw_connection(), engine.raw_connection()
    try:
        for connection in (first, second):
            cursor = connection.cursor()
            pragma = lambda name, c=cursor: c.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 2  # FULL
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == 5000
    finally:
        first.close()
        second.close()
        engine.dispose()


def edit_processes() -> multiprocessing.context.BaseContext:
    """Children forked from a server that has imported the app once: a kill every ~50 ms,
    not an interpreter start per kill. (The server is a fresh interpreter with no threads.)"""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["workspace_fixtures", "annotator.services.workspace"])
    return context


@pytest.mark.slow
def test_every_edit_reported_committed_survives_sigkill(tmp_path):
    path = tmp_path / "killed.sqlite3"
    with Workspace.open(str(path), "dana") as ws:
        ws.add_document(seed_document(), pipeline=PIPELINE)
    rng = random.Random(20261125)
    committed: list[str] = []
    for round_number in range(30):
        committed += _run_and_kill(path, f"r{round_number}", rng)
    assert len(committed) >= 30
    with Workspace.open(str(path), "dana") as ws:
        present = {s.id for s in ws.load_document(seed_document().id).statements}
    assert set(committed) <= present
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        # Atomic edits: each one's statement, audit row and undo entry, or none of them.
        counts = [
            connection.execute(f"SELECT count(*) FROM {table} WHERE annotator = 'dana'").fetchone()
            for table in ("statement", "audit_log", "undo_log")
        ]
        assert counts[0] == counts[1] == counts[2]
        assert counts[0][0] >= len(committed)


def _run_and_kill(path: Path, prefix: str, rng: random.Random) -> list[str]:
    """Start a child applying edits; SIGKILL it after a random number of them."""
    context = edit_processes()
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=apply_edits, args=(str(path), prefix, writer))
    child.start()
    writer.close()
    reported = []
    try:
        for _ in range(rng.randint(1, 12)):
            if not reader.poll(60):
                break
            reported.append(reader.recv())
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.join()
    while reader.poll(5):  # ids sent before the kill; EOF once the child is gone
        try:
            reported.append(reader.recv())
        except EOFError:
            break
    assert reported, "the child never committed an edit"
    return reported
