"""Typographic attributions: a name and a colon, a title-case headline, a dash after a quote.

A line that opens with a short name and a colon attributes the rest of the line to that
name ("Jane Doe: I Will Not Run", a transcript's "HOST: Welcome back …", or a
headline's "Jane Doe on the budget: …", whose topic is no part of the name); a title-case
headline with a cue verb ("Obama Praises Clinton At Rally") is split around the verb; a
quote followed by a dash and a name ("“…” ― Jane Doe") is that person's. Only the first
tokens of each line and the words after each quote are looked at: linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from spacy.tokens import Doc, Span

from annotator.nlp.attribution.content import CharRange, TokenRange
from annotator.nlp.attribution.quotes import Quote
from annotator.nlp.attribution.sources import find_dateline

#: At most this many tokens may name the speaker before the colon.
MAX_NAME_TOKENS = 4
#: At most this many tokens may name the topic after the name ("Doe on the budget:").
MAX_TOPIC_TOKENS = 8
TOPIC_PREPOSITIONS = frozenset({"on", "to", "at", "about"})
#: The rest of the line must be at least this long to be a statement.
MIN_CONTENT_TOKENS = 3
NAME_POS = frozenset({"PROPN", "NOUN"})


def colon_attributions(
    doc: Doc, breaks: Sequence[int], labels: frozenset[str] = frozenset()
) -> Iterator[tuple[TokenRange, int, TokenRange]]:
    """(source range, colon token index, content range) for each "Name: words" line;
    `labels` are words that label a line rather than name a speaker ("update")."""
    starts = [0, *(b + 1 for b in breaks)]
    ends = [*breaks, len(doc)]
    for start, end in zip(starts, ends, strict=True):
        found = _colon_line(doc, start, end, labels)
        if found is not None:
            yield found


def _colon_line(
    doc: Doc, start: int, end: int, labels: frozenset[str]
) -> tuple[TokenRange, int, TokenRange] | None:
    while start < end and (doc[start].is_quote or doc[start].is_space):
        start += 1  # a transcript quoted whole: "HOST: Welcome …
    for colon in range(start + 1, min(start + MAX_NAME_TOKENS + MAX_TOPIC_TOKENS + 2, end)):
        if doc[colon].text != ":":
            continue
        name_end = _name_end(doc, start, colon, labels)
        if name_end is None:
            return None
        content_end = end
        while content_end > colon + 1 and (
            (doc[content_end - 1].is_punct and not doc[content_end - 1].is_quote)
            or doc[content_end - 1].is_space
        ):
            content_end -= 1  # a closing quotation mark stays with the quote it closes
        if content_end - (colon + 1) < MIN_CONTENT_TOKENS:
            return None
        return (start, name_end), colon, (colon + 1, content_end)
    return None


def _name_end(doc: Doc, start: int, colon: int, labels: frozenset[str]) -> int | None:
    """Where the name before a line's colon ends: all of it ("Jane Doe"), or the words
    before a topic preposition ("Jane Doe on the budget"); None when it is no name."""
    name_end = colon
    for token in doc[start + 1 : colon]:
        if token.lower_ in TOPIC_PREPOSITIONS:
            name_end = token.i
            break
    name = doc[start:name_end]
    if not 0 < len(name) <= MAX_NAME_TOKENS or not _may_speak(name, labels):
        return None
    if not all(t.pos_ in NAME_POS and t.text[:1].isupper() for t in name):
        return None
    topic = doc[name_end + 1 : colon]
    has_verb = any(t.pos_ in ("VERB", "AUX") and t.is_lower for t in topic)
    if len(topic) > MAX_TOPIC_TOKENS or has_verb:
        return None
    return name_end


#: Entity labels of names that head a list, not a statement ("Ohio: Ann Berg, …").
PLACE_ENTITIES = frozenset({"GPE", "LOC", "DATE", "TIME"})


def _may_speak(name: Span, labels: frozenset[str]) -> bool:
    """Whether the words before a line's colon can name a speaker: not a label ("UPDATE"),
    not a place heading a list ("Ohio"), not an interview's bare "Q" or "A"."""
    words = [t for t in name if not t.is_punct]
    if not words or any(t.lower_.rstrip("'’s") in labels for t in words):
        return False
    if len(words) == 1 and len(words[0].text) == 1:
        return False
    return not all(t.ent_type_ in PLACE_ENTITIES for t in words)


#: A quote signed with a dash and a name: "“…” ― Jane Doe", up to the line's or the
#: sentence's end or the next quote.
_SIGNATURE = re.compile(
    r"[ \t\u00a0]*(?P<dash>―|—|–|--)[ \t\u00a0]*"
    r"(?P<name>[A-Z][\w.'’-]{0,30}(?:[ \u00a0][A-Z][\w.'’-]{0,30}){0,4})"
    r"[ \t\u00a0]*(?=$|\n|[.“\"”]|[ \t\u00a0]*\n)",
    re.MULTILINE,
)


def dash_attributions(
    text: str, quotes: Sequence[Quote]
) -> Iterator[tuple[CharRange, CharRange, CharRange]]:
    """(source, dash, quote) character ranges for each quote signed with a dash and a
    name, as in epigraphs and collected reactions."""
    for quote in quotes:
        match = _SIGNATURE.match(text, quote.end)
        if match is None:
            continue
        name_end = match.end("name")
        if text[name_end - 1] == ".":
            name_end -= 1  # "― Jane Doe.": the full stop ends the sentence
        yield (match.start("name"), name_end), match.span("dash"), (quote.start, quote.end)


#: Longest lower-case word a title-case headline may hold ("of", "the", "and", "for").
MAX_LOWER_IN_TITLE = 4


def headline_verb_attribution(
    doc: Doc, breaks: Sequence[int], is_cue_lemma: Callable[[str], bool]
) -> tuple[TokenRange, int, TokenRange] | None:
    """(source, cue token, content) for a title-case headline ("Obama Praises Clinton At Rally").

    The parser reads a title-case headline as one long name, so the verb is found by its
    form (a cue lemma plus "s", "es", "ed" or "d") and the line is split around it.
    """
    end = breaks[0] if breaks else len(doc)
    if end < 3 or any(t.text == ":" for t in doc[: min(end, MAX_NAME_TOKENS + 1)]):
        return None
    if find_dateline(doc[0]) is not None:
        return None  # a lead under a dateline ("OSLO (Reuters) - Fears grew …"), no headline
    for token in doc[1 : end - MIN_CONTENT_TOKENS + 1]:
        if token.is_lower and len(token) > MAX_LOWER_IN_TITLE:
            return None  # a sentence in plain case, no title-case headline
        if token.pos_ == "VERB" or not token.is_title:
            continue
        if any(is_cue_lemma(lemma) for lemma in _verb_lemmas(token.lower_)[1:]):
            content_end = end
            while content_end > token.i + 1 and (
                doc[content_end - 1].is_punct or doc[content_end - 1].is_space
            ):
                content_end -= 1
            if content_end - token.i - 1 >= MIN_CONTENT_TOKENS - 1:
                return (0, token.i), token.i, (token.i + 1, content_end)
            return None
    return None


def _verb_lemmas(form: str) -> list[str]:
    """Candidate lemmas of an inflected verb form ("praises" -> "praise", "prais", …), the
    form itself first. Only the inflected candidates count in a headline: a bare form is
    more often a noun there ("a 32 Point Lead") than a verb."""
    candidates = [form]
    for suffix in ("es", "s", "ed", "d"):
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            candidates.append(form[: -len(suffix)])
    return candidates
