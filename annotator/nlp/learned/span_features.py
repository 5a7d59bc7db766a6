"""The features of one alternative span of a statement, as names ("origin=sentence_right").

What an annotator's convention turns on: which generators proposed the span (the rules,
the clause, the quote …), how it differs from the rules' span (longer or shorter at which
end, by how much), the words at and just outside its edges (a trailing ", he said", an
opening "But", a closing quote), whether it ends a sentence or crosses a paragraph, and the
cue and kind of statement it belongs to. The chooser's ranker weighs these per alternative.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Token

from annotator.core.model import Statement
from annotator.nlp.learned.cue_proposer import PROPOSED_PREFIX
from annotator.nlp.learned.span_alternatives import (
    Alternative,
    CharRange,
    DocContext,
    word_class,
)

QUOTE_MARKS = frozenset('"“”‘’«»')
NEWLINE = "\n"


def _bucket(value: int, edges: tuple[int, ...]) -> int:
    return sum(value >= edge for edge in edges)


def _signed_bucket(value: int) -> str:
    size = _bucket(abs(value), (1, 2, 3, 5, 9, 17))
    return "0" if value == 0 else f"{'+' if value > 0 else '-'}{size}"


def _word(token: Token | None) -> str:
    return "<none>" if token is None else word_class(token)


def cue_context(ctx: DocContext, st: Statement) -> tuple[str, str]:
    """The cue's lemma and its head's dependency, for feature conjunctions."""
    cue = ctx.span(st.cue.start, st.cue.end)
    if cue is None:
        return "?", "?"
    return cue.root.lemma_.lower(), cue.root.dep_


def content_features(
    ctx: DocContext,
    st: Statement,
    alternative: Alternative,
    rules: Alternative,
    cue: tuple[str, str],
) -> list[str]:
    """The feature names of one content alternative of `st` (`rules`: the rules' own)."""
    return list(set(_content(ctx, st, alternative, rules, cue)))


def _content(
    ctx: DocContext, st: Statement, alt: Alternative, rules: Alternative, cue: tuple[str, str]
) -> Iterator[str]:
    lemma, dep = cue
    origins = sorted(alt.origins)
    is_rules = alt is rules
    yield f"is_rules={is_rules}"
    yield f"is_rules&kind={is_rules}_{st.kind.value}"
    yield f"is_rules&conf={is_rules}_{round(st.confidence or 0.0, 1)}"
    yield f"is_rules&cue={is_rules}_{lemma}"
    for origin in origins:
        yield f"origin={origin}"
        yield f"origin&cue={origin}_{lemma}"
        yield f"origin&dep={origin}_{dep}"
        yield f"origin&kind={origin}_{st.kind.value}"
    yield f"origins={'+'.join(origins)}"
    yield f"fragments={min(len(alt.ranges), 3)}"
    if not alt.ranges:
        return
    first, last = alt.ranges[0], alt.ranges[-1]
    yield f"before_cue={last[1] <= st.cue.start}"
    own = (st.cue.start, st.cue.end)
    others = sum(1 for c in ctx.cues if first[0] <= c[0] and c[1] <= last[1] and c != own)
    yield f"other_cues={min(others, 2)}"
    yield f"other_cues&kind={min(others, 2)}_{st.kind.value}"
    edges = list(_edges(ctx, first[0], last[1], st))
    yield from edges
    for edge in edges[:4]:  # the words at and beyond each end, by origin
        for origin in origins:
            yield f"origin&{edge}&{origin}"
    for edge in edges[:4]:
        yield f"cue&{edge}&{lemma}"
    if rules.ranges:
        yield from _difference(ctx, (first[0], last[1]), (rules.ranges[0][0], rules.ranges[-1][1]))
    text = ctx.text[first[0] : last[1]]
    marks = sum(text.count(mark) for mark in QUOTE_MARKS)
    yield f"quote_marks={min(marks, 4)}"
    yield f"quote_marks_odd={marks % 2 == 1}"
    yield f"paragraph_break={NEWLINE in text}"
    span = ctx.span(first[0], last[1])
    if span is not None:
        yield f"tokens={_bucket(len(span), (2, 4, 7, 12, 20, 35, 60))}"
        yield f"sentences={min(len(ctx.sentences(span)), 3)}"
        yield f"has_verb={any(ctx.verb[span.start : span.end])}"
        yield f"root_dep={span.root.dep_}"
        piece = ctx.span(*first)
        cue_span = ctx.span(st.cue.start, st.cue.end)
        if piece is not None and cue_span is not None:
            path = _path(ctx, cue_span.root.i, piece.root.i)
            yield f"path={path}"
            yield f"path&cue={path}_{lemma}"
            for origin in origins:
                yield f"path&origin={path}_{origin}"


def _path(ctx: DocContext, cue: int, root: int) -> str:
    """How the root of a content fragment hangs from the cue in the parse."""
    heads, dep = ctx.head, ctx.dep
    if heads[root] == cue and root != cue:
        return f"child_{dep[root]}"
    if heads[cue] == root and root != cue:
        return f"parent_{dep[cue]}"
    if heads[heads[root]] == cue:
        return f"grandchild_{dep[heads[root]]}_{dep[root]}"
    if heads[cue] == heads[root]:
        return f"sibling_{dep[root]}"
    return "other"


def _edges(ctx: DocContext, start: int, end: int, st: Statement) -> Iterator[str]:
    span = ctx.span(start, end)
    if span is None:
        return
    word, lower, n = ctx.word, ctx.lower, len(ctx.word)
    first, last = span.start, span.end - 1
    before, after = first - 1, span.end
    yield f"first={word[first]}"
    yield f"last={word[last]}"
    yield f"before={word[before] if before >= 0 else '<none>'}"
    yield f"after={word[after] if after < n else '<none>'}"
    yield f"after2={word[after] if after < n else '<none>'}_" + (
        word[after + 1] if after + 1 < n else "<none>"
    )
    yield f"first_dep={ctx.dep[first]}"
    yield f"sentence_start={ctx.sent_start[first]}"
    yield f"sentence_end={after >= n or ctx.sent_start[after] or _ends_sentence(ctx, after)}"
    yield f"cue_inside={start < st.cue.start and st.cue.end <= end}"
    yield f"first_word={lower[first]}"
    yield f"last_word={lower[last]}"
    yield f"after_word={lower[after] if after < n else '<end>'}"
    yield f"before_word={lower[before] if before >= 0 else '<start>'}"
    yield f"constituent={_is_constituent(ctx, first, after)}"
    if st.source is not None:
        yield f"source_inside={start <= st.source.start and st.source.end <= end}"


def _is_constituent(ctx: DocContext, start: int, end: int) -> str:
    """Whether tokens `[start, end)` (without edge punctuation) are one subtree, or part of
    one, or several: the shapes an annotator's boundary follows."""
    while start < end and ctx.junk[start]:
        start += 1
    while end > start and ctx.junk[end - 1]:
        end -= 1
    if start >= end:
        return "empty"
    heads = ctx.head
    roots = [i for i in range(start, end) if not start <= heads[i] < end or heads[i] == i]
    if len(roots) == 1:
        root = roots[0]
        token = ctx.doc[root]
        inside = token.left_edge.i >= start and token.right_edge.i < end
        return "subtree" if inside else "part"
    return f"roots{min(len(roots), 3)}"


def _ends_sentence(ctx: DocContext, i: int) -> bool:
    """Whether only punctuation stands between token `i` and the next sentence."""
    n = len(ctx.junk)
    while i < n and ctx.junk[i]:
        if ctx.sent_start[i]:
            return True
        i += 1
    return i >= n or ctx.sent_start[i]


def _difference(ctx: DocContext, alt: CharRange, rules: CharRange) -> Iterator[str]:
    """How the alternative's outer bounds move from the rules': by how many tokens, and the
    words it adds or drops at each end."""
    for end_name, a, r in (("start", alt[0], rules[0]), ("end", alt[1], rules[1])):
        lo, hi = min(a, r), max(a, r)
        moved = ctx.span(lo, hi) if lo < hi else None
        count = len(moved) if moved is not None else 0
        grows = (a < r) if end_name == "start" else (a > r)
        signed = count if grows else -count
        yield f"{end_name}_moves={_signed_bucket(signed)}"
        if moved is None:
            continue
        way = "grow" if grows else "cut"
        m0, m1 = moved.start, moved.end
        edge = m0 if end_name == "end" else m1 - 1
        yield f"{end_name}_moved_word={way}_{ctx.word[edge]}"
        words = [i for i in range(m0, m1) if not ctx.junk[i]]
        if words:
            inner = words[0] if end_name == "end" else words[-1]
            yield f"{end_name}_moved_inner={way}_{ctx.word[inner]}"
            root = next((i for i in words if not m0 <= ctx.head[i] < m1), words[0])
            yield f"{end_name}_moved_dep={way}_{ctx.dep[root]}"
        yield f"{end_name}_moved_said={way}_{any(ctx.said[m0:m1])}"
        yield f"{end_name}_moved_quote={way}_{any(ctx.quote[m0:m1])}"
        sentence_break = any(ctx.sent_start[m0 + 1 : m1]) or NEWLINE in ctx.text[lo:hi]
        yield f"{end_name}_moved_break={way}_{sentence_break}"


def source_features(
    ctx: DocContext,
    st: Statement,
    alternative: Alternative,
    rules: Alternative,
    cue: tuple[str, str],
) -> list[str]:
    """The feature names of one source alternative of `st`."""
    return list(set(_source(ctx, st, alternative, rules, cue)))


def _source(
    ctx: DocContext, st: Statement, alt: Alternative, rules: Alternative, cue: tuple[str, str]
) -> Iterator[str]:
    doc = ctx.doc
    lemma, dep = cue
    origins = sorted(alt.origins)
    is_rules = alt is rules
    yield f"is_rules={is_rules}"
    yield f"is_rules&cue={is_rules}_{lemma}"
    yield f"is_rules&kind={is_rules}_{st.kind.value}"
    for origin in origins:
        yield f"origin={origin}"
        yield f"origin&cue={origin}_{lemma}"
        yield f"origin&dep={origin}_{dep}"
    yield f"origins={'+'.join(origins)}"
    if not alt.ranges:
        yield f"empty&cue={lemma}"
        yield f"empty&rules_empty={not rules.ranges}"
        return
    start, end = alt.ranges[0][0], alt.ranges[-1][1]
    span = ctx.span(start, end)
    if span is None:
        return
    root = span.root
    yield f"root_pos={root.pos_}"
    yield f"root_ent={root.ent_type_ or '-'}"
    yield f"root_dep={root.dep_}"
    yield f"tokens={_bucket(len(span), (2, 3, 4, 6, 9, 15))}"
    yield f"first={_word(span[0])}"
    yield f"last={_word(span[-1])}"
    yield f"after={_word(doc[span.end] if span.end < len(doc) else None)}"
    yield f"commas={min(sum(t.text == ',' for t in span), 2)}"
    yield f"has_relative={any(t.tag_ in ('WP', 'WDT') for t in span)}"
    yield f"has_dash={any(t.text in ('—', '–', '--') for t in span)}"
    yield f"possessive_end={span[-1].tag_ == 'POS' or span[-1].dep_ == 'case'}"
    yield f"after_cue={start >= st.cue.end}"
    if rules.ranges:
        r = (rules.ranges[0][0], rules.ranges[-1][1])
        yield from _difference(ctx, (start, end), r)


def group_features(alternatives: Sequence[Alternative]) -> list[list[str]]:
    """Features of each alternative relative to the others of its statement: how it ranks by
    length, and how many alternatives there are."""
    sizes = [sum(e - s for s, e in a.key) for a in alternatives]
    order = sorted(set(sizes))
    rules_size = sizes[0] if sizes else 0
    n = min(len(alternatives), 8)
    rows = []
    for size in sizes:
        rank = order.index(size)
        place = "shortest" if rank == 0 else "longest" if rank == len(order) - 1 else "middle"
        ratio = size / rules_size if rules_size else 0.0
        rows.append(
            [
                f"length_place={place}",
                f"length_place&n={place}_{n}",
                f"length_ratio={_bucket(int(ratio * 100), (25, 50, 80, 95, 105, 125, 200, 400))}",
            ]
        )
    return rows


def cue_features(
    ctx: DocContext,
    st: Statement,
    alternative: Alternative,
    rules: Alternative,
    cue: tuple[str, str],
) -> list[str]:
    """The feature names of one cue alternative of `st` (`rules`: the statement's own cue)."""
    return list(set(_cue(ctx, st, alternative, rules, cue)))


def _cue(
    ctx: DocContext, st: Statement, alt: Alternative, rules: Alternative, cue: tuple[str, str]
) -> Iterator[str]:
    lemma, _ = cue
    proposed = st.id.startswith(PROPOSED_PREFIX)
    is_rules = alt is rules
    yield f"is_rules={is_rules}"
    yield f"is_rules&cue={is_rules}_{lemma}"
    yield f"is_rules&proposed={is_rules}_{proposed}"
    for origin in sorted(alt.origins):
        yield f"origin={origin}"
        yield f"origin&cue={origin}_{lemma}"
        yield f"origin&proposed={origin}_{proposed}"
    if alt.tokens is None or rules.tokens is None:
        return
    (first, after), (own_start, own_end) = alt.tokens, rules.tokens
    lower, word, dep, n = ctx.lower, ctx.word, ctx.dep, len(ctx.lower)
    last, before = after - 1, first - 1
    after_word = lower[after] if after < n else "<end>"
    yield f"tokens={min(after - first, 6)}"
    yield f"first={lower[first]}"
    yield f"last={lower[last]}"
    yield f"last&cue={lower[last]}_{lemma}"
    yield f"first_dep={dep[first]}"
    yield f"last_dep={dep[last]}"
    yield f"after_dep={dep[after] if after < n else '<end>'}"
    yield f"before_dep={dep[before] if before >= 0 else '<start>'}"
    yield f"after={word[after] if after < n else '<none>'}"
    yield f"after_word={after_word}"
    yield f"last&after={lower[last]}_{after_word}"
    yield f"before_word={lower[before] if before >= 0 else '<start>'}"
    content = [(f.start, f.end) for f in st.content]
    source = [] if st.source is None else [(st.source.start, st.source.end)]
    for end_name, moved, grows in (
        ("start", range(min(first, own_start), max(first, own_start)), first < own_start),
        ("end", range(min(after, own_end), max(after, own_end)), after > own_end),
    ):
        if not moved:
            continue
        way = f"{end_name}_{'grow' if grows else 'cut'}"
        words = " ".join(lower[i] for i in moved)
        yield f"{way}_words={words}"
        yield f"{way}_words&cue={words}_{lemma}"
        yield f"{way}_classes={' '.join(word[i] for i in moved)}"
        for i in moved:
            yield f"{way}_dep={dep[i]}"
            yield f"{way}_dep&word={dep[i]}_{lower[i]}"
            yield f"{way}_dep&cue={dep[i]}_{lemma}"
            yield f"{way}_attached={own_start <= ctx.head[i] < own_end}"
        starts = [ctx.token_starts[i] for i in moved]
        yield f"{way}_in_content={_touches(starts, content)}"
        yield f"{way}_in_source={_touches(starts, source)}"


def _touches(starts: Sequence[int], ranges: Sequence[CharRange]) -> bool:
    """Whether a word starting at one of `starts` lies in one of `ranges`."""
    return any(s <= i < e for i in starts for s, e in ranges)
