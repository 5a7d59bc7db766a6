"""How far verb lexicons can take cue recall: an upper bound for rule-based cue finding.

Runs the pre-annotator twice on a gold corpus (PolNeAR, read at run time, never copied
into the repository):

- as shipped;
- with every verb outside the lexicons treated as a stance verb (the widest lexicon
  there can be), keeping all other rules: what recall the rules could reach if the
  lexicons were perfect, and at what precision;
- and, as an optimistic bound, an oracle lexicon that adds exactly the right extra cues
  of the second run and none of the wrong ones (no real lexicon does better, since a
  lexicon cannot tell a verb's right uses from its wrong ones).

Then it sorts the gold cues that neither run finds by the part of speech of their head
(verb, noun, adjective, punctuation, …): the cues no verb lexicon can reach.

Run from the repository root (about 40 s on dev):

    .venv/bin/python benchmarks/cue_recall_ceiling.py --gold ../shared/corpora/polnear/dev

Figures are recorded in docs/ACCURACY.md, section "How far rules can go".
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import spacy

from annotator.core.model import Document
from annotator.core.settings import DEFAULT_PIPELINE
from annotator.nlp.attribution import cues
from annotator.services.evaluation import Score, evaluate, load_gold, predict

ROOT = Path(__file__).resolve().parents[1]
#: PolNeAR's dev split beside the checkout, as the shared folder lays it out.
POLNEAR_DEV = ROOT.parent / "shared" / "corpora" / "polnear" / "dev"


def every_verb_is_a_cue() -> None:
    """Patch the cue finder so that any verb the lexicons do not know is a stance verb."""
    shipped = cues.CueFinder.verb_type

    def widest(self: cues.CueFinder, token: spacy.tokens.Token) -> cues.CueType | None:
        found = shipped(self, token)
        if found is None and token.pos_ == "VERB":
            return cues.CueType.ATTITUDE_VERB
        return found

    cues.CueFinder.verb_type = widest  # type: ignore[method-assign]


def cue_scores(gold: Sequence[Document], predicted: Sequence[Document]) -> tuple[Score, Score]:
    """Exact and overlap scores of the cues."""
    report = evaluate(gold, predicted)
    return report.roles["exact"]["cue"], report.roles["overlap"]["cue"]


def cue_line(label: str, scores: tuple[Score, Score]) -> str:
    exact, overlap = scores
    return (
        f"{label:<34} predicted {exact.predicted:>6}   exact P {exact.precision:.3f} "
        f"R {exact.recall:.3f} F1 {exact.f1:.3f}   overlap R {overlap.recall:.3f}"
    )


def unreachable_cues(
    gold: Sequence[Document], predicted: Sequence[Document], nlp: spacy.language.Language
) -> Counter[str]:
    """Gold cues no prediction overlaps, by the part of speech of their first content word."""
    kinds: Counter[str] = Counter()
    texts = (doc.text for doc in gold)
    for gold_doc, pred_doc, parsed in zip(gold, predicted, nlp.pipe(texts), strict=True):
        found = [(s.cue.start, s.cue.end) for s in pred_doc.statements]
        for statement in gold_doc.statements:
            start, end = statement.cue.start, statement.cue.end
            if any(a < end and start < b for a, b in found):
                continue
            span = parsed.char_span(start, end, alignment_mode="expand")
            tokens = list(span) if span is not None else []
            words = [t for t in tokens if t.pos_ in ("VERB", "NOUN", "ADJ")] or tokens
            kinds[words[0].pos_ if words else "none"] += 1
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=POLNEAR_DEV, help="brat corpus folder")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    args = parser.parse_args()

    gold = list(load_gold(args.gold))[: args.limit]
    shipped = predict(gold)
    print(f"{len(gold)} articles, {sum(len(d.statements) for d in gold)} gold cues")
    shipped_scores = cue_scores(gold, shipped)
    print(cue_line("shipped lexicons", shipped_scores))
    every_verb_is_a_cue()
    widest = predict(gold)
    widest_scores = cue_scores(gold, widest)
    print(cue_line("every verb a cue candidate", widest_scores))
    shipped_exact, widest_exact = shipped_scores[0], widest_scores[0]
    gained = widest_exact.matched - shipped_exact.matched
    oracle_f1 = 2 * widest_exact.matched / (widest_exact.gold + shipped_exact.predicted + gained)
    print(f"{'oracle lexicon (right extras only)':<34} exact F1 at most {oracle_f1:.3f}")
    nlp = spacy.load(DEFAULT_PIPELINE, disable=["ner"])
    kinds = unreachable_cues(gold, widest, nlp)
    total = sum(len(d.statements) for d in gold)
    print(f"gold cues still not found: {sum(kinds.values())} ({sum(kinds.values()) / total:.1%})")
    for pos, count in kinds.most_common():
        print(f"  head {pos:<6} {count:>5}  ({count / total:.1%} of all gold cues)")


if __name__ == "__main__":
    main()
