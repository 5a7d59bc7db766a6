"""Alternative content and source spans for one statement, read off the parse and the quotes.

The rules pick one content and one source per cue; annotators' conventions differ from the
rules in many small ways (a comment clause after the content, a leading "But", an
apposition in the source …). For a statement this module lists the spans an annotator
might have marked instead: the rules' own, the cue's clause, the rest of the sentence, the
quote around or before it, the content cut or extended at a clause or sentence end, the
source's head, its name alone, without apposition or relative clause. Each alternative carries the
names of the generators that proposed it (`Alternative.origins`), which the chooser's
features read. Alternatives equal after the evaluation's trimming are merged into one.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.attrs import (
    DEP,
    HEAD,
    IDX,
    IS_PUNCT,
    IS_QUOTE,
    IS_SPACE,
    IS_STOP,
    LEMMA,
    LENGTH,
    LOWER,
    POS,
    SENT_START,
)
from spacy.tokens import Doc, Span, Token

from annotator.core.model import Statement
from annotator.core.regions import region_of
from annotator.nlp.attribution.content import QuoteIndex
from annotator.nlp.attribution.quotes import Quote, find_quotes
from annotator.nlp.doc_text import text_of

CharRange = tuple[int, int]
#: The generator name of the rules' own span.
RULES = "rules"
NONE = "none"
#: Tokens of a trailing attribution clause (", he said") at most.
MAX_TAIL = 8
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: Verbs of a trailing attribution (", he said").
REPORTING_LEMMAS = frozenset({"say", "tell", "add"})
#: Right branches of a source noun an annotator may leave out.
SOURCE_BRANCHES = ("appos", "relcl", "prep", "acl")
NAME_DEPS = frozenset({"compound", "flat", "amod", "nmod"})


@dataclass
class Alternative:
    """One candidate span set for a role: character ranges (empty: no source)."""

    ranges: tuple[CharRange, ...]
    #: The ranges as the evaluation compares them (`core.regions.region_of`).
    key: tuple[CharRange, ...]
    origins: set[str] = field(default_factory=set)
    #: The token range of a cue alternative (its features read tokens, not characters).
    tokens: tuple[int, int] | None = None


class DocContext:
    """What the generators and features need of one Doc, computed once: quotes, sentence
    bounds, token attributes. (Spans are made as `Span(doc, start, end)`: `doc[start:end]`
    normalises the slice in Python first.)"""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self._spans: dict[CharRange, Span | None] = {}
        #: The cues of all the Doc's statements (set by the chooser): a content that takes
        #: in another statement's cue runs over into its attribution.
        self.cues: list[CharRange] = []
        self.quote_index = QuoteIndex(self.text, find_quotes(self.text))
        # Token attributes as plain lists (one array read; the features look at them many
        # times per token, and each `Doc[i]` or `Doc.sents` makes Token and Span objects).
        attributes = [IS_PUNCT, IS_SPACE, POS, IS_QUOTE, LEMMA, SENT_START, HEAD]
        columns = doc.to_array([*attributes, IS_STOP, LOWER, DEP, IDX, LENGTH])
        punct, space, pos, quote, lemma, sent_start, head, stop, lower, dep, idx, length = (
            columns.T.tolist() if len(doc) else [[]] * 12
        )
        #: Each token's first character and the end of its text (without white space).
        self.starts = idx
        self.ends = [i + n for i, n in zip(idx, length, strict=True)]
        # Sentence bounds once, where `Doc.sents` puts them (the first token, then each
        # token that starts a sentence); it raises without sentence boundaries.
        if len(doc) and not doc.has_annotation("SENT_START"):
            raise ValueError("[E030] Sentence boundaries unset")
        self.sentence_starts = [0, *(i for i in range(1, len(doc)) if sent_start[i] == 1)]
        said = {doc.vocab.strings.add(word) for word in REPORTING_LEMMAS}
        verbs = {doc.vocab.strings.add(tag) for tag in ("VERB", "AUX")}
        self.junk = [bool(p or s) for p, s in zip(punct, space, strict=True)]
        self.verb = [p in verbs for p in pos]
        self.quote = [bool(q) for q in quote]
        self.said = [word in said for word in lemma]
        self.sent_start = [s == 1 for s in sent_start]
        self.head = [i + h for i, h in enumerate(_signed(head))]
        # The words the features name, once per token, from the string store (as
        # `Token.lower_`, `Token.dep_` and `word_class` give them).
        strings = _StringsOf(doc)
        self.lower = [strings[h] for h in lower]
        self.dep = [strings[h] for h in dep]
        self.word = [
            (strings[w].strip() or "<space>") if p or t or s else strings[tag]
            for w, p, t, s, tag in zip(lower, punct, stop, space, pos, strict=True)
        ]

    def span(self, start: int, end: int) -> Span | None:
        """`token_span` of the Doc, remembered: the features ask for the same spans often."""
        key = (start, end)
        if key not in self._spans:
            self._spans[key] = self._token_span(start, end)
        return self._spans[key]

    def set_cues(self, cues: Iterable[CharRange]) -> None:
        """The cues of the Doc's statements: `cues`, and the token each covers
        (`cue_tokens`: token → the cue it is part of; of several, the last)."""
        self.cues = sorted(cues)
        #: Each token's first character (the cue features ask where moved words lie).
        self.token_starts: list[int] = self.doc.to_array(IDX).tolist() if len(self.doc) else []
        self.cue_tokens: dict[int, CharRange] = {}
        for cue in self.cues:
            span = self.span(*cue)
            if span is not None:
                self.cue_tokens.update(dict.fromkeys(range(span.start, span.end), cue))

    def sentence_bounds(self, i: int) -> tuple[int, int]:
        """The first token of the sentence of token `i` and the one after its last."""
        k = bisect.bisect_right(self.sentence_starts, i) - 1
        end = self.sentence_starts[k + 1] if k + 1 < len(self.sentence_starts) else len(self.doc)
        return self.sentence_starts[k], end

    def _token_span(self, start: int, end: int) -> Span | None:
        """`token_span(self.doc, start, end)` found in the token offsets (`Doc.char_span`
        makes a Token object for each token it looks at)."""
        first, last = self._token_at(start), self._token_at(end - 1)
        if first < 0 or last < 0:
            return None
        if start == self.ends[first]:  # white space after a token starts at the next one
            first += 1
        if first > last + 1:  # a reversed range: as `Doc.char_span` takes it
            return token_span(self.doc, start, end)
        return Span(self.doc, first, last + 1) if first <= last else None

    def _token_at(self, char: int) -> int:
        """The token whose text or trailing white space holds character `char`, else -1
        (the tokens of a Doc cover its text without a gap)."""
        if char < 0 or char >= len(self.text):
            return -1
        return bisect.bisect_right(self.starts, char) - 1

    def chars(self, start: int, end: int) -> CharRange | None:
        """Token range → character range, None when empty."""
        if start >= end:
            return None
        return self.starts[start], self.ends[end - 1]

    def trim_tokens(self, start: int, end: int) -> tuple[int, int]:
        """Token range without punctuation or white space at either end."""
        junk = self.junk
        while start < end and junk[start]:
            start += 1
        while end > start and junk[end - 1]:
            end -= 1
        return start, end

    def sentence(self, i: int) -> Span:
        """The sentence of token `i`."""
        k = bisect.bisect_right(self.sentence_starts, i) - 1
        end = self.sentence_starts[k + 1] if k + 1 < len(self.sentence_starts) else len(self.doc)
        return Span(self.doc, self.sentence_starts[k], end)

    def sentences(self, span: Span) -> list[Span]:
        """The sentences `span` touches, each clipped to it."""
        first = bisect.bisect_right(self.sentence_starts, span.start) - 1
        last = bisect.bisect_right(self.sentence_starts, span.end - 1) - 1
        bounds = [span.start, *self.sentence_starts[first + 1 : last + 1], span.end]
        return [Span(self.doc, a, b) for a, b in itertools.pairwise(bounds) if a < b]

    def quotes_overlapping(self, start: int, end: int) -> list[Quote]:
        return self.quote_index.overlapping(start, end)


class _StringsOf(dict):
    """The strings of a Doc's string store by hash, each looked up once."""

    def __init__(self, doc: Doc) -> None:
        super().__init__()
        self.store = doc.vocab.strings

    def __missing__(self, key: int) -> str:
        value = self[key] = self.store[key] if key else ""
        return value


def word_class(token: Token) -> str:
    """A token as the features name it: punctuation and function words as themselves,
    other words by their part of speech."""
    if token.is_punct or token.is_stop or token.is_space:
        return token.lower_.strip() or "<space>"
    return token.pos_


def _signed(values: list[int]) -> list[int]:
    """`Doc.to_array` gives relative heads as unsigned 64-bit integers: back to signed."""
    return [v - (1 << 64) if v >= 1 << 63 else v for v in values]


def token_span(doc: Doc, start: int, end: int) -> Span | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _trim_tokens(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _strip(text: str, start: int, end: int) -> CharRange:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def outside_of(ranges: Iterable[CharRange], cut: CharRange | None) -> list[CharRange]:
    """The parts of `ranges` outside `cut` (a statement's content and source never take in
    its cue: the annotators' never do)."""
    if cut is None:
        return list(ranges)
    pieces = []
    for start, end in ranges:
        pieces += [(start, min(end, cut[0])), (max(start, cut[1]), end)]
    return [p for p in pieces if p[0] < p[1]]


class Collector:
    """Alternatives keyed by their trimmed region, merging the origins of equal ones.

    Ranges are kept outside `cue`; a `single` role (the source) keeps the longest piece
    when the cue splits a range in two."""

    def __init__(
        self, text: str, *, content: bool, cue: CharRange | None = None, single: bool = False
    ) -> None:
        self.text = text
        self.content = content
        self.cue = cue
        self.single = single
        self.by_region: dict[tuple[CharRange, ...], Alternative] = {}

    def add(self, origin: str, ranges: Iterable[CharRange | None]) -> None:
        outside = outside_of((r for r in ranges if r is not None), self.cue)
        if self.single and len(outside) > 1:
            outside = [max(outside, key=lambda r: r[1] - r[0])]
        stripped = (_strip(self.text, *r) for r in outside)
        kept = tuple(sorted({r for r in stripped if r[0] < r[1]}))
        key = region_of(self.text, kept, content=self.content)
        if not key and (self.content or kept) and origin != RULES:
            return  # nothing left after trimming (the rules' own stays: it is the default)
        alternative = self.by_region.setdefault(key, Alternative(kept, key))
        alternative.origins.add(origin)

    def alternatives(self) -> list[Alternative]:
        return list(self.by_region.values())


# ----------------------------------------------------------------------------- content


def content_alternatives(ctx: DocContext, st: Statement) -> list[Alternative]:
    """The contents an annotator might mark for `st`, the rules' first."""
    text = ctx.text
    found = Collector(text, content=True, cue=(st.cue.start, st.cue.end))
    rules = outside_of([(f.start, f.end) for f in st.content], found.cue)
    found.add(RULES, rules)
    cue = ctx.span(st.cue.start, st.cue.end)
    if cue is None:
        return found.alternatives()
    source = None if st.source is None else ctx.span(st.source.start, st.source.end)
    sentence = ctx.sentence(cue.root.i)
    variants = itertools.chain(
        _sentence_variants(ctx, sentence, cue, source),
        _clause_variants(ctx, cue),
        _content_variants(ctx, rules, cue) if rules else (),
    )
    for origin, ranges in variants:
        found.add(origin, ranges)
    return found.alternatives()


def _content_variants(
    ctx: DocContext, rules: list[CharRange], cue: Span
) -> Iterator[tuple[str, list[CharRange | None]]]:
    """Variants of the rules' content: cut or extended at sentence ends, quotes, clauses."""
    start, end = min(s for s, _ in rules), max(e for _, e in rules)
    after_cue = start >= cue.end_char
    before_cue = end <= cue.start_char
    side = "after" if after_cue else "before" if before_cue else "around"
    first = ctx.span(start, end)
    if first is None:
        return
    # Sentence ends: extend to the end or start of the sentence.
    sentences = ctx.sentences(first)
    last_sentence = ctx.sentence(first.end - 1)
    if not before_cue:
        yield f"to_sentence_end_{side}", [*rules[:-1], (rules[-1][0], last_sentence.end_char)]
    first_sentence = ctx.sentence(first.start)
    if not after_cue:
        yield f"from_sentence_start_{side}", [(first_sentence.start_char, rules[0][1]), *rules[1:]]
    # Each sentence a fragment of its own.
    if len(sentences) > 1:
        pieces = [(sent.start_char, sent.end_char) for sent in sentences]
        yield f"sentence_fragments_{side}", [_clip(p, rules) for p in pieces]
    # A leading clause or phrase cut off ("Even on Friday, …", "But as …, …").
    for origin, cut in _leading_cuts(first):
        yield f"{origin}_{side}", [(cut, rules[0][1]), *rules[1:]]
    # The quotes the content touches, alone and grown over.
    touching = ctx.quotes_overlapping(start, end)
    if touching:
        yield "quotes_only", [(q.start, q.end) for q in touching]
        lo, hi = min(start, touching[0].start), max(end, touching[-1].end)
        if side != "around":
            yield f"grown_to_quotes_{side}", [(lo, hi)]
    # A trailing attribution clause inside the content (", he said", ", according to X").
    tail = _attribution_tail(first)
    if tail is not None:
        yield f"without_tail_{side}", [(start, min(end, tail))]
    # A trailing clause or phrase cut off ("…, which …", "… because …", "… — known as …"),
    # and the inner part of an object ("concerns about [X]", "doubt that [X]").
    for origin, cut in _trailing_cuts(first):
        yield f"{origin}_{side}", [*rules[:-1], (rules[-1][0], cut)]
    for origin, inner in _inner_parts(first):
        yield f"{origin}_{side}", [inner, *rules[1:]]
    # Leading and trailing words the annotators may leave out.
    lead = first[0]
    if len(first) > 2 and lead.dep_ in ("cc", "advmod"):
        yield f"without_lead_{lead.dep_}", [(first[1].idx, rules[0][1]), *rules[1:]]


def _sentence_variants(
    ctx: DocContext, sentence: Span, cue: Span, source: Span | None
) -> Iterator[tuple[str, list[CharRange | None]]]:
    """The cue's sentence without the cue and source (on both sides, and each side)."""
    inside = source is not None and sentence.start <= source.start and source.end <= sentence.end
    lo = min(cue.start, source.start) if inside and source is not None else cue.start
    hi = max(cue.end, source.end) if inside and source is not None else cue.end
    left = ctx.trim_tokens(sentence.start, lo)
    right = ctx.trim_tokens(hi, sentence.end)
    left_chars, right_chars = ctx.chars(*left), ctx.chars(*right)
    yield "sentence_rest", [left_chars, right_chars]
    yield "sentence_left", [left_chars]
    yield "sentence_right", [right_chars]
    if left_chars is not None:
        before = [q for q in ctx.quotes_overlapping(*left_chars) if q.end >= left_chars[1] - 2]
        if before:
            yield "quote_before_cue", [(before[-1].start, before[-1].end)]


def _clause_variants(ctx: DocContext, cue: Span) -> Iterator[tuple[str, list[CharRange | None]]]:
    """The subtrees of the cue head's clausal and object children, and of its head."""
    head = cue.root
    for child in head.children:
        if child.dep_ in ("ccomp", "xcomp", "dobj"):
            start, end = child.left_edge.i, child.right_edge.i + 1
            if start <= cue.start < end:
                continue
            yield f"subtree_{child.dep_}", [ctx.chars(*ctx.trim_tokens(start, end))]
    if head.dep_ in ("parataxis", "ccomp", "advcl") and head.head.i != head.i:
        governor = head.head
        start, end = governor.left_edge.i, governor.right_edge.i + 1
        left = ctx.trim_tokens(start, min(head.left_edge.i, cue.start))
        right = ctx.trim_tokens(head.right_edge.i + 1, end)
        yield "around_governor", [ctx.chars(*left), ctx.chars(*right)]


#: Branches hanging at the right end of a content an annotator may leave out.
TRAILING_DEPS = frozenset(
    {"advcl", "conj", "relcl", "acl", "appos", "prep", "npadvmod", "parataxis"}
)
#: Of them, those kept unless set off by punctuation or a conjunction.
SET_OFF_DEPS = frozenset({"prep", "npadvmod", "acl", "conj"})
#: How many trailing cuts at most (the outermost first).
MAX_CUTS = 3


def _trailing_cuts(span: Span) -> Iterator[tuple[str, int]]:
    """Character offsets where a branch ending the span starts, outermost first: the span
    cut there drops a relative clause, a "because" clause, a conjunct, an apposition."""
    doc = span.doc
    token, found = span.root, 0
    while found < MAX_CUTS:
        branches = [c for c in token.rights if c.right_edge.i >= span.end - 2 and c.i < span.end]
        if not branches:
            return
        branch = branches[-1]
        start = branch.left_edge.i
        before = doc[start - 1] if start > 0 else None
        set_off = before is not None and (before.is_punct or before.dep_ == "cc")
        if (
            branch.dep_ in TRAILING_DEPS
            and start > span.start + 1
            and (set_off or branch.dep_ not in SET_OFF_DEPS)
        ):
            cut = before.idx if set_off and before is not None else doc[start].idx
            found += 1
            yield f"cut_{branch.dep_}", cut
        token = branch


def _leading_cuts(span: Span) -> Iterator[tuple[str, int]]:
    """Character offsets where the span goes on after a leading branch of its root set off
    by a comma or dash ("Even on Friday morning, [the White House …]")."""
    doc, root = span.doc, span.root
    for child in root.lefts:
        if child.i < span.start or child.dep_ in SUBJECT_DEPS:
            continue
        after = child.right_edge.i + 1
        set_off = after + 1 < span.end and doc[after].text in (",", "—", "–", "--")
        if set_off and after <= root.i:
            yield f"lead_cut_{child.dep_}", doc[after + 1].idx


def _clip(piece: CharRange, rules: list[CharRange]) -> CharRange | None:
    """`piece` within the outer bounds of `rules`."""
    start, end = max(piece[0], rules[0][0]), min(piece[1], rules[-1][1])
    return (start, end) if start < end else None


def _inner_parts(span: Span) -> Iterator[tuple[str, CharRange]]:
    """The object of a noun the span opens with ("concerns about [the cost]", "doubt
    [that X]"): the part an annotator marks as what was said."""
    doc = span.doc
    root = span.root
    if root.pos_ not in ("NOUN", "PROPN") or root.i > span.start + 2:
        return
    for child in root.rights:
        if child.dep_ == "prep":
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                last = doc[min(span.end, objects[0].right_edge.i + 1) - 1]
                yield "inner_prep", (doc[objects[0].left_edge.i].idx, last.idx + len(last))
        elif child.dep_ in ("acl", "ccomp", "relcl") and child.left_edge.i > root.i:
            yield f"inner_{child.dep_}", (doc[child.left_edge.i].idx, span[-1].idx + len(span[-1]))


def _attribution_tail(span: Span) -> int | None:
    """Where a trailing ", he said" clause of `span` starts (a character offset), or None."""
    doc, first, size = span.doc, span.start, len(span)
    for k in range(size - 1, max(size - MAX_TAIL, 0), -1):  # Token objects of the tail only
        token = doc[first + k]
        if token.text not in (",", "—", "–", "--"):
            continue
        rest = [doc[i] for i in range(first + k + 1, span.end)]
        verbs = [t for t in rest if t.pos_ == "VERB"]
        if verbs and any(c.dep_ in SUBJECT_DEPS for v in verbs for c in v.children):
            return token.idx
        if rest and rest[0].lower_ == "according":
            return token.idx
    return None


# --------------------------------------------------------------------------------- cue

#: How many tokens a cue's start may move left, and its end right: annotators' cues take in
#: auxiliaries ("has been"), particles and prepositions ("critical of", "pleaded to"), the
#: object of a light verb ("expressed concern", "made it clear"), a time ("said Tuesday").
CUE_GROW_LEFT = 2
CUE_GROW_RIGHT = 3


def cue_alternatives(ctx: DocContext, st: Statement) -> list[Alternative]:
    """The cues an annotator might mark for `st`: the statement's own first, then it grown
    by up to `CUE_GROW_LEFT` words at its start or `CUE_GROW_RIGHT` at its end; within its
    sentence, over words only, never into another statement's cue (`ctx.cue_tokens`).
    Alternatives equal after trimming are one. (Cutting a word off either end was tried
    and never chosen on held-out PolNeAR train.)"""
    own = (st.cue.start, st.cue.end)
    text, doc = ctx.text, ctx.doc
    cue = ctx.span(*own)
    rules = Alternative((own,), region_of(text, [own]), {RULES})
    if cue is None or not rules.key:
        return [rules]  # a cue of punctuation alone (":") stays as it is
    rules.tokens = (cue.start, cue.end)
    found = {rules.key: rules}

    def add(origin: str, start: int, end: int) -> None:
        last = doc[end - 1]
        chars = (doc[start].idx, last.idx + len(last))
        key = region_of(text, [chars])
        if key:
            alternative = found.setdefault(key, Alternative((chars,), key, tokens=(start, end)))
            alternative.origins.add(origin)

    first, stop = ctx.sentence_bounds(cue.start)
    taken, junk = ctx.cue_tokens, ctx.junk

    def free(i: int) -> bool:
        """Whether token `i` may join the cue: a word of its sentence, in no other cue."""
        return first <= i < stop and not junk[i] and taken.get(i, own) == own

    start, end = cue.start, cue.end
    for k in range(1, CUE_GROW_LEFT + 1):
        if not free(start - k):
            break
        add(f"cue_grow_start_{k}", start - k, end)
    for k in range(1, CUE_GROW_RIGHT + 1):
        if not free(end + k - 1):
            break
        add(f"cue_grow_end_{k}", start, end + k)
    return list(found.values())


# ------------------------------------------------------------------------------ source


def source_alternatives(ctx: DocContext, st: Statement) -> list[Alternative]:
    """The sources an annotator might mark for `st`: the rules' first, none, shorter forms."""
    found = Collector(ctx.text, content=False, cue=(st.cue.start, st.cue.end), single=True)
    found.add(RULES, [] if st.source is None else [(st.source.start, st.source.end)])
    found.add(NONE, [])
    span = None if st.source is None else ctx.span(st.source.start, st.source.end)
    if span is not None:
        for origin, token_range in _source_variants(span):
            found.add(origin, [ctx.chars(*token_range)])
    cue = ctx.span(st.cue.start, st.cue.end)
    if cue is not None and span is None:
        for child in cue.root.children:
            if child.dep_ in SUBJECT_DEPS:
                found.add("cue_subject", [ctx.chars(child.left_edge.i, child.right_edge.i + 1)])
    return found.alternatives()


def _source_variants(span: Span) -> Iterator[tuple[str, tuple[int, int]]]:
    head = span.root
    doc = span.doc
    yield "head", (head.i, head.i + 1)
    name = _name_of(head)
    yield "name", name
    yield "left_and_head", (span.start, head.i + 1)
    yield "subtree", (head.left_edge.i, head.right_edge.i + 1)
    for dep in SOURCE_BRANCHES:
        cut = [c for c in head.rights if c.dep_ == dep and c.i < span.end]
        if cut:
            yield f"without_{dep}", _trim_tokens(doc, span.start, cut[0].left_edge.i)
    comma = next((t.i for t in span if t.text == "," and t.i > head.i), None)
    if comma is not None:
        yield "to_comma", _trim_tokens(doc, span.start, comma)
    if span[0].dep_ in ("det", "poss") and len(span) > 1:
        yield "without_det", (span.start + 1, span.end)


def _name_of(head: Token) -> tuple[int, int]:
    """The head with its compound and modifier words right before it ("Sen. John Smith")."""
    start = head.i
    for child in sorted(head.lefts, key=lambda t: -t.i):
        if child.dep_ in NAME_DEPS and child.i == start - 1:
            start = child.left_edge.i
        else:
            break
    return start, head.i + 1
