"""Export benchmark: seconds and documents per second of each dataset format, and of import.

Builds a database of N invented articles (the seed article with its suggestions, each a
different text), one annotator accepting the first statement of every document and marking
it done, then exports the gold in every format and times each; then imports the JSONL
export into a fresh database (the round trip) and times that too.

    .venv/bin/python benchmarks/bench_export.py              # 500 documents
    .venv/bin/python benchmarks/bench_export.py --documents 2000

Figures are recorded in docs/PERFORMANCE.md, section "Export".
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from workspace_fixtures import PIPELINE, seed_document

from annotator.core.commands import AcceptStatement, MarkDocumentDone
from annotator.services.corpus import import_documents, read_inputs
from annotator.services.exporting import EXPORT_FORMATS, SUFFIXES, Selection, export
from annotator.services.workspace import Workspace


def build(path: Path, count: int) -> Workspace:
    workspace = Workspace.open(str(path), "dana")
    docs = []
    for n in range(count):
        doc = seed_document()
        doc.id = f"doc{n:05}"
        doc.text += f"\n\n(Story {n}.)"  # another article each; every span stays where it was
        docs.append(doc)
    workspace.add_documents(docs, pipeline=PIPELINE)
    for doc in docs:
        workspace.apply(AcceptStatement(doc.id, "q1"))
        workspace.apply(MarkDocumentDone(doc.id))
    return workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        workspace = build(root / "bench.sqlite3", args.documents)
        print(f"built {args.documents} documents in {time.perf_counter() - started:.1f} s")
        print(f"{'format':<12} {'seconds':>8} {'docs/s':>8}")
        for fmt in EXPORT_FORMATS:
            target = root / f"gold{SUFFIXES[fmt] or '-brat'}"
            started = time.perf_counter()
            report = export(workspace, target, Selection("dana"), fmt=fmt)
            seconds = time.perf_counter() - started
            print(f"{fmt:<12} {seconds:>8.2f} {report.documents / seconds:>8.0f}")
        workspace.close()
        with Workspace.open(str(root / "again.sqlite3"), "lee") as again:
            started = time.perf_counter()
            imported = import_documents(again, read_inputs([root / "gold.jsonl"]))
            seconds = time.perf_counter() - started
        rate = len(imported.imported) / seconds
        print(f"{'import jsonl':<12} {seconds:>8.2f} {rate:>8.0f}")


if __name__ == "__main__":
    main()
