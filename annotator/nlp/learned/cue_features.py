"""The features of one token as a possible attribution cue the rules did not find.

What tells a cue word from others in the parse: the word itself (lemma, part of speech,
tag, attachment), what hangs off it (a clause, a "that", an object, a preposition and which,
a subject and of what sort), what it hangs off, whether quotation marks are near, whether it
is inside a quote, and whether the rules already found a cue in its sentence.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

QUOTE_MARKS = frozenset('"“”‘’«»')
#: Parts of speech a cue the rules miss is headed by (nouns "plan", adjectives "critical").
CUE_POS = frozenset({"VERB", "NOUN", "ADJ", "AUX", "PROPN", "ADP", "ADV"})
QUOTE_WINDOW = 4


def is_candidate(token: Token) -> bool:
    """Whether `token` may head a cue at all (cheap pre-filter: content words)."""
    return token.pos_ in CUE_POS and token.is_alpha


def token_features(token: Token, rule_cue_in_sentence: bool, quoted: bool) -> list[str]:
    """The feature names of `token`: `rule_cue_in_sentence` says whether the rules found a
    cue in its sentence, `quoted` whether it lies inside quotation marks."""
    return sorted(set(_features(token, rule_cue_in_sentence, quoted)))


def _features(token: Token, rule_cue: bool, quoted: bool) -> Iterator[str]:
    lemma = token.lemma_.lower()
    pos = token.pos_
    yield "bias"
    yield f"lemma={lemma}"
    yield f"pos={pos}"
    yield f"tag={token.tag_}"
    yield f"dep={token.dep_}"
    yield f"lemma_pos={lemma}_{pos}"
    yield f"pos_dep={pos}_{token.dep_}"
    yield f"rule_cue_in_sentence={rule_cue}"
    yield f"quoted={quoted}"
    yield f"quoted&pos={quoted}_{pos}"
    head = token.head
    if head is token:
        yield "head=ROOT"
    else:
        yield f"head_lemma={head.lemma_.lower()}"
        yield f"head_pos={head.pos_}"
        yield f"head_pos&dep={head.pos_}_{token.dep_}"
        yield f"head&lemma={head.lemma_.lower()}_{lemma}"
    children = list(token.children)
    deps = {c.dep_ for c in children}
    for dep in deps:
        yield f"child_dep={dep}"
        yield f"child_dep&pos={dep}_{pos}"
    for child in children:
        if child.dep_ in ("prep", "prt", "agent", "dative"):
            yield f"child_prep={child.lower_}"
            yield f"lemma&prep={lemma}_{child.lower_}"
        if child.dep_ in ("ccomp", "xcomp", "acl", "advcl", "relcl"):
            marks = [g.lower_ for g in child.children if g.dep_ in ("mark", "aux")]
            for mark in marks:
                yield f"clause_mark={child.dep_}_{mark}"
        if child.dep_ in ("nsubj", "nsubjpass", "poss"):
            kind = child.ent_type_ or child.pos_
            yield f"subject={child.dep_}_{kind}"
        if child.dep_ in ("aux", "auxpass", "neg"):
            yield f"aux={child.lower_}"
    if "ccomp" in deps or "acl" in deps:
        yield f"clause&lemma={lemma}"
    if head is not token and head.dep_ in ("ROOT", "ccomp", "conj"):
        for sibling in head.children:
            if sibling.dep_ in ("nsubj", "nsubjpass"):
                yield f"head_subject={sibling.ent_type_ or sibling.pos_}"
    doc = token.doc
    window = doc[max(token.i - QUOTE_WINDOW, 0) : token.i + QUOTE_WINDOW + 1]
    near = any(t.text in QUOTE_MARKS or t.text in ("''", "``") for t in window)
    yield f"quote_near={near}"
    yield f"quote_near&pos={near}_{pos}"
    left = doc[token.i - 1] if token.i > 0 else None
    right = doc[token.i + 1] if token.i + 1 < len(doc) else None
    yield f"left={left.lower_ if left is not None else '<s>'}"
    yield f"right={right.lower_ if right is not None else '</s>'}"
    yield f"right&lemma={lemma}_{right.lower_ if right is not None else '</s>'}"
    yield f"sentence_start={token.sent.start == token.i}"
    yield f"colon_after={right is not None and right.text == ':'}"
