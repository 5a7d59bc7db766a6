"""Find attribution cues: reporting and cognition verbs, and cue phrases ("according to").

Verbs are looked up by lemma in set lexicons (one hash look-up per token); phrases go through
one precompiled `PhraseMatcher` on lower-cased text. Both are linear in the document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from annotator.nlp.lexicons import Lexicons


class CueType(StrEnum):
    SPEECH_VERB = "speech_verb"
    COGNITION_VERB = "cognition_verb"
    ACCORDING_TO = "according_to"
    PHRASE = "phrase"


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue in a parsed Doc: its syntactic head and its token range `[start, end)`."""

    head: Token
    start: int
    end: int
    type: CueType

    @property
    def is_verb(self) -> bool:
        return self.type in (CueType.SPEECH_VERB, CueType.COGNITION_VERB)


#: Particles and prepositions that belong to a verbal cue ("pointed out", "called for").
VERB_PARTICLE_DEPS = frozenset({"prt"})
VERB_POS = frozenset({"VERB", "AUX"})


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
        speech, cognition = self.lexicons.speech_verbs, self.lexicons.cognition_verbs
        cues = []
        for token in doc:
            if token.pos_ not in VERB_POS:
                continue
            lemma = token.lemma_.lower()
            if lemma in speech:
                cues.append(_verb_cue(token, CueType.SPEECH_VERB))
            elif lemma in cognition:
                cues.append(_verb_cue(token, CueType.COGNITION_VERB))
        return cues

    def phrase_cues(self, doc: Doc) -> list[Cue]:
        """Matches of the cue phrases; the head is the phrase's first token."""
        cues = []
        for match_id, start, end in self.phrase_matcher(doc):
            cue_type = CueType(doc.vocab.strings[match_id])
            cues.append(Cue(doc[start], start, end, cue_type))
        return cues


def _verb_cue(token: Token, cue_type: CueType) -> Cue:
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in VERB_PARTICLE_DEPS and child.i == end:
            end += 1
    return Cue(token, token.i, end, cue_type)
