"""Hard-wrapped plain text: join the wrapped lines of each paragraph back into one line.

Wire copy, e-mail newsletters and text saved at 72 columns end every line with a line break
and separate paragraphs by blank lines. The attribution rules take a line break for the end
of a paragraph, so on such text they cut sources and contents at the wrap ("The spokeswoman
for the" | "city council said …"). A text that is unmistakably hard-wrapped therefore has
each wrapped line break turned into a space; blank lines between paragraphs stay.

Unmistakable means: no line is wider than a plausible wrap width, and there are several
lines that are full (the next line's first word would not have fitted on them: what a word
wrapper leaves behind) and that mostly break inside a phrase (verse and lists break where
one ends). Paragraphs that are single long lines (web extraction) have nothing to join; a
list, a poem, an address block, a quoted tweet or a table has short, marked or aligned
lines and is left as it is, alone or inside a wrapped article. A word broken at its hyphen
keeps the hyphen ("well-known"): de-hyphenation would be a guess, and imported text is
never guessed at.
"""

from __future__ import annotations

import re

#: Widest wrap width taken for hard wrapping (72 and 80 are usual); a longer line is a
#: paragraph of its own, as web extraction gives, and the text is left as it is.
MAX_WRAP_WIDTH = 100
#: Narrowest wrap width: verse, tweets, lists and address blocks have lines this short,
#: while text wrapped narrower than this is rare.
MIN_WRAP_WIDTH = 50
#: A line may exceed the widest wrapped line by this much (a last line that just fit).
WIDTH_SLACK = 2
#: A line is full when it and the next line's first word reach this share of the wrap
#: width: greedy wrappers fill lines to the width, GNU fmt's balanced lines to about 93%.
FULL_SHARE = 0.85
#: At least this many line breaks inside wrapped paragraphs before a text counts as wrapped.
MIN_WRAPPED_BREAKS = 3
#: Wrapped paragraphs hold at least this share of the line breaks inside paragraphs;
#: the rest are blocks of short lines (a list, an address) kept as they are.
MIN_WRAPPED_SHARE = 0.5
#: At most this share of wrapped lines may break at a phrase (the line ends a clause or the
#: next one starts with a capital): a wrapper breaks between any two words, while verse,
#: a list of headlines and one-sentence-a-line text break where a phrase ends.
MAX_PHRASE_BREAKS = 0.6

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
#: A list item or a quoted mail line starts with a marker. One such line may be a wrap
#: before a dash ("-- and was") or a number ("10. Even so"); two make the paragraph a list.
_MARKED = re.compile(r"\A[ \t]*(?:>|[-*•·–—][ \t]|\d{1,3}[.)][ \t]|\(?[a-z]\)[ \t])")
MAX_MARKED_LINES = 1
#: A table row: a tab or a gap of three spaces between cells, or a pipe between them.
_TABLE_ROW = re.compile(r"\S(?:[ \t]*\t| {3,})[ \t]*\S|\S[ \t]*\|[ \t]*\S")
_CLAUSE_END = re.compile(r"[,;:.!?]['\"’”»)]*[ \t]*\Z")
#: A word broken at its own hyphen ("well-" at a line's end) joins without a space.
_HYPHEN_END = re.compile(r"\w-\Z")
#: ... unless the next line goes on with "and", "or" or "to": then the hyphen is suspended
#: ("low- and middle-income", "two- to three-year") and the space stays.
_SUSPENDED = re.compile(r"\A[ \t]*(?:and|or|to|nor)[ \t]")


def unwrap_hard_wrapped(text: str, first_column: int = 0) -> str:
    """`text` with each paragraph's wrapped lines joined by a space, when it is unmistakably
    hard-wrapped (see the module's docstring); otherwise `text` itself.

    `first_column` is where `text` starts on its first line in the file (after a dateline
    taken off the top), so that line is measured as wide as it was wrapped.
    """
    pieces = _LINE_BREAK.split(text)
    lines, breaks = pieces[0::2], pieces[1::2]
    joined = _wrapped_lines([" " * first_column + lines[0], *lines[1:]])
    out: list[str] = []
    for i, line in enumerate(lines):
        if i - 1 in joined:
            line = line.lstrip(" \t")
        if i in joined:
            line = line.rstrip(" \t")
            glued = _HYPHEN_END.search(line) and not _SUSPENDED.match(lines[i + 1])
            out.append(line if glued else line + " ")
        else:
            out.append(line + (breaks[i] if i < len(breaks) else ""))
    return "".join(out)


def _wrapped_lines(lines: list[str]) -> set[int]:
    """The indexes of the lines whose line break is a wrap, or none when the text is not
    unmistakably hard-wrapped."""
    paragraphs = _paragraphs(lines)
    inner = [i for para in paragraphs for i in para[:-1]]  # lines followed by another
    if not inner:
        return set()
    width = max(_width(lines[i]) for i in inner)
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return set()
    if any(_width(line) > width + WIDTH_SLACK for line in lines):
        return set()
    wrapped = [i for para in paragraphs if _is_wrapped(lines, para, width) for i in para[:-1]]
    phrase_breaks = sum(_breaks_at_phrase(lines[i], lines[i + 1]) for i in wrapped)
    if (
        len(wrapped) < MIN_WRAPPED_BREAKS
        or len(wrapped) < MIN_WRAPPED_SHARE * len(inner)
        or phrase_breaks > MAX_PHRASE_BREAKS * len(wrapped)
    ):
        return set()
    return set(wrapped)


def _paragraphs(lines: list[str]) -> list[list[int]]:
    """The indexes of the lines of each paragraph (runs of non-blank lines)."""
    paragraphs: list[list[int]] = [[]]
    for i, line in enumerate(lines):
        if line.strip():
            paragraphs[-1].append(i)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [para for para in paragraphs if para]


def _is_wrapped(lines: list[str], para: list[int], width: int) -> bool:
    """Whether every line of this paragraph but the last is full, and it is no list or table."""
    if any(_TABLE_ROW.search(lines[i]) for i in para):
        return False
    if sum(bool(_MARKED.match(lines[i])) for i in para) > MAX_MARKED_LINES:
        return False
    return all(_is_full(lines[i], lines[i + 1], width) for i in para[:-1])


def _is_full(line: str, following: str, width: int) -> bool:
    """Whether the first word of `following` would (nearly) not have fitted on `line`."""
    next_word = following.split(maxsplit=1)[0] if following.strip() else ""
    return _width(line) + 1 + len(next_word) >= FULL_SHARE * width


def _breaks_at_phrase(line: str, following: str) -> bool:
    return bool(_CLAUSE_END.search(line)) or following.lstrip()[:1].isupper()


def _width(line: str) -> int:
    return len(line.rstrip())
