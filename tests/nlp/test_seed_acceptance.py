"""Acceptance: the seed article, through the full pipeline, as a fact-checker reads it.

Every attributed statement of `seeds/000_c4a08ac13a47bd9f.txt` is written out below (source
mention, cue, content), then who each speaker is. Contents are compared as the evaluation's
exact matching does (outer quotes, trailing punctuation and a leading "that" aside).
"""

from pathlib import Path

import pytest

from annotator.core.model import Anonymity, SourceKind
from annotator.formats.text import read_text_document
from annotator.services.evaluation_matching import region

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_c4a08ac13a47bd9f.txt"

#: (source mention, cue, content), in text order; the cue is matched by its last word.
EXPECTED = [
    ("A Palestinian leader", "confirmed", "negotiations in Cairo have reached a deadlock"),
    (
        "an unnamed senior Palestinian official",
        "stated",
        "the meetings, intended to lay the groundwork for the second phase of talks, have failed",
    ),
    (
        "He",
        "noted",
        "mediators failed to persuade the Israeli delegation to participate in the next "
        "phase of negotiations",
    ),
    (
        "The Palestinian leader",
        "stressed",
        "the resistance movement in Gaza will not release any captives without a "
        "comprehensive agreement",
    ),
    (
        "He",
        "explained",
        "Israel violated the agreement by delaying the transition to the second phase of "
        "negotiations",
    ),
    (
        "He",
        "noted",
        "the Israeli occupation regime is attempting to prolong the first phase while "
        "gradually recovering its captives",
    ),
    (
        "The senior official",
        "emphasized",
        "mediators have reported that Israeli political leaders are seeking to extend the "
        "first phase, but only if Hamas releases a certain number of captives",
    ),
    pytest.param(
        "mediators",
        "reported",
        "Israeli political leaders are seeking to extend the first phase, but only if Hamas "
        "releases a certain number of captives",
    ),
    (
        "the Hamas movement",
        "stating",
        "it had “blocked the enemy’s false justifications” and that “the Zionist regime had "
        "no choice” but to begin negotiations for the second phase",
    ),
    (
        "Hamas",
        "accused",
        "Israeli Prime Minister Benjamin Netanyahu’s government of trying to backtrack and "
        "obstruct the agreement",
    ),
    (
        "Hamas",
        "warning",
        "such actions would only worsen the suffering of captives and their families",
    ),
    (
        "The movement",
        "reaffirmed",
        "the only way to secure the release of Israeli captives in Gaza is through "
        "negotiations and by adhering to the ceasefire framework",
    ),
    (
        "Hamas",
        "reiterated",
        "its full commitment to the ceasefire agreement in all its details",
    ),
    (
        "Egypt",
        "affirming",
        "the governance of Gaza is the exclusive right of the Palestinian people",
    ),
    (
        "Egyptian Foreign Ministry spokesman Tamim Khallaf",
        "stating",
        "they are all part of Palestinian territory representing an independent Palestinian state",
    ),
    (
        "He",
        "stressed",
        "Gaza must remain under full Palestinian sovereignty and administration",
    ),
    (
        "The official",
        "reiterated",
        "the core issue of the conflict is the Israeli occupation, which must end with the "
        "establishment of an independent Palestinian state",
    ),
    (
        "The spokesman",
        "warned",
        "half-measures would only prolong the conflict, rather than provide a lasting resolution",
    ),
    (
        "who",
        "suggested",
        "Egypt take control of Gaza for 15 years in exchange for the cancellation of its "
        "$155 billion foreign debt",
    ),
]


def expected(index: int) -> tuple[str, str, str]:
    """The (source, cue, content) of one expected statement, xfail marks aside."""
    item = EXPECTED[index]
    return tuple(getattr(item, "values", item))


@pytest.fixture(scope="module")
def seed(nlp):
    document = read_text_document(SEED)
    doc = nlp(document.text)
    return doc


def content_matches(text, statement, expected: str) -> bool:
    start = text.index(expected)
    wanted = region(
        text, [type(statement.content[0]).of(text, start, start + len(expected))], content=True
    )
    return region(text, statement.content, content=True) == wanted


def statement_at(doc, cue: str, content: str):
    """The statement whose cue is this word, the last one before `content`, or None."""
    at = doc.text.rindex(cue, 0, doc.text.index(content))
    return next((s for s in doc._.statements if s.cue.start <= at < s.cue.end), None)


def find_statement(doc, cue: str, content: str):
    """The statement with this cue and exactly this content, or None."""
    statement = statement_at(doc, cue, content)
    if statement is not None and content_matches(doc.text, statement, content):
        return statement
    return None


def source_of(doc, statement):
    return next(s for s in doc._.sources if s.id == statement.source_id)


@pytest.mark.parametrize(("source", "cue", "content"), EXPECTED)
def test_every_attributed_statement_is_found(seed, source, cue, content):
    statement = find_statement(seed, cue, content)
    assert statement is not None, [
        (s.cue.text, [c.text for c in s.content]) for s in seed._.statements
    ]
    assert statement.source is not None and statement.source.text == source


def speaker_of(doc, cue: str, content: str):
    statement = statement_at(doc, cue, content)
    assert statement is not None, f"no statement {cue!r} {content[:30]!r}"
    return source_of(doc, statement)


def test_the_palestinian_speaker_is_one_anonymous_source(seed):
    first = speaker_of(seed, *expected(0)[1:])
    for index in range(1, 7):
        assert speaker_of(seed, *expected(index)[1:]) is first, expected(index)[0]
    assert first.anonymity == Anonymity.ANONYMOUS and first.entity is None
    assert first.kind == SourceKind.PERSON
    d = first.descriptors
    assert (d.role, d.affiliation, d.seniority, d.count) == ("official", "Palestinian", "senior", 1)
    mentions = [m.text for m in first.mentions]
    for mention in (
        "A Palestinian leader",
        "an unnamed senior Palestinian official",
        "The Palestinian leader",
        "The senior official",
    ):
        assert mention in mentions
    assert mentions.count("He") == 3


def test_the_nested_report_of_the_mediators_has_its_parent(seed):
    outer = statement_at(seed, *expected(6)[1:])
    inner = statement_at(seed, *expected(7)[1:])
    assert inner.parent == outer.id
    mediators = source_of(seed, inner)
    assert mediators is not source_of(seed, outer)
    assert mediators.anonymity != Anonymity.NAMED


def test_hamas_and_the_movement_are_one_named_organisation(seed):
    hamas = speaker_of(seed, *expected(8)[1:])
    assert speaker_of(seed, "warning", expected(10)[2]) is hamas
    assert speaker_of(seed, "reaffirmed", expected(11)[2]) is hamas
    assert hamas.entity == "Hamas" and hamas.anonymity == Anonymity.NAMED
    assert hamas.kind == SourceKind.ORGANISATION


def test_the_spokesman_he_and_the_official_are_tamim_khallaf(seed):
    khallaf = speaker_of(seed, *expected(14)[1:])
    for index in (15, 16, 17):
        assert speaker_of(seed, *expected(index)[1:]) is khallaf, expected(index)[0]
    assert khallaf.entity == "Tamim Khallaf" and khallaf.kind == SourceKind.PERSON
    assert khallaf.anonymity == Anonymity.NAMED
    assert khallaf.descriptors.role == "spokesman"
    assert any(m.text.startswith("Khallaf") for m in khallaf.mentions)  # "Khallaf’s comments"


def test_egypt_and_lapid_are_named_sources(seed):
    assert speaker_of(seed, *expected(13)[1:]).entity == "Egypt"
    lapid = speaker_of(seed, *expected(18)[1:])  # "who" stands for Yair Lapid
    assert lapid.entity == "Yair Lapid" and lapid.kind == SourceKind.PERSON


def test_every_statement_with_a_source_mention_is_linked(seed):
    ids = {s.id for s in seed._.sources}
    assert all(st.source_id in ids for st in seed._.statements if st.source is not None)
    assert [s.id for s in seed._.sources] == [f"s{n}" for n in range(1, len(ids) + 1)]
