"""Train the span chooser (`annotator_span_chooser`) on gold: the spans part of `annotator train`.

A candidate statement teaches the chooser when a gold statement has the same cue (their cue
regions overlap; of several, the one with the largest cue Jaccard): that gold statement's
content and source are the spans to pick among the candidate's alternatives. Candidates
without such a partner (false alarms) teach nothing; the statement filter judges them later.

`fit_span_chooser` fits on the training part; `apply_span_chooser` rewrites the candidates'
spans in place, so the filter that is trained next sees the statements as the trained
pipeline will hand them to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.training import Example

from annotator.core.model import Document, Statement
from annotator.formats.docbin import USER_DATA_KEY
from annotator.nlp.extensions import STATEMENTS
from annotator.nlp.learned.span_chooser import SpanChooser
from annotator.nlp.pipeline import SPAN_CHOOSER, add_span_chooser
from annotator.services.evaluation import EvaluationReport, evaluate
from annotator.services.evaluation_matching import cue_region, jaccard

if TYPE_CHECKING:
    from annotator.services.training import Candidates, TrainingReport

Progress = Callable[[str, int, int], None]


def cue_partners(gold: Document, predicted: Sequence[Statement]) -> list[Statement | None]:
    """For each predicted statement, the gold statement whose cue overlaps its cue most."""
    text = gold.text
    gold_cues = [(g, cue_region(text, g)) for g in gold.statements]
    partners: list[Statement | None] = []
    for st in predicted:
        cue = cue_region(text, st)
        best, best_score = None, 0.0
        for g, g_cue in gold_cues:
            if not g.cue.overlaps(st.cue):
                continue
            score = jaccard(cue, g_cue)
            if score > best_score:
                best, best_score = g, score
        partners.append(best)
    return partners


def new_span_chooser(nlp: Language) -> SpanChooser:
    """An untrained chooser in `nlp` (a trained one there is replaced: start afresh)."""
    if SPAN_CHOOSER in nlp.pipe_names:
        nlp.remove_pipe(SPAN_CHOOSER)
    return add_span_chooser(nlp)


def _doc_id(example: Example) -> str:
    return example.reference.user_data[USER_DATA_KEY]["id"]


def gold_partners(gold: dict[str, Document]) -> Callable[[Example], list[Statement | None]]:
    """The chooser's `partners` for examples made by `training.collect_candidates`."""

    def partners(example: Example) -> list[Statement | None]:
        statements = example.predicted._.get(STATEMENTS) or []
        return cue_partners(gold[_doc_id(example)], statements)

    return partners


def held_out_figures(part: Candidates) -> EvaluationReport:
    """The evaluation of the candidates as they stand on `part`."""
    predicted = (
        Document(
            id=_doc_id(e),
            text=e.predicted.text,
            statements=list(e.predicted._.get(STATEMENTS) or []),
        )
        for e in part.examples
    )
    return evaluate(list(part.gold.values()), predicted)


@dataclass
class SpanTraining:
    """The held-out figures before and after the chooser (None: no held-out part)."""

    rules: EvaluationReport | None = None
    spans: EvaluationReport | None = None

    def report_into(self, report: TrainingReport) -> None:
        """Put the figures into the training report: its "rules alone" are the rules' own
        spans, its filter figures those of the statements with the chosen spans."""
        if self.rules is not None and self.spans is not None:
            report.rules, report.spans = self.rules, self.spans


def train_spans(
    component: SpanChooser,
    candidates: Candidates,
    train: Candidates,
    held_docs: Sequence[Document],
    progress: Progress | None = None,
) -> SpanTraining:
    """Fit the chooser on `train`, then re-choose the spans of all `candidates` in place
    (the filter is fitted on them next), measuring the held-out part before and after."""
    if progress is not None:
        progress("fitting the span chooser", 0, 1)
    held = candidates.part(held_docs) if held_docs else None
    result = SpanTraining(rules=held_out_figures(held) if held is not None else None)
    try:
        component.initialize(lambda: train.examples, partners=gold_partners(train.gold))
    except ValueError:
        return result  # no candidate shares a cue with the gold: the chooser stays a no-op
    apply_span_chooser(component, candidates.examples)
    if held is not None:
        result.spans = held_out_figures(held)
    return result


def apply_span_chooser(component: SpanChooser, examples: Sequence[Example]) -> None:
    """Rewrite the spans of the candidates in the examples' predicted Docs."""
    for example in examples:
        component(example.predicted)
