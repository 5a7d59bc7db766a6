"""The `annotator_cue_proposer` spaCy component: cues the rules' lexicons never list.

Runs after `annotator_attribution` and before the statement filter. It scores every content
word outside the rules' cues as the head of an attribution cue (a logistic regression over
`cue_features.token_features`: its word, part of speech, attachment, clause, quotes, …),
and for each word scoring at least `threshold` builds a whole statement (`cue_spans`: the
cue span as the training gold marks it, the source and content from the parse) and appends
it to `Doc._.statements`, with the word's probability as confidence and an id starting with
`PROPOSED_PREFIX` (the filter's features tell proposals from rule statements by it).

The proposer only adds: deciding which statements stay is the statement filter's job (it is
trained after the proposer, on the rules' candidates and the proposals together).

Trained by `initialize(get_examples)`: each `Example`'s predicted Doc holds the rules'
statements, its reference the gold (`formats.docbin.to_training_doc`); a word is positive
when it heads a gold cue. An untrained proposer adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.training import Example

from annotator.core.model import Origin, Statement, Status
from annotator.core.model import Span as TextSpan
from annotator.nlp.attribution.content import QuoteIndex, line_breaks
from annotator.nlp.attribution.quotes import find_quotes
from annotator.nlp.attribution.statements import kind_of, set_parents
from annotator.nlp.doc_text import text_of
from annotator.nlp.extensions import STATEMENTS, register_extensions
from annotator.nlp.learned import logistic
from annotator.nlp.learned.cue_features import (
    CUE_POS,
    QUOTE_MARKS,
    QUOTE_WINDOW,
    Context,
    token_features,
)
from annotator.nlp.learned.cue_spans import CueSpanModel, draft_for
from annotator.nlp.span_groups import write_span_groups

FACTORY = "annotator_cue_proposer"
#: Ids of proposed statements start with this ("cp1", "cp2", …); rule ids start with "q".
PROPOSED_PREFIX = "cp"
#: Features seen in fewer training words than this are left out (noise, size).
MIN_FEATURE_COUNT = 3
#: The word classifier's fit: rare cue words need little regularisation to count, and the
#: optimiser more steps than the filter's (measured on a held-out fifth of PolNeAR train).
L2 = 1e-5
FIT_STEPS = 800
LEARNING_RATE = 0.1
MODEL_FILE = logistic.MODEL_FILE
#: `doc.user_data` key of the gold statements in a reference Doc (`formats.docbin`).
GOLD_KEY = "annotator"


def is_proposed(statement: Statement) -> bool:
    """Whether `statement` was added by the cue proposer (not found by the rules)."""
    return statement.id.startswith(PROPOSED_PREFIX)


@Language.factory(
    FACTORY,
    assigns=[f"doc._.{STATEMENTS}"],
    requires=[f"doc._.{STATEMENTS}", "token.dep", "token.lemma", "token.pos"],
    default_config={"threshold": 0.5, "l2": L2},
)
def make_cue_proposer(nlp: Language, name: str, threshold: float, l2: float) -> CueProposer:
    return CueProposer(name, threshold=threshold, l2=l2)


class CueProposer:
    """Adds statements whose cue a learned word classifier finds and the rules did not."""

    def __init__(self, name: str, *, threshold: float = 0.5, l2: float = L2) -> None:
        register_extensions()
        self.name = name
        self.threshold = threshold
        self.l2 = l2
        self.vocabulary: dict[str, int] = {}
        self.weights = np.zeros(0)
        self.bias = 0.0
        self.spans = CueSpanModel()

    @property
    def is_trained(self) -> bool:
        return bool(self.vocabulary)

    def __call__(self, doc: Doc) -> Doc:
        if self.is_trained and len(doc) and doc.has_annotation("DEP"):
            statements = list(doc._.get(STATEMENTS) or [])
            proposed = self.propose(doc, statements)
            if proposed:
                # in text order, as the rules give theirs (ids stay: the filter reads them)
                found = sorted(statements + proposed, key=lambda st: (st.extent[0], st.cue.start))
                doc._.set(STATEMENTS, found)
                write_span_groups(doc, found)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # ------------------------------------------------------------------- proposing

    def word_probabilities(
        self, doc: Doc, statements: Sequence[Statement], quotes: QuoteIndex | None = None
    ) -> list[tuple[Token, float]]:
        """Each candidate word outside the rules' cues, with its probability of heading a cue."""
        words, rows = [], []
        for token, features in _candidates(doc, statements, quotes):
            words.append(token)
            rows.append(self._row(features))
        probabilities = logistic.predict(rows, self.weights, self.bias)
        return list(zip(words, (float(p) for p in probabilities), strict=True))

    def propose(
        self,
        doc: Doc,
        statements: Sequence[Statement],
        threshold: float | None = None,
    ) -> list[Statement]:
        """New statements for the words scoring at least `threshold` (the component's by
        default), none of whose cues overlap a rule cue or each other."""
        if not self.is_trained:
            return []
        limit = self.threshold if threshold is None else threshold
        text = text_of(doc)
        quotes = QuoteIndex(text, find_quotes(text))
        scored = self.word_probabilities(doc, statements, quotes)
        chosen = [(t, p) for t, p in scored if p >= limit]
        if not chosen:
            return []
        taken = _cue_tokens(doc, statements)
        heads = {t.i for t, _ in chosen} | taken
        breaks = line_breaks(doc)
        proposed: list[Statement] = []
        for token, p in sorted(chosen, key=lambda c: -c[1]):
            start, end = self.spans.span(token)
            if any(i in taken for i in range(start, end)):
                continue
            draft = draft_for(token, (start, end), lambda t: t.i in heads, breaks, p)
            if draft is None:
                continue
            taken.update(range(start, end))
            proposed.append(
                Statement(
                    id="",  # numbered below, in text order
                    cue=TextSpan.of(text, *draft.cue),
                    content=[TextSpan.of(text, *r) for r in draft.content],
                    source=TextSpan.of(text, *draft.source) if draft.source else None,
                    kind=kind_of(draft.content, quotes),
                    status=Status.SUGGESTED,
                    origin=Origin.MODEL,
                    confidence=round(p, 3),
                )
            )
        proposed.sort(key=lambda st: st.cue.start)
        for n, statement in enumerate(proposed, start=1):
            statement.id = f"{PROPOSED_PREFIX}{n}"
        _set_parents(statements, proposed)
        return proposed

    def _row(self, features: Iterable[str]) -> list[int]:
        return logistic.feature_row(self.vocabulary, features)

    # -------------------------------------------------------------------- training

    def average(self, models: Sequence[CueProposer]) -> None:
        """Become the mean of `models` (fitted on different documents): their weights and
        log-odds averaged, their cue-span counts summed. The trainer saves the mean of the
        proposers it cross-fitted, so new documents are scored like the training ones were."""
        names = sorted(set().union(*(m.vocabulary for m in models)))
        self.vocabulary = {name: i for i, name in enumerate(names)}
        self.weights = np.zeros(len(names))
        counts: dict[str, list[int]] = {}
        for model in models:
            where = [self.vocabulary[n] for n in sorted(model.vocabulary, key=model.vocabulary.get)]
            self.weights[np.asarray(where, dtype=np.int64)] += model.weights / len(models)
            for key, (inside, total) in model.spans.counts.items():
                seen = counts.setdefault(key, [0, 0])
                seen[0] += inside
                seen[1] += total
        self.bias = float(np.mean([m.bias for m in models]))
        self.spans = CueSpanModel(counts)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]],
        *,
        nlp: Language | None = None,
    ) -> None:
        """Fit the word classifier and the cue-span counts on the examples: predicted Docs
        with the rules' statements, references with the gold (`formats.docbin`)."""
        candidates: list[list[str]] = []
        targets: list[bool] = []
        spans = CueSpanModel()
        for example in get_examples():
            doc = example.predicted
            statements = [s for s in doc._.get(STATEMENTS) or [] if not is_proposed(s)]
            cues = gold_cue_spans(doc, example.reference)
            for cue in cues:
                spans.observe(cue.root, cue)
            roots = {cue.root.i for cue in cues}
            for token, features in _candidates(doc, statements):
                candidates.append(features)
                targets.append(token.i in roots)
        if not candidates:
            raise ValueError(f"{self.name}: the examples hold no candidate words")
        self.vocabulary = logistic.vocabulary_of(candidates, MIN_FEATURE_COUNT)
        rows = [self._row(features) for features in candidates]
        self.weights, self.bias = logistic.fit(
            rows,
            targets,
            len(self.vocabulary),
            l2=self.l2,
            steps=FIT_STEPS,
            learning_rate=LEARNING_RATE,
        )
        self.spans = spans

    def score(self, examples: Iterable[Example]) -> dict[str, float]:
        """On labelled examples: precision and recall of the proposed cues against the gold
        cues the rules missed (overlap), and how many proposed cue spans are exact."""
        proposed = hits = exact = missed = 0
        for example in examples:
            doc = example.predicted
            statements = list(doc._.get(STATEMENTS) or [])
            rule_cues = [st.cue for st in statements]
            gold = [
                (c.start_char, c.end_char)
                for c in gold_cue_spans(doc, example.reference)
                if not any(c.start_char < r.end and r.start < c.end_char for r in rule_cues)
            ]
            missed += len(gold)
            for st in self.propose(doc, statements):
                proposed += 1
                cue = (st.cue.start, st.cue.end)
                if any(cue[0] < g[1] and g[0] < cue[1] for g in gold):
                    hits += 1
                    exact += cue in gold
        return {
            "proposer_p": hits / max(proposed, 1),
            "proposer_r": hits / max(missed, 1),
            "proposer_exact": exact / max(hits, 1),
            "proposed": float(proposed),
        }

    # --------------------------------------------------------------- serialisation

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        model = {
            "threshold": self.threshold,
            "l2": self.l2,
            "bias": self.bias,
            **logistic.weights_to_dict(self.vocabulary, self.weights),
            "span_counts": self.spans.to_dict(),
        }
        logistic.write_model(path, model)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CueProposer:
        model = logistic.read_model(path)
        self.threshold = float(model["threshold"])
        self.l2 = float(model["l2"])
        self.bias = float(model["bias"])
        self.vocabulary, self.weights = logistic.weights_from_dict(model)
        self.spans = CueSpanModel({k: list(v) for k, v in model["span_counts"].items()})
        return self


def gold_cue_spans(doc: Doc, reference: Doc) -> list[Span]:
    """The gold cues of `reference` (its `user_data`, `formats.docbin`) as spans of `doc`."""
    statements = reference.user_data.get(GOLD_KEY, {}).get("statements", [])
    spans = []
    for st in statements:
        offsets = st.get("cue")
        if not offsets:
            continue
        span = doc.char_span(offsets[0], offsets[1], alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    return spans


def _cue_tokens(doc: Doc, statements: Sequence[Statement]) -> set[int]:
    """Indices of the tokens inside the rules' cues."""
    taken: set[int] = set()
    for st in statements:
        span = doc.char_span(st.cue.start, st.cue.end, alignment_mode="expand")
        if span is not None:
            taken.update(range(span.start, span.end))
    return taken


def _candidates(
    doc: Doc, statements: Sequence[Statement], quotes: QuoteIndex | None = None
) -> Iterable[tuple[Token, list[str]]]:
    """The candidate words of `doc` (outside the rules' cues) with their features."""
    taken = _cue_tokens(doc, statements)
    if quotes is None:
        text = text_of(doc)
        quotes = QuoteIndex(text, find_quotes(text))
    sentence_of = _sentence_starts(doc)
    cue_sentences = {int(sentence_of[i]) for i in taken}
    # Words as arrays: making a Token of every word costs more than all the rest.
    pos = doc.to_array("POS")
    alpha = doc.to_array("IS_ALPHA").astype(bool)
    wanted = np.isin(pos, [doc.vocab.strings[p] for p in CUE_POS]) & alpha
    marks = np.isin(doc.to_array("ORTH"), [doc.vocab.strings[m] for m in QUOTE_MARKS])
    seen = np.concatenate([[0], np.cumsum(marks)])
    for i in np.flatnonzero(wanted):
        if i in taken:
            continue
        token = doc[int(i)]
        sentence = int(sentence_of[i])
        near = seen[min(i + QUOTE_WINDOW + 1, len(doc))] > seen[max(i - QUOTE_WINDOW, 0)]
        context = Context(
            rule_cue_in_sentence=sentence in cue_sentences,
            quoted=bool(quotes.overlapping(token.idx, token.idx + len(token))),
            quote_near=bool(near),
            sentence_start=sentence == i,
        )
        yield token, token_features(token, context)


def _sentence_starts(doc: Doc) -> np.ndarray:
    """For each token, where its sentence starts (0 for all without sentence boundaries)."""
    if not doc.has_annotation("SENT_START"):
        return np.zeros(len(doc), dtype=np.int64)
    starts = doc.to_array("SENT_START") == 1
    starts[0] = True
    return np.maximum.accumulate(np.where(starts, np.arange(len(doc)), 0))


def _set_parents(statements: Sequence[Statement], proposed: list[Statement]) -> None:
    """A proposal's parent: the smallest statement (rule or proposed) whose content holds
    its cue (`attribution.statements.set_parents`); the rules' statements keep theirs."""
    copies = [replace(st) for st in statements]
    set_parents([*copies, *proposed])
