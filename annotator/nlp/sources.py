"""Find the local source mention of a verbal cue: the speaker as it stands in the sentence.

The subject of the cue verb ("He noted"), the agent of a passive ("was reported by Reuters"),
or, for a participle or a coordinated verb without a subject of its own ("…, warning that"),
the subject of the clause it hangs from. An expletive "it" ("it was reported") is no source.
"""

from __future__ import annotations

from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
#: Links along which a verb without a subject shares the subject of its head.
SHARED_SUBJECT_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep", "acl"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
EXPLETIVES = frozenset({"it", "there"})
#: How far up the tree a participle may look for its subject.
MAX_CLIMB = 5


def find_source_head(cue: Token) -> Token | None:
    """The head token of the speaker of `cue`, or None when the sentence names none."""
    verb = cue
    for _ in range(MAX_CLIMB):
        decided, subject = _subject_of(verb, passive_ok=verb is not cue)
        if decided:
            return None if subject is None else _resolve_relative(subject, verb)
        if verb.dep_ == "acl" and verb.head.dep_ == "dobj":
            # "Hamas issued a press release stating that": the issuer speaks.
            verb = verb.head.head
            continue
        if verb.dep_ not in SHARED_SUBJECT_DEPS or verb.head is verb:
            return None
        verb = verb.head
    return None


def source_token_range(head: Token, cue: Token) -> tuple[int, int]:
    """Token range `[start, end)` of the source phrase headed by `head`, never reaching the cue.

    The whole noun phrase with its modifiers ("Joel Pollak of Breitbart California"), cut
    before any branch that leads to the cue (a relative clause "who suggested …").
    """
    start, end = head.left_edge.i, head.right_edge.i + 1
    if start <= cue.i < end:
        for child in head.children:
            if child.left_edge.i <= cue.i <= child.right_edge.i:
                if child.i > head.i:
                    end = child.left_edge.i
                else:
                    start = child.right_edge.i + 1
    doc = head.doc
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


def _subject_of(verb: Token, *, passive_ok: bool) -> tuple[bool, Token | None]:
    """Whether the verb decides its own speaker, and who that is (None: nobody named)."""
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            if child.lower_ in EXPLETIVES and _has_clause(verb):
                return True, None
            return True, child
        if child.dep_ in PASSIVE_SUBJECT_DEPS:
            if passive_ok and child.lower_ not in EXPLETIVES:
                return True, child
            return True, _agent_of(verb)
    agent = _agent_of(verb)
    return agent is not None, agent


def _agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _has_clause(verb: Token) -> bool:
    return any(c.dep_ == "ccomp" for c in verb.children)


def _resolve_relative(subject: Token, verb: Token) -> Token:
    # "Lapid, who suggested …": the relative pronoun stands for the noun it modifies.
    if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return verb.head
    return subject
