"""Clauses that state why a source is not named, as the attribution component treats them:
never a statement of their own, never part of a statement's content.

"A senior official, who asked not to be named, said …", "…, speaking on condition of
anonymity because he was not authorised to discuss the matter", "…, adding that he was not
authorised to discuss it": the verbs inside ("asked", "discuss", "adding") are no cues of
statements, and a content that runs on into such a clause ("the factory would close, on
condition that he not be named") ends before it. The speaker component keeps the clause as
the source's reason for anonymity (`speakers.reasons`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from annotator.nlp.attribution.content import QuoteIndex
from annotator.nlp.attribution.statements import Draft
from annotator.nlp.speakers.anonymity import ReasonFinder, StatedReason


@dataclass(frozen=True, slots=True)
class ReasonClause:
    """A stated reason, with the highest token of the words that give it (its clause is
    that token's subtree, as far as the reason reaches)."""

    reason: StatedReason
    root: Token | None


def reason_clauses(doc: Doc, finder: ReasonFinder) -> list[ReasonClause]:
    """The stated reasons of a parsed Doc, in text order."""
    clauses = []
    for reason in finder.find_in_doc(doc):
        words = doc.char_span(reason.start, reason.frame_end, alignment_mode="expand")
        clauses.append(ReasonClause(reason, words.root if words is not None else None))
    return clauses


def gives_a_reason(draft: Draft, clauses: Sequence[ReasonClause], doc: Doc) -> bool:
    """Whether a draft only states why a source is not named: its cue is among the words
    that give the reason ("who asked not to be named", "he was not authorised to discuss"),
    its content starts there ("…, adding that he was not authorised to discuss it"), or its
    cue lies further on in the same clause ("who requested anonymity because he feared
    reprisals")."""
    cue_start, cue_end = draft.cue
    content_start = min((c[0] for c in draft.content), default=None)
    for clause in clauses:
        reason = clause.reason
        if cue_start < reason.frame_end and reason.start < cue_end:
            return True
        if content_start is not None and reason.start <= content_start < reason.frame_end:
            return True
        if clause.root is not None and reason.frame_end <= cue_start < reason.end:
            cue = doc.char_span(cue_start, cue_end, alignment_mode="expand")
            if cue is not None and any(clause.root.is_ancestor(t) for t in cue):
                return True
    return False


def cut_reasons(
    draft: Draft, clauses: Sequence[ReasonClause], text: str, quotes: QuoteIndex
) -> None:
    """End each content fragment before a reason that closes it, set off by a comma ("the
    factory would close, on condition that he not be named"); a quoted reason stays."""
    fragments = []
    for start, end in draft.content:
        for clause in clauses:
            reason = clause.reason
            if not start < reason.start < end or reason.end < end:
                continue
            if text[start : reason.start].rstrip().endswith(",") and not quotes.overlapping(
                reason.start, reason.end
            ):
                end = start + len(text[start : reason.start].rstrip(" ,\t\n"))
        if start < end:
            fragments.append((start, end))
    draft.content = fragments
