"""Find attribution cues: reporting and cognition verbs, and cue phrases ("according to").

Verbs are looked up by lemma in set lexicons (one hash look-up per token); phrases go through
one precompiled `PhraseMatcher` on lower-cased text. Both are linear in the document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from spacy.attrs import POS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from annotator.nlp.lexicons.attribution import Lexicons


class CueType(StrEnum):
    SPEECH_VERB = "speech_verb"
    COGNITION_VERB = "cognition_verb"
    ATTITUDE_VERB = "attitude_verb"
    CLAUSE_VERB = "clause_verb"
    RAISING_VERB = "raising_verb"
    ACCORDING_TO = "according_to"
    PHRASE = "phrase"


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue in a parsed Doc: its syntactic head and its token range `[start, end)`."""

    head: Token
    start: int
    end: int
    type: CueType
    #: A cue preposition away from the verb ("spoke at the rally about X"): its object is said.
    topic: Token | None = None

    @property
    def is_verb(self) -> bool:
        return self.type in VERB_TYPES


VERB_TYPES = frozenset(
    {
        CueType.SPEECH_VERB,
        CueType.COGNITION_VERB,
        CueType.ATTITUDE_VERB,
        CueType.CLAUSE_VERB,
        CueType.RAISING_VERB,
    }
)
#: Particles and prepositions that belong to a verbal cue ("pointed out", "called for").
VERB_PARTICLE_DEPS = frozenset({"prt"})
VERB_POS = frozenset({"VERB", "AUX"})
#: Word forms the small English lemmatizer gets wrong ("hoping" -> "hop").
LEMMA_FIXES = {
    "hoping": "hope",
    "hopes": "hope",
    "hoped": "hope",
    "retweeted": "retweet",
    "retweeting": "retweet",
}
#: Right dependents that give a verb content of its own, so no distant preposition is read.
TOPIC_BLOCKING_DEPS = frozenset({"ccomp", "dobj", "xcomp", "oprd"})
#: Left dependents that news annotators keep in a verbal cue.
CUE_MODIFIER_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})


class CueFinder:
    """Finds every cue in a Doc, given the lexicons."""

    def __init__(self, tokenizer: Callable[[str], Doc], lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        self.phrase_matcher = PhraseMatcher(tokenizer("").vocab, attr="LOWER")
        according = [p for p in lexicons.cue_phrases if p.startswith("according to")]
        others = [p for p in lexicons.cue_phrases if p not in according]
        self.phrase_matcher.add(str(CueType.ACCORDING_TO), [tokenizer(p) for p in according])
        self.phrase_matcher.add(str(CueType.PHRASE), [tokenizer(p) for p in others])

    def verb_cues(self, doc: Doc) -> list[Cue]:
        """Tokens whose lemma is a reporting or cognition verb, used as a verb."""
        cues = []
        for token in tokens_with_pos(doc, VERB_POS):  # no Token object for the other words
            cue_type = self.verb_type(token)
            if cue_type is not None:
                cues.append(self._verb_cue(token, cue_type))
        return cues

    def verb_type(self, token: Token) -> CueType | None:
        """The cue type of a verb token, None when it is no cue."""
        if token.pos_ not in VERB_POS:
            return None
        lemma = verb_lemma(token)
        if lemma in self.lexicons.speech_verbs:
            return CueType.SPEECH_VERB
        if lemma in self.lexicons.cognition_verbs:
            return CueType.COGNITION_VERB
        if lemma in self.lexicons.attitude_verbs:
            return CueType.ATTITUDE_VERB
        if lemma in self.lexicons.raising_verbs and _has_infinitive(token):
            return CueType.RAISING_VERB
        if token.pos_ == "VERB" and _has_that_clause(token):
            return CueType.CLAUSE_VERB  # any verb with a "that" clause: "she made clear that"
        return None

    def _verb_cue(self, token: Token, cue_type: CueType) -> Cue:
        """The verb with its particle ("pointed out") or cue preposition ("called for")."""
        end = token.i + 1
        lemma = verb_lemma(token)
        for child in token.rights:
            if child.i != end:
                break
            joined = child.dep_ in VERB_PARTICLE_DEPS
            if child.dep_ == "prep" and f"{lemma} {child.lower_}" in self.lexicons.verb_particles:
                joined = True
            elif cue_type != CueType.SPEECH_VERB and child.dep_ == "prep":
                # "railed against the deal", "boasted of his skills"; a verb of saying
                # joins only the prepositions of its lexicon ("“…,” he said of Doe")
                joined = _is_topic_preposition(child)
            if not joined:
                break
            end += 1
        topic = None
        if end == token.i + 1:
            end = self._clause_mark_end(token, lemma, end)
        if end == token.i + 1:
            topic = self._topic_preposition(token, lemma)
        return Cue(token, modifiers_start(token, CUE_MODIFIER_DEPS), end, cue_type, topic)

    def _topic_preposition(self, token: Token, lemma: str) -> Token | None:
        """The first cue preposition hanging off the verb further right ("apologized to X
        for Y"), when the verb has no object or clause of its own."""
        blocking = TOPIC_BLOCKING_DEPS
        if lemma in self.lexicons.addressee_verbs:
            blocking = blocking - {"dobj"}  # "asked the mayor about X": the object is the hearer
        if any(c.dep_ in blocking for c in token.rights):
            return None
        for child in token.rights:
            if child.dep_ == "prep" and f"{lemma} {child.lower_}" in self.lexicons.verb_particles:
                return child
        return None

    def _clause_mark_end(self, token: Token, lemma: str, end: int) -> int:
        """ "calling for the US to act": the parser makes "for" the mark of the clause; it
        still belongs to the cue when the pair is a cue preposition."""
        doc = token.doc
        if end >= len(doc) or f"{lemma} {doc[end].lower_}" not in self.lexicons.verb_particles:
            return end
        mark = doc[end]
        if mark.dep_ == "mark" and mark.head.head.i == token.i:
            return end + 1
        return end

    def phrase_cues(self, doc: Doc) -> list[Cue]:
        """Matches of the cue phrases; the head is the phrase's first token."""
        cues = []
        for match_id, start, end in self.phrase_matcher(doc):
            cue_type = CueType(doc.vocab.strings[match_id])
            cues.append(Cue(doc[start], start, end, cue_type))
        return cues


def modifiers_start(token: Token, deps: frozenset[str]) -> int:
    """Where `token` starts with the modifiers right before it whose dependency is in `deps`:
    auxiliaries, negation and adverbs belong to a cue ("has said", "would not confirm",
    "also noted")."""
    start = token.i
    for child in reversed(list(token.lefts)):
        if child.i != start - 1 or child.dep_ not in deps or child.tag_ == "WRB":
            break  # "when asked": the wh-adverb opens a clause, it is no part of the cue
        start = child.i
    return start


def verb_lemma(token: Token) -> str:
    """The lower-case lemma, mended where the parser's lemmatizer is known to slip."""
    lemma = token.lemma_.lower()
    return LEMMA_FIXES.get(token.lower_, lemma)


#: Prepositions whose object is what a cue verb is about ("railed against X", "boasted of
#: X"), unless the object is a time or a place ("spoke on Tuesday", "spoke in Ohio").
TOPIC_PREPOSITIONS = frozenset({"of", "about", "against", "over"})
SETTING_ENTITIES = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC"})


def tokens_with_pos(doc: Doc, parts_of_speech: frozenset[str]) -> list[Token]:
    """The tokens of `doc` whose part of speech is one of `parts_of_speech`, in order
    (read off an array: iterating a Doc makes a Token object of every word)."""
    if not len(doc):
        return []
    wanted = [doc.vocab.strings[p] for p in parts_of_speech]
    return [doc[int(i)] for i in np.flatnonzero(np.isin(doc.to_array(POS), wanted))]


def _is_topic_preposition(prep: Token) -> bool:
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return (
        prep.lower_ in TOPIC_PREPOSITIONS
        and bool(objects)
        and all(o.ent_type_ not in SETTING_ENTITIES for o in objects)
    )


def _has_that_clause(verb: Token) -> bool:
    return any(
        child.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in child.lefts)
        for child in verb.rights
    )


def _has_infinitive(verb: Token) -> bool:
    return any(child.dep_ == "xcomp" for child in verb.rights)
