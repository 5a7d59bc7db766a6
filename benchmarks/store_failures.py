"""The command line against hostile files and failing disks: messages or tracebacks?

Runs `python -m annotator` in a child process for each case (whatever `annotator` is
importable: point PYTHONPATH at a checkout to measure that version) and records its exit
status, whether it printed a traceback, whether it hung (killed after --timeout seconds),
what it left behind (a partial or empty file), and whether it wrote into a damaged database
or called a healthy one broken. Then it fills small disks at many sizes during `export` and
`db backup` and counts the partial files left.

Real conditions: a read-only folder is a read-only bind mount and a full disk a small
tmpfs, so run it as root (elsewhere those cases are skipped and said so):

    sudo .venv/bin/python benchmarks/store_failures.py
    sudo PYTHONPATH=/path/to/old/checkout .venv/bin/python benchmarks/store_failures.py

Figures are recorded in docs/RELIABILITY.md, section "Store and command line".
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_c4a08ac13a47bd9f.txt"
#: Messages that call a healthy database broken (the old `db check` said so when locked or
#: read-only, and "does not exist" of a folder).
FALSE_ALARMS = ("does not match its table", "does not exist")
WITHOUT_PSYCOPG = (
    "import sys; sys.modules['psycopg'] = None\n"
    "from annotator.cli import main\n"
    "raise SystemExit(main(sys.argv[1:]))\n"
)


@dataclass
class Outcome:
    case: str
    status: int | None  # None: killed after the timeout
    traceback: bool
    left: list[str]
    wrong: str  # a false diagnosis or a write into a damaged file, if any
    seconds: float
    message: str


# -------------------------------------------------------------------------------- helpers


def cli(args: list[str], timeout: float, *, without_psycopg: bool = False):
    """Run the command line; (status or None on timeout, stderr + stdout, seconds).

    From a neutral folder: `python -m` would import the checkout in the current folder
    before the one PYTHONPATH names."""
    program = ["-c", WITHOUT_PSYCOPG] if without_psycopg else ["-m", "annotator"]
    env = {**os.environ, "ANNOTATOR_USER": "dana"}
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, *program, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=tempfile.gettempdir(),
        )
    except subprocess.TimeoutExpired as exc:
        out = (exc.stderr or b"").decode() if isinstance(exc.stderr, bytes) else exc.stderr or ""
        return None, out, time.monotonic() - started
    return done.returncode, done.stderr + done.stdout, time.monotonic() - started


def make_database(path: Path, documents: int = 40) -> Path:
    """A database with `documents` copies of the seed article (no pre-annotation)."""
    folder = path.parent / f"{path.stem}-inputs"
    folder.mkdir(parents=True)
    for n in range(documents):
        shutil.copy(SEED, folder / f"article{n:03}.txt")
    subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(path), "import", "--no-annotate",
         str(folder)],
        check=True, capture_output=True, cwd=tempfile.gettempdir(),
        env={**os.environ, "ANNOTATOR_USER": "dana"},
    )  # fmt: skip
    shutil.rmtree(folder)
    return path


def damage_an_index(path: Path) -> None:
    connection = sqlite3.connect(path)
    page = connection.execute("PRAGMA page_size").fetchone()[0]
    (root,) = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'ix_audit_object'"
    ).fetchone()
    connection.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page)
        handle.write(b"\xff" * page)


def delete_journal(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()


@contextlib.contextmanager
def locked(path: Path, how: str = "EXCLUSIVE") -> Iterator[None]:
    """Another process holds the database's lock (`BEGIN EXCLUSIVE` or `IMMEDIATE`)."""
    code = (
        "import sqlite3, sys, time\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        f"c.execute('BEGIN {how}')\n"
        "print('locked', flush=True)\n"
        "time.sleep(600)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE)
    try:
        holder.stdout.readline()
        yield
    finally:
        holder.kill()
        holder.wait()


def mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path | None]:
    """A read-only view of `folder` (a bind mount); None where mounting is not allowed."""
    view = folder.with_name(folder.name + "-ro")
    view.mkdir()
    if not (mount("--bind", str(folder), str(view)) and mount("-o", "remount,bind,ro", str(view))):
        subprocess.run(["umount", str(view)], capture_output=True)
        view.rmdir()
        yield None
        return
    try:
        yield view
    finally:
        subprocess.run(["umount", str(view)], capture_output=True)
        view.rmdir()


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path | None]:
    """An empty folder on a tmpfs of `size`; None where mounting is not allowed."""
    folder.mkdir()
    if not mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)):
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------- cases

Case = Callable[[Path, float], Outcome | None]
CASES: list[tuple[str, Case]] = []


def case(name: str):
    def register(function: Case) -> Case:
        CASES.append((name, function))
        return function

    return register


def outcome(name, result, left=(), wrong="") -> Outcome:
    status, output, seconds = result
    lines = [line for line in output.strip().splitlines() if line.strip()]
    message = lines[-1] if lines else ""
    false_alarm = next((a for a in FALSE_ALARMS if a in output), "")
    return Outcome(
        name, status, "Traceback" in output, list(left), wrong or false_alarm, seconds, message
    )


@case("db backup of a text file")
def _(tmp: Path, timeout: float):
    (tmp / "notes.txt").write_text("milk, eggs\n")
    out = tmp / "out"
    out.mkdir()
    result = cli(["--db", str(tmp / "notes.txt"), "db", "backup", str(out / "b")], timeout)
    return outcome("db backup of a text file", result, listing(out))


@case("db backup of a truncated database")
def _(tmp: Path, timeout: float):
    db = make_database(tmp / "a.sqlite3")
    db.write_bytes(db.read_bytes()[:20_000])
    out = tmp / "out"
    out.mkdir()
    result = cli(["--db", str(db), "db", "backup", str(out / "b")], timeout)
    return outcome("db backup of a truncated database", result, listing(out))


@case("db backup of a damaged database (an index page overwritten)")
def _(tmp: Path, timeout: float):
    db = make_database(tmp / "a.sqlite3")
    damage_an_index(db)
    out = tmp / "out"
    out.mkdir()
    result = cli(["--db", str(db), "db", "backup", str(out / "b")], timeout)
    copied = "copied a damaged database, exit 0" if result[0] == 0 else ""
    return outcome("db backup of a damaged database", result, listing(out), copied)


@case("db backup of a PostgreSQL URL")
def _(tmp: Path, timeout: float):
    result = cli(["--db", "postgresql://u@localhost/x", "db", "backup", str(tmp / "b")], timeout)
    return outcome("db backup of a PostgreSQL URL", result)


@case("db backup onto an existing name")
def _(tmp: Path, timeout: float):
    db = make_database(tmp / "a.sqlite3")
    (tmp / "taken").write_text("precious")
    result = cli(["--db", str(db), "db", "backup", str(tmp / "taken")], timeout)
    changed = "" if (tmp / "taken").read_text() == "precious" else "overwrote the file"
    return outcome("db backup onto an existing name", result, wrong=changed)


@case("db backup of a rollback-journal database another process has locked")
def _(tmp: Path, timeout: float):
    db = make_database(tmp / "a.sqlite3")
    delete_journal(db)
    out = tmp / "out"
    out.mkdir()
    with locked(db):
        result = cli(["--db", str(db), "db", "backup", str(out / "b")], timeout)
    return outcome("db backup of a locked database", result, listing(out))


@case("db backup into a read-only folder")
def _(tmp: Path, timeout: float):
    db = make_database(tmp / "a.sqlite3")
    (tmp / "shelf").mkdir()
    with read_only(tmp / "shelf") as shelf:
        if shelf is None:
            return None
        result = cli(["--db", str(db), "db", "backup", str(shelf / "b")], timeout)
        return outcome("db backup into a read-only folder", result, listing(shelf))


@case("db backup onto a full disk")
def _(tmp: Path, timeout: float):
    db = make_database(tmp / "a.sqlite3")
    with small_disk(tmp / "small", "128k") as small:
        if small is None:
            return None
        result = cli(["--db", str(db), "db", "backup", str(small / "b")], timeout)
        return outcome("db backup onto a full disk", result, listing(small))


@case("--db mysql://… export")
def _(tmp: Path, timeout: float):
    result = cli(["--db", "mysql://u@localhost/x", "export", "-o", str(tmp / "x")], timeout)
    return outcome("--db mysql://… export", result)


@case("--db postgresql://… without the psycopg driver")
def _(tmp: Path, timeout: float):
    args = ["--db", "postgresql://u@127.0.0.1:9/x", "export", "-o", str(tmp / "x")]
    result = cli(args, timeout, without_psycopg=True)
    return outcome("postgresql URL without psycopg", result)


@case("db check of a folder")
def _(tmp: Path, timeout: float):
    result = cli(["--db", str(tmp), "db", "check"], timeout)
    return outcome("db check of a folder", result)


@case("db check of a healthy database in a read-only folder")
def _(tmp: Path, timeout: float):
    make_database(tmp / "shelf" / "a.sqlite3")
    with read_only(tmp / "shelf") as shelf:
        if shelf is None:
            return None
        result = cli(["--db", str(shelf / "a.sqlite3"), "db", "check"], timeout)
        return outcome("db check, read-only folder", result, wrong=_alarm(result))


@case("db check of a healthy database while another program writes (WAL)")
def _(tmp: Path, timeout: float):
    db = make_database(tmp / "a.sqlite3")
    with locked(db, "IMMEDIATE"):
        result = cli(["--db", str(db), "db", "check"], timeout)
    return outcome("db check, writer holds the lock", result, wrong=_alarm(result))


@case("db check of a healthy rollback-journal database another process has locked")
def _(tmp: Path, timeout: float):
    db = make_database(tmp / "a.sqlite3")
    delete_journal(db)
    with locked(db):
        result = cli(["--db", str(db), "db", "check"], timeout)
    return outcome("db check, locked for reading", result, wrong=_alarm(result))


def _alarm(result) -> str:
    """A healthy database reported as having problems (locked or read-only is not one)."""
    return "reported problems in a healthy database" if "problem(s)" in result[1] else ""


@case("import into a damaged database")
def _(tmp: Path, timeout: float):
    db = make_database(tmp / "a.sqlite3", documents=5)
    damage_an_index(db)
    before = digest(db)
    result = cli(["--db", str(db), "import", "--no-annotate", str(SEED)], timeout)
    wrote = "wrote into the damaged file" if digest(db) != before else ""
    return outcome("import into a damaged database", result, wrong=wrote)


@case("import into a new database in a read-only folder")
def _(tmp: Path, timeout: float):
    (tmp / "shelf").mkdir()
    with read_only(tmp / "shelf") as shelf:
        if shelf is None:
            return None
        args = ["--db", str(shelf / "new.sqlite3"), "import", "--no-annotate", str(SEED)]
        return outcome("import, read-only folder", cli(args, timeout), listing(shelf))


@case("export into a read-only folder")
def _(tmp: Path, timeout: float):
    db = make_database(tmp / "a.sqlite3")
    (tmp / "shelf").mkdir()
    with read_only(tmp / "shelf") as shelf:
        if shelf is None:
            return None
        result = cli(["--db", str(db), "export", "-o", str(shelf / "x.jsonl")], timeout)
        return outcome("export into a read-only folder", result, listing(shelf))


@case("export onto a full disk")
def _(tmp: Path, timeout: float):
    db = make_database(tmp / "a.sqlite3")
    with small_disk(tmp / "small", "128k") as small:
        if small is None:
            return None
        result = cli(["--db", str(db), "export", "-o", str(small / "x.jsonl")], timeout)
        return outcome("export onto a full disk", result, listing(small))


# ------------------------------------------------------------------------ filling the disk


def fill_sweep(tmp: Path, timeout: float, sizes: list[int]) -> dict[str, list[int]]:
    """Export and back up onto disks of each size (kB): how many runs failed, left a file
    behind, printed a traceback."""
    db = make_database(tmp / "sweep.sqlite3", documents=60)
    totals = {"export": [0, 0, 0, 0], "db backup": [0, 0, 0, 0]}  # tries, failed, left, tb
    for kb in sizes:
        for name, args in (
            ("export", ["export", "-o"]),
            ("db backup", ["db", "backup"]),
        ):
            with small_disk(tmp / f"disk-{name[:2]}-{kb}", f"{kb}k") as disk:
                if disk is None:
                    return {}
                status, output, _s = cli(["--db", str(db), *args, str(disk / "out")], timeout)
                left = listing(disk)
                total = totals[name]
                total[0] += 1
                total[1] += status != 0
                total[2] += bool(left) and status != 0
                total[3] += "Traceback" in output
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a hang")
    parser.add_argument("--sweep", type=int, default=20, help="disk sizes to fill (0: none)")
    args = parser.parse_args()
    import annotator

    print(f"annotator from {Path(annotator.__file__).parent}, Python {sys.version.split()[0]}")
    results, skipped = [], []
    with tempfile.TemporaryDirectory() as folder:
        for n, (name, run) in enumerate(CASES):
            tmp = Path(folder) / f"case{n:02}"
            tmp.mkdir()
            result = run(tmp, args.timeout)
            (skipped if result is None else results).append(result or name)
        sizes = [40 * (k + 1) for k in range(args.sweep)]  # 40 kB … 800 kB: fails, then fits
        sweep = fill_sweep(Path(folder), args.timeout, sizes) if sizes else {}
    for r in results:
        status = "hung" if r.status is None else f"exit {r.status}"
        flags = ", ".join(
            f
            for f in (
                "TRACEBACK" if r.traceback else "",
                f"left {r.left}" if r.left else "",
                r.wrong.upper() if r.wrong else "",
            )
            if f
        )
        print(f"- {r.case}: {status} in {r.seconds:.1f} s {flags}\n    {r.message[:150]}")
    for name in skipped:
        print(f"- {name}: skipped (needs root to mount)")
    bad = [r for r in results if r.traceback or r.status is None or r.left or r.wrong]
    print(
        f"\n{len(results)} cases: {sum(r.traceback for r in results)} tracebacks, "
        f"{sum(r.status is None for r in results)} hangs, {sum(bool(r.left) for r in results)} "
        f"left a file, {sum(bool(r.wrong) for r in results)} wrong diagnoses or writes; "
        f"{len(results) - len(bad)} clean"
    )
    for name, (tries, failed, left, tracebacks) in sweep.items():
        print(
            f"{name} onto full disks of {sizes[0]}–{sizes[-1]} kB: {tries} tries, {failed} "
            f"failed, {left} left a partial file, {tracebacks} tracebacks"
        )


if __name__ == "__main__":
    main()
