"""Headline attributions: "Marco Rubio: I'm Not Interested In Being Vice President."

A line that opens with a short name and a colon attributes the rest of the line to that
name. Only the first few tokens of each line are looked at, so this is linear in the text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

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
