"""Store benchmark: import, first page of the document list, a search, one edit's commit.

Builds N documents (default 100,000) from the seed article and the PolNeAR texts (read from
`../shared/corpora/polnear` beside the checkout, or `--corpus FOLDER`, at run time, never
copied into the repository), each with synthetic model suggestions (one per speech verb
found), into a fresh SQLite file, then measures what a user waits for. Run from the
repository root:

    .venv/bin/python benchmarks/bench_store.py --documents 100000

Figures are recorded in docs/PERFORMANCE.md, section "Store".
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

from annotator.core.commands import AcceptStatement
from annotator.core.model import Document, Source, Statement
from annotator.formats.text import read_text_document
from annotator.services.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
#: PolNeAR beside the checkout, as the shared folder lays it out.
POLNEAR = ROOT.parent / "shared" / "corpora" / "polnear"
SEED = ROOT / "seeds" / "000_c4a08ac13a47bd9f.txt"
PIPELINE = {"name": "bench-synthetic", "version": "1", "tool": "bench_store.py"}
CUE = re.compile(r"\b(said|says|told|added|stated|noted|according to)\b")
SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
NAME = re.compile(r"(?P<outlet>[a-z]+)_(?P<date>\d{4}-\d{2}-\d{2})_(?P<slug>.+)")


def source_texts(polnear: Path) -> list[Document]:
    """The seed and every PolNeAR article, with outlet and date from the file name."""
    docs = [read_text_document(SEED)]
    for path in sorted(polnear.glob("*/text/*.txt")):
        doc = read_text_document(path)
        match = NAME.match(path.stem)
        if match:
            doc.meta.update(outlet=match["outlet"], published=match["date"])
            doc.meta["title"] = match["slug"].replace("-", " ")
        docs.append(doc)
    return docs


def suggestions(doc: Document) -> None:
    """One statement per sentence with a speech verb: the cue, the rest, the word before."""
    for n, sentence in enumerate(SENTENCE.finditer(doc.text)):
        cue = CUE.search(doc.text, sentence.start(), sentence.end())
        if cue is None or len(doc.statements) >= 12:
            continue
        after = (cue.end() + 1, sentence.end())
        before = (sentence.start(), cue.start() - 1)
        start, end = after if after[1] - after[0] > before[1] - before[0] else before
        if end - start < 3 or cue.start() - sentence.start() < 2:
            continue
        speaker = doc.span(sentence.start(), max(sentence.start() + 1, cue.start() - 1))
        source_id = f"s{n}"
        doc.sources.append(Source(source_id, speaker.text.strip()[:60], mentions=[speaker]))
        doc.statements.append(
            Statement(
                id=f"q{n}",
                cue=doc.span(cue.start(), cue.end()),
                content=[doc.span(start, end)],
                source=speaker,
                source_id=source_id,
                confidence=0.7,
            )
        )


def corpus(polnear: Path, count: int) -> Iterator[Document]:
    templates = source_texts(polnear)
    for i in range(count):
        template = templates[i % len(templates)]
        doc = Document(f"{i:06d}_{template.id}"[:80], template.text, dict(template.meta))
        suggestions(doc)
        yield doc


def timed(action):
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/annotator-bench-store"))
    parser.add_argument(
        "--reuse", action="store_true", help="measure an existing database, skip the import"
    )
    parser.add_argument(
        "--url", help="a PostgreSQL URL to measure instead of an SQLite file (an empty database)"
    )
    parser.add_argument("--corpus", type=Path, default=POLNEAR, help="the PolNeAR folder")
    args = parser.parse_args()
    path = args.folder / "store.sqlite3"
    target = args.url or str(path)
    if args.url:
        measure_import(target, args.corpus, args.documents)
    elif not (args.reuse and path.exists()):
        shutil.rmtree(path.parent, ignore_errors=True)
        measure_import(target, args.corpus, args.documents)
    if not args.url:
        print(f"database size: {os.path.getsize(path) / 1e6:.0f} MB")
    measure_use(target, args.edits)
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{'PostgreSQL' if args.url else 'SQLite file'}"
    )


def measure_import(target: str, polnear: Path, documents: int) -> None:
    """Import `documents` documents with their suggestions into an empty database."""
    started = time.perf_counter()
    with Workspace.open(target, "bench") as ws:
        result = ws.add_documents(corpus(polnear, documents), pipeline=PIPELINE, batch_size=1000)
    seconds = time.perf_counter() - started
    print(
        f"import: {len(result.added)} documents in {seconds:.1f} s "
        f"= {len(result.added) / seconds:.0f} documents/s"
    )


def measure_use(target: str, edits: int) -> None:
    """What a user waits for: opening, the first page, searches, saving an edit."""
    open_ms, ws = timed(lambda: Workspace.open(target, "bench"))
    with ws:
        first_page, page = timed(lambda: ws.list_documents(0, 100))
        count_ms, total = timed(ws.document_count)
        pages = [timed(lambda: ws.list_documents(total // 2, 100))[0] for _ in range(5)]
        print(
            f"open: {open_ms:.0f} ms; first page (cold): {first_page:.1f} ms "
            f"({len(page)} rows); a middle page: {statistics.median(pages):.1f} ms; "
            f"count ({total}): {count_ms:.1f} ms"
        )
        measure_searches(ws)
        measure_edits(ws, total, edits)


SEARCHES = [
    ("campaign emails", {}),
    ("campaign emails", {"outlet": "breitbart", "published_from": "2016-09-01"}),
    ("", {"status": "accepted"}),
    ("", {"speaker": "trump"}),
]


def measure_searches(ws: Workspace) -> None:
    for query, filters in SEARCHES:
        runs = [timed(lambda q=query, f=filters: ws.search(q, limit=50, **f)) for _ in range(5)]
        print(
            f"search {query!r} {filters}: first {runs[0][0]:.1f} ms, "
            f"median {statistics.median(r[0] for r in runs):.1f} ms, {len(runs[0][1])} hits"
        )


def measure_edits(ws: Workspace, total: int, edits: int) -> None:
    """Commit latency of one edit (apply returns after the durable commit)."""
    rng = random.Random(1)
    latencies = []
    for _ in range(edits):
        summary = ws.list_documents(rng.randrange(total), 1)[0]
        doc = ws.load_document(summary.id)
        if not doc.statements:
            continue
        command = AcceptStatement(doc.id, rng.choice(doc.statements).id)
        latencies.append(timed(lambda c=command: ws.apply(c))[0])
    print(
        f"edit commit ({len(latencies)} edits, synchronous=FULL): "
        f"p50 {percentile(latencies, 0.5):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms"
    )


if __name__ == "__main__":
    main()
