"""Named, anonymous or vague, read from the words of one mention, and its descriptors."""

from dataclasses import fields

import pytest

from annotator.core.model import Anonymity
from annotator.nlp.anonymity import classify_mention, describe, reason_in
from annotator.nlp.speakers_lexicons import SpeakerLexicons


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
