"""The whole trained pipeline as `annotator train` makes it, on PolNeAR: learning curve,
training time, size, throughput.

Reads PolNeAR at run time (`../shared/corpora/polnear` from the repository root, or
`--corpus FOLDER`; nothing of it is copied; the pipelines go to a temporary folder that is
deleted). For each training size (seeded, nested draws of train documents) it calls the
service `annotator train` calls (`services.training.train`, nothing held out: the part
of train it tunes on is inside the draw) and measures the saved pipeline on dev as
`annotator evaluate --pipeline DIR` does. Dev is only measured, never used to choose.

Prints: the rules' dev figures; per size, the five F1 figures of the trained pipeline and
its training time; for the largest size, the size on disk of each learned part and of the
whole pipeline, and throughput on the dev texts (bare spaCy, rules, trained; alternating).

    .venv/bin/python benchmarks/bench_trained_pipeline.py [--sizes 25,50,100,200,400,840]

Figures are recorded in docs/ACCURACY.md, section "The trained pipeline".
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]  # this checkout's annotator

from bench_learned_filter import polnear_parser, size_of, throughput  # noqa: E402

from annotator.nlp.pipeline import STATEMENT_FILTER  # noqa: E402
from annotator.services.evaluation import load_gold, run_evaluation  # noqa: E402
from annotator.services.pipeline import load_pipeline  # noqa: E402
from annotator.services.training import train  # noqa: E402

ROLES = ("source", "cue", "content")


def row(label: str, report, extra: str = "") -> str:
    """The five figures of the issue: source, cue, content exact, content overlap, relation."""
    exact = [report.roles["exact"][role].f1 for role in ROLES]
    overlap = report.roles["overlap"]["content"].f1
    cells = [*exact, overlap, report.relation.f1]
    return f"{label:<14}" + "".join(f"{c:>9.3f}" for c in cells) + extra


def main() -> None:
    parser = polnear_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="25,50,100,200,400,840")
    args = parser.parse_args()
    train_folder, dev_folder = args.corpus / "train", args.corpus / "dev"
    documents = list(load_gold(train_folder))
    random.Random(args.seed).shuffle(documents)
    sizes = [min(int(n), len(documents)) for n in args.sizes.split(",")]

    heads = ("source", "cue", "cont.ex", "cont.ov", "relation")
    print(f"{'dev, F1':<14}" + "".join(f"{h:>9}" for h in heads))
    print(row("rules", run_evaluation(dev_folder, pipeline=args.pipeline)), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        last = None
        for n in sizes:
            target = Path(folder) / f"trained-{n}"
            began = time.perf_counter()
            train(load_pipeline(args.pipeline), documents[:n], target, seed=args.seed, held_out=0.0)
            seconds = time.perf_counter() - began
            report = run_evaluation(dev_folder, pipeline=str(target))
            print(row(f"{n} docs", report, f"   trained in {seconds:6.0f} s"), flush=True)
            cue, cue_overlap = report.roles["exact"]["cue"], report.roles["overlap"]["cue"]
            model = json.loads((target / STATEMENT_FILTER / "model.json").read_text("utf-8"))
            print(
                f"{'':<14}cue exact P {cue.precision:.3f} R {cue.recall:.3f}, "
                f"cue overlap F1 {cue_overlap.f1:.3f}; filter threshold "
                f"{model['threshold']}, cue head's {model.get('cue_head', {}).get('threshold')}",
                flush=True,
            )
            last = target
        print(f"\nlargest pipeline on disk: {size_of(last) / 2**20:.1f} MiB")
        for part in sorted(p for p in last.iterdir() if p.name.startswith("annotator_")):
            print(f"  {part.name}: {size_of(part) / 2**10:.0f} KiB")
        texts = [doc.text for doc in load_gold(dev_folder)]
        rates = throughput(args.pipeline, last, texts)
        bare = rates["bare spaCy"]
        for label, rate in rates.items():
            print(f"throughput {label:<16} {rate:6.2f} documents/s ({rate / bare:.2f}x)")


if __name__ == "__main__":
    main()
