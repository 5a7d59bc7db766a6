"""How a person's text selection becomes a span: the one written rule of snapping.

A selection made with the mouse or Shift+arrows rarely lands exactly on word edges. Before a
selection becomes a source, cue, content fragment or entity it is snapped:

1. whitespace at either end is trimmed (a drag that overshoots into the gap);
2. a word cut in the middle is completed ("minis" of "minister" takes the whole word);
3. punctuation is kept exactly as selected: quote marks, commas and apostrophes are word
   edges, so "Ana" selected in "Ana’s" stays "Ana" and a quote's marks are in the span only
   when the person selected them;
4. nothing is left (an empty or whitespace-only selection): no span, the action does nothing.

Offsets are code points, as everywhere in the domain model.
"""

from __future__ import annotations

import unicodedata


def is_word_character(char: str) -> bool:
    """Letters, digits and combining marks: the characters a word is made of."""
    return char.isalnum() or unicodedata.category(char).startswith("M")


def snap_selection(text: str, start: int, end: int) -> tuple[int, int] | None:
    """`[start, end)` snapped to word edges with whitespace trimmed; None when nothing is left."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    while start > 0 and is_word_character(text[start - 1]) and is_word_character(text[start]):
        start -= 1
    while end < len(text) and is_word_character(text[end - 1]) and is_word_character(text[end]):
        end += 1
    return start, end


def word_edges(text: str, index: int, step: int) -> int:
    """The next word edge from `index` in direction `step` (+1 or -1): one token further.

    Used to nudge a span's start or end by one word from the keyboard; punctuation marks
    count as tokens of their own, whitespace is skipped.
    """
    position = index
    if step > 0:
        while position < len(text) and text[position].isspace():
            position += 1
        if position < len(text) and not is_word_character(text[position]):
            return position + 1
        while position < len(text) and is_word_character(text[position]):
            position += 1
        return position
    while position > 0 and text[position - 1].isspace():
        position -= 1
    if position > 0 and not is_word_character(text[position - 1]):
        return position - 1
    while position > 0 and is_word_character(text[position - 1]):
        position -= 1
    return position
