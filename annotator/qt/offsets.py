"""Convert between the model's offsets (code points) and Qt's text positions (UTF-16 units).

Spans in `annotator.core.model` are Python `str` indices; a `QTextDocument` counts UTF-16 code
units, so every character outside the Basic Multilingual Plane (an emoji, say) takes two
positions there and one in Python. Without an explicit conversion every highlight after such a
character would drift by one.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def display_text(text: str) -> str:
    """The text to give `QTextDocument.setPlainText`, with the same length as `text`.

    Qt folds a Windows line break (CR LF) into one block separator, which would shift every
    later position by one; a space before the LF keeps the lengths equal and looks the same.
    """
    return text.replace("\r\n", " \n")


def utf16_length(text: str) -> int:
    """How many UTF-16 code units `text` takes."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class OffsetMap:
    """Maps code-point indices of one text to UTF-16 positions and back, in O(log n)."""

    def __init__(self, text: str) -> None:
        # Code-point indices of the astral characters: each adds one UTF-16 unit after it.
        # Found by a regular expression (C speed): a long article is read once per opening.
        self._astral = [match.start() for match in _ASTRAL.finditer(text)]
        # UTF-16 position of each astral character (its first, high-surrogate unit).
        self._astral_utf16 = [i + n for n, i in enumerate(self._astral)]
        self._length = len(text)
        self._utf16_length = len(text) + len(self._astral)

    @property
    def utf16_length(self) -> int:
        """Length of the whole text in UTF-16 units: the last valid position."""
        return self._utf16_length

    def to_utf16(self, index: int) -> int:
        """The UTF-16 position of code-point `index` (0 ≤ index ≤ len(text))."""
        if not 0 <= index <= self._length:
            raise IndexError(f"index {index} outside 0..{self._length}")
        return index + bisect_right(self._astral, index - 1)

    def to_code_point(self, position: int) -> int:
        """The code-point index at UTF-16 `position`; inside a surrogate pair, its character."""
        if not 0 <= position <= self._utf16_length:
            raise IndexError(f"position {position} outside 0..{self._utf16_length}")
        return position - bisect_right(self._astral_utf16, position - 1)
