"""The `annotator_statement_filter` spaCy component: a learned judge of the rules' statements.

Runs after `annotator_attribution` and before `annotator_speakers` (so speakers are found
for the statements kept only). For each statement in `Doc._.statements` it computes the
probability that an annotator would mark it (a logistic regression over the candidate's
`features`), writes that probability as the statement's `confidence` and drops the
statements below `threshold`. A statement whose parent was dropped is re-attached to the
nearest kept ancestor.

Trained by `initialize(get_examples, labels=...)`: each `Example`'s predicted Doc holds
the rules' candidates, and `labels(example)` says which of them match a gold statement
(the trainer passes the evaluation's matching). The threshold is set by the trainer on
held-out documents (`annotator.services.training`). An untrained filter keeps everything
and leaves the rules' confidences as they are.

A second head (same features, its own weights: `cue_weights`) scores whether the statement's
*cue* is one an annotator marked, whatever its content: a statement whose cue head reaches
`cue_threshold` is kept even below `threshold`. The relation head alone drops statements with
a right cue and a wrong content, and with them cues the evaluation counts as right (on a
held-out fifth of PolNeAR train it dropped 7.5 % of the gold cues so). Without a cue head
(`cue_threshold` None: untrained, or a pipeline saved before it) only the relation head decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from annotator.core.model import Statement
from annotator.nlp.extensions import STATEMENTS, register_extensions
from annotator.nlp.learned import logistic
from annotator.nlp.learned.features import candidate_features
from annotator.nlp.span_groups import write_span_groups

FACTORY = "annotator_statement_filter"
#: Features seen in fewer training candidates than this are left out (noise, size).
MIN_FEATURE_COUNT = 2
MODEL_FILE = logistic.MODEL_FILE

Labeller = Callable[[Example], Sequence[bool]]


@Language.factory(
    FACTORY,
    assigns=[f"doc._.{STATEMENTS}"],
    requires=[f"doc._.{STATEMENTS}"],
    default_config={"threshold": 0.5, "l2": 1e-3},
)
def make_statement_filter(nlp: Language, name: str, threshold: float, l2: float) -> StatementFilter:
    return StatementFilter(name, threshold=threshold, l2=l2)


class StatementFilter:
    """Scores each candidate statement and keeps those at or above the threshold."""

    def __init__(self, name: str, *, threshold: float = 0.5, l2: float = 1e-3) -> None:
        register_extensions()
        self.name = name
        self.threshold = threshold
        self.l2 = l2
        self.vocabulary: dict[str, int] = {}
        self.weights = np.zeros(0)
        self.bias = 0.0
        self.cue_weights = np.zeros(0)
        self.cue_bias = 0.0
        #: Keep a statement whose cue head scores at least this; None: no cue head.
        self.cue_threshold: float | None = None

    @property
    def is_trained(self) -> bool:
        return bool(self.vocabulary)

    def __call__(self, doc: Doc) -> Doc:
        statements = list(doc._.get(STATEMENTS) or [])
        if self.is_trained and statements:
            rows = self.rows(doc, statements)
            kept = self.filtered(
                statements,
                self.probabilities(doc, statements, rows),
                cue=self.cue_keeps(self.cue_probabilities(rows)),
            )
            doc._.set(STATEMENTS, kept)
            write_span_groups(doc, kept)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # ------------------------------------------------------------------------- the model

    def rows(self, doc: Doc, statements: Sequence[Statement]) -> list[list[int]]:
        """The feature rows of the statements (both heads read them)."""
        return [self._row(candidate_features(doc, st)) for st in statements]

    def probabilities(
        self, doc: Doc, statements: Sequence[Statement], rows: list[list[int]] | None = None
    ) -> np.ndarray:
        """The probability that each statement is a gold one."""
        rows = self.rows(doc, statements) if rows is None else rows
        return logistic.predict(rows, self.weights, self.bias)

    def cue_probabilities(self, rows: list[list[int]]) -> np.ndarray:
        """The cue head's probability that each statement's cue is a gold cue."""
        if not len(self.cue_weights):
            return np.zeros(len(rows))
        return logistic.predict(rows, self.cue_weights, self.cue_bias)

    def cue_keeps(self, cue_probabilities: np.ndarray) -> list[bool] | None:
        """Which statements the cue head keeps, given its probabilities
        (`cue_probabilities`); None when there is no cue head."""
        if self.cue_threshold is None or not len(self.cue_weights):
            return None
        return [bool(p >= self.cue_threshold) for p in cue_probabilities]

    def filtered(
        self,
        statements: Sequence[Statement],
        probabilities: Sequence[float],
        threshold: float | None = None,
        cue: Sequence[bool] | None = None,
    ) -> list[Statement]:
        """Copies of the statements scoring at least `threshold` (the component's by
        default) or kept by the cue head (`cue`: one flag per statement, see `cue_keeps`),
        each with its probability as confidence; parents re-attached to kept ones."""
        limit = self.threshold if threshold is None else threshold
        parents = {st.id: st.parent for st in statements}
        cue = [False] * len(statements) if cue is None else cue
        kept_ids = {
            st.id
            for st, p, by_cue in zip(statements, probabilities, cue, strict=True)
            if p >= limit or by_cue
        }
        kept = []
        for st, p in zip(statements, probabilities, strict=True):
            if st.id not in kept_ids:
                continue
            parent, seen = st.parent, {st.id}
            while parent is not None and parent not in kept_ids and parent not in seen:
                seen.add(parent)  # overlapping contents can make parents a cycle
                parent = parents.get(parent)
            if parent is not None and parent not in kept_ids:
                parent = None
            kept.append(replace(st, confidence=round(float(p), 3), parent=parent))
        return kept

    def _row(self, features: Iterable[str]) -> list[int]:
        return logistic.feature_row(self.vocabulary, features)

    # ---------------------------------------------------------------------- training

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]],
        *,
        nlp: Language | None = None,
        labels: Labeller | None = None,
        cue_labels: Labeller | None = None,
    ) -> None:
        """Fit the model on the candidates in the examples' predicted Docs, labelled by
        `labels` (which of an example's candidates match its reference's statements); with
        `cue_labels` (which candidates' cues match a gold cue) fit the cue head too."""
        if labels is None:
            raise ValueError(f"{self.name}: initialize needs `labels`, the gold matching")
        examples = list(get_examples())
        candidates, targets = self._candidates(examples, labels)
        self.vocabulary = logistic.vocabulary_of(candidates, MIN_FEATURE_COUNT)
        rows = [self._row(features) for features in candidates]
        self.weights, self.bias = logistic.fit(rows, targets, len(self.vocabulary), l2=self.l2)
        self.cue_weights, self.cue_bias = np.zeros(0), 0.0
        if cue_labels is not None:
            cue_targets = [t for example in examples for t in cue_labels(example)]
            self.cue_weights, self.cue_bias = logistic.fit(
                rows, cue_targets, len(self.vocabulary), l2=self.l2
            )

    def _candidates(
        self, examples: Iterable[Example], labels: Labeller
    ) -> tuple[list[list[str]], list[bool]]:
        candidates: list[list[str]] = []
        targets: list[bool] = []
        for example in examples:
            doc = example.predicted
            statements = list(doc._.get(STATEMENTS) or [])
            candidates += [candidate_features(doc, st) for st in statements]
            targets += list(labels(example))
        if not candidates:
            raise ValueError(f"{self.name}: the examples hold no candidate statements")
        return candidates, targets

    def score(self, examples: Iterable[Example], *, labels: Labeller) -> dict[str, float]:
        """Calibration and decisions on labelled examples: Brier score, log loss, and the
        precision and recall of keeping a candidate (positives: candidates matching gold)."""
        probabilities: list[float] = []
        targets: list[bool] = []
        for example in examples:
            statements = list(example.predicted._.get(STATEMENTS) or [])
            probabilities += list(self.probabilities(example.predicted, statements))
            targets += list(labels(example))
        p = np.asarray(probabilities)
        y = np.asarray(targets, dtype=np.float64)
        kept = p >= self.threshold
        true_kept = float((kept & (y == 1)).sum())
        clipped = np.clip(p, 1e-7, 1 - 1e-7)
        return {
            "filter_brier": float(np.mean((p - y) ** 2)) if len(y) else 0.0,
            "filter_log_loss": float(-np.mean(y * np.log(clipped) + (1 - y) * np.log(1 - clipped)))
            if len(y)
            else 0.0,
            "filter_keep_p": true_kept / max(float(kept.sum()), 1.0),
            "filter_keep_r": true_kept / max(float(y.sum()), 1.0),
        }

    # -------------------------------------------------------------------- serialisation

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        model = {
            "threshold": self.threshold,
            "l2": self.l2,
            "bias": self.bias,
            **logistic.weights_to_dict(self.vocabulary, self.weights),
        }
        if self.cue_threshold is not None and len(self.cue_weights):
            model["cue_head"] = {
                "threshold": self.cue_threshold,
                "bias": self.cue_bias,
                "weights": logistic.rounded(self.cue_weights),
            }
        logistic.write_model(path, model)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> StatementFilter:
        model = logistic.read_model(path)
        self.threshold = float(model["threshold"])
        self.l2 = float(model["l2"])
        self.bias = float(model["bias"])
        self.vocabulary, self.weights = logistic.weights_from_dict(model)
        head = model.get("cue_head")  # absent in pipelines saved before the cue head
        self.cue_threshold = None if head is None else float(head["threshold"])
        self.cue_weights = np.zeros(0) if head is None else np.asarray(head["weights"], float)
        self.cue_bias = 0.0 if head is None else float(head["bias"])
        return self
