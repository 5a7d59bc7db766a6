"""Anonymity accuracy and reason recall of the pre-annotator on the invented test set.

Runs the full pipeline over `tests/nlp/data/anonymity_mentions.jsonl` (source mentions in
invented sentences, labelled named / anonymous / vague, with the stated reasons) and prints
the accuracy overall and per class, the confusion table and the reason recall, as recorded
in docs/ACCURACY.md, section "Anonymity of sources". Run from the repository root:

    .venv/bin/python benchmarks/anonymity_accuracy.py [--errors]

`--errors` also lists every mention classified wrongly and every reason missed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "nlp"))

from anonymity_set import load_items, reason_matches, score

from annotator.core.settings import DEFAULT_PIPELINE
from annotator.nlp.pipeline import load_pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the mistakes")
    args = parser.parse_args()
    items = load_items()
    scores = score(load_pipeline(DEFAULT_PIPELINE), items)
    print(scores.table())
    if args.errors:
        print("\nmentions classified wrongly:")
        for o in scores.errors():
            print(
                f"  {o.item.id} {o.item.mention or o.item.cue!r}: expected "
                f"{o.item.anonymity}, got {o.anonymity}   | {o.item.text}"
            )
        print("\nreasons missed or wrong:")
        for o in scores.with_reason():
            if not reason_matches(o, exact=True):
                print(f"  {o.item.id} expected {o.item.reason!r}, got {o.reason!r}")
        print("\nreasons given where none is stated:")
        for o in scores.spurious_reasons():
            print(f"  {o.item.id} {o.reason!r}   | {o.item.text}")


if __name__ == "__main__":
    main()
