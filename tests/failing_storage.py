"""Storage that fails the way a user's does: damaged files, read-only folders, full disks,
locks held by another process. Helpers of the store and command-line tests.

Real conditions where the machine allows them: a folder is made read-only with its
permissions (which root ignores: as root, a read-only bind mount stands in, or the test is
skipped) and a full disk is a tiny tmpfs (root only, else skipped). Each of those tests has a
twin that simulates the failure at the boundary, so the behaviour is tested everywhere.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def files_in(folder: Path) -> list[str]:
    """Every name in `folder` (hidden temporary files included), sorted."""
    return sorted(p.name for p in folder.iterdir())


def truncate(path: Path, keep: int = 20_000) -> None:
    """Cut the file short, as a copy interrupted half-way would be."""
    path.write_bytes(path.read_bytes()[:keep])


def damage_an_index(path: Path) -> None:
    """Overwrite one page of an index with garbage: the tables still read, the file is
    damaged (SQLite's integrity check fails). The database must be closed (checkpointed)."""
    connection = sqlite3.connect(path)
    try:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_audit_object'"
        ).fetchone()
    finally:
        connection.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)


def use_delete_journal(path: Path) -> None:
    """Switch a database from WAL to the rollback journal (as old copies and other tools
    leave them), where a writer's lock keeps readers out."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()


@contextmanager
def lock_held_by_another_process(path: Path) -> Iterator[None]:
    """Another process holds `path`'s exclusive lock (a writer in the middle of a commit)."""
    code = (
        "import sqlite3, sys, time\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        "time.sleep(120)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait()


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """`folder` (already filled) made read-only for this process; restored afterwards.

    Its permissions for a normal user; as root, who ignores them, a read-only bind mount of
    it (skipped where mounting is not allowed).
    """
    if not _is_root():
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
        try:
            yield folder
        finally:
            folder.chmod(stat.S_IRWXU)
        return
    view = folder.with_name(f"{folder.name}-ro-{uuid.uuid4().hex[:6]}")
    view.mkdir()
    if not _mount(["--bind", str(folder), str(view)]):
        view.rmdir()
        pytest.skip("running as root without permission to mount: no read-only folder")
    try:
        if not _mount(["-o", "remount,bind,ro", str(view)]):
            pytest.skip("cannot remount read-only")
        yield view
    finally:
        _unmount(view)
        view.rmdir()


@contextmanager
def full_disk(folder: Path, size: str = "256k") -> Iterator[Path]:
    """A fresh folder on a disk of `size` (a tmpfs; root only, else skipped)."""
    folder.mkdir()
    if not (_is_root() and _mount(["-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)])):
        pytest.skip("a full disk needs a tmpfs, which only root may mount here")
    try:
        yield folder
    finally:
        _unmount(folder)


def _mount(arguments: list[str]) -> bool:
    if shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", *arguments], capture_output=True).returncode == 0


def _unmount(path: Path) -> None:
    if subprocess.run(["umount", str(path)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


class FillingFile:
    """A file whose disk fills up: `write` stores `room` characters, then fails as a full
    disk does (ENOSPC), leaving what fitted behind, as a real partial write would."""

    def __init__(self, handle, room: int):
        self._handle = handle
        self._room = room

    def write(self, text: str) -> int:
        if len(text) > self._room:
            self._handle.write(text[: self._room])
            self._handle.flush()
            self._room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(text)
        return self._handle.write(text)

    def __getattr__(self, name: str):
        return getattr(self._handle, name)


def disk_fills_after(monkeypatch, room: int) -> None:
    """Make the next output files (services/output.py) hit a full disk after `room`
    characters: the failure simulated where the app meets the file system."""
    from annotator.services import output

    real = os.fdopen

    def fdopen(fd, *args, **kwargs):
        return FillingFile(real(fd, *args, **kwargs), room)

    monkeypatch.setattr(output.os, "fdopen", fdopen)
