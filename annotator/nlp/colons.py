"""Headline attributions: "Marco Rubio: I'm Not Interested In Being Vice President."

A line that opens with a short name and a colon attributes the rest of the line to that
name; a title-case headline with a cue verb ("Obama Praises Clinton At Rally") is split
around the verb. Only the first tokens of each line are looked at: linear in the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from spacy.tokens import Doc

from annotator.nlp.content import TokenRange

#: At most this many tokens may name the speaker before the colon.
MAX_NAME_TOKENS = 4
#: The rest of the line must be at least this long to be a statement.
MIN_CONTENT_TOKENS = 3
NAME_POS = frozenset({"PROPN", "NOUN"})


def colon_attributions(
    doc: Doc, breaks: Sequence[int]
) -> Iterator[tuple[TokenRange, int, TokenRange]]:
    """(source range, colon token index, content range) for each "Name: words" line."""
    starts = [0, *(b + 1 for b in breaks)]
    ends = [*breaks, len(doc)]
    for start, end in zip(starts, ends, strict=True):
        found = _colon_line(doc, start, end)
        if found is not None:
            yield found


def _colon_line(doc: Doc, start: int, end: int) -> tuple[TokenRange, int, TokenRange] | None:
    for colon in range(start + 1, min(start + MAX_NAME_TOKENS + 1, end)):
        if doc[colon].text != ":":
            continue
        name = doc[start:colon]
        if not all(t.pos_ in NAME_POS and t.text[:1].isupper() for t in name):
            return None
        content_end = end
        while content_end > colon + 1 and (
            doc[content_end - 1].is_punct or doc[content_end - 1].is_space
        ):
            content_end -= 1
        if content_end - (colon + 1) < MIN_CONTENT_TOKENS:
            return None
        return (start, colon), colon, (colon + 1, content_end)
    return None


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
    for token in doc[1 : end - MIN_CONTENT_TOKENS + 1]:
        if token.is_lower and len(token) > MAX_LOWER_IN_TITLE:
            return None  # a sentence in plain case, no title-case headline
        if token.pos_ == "VERB" or not token.is_title:
            continue
        if any(is_cue_lemma(lemma) for lemma in _verb_lemmas(token.lower_)):
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
    """Candidate lemmas of an inflected verb form ("praises" -> "praise", "prais", …)."""
    candidates = [form]
    for suffix in ("es", "s", "ed", "d"):
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            candidates.append(form[: -len(suffix)])
    return candidates
