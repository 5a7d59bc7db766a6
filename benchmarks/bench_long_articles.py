"""Long articles: seconds and peak memory of pre-annotating one article of 1, 5 and 20 MB.

Each size runs in its own subprocess under an address-space cap (`--cap-gb`, default 3), so a
regression fails with a MemoryError instead of taking the machine down. The subprocess loads
the pipeline, invents an article of the size (`benchmarks/invented_text.py`: made-up
sentences, never real news), and pre-annotates it with `preannotate`, the path behind
`annotator annotate`, `annotator import` and the window's import. The parent reads the
subprocess's RSS high-water mark from `wait4`. Run from the repository root:

    .venv/bin/python benchmarks/bench_long_articles.py --sizes 1 5 20

Figures are recorded in docs/PERFORMANCE.md, section "Long articles", and docs/RELIABILITY.md,
section "Big articles".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1_000_000
#: The checkout this file belongs to: the subprocess measures its code, not an installed copy.
ROOT = Path(__file__).resolve().parents[1]


def child(size_mb: float, pipeline: str) -> None:
    """In the subprocess: pre-annotate one invented article and print what it found as JSON."""
    sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
    from invented_text import invented_article

    from annotator.core.model import Document
    from annotator.nlp.pipeline import load_pipeline
    from annotator.services.preannotation import preannotate

    nlp = load_pipeline(pipeline)
    loaded_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    text = invented_article(round(size_mb * MB))
    started, cpu = time.perf_counter(), _cpu_seconds()
    try:
        [out] = preannotate([Document(id="long", text=text)], nlp)
    except ValueError as refused:  # an article above the documented limit
        print(json.dumps({"refused": str(refused), "loaded_mb": loaded_kb / 1024}))
        return
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    print(
        json.dumps(
            {
                "chars": len(text),
                "seconds": seconds,
                "cpu_seconds": cpu,
                "loaded_mb": loaded_kb / 1024,
                "statements": len(out.statements),
                "entities": len(out.entities),
                "sources": len(out.sources),
            }
        )
    )


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(size_mb: float, pipeline: str, cap_gb: float) -> dict:
    """Run `child` in a subprocess capped at `cap_gb` of address space; add its peak RSS."""
    cap = int(cap_gb * 1024**3)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    command = [sys.executable, __file__, "--child", str(size_mb), "--pipeline", pipeline]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            command, stdout=out, stderr=err, text=True, cwd=ROOT, preexec_fn=limit
        )
        _, status, usage = os.wait4(process.pid, 0)  # the child's own rusage: its peak RSS
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    result = {"size_mb": size_mb, "peak_mb": usage.ru_maxrss / 1024}
    if process.returncode != 0:
        last = stderr.strip().splitlines()[-1:] or [f"exit status {process.returncode}"]
        result["failed"] = last[0]
        return result
    result.update(json.loads(stdout.strip().splitlines()[-1]))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20], metavar="MB")
    parser.add_argument("--cap-gb", type=float, default=3.0)
    parser.add_argument("--pipeline", default=None)
    parser.add_argument("--child", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pipeline is None:
        from annotator.core.settings import DEFAULT_PIPELINE

        args.pipeline = DEFAULT_PIPELINE
    if args.child is not None:
        child(args.child, args.pipeline)
        return
    import spacy

    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, spaCy {spacy.__version__}; "
        f"pipeline {args.pipeline}; cap {args.cap_gb:g} GB of address space per run"
    )
    print(
        f"{'MB':>6} {'seconds':>8} {'CPU s':>7} {'CPU s/MB':>8} {'peak RSS':>9} "
        f"{'statements':>11} {'sources':>8}"
    )
    for size in args.sizes:
        r = measure(size, args.pipeline, args.cap_gb)
        if "failed" in r or "refused" in r:
            why = r.get("failed") or f"refused: {r['refused']}"
            print(f"{size:6g} {'-':>8} {'-':>7} {'-':>8} {r['peak_mb']:6.0f} MB  {why}", flush=True)
            continue
        print(
            f"{size:6g} {r['seconds']:8.1f} {r['cpu_seconds']:7.1f} "
            f"{r['cpu_seconds'] / size:8.1f} {r['peak_mb']:6.0f} MB "
            f"{r['statements']:11,} {r['sources']:8,}",
            flush=True,
        )
    print(
        "seconds: wall clock of `preannotate`; CPU s: its CPU time (steadier on a shared "
        "machine); peak RSS: the subprocess's high-water mark, the loaded pipeline included"
    )


if __name__ == "__main__":
    main()
