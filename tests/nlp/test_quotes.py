"""Quote pairing: curly and straight marks, quotes over paragraphs, unbalanced marks."""

from annotator.nlp.attribution.quotes import find_quotes


def quoted(text):
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_curly_and_straight_quotes_are_paired():
    text = 'He said “we will win” and she said "no way".'
    assert quoted(text) == ["“we will win”", '"no way"']


def test_a_quote_split_by_its_cue_gives_two_quotes():
    text = "“We will win,” he said, “and nobody can stop us.”"
    assert quoted(text) == ["“We will win,”", "“and nobody can stop us.”"]


def test_a_quote_left_open_at_a_paragraph_end_continues_in_the_next():
    text = "She said: “We are ready.\n\n“Nobody can stop us.” Then she left."
    assert quoted(text) == ["“We are ready.\n\n“Nobody can stop us.”"]


def test_an_unclosed_quote_never_swallows_the_next_paragraph():
    text = "He said “we will.\n\nThe weather was fine. Later “yes” she said."
    assert quoted(text) == ["“yes”"]


def test_stray_closing_marks_and_empty_text_give_nothing():
    assert quoted("”odd” text”") == []
    assert quoted("") == []


def test_long_single_line_with_many_marks_is_handled():
    text = "“a” b " * 50_000
    assert len(find_quotes(text)) == 50_000
