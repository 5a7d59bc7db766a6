#!/usr/bin/env python3
"""Set up a local virtual environment and run the app or the tests: the README's two commands.

    python3 dev.py run    # create .venv if needed, install annotator into it, start the app
    python3 dev.py test   # the same set-up, then ruff and the whole test suite, headless
    python3 dev.py test -m "not slow"   # arguments go to pytest: here the quick loop

Only the standard library is used here, so it works on a machine with nothing but Python.
The environment is reinstalled when pyproject.toml changes (its hash is kept in .venv).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".annotator-installed"


def venv_bin(name: str) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / folder / f"{name}{suffix}"


def ensure_environment() -> None:
    """Create .venv and install the project with its test extras, unless already current."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.is_file() and STAMP.read_text() == wanted and venv_bin("python").exists():
        return
    if not venv_bin("python").exists():
        print(f"Creating the virtual environment in {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing annotator and its dependencies …", flush=True)
    pip = [str(venv_bin("python")), "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "--quiet", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def run_app(args: list[str]) -> int:
    return subprocess.call([str(venv_bin("annotator")), *args])


def run_tests(args: list[str]) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    lint = subprocess.call([str(venv_bin("ruff")), "check", "."], cwd=ROOT)
    # One pytest-xdist worker per core, unless the caller chose (-n 0 runs in one process).
    parallel = [] if any(a == "-n" or a.startswith("-n") for a in args) else ["-n", "auto"]
    pytest = [str(venv_bin("python")), "-m", "pytest", *parallel, *args]
    with test_files_folder() as folder:
        if folder:
            env["TMPDIR"] = folder
        tests = subprocess.call(pytest, cwd=ROOT, env=env)
    return tests or lint


@contextlib.contextmanager
def test_files_folder():
    """A folder in memory (Linux's /dev/shm) for the tests' databases and files, removed
    afterwards; None elsewhere.

    Every commit of an SQLite database in WAL mode with synchronous=FULL waits for the disk
    (an fsync), a few milliseconds each on these machines: a fifth of the time of the
    store's tests. What the tests check (what is committed, what survives a killed
    process) does not depend on the disk, so they need not wait for one.
    """
    shm = Path("/dev/shm")
    if os.environ.get("TMPDIR") or not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield None
        return
    folder = tempfile.mkdtemp(prefix="annotator-tests-", dir=shm)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    ensure_environment()
    return run_app(argv[1:]) if argv[0] == "run" else run_tests(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
