"""The learned statement filter on PolNeAR: trained on train, measured on dev.

Reads PolNeAR at run time (`../shared/corpora/polnear` from the repository root, or
`--corpus FOLDER`; nothing of it is copied, and the trained pipeline goes to a temporary
folder that is deleted). Prints:

- the `annotator evaluate` figures on dev of the rules alone and of the rules + filter,
  the latter by loading the saved pipeline as `annotator evaluate --pipeline DIR` does;
- training time on all train documents (the rules' pass over train, and the fit, which
  includes choosing the threshold on a fifth of the train documents), the filter's
  size on disk and the whole pipeline's;
- the calibration of the filter's probabilities on dev candidates (Brier score, bins);
- throughput on dev texts: bare spaCy, rules, the trained pipeline (same texts, alternating);
- a learning curve: filters fitted on 25, 100, 400 and all train documents (seeded
  draws), their relation figures on dev.

    .venv/bin/python benchmarks/bench_learned_filter.py [--seed 0] [--curve 25,100,400]

Figures are recorded in docs/ACCURACY.md, section "Learned statement filter".
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import spacy

from annotator.core.model import Document
from annotator.core.settings import DEFAULT_PIPELINE
from annotator.nlp.pipeline import STATEMENT_FILTER, add_statement_filter
from annotator.services.evaluation import load_gold, run_evaluation
from annotator.services.pipeline import load_pipeline
from annotator.services.preannotation import preannotate
from annotator.services.training import (
    TUNE_SHARE,
    TrainingReport,
    collect_candidates,
    fit_filter,
    measure,
    save_pipeline,
)

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "corpora" / "polnear"


def polnear_parser(description: str) -> argparse.ArgumentParser:
    """The options every PolNeAR benchmark takes: the corpus, the base pipeline, the seed."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--corpus", type=Path, default=POLNEAR)
    parser.add_argument("--pipeline", default=DEFAULT_PIPELINE)
    parser.add_argument("--seed", type=int, default=0)
    return parser


def train_and_dev(corpus: Path) -> tuple[list[Document], list[Document]]:
    """PolNeAR's train and dev gold, their sizes printed."""
    train_gold = list(load_gold(corpus / "train"))
    dev_gold = list(load_gold(corpus / "dev"))
    print(f"PolNeAR train {len(train_gold)} documents, dev {len(dev_gold)}")
    return train_gold, dev_gold


#: Texts per alternation in the throughput run.
CHUNK = 12


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def figures(report) -> str:
    rows = [
        f"  {role:<16} {s.precision:.3f} {s.recall:.3f} {s.f1:.3f}"
        for role, s in (
            ("source exact", report.roles["exact"]["source"]),
            ("cue exact", report.roles["exact"]["cue"]),
            ("content exact", report.roles["exact"]["content"]),
            ("content overlap", report.roles["overlap"]["content"]),
            ("relation", report.relation),
        )
    ]
    return "\n".join(["  figure             P     R     F1", *rows])


def throughput(name: str, trained: Path, texts: list[str]) -> dict[str, float]:
    """Documents per second of bare spaCy, the rules and the trained pipeline, alternating
    chunk by chunk so the shared machine's load weighs on all alike."""
    pipelines = {
        "bare spaCy": spacy.load(name),
        "rules": load_pipeline(name),
        "trained": load_pipeline(str(trained)),
    }
    seconds = dict.fromkeys(pipelines, 0.0)
    for n, start in enumerate(range(0, len(texts), CHUNK)):
        chunk = texts[start : start + CHUNK]
        order = list(pipelines.items())
        for label, nlp in order[n % 3 :] + order[: n % 3]:
            began = time.perf_counter()
            if label == "bare spaCy":
                for _ in nlp.pipe(chunk):
                    pass
            else:
                docs = [Document(id=str(i), text=t) for i, t in enumerate(chunk)]
                for _ in preannotate(docs, nlp):
                    pass
            seconds[label] += time.perf_counter() - began
    return {label: len(texts) / s for label, s in seconds.items()}


def main() -> None:
    parser = polnear_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--curve", default="25,100,400", help="train sizes of the curve")
    args = parser.parse_args()

    train_gold, dev_gold = train_and_dev(args.corpus)

    nlp = load_pipeline(args.pipeline)
    component = add_statement_filter(nlp)
    began = time.perf_counter()
    train_candidates = collect_candidates(nlp, train_gold)
    rules_seconds = time.perf_counter() - began
    began = time.perf_counter()
    fit_filter(component, train_candidates, TUNE_SHARE, args.seed)
    fit_seconds = time.perf_counter() - began
    print(
        f"training on {len(train_gold)} documents: rules {rules_seconds:.0f} s, "
        f"fit (with threshold choice) {fit_seconds:.1f} s; threshold {component.threshold}"
    )

    dev_candidates = collect_candidates(nlp, dev_gold)
    report = TrainingReport()
    measure(component, dev_candidates, report)
    print("\n== dev, rules alone\n" + figures(report.rules))
    print("\n== dev, rules + filter (from the candidates)\n" + figures(report.filtered))
    print(
        f"\ncalibration on dev candidates: Brier {report.brier:.4f} (rules' confidence "
        f"{report.brier_of_rules:.4f})"
    )
    for p, o, n in report.reliability:
        print(f"  predicted {p:.3f}  observed {o:.3f}  ({n})")

    with tempfile.TemporaryDirectory() as folder:
        saved = Path(folder) / "trained"
        save_pipeline(nlp, saved)
        print(
            f"\nsize on disk: filter {size_of(saved / STATEMENT_FILTER) / 1024:.0f} KiB, "
            f"whole pipeline {size_of(saved) / 2**20:.1f} MiB"
        )
        loaded = run_evaluation(args.corpus / "dev", pipeline=str(saved))
        print("\n== dev, `annotator evaluate --pipeline DIR` on the saved pipeline")
        print(loaded.to_text())
        texts = [d.text for d in dev_gold]
        rates = throughput(args.pipeline, saved, texts)
        print("\nthroughput on dev texts (documents per second, one process):")
        for label, rate in rates.items():
            print(f"  {label:<15} {rate:6.2f}  ({rate / rates['bare spaCy']:.2f}x bare spaCy)")

    print("\nlearning curve (relation P/R/F1 on dev; threshold chosen within the sample):")
    ids = sorted(d.id for d in train_gold)
    sizes = [int(s) for s in args.curve.split(",") if s] + [len(ids)]
    for size in sizes:
        chosen = set(random.Random(args.seed).sample(ids, min(size, len(ids))))
        part = train_candidates.part([d for d in train_gold if d.id in chosen])
        curve_filter = nlp.get_pipe(STATEMENT_FILTER).__class__(STATEMENT_FILTER)
        fit_filter(curve_filter, part, TUNE_SHARE, args.seed)
        point = TrainingReport()
        measure(curve_filter, dev_candidates, point)
        r = point.filtered.relation
        print(
            f"  {len(chosen):4d} documents: threshold {curve_filter.threshold:.3f}  "
            f"relation {r.precision:.3f} {r.recall:.3f} {r.f1:.3f}  "
            f"cue exact F1 {point.filtered.roles['exact']['cue'].f1:.3f}  Brier {point.brier:.4f}"
        )


if __name__ == "__main__":
    main()
