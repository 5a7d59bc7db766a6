"""Pair quotation marks into quotes: straight and curly marks, quotes over several paragraphs.

News style leaves a quote open at the end of a paragraph when the next paragraph goes on
quoting ("…policy.\n\n“And we will…”"); such a quote is one span. A mark that cannot be
paired is ignored, so unbalanced text never raises and never swallows the rest of the text.
One regular-expression scan: linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = frozenset("“«„")
CLOSING = frozenset("”»")
#: Marks that open or close depending on context; '' is two apostrophes (newswire style).
STRAIGHT = frozenset({'"', "''"})
_MARK_OR_BREAK = re.compile(r"''|[“”«»„\"]|\n")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote's character offsets, its marks included: `text[start] == "“"`."""

    start: int
    end: int

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


def find_quotes(text: str) -> list[Quote]:
    """Every paired quote in `text`, in text order, not overlapping."""
    pairer = _QuotePairer(text)
    for match in _MARK_OR_BREAK.finditer(text):
        pairer.feed(match.start(), match.group())
    return pairer.quotes


class _QuotePairer:
    """A small state machine over quotation marks and line breaks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.quotes: list[Quote] = []
        self.open_at: int | None = None
        self.left_open_at_break = False  # the open quote reached a paragraph end
        self.line_start = 0

    def feed(self, at: int, mark: str) -> None:
        if mark == "\n":
            self._line_break(at)
        elif mark in OPENING or (mark in STRAIGHT and self._opens(at)):
            self._open(at)
        else:
            self._close(at + len(mark))

    def _opens(self, at: int) -> bool:
        # A straight mark closes an open quote unless a new paragraph re-opens it.
        return self.open_at is None or self.left_open_at_break

    def _line_break(self, at: int) -> None:
        self.line_start = at + 1
        if self.open_at is not None:
            self.left_open_at_break = True

    def _open(self, at: int) -> None:
        continues = self.open_at is not None and self.left_open_at_break and self._starts_line(at)
        if not continues:
            self.open_at = at
        self.left_open_at_break = False

    def _close(self, end: int) -> None:
        if self.open_at is not None and not self.left_open_at_break:
            self.quotes.append(Quote(self.open_at, end))
        self.open_at = None
        self.left_open_at_break = False

    def _starts_line(self, at: int) -> bool:
        return not self.text[self.line_start : at].strip()
