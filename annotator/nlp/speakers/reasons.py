"""Which speaker a stated reason for anonymity is about.

Reasons are found by the frames of the reasons lexicon (`anonymity.ReasonFinder`), outside
the content of every statement ("the mayor said the contractor was not authorised to
speak" gives the mayor no reason) unless they describe the source of another statement
nested there ("critics said …, while two jurors, who asked not to be identified, said …").
A reason ends where the next part of a statement begins ("a diplomat who spoke on condition
of anonymity said …").

A reason in a relative clause is about the statement whose source holds the noun the clause
describes ("A resident, who declined to give her name, said …"), or about nobody when no
statement's source holds it ("…,” an analyst, who asked not to be named, told the
Courier", where the parse made the Courier the speaker). Any other reason is about the
statement of its sentence whose source or cue comes last before it ("…, speaking on
condition of anonymity"), else the first one after it ("Speaking on condition of anonymity,
an official said …"). A sentence that gives a reason and no statement ("He spoke on condition of
anonymity because …") is about the speaker of the statement just before, when that speaker
is not named (`ReasonLink.follows`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from annotator.core.model import Statement
from annotator.nlp.speakers.anonymity import ReasonFinder, trim_reason
from annotator.nlp.speakers.mentions import DocIndex, relative_antecedent

#: How many sentences after its statement a reason of its own may come.
FOLLOWING_REASON_DISTANCE = 1


@dataclass(frozen=True, slots=True)
class ReasonLink:
    """A stated reason and the statement whose speaker it is about."""

    statement_id: str
    text: str
    #: Given in a later sentence of its own: it holds only if the speaker is not named.
    follows: bool = False


def link_reasons(
    index: DocIndex, statements: list[Statement], finder: ReasonFinder
) -> list[ReasonLink]:
    """The stated reasons of the Doc, each with the statement it is about."""
    text = index.text
    contents = sorted((c.start, c.end) for s in statements for c in s.content)
    content_starts = [c[0] for c in contents]
    sources = [(s.source.start, s.source.end) for s in statements if s.source is not None]
    parts = sorted(
        {s.cue.start for s in statements}
        | {c.start for s in statements for c in s.content}
        | {s.source.start for s in statements if s.source is not None}
    )
    spoken = [s for s in statements if s.source is not None]
    links = []
    for reason in finder.find_in_doc(index.doc):
        at = bisect_right(content_starts, reason.start) - 1
        quoted = at >= 0 and contents[at][0] <= reason.start < contents[at][1]
        if quoted and not any(a <= reason.start < b for a, b in sources):
            continue  # said by someone, of someone else
        following = bisect_left(parts, reason.frame_end)
        end = min(reason.end, parts[following]) if following < len(parts) else reason.end
        start, end = trim_reason(text, reason.start, end)
        if start >= end:
            continue
        link = _link(index, spoken, statements, start, text[start:end])
        if link is not None:
            links.append(link)
    return links


def _sentence(index: DocIndex, offset: int) -> int:
    return bisect_right(index.sentence_end, offset)


def _link(
    index: DocIndex,
    spoken: list[Statement],
    statements: list[Statement],
    start: int,
    reason: str,
) -> ReasonLink | None:
    sentence = _sentence(index, start)
    same = [s for s in spoken if _sentence(index, s.cue.start) == sentence]
    described = _described_noun(index, start)
    if described is not None and same:
        holders = [s for s in same if s.source.start <= described < s.source.end]
        return ReasonLink(holders[0].id, reason) if holders else None
    before = [(_last_before(s, start), s) for s in same]
    before = [(at, s) for at, s in before if at is not None]
    if before:
        return ReasonLink(max(before, key=lambda pair: pair[0])[1].id, reason)
    if same:
        return ReasonLink(min(same, key=lambda s: s.cue.start).id, reason)
    if any(_sentence(index, s.cue.start) == sentence for s in statements):
        return None  # the sentence's statements name no speaker: nobody to give it to
    earlier = [
        s
        for s in spoken
        if s.cue.start < start
        and sentence - _sentence(index, s.cue.start) <= FOLLOWING_REASON_DISTANCE
    ]
    if not earlier:
        return None
    return ReasonLink(max(earlier, key=lambda s: s.cue.start).id, reason, follows=True)


def _described_noun(index: DocIndex, start: int) -> int | None:
    """Where the noun starts that a reason opening with a relative pronoun describes."""
    words = index.doc.char_span(start, start + 1, alignment_mode="expand")
    if words is None or words[0].lower_ not in RELATIVE_PRONOUNS:
        return None
    noun = relative_antecedent(words[0])
    return noun.idx if noun is not None else None


RELATIVE_PRONOUNS = frozenset({"who", "whom"})


def _last_before(statement: Statement, position: int) -> int | None:
    """The last start of the statement's source or cue at or before `position`."""
    starts = [statement.cue.start]
    if statement.source is not None:
        starts.append(statement.source.start)
    before = [s for s in starts if s <= position]
    return max(before) if before else None
