"""The features of one rule-made statement candidate, as names ("cue_lemma=say").

What the rules knew when they proposed it (the cue's word, part of speech and attachment,
the confidence their rule gave, which encodes the rule), and what an annotator looks at to
decide: is there a speaker and of what sort, are there quotes, how long is the content and
how does it open, is the statement inside another one's content, where is it in the article.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token

from annotator.core.model import Statement
from annotator.nlp.learned.cue_proposer import is_proposed

QUOTE_MARKS = frozenset('"“”‘’«»')
PROPOSER_BANDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "it", "who", "that", "which"})


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    return sum(value >= edge for edge in edges)


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def candidate_features(doc: Doc, statement: Statement) -> list[str]:
    """The feature names of `statement`, a candidate the rules (or the cue proposer) found
    in `doc`. A proposal's features come twice, also marked as a proposal's: the same word
    or shape tells something else about a statement the rules did not find."""
    names = set(_features(doc, statement))
    if is_proposed(statement):
        names |= {f"proposed&{name}" for name in names}
    return sorted(names)


def _features(doc: Doc, st: Statement) -> Iterator[str]:
    yield "bias"
    cue = _span(doc, st.cue.start, st.cue.end)
    confidence = st.confidence if st.confidence is not None else 0.0
    if is_proposed(st):
        # The cue proposer's word probability, in bands (it is fine-grained, the rules' is not)
        yield "origin=proposer"
        yield f"proposer_p={_bucket(confidence, PROPOSER_BANDS)}"
    else:
        yield f"rule_conf={round(confidence, 2)}"
    yield f"kind={st.kind.value}"
    yield f"nested={st.parent is not None}"
    lemma = "?"
    if cue is not None and len(cue):
        root = cue.root
        lemma = root.lemma_.lower()
        yield f"cue_lemma={lemma}"
        yield f"cue_pos={root.pos_}"
        yield f"cue_tag={root.tag_}"
        yield f"cue_dep={root.dep_}"
        yield f"cue_len={min(len(cue), 4)}"
        yield f"cue_text={cue.text.lower()}" if len(cue) <= 3 else "cue_text=long"
        yield f"cue_pos_dep={root.pos_}_{root.dep_}"
        yield from _governed(root)
        yield f"sentence_start={root.sent.start == cue.start}"
        yield f"sentence_index={_bucket(_sentence_number(doc, root), (2, 3, 6, 12, 25))}"
    yield from _source(doc, st, lemma)
    yield from _content(doc, st, lemma)


def _sentence_number(doc: Doc, token: Token) -> int:
    """1 for a token of the first sentence, 2 for the second, …; 0 without sentences."""
    if not doc.has_annotation("SENT_START"):
        return 0
    if "sents" in doc.user_hooks:
        return sum(1 for sentence in doc.sents if sentence.start <= token.i)
    # As `Doc.sents` splits: the first token, then each that starts a sentence (iterating
    # the sentences makes a Span per sentence and a Token per word).
    starts = doc.to_array(SENT_START)[1 : token.i + 1]
    return 1 + int(np.count_nonzero(starts == 1))


def _governed(root: Token) -> Iterator[str]:
    deps = {child.dep_ for child in root.children}
    yield f"cue_neg={'neg' in deps}"
    yield f"cue_has_ccomp={'ccomp' in deps}"
    yield f"cue_has_dobj={'dobj' in deps}"
    yield f"cue_has_xcomp={'xcomp' in deps}"
    yield f"cue_head_pos={root.head.pos_ if root.head.i != root.i else 'ROOT'}"
    tense = root.morph.get("Tense")
    yield f"cue_tense={tense[0] if tense else '-'}"


def _source(doc: Doc, st: Statement, lemma: str) -> Iterator[str]:
    if st.source is None:
        yield "source=none"
        yield f"source=none&cue={lemma}"
        return
    yield "source=some"
    span = _span(doc, st.source.start, st.source.end)
    if span is None or not len(span):
        return
    root = span.root
    pronoun = root.lower_ in PRONOUNS or root.pos_ == "PRON"
    yield f"source_pronoun={pronoun}"
    yield f"source_pos={root.pos_}"
    yield f"source_dep={root.dep_}"
    yield f"source_ent={root.ent_type_ or '-'}"
    yield f"source_len={_bucket(len(span), (2, 3, 5, 9))}"
    yield f"source_after_cue={st.source.start > st.cue.start}"
    yield f"source&cue={lemma}"


def _content(doc: Doc, st: Statement, lemma: str) -> Iterator[str]:
    fragments = st.content
    yield f"fragments={min(len(fragments), 3)}"
    chars = sum(f.end - f.start for f in fragments)
    tokens = 0
    first = None
    for fragment in fragments:
        span = _span(doc, fragment.start, fragment.end)
        if span is None:
            continue
        tokens += len(span)
        first = first or span
    yield f"content_tokens={_bucket(tokens, (2, 4, 7, 12, 20, 35, 60))}"
    yield f"content_chars={_bucket(chars, (20, 60, 150, 300))}"
    quoted = any(ch in QUOTE_MARKS for f in fragments for ch in f.text)
    yield f"content_quote={quoted}"
    yield f"content_before_cue={bool(fragments) and fragments[0].start < st.cue.start}"
    if first is not None and len(first):
        opener = first[0]
        yield f"content_first={opener.lower_ if opener.is_stop else opener.pos_}"
        root = first.root
        yield f"content_root_pos={root.pos_}"
        yield f"content_root_dep={root.dep_}"
        yield f"content_has_verb={any(t.pos_ in ('VERB', 'AUX') for t in first)}"
        yield f"content_kind&cue={st.kind.value}_{lemma}"
