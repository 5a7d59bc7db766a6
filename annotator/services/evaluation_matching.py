"""How a predicted span is compared with a gold one: trimming, character sets, Jaccard.

A role (source, cue or content) of a statement becomes a `Region`: the characters it covers,
as sorted, merged intervals, after each fragment is trimmed of white space, outer quotation
marks, trailing punctuation and (content only) a leading "that". Exact matching compares
regions for equality; overlap matching asks for a character Jaccard of at least 0.5.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from annotator.core.model import Span

Region = tuple[tuple[int, int], ...]
T = TypeVar("T")

OVERLAP_THRESHOLD = 0.5
_QUOTES = frozenset("\"'“”‘’«»„‟‹›`")
_TRAILING = frozenset(".,;:!?…")
_LEADING_THAT = re.compile(r"that\b", re.IGNORECASE)


def trim(text: str, start: int, end: int, *, content: bool = False) -> tuple[int, int]:
    """`[start, end)` without white space, outer quotes, trailing punctuation, leading "that"."""
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in _QUOTES):
            start += 1
        while start < end and (
            text[end - 1].isspace() or text[end - 1] in _QUOTES or text[end - 1] in _TRAILING
        ):
            end -= 1
        if content and _LEADING_THAT.match(text, start, end):
            start += 4
        if (start, end) == before:
            return start, end


def region(text: str, spans: Sequence[Span], *, content: bool = False) -> Region:
    """The merged, trimmed character intervals that `spans` cover in `text`."""
    intervals = sorted(
        trimmed
        for s in spans
        if (trimmed := trim(text, s.start, s.end, content=content))[0] < trimmed[1]
    )
    merged: list[list[int]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def size(a: Region) -> int:
    return sum(e - s for s, e in a)


def intersection(a: Region, b: Region) -> int:
    """How many characters two regions share."""
    shared, i, j = 0, 0, 0
    while i < len(a) and j < len(b):
        shared += max(0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return shared


def jaccard(a: Region, b: Region) -> float:
    """Shared characters over covered characters; 1.0 for two empty regions."""
    shared = intersection(a, b)
    union = size(a) + size(b) - shared
    return 1.0 if union == 0 else shared / union


def exact_score(a: Region, b: Region) -> float | None:
    """1.0 when two regions are equal, None (no match) otherwise."""
    return 1.0 if a == b else None


def overlap_score(a: Region, b: Region) -> float | None:
    """The Jaccard of two regions when it reaches the threshold, None otherwise."""
    score = jaccard(a, b)
    return score if score >= OVERLAP_THRESHOLD else None


def greedy_match(
    gold: Sequence[T], predicted: Sequence[T], score: Callable[[T, T], float | None]
) -> list[tuple[T, T]]:
    """One-to-one pairs: each gold item, in the given (text) order, takes the best-scoring
    predicted item still free (the earliest on a tie); `score` returns None for no match."""
    free = list(range(len(predicted)))
    pairs = []
    for g in gold:
        best, best_score = None, None
        for index in free:
            value = score(g, predicted[index])
            if value is not None and (best_score is None or value > best_score):
                best, best_score = index, value
        if best is not None:
            free.remove(best)
            pairs.append((g, predicted[best]))
    return pairs
