"""The snapping rule: whitespace trimmed, cut words completed, punctuation kept as selected."""

import pytest

from annotator.core.selection import snap_selection, word_edges

TEXT = "“We will not wait,” said Ana Ruiz’s deputy, Dr. Lee 🦊 Park, on Monday.\nIt rained."


def snapped(start_words: str, end_words: str) -> str | None:
    """Snap a selection from the start of `start_words` to the end of `end_words`."""
    start = TEXT.index(start_words)
    end = TEXT.index(end_words) + len(end_words)
    result = snap_selection(TEXT, start, end)
    return None if result is None else TEXT[result[0] : result[1]]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("ill not", "wai", "will not wait"),  # cut words at both ends are completed
        (" said", "said ", "said"),  # whitespace at both ends is trimmed
        ("Ana", "Ana", "Ana"),  # the possessive stays outside: ’ is a word edge
        ("“We", "wait,”", "“We will not wait,”"),  # quote marks only when selected
        ("We", "wait", "We will not wait"),
        ("Lee", "Par", "Lee 🦊 Park"),  # an emoji is one character, not a word part
        ("Monday", "rained", "Monday.\nIt rained"),  # across a paragraph break
    ],
)
def test_a_selection_snaps_to_word_edges(start, end, expected):
    assert snapped(start, end) == expected


def test_an_empty_or_blank_selection_gives_nothing():
    space = TEXT.index(" said")
    assert snap_selection(TEXT, space, space) is None
    assert snap_selection(TEXT, space, space + 1) is None


def test_a_backwards_selection_is_the_same_selection():
    start, end = TEXT.index("said"), TEXT.index("said") + 4
    assert snap_selection(TEXT, end, start) == (start, end)


def test_word_edges_step_one_token_at_a_time():
    said = TEXT.index("said")
    assert TEXT[said : word_edges(TEXT, said + 4, +1)] == "said Ana"
    assert TEXT[word_edges(TEXT, said, -1) : said] == "” "  # a quote mark is a token
    deputy_end = TEXT.index("deputy") + len("deputy")
    assert word_edges(TEXT, deputy_end, +1) == deputy_end + 1  # the comma
