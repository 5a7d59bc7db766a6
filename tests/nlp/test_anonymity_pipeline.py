"""Anonymity through the full pipeline: the classes of the spec, and the stated reason for
anonymity, which is the source's and never a statement or a content of its own.

All sentences are invented.
"""

import pytest

from annotator.core.model import Anonymity, SourceKind


def statements_of(doc):
    return [
        (s.source.text if s.source else None, s.cue.text, [c.text for c in s.content])
        for s in doc._.statements
    ]


def source_of(doc, mention: str):
    """The source of the statement whose local source starts with `mention`."""
    statement = next(s for s in doc._.statements if s.source and s.source.text.startswith(mention))
    return next(s for s in doc._.sources if s.id == statement.source_id)


@pytest.mark.parametrize(
    ("text", "mention", "reason"),
    [
        (
            "A senior official, who asked not to be named, said the talks had stalled.",
            "A senior official",
            "who asked not to be named",
        ),
        (
            "A resident, who declined to give her name, said the water was brown.",
            "A resident",
            "who declined to give her name",
        ),
        (
            "An aide said the plan was dead, speaking on condition of anonymity because he "
            "was not authorised to discuss the matter.",
            "An aide",
            "speaking on condition of anonymity because he was not authorised to discuss the "
            "matter",
        ),
        (
            "A prison officer, who requested anonymity because he feared reprisals, said the "
            "cells were full.",
            "A prison officer",
            "who requested anonymity because he feared reprisals",
        ),
        (
            "A police officer said the suspect had fled, adding that he was not authorised to "
            "discuss the matter.",
            "A police officer",
            "he was not authorised to discuss the matter",
        ),
    ],
)
def test_a_stated_reason_is_the_sources_and_no_statement(nlp, text, mention, reason):
    doc = nlp(text)
    assert len(doc._.statements) == 1, statements_of(doc)
    source = source_of(doc, mention)
    assert source.anonymity == Anonymity.ANONYMOUS
    assert source.descriptors.reason == reason


def test_a_reason_ends_where_the_statement_goes_on(nlp):
    doc = nlp("A diplomat who spoke on condition of anonymity said the ceasefire would hold.")
    [statement] = doc._.statements
    assert [c.text for c in statement.content] == ["the ceasefire would hold"]
    assert source_of(doc, "A diplomat").descriptors.reason == "who spoke on condition of anonymity"
    doc = nlp("An official said on condition of anonymity that the talks had failed.")
    assert source_of(doc, "An official").descriptors.reason == "on condition of anonymity"


def test_a_content_ends_before_a_reason_that_closes_it(nlp):
    doc = nlp("A senior executive said the factory would close, on condition that he not be named.")
    [statement] = doc._.statements
    assert [c.text for c in statement.content] == ["the factory would close"]
    reason = source_of(doc, "A senior executive").descriptors.reason
    assert reason == "on condition that he not be named"


def test_a_reason_inside_what_someone_said_is_not_theirs(nlp):
    doc = nlp("Mayor Ilse Brandt said the contractor was not authorised to discuss the matter.")
    source = source_of(doc, "Mayor Ilse Brandt")
    assert source.anonymity == Anonymity.NAMED and source.descriptors.reason is None


def test_a_reason_in_a_sentence_of_its_own_is_the_unnamed_speakers(nlp):
    doc = nlp(
        "An aide said the plan was dead. He spoke on condition of anonymity because he was "
        "not authorized to discuss internal deliberations."
    )
    assert len(doc._.statements) == 1, statements_of(doc)
    assert source_of(doc, "An aide").descriptors.reason.startswith("spoke on condition")
    doc = nlp(
        "Mayor Ilse Brandt said the pool would reopen. A clerk asked not to be named in the "
        "minutes."
    )
    assert source_of(doc, "Mayor Ilse Brandt").descriptors.reason is None


def test_a_reason_goes_to_the_speaker_it_describes(nlp):
    doc = nlp(
        "Critics said the verdict was a scandal, while two jurors, who asked not to be "
        "identified, said the evidence had been thin."
    )
    assert source_of(doc, "Critics").descriptors.reason is None
    assert source_of(doc, "two jurors").descriptors.reason == "who asked not to be identified"


@pytest.mark.parametrize(
    "text",
    [
        "The city council said on Monday that the budget would be cut.",
        "The national rail union said the strike would go ahead.",
        "The hospital said the patient was stable.",
        "Police said the driver had been taken to hospital.",
        "The prime minister said the country would not be intimidated.",
    ],
)
def test_an_institution_or_office_is_named_by_what_it_is(nlp, text):
    [source] = nlp(text)._.sources
    assert source.anonymity == Anonymity.NAMED and source.entity is None


def test_an_institution_that_refers_back_to_an_unnamed_speaker_stays_unnamed(nlp):
    doc = nlp(
        "A group of residents, who asked not to be named, said the plant leaked. "
        "The group said it would sue."
    )
    assert source_of(doc, "The group") is source_of(doc, "A group of residents")
    assert source_of(doc, "The group").anonymity == Anonymity.ANONYMOUS


def test_a_counted_speaker_no_lexicon_knows_is_someone_and_its_noun_the_role(nlp):
    doc = nlp(
        "One juror, speaking to reporters, said the deliberations had been tense. "
        "The juror added that the verdict was fair."
    )
    juror = source_of(doc, "One juror")
    assert juror.anonymity == Anonymity.ANONYMOUS and juror.kind == SourceKind.PERSON
    assert (juror.descriptors.role, juror.descriptors.count) == ("juror", 1)
    assert source_of(doc, "The juror") is juror


@pytest.mark.parametrize(
    "text",
    [
        "Critics said the plan was rushed.",
        "Commentators said the speech had fallen flat.",
        "Many shoppers said prices had doubled.",
        "The press reported that the minister had resigned.",
        "Officials said the road would reopen on Monday.",
    ],
)
def test_a_generic_collective_is_vague(nlp, text):
    [source] = nlp(text)._.sources
    assert source.anonymity == Anonymity.VAGUE


def test_a_relative_pronoun_is_the_source_that_holds_it(nlp):
    doc = nlp(
        "“The accounts were opened in March,” said one source who identified Farrow but "
        "spoke on the condition of anonymity because of the sensitivity of the case."
    )
    sources = {s.source_id for s in doc._.statements}
    assert len(sources) == 1
    [source] = doc._.sources
    assert source.anonymity == Anonymity.ANONYMOUS
    assert source.descriptors.reason == (
        "spoke on the condition of anonymity because of the sensitivity of the case"
    )


def test_a_relative_clause_reason_is_about_the_noun_it_describes(nlp):
    # The parse makes the newspaper the speaker; the reason is the analyst's, not its.
    doc = nlp(
        "“Prices will fall,” an analyst, who was not authorized to speak on the record, "
        "told the Kelby Courier."
    )
    for source in doc._.sources:
        reason = source.descriptors.reason
        assert reason is None or any(m.text.startswith("an analyst") for m in source.mentions)


def test_anonymity_that_no_one_asks_for_is_no_reason(nlp):
    doc = nlp(
        "Many owners lease their planes, a broker said. But anonymity is not the mayor's style."
    )
    assert all(s.descriptors.reason is None for s in doc._.sources)


def test_a_member_of_a_party_or_nation_is_not_the_party(nlp):
    doc = nlp("A Republican who requested anonymity said the race was over.")
    [source] = doc._.sources
    assert source.anonymity == Anonymity.ANONYMOUS and source.entity is None
    assert source.descriptors.reason.startswith("who requested anonymity")
