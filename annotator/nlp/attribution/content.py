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
from collections.abc import Callable, Sequence

import numpy as np
from spacy.attrs import IS_SPACE
from spacy.tokens import Doc, Token

from annotator.nlp.attribution.cues import Cue
from annotator.nlp.attribution.quotes import Quote

TokenRange = tuple[int, int]
CharRange = tuple[int, int]

CLAUSE_DEPS = frozenset({"ccomp"})
PARENTHETICAL_DEPS = frozenset({"parataxis", "ccomp", "advcl"})
#: A cue with one of these has content of its own and is no parenthetical.
OWN_CONTENT_DEPS = frozenset({"ccomp", "dobj", "xcomp"})
#: Objects that carry the content of a stance verb ("endorsed Clinton", "called it a sham").
OBJECT_DEPS = frozenset({"dobj", "oprd", "xcomp", "ccomp"})
INFINITIVE_DEPS = frozenset({"xcomp"})
#: How the parser hangs an infinitive that completes a cue's object ("urged X to act").
INFINITIVE_SIBLING_DEPS = frozenset({"xcomp", "advcl", "ccomp"})
#: Prepositions after an object that complete it ("accused X of Y", "described X as Y").
OBJECT_PREPS = frozenset({"of", "for", "as"})
RELATIVE_TAGS = frozenset({"WDT", "WP"})
COMPLEMENTIZERS = frozenset({"that"})
#: Marks of a condition or concession a content clause may end with.
CONDITION_MARKS = frozenset({"if", "unless", "provided", "because", "although", "though"})
#: Marks of an indirect question ("asked if …", "wondered whether …").
QUESTION_MARKS = frozenset({"if", "whether"})
#: What may stand between a cue clause and an adjacent quote.
_GLUE = re.compile(r"[\s,:;—–-]*")
_SENTENCE_GAP = re.compile(r"[.!?]?[ \t\u00a0]*")


def content_ranges(
    cue: Cue,
    *,
    addressee: bool = False,
    clause_only: bool = False,
    is_cue: Callable[[Token], bool] = lambda t: False,
    breaks: Sequence[int] = (),
) -> list[TokenRange]:
    """Token ranges of what `cue` reports: its clause ("said that X"), the clause it
    interrupts ("X, he said, Y"), or its object ("endorsed Clinton", "called for a ban").

    `addressee`: the verb's direct object is the hearer ("told reporters"), not the content;
    `clause_only`: the verb has no object content at all ("continued to campaign");
    `is_cue` tells cue verbs, where a clause stops ("said X and added Y", "said X, adding Y");
    `breaks` are the indices of line-break tokens (see `line_breaks`): a clause the parser
    ran over a paragraph end is cut there (a quote may still run on: see `QuoteIndex.grow`).
    """
    head, doc = cue.head, cue.head.doc
    ranges = [
        piece
        for c in head.children
        if c.dep_ in CLAUSE_DEPS
        for piece in _without_cue(_clause_range(c, is_cue), cue)
    ]
    if ranges:
        ranges += [_subtree_range(c) for c in head.rights if _is_condition(c, is_cue)]
    if not ranges:
        ranges = [_subtree_range(c) for c in head.rights if _is_question_clause(c)]
    if not ranges and _is_parenthetical(head, addressee):
        ranges = _around(head.head, head)
    if not ranges and head.dep_ == "acl" and any(c.dep_ == "agent" for c in head.children):
        # "Khallaf's comments, reported by Egyptian media, …": the noun is the content.
        ranges = [_range_without(head.head, head)]
    if not ranges and cue.is_verb and (not clause_only or _ends_with_preposition(cue)):
        ranges = _object_ranges(cue, addressee)  # "responded to the remarks": its object
    if not ranges and any(c.dep_ == "agent" for c in head.children):
        # "Both fires were claimed by the rebel group": the passive subject is said.
        ranges = [_subtree_range(c) for c in head.lefts if c.dep_ == "nsubjpass"]
    clipped = [clip_to_paragraph(r, head.i, breaks) for r in _join_sides(ranges, head.i)]
    trimmed = [trim_range(doc, r) for r in clipped]
    return [r for r in trimmed if r[0] < r[1]]


def line_breaks(doc: Doc) -> list[int]:
    """Indices of the white-space tokens that hold a line break, in order."""
    if not len(doc):
        return []
    spaces = np.flatnonzero(doc.to_array(IS_SPACE))  # a Token object for these only
    return [int(i) for i in spaces if "\n" in doc[int(i)].text]


def clip_to_paragraph(token_range: TokenRange, anchor: int, breaks: Sequence[int]) -> TokenRange:
    """The part of `token_range` in the paragraph of token `anchor` (or next to it)."""
    start, end = token_range
    i = bisect.bisect_right(breaks, anchor)
    paragraph_start = breaks[i - 1] + 1 if i > 0 else 0
    paragraph_end = breaks[i] if i < len(breaks) else end
    if end <= anchor:  # content before the cue: keep its last paragraph
        j = bisect.bisect_left(breaks, end) - 1
        return (max(start, breaks[j] + 1), end) if j >= 0 and breaks[j] >= start else token_range
    if start > anchor:  # content after the cue: keep its first paragraph
        j = bisect.bisect_left(breaks, start)
        return (start, min(end, breaks[j])) if j < len(breaks) else token_range
    return max(start, paragraph_start), min(end, paragraph_end)


def according_to_ranges(phrase_head: Token) -> list[TokenRange]:
    """The sentence an "according to X" phrase sits in, on both sides of the phrase: it
    vouches for all of it, whichever clause the parser hung it on."""
    doc, sentence = phrase_head.doc, phrase_head.sent
    pieces = [
        (sentence.start, phrase_head.left_edge.i),
        (phrase_head.right_edge.i + 1, sentence.end),
    ]
    trimmed = [trim_range(doc, piece) for piece in pieces]
    return [piece for piece in trimmed if piece[0] < piece[1]]


def trim_range(doc: Doc, token_range: TokenRange) -> TokenRange:
    """Drop punctuation, white space and a complementizer ("that") at the edges."""
    start, end = token_range
    while start < end and (_is_edge_junk(doc[start]) or _is_complementizer(doc[start])):
        start += 1
    while end > start and (_is_edge_junk(doc[end - 1]) or doc[end - 1].dep_ == "cc"):
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
            if _GLUE.fullmatch(gap) and "\n" not in gap:
                return self.quotes[i]
        return None

    def quote_after(self, position: int) -> Quote | None:
        """The quote starting just after `position`, with only punctuation between."""
        i = bisect.bisect_left(self.starts, position)
        if i < len(self.quotes):
            gap = self.text[position : self.quotes[i].start]
            if _GLUE.fullmatch(gap) and ("\n" not in gap or ":" in gap):
                return self.quotes[i]
        return None

    def quote_following(self, position: int) -> Quote | None:
        """The quote opening the next sentence of the same paragraph ("… he said. “…”")."""
        i = bisect.bisect_left(self.starts, position)
        if i < len(self.quotes):
            gap = self.text[position : self.quotes[i].start]
            if _SENTENCE_GAP.fullmatch(gap):
                return self.quotes[i]
        return None

    def is_quoted(self, span: CharRange) -> bool:
        """Whether `span` is exactly one quote (marks included) or lies inside one."""
        return any(q.start <= span[0] and span[1] <= q.end for q in self.overlapping(*span))


def _is_parenthetical(cue: Token, addressee: bool = False) -> bool:
    # "The economy is strong, the president said" / "X, Marsh said, made her …": the cue
    # hangs off the verb of its content, set off by punctuation, with nothing of its own
    # (a hearer is not content: "The plan, she told reporters, would …").
    if cue.dep_ not in PARENTHETICAL_DEPS or cue.head.i == cue.i:
        return False
    children = [c.dep_ for c in cue.children]
    own = OWN_CONTENT_DEPS - {"dobj"} if addressee else OWN_CONTENT_DEPS
    if "nsubj" not in children or any(d in own for d in children):
        return False
    if any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return True  # "As Jane Doe said last week, the city is …"
    doc = cue.doc
    left, right = _cue_clause(cue)
    set_off_before = left > 0 and (doc[left - 1].is_punct or doc[left - 1].is_quote)
    if cue.head.i < cue.i:
        return set_off_before
    # "the last vote, we might recall, was close": commas on both sides.
    return set_off_before and right + 1 < len(doc) and doc[right + 1].text == ","


def _cue_clause(cue: Token) -> TokenRange:
    """First and last token of a parenthetical "subject + cue" ("Ms. Marsh warned")."""
    doc = cue.doc
    subject = next(c for c in cue.children if c.dep_ == "nsubj")
    left = min(subject.left_edge.i, cue.i, *(c.i for c in cue.lefts if c.dep_ == "mark"))
    right = cue.right_edge.i
    while right > cue.i and doc[right].is_punct:  # the commas may hang off the cue itself
        right -= 1
    return left, right


def _without_cue(token_range: TokenRange, cue: Cue) -> list[TokenRange]:
    """A clause that holds its own cue ("which officials said will apply …") without the cue
    and its subject: the relative pronoun on one side, the rest on the other."""
    start, end = token_range
    if not start <= cue.start < end:
        return [token_range]
    subjects = [c.left_edge.i for c in cue.head.lefts if c.dep_ in ("nsubj", "nsubjpass")]
    cut = min([cue.start, *subjects])
    return [(start, cut), (cue.end, end)]


def _clause_range(root: Token, is_cue: Callable[[Token], bool]) -> TokenRange:
    """The subtree of a clause, cut before a cue verb the parser hung inside it."""
    start, end = _subtree_range(root)
    doc = root.doc
    for child in root.rights:
        if not is_cue(child) or any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
            continue
        after_comma = child.left_edge.i > 0 and doc[child.left_edge.i - 1].text == ","
        participle = child.dep_ == "advcl" and child.tag_ == "VBG" and after_comma
        second_report = child.dep_ == "conj" and any(c.dep_ == "ccomp" for c in child.children)
        if participle or second_report:
            end = min(end, child.left_edge.i)
    return start, end


def _around(head: Token, cue: Token) -> list[TokenRange]:
    """The subtree of `head` on both sides of the parenthetical `cue` and its subject."""
    start, end = _subtree_range(head)
    start = min(start, cue.left_edge.i)  # "If X, Ms. Marsh warned, Y": the condition too
    left, right = _cue_clause(cue)
    return [(start, left), (right + 1, end)]


def _is_condition(child: Token, is_cue: Callable[[Token], bool]) -> bool:
    """ "reported that X, but only if Y": the parser makes the condition a conjunct of the
    cue verb; it belongs to the content."""
    return (
        child.dep_ == "conj"
        and not is_cue(child)
        and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in child.lefts)
    )


def _is_question_clause(child: Token) -> bool:
    """ "Asked if he was bullied": the parser hangs the question on as an adverbial clause."""
    return child.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in QUESTION_MARKS and c.i == child.left_edge.i
        for c in child.lefts
    )


def _ends_with_preposition(cue: Cue) -> bool:
    last = cue.head.doc[cue.end - 1]
    return cue.topic is not None or (last.dep_ == "prep" and last.i != cue.head.i)


def _object_ranges(cue: Cue, addressee: bool) -> list[TokenRange]:
    doc = cue.head.doc
    last = cue.topic or doc[cue.end - 1]
    if last.dep_ == "mark" and last.i != cue.head.i:
        return [(last.i + 1, last.head.right_edge.i + 1)]  # "calling for [the US to act]"
    if last.dep_ == "prep" and last.i != cue.head.i:
        objects = [c for c in last.children if c.dep_ in ("pobj", "pcomp")]
    else:
        deps = INFINITIVE_DEPS if addressee else OBJECT_DEPS
        objects = [c for c in cue.head.rights if c.dep_ in deps]
        if objects and not addressee:
            # "accused the government of trying …", "described X as Y": the rest belongs in.
            objects += [c for c in cue.head.rights if c.dep_ == "prep" and c.lower_ in OBJECT_PREPS]
    relative = [c for c in cue.head.lefts if c.dep_ == "dobj" and c.tag_ in RELATIVE_TAGS]
    if not addressee and relative and cue.head.dep_ == "relcl":
        # "Leeds, which she calls her real home": the pronoun, then the rest.
        rest = [c for c in cue.head.rights if c.dep_ == "prep" and c.lower_ in OBJECT_PREPS]
        return [_subtree_range(relative[0]), *(_subtree_range(c) for c in rest)]
    if not objects:
        return []
    start = min(o.left_edge.i for o in objects)
    end = max(o.right_edge.i for o in objects) + 1
    return [(start, _with_infinitive(cue.head, end))]


def _with_infinitive(verb: Token, end: int) -> int:
    """ "called on X to act", "dismissed his plans to cut taxes": an infinitive right after
    the object belongs with it, wherever the parser hung it."""
    for child in verb.rights:
        if (
            child.left_edge.i == end
            and child.dep_ in INFINITIVE_SIBLING_DEPS
            and is_infinitive(child)
        ):
            return child.right_edge.i + 1
    return end


def is_infinitive(verb: Token) -> bool:
    """Whether `verb` stands in the infinitive with "to" ("to say")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.lefts)


def _join_sides(ranges: list[TokenRange], cue_i: int) -> list[TokenRange]:
    """Ranges on the same side of the cue made one ("argued that A was B and that C")."""
    joined = []
    for side in ([r for r in ranges if r[1] <= cue_i], [r for r in ranges if r[0] > cue_i]):
        if side:
            joined.append((min(r[0] for r in side), max(r[1] for r in side)))
    return joined


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


def _is_complementizer(token: Token) -> bool:
    # "that" opening the clause, not the pronoun of "that's what he wants".
    return token.lower_ in COMPLEMENTIZERS and token.dep_ == "mark"


def _is_edge_junk(token: Token) -> bool:
    return token.is_punct or token.is_space
