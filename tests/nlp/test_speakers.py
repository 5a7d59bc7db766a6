"""The speaker component on the real spaCy model, with the statements set by hand.

The attribution component is not the point here: each test gives the local source mentions
itself and checks who they resolve to.
"""

from dataclasses import fields, replace

import pytest

from annotator.core.model import Anonymity, SourceKind, Span, Statement
from annotator.nlp.lexicons.speakers import SpeakerLexicons
from annotator.nlp.pipeline import PIPELINE_COMPONENTS
from annotator.nlp.speakers.component import FACTORY, SpeakerResolver


@pytest.fixture(scope="module")
def base(nlp):
    """The shared pipeline without our components: each test sets the statements itself."""
    with nlp.select_pipes(disable=list(PIPELINE_COMPONENTS)):
        yield nlp


def find(text: str, fragment: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
        assert start >= 0, fragment
    return Span.of(text, start, start + len(fragment))


def resolve(base, text: str, *triples, resolver=None):
    """Run the speaker component on `text` with statements (source, cue, content); a
    source or cue given as (fragment, occurrence) picks a later occurrence."""
    doc = base(text)
    statements = []
    for number, (source, cue, content) in enumerate(triples, start=1):
        statements.append(
            Statement(
                id=f"q{number}",
                source=None if source is None else find(text, *_pair(source)),
                cue=find(text, *_pair(cue)),
                content=[find(text, *_pair(content))],
            )
        )
    doc._.statements = statements
    (resolver or base.get_pipe(FACTORY))(doc)
    return doc


def _pair(fragment):
    return fragment if isinstance(fragment, tuple) else (fragment, 0)


def speaker(doc, statement_id):
    statement = next(s for s in doc._.statements if s.id == statement_id)
    return next(s for s in doc._.sources if s.id == statement.source_id)


def test_ids_follow_first_mentions_and_every_statement_is_linked(base):
    text = "Hamas said the talks failed. An official said the talks went on."
    doc = resolve(
        base,
        text,
        ("Hamas", "said", "the talks failed"),
        ("An official", ("said", 1), "the talks went on"),
    )
    assert [s.id for s in doc._.sources] == ["s1", "s2"]
    assert [s.source_id for s in doc._.statements] == ["s1", "s2"]


def test_he_is_the_most_recent_singular_person_speaker(base):
    text = (
        "The official said the talks failed. Hamas said the truce holds. "
        "He added that mediators left."
    )
    doc = resolve(
        base,
        text,
        ("The official", "said", "the talks failed"),
        ("Hamas", ("said", 1), "the truce holds"),
        ("He", "added", "mediators left"),
    )
    assert speaker(doc, "q3") is speaker(doc, "q1")
    assert [m.text for m in speaker(doc, "q1").mentions] == ["The official", "He"]


def test_it_and_the_movement_are_the_organisation(base):
    text = (
        "Hamas said the truce holds. Tamim Khallaf said the border is open. "
        "The movement added that talks go on. It also said prisoners will be freed."
    )
    doc = resolve(
        base,
        text,
        ("Hamas", "said", "the truce holds"),
        ("Tamim Khallaf", ("said", 1), "the border is open"),
        ("The movement", "added", "talks go on"),
        ("It", ("said", 2), "prisoners will be freed"),
    )
    hamas = speaker(doc, "q1")
    assert speaker(doc, "q3") is hamas and speaker(doc, "q4") is hamas
    assert hamas.kind == SourceKind.ORGANISATION and hamas.entity == "Hamas"
    assert hamas.anonymity == Anonymity.NAMED


def test_they_is_the_plural_speaker(base):
    text = "Two diplomats said the talks failed. Khallaf said nothing changed. They added more."
    doc = resolve(
        base,
        text,
        ("Two diplomats", "said", "the talks failed"),
        ("Khallaf", ("said", 1), "nothing changed"),
        ("They", "added", "more"),
    )
    diplomats = speaker(doc, "q1")
    assert speaker(doc, "q3") is diplomats
    assert diplomats.kind == SourceKind.GROUP
    assert diplomats.anonymity == Anonymity.ANONYMOUS
    assert diplomats.descriptors.count == 2 and diplomats.descriptors.role == "diplomat"


def test_a_surname_and_descriptions_link_to_the_full_name(base):
    text = (
        "Egyptian Foreign Ministry spokesman Tamim Khallaf said Gaza is Palestinian. "
        "The official said the occupation must end. The spokesman warned of half-measures. "
        "Khallaf’s comments were reported widely, Khallaf added."
    )
    doc = resolve(
        base,
        text,
        ("Egyptian Foreign Ministry spokesman Tamim Khallaf", "said", "Gaza is Palestinian"),
        ("The official", ("said", 1), "the occupation must end"),
        ("The spokesman", "warned", "of half-measures"),
        (("Khallaf", 2), "added", "Khallaf’s comments were reported widely"),
    )
    khallaf = speaker(doc, "q1")
    assert all(speaker(doc, q) is khallaf for q in ("q2", "q3", "q4"))
    assert khallaf.entity == "Tamim Khallaf" and khallaf.kind == SourceKind.PERSON
    assert khallaf.descriptors.role == "spokesman"
    assert [m.text for m in khallaf.mentions][-2:] == ["Khallaf", "Khallaf"]


def test_two_descriptions_of_one_unnamed_official_are_one_anonymous_source(base):
    text = (
        "A Palestinian leader has confirmed that talks reached a deadlock. "
        "Speaking to regional media, an unnamed senior Palestinian official stated that "
        "the meetings failed."
    )
    doc = resolve(
        base,
        text,
        ("A Palestinian leader", "confirmed", "talks reached a deadlock"),
        ("an unnamed senior Palestinian official", "stated", "the meetings failed"),
    )
    [source] = doc._.sources
    assert source.anonymity == Anonymity.ANONYMOUS and source.entity is None
    d = source.descriptors
    assert (d.role, d.affiliation, d.seniority, d.count) == ("official", "Palestinian", "senior", 1)
    assert source.name == "an unnamed senior Palestinian official"


def test_another_source_is_a_different_speaker(base):
    text = "A diplomat said the talks failed. Another diplomat said they went on."
    doc = resolve(
        base,
        text,
        ("A diplomat", "said", "the talks failed"),
        ("Another diplomat", ("said", 1), "they went on"),
    )
    assert len(doc._.sources) == 2


def test_sources_said_is_vague_and_a_passive_statement_gets_the_unattributed_source(base):
    text = "Sources said the deal is close. It was reported that talks resume."
    doc = resolve(
        base,
        text,
        ("Sources", "said", "the deal is close"),
        (None, "was reported", "talks resume"),
    )
    assert speaker(doc, "q1").anonymity == Anonymity.VAGUE
    unattributed = speaker(doc, "q2")
    assert unattributed.anonymity == Anonymity.VAGUE and unattributed.mentions == []


def test_unattributed_statements_can_stay_unlinked(base):
    text = "It was reported that talks resume."
    resolver = SpeakerResolver("speakers", SpeakerLexicons.load(), link_unattributed=False)
    doc = resolve(base, text, (None, "was reported", "talks resume"), resolver=resolver)
    assert doc._.sources == [] and doc._.statements[0].source_id is None


def test_the_stated_reason_for_anonymity_is_kept(base):
    text = "A senior official, who was not authorised to speak publicly, said the deal is dead."
    doc = resolve(base, text, ("A senior official", "said", "the deal is dead"))
    [source] = doc._.sources
    assert source.descriptors.reason == "who was not authorised to speak publicly"
    assert source.anonymity == Anonymity.ANONYMOUS


def test_no_statements_no_sources(base):
    doc = resolve(base, "Nothing was said here.")
    assert doc._.sources == []


def test_a_user_lexicon_adds_roles(base, tmp_path):
    shipped = SpeakerLexicons.load()
    roles = {**shipped.roles, "whistleblower": "whistleblower"}
    replace(shipped, roles=roles).to_disk(tmp_path)
    resolver = base.create_pipe(FACTORY, config={"lexicon_dir": str(tmp_path)})
    text = "A whistleblower said the files were shredded."
    doc = resolve(
        base, text, ("A whistleblower", "said", "the files were shredded"), resolver=resolver
    )
    [source] = doc._.sources
    assert source.descriptors.role == "whistleblower"
    assert source.anonymity == Anonymity.ANONYMOUS


def test_the_component_saves_and_loads_its_lexicons(base, tmp_path):
    resolver = base.get_pipe(FACTORY)
    resolver.to_disk(tmp_path)
    other = SpeakerResolver("copy", SpeakerLexicons.load(tmp_path / "missing"))
    other.from_disk(tmp_path)
    for f in fields(SpeakerLexicons):
        assert getattr(other.lexicons, f.name) == getattr(resolver.lexicons, f.name)


def test_a_pronoun_with_no_earlier_speaker_stands_for_the_person_named_before(base):
    text = "Tobias Wrenfield arrived in Kelby by train. He said the harbor is busy."
    doc = resolve(base, text, ("He", "said", "the harbor is busy"))
    [source] = doc._.sources
    assert source.entity == "Tobias Wrenfield" and source.anonymity == Anonymity.NAMED
    assert [m.text for m in source.mentions] == ["Tobias Wrenfield", "He"]


def test_a_new_subject_takes_over_from_the_last_speaker(base):
    text = (
        "An official said the talks failed. Later, David Marlowe arrived in Kelby. "
        "He said the talks went on."
    )
    doc = resolve(
        base,
        text,
        ("An official", "said", "the talks failed"),
        ("He", ("said", 1), "the talks went on"),
    )
    assert speaker(doc, "q2").entity == "David Marlowe"


def test_a_name_inside_the_quote_is_not_the_speaker(base):
    text = "“Farrow is wrong about everything,” he said."
    doc = resolve(base, text, ("he", "said", "“Farrow is wrong about everything,”"))
    [source] = doc._.sources
    assert source.entity is None and source.anonymity == Anonymity.VAGUE


def test_who_without_a_relative_clause_ends(base):
    # "who" heads no relative clause here: the search for its noun must stop at the root.
    text = "Nobody knows who said the deal is dead."
    doc = resolve(base, text, ("who", "said", "the deal is dead"))
    assert len(doc._.sources) == 1


def test_who_stands_for_the_noun_its_clause_describes(base):
    text = "It was a plan by opposition leader Yair Lapid, who suggested that Egypt take Gaza."
    doc = resolve(base, text, ("who", "suggested", "Egypt take Gaza"))
    [source] = doc._.sources
    assert source.entity == "Yair Lapid"
    assert [m.text for m in source.mentions] == ["Yair Lapid", "who"]


def test_a_surname_does_not_merge_two_people_of_one_family(base):
    text = (
        "Mary Hollins said the plan works. Jenny Hollins’s school was closed. "
        "Hollins added that it is fair. O'Neill said nothing. James O’Neill said more."
    )
    doc = resolve(
        base,
        text,
        ("Mary Hollins", "said", "the plan works"),
        (("Hollins", 2), "added", "it is fair"),
        ("O'Neill", ("said", 1), "nothing"),
        ("James O’Neill", ("said", 2), "more"),
    )
    hollins = speaker(doc, "q1")
    assert speaker(doc, "q2") is hollins and hollins.entity == "Mary Hollins"
    assert all("Jenny" not in m.text for m in hollins.mentions)
    assert speaker(doc, "q3") is speaker(doc, "q4")  # ’ and ' are the same apostrophe


def test_a_name_in_apposition_names_the_description(base):
    text = "The minister of the islands, Odran Vaskel, said that catches will grow."
    doc = resolve(
        base, text, ("The minister of the islands, Odran Vaskel,", "said", "catches will grow")
    )
    [source] = doc._.sources
    assert source.entity == "Odran Vaskel" and source.anonymity == Anonymity.NAMED


def test_a_judge_is_not_the_court(base):
    text = "A Dalmora County court judge said the ban stands. The appeals court said it falls."
    doc = resolve(
        base,
        text,
        ("A Dalmora County court judge", "said", "the ban stands"),
        ("The appeals court", ("said", 1), "it falls"),
    )
    assert speaker(doc, "q1") is not speaker(doc, "q2")


def test_she_skips_a_speaker_known_to_be_male(base):
    text = "Mrs. Vandermeer said taxes will rise. Mr. Ostrow said they will fall. She added more."
    doc = resolve(
        base,
        text,
        ("Mrs. Vandermeer", "said", "taxes will rise"),
        ("Mr. Ostrow", ("said", 1), "they will fall"),
        ("She", "added", "more"),
    )
    assert speaker(doc, "q3") is speaker(doc, "q1")
