"""The command line on hostile files and databases: one line saying what to do, never a
traceback, and nothing half-written left behind.

In-process (`main([...])`) where the failure is simulated at the boundary; in a separate
process where it is real.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from child_processes import child_environment
from failing_storage import (
    damage_an_index,
    disk_fills_after,
    files_in,
    full_disk,
    lock_held_by_another_process,
    read_only_folder,
    truncate,
    use_delete_journal,
)
from workspace_fixtures import PIPELINE, seed_document

from annotator.cli import main
from annotator.services.workspace import Workspace

#: Export every document with the model's suggestions, not only the reviewed gold.
EVERYTHING = ("--documents", "all", "--include-suggestions")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_c4a08ac13a47bd9f.txt"


@pytest.fixture(autouse=True)
def user_folders(tmp_path, monkeypatch):
    """Settings of a user of our own: a data folder in tmp_path, the user "dana"."""
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("ANNOTATOR_USER", "dana")


@pytest.fixture
def database(tmp_path) -> Path:
    """A closed database holding 40 documents (an export of a few hundred kB)."""
    path = tmp_path / "db" / "annotations.sqlite3"
    docs = []
    for n in range(40):
        doc = seed_document()
        doc.id = f"doc{n:02}"
        docs.append(doc)
    with Workspace.open(str(path), "dana") as ws:
        ws.add_documents(docs, pipeline=PIPELINE)
    return path


def run(capsys, *args) -> tuple[int, str]:
    """Exit status and standard error of `annotator ARGS`, run in this process."""
    status = main([str(a) for a in args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return status, err


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------------ db backup


def test_backup_of_a_text_file(tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("milk, eggs\n")
    status, err = run(capsys, "--db", notes, "db", "backup", tmp_path / "backup.sqlite3")
    assert status == 2
    assert "notes.txt is not an annotator database" in err
    assert not (tmp_path / "backup.sqlite3").exists()


def test_backup_of_a_truncated_file(database, tmp_path, capsys):
    truncate(database)
    status, err = run(capsys, "--db", database, "db", "backup", tmp_path / "out" / "b.sqlite3")
    assert status == 2
    assert "is damaged" in err and "Restore it from a backup" in err
    assert files_in(tmp_path / "out") == []


def test_backup_of_a_damaged_database(database, tmp_path, capsys):
    damage_an_index(database)
    status, err = run(capsys, "--db", database, "db", "backup", tmp_path / "out" / "b.sqlite3")
    assert status == 2
    assert "is damaged" in err
    assert files_in(tmp_path / "out") == []


def test_backup_of_a_postgresql_url(tmp_path, capsys):
    url = "postgresql://dana:s3cret@db.example.org/annotations"
    status, err = run(capsys, "--db", url, "db", "backup", tmp_path / "b.sqlite3")
    assert status == 2
    assert "pg_dump" in err and "s3cret" not in err


def test_backup_onto_an_existing_name(database, tmp_path, capsys):
    taken = tmp_path / "taken.sqlite3"
    taken.write_text("precious")
    status, err = run(capsys, "--db", database, "db", "backup", taken)
    assert status == 2
    assert "already exists; choose another name" in err
    assert taken.read_text() == "precious"


def test_backup_of_a_locked_database_times_out_with_a_message(database, tmp_path):
    """A real lock in another process, the CLI in a third one: it must end, and say why,
    after the wait the user set (one second here; five by default)."""
    use_delete_journal(database)
    env = child_environment({**os.environ, "ANNOTATOR_LOCK_WAIT_SECONDS": "1"})
    with lock_held_by_another_process(database):
        result = subprocess.run(
            [sys.executable, "-m", "annotator", "--db", str(database), "db", "backup",
             str(tmp_path / "out" / "b.sqlite3")],
            capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env,
        )  # fmt: skip
    assert result.returncode == 2
    assert "locked by another program (waited 1 s)" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_in(tmp_path / "out") == []


def test_backup_into_a_read_only_folder(database, tmp_path, capsys):
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    with read_only_folder(shelf) as folder:
        status, err = run(capsys, "--db", database, "db", "backup", folder / "b.sqlite3")
        assert files_in(folder) == []
    assert status == 2
    assert "cannot write the backup" in err


def test_backup_onto_a_full_disk(database, tmp_path, capsys):
    with full_disk(tmp_path / "small", size="128k") as small:
        status, err = run(capsys, "--db", database, "db", "backup", small / "b.sqlite3")
        assert files_in(small) == []
    assert status == 2
    assert "disk is full" in err


# ------------------------------------------------------------------------------- db check


def test_check_of_a_folder(tmp_path, capsys):
    status = main(["--db", str(tmp_path), "db", "check"])
    out = capsys.readouterr().out
    assert status == 1
    assert "is a folder" in out and "does not exist" not in out


def test_check_of_a_locked_database_says_locked(database, capsys, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_LOCK_WAIT_SECONDS", "0.5")  # the default waits 5 s
    use_delete_journal(database)
    with lock_held_by_another_process(database):
        status = main(["--db", str(database), "db", "check"])
    out = capsys.readouterr().out
    assert status == 2
    assert "locked by another program (waited 0.5 s)" in out
    assert "does not match" not in out and "damaged" not in out


def test_check_of_a_database_in_a_read_only_folder_is_ok(database, capsys):
    with read_only_folder(database.parent) as folder:
        status = main(["--db", str(folder / database.name), "db", "check"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "not checked (the database is read-only)" in out
    assert "does not match" not in out


# ------------------------------------------------------------------------- other databases


def test_a_mysql_url_is_refused_naming_what_works(tmp_path, capsys):
    url = "mysql://dana:s3cret@db.example.org/annotations"
    status, err = run(capsys, "--db", url, "export", *EVERYTHING, "-o", tmp_path / "x.jsonl")
    assert status == 2
    assert "SQLite files and PostgreSQL servers, not mysql" in err
    assert "s3cret" not in err


def test_a_postgresql_url_without_the_driver_says_what_to_install(tmp_path):
    """The driver missing, simulated where the app imports it (a None in sys.modules makes
    `import psycopg` fail as if it were not installed)."""
    code = (
        "import sys\n"
        "sys.modules['psycopg'] = None\n"
        "from annotator.cli import main\n"
        "raise SystemExit(main(sys.argv[1:]))\n"
    )
    url = "postgresql://dana@127.0.0.1:9/annotations"
    result = subprocess.run(
        [sys.executable, "-c", code, "--db", url, "export", "-o", str(tmp_path / "x.jsonl")],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, env=child_environment(),
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "pip install 'annotator[postgres]'" in result.stderr
    assert "Traceback" not in result.stderr and "ModuleNotFoundError" not in result.stderr


# --------------------------------------------------------------------------------- import


def test_import_into_a_damaged_database_writes_nothing(database, capsys):
    damage_an_index(database)
    before = fingerprint(database)
    status, err = run(capsys, "--db", database, "import", "--no-annotate", SEED)
    assert status == 2
    assert "is damaged" in err
    assert fingerprint(database) == before


def test_import_into_a_read_only_folder(tmp_path, capsys):
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    with read_only_folder(shelf) as folder:
        status, err = run(capsys, "--db", folder / "new.sqlite3", "import", "--no-annotate", SEED)
        assert files_in(folder) == []
    assert status == 2
    assert "read-only" in err


# --------------------------------------------------------------------------------- export


def test_export_onto_a_full_disk_leaves_no_file(database, tmp_path, monkeypatch, capsys):
    target = tmp_path / "out" / "export.jsonl"
    disk_fills_after(monkeypatch, room=50_000)  # a few documents fit, then the disk is full
    status, err = run(capsys, "--db", database, "export", *EVERYTHING, "-o", target)
    assert status == 2
    assert f"the disk is full: {target} was not written" in err
    assert files_in(target.parent) == []


def test_export_onto_a_real_full_disk_leaves_no_file(database, tmp_path, capsys):
    with full_disk(tmp_path / "small", size="128k") as small:
        status, err = run(
            capsys, "--db", database, "export", *EVERYTHING, "-o", small / "export.jsonl"
        )
        assert files_in(small) == []
    assert status == 2
    assert "the disk is full" in err


def test_export_into_a_read_only_folder(database, tmp_path, capsys):
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    with read_only_folder(shelf) as folder:
        status, err = run(
            capsys, "--db", database, "export", *EVERYTHING, "-o", folder / "export.jsonl"
        )
        assert files_in(folder) == []
    assert status == 2
    assert "its folder is read-only or you may not write in it" in err
