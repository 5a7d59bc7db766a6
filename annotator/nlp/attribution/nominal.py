"""Nominal cues: "Trump's statement that women should be punished", "criticism of the plan".

A cue noun (lexicon `cue_nouns.txt`) with a clause ("the claim that …") or with a
preposition naming what it is about ("support for the bill", "attacks on Clinton"). The
speaker is the noun's possessor ("Trump's"), or the agent ("by the senator"), or nobody.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from annotator.nlp.attribution.content import TokenRange, trim_range
from annotator.nlp.attribution.cues import tokens_with_pos

NOUN = frozenset({"NOUN"})

#: Prepositions that introduce what a cue noun is about.
TOPIC_PREPS = frozenset({"of", "for", "on", "about", "against", "to", "over"})
CLAUSE_DEPS = frozenset({"acl", "ccomp"})
POSSESSOR_DEPS = frozenset({"poss"})


def nominal_attributions(
    doc: Doc, cue_nouns: frozenset[str]
) -> Iterator[tuple[TokenRange | None, TokenRange, TokenRange]]:
    """(source range or None, cue range, content range) for each cue noun with content."""
    for token in tokens_with_pos(doc, NOUN):
        if token.pos_ != "NOUN" or token.lemma_.lower() not in cue_nouns:
            continue
        found = _content_of(token)
        if found is None:
            continue
        cue_end, content, by_clause = found
        source = _source_of(token)
        if by_clause or source is not None:  # "support for X" alone is too often no attribution
            yield source, (token.i, cue_end), content


def _content_of(noun: Token) -> tuple[int, TokenRange, bool] | None:
    """Where the cue ends, what the noun reports and whether it is a clause, or None."""
    doc = noun.doc
    for child in noun.rights:
        if child.dep_ in CLAUSE_DEPS and _has_that(child):
            content = (child.left_edge.i, child.right_edge.i + 1)
            return noun.i + 1, trim_range(doc, content), True
        if child.dep_ == "prep" and child.lower_ in TOPIC_PREPS and child.i == noun.i + 1:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                content = (objects[0].left_edge.i, objects[0].right_edge.i + 1)
                return child.i + 1, trim_range(doc, content), False
    return None


def _source_of(noun: Token) -> TokenRange | None:
    for child in noun.lefts:
        if child.dep_ in POSSESSOR_DEPS:
            # "Trump's": news annotators keep the possessive mark with the name
            return child.left_edge.i, child.right_edge.i + 1
    return None


def _has_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.lefts)
