"""Anonymity accuracy and reason recall of the pre-annotator on the invented test sets.

Runs the full pipeline over `tests/nlp/data/anonymity_mentions.jsonl` (source mentions in
invented sentences, labelled named / anonymous / vague, with their stated reasons) and over
the held-out `anonymity_mentions_heldout.jsonl`, and prints for each the accuracy overall and
per class, the confusion table and the reason recall, as recorded in docs/ACCURACY.md,
section "Anonymity of sources". Run from the repository root:

    .venv/bin/python benchmarks/anonymity_accuracy.py [--errors]

`--errors` also lists every mention classified wrongly and every reason missed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "nlp" / "data"
SETS = {
    "test set": DATA / "anonymity_mentions.jsonl",
    "held-out set": DATA / "anonymity_mentions_heldout.jsonl",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the mistakes")
    args = parser.parse_args()
    # The checkout this script is in, before any installed copy of the package.
    sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "nlp")]
    from anonymity_set import load_items, score

    from annotator.core.settings import DEFAULT_PIPELINE
    from annotator.nlp.pipeline import load_pipeline

    nlp = load_pipeline(DEFAULT_PIPELINE)
    for name, path in SETS.items():
        scores = score(nlp, load_items(path))
        print(f"== {name}: {path.relative_to(ROOT)}")
        print(scores.table())
        if args.errors:
            print_errors(scores)
        print()


def print_errors(scores) -> None:
    from anonymity_set import reason_matches

    print("\nmentions classified wrongly:")
    for o in scores.errors():
        print(
            f"  {o.item.id} {o.item.mention or o.item.cue!r}: expected "
            f"{o.item.anonymity}, got {o.anonymity}   | {o.item.text}"
        )
    print("\nreasons missed or not exact:")
    for o in scores.with_reason():
        if not reason_matches(o, exact=True):
            print(f"  {o.item.id} expected {o.item.reason!r}, got {o.reason!r}")
    print("\nreasons given where none is stated:")
    for o in scores.spurious_reasons():
        print(f"  {o.item.id} {o.reason!r}   | {o.item.text}")


if __name__ == "__main__":
    main()
