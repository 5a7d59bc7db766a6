"""The learned cue proposer on PolNeAR: trained on train, measured on dev.

Reads PolNeAR at run time (`../shared/corpora/polnear` from the repository root, or
`--corpus FOLDER`; nothing of it is copied, and the trained pipeline goes to a temporary
folder that is deleted). Everything is trained on train as `annotator train` does it
(`services.training`, `services.training_cues`); dev is only measured. Prints, on dev:

- the `annotator evaluate` figures of the rules alone, the rules + filter (a filter trained
  on the rules' candidates only, for comparison), the rules + cue proposer (before any
  filter) and the rules + cue proposer + filter (the filter trained on the rules' candidates
  and the proposals together), the last also from the saved pipeline loaded again;
- the proposer's own figures: how many of its cues overlap a gold cue the rules missed,
  how many of those it finds, how many of its found cue spans are exact;
- training time on all train documents (rules' pass, proposer with its cross-fitting,
  filter), sizes on disk, and throughput on dev texts: bare spaCy against the trained
  pipeline (same texts, alternating).

    .venv/bin/python benchmarks/bench_cue_proposer.py [--seed 0]

Figures are recorded in docs/ACCURACY.md, section "Learned cue proposer".
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench_learned_filter import figures, polnear_parser, size_of, throughput, train_and_dev

from annotator.nlp.learned.statement_filter import StatementFilter
from annotator.nlp.pipeline import CUE_PROPOSER, STATEMENT_FILTER, add_statement_filter
from annotator.services.evaluation import run_evaluation
from annotator.services.pipeline import load_pipeline
from annotator.services.training import (
    TUNE_SHARE,
    Candidates,
    TrainingReport,
    collect_candidates,
    fit_filter,
    measure,
    save_pipeline,
)
from annotator.services.training_cues import add_cue_proposals


def main() -> None:
    parser = polnear_parser(__doc__.split("\n\n")[0])
    args = parser.parse_args()

    train_gold, dev_gold = train_and_dev(args.corpus)

    nlp = load_pipeline(args.pipeline)
    component = add_statement_filter(nlp)
    began = time.perf_counter()
    train_candidates = collect_candidates(nlp, train_gold)
    rules_seconds = time.perf_counter() - began
    dev_candidates = collect_candidates(nlp, dev_gold)

    # For comparison: the filter alone, trained on the rules' candidates only.
    alone = StatementFilter(STATEMENT_FILTER)
    fit_filter(alone, train_candidates, TUNE_SHARE, args.seed)
    compared = TrainingReport()
    measure(alone, dev_candidates, compared)

    candidates = Candidates(
        train_candidates.examples + dev_candidates.examples,
        {**train_candidates.gold, **dev_candidates.gold},
    )
    began = time.perf_counter()
    proposer = add_cue_proposals(nlp, candidates, train_gold, dev_gold, args.seed)
    proposer_seconds = time.perf_counter() - began
    began = time.perf_counter()
    fit_filter(component, train_candidates, TUNE_SHARE, args.seed)
    filter_seconds = time.perf_counter() - began
    report = TrainingReport()
    measure(component, dev_candidates, report)
    proposer.took_all_candidates_for_rules(report)

    print(
        f"training on {len(train_gold)} documents: rules' pass {rules_seconds:.0f} s, "
        f"cue proposer (two halves, cross-fitted) {proposer_seconds:.0f} s, "
        f"filter (with threshold choice) {filter_seconds:.0f} s; "
        f"filter threshold {component.threshold}, proposer threshold "
        f"{nlp.get_pipe(CUE_PROPOSER).threshold}"
    )
    print(
        f"statements proposed: {proposer.proposed_train} on train (cross-fitted), "
        f"{proposer.proposed_held_out} on dev"
    )
    print("\n== dev, rules alone\n" + figures(report.rules))
    print("\n== dev, rules + filter (trained on the rules' candidates only)")
    print(figures(compared.filtered))
    print("\n== dev, rules + cue proposer, no filter\n" + figures(proposer.proposed))
    print("\n== dev, rules + cue proposer + filter\n" + figures(report.filtered))
    scores = proposer.scores or {}
    print(
        f"\ncue proposer on dev: {scores.get('proposed', 0):.0f} cues proposed, "
        f"{scores.get('proposer_p', 0):.3f} of them overlap a gold cue the rules missed, "
        f"those are {scores.get('proposer_r', 0):.3f} of the cues the rules missed; "
        f"{scores.get('proposer_exact', 0):.3f} of the overlapping spans are exact"
    )

    with tempfile.TemporaryDirectory() as folder:
        saved = Path(folder) / "trained"
        save_pipeline(nlp, saved)
        print(
            f"\nsize on disk: cue proposer {size_of(saved / CUE_PROPOSER) / 2**20:.1f} MiB, "
            f"filter {size_of(saved / STATEMENT_FILTER) / 1024:.0f} KiB, "
            f"whole pipeline {size_of(saved) / 2**20:.1f} MiB"
        )
        loaded = run_evaluation(args.corpus / "dev", pipeline=str(saved))
        print("\n== dev, `annotator evaluate --pipeline DIR` on the saved pipeline")
        print(figures(loaded))
        rates = throughput(args.pipeline, saved, [d.text for d in dev_gold])
        print("\nthroughput on dev texts (documents per second, one process):")
        for label, rate in rates.items():
            label = "trained pipeline" if label == "rules + filter" else label
            print(f"  {label:<16} {rate:6.2f}  ({rate / rates['bare spaCy']:.2f}x bare spaCy)")


if __name__ == "__main__":
    main()
