"""Named, anonymous or vague, read from the words of one mention, and its descriptors."""

from dataclasses import fields, replace

import pytest

from annotator.core.model import Anonymity
from annotator.nlp.lexicons.speakers import SpeakerLexicons
from annotator.nlp.speakers.anonymity import ReasonFinder, classify_mention, describe, reason_in


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("A Palestinian leader", Anonymity.ANONYMOUS),
        ("an unnamed senior Palestinian official", Anonymity.ANONYMOUS),
        ("two diplomats", Anonymity.ANONYMOUS),
        ("people familiar with the matter", Anonymity.ANONYMOUS),
        ("Palestinian officials", Anonymity.ANONYMOUS),
        ("sources", Anonymity.VAGUE),
        ("experts", Anonymity.VAGUE),
        ("Tamim Khallaf", Anonymity.NAMED),
        ("Hamas", Anonymity.NAMED),
        ("the Hamas movement", Anonymity.NAMED),
        ("Egyptian Foreign Ministry spokesman Tamim Khallaf", Anonymity.NAMED),
        ("Corwin Adler, one of the governor's aides", Anonymity.NAMED),
        # Pronouns and definite descriptions refer back: alone they cannot tell.
        ("He", None),
        ("The Palestinian leader", None),
        ("the spokesman", None),
        # Not a person: a poll or an ad is no anonymous speaker.
        ("a new poll", None),
        ("", None),
    ],
)
def test_classify_mention(mention, expected):
    assert classify_mention(mention) == expected


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        # An institution, organisation or unique office is named by what it is.
        ("The city council", Anonymity.NAMED),
        ("the national rail union", Anonymity.NAMED),
        ("Police", Anonymity.NAMED),
        ("the prime minister", Anonymity.NAMED),
        ("The county's police chief", Anonymity.NAMED),
        # A number, or a phrase that singles people out: someone the reporter has in mind.
        ("a resident", Anonymity.ANONYMOUS),
        ("three people familiar with the plan", Anonymity.ANONYMOUS),
        ("sources close to the minister", Anonymity.ANONYMOUS),
        ("Senior ministry officials", Anonymity.ANONYMOUS),
        # A generic or unspecified collective, whatever its qualifier.
        ("Critics", Anonymity.VAGUE),
        ("many voters", Anonymity.VAGUE),
        ("American voters", Anonymity.VAGUE),
        ("the press", Anonymity.VAGUE),
        ("Officials", Anonymity.VAGUE),
        ("some analysts", Anonymity.VAGUE),
        # A plural role the words cannot single out stays open to the parse.
        ("the officials", None),
    ],
)
def test_the_classes_of_the_spec(mention, expected):
    assert classify_mention(mention) == expected


def test_a_parse_that_sees_no_proper_name_overrules_a_capital_letter():
    assert classify_mention("Pensioners") == Anonymity.NAMED  # a capital: maybe a name
    assert classify_mention("Pensioners", names=False) is None  # the noun decides
    assert classify_mention("Palestinian officials", names=False) == Anonymity.ANONYMOUS
    assert classify_mention("Hamas militants", names=True) == Anonymity.NAMED


def test_descriptors_of_an_unnamed_official():
    d = describe("an unnamed senior Palestinian official")
    assert (d.role, d.seniority, d.count) == ("official", "senior", 1)


def test_descriptors_count_plural_speakers():
    assert describe("two diplomats").count == 2
    assert describe("officials familiar with the talks").count is None


def test_reason_runs_to_the_end_of_its_clause():
    text = "A senior official, who was not authorised to speak publicly, said it failed."
    assert reason_in(text) == "who was not authorised to speak publicly"
    text = "An aide said, speaking on condition of anonymity because talks continue."
    assert reason_in(text) == "speaking on condition of anonymity because talks continue"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "A resident, who declined to give her name, said it was brown.",
            "who declined to give her name",
        ),
        ("A diplomat who spoke on condition of anonymity said it held.", None),
        (
            "One official said it was made weeks ago, adding that he wasn’t authorized to "
            "discuss it.",
            "he wasn’t authorized to discuss it",
        ),
        (
            "A mother, who asked that her name not be used, said she left.",
            "who asked that her name not be used",
        ),
        (
            "She asked not to be named for fear of losing her job.",
            "asked not to be named for fear of losing her job",
        ),
        (
            "A senior executive said it would close, on condition that he not be named.",
            "on condition that he not be named",
        ),
        ("An official said on condition of anonymity that the talks failed.", None),
    ],
)
def test_a_reason_is_its_clause_from_the_word_that_opens_it(text, reason):
    found = reason_in(text)
    if reason is None:  # the clause ends at the cue, or at the content it introduces
        assert found is not None and not found.endswith(("said it held", "the talks failed"))
    else:
        assert found == reason


def test_reason_frames_have_optional_words_alternatives_and_classes():
    finder = ReasonFinder(
        ["<pron> = he | she | they", "[<pron>] was|were not cleared to", "on [the] record"]
    )
    text = "because she was not cleared to talk, off the record"
    [reason] = finder.find(text)
    assert text[reason.start : reason.end] == "because she was not cleared to talk"
    assert finder.search("They were not cleared to speak.")
    assert not finder.search("He was cleared to speak.")
    assert finder.search("speaking on record")


def test_a_user_adds_a_reason_frame(tmp_path):
    lexicons = SpeakerLexicons.load()
    text = "A soldier, who gave only his first name for security reasons, said it was cold."
    assert reason_in(text, lexicons) is None
    frames = {**lexicons.reasons, "for security reasons": "for security reasons"}
    replace(lexicons, reasons=frames).to_disk(tmp_path)
    extended = SpeakerLexicons.load(tmp_path)
    assert reason_in(text, extended) == "who gave only his first name for security reasons"


def test_user_lexicons_extend_the_shipped_ones(tmp_path):
    lexicons = SpeakerLexicons.load()
    assert classify_mention("a whistleblower", lexicons) is None
    extended = SpeakerLexicons(
        **{f.name: dict(getattr(lexicons, f.name)) for f in fields(lexicons)}
    )
    extended.roles["whistleblower"] = "whistleblower"
    extended.to_disk(tmp_path)
    reloaded = SpeakerLexicons.load(tmp_path)
    assert reloaded == extended
    assert classify_mention("a whistleblower", reloaded) == Anonymity.ANONYMOUS
