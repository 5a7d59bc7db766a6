"""Find the content of a cue: what was said, as token ranges, then as character spans.

From the parse: the clausal complement of a reporting verb ("stated that …"), the clause a
parenthetical cue interrupts ("…, he said."), the clause an "according to" phrase modifies.
Then quotation marks: a fragment that reaches into a quote grows to the whole quote (a quote
may run over several sentences), and a quote right next to a cue with no clause of its own
("“…,” he said.", "He said: “…”") becomes its content.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from annotator.nlp.quotes import Quote

TokenRange = tuple[int, int]
CharRange = tuple[int, int]

CLAUSE_DEPS = frozenset({"ccomp"})
PARENTHETICAL_DEPS = frozenset({"parataxis", "ccomp", "advcl"})
COMPLEMENTIZERS = frozenset({"that", "whether", "if"})
#: What may stand between a cue clause and an adjacent quote.
_GLUE = re.compile(r"[\s,:;—–-]*")


def clause_ranges(cue: Token) -> list[TokenRange]:
    """Token ranges of the clauses `cue` introduces ("said that X", "X, he said")."""
    ranges = [_subtree_range(c) for c in cue.children if c.dep_ in CLAUSE_DEPS]
    if not ranges and _is_parenthetical(cue):
        ranges = [_range_before(cue.head, cue)]
    if not ranges and cue.dep_ == "acl" and any(c.dep_ == "agent" for c in cue.children):
        # "Khallaf's comments, reported by Egyptian media, …": the noun is the content.
        ranges = [_range_without(cue.head, cue)]
    return [trim_range(cue.doc, r) for r in ranges if r[0] < r[1]]


def according_to_range(phrase_head: Token) -> TokenRange | None:
    """The clause an "according to X" phrase attaches to, without the phrase itself."""
    clause = phrase_head.head
    if clause is phrase_head:
        return None
    full = _range_without(clause, phrase_head)
    return trim_range(phrase_head.doc, full) if full[0] < full[1] else None


def trim_range(doc: Doc, token_range: TokenRange) -> TokenRange:
    """Drop punctuation, white space and a complementizer ("that") at the edges."""
    start, end = token_range
    while start < end and (_is_edge_junk(doc[start]) or doc[start].lower_ in COMPLEMENTIZERS):
        start += 1
    while end > start and _is_edge_junk(doc[end - 1]):
        end -= 1
    return start, end


def char_range(doc: Doc, token_range: TokenRange) -> CharRange:
    start, end = token_range
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


class QuoteIndex:
    """Quotes of one text, searchable by position in O(log n)."""

    def __init__(self, text: str, quotes: Sequence[Quote]) -> None:
        self.text = text
        self.quotes = list(quotes)
        self.starts = [q.start for q in self.quotes]

    def overlapping(self, start: int, end: int) -> list[Quote]:
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        found = []
        while i < len(self.quotes) and self.quotes[i].start < end:
            if self.quotes[i].end > start:
                found.append(self.quotes[i])
            i += 1
        return found

    def grow(self, span: CharRange, cue: CharRange) -> CharRange:
        """`span` grown to cover every quote it reaches into, never across the cue."""
        start, end = span
        for quote in self.overlapping(start, end):
            if quote.start < cue[1] and cue[0] < quote.end:
                continue  # a quote around the cue itself is no content boundary
            start, end = min(start, quote.start), max(end, quote.end)
        return start, end

    def quote_before(self, position: int) -> Quote | None:
        """The quote ending just before `position`, with only punctuation between."""
        i = bisect.bisect_left(self.starts, position) - 1
        if i >= 0 and self.quotes[i].end <= position:
            gap = self.text[self.quotes[i].end : position]
            if _GLUE.fullmatch(gap):
                return self.quotes[i]
        return None

    def quote_after(self, position: int) -> Quote | None:
        """The quote starting just after `position`, with only punctuation between."""
        i = bisect.bisect_left(self.starts, position)
        if i < len(self.quotes):
            gap = self.text[position : self.quotes[i].start]
            if _GLUE.fullmatch(gap):
                return self.quotes[i]
        return None

    def is_quoted(self, span: CharRange) -> bool:
        """Whether `span` is exactly one quote (marks included) or lies inside one."""
        return any(q.start <= span[0] and span[1] <= q.end for q in self.overlapping(*span))


def _is_parenthetical(cue: Token) -> bool:
    # "The economy is strong, the president said": the cue hangs off the content's verb.
    return (
        cue.dep_ in PARENTHETICAL_DEPS
        and cue.head is not cue
        and cue.head.i < cue.i
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)
    )


def _subtree_range(token: Token) -> TokenRange:
    return token.left_edge.i, token.right_edge.i + 1


def _range_before(head: Token, cue: Token) -> TokenRange:
    return head.left_edge.i, cue.left_edge.i


def _range_without(head: Token, branch: Token) -> TokenRange:
    """The subtree of `head` minus the subtree of `branch`, as the larger contiguous side."""
    start, end = _subtree_range(head)
    cut_start, cut_end = _subtree_range(branch)
    before, after = (start, cut_start), (cut_end, end)
    return before if before[1] - before[0] > after[1] - after[0] else after


def _is_edge_junk(token: Token) -> bool:
    return token.is_punct or token.is_space
