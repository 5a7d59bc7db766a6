"""A proposed cue word grown into a whole statement: cue span, source and content.

The cue span follows what the annotators of the training gold mark around a cue word: which
adjacent auxiliaries, adverbs, particles and prepositions belong to it ("has been
investigating", "is doubling down on", "disdain for"). `CueSpanModel` counts, on the gold
cues of the training documents, how often a word next to the cue's head was part of the
cue, by its attachment and word (`SpanKey`), and takes a neighbour in when most were.

Source and content come from the parse, as the rules find them for their own cues: the
subject (or the subject of the verb a noun or adjective hangs from: "X expressed concern
that…", "X is critical of…"), and the clause, object or prepositional object the cue governs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from annotator.nlp.attribution.content import (
    TokenRange,
    char_range,
    clip_to_paragraph,
    content_ranges,
    trim_range,
)
from annotator.nlp.attribution.cues import Cue, CueType
from annotator.nlp.attribution.nominal import _content_of as nominal_content
from annotator.nlp.attribution.sources import find_source_head, source_token_range
from annotator.nlp.attribution.statements import Draft

#: Attachments of the neighbours that may join a cue, on each side of its head.
LEFT_DEPS = frozenset({"aux", "auxpass", "neg", "advmod", "det", "amod", "compound", "poss"})
RIGHT_DEPS = frozenset({"prt", "prep", "agent", "dobj", "acomp", "advmod", "mark"})
#: Below this many observations a key's own rate is not trusted; its attachment's is used.
MIN_OBSERVED = 3
MAX_SPAN_TOKENS = 6
#: Content of a noun or adjective cue: its clause or object, through these attachments.
CLAUSE_DEPS = ("ccomp", "acl", "xcomp", "relcl", "advcl")
TOPIC_PREPS = frozenset({"of", "for", "on", "about", "against", "to", "over", "with", "at"})
#: A noun or adjective cue's source is the subject of the verb it hangs from by these.
GOVERNED_DEPS = frozenset({"dobj", "attr", "acomp", "nsubj", "oprd", "pobj", "conj"})

SpanKey = tuple[str, str, str]


@dataclass
class CueSpanModel:
    """How often a neighbour of a cue head was part of the gold cue, by key."""

    counts: dict[str, list[int]] = field(default_factory=dict)

    def observe(self, head: Token, cue: Span) -> None:
        """Count the neighbours of `head` as in or out of the gold cue `cue`."""
        for neighbour, side in _neighbours(head):
            inside = cue.start <= neighbour.i < cue.end
            for key in _keys(head, neighbour, side):
                seen = self.counts.setdefault(key, [0, 0])
                seen[0] += int(inside)
                seen[1] += 1

    def joins(self, head: Token, neighbour: Token, side: str) -> bool:
        """Whether `neighbour` belongs to the cue headed by `head` (most often did)."""
        for key in _keys(head, neighbour, side):
            inside, total = self.counts.get(key, (0, 0))
            if total >= MIN_OBSERVED:
                return inside * 2 > total
        return False

    def span(self, head: Token) -> TokenRange:
        """The cue's token range around `head`: contiguous neighbours that join."""
        doc = head.doc
        start, end = head.i, head.i + 1
        while start > 0 and end - start < MAX_SPAN_TOKENS:
            left = doc[start - 1]
            if not (_attached(left, head, start, end) and self.joins(head, left, "L")):
                break
            start -= 1
        while end < len(doc) and end - start < MAX_SPAN_TOKENS:
            right = doc[end]
            if not (_attached(right, head, start, end) and self.joins(head, right, "R")):
                break
            end += 1
        return start, end

    def to_dict(self) -> dict[str, list[int]]:
        return {k: v for k, v in sorted(self.counts.items()) if v[1] >= MIN_OBSERVED}


def _attached(token: Token, head: Token, start: int, end: int) -> bool:
    """`token` hangs from the cue head or from a word already in the cue."""
    return token.head.i == head.i or start <= token.head.i < end


def _neighbours(head: Token) -> Iterable[tuple[Token, str]]:
    doc = head.doc
    for i in range(max(head.i - 3, 0), head.i):
        yield doc[i], "L"
    for i in range(head.i + 1, min(head.i + 4, len(doc))):
        yield doc[i], "R"


def _keys(head: Token, neighbour: Token, side: str) -> list[str]:
    """The most specific key first: the pair of words, the neighbour's word by the head's
    part of speech, the attachment alone."""
    word = neighbour.lower_
    dep = neighbour.dep_
    return [
        f"{side}|{head.lemma_.lower()}|{dep}|{word}",
        f"{side}|{head.pos_}|{dep}|{word}",
        f"{side}|{head.pos_}|{dep}|*",
    ]


# ------------------------------------------------------------------------ source, content


def _never(token: Token) -> bool:
    return False


def draft_for(
    head: Token,
    cue: TokenRange,
    is_cue: Callable[[Token], bool],
    breaks: list[int],
    confidence: float,
) -> Draft | None:
    """The statement of the cue `cue` (headed by `head`), or None when it reports nothing."""
    doc = head.doc
    if head.pos_ in ("VERB", "AUX"):
        ranges = content_ranges(
            Cue(head, cue[0], cue[1], CueType.CLAUSE_VERB), is_cue=is_cue, breaks=breaks
        )
        source_head = find_source_head(head, is_cue, _never)
    else:
        ranges = _nominal_content(head, cue, breaks)
        source_head = _nominal_source(head, is_cue)
    ranges = [r for r in ranges if r[1] <= cue[0] or r[0] >= cue[1]]
    if not ranges:
        return None
    source = None
    if source_head is not None and not cue[0] <= source_head.i < cue[1]:
        source = char_range(doc, source_token_range(source_head, head))
    content = [char_range(doc, r) for r in ranges]
    return Draft(char_range(doc, cue), source, content, confidence, may_nest=True)


def _nominal_content(head: Token, cue: TokenRange, breaks: list[int]) -> list[TokenRange]:
    doc = head.doc
    if head.pos_ == "NOUN":
        found = nominal_content(head)
        if found is not None:
            return [clip_to_paragraph(found[1], head.i, breaks)]
    for child in head.rights:
        if child.dep_ in CLAUSE_DEPS:
            return [_trimmed(doc, (child.left_edge.i, child.right_edge.i + 1), head, breaks)]
        if child.dep_ == "prep" and child.lower_ in TOPIC_PREPS:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                o = objects[0]
                return [_trimmed(doc, (o.left_edge.i, o.right_edge.i + 1), head, breaks)]
    return []


def _trimmed(doc: Doc, token_range: TokenRange, head: Token, breaks: list[int]) -> TokenRange:
    return trim_range(doc, clip_to_paragraph(token_range, head.i, breaks))


def _nominal_source(head: Token, is_cue: Callable[[Token], bool]) -> Token | None:
    for child in head.lefts:
        if child.dep_ == "poss":
            return child
    governor = head.head
    if governor.i != head.i and head.dep_ in GOVERNED_DEPS and governor.pos_ in ("VERB", "AUX"):
        subject = find_source_head(governor, is_cue, _never)
        if subject is not None and subject.i != head.i:
            return subject
    return None
