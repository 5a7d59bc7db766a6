"""The features of one token as a possible attribution cue the rules did not find.

What tells a cue word from others in the parse: the word itself (lemma, part of speech,
tag, attachment), what hangs off it (a clause, a "that", an object, a preposition and which,
a subject and of what sort), what it hangs off, whether quotation marks are near, whether it
is inside a quote, and whether the rules already found a cue in its sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

#: Quotation marks as the tokenizer gives them.
QUOTE_MARKS = frozenset({'"', "“", "”", "‘", "’", "«", "»", "''", "``"})
#: Parts of speech of the words scored (content words: a cue the rules miss is mostly a
#: verb, else a noun "plan", an adjective "critical", …); a word must be alphabetic too.
CUE_POS = frozenset({"VERB", "NOUN", "ADJ", "AUX", "PROPN", "ADP", "ADV"})
QUOTE_WINDOW = 4


@dataclass(frozen=True, slots=True)
class Context:
    """What is known of a word from around it (computed for the whole Doc at once: asking
    `Token.sent` or looking at neighbours word by word is slow)."""

    #: The rules found a cue in its sentence.
    rule_cue_in_sentence: bool
    #: It lies inside quotation marks.
    quoted: bool
    #: A quotation mark is at most `QUOTE_WINDOW` words away.
    quote_near: bool
    #: It opens its sentence.
    sentence_start: bool


def token_features(token: Token, context: Context) -> list[str]:
    """The feature names of `token` in `context`."""
    return sorted(set(_features(token, context)))


def _features(token: Token, context: Context) -> Iterator[str]:
    rule_cue, quoted = context.rule_cue_in_sentence, context.quoted
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
    if head.i == token.i:  # spaCy makes a new Token on each access: never `is`
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
    if head.i != token.i and head.dep_ in ("ROOT", "ccomp", "conj"):
        for sibling in head.children:
            if sibling.dep_ in ("nsubj", "nsubjpass"):
                yield f"head_subject={sibling.ent_type_ or sibling.pos_}"
    doc = token.doc
    near = context.quote_near
    yield f"quote_near={near}"
    yield f"quote_near&pos={near}_{pos}"
    left = doc[token.i - 1] if token.i > 0 else None
    right = doc[token.i + 1] if token.i + 1 < len(doc) else None
    yield f"left={left.lower_ if left is not None else '<s>'}"
    yield f"right={right.lower_ if right is not None else '</s>'}"
    yield f"right&lemma={lemma}_{right.lower_ if right is not None else '</s>'}"
    yield f"sentence_start={context.sentence_start}"
    yield f"colon_after={right is not None and right.text == ':'}"
