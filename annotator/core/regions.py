"""What a span amounts to as an annotator's choice: its trimmed, merged character region.

White space, outer quotation marks, trailing punctuation and (for a content) a leading
"that" do not make two choices different. The evaluation compares spans by these regions
(`services/evaluation_matching.py`) and the learned span chooser tells its alternatives
apart by them (`nlp/learned/span_alternatives.py`): one rule, so both agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: A region: sorted, non-overlapping `(start, end)` character intervals.
Region = tuple[tuple[int, int], ...]

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


def region_of(text: str, ranges: Iterable[tuple[int, int]], *, content: bool = False) -> Region:
    """The merged, trimmed character intervals that the `(start, end)` ranges cover."""
    intervals = sorted(
        trimmed for s, e in ranges if (trimmed := trim(text, s, e, content=content))[0] < trimmed[1]
    )
    merged: list[list[int]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)
