"""Where the trained pipeline's cue errors are, on a held-out part of PolNeAR train.

Trains the pipeline as `annotator train` does (`services.training.train`) on PolNeAR train
with a seeded fifth held out (`--held-out 0.2 --seed 1`: the fifth the learned parts were
tuned on, `split_documents(train, 0.2, 1)`), runs it on the held-out documents three ways
(the rules alone; the candidates the filter sees: rules, proposals and chosen spans; the
whole pipeline) and sorts every gold cue the pipeline does not match exactly:

- never proposed: no rule statement and no proposal overlaps it (by the part of speech of
  its head word);
- wrong boundary: a kept cue overlaps it;
- the filter dropped a candidate whose cue was exact (a rule's or a proposal's), or one
  overlapping it;

and every kept cue that matches no gold cue: overlapping one (a boundary error) or none,
and of those how many lie inside a gold statement's content (a nested attribution).
Dev is not read. Reads PolNeAR at run time (`../shared/corpora/polnear` from the
repository root, or `--corpus FOLDER`); the pipeline goes to a temporary folder.

    .venv/bin/python benchmarks/cue_errors.py [--held-out 0.2] [--seed 1]

About 7 minutes. Figures are recorded in docs/ACCURACY.md ("Cue recall, second look").
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]  # this checkout's annotator

from bench_learned_filter import figures, polnear_parser  # noqa: E402

from annotator.core.model import Document  # noqa: E402
from annotator.nlp.extensions import STATEMENTS  # noqa: E402
from annotator.nlp.learned.cue_proposer import is_proposed  # noqa: E402
from annotator.nlp.pipeline import (  # noqa: E402
    CUE_PROPOSER,
    SPAN_CHOOSER,
    SPEAKERS,
    STATEMENT_FILTER,
)
from annotator.services.evaluation import evaluate, load_gold  # noqa: E402
from annotator.services.evaluation_matching import (  # noqa: E402
    cue_region,
    exact_score,
    greedy_match,
    intersection,
)
from annotator.services.pipeline import load_pipeline  # noqa: E402
from annotator.services.training import split_documents, train  # noqa: E402

LEARNED = (CUE_PROPOSER, SPAN_CHOOSER, STATEMENT_FILTER)



def run(nlp, documents: list[Document], disabled: tuple[str, ...]) -> dict[str, list]:
    """Each document's statements from `nlp` with the `disabled` components off."""
    off = [name for name in (*disabled, SPEAKERS) if name in nlp.pipe_names]
    with nlp.select_pipes(disable=off):
        docs = nlp.pipe((d.text for d in documents), batch_size=16)
        return {
            d.id: list(doc._.get(STATEMENTS) or []) for d, doc in zip(documents, docs, strict=True)
        }


def sort_errors(
    gold: Document, rules: list, candidates: list, final: list
) -> tuple[Counter, Counter]:
    """The gold cues `final` misses and the false cues it keeps, by kind."""
    text = gold.text
    misses, false = Counter(), Counter()
    gold_cues = sorted(((cue_region(text, s), s) for s in gold.statements), key=lambda c: c[0])
    kept = sorted(((cue_region(text, s), s) for s in final), key=lambda c: c[0])
    pairs = greedy_match([c for c, _ in gold_cues], [c for c, _ in kept], exact_score)
    unmatched_gold = Counter(tuple(g) for g, _ in gold_cues)
    unmatched_gold.subtract(Counter(tuple(g) for g, _ in pairs))
    unmatched_kept = Counter(tuple(p) for p, _ in kept)
    unmatched_kept.subtract(Counter(tuple(p) for _, p in pairs))

    def exact(statements, cue) -> list:
        return [s for s in statements if tuple(cue_region(text, s)) == tuple(cue)]

    def overlapping(statements, cue) -> list:
        return [s for s in statements if intersection(cue_region(text, s), cue)]

    proposals = [s for s in candidates if is_proposed(s)]
    for cue, _statement in gold_cues:
        if unmatched_gold[tuple(cue)] <= 0:
            continue
        unmatched_gold[tuple(cue)] -= 1
        if overlapping(final, cue):
            misses["wrong boundary (a kept cue overlaps it)"] += 1
        elif exact(rules, cue):
            misses["the filter dropped an exact rule cue"] += 1
        elif exact(proposals, cue):
            misses["the filter dropped an exact proposed cue"] += 1
        elif overlapping(rules, cue) or overlapping(proposals, cue):
            misses["the filter dropped an overlapping, inexact cue"] += 1
        else:
            misses["never proposed (neither rules nor proposer)"] += 1
    for cue, statement in kept:
        if unmatched_kept[tuple(cue)] <= 0:
            continue
        unmatched_kept[tuple(cue)] -= 1
        origin = "proposal" if is_proposed(statement) else "rule"
        if any(intersection(cue, g) for g, _ in gold_cues):
            false[f"overlapping a gold cue (boundary), {origin}"] += 1
            continue
        inside = any(
            c.start <= statement.cue.start and statement.cue.end <= c.end
            for g in gold.statements
            for c in g.content
        )
        where = "inside a gold content" if inside else "elsewhere"
        false[f"overlapping no gold cue, {where}, {origin}"] += 1
    return misses, false


def main() -> None:
    parser = polnear_parser(__doc__.splitlines()[0])
    parser.add_argument("--held-out", type=float, default=0.2)
    parser.set_defaults(seed=1)
    args = parser.parse_args()
    train_gold = list(load_gold(args.corpus / "train"))
    _, held = split_documents(train_gold, args.held_out, args.seed)
    print(f"PolNeAR train {len(train_gold)} documents, {len(held)} held out (seed {args.seed})")
    nlp = load_pipeline(args.pipeline)
    with tempfile.TemporaryDirectory() as folder:
        report = train(
            nlp, train_gold, Path(folder) / "trained", seed=args.seed, held_out=args.held_out
        )
    print(f"trained in {report.seconds:.0f} s")
    stages = {
        "rules": run(nlp, held, LEARNED),
        "candidates": run(nlp, held, (STATEMENT_FILTER,)),
        "trained pipeline": run(nlp, held, ()),
    }
    for name, statements in stages.items():
        predicted = [Document(id=d.id, text=d.text, statements=statements[d.id]) for d in held]
        print(f"{name} (held out)\n{figures(evaluate(held, predicted))}")
    misses, false = Counter(), Counter()
    for document in held:
        m, f = sort_errors(document, *(stages[name][document.id] for name in stages))
        misses.update(m)
        false.update(f)
    gold_cues = sum(len(d.statements) for d in held)
    print(f"\ngold cues {gold_cues}; not matched exactly {sum(misses.values())}")
    for kind, count in misses.most_common():
        print(f"  {count:5d}  {count / gold_cues:6.1%}  {kind}")
    print(f"false cues kept {sum(false.values())}")
    for kind, count in false.most_common():
        print(f"  {count:5d}  {kind}")


if __name__ == "__main__":
    main()
