"""Import fuzzing, counted: N type-confused JSONL documents, each beside a good one.

Each try writes a JSONL file holding one document generated and then mutated with the
test suite's hypothesis strategies (tests/fuzzing.py: values replaced by NaN, huge numbers,
lone surrogates, objects where strings belong, removed or duplicated fields, deep nesting)
and one good document, imports it with `corpus.import_documents` into one SQLite database,
and counts: stored whole, refused with a reason, crashed (by exception type), good
documents lost, and stored documents that are not whole. Run from the repository root:

    .venv/bin/python benchmarks/fuzz_imports.py --tries 2000

Figures are recorded in docs/RELIABILITY.md, section "Imports".
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import documents, dumped, mutated_objects  # noqa: E402

from annotator.core.model import Document  # noqa: E402
from annotator.formats import jsonl  # noqa: E402
from annotator.services.corpus import import_documents, read_inputs  # noqa: E402
from annotator.services.workspace import Workspace  # noqa: E402


def run(tries: int, folder: Path) -> Counter:
    counts: Counter = Counter()
    workspace = Workspace.open(str(folder / "fuzz.sqlite3"), "dana")
    numbers = iter(range(10**9))

    @settings(
        max_examples=tries,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def one(data):
        number = next(numbers)
        obj = jsonl.document_to_dict(data.draw(documents(doc_id=f"mutant-{number}")))
        good = data.draw(documents(doc_id=f"good-{number}"))
        path = folder / f"try-{number}.jsonl"
        lines = [dumped(data.draw(mutated_objects(obj)), data.draw), jsonl.dumps(good).encode()]
        path.write_bytes(b"\n".join(lines) + b"\n")
        counts["tries"] += 1
        try:
            report = import_documents(workspace, read_inputs([path]))
        except Exception as exc:  # what the fuzzing is looking for
            counts[f"crashed: {type(exc).__name__}"] += 1
            counts["crashed"] += 1
            counts["good lost"] += 1
            return
        finally:
            path.unlink()
        counts["good lost"] += good.id not in report.imported
        mutant = [x for x in report.imported if x != good.id]
        counts["mutant stored"] += len(mutant)
        counts["mutant refused"] += len(report.errors)
        if good.id in report.imported and not _whole(workspace, good):
            counts["stored not whole"] += 1

    try:
        one()
    finally:
        workspace.close()
    return counts


def _whole(workspace: Workspace, read: Document) -> bool:
    """The stored document has the text and every object that was read (an imported
    decision belongs to the annotator it names: the views of all of them are joined)."""
    people = {"dana"} | {x.annotator for x in [*read.statements, *read.entities] if x.annotator}
    views = [workspace.load_document(read.id, annotator=person) for person in people]
    return (
        all(view.text == read.text for view in views)
        and {s.id for v in views for s in v.statements} == {s.id for s in read.statements}
        and {s.id for v in views for s in v.sources} == {s.id for s in read.sources}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tries", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fuzz-imports-") as folder:
        counts = run(args.tries, Path(folder))
    print(json.dumps(dict(sorted(counts.items())), indent=2))


if __name__ == "__main__":
    main()
