"""Constructions of news reporting the attribution component learnt from real articles
(all sentences here are invented)."""

import pytest

from annotator.nlp.pipeline import SPEAKERS


@pytest.fixture(scope="module")
def nlp(nlp):
    """The shared pipeline with the attribution component alone (no speaker resolution)."""
    with nlp.select_pipes(disable=[SPEAKERS]):
        yield nlp


def found(nlp, text):
    return [
        (s.source.text if s.source else None, s.cue.text, [c.text for c in s.content])
        for s in nlp(text)._.statements
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The mayor has railed against the new parking fees.",
            ("The mayor", "has railed against", ["the new parking fees"]),
        ),
        ("She boasted of her record on schools.", ("She", "boasted of", ["her record on schools"])),
    ],
)
def test_a_preposition_after_a_stance_verb_names_its_topic(nlp, text, expected):
    assert found(nlp, text) == [expected]


def test_a_time_after_the_verb_is_no_topic(nlp):
    assert found(nlp, "The mayor spoke on Tuesday about the fees.") == [
        ("The mayor", "spoke", ["the fees"])
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The mayor called on the council to cut the fees.",
            ("The mayor", "called on", ["the council to cut the fees"]),
        ),
    ],
)
def test_an_infinitive_after_the_object_belongs_to_the_content(nlp, text, expected):
    assert found(nlp, text) == [expected]


def test_said_of_keeps_the_quote_as_content_and_of_out_of_the_cue(nlp):
    assert found(nlp, "“It is a fine harbor,” he said of the port.") == [
        ("he", "said", ["“It is a fine harbor,”"])
    ]


def test_a_bare_word_in_a_headline_is_no_cue_verb(nlp):
    text = "Marsh Surges To A 12 Point Lead In Harbor Poll\n\nThe count ended at noon."
    assert found(nlp, text) == []


def test_a_contracted_copula_before_according_to_joins_the_cue(nlp):
    assert found(nlp, "That’s according to a survey of harbor pilots.") == [
        ("a survey of harbor pilots", "’s according to", ["That"])
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He went on to say that the fees would rise.",
            ("He", "went on to say", ["the fees would rise"]),
        ),
        (
            "Sailors are more likely to say that the harbor is safe.",
            ("Sailors", "are more likely to say", ["the harbor is safe"]),
        ),
    ],
)
def test_a_governor_that_is_no_cue_opens_an_infinitive_cue(nlp, text, expected):
    assert found(nlp, text) == [expected]


def test_an_infinitive_after_a_verb_of_need_is_no_statement(nlp):
    assert found(nlp, "She has to say goodbye to the crew.") == []
