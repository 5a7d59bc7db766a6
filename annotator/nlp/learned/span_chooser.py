"""The `annotator_span_chooser` spaCy component: learned cue, source and content boundaries.

Runs after the components that propose statements (the rules, a learned cue proposer) and
before the statement filter. For each statement in `Doc._.statements` it first re-chooses
the cue's boundaries among the cue grown by a word or a few at either end
(`span_alternatives.cue_alternatives`: "has been", "critical of", "said Tuesday"), the
content and source staying outside the chosen cue; then it lists alternative
content and source spans read off the parse and the quotes (`span_alternatives`: the rules'
own, the cue's clause, the rest of the sentence, the quote, a following quoted sentence, the
source without apposition …) and keeps, for each role, the one its ranker scores highest
(`ranking`: a linear model over `span_features`, fitted to pick the span the annotators
marked). Kind, nesting and confidence stay as they are; only spans change. An
untrained chooser changes nothing; one saved without a cue ranker keeps the cues.

Trained by `initialize(get_examples, partners=...)`: `partners(example)` gives, for each
statement of the example's predicted Doc, the gold statement with the same cue (or None:
that candidate teaches nothing). The trainer (`annotator.services.training_spans`) passes
the evaluation's cue matching.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from annotator.core.model import Span, Statement
from annotator.core.regions import region_of
from annotator.nlp.doc_text import text_of
from annotator.nlp.extensions import STATEMENTS, register_extensions
from annotator.nlp.learned import logistic, ranking
from annotator.nlp.learned.span_alternatives import (
    Alternative,
    DocContext,
    content_alternatives,
    cue_alternatives,
    outside_of,
    source_alternatives,
)
from annotator.nlp.learned.span_features import (
    content_features,
    cue_context,
    cue_features,
    group_features,
    source_features,
)
from annotator.nlp.span_groups import write_span_groups

FACTORY = "annotator_span_chooser"
MODEL_FILE = logistic.MODEL_FILE
#: Features seen in fewer training alternatives than this are left out (noise, size).
MIN_FEATURE_COUNT = 2
ROLES = ("content", "source")
#: The cue's ranker, fitted and applied before the others: content and source depend on it.
CUE = "cue"

Partners = Callable[[Example], Sequence[Statement | None]]


@Language.factory(
    FACTORY,
    assigns=[f"doc._.{STATEMENTS}"],
    requires=[f"doc._.{STATEMENTS}"],
    default_config={"l2": 1e-3},
)
def make_span_chooser(nlp: Language, name: str, l2: float) -> SpanChooser:
    return SpanChooser(name, l2=l2)


@dataclass
class RoleRanker:
    """The ranker of one role's alternatives: a feature vocabulary and its weights."""

    vocabulary: dict[str, int] = field(default_factory=dict)
    weights: np.ndarray = field(default_factory=lambda: np.zeros(0))
    #: Each feature's weight by name, made on first use (`best`).
    _weight_of: dict[str, float] | None = field(default=None, repr=False, compare=False)

    def row(self, features: Iterable[str]) -> list[int]:
        return logistic.feature_row(self.vocabulary, features)

    def best(self, feature_lists: Sequence[Sequence[str]]) -> int:
        """The index of the top-scoring alternative (the first on a tie: the rules')."""
        if self._weight_of is None:  # by name: a few dozen look-ups beat numpy's set-up
            weights = self.weights.tolist()
            self._weight_of = {name: weights[i] for name, i in self.vocabulary.items()}
        weight_of = self._weight_of
        best, top = 0, -np.inf
        for index, features in enumerate(feature_lists):
            score = sum(weight_of.get(f, 0.0) for f in features)
            if score > top:
                best, top = index, score
        return best

    def fit(
        self, groups: Sequence[Sequence[Sequence[str]]], labels: Sequence[Sequence[bool]], l2: float
    ) -> None:
        every = (features for group in groups for features in group)
        self.vocabulary = logistic.vocabulary_of(every, MIN_FEATURE_COUNT)
        rows, targets, owners = [], [], []
        for number, (group, marks) in enumerate(zip(groups, labels, strict=True)):
            rows += [self.row(features) for features in group]
            targets += list(marks)
            owners += [number] * len(group)
        self.weights = ranking.fit_groups(rows, targets, owners, len(self.vocabulary), l2=l2)
        self._weight_of = None

    def to_dict(self) -> dict:
        return logistic.weights_to_dict(self.vocabulary, self.weights)

    @classmethod
    def from_dict(cls, data: dict) -> RoleRanker:
        return cls(*logistic.weights_from_dict(data))


@dataclass
class Choices:
    """One statement's alternatives for both roles, with their features."""

    content: list[Alternative]
    content_features: list[list[str]]
    source: list[Alternative]
    source_features: list[list[str]]


class SpanChooser:
    """Re-chooses the content and source spans of each statement among the parse's."""

    def __init__(self, name: str, *, l2: float = 1e-3) -> None:
        register_extensions()
        self.name = name
        self.l2 = l2
        self.rankers = {role: RoleRanker() for role in (CUE, *ROLES)}

    @property
    def is_trained(self) -> bool:
        # The source ranker may have learned nothing (gold without sources): it then keeps
        # the rules' source, its first alternative.
        return bool(self.rankers["content"].vocabulary)

    def __call__(self, doc: Doc) -> Doc:
        statements = list(doc._.get(STATEMENTS) or [])
        if self.is_trained and statements:
            chosen = self.rechosen(doc, statements)
            doc._.set(STATEMENTS, chosen)
            write_span_groups(doc, chosen)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # ------------------------------------------------------------------------- choosing

    def cue_choices(
        self, ctx: DocContext, statements: Sequence[Statement]
    ) -> list[tuple[list[Alternative], list[list[str]]]]:
        """The cue alternatives of each statement (its own first), with their features."""
        ctx.set_cues((st.cue.start, st.cue.end) for st in statements)
        found = []
        for st in statements:
            cues = cue_alternatives(ctx, st)
            lemma = cue_context(ctx, st)
            found.append((cues, [cue_features(ctx, st, a, cues[0], lemma) for a in cues]))
        return found

    def with_cues(self, ctx: DocContext, statements: Sequence[Statement]) -> list[Statement]:
        """The statements with their chosen cues, content and source cut outside them
        (unchanged while the cue ranker is untrained)."""
        ranker = self.rankers[CUE]
        if not ranker.vocabulary:
            return list(statements)
        text = ctx.text
        result = []
        for st, (cues, features) in zip(statements, self.cue_choices(ctx, statements), strict=True):
            chosen = cues[ranker.best(features)]
            result.append(st if chosen is cues[0] else _with_cue(text, st, chosen))
        return result

    def choices(
        self, doc: Doc, statements: Sequence[Statement], ctx: DocContext | None = None
    ) -> list[Choices]:
        """The content and source alternatives of each statement (the rules' first in each
        role); `ctx`: the Doc's context, when the cues were chosen with it already."""
        ctx = ctx or DocContext(doc)
        ctx.cues = sorted((st.cue.start, st.cue.end) for st in statements)
        found = []
        for st in statements:
            cue = cue_context(ctx, st)
            contents = content_alternatives(ctx, st)
            sources = source_alternatives(ctx, st)
            found.append(
                Choices(
                    contents,
                    [
                        content_features(ctx, st, a, contents[0], cue) + relative
                        for a, relative in zip(contents, group_features(contents), strict=True)
                    ],
                    sources,
                    [
                        source_features(ctx, st, a, sources[0], cue) + relative
                        for a, relative in zip(sources, group_features(sources), strict=True)
                    ],
                )
            )
        return found

    def rechosen(self, doc: Doc, statements: Sequence[Statement]) -> list[Statement]:
        """Copies of the statements with the chosen cue, content and source spans."""
        text = text_of(doc)
        ctx = DocContext(doc)
        statements = self.with_cues(ctx, statements)
        result = []
        for st, choice in zip(statements, self.choices(doc, statements, ctx), strict=True):
            content = choice.content[self.rankers["content"].best(choice.content_features)]
            source = choice.source[self.rankers["source"].best(choice.source_features)]
            result.append(_with_spans(text, st, content, source))
        return result

    # ---------------------------------------------------------------------- training

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]],
        *,
        nlp: Language | None = None,
        partners: Partners | None = None,
    ) -> None:
        """Fit the rankers on the statements of the examples' predicted Docs that have a
        gold partner (`partners`) whose span is among their alternatives: the cue's first,
        then content and source among the alternatives of the statements with chosen cues."""
        if partners is None:
            raise ValueError(f"{self.name}: initialize needs `partners`, the gold statements")
        self.rankers[CUE] = RoleRanker()
        cue_groups, cue_labels = self.cue_training_groups(get_examples(), partners)
        if cue_groups:
            self.rankers[CUE].fit(cue_groups, cue_labels, self.l2)
        self.fit(*self.training_groups(get_examples(), partners))

    def cue_training_groups(
        self, examples: Iterable[Example], partners: Partners
    ) -> tuple[list[list[list[str]]], list[list[bool]]]:
        """The feature lists of each teaching statement's cue alternatives and which of
        them is the gold cue (statements whose gold cue is no alternative are left out)."""
        groups: list[list[list[str]]] = []
        labels: list[list[bool]] = []
        for example in examples:
            doc = example.predicted
            statements = list(doc._.get(STATEMENTS) or [])
            choices = self.cue_choices(DocContext(doc), statements)
            for (cues, features), gold in zip(choices, partners(example), strict=True):
                if gold is None:
                    continue
                marks = _cue_marks(doc.text, cues, gold)
                if any(marks):
                    groups.append(features)
                    labels.append(marks)
        return groups, labels

    def training_groups(
        self, examples: Iterable[Example], partners: Partners
    ) -> tuple[dict[str, list[list[list[str]]]], dict[str, list[list[bool]]]]:
        """Per role: the feature lists of each teaching statement's alternatives, and which
        of them are the gold span (statements whose gold span is no alternative are left out)."""
        groups: dict[str, list[list[list[str]]]] = {role: [] for role in ROLES}
        labels: dict[str, list[list[bool]]] = {role: [] for role in ROLES}
        for text, choice, gold in self._labelled(examples, partners):
            for role in ROLES:
                marks = _marks(text, role, getattr(choice, role), gold)
                if any(marks):
                    groups[role].append(getattr(choice, f"{role}_features"))
                    labels[role].append(marks)
        return groups, labels

    def fit(
        self, groups: dict[str, list[list[list[str]]]], labels: dict[str, list[list[bool]]]
    ) -> None:
        """Fit both rankers on `training_groups`' output."""
        if not groups["content"]:
            raise ValueError(f"{self.name}: no candidate statement matches a gold one")
        for role in ROLES:
            self.rankers[role].fit(groups[role], labels[role], self.l2)

    def _labelled(
        self, examples: Iterable[Example], partners: Partners
    ) -> Iterable[tuple[str, Choices, Statement]]:
        """(text, alternatives, gold partner) of each statement that has a partner."""
        for example in examples:
            doc = example.predicted
            ctx = DocContext(doc)
            statements = self.with_cues(ctx, list(doc._.get(STATEMENTS) or []))
            golds = partners(example)
            text = text_of(doc)
            for choice, gold in zip(self.choices(doc, statements, ctx), golds, strict=True):
                if gold is not None:
                    yield text, choice, gold

    def score(self, examples: Iterable[Example], *, partners: Partners) -> dict[str, float]:
        """How often the chosen span of a statement with a gold partner is the gold one,
        and how often the rules' is (the share of statements with a partner); for the cue,
        its own before any choice."""
        names = ("n", "cue", "cue_rules", "content", "content_rules", "source", "source_rules")
        counts = dict.fromkeys(names, 0)
        examples = list(examples)
        for example in examples:
            doc = example.predicted
            statements = list(doc._.get(STATEMENTS) or [])
            choices = self.cue_choices(DocContext(doc), statements)
            for (cues, features), gold in zip(choices, partners(example), strict=True):
                if gold is not None:
                    marks = _cue_marks(doc.text, cues, gold)
                    counts["cue"] += int(marks[self.rankers[CUE].best(features)])
                    counts["cue_rules"] += int(marks[0])
        for text, choice, gold in self._labelled(examples, partners):
            counts["n"] += 1
            for role in ROLES:
                marks = _marks(text, role, getattr(choice, role), gold)
                chosen = self.rankers[role].best(getattr(choice, f"{role}_features"))
                counts[role] += int(marks[chosen])
                counts[f"{role}_rules"] += int(marks[0])
        n = max(counts["n"], 1)
        return {f"chooser_{name}_right": counts[name] / n for name in counts if name != "n"} | {
            "chooser_statements": float(counts["n"])
        }

    # -------------------------------------------------------------------- serialisation

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        model = {"l2": self.l2, **{role: ranker.to_dict() for role, ranker in self.rankers.items()}}
        logistic.write_model(path, model)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> SpanChooser:
        model = logistic.read_model(path)
        self.l2 = float(model["l2"])
        # A chooser saved before it chose cues has no cue ranker: it keeps the cues.
        self.rankers = {
            role: RoleRanker.from_dict(model[role]) if role in model else RoleRanker()
            for role in (CUE, *ROLES)
        }
        return self


def _marks(
    text: str, role: str, alternatives: Sequence[Alternative], gold: Statement
) -> list[bool]:
    """Which alternatives equal the gold statement's span of `role`, as the evaluation
    compares them."""
    if role == "content":
        target = region_of(text, [(s.start, s.end) for s in gold.content], content=True)
    else:
        spans = [] if gold.source is None else [(gold.source.start, gold.source.end)]
        target = region_of(text, spans, content=False)
    return [a.key == target for a in alternatives]


def _cue_marks(text: str, alternatives: Sequence[Alternative], gold: Statement) -> list[bool]:
    """Which cue alternatives equal the gold statement's cue, as the evaluation compares them."""
    target = region_of(text, [(gold.cue.start, gold.cue.end)])
    return [bool(target) and a.key == target for a in alternatives]


def _with_cue(text: str, st: Statement, cue: Alternative) -> Statement:
    """`st` with the cue `cue`; its content and source cut to what lies outside it."""
    start, end = cue.ranges[0][0], cue.ranges[-1][1]
    pieces = outside_of([(f.start, f.end) for f in st.content], (start, end))
    content = [Span.of(text, s, e) for s, e in pieces if text[s:e].strip()]
    source = st.source
    if source is not None:
        rest = outside_of([(source.start, source.end)], (start, end))
        s, e = max(rest, key=lambda p: p[1] - p[0], default=(0, 0))
        source = Span.of(text, s, e) if text[s:e].strip() else None
    return replace(st, cue=Span.of(text, start, end), content=content, source=source)


def _with_spans(text: str, st: Statement, content: Alternative, source: Alternative) -> Statement:
    fragments = [Span.of(text, s, e) for s, e in content.ranges] or st.content
    if source.ranges:
        start, end = source.ranges[0][0], source.ranges[-1][1]
        chosen_source: Span | None = Span.of(text, start, end)
    else:
        chosen_source = None
    return replace(st, content=fragments, source=chosen_source)
