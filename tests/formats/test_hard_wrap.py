"""Hard-wrapped plain text: wrapped lines joined only when the wrapping is unmistakable.

Invented articles, wrapped the way a text editor, a mail client or textwrap does it.
"""

import textwrap

import pytest

from annotator.formats.hard_wrap import unwrap_hard_wrapped

PARAGRAPHS = [
    "Work on the Portvale bridge is almost finished. The spokeswoman for the city council "
    "said on Monday that the bridge would reopen to traffic in May, after two years of "
    "repairs that had cost far more than planned.",
    "A senior official in the ministry of finance told reporters that taxes would rise next "
    "year to pay for the work, and that the toll on lorries would stay in place until the "
    "debt was repaid.",
    "Residents who live near the river said the closure had doubled the time it took them to "
    "reach the market on the other bank.",
]
#: What web extraction gives: each paragraph one long line.
FLAT = "\n\n".join(PARAGRAPHS) + "\n"

# Typed by hand: "well-" ends a full line, as a wrapper that breaks at hyphens leaves it.
HYPHENATED = """\
The cost worried the capital as well. A senior official in the ministry of
finance told reporters on Tuesday that taxes would rise, and that the well-
known toll on lorries would stay in place until the debt was repaid.

Residents who live near the river said the closure had doubled the time
it took them to reach the market on the other bank.
"""


def _wrapped(paragraphs: list[str], width: int) -> str:
    return "\n\n".join(textwrap.fill(p, width) for p in paragraphs) + "\n"


@pytest.mark.parametrize("width", [60, 72, 80])
def test_a_hard_wrapped_article_gets_its_paragraphs_back(width):
    wrapped = _wrapped(PARAGRAPHS, width)
    assert len(wrapped.splitlines()) >= 9  # really wrapped
    assert unwrap_hard_wrapped(wrapped) == FLAT


def test_a_word_broken_at_its_hyphen_keeps_the_hyphen_and_nothing_is_de_hyphenated():
    unwrapped = unwrap_hard_wrapped(HYPHENATED)
    assert "the well-known toll" in unwrapped
    assert "in the ministry of finance told" in unwrapped
    assert unwrapped.count("\n\n") == 1 and unwrapped.count("\n") == 3


def test_a_suspended_hyphen_at_a_wrap_keeps_its_space():
    wrapped = HYPHENATED.replace(
        "well-\nknown toll on lorries would stay in place",
        "low-\nand middle-income toll on lorries would stay",
    )
    unwrapped = unwrap_hard_wrapped(wrapped)
    assert "the low- and middle-income toll" in unwrapped


def test_crlf_line_ends_are_joined_and_the_blank_lines_between_paragraphs_stay():
    wrapped = _wrapped(PARAGRAPHS, 72).replace("\n", "\r\n")
    assert unwrap_hard_wrapped(wrapped) == FLAT.replace("\n", "\r\n")


def test_the_trailing_space_of_flowed_mail_does_not_double_the_space():
    """Format=flowed mail ends each wrapped line with a space, each paragraph without."""
    wrapped = "\n\n".join(textwrap.fill(p, 72).replace("\n", " \n") for p in PARAGRAPHS) + "\n"
    assert wrapped.count(" \n") == 5
    assert unwrap_hard_wrapped(wrapped) == FLAT


@pytest.mark.parametrize(
    "text",
    [
        FLAT,  # web extraction: long single-line paragraphs
        FLAT.replace("\n\n", "\n"),  # the same without blank lines between them
        "\n".join(textwrap.fill(p, 72) for p in PARAGRAPHS[:1]).replace("\n", " ", 1),
        # one short wrapped sentence is not unmistakable
        "The mayor said on Monday that\nthe bridge would close.\n",
    ],
)
def test_text_that_is_not_unmistakably_wrapped_is_left_exactly_as_it_is(text):
    assert unwrap_hard_wrapped(text) == text


LIST = """\
The council listed what the repairs will cost:
- steel for the deck and the two approach spans
- labour, paid at the rates agreed with the union in 2024
- the temporary ferry, which ran for fourteen months"""
POEM = """\
The river keeps the bridge's shadow,
the bridge keeps the river's sound;
the town keeps both, and counts the cost
of every stone that went aground."""
ADDRESS = """\
Portvale City Council
Office of the Spokeswoman
12 Harbour Road
Portvale PV1 2AB"""
TABLE = """\
Item                  Budget      Spent
Deck steel            4.1m        5.3m
Approach spans        2.0m        2.2m
Temporary ferry       0.6m        0.9m"""
PIPE_TABLE = """\
| Item | Budget | Spent | Who approved the spending in the council and when |
| Deck steel for the main span | 4.1m | 5.3m | the finance committee in March |
| Approach spans on both banks | 2.0m | 2.2m | the full council in June 2024 |"""
TWEET = """\
@PortvaleCouncil: Bridge reopens in May!
Thanks to everyone for your patience.
#Portvale #bridge"""
QUOTED_MAIL = """\
> The spokeswoman for the city council said on Monday that the bridge would
> reopen to traffic in May, after two years of repairs that had cost more
> than planned, and that the toll would stay."""


@pytest.mark.parametrize("block", [LIST, POEM, ADDRESS, TABLE, PIPE_TABLE, TWEET, QUOTED_MAIL])
def test_a_list_poem_address_table_tweet_or_quote_inside_a_wrapped_article_is_kept(block):
    wrapped = _wrapped(PARAGRAPHS, 72)
    first, rest = wrapped.split("\n\n", 1)
    text = f"{first}\n\n{block}\n\n{rest}"
    unwrapped = unwrap_hard_wrapped(text)
    assert f"\n\n{block}\n\n" in unwrapped
    assert unwrapped.replace(f"{block}\n\n", "") == FLAT


@pytest.mark.parametrize("block", [LIST, POEM, ADDRESS, TABLE, PIPE_TABLE, TWEET, QUOTED_MAIL])
def test_a_list_poem_address_table_tweet_or_quote_alone_is_kept(block):
    assert unwrap_hard_wrapped(block) == block
    twice = f"{block}\n\n{block}\n"
    assert unwrap_hard_wrapped(twice) == twice


def test_a_line_much_wider_than_the_wrap_means_the_text_is_not_wrapped():
    text = _wrapped(PARAGRAPHS[:2], 72) + "\n" + PARAGRAPHS[2] + " " + PARAGRAPHS[2] + "\n"
    assert unwrap_hard_wrapped(text) == text
