"""Train the cue proposer (`annotator.nlp.learned.cue_proposer`) within `annotator train`.

Runs after the rules' pass over the gold and before the statement filter is fitted: the
proposer is fitted on the training documents, and its proposals join the rules' candidates
of every document, so the filter learns to judge both.

The filter must learn from proposals like those the proposer makes on documents it never saw:
on its own training documents a fitted proposer is overconfident. So the training documents
get their proposals by cross-fitting (a proposer fitted on one half proposes on the other,
and the other way round), and the proposer saved in the pipeline is the mean of the two
(`CueProposer.average`): new documents are scored as the training ones were, by proposers
that never saw them. (A proposer refitted on all documents scores higher than the halves
did, and the filter, which learned from the halves' scores, would misread it.)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from annotator.core.model import Document
from annotator.nlp.extensions import STATEMENTS
from annotator.nlp.learned.cue_proposer import CueProposer
from annotator.nlp.pipeline import CUE_PROPOSER, add_cue_proposer
from annotator.services.evaluation import EvaluationReport, evaluate

#: The proposer's threshold: low, so the filter sees many proposals and decides (a fifth of
#: PolNeAR train held out: a higher one leaves the filter too few to keep).
PROPOSER_THRESHOLD = 0.25
#: Below this many training documents the cross-fitting halves are too small to learn from.
MIN_CROSS_FIT_DOCUMENTS = 4

Progress = Callable[[str, int, int], None]


@dataclass
class ProposerReport:
    """What the proposer added; figures on the held-out part when there is one."""

    proposed_train: int = 0
    proposed_held_out: int = 0
    seconds: float = 0.0
    #: The held-out figures of the rules alone, taken before the proposals joined them.
    rules: EvaluationReport | None = None
    #: The proposer's own `score` on the held-out part.
    scores: dict[str, float] | None = None
    #: The held-out figures of the rules + proposer, before the filter.
    proposed: EvaluationReport | None = None

    def took_all_candidates_for_rules(self, report: Any) -> None:
        """`training.measure` measured all candidates as the rules' (`report.rules`): they
        are the rules' and the proposer's; put back the rules alone, measured before."""
        if self.rules is not None:
            self.proposed, report.rules = report.rules, self.rules

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "cue_proposer": {
                "proposed_train": self.proposed_train,
                "proposed_held_out": self.proposed_held_out,
                "seconds": round(self.seconds, 1),
                "scores": {k: round(v, 4) for k, v in (self.scores or {}).items()},
            }
        }
        if self.proposed is not None:
            found["held_out_rules_and_proposer"] = self.proposed.to_dict()
        return found

    def held_out_lines(self, documents: int) -> list[str]:
        if self.proposed is None:
            return []
        lines = [
            f"== Held-out part ({documents} documents): rules + cue proposer "
            f"({self.proposed_held_out} statements proposed), before the filter",
            self.proposed.to_text(),
        ]
        if self.scores:
            lines.append(
                f"Proposed cues: {self.scores['proposer_p']:.3f} of them overlap a gold cue the"
                f" rules missed, {self.scores['proposer_r']:.3f} of those are found,"
                f" {self.scores['proposer_exact']:.3f} of the found spans are exact"
            )
        return [*lines, ""]


def add_cue_proposals(
    nlp: Language,
    candidates,  # training.Candidates (not imported: training imports this module)
    train_docs: Sequence[Document],
    held_docs: Sequence[Document],
    seed: int,
    progress: Progress | None = None,
    *,
    threshold: float = PROPOSER_THRESHOLD,
) -> ProposerReport:
    """Fit a cue proposer into `nlp` on `train_docs` and add its proposals to the
    candidates of every example (cross-fitted on the training documents)."""
    from annotator.services.training import split_documents

    started = time.perf_counter()
    report = ProposerReport()
    held = candidates.part(held_docs)
    if held.examples:
        report.rules = evaluate(held.gold.values(), _documents(held.examples))
    if CUE_PROPOSER in nlp.pipe_names:
        nlp.remove_pipe(CUE_PROPOSER)  # retraining a trained pipeline: start afresh
    component = add_cue_proposer(nlp)
    component.threshold = threshold
    train = candidates.part(train_docs)
    if len(train_docs) < MIN_CROSS_FIT_DOCUMENTS:
        component.initialize(lambda: train.examples)
        report.proposed_train = _add(component, train.examples)
    else:
        halves = split_documents(train_docs, 0.5, seed + 2)
        folds = []
        for step, half in enumerate(halves):
            if progress is not None:
                progress("fitting the cue proposer", step, 2)
            fold = CueProposer(CUE_PROPOSER, threshold=threshold)
            fold.initialize(lambda docs=half: candidates.part(docs).examples)
            folds.append(fold)
        # Each half gets the proposals of the proposer fitted on the other half.
        for fold, half in zip(folds, reversed(halves), strict=True):
            report.proposed_train += _add(fold, candidates.part(half).examples)
        component.average(folds)
    if held.examples:
        report.scores = component.score(held.examples)
    report.proposed_held_out = _add(component, held.examples)
    if progress is not None:
        progress("fitting the cue proposer", 2, 2)
    report.seconds = time.perf_counter() - started
    return report


def _add(proposer: CueProposer, examples) -> int:
    """Append `proposer`'s proposals to each example's candidates; how many it added."""
    added = 0
    for example in examples:
        doc = example.predicted
        statements = list(doc._.get(STATEMENTS) or [])
        proposals = proposer.propose(doc, statements)
        doc._.set(STATEMENTS, statements + proposals)
        added += len(proposals)
    return added


def _documents(examples) -> list[Document]:
    from annotator.formats.docbin import USER_DATA_KEY

    return [
        Document(
            id=e.reference.user_data[USER_DATA_KEY]["id"],
            text=e.predicted.text,
            statements=list(e.predicted._.get(STATEMENTS) or []),
        )
        for e in examples
    ]
