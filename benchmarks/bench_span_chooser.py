"""The learned span chooser on PolNeAR: trained on train, measured on dev.

Reads PolNeAR at run time (`../shared/corpora/polnear` from the repository root, or
`--corpus FOLDER`; nothing of it is copied, and the trained pipeline goes to a temporary
folder that is deleted). Trains as `annotator train` does (the chooser on the rules'
candidates of all train documents, then the filter on the candidates with the chosen
spans, its threshold chosen on a fifth of train) and prints:

- the `annotator evaluate` figures on dev of the rules alone, the rules + chooser, the
  rules + filter (a filter fitted on the rules' own spans, for comparison) and the rules +
  chooser + filter, the last also by loading the saved pipeline as `annotator evaluate
  --pipeline DIR` does;
- how often the chosen content and source of a dev candidate with a gold partner (same cue)
  is the gold span, against the rules' span;
- training time (the rules' pass over train, the chooser's fit, the filter's), sizes on
  disk, and throughput on dev texts: bare spaCy, rules, the trained pipeline (alternating).

    .venv/bin/python benchmarks/bench_span_chooser.py [--seed 0]

Figures are recorded in docs/ACCURACY.md, section "Learned span chooser".
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]  # this checkout's annotator

from bench_learned_filter import figures, polnear_parser, size_of, throughput, train_and_dev  # noqa: E402

from annotator.nlp.extensions import STATEMENTS  # noqa: E402
from annotator.nlp.pipeline import SPAN_CHOOSER, STATEMENT_FILTER, add_statement_filter  # noqa: E402
from annotator.services.evaluation import run_evaluation  # noqa: E402
from annotator.services.pipeline import load_pipeline  # noqa: E402
from annotator.services.training import (  # noqa: E402
    TUNE_SHARE,
    TrainingReport,
    collect_candidates,
    fit_filter,
    measure,
    save_pipeline,
)
from annotator.services.training_spans import (  # noqa: E402
    apply_span_chooser,
    gold_partners,
    held_out_figures,
    new_span_chooser,
)


def snapshot(candidates) -> dict[int, list]:
    """The candidates' statements as they stand (copies), by example."""
    return {
        id(e): [replace(st) for st in e.predicted._.get(STATEMENTS) or []]
        for e in candidates.examples
    }


def restore(candidates, saved: dict[int, list]) -> None:
    for e in candidates.examples:
        e.predicted._.set(STATEMENTS, [replace(st) for st in saved[id(e)]])


def main() -> None:
    parser = polnear_parser(__doc__.split("\n\n")[0])
    args = parser.parse_args()

    train_gold, dev_gold = train_and_dev(args.corpus)

    nlp = load_pipeline(args.pipeline)
    component = add_statement_filter(nlp)
    chooser = new_span_chooser(nlp)
    print("pipeline:", " → ".join(nlp.pipe_names))
    began = time.perf_counter()
    train_candidates = collect_candidates(nlp, train_gold)
    rules_seconds = time.perf_counter() - began
    dev_candidates = collect_candidates(nlp, dev_gold)
    rules_dev = held_out_figures(dev_candidates)
    print("\n== dev, rules alone\n" + figures(rules_dev))

    # For comparison: the filter on the rules' own spans.
    train_rules, dev_rules = snapshot(train_candidates), snapshot(dev_candidates)
    plain_filter = component.__class__(STATEMENT_FILTER)
    fit_filter(plain_filter, train_candidates, TUNE_SHARE, args.seed)
    plain = TrainingReport()
    measure(plain_filter, dev_candidates, plain)
    print("\n== dev, rules + filter (rules' spans)\n" + figures(plain.filtered))

    began = time.perf_counter()
    chooser.initialize(
        lambda: train_candidates.examples, partners=gold_partners(train_candidates.gold)
    )
    chooser_seconds = time.perf_counter() - began
    choice = chooser.score(dev_candidates.examples, partners=gold_partners(dev_candidates.gold))
    apply_span_chooser(chooser, train_candidates.examples)
    began = time.perf_counter()
    apply_span_chooser(chooser, dev_candidates.examples)
    apply_seconds = time.perf_counter() - began
    print("\n== dev, rules + span chooser\n" + figures(held_out_figures(dev_candidates)))
    n = int(choice["chooser_statements"])
    print(
        f"\ndev candidates with a gold partner (same cue): {n}; the chosen span is the gold "
        f"one: content {choice['chooser_content_right']:.3f} (rules "
        f"{choice['chooser_content_rules_right']:.3f}), source "
        f"{choice['chooser_source_right']:.3f} (rules {choice['chooser_source_rules_right']:.3f})"
    )

    began = time.perf_counter()
    fit_filter(component, train_candidates, TUNE_SHARE, args.seed)
    filter_seconds = time.perf_counter() - began
    report = TrainingReport()
    measure(component, dev_candidates, report)
    print("\n== dev, rules + span chooser + filter\n" + figures(report.filtered))
    print(
        f"\ntraining on {len(train_gold)} documents: rules {rules_seconds:.0f} s, span chooser "
        f"{chooser_seconds:.0f} s, filter (with threshold choice) {filter_seconds:.0f} s; "
        f"threshold {component.threshold}; choosing the spans of the dev candidates "
        f"{apply_seconds:.1f} s for {len(dev_gold)} documents"
    )
    restore(train_candidates, train_rules)
    restore(dev_candidates, dev_rules)

    with tempfile.TemporaryDirectory() as folder:
        saved = Path(folder) / "trained"
        save_pipeline(nlp, saved)
        print(
            f"\nsize on disk: span chooser {size_of(saved / SPAN_CHOOSER) / 1024:.0f} KiB, "
            f"filter {size_of(saved / STATEMENT_FILTER) / 1024:.0f} KiB, "
            f"whole pipeline {size_of(saved) / 2**20:.1f} MiB"
        )
        loaded = run_evaluation(args.corpus / "dev", pipeline=str(saved))
        print("\n== dev, `annotator evaluate --pipeline DIR` on the saved pipeline")
        print(loaded.to_text())
        rates = throughput(args.pipeline, saved, [d.text for d in dev_gold])
        print("\nthroughput on dev texts (documents per second, one process):")
        for label, rate in rates.items():
            print(f"  {label:<15} {rate:6.2f}  ({rate / rates['bare spaCy']:.2f}x bare spaCy)")


if __name__ == "__main__":
    main()
