"""How a predicted span is compared with a gold one: trimming, character sets, Jaccard.

A role (source, cue or content) of a statement becomes a `Region` (`core/regions.py`, the one
rule): the characters it covers, as sorted, merged intervals, after each fragment is trimmed
of white space, outer quotation marks, trailing punctuation and (content only) a leading
"that". Exact matching compares
regions for equality; overlap matching asks for a character Jaccard of at least 0.5.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from annotator.core.model import Span, Statement
from annotator.core.regions import Region, region_of

T = TypeVar("T")

OVERLAP_THRESHOLD = 0.5


def region(text: str, spans: Sequence[Span], *, content: bool = False) -> Region:
    """The merged, trimmed character intervals that `spans` cover in `text`."""
    return region_of(text, ((s.start, s.end) for s in spans), content=content)


def cue_region(text: str, statement: Statement) -> Region:
    """The region of a statement's cue; a cue of punctuation alone (":") trims to nothing,
    so it is compared untrimmed."""
    cue = statement.cue
    return region(text, [cue]) or ((cue.start, cue.end),)


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
