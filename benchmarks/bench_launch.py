"""Launch to first document: how long the real app takes from `python -m annotator` to the
first article painted in its window.

Each run starts the app in a fresh interpreter (Qt headless: QT_QPA_PLATFORM=offscreen) on a
real database, with `ANNOTATOR_REPORT_STARTUP=quit`: the window writes the wall-clock time
of its first paint of a document to stderr and closes (`annotator/qt/first_paint.py`). The
figure is that time minus the time just before the process was started, so it includes the
interpreter's start, every import, opening the database and building the window.

The database: `--db PATH` (an existing one, e.g. a copy of your own), or by default the first
`--documents` articles of the PolNeAR dev set (`../shared/corpora/polnear`, relative to the
checkout, or `--corpus`), imported and pre-annotated once with `annotator import` into
a temporary folder. Settings and window state live in a private folder per run, so the
user's own are never read. Runs are interleaved with nothing else; the machine is shared,
so the median and p95 of `--runs` launches are reported, and the first (cold caches) apart.
`--baseline CHECKOUT` launches another checkout of the app (e.g. `git archive` of the commit
before a change, extracted into a folder) alternately with this one, on the same database, so
both see the same load on a shared machine.

    .venv/bin/python benchmarks/bench_launch.py --runs 15 [--baseline /tmp/before]

Figures are recorded in docs/PERFORMANCE.md, section "Launch to first document".
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "polnear" / "dev" / "text"
REPORT_PREFIX = "annotator: first document shown at"


def app_environment(home: Path, checkout: Path = ROOT) -> dict[str, str]:
    """The app's environment: headless, reporting, and private config/data/state folders."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        ANNOTATOR_REPORT_STARTUP="quit",
        ANNOTATOR_CONFIG_DIR=str(home / "config"),
        ANNOTATOR_DATA_DIR=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "xdg-config"),  # QSettings (window state, view choices)
        PYTHONPATH=str(checkout),  # this checkout, whatever the venv's editable points at
    )
    # An installed app has its bytecode compiled (pip does it at install): a shell that
    # sets PYTHONDONTWRITEBYTECODE would have every launch compile the app's modules again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def build_database(target: Path, corpus: Path, documents: int, env: dict[str, str]) -> None:
    """Import and pre-annotate the first `documents` articles of `corpus` into `target`."""
    paths = sorted(corpus.glob("*.txt"))[:documents]
    if not paths:
        raise SystemExit(f"no .txt articles in {corpus}")
    command = [sys.executable, "-m", "annotator", "--db", str(target), "--user", "bench"]
    subprocess.run([*command, "import", *map(str, paths)], check=True, env=env, cwd=ROOT)


def launch_once(database: Path, env: dict[str, str], timeout: float) -> float:
    """Seconds from starting the app to its first painted document."""
    command = [sys.executable, "-m", "annotator", "--db", str(database), "--user", "bench"]
    started = time.time()
    done = subprocess.run(
        command, env=env, cwd=env["PYTHONPATH"], capture_output=True, text=True, timeout=timeout
    )
    for line in done.stderr.splitlines():
        if line.startswith(REPORT_PREFIX):
            return float(line.removeprefix(REPORT_PREFIX)) - started
    raise SystemExit(f"the app reported no first document (exit {done.returncode}):\n{done.stderr}")


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def report(name: str, times: list[float]) -> None:
    """The first launch apart, then median, p95, min and max of the others."""
    first, rest = times[0], times[1:]
    print(
        f"{name}: first launch (cold caches) {first * 1000:.0f} ms; then "
        f"median {statistics.median(rest) * 1000:.0f} ms, "
        f"p95 {percentile(rest, 0.95) * 1000:.0f} ms, "
        f"min {min(rest) * 1000:.0f} ms, max {max(rest) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", type=Path, help="an existing database (default: build one)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--baseline", type=Path, help="another checkout, launched alternately")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    checkouts = {"this checkout": ROOT}
    if args.baseline:
        checkouts["baseline"] = args.baseline.resolve()
    with tempfile.TemporaryDirectory(prefix="bench-launch-") as folder:
        home = Path(folder)
        database = home / "bench.sqlite3"
        if args.db:
            shutil.copy(args.db, database)
        else:
            build_database(database, args.corpus, args.documents, app_environment(home))
        envs = {name: app_environment(home, path) for name, path in checkouts.items()}
        times: dict[str, list[float]] = {name: [] for name in checkouts}
        for _ in range(args.runs + 1):
            for name, env in envs.items():
                times[name].append(launch_once(database, env, args.timeout))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.runs} launches each")
    for name, measured in times.items():
        report(name, measured)


if __name__ == "__main__":
    main()
