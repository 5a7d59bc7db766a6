"""The anonymous-source review across a corpus: the seed and two invented articles, all
pre-annotated by the real pipeline into a real database (SQLite file, PostgreSQL server),
read as one annotator sees them (their decisions over the suggestions)."""

from __future__ import annotations

import copy

import pytest
from workspace_fixtures import DAILY, HERALD, SEED

from annotator.core.commands import RejectStatement, SetAnonymity
from annotator.core.model import Anonymity, Descriptors, Document
from annotator.services import anonymous_review
from annotator.services.anonymous_review import (
    QueueFilters,
    iter_queue,
    queue_count,
    queue_groups,
    queue_page,
)
from annotator.services.corpus import import_documents, read_inputs
from annotator.services.preannotation import preannotate
from annotator.services.workspace import Workspace
from annotator.store import anonymous_sources

SEED_ID = SEED.stem


@pytest.fixture(scope="module")
def annotated(nlp) -> list[Document]:
    """The seed and the two articles as the pre-annotator leaves them (run once per module:
    the model's output is the same for every test)."""
    return list(preannotate([*read_inputs([SEED]), DAILY, HERALD], nlp))


@pytest.fixture
def corpus(database_url, annotated):
    """A database (an SQLite file; a PostgreSQL server too when there is one) with the seed
    and the two articles, pre-annotated; two users on it."""
    dana = Workspace.open(database_url, "dana")
    report = import_documents(dana, copy.deepcopy(annotated))
    assert report.ok, report.errors
    assert len(report.imported) == 3
    ola = Workspace.open(database_url, "ola")
    yield dana, ola
    dana.close()
    ola.close()


def sources(workspace, **filters) -> list:
    return list(iter_queue(workspace, QueueFilters(**filters)))


def names(workspace, **filters) -> list[tuple[str, str]]:
    return [(s.document_id, s.name) for s in sources(workspace, **filters)]


def test_the_seeds_anonymous_palestinian_mentions_are_one_source(corpus):
    dana, _ = corpus
    seed = [s for s in sources(dana) if s.document_id == SEED_ID]
    official = [s for s in seed if s.description == "senior palestinian official"]
    assert len(official) == 1  # shown once...
    mentions = [st.mention for st in official[0].statements]
    # ...with both anonymous mentions' statements under it
    assert "A Palestinian leader" in mentions
    assert "an unnamed senior Palestinian official" in mentions
    assert official[0].anonymity is Anonymity.ANONYMOUS
    assert official[0].descriptors.role == "official"
    stated = next(st for st in official[0].statements if st.cue == "stated")
    assert stated.sentence.startswith("Speaking to regional media, an unnamed senior")
    assert stated.sentence.endswith("have failed.")
    # named sources of the seed (Hamas, Egypt, Tamim Khallaf) are not in the queue
    assert not {"Hamas", "Egypt", "Tamim Khallaf"} & {s.name for s in seed}


def test_each_source_carries_its_article_and_descriptors(corpus):
    dana, _ = corpus
    daily = next(s for s in sources(dana) if s.document_id == "daily-1" and s.no_reason is False)
    assert (daily.title, daily.outlet, daily.published) == ("Talks stall", "Daily", "2025-01-02")
    assert daily.descriptors == Descriptors(
        role="official",
        affiliation="Palestinian",
        seniority="senior",
        count=1,
        reason="who asked not to be named",
    )
    assert not daily.reviewed
    assert [st.content for st in daily.statements] == ["the talks in Cairo had stalled"]


def test_flag_no_stated_reason(corpus):
    dana, _ = corpus
    found = names(dana, no_reason=True)
    assert ("herald-1", "A senior Palestinian official") in found
    assert (SEED_ID, "an unnamed senior Palestinian official") in found
    assert all(doc != "daily-1" for doc, _ in found)  # the Daily's official gives a reason
    assert all(s.anonymity is Anonymity.ANONYMOUS for s in sources(dana, no_reason=True))


def test_flag_article_resting_on_unnamed_sources_alone(corpus):
    dana, _ = corpus
    # The Daily quotes an anonymous official and vague analysts; the others name someone.
    assert {doc for doc, _ in names(dana, anonymous_only_articles=True)} == {"daily-1"}
    assert all(s.only_unnamed_article for s in sources(dana) if s.document_id == "daily-1")


def test_flag_the_same_description_recurring_across_articles_and_outlets(corpus):
    dana, _ = corpus
    recurring = sources(dana, recurring=True)
    assert {s.description for s in recurring} == {"senior palestinian official"}
    assert {s.document_id for s in recurring} == {SEED_ID, "daily-1", "herald-1"}
    # the seed has no outlet: counted as one unknown outlet beside the Daily and the Herald
    assert {(s.recurrence.articles, s.recurrence.outlets) for s in recurring} == {(3, 3)}


def test_filters_by_outlet_dates_descriptor_and_anonymity(corpus):
    dana, _ = corpus
    assert {doc for doc, _ in names(dana, outlet="Herald")} == {"herald-1"}
    assert {doc for doc, _ in names(dana, published_from="2025-01-15")} == {SEED_ID, "herald-1"}
    assert {doc for doc, _ in names(dana, published_to="2025-01-02")} == {"daily-1"}
    assert names(dana, descriptors=(("role", "analyst"),)) == [("daily-1", "Analysts")]
    assert names(dana, descriptors=(("reason", "NOT TO BE"),)) == [
        ("daily-1", "A senior Palestinian official, who asked not to be named")
    ]
    assert all(s.anonymity is Anonymity.VAGUE for s in sources(dana, anonymity="vague"))
    assert queue_count(dana, QueueFilters(outlet="Herald")) == len(names(dana, outlet="Herald"))


@pytest.mark.parametrize("threshold", [1, 10**9])
def test_outlet_and_date_filters_find_the_same_whichever_way_the_page_is_planned(
    corpus, monkeypatch, threshold
):
    """On SQLite a page with outlet or dates either walks the sources in article order or
    starts from the matching articles, by how many match: both ways give the same rows."""
    dana, _ = corpus
    monkeypatch.setattr(anonymous_sources, "SCAN_IN_ORDER_FROM", threshold)
    assert {doc for doc, _ in names(dana, outlet="Herald")} == {"herald-1"}
    assert {doc for doc, _ in names(dana, published_from="2025-01-15")} == {SEED_ID, "herald-1"}
    assert {doc for doc, _ in names(dana, published_to="2025-01-02")} == {"daily-1"}
    assert queue_count(dana, QueueFilters(published_from="2025-01-15"), cap=1) == 1


def test_the_queue_is_what_this_annotator_sees(corpus):
    dana, ola = corpus
    herald = next(s for s in sources(dana) if s.document_id == "herald-1")
    reason = Descriptors(
        role="official",
        affiliation="Palestinian",
        seniority="senior",
        count=1,
        reason="not authorised to speak to the press",
    )
    dana.apply(SetAnonymity("herald-1", herald.source_id, Anonymity.ANONYMOUS, reason))
    mine = next(s for s in sources(dana) if s.document_id == "herald-1")
    assert mine.reviewed and mine.descriptors.reason == "not authorised to speak to the press"
    assert ("herald-1", herald.name) not in names(dana, no_reason=True)
    assert names(dana, review="reviewed") == [("herald-1", herald.name)]
    assert ("herald-1", herald.name) not in names(dana, review="unreviewed")
    # a colleague still sees the suggestion, without a reason
    assert ("herald-1", herald.name) in names(ola, no_reason=True)

    analysts = next(s for s in sources(dana) if s.name == "Analysts")
    dana.apply(SetAnonymity("daily-1", analysts.source_id, Anonymity.NAMED, Descriptors()))
    assert "Analysts" not in {name for _, name in names(dana)}
    assert "Analysts" in {name for _, name in names(ola)}


def test_a_rejected_statement_leaves_the_queue_unless_asked_for(corpus):
    dana, _ = corpus
    herald = next(s for s in sources(dana) if s.document_id == "herald-1")
    statement = herald.statements[0].statement_id
    dana.apply(RejectStatement("herald-1", statement))
    assert "herald-1" not in {doc for doc, _ in names(dana)}
    rejected = sources(dana, statement_status="rejected")
    assert [(s.document_id, s.statements[0].statement_id) for s in rejected] == [
        ("herald-1", statement)
    ]


def test_pages_cover_the_queue_once(corpus):
    dana, _ = corpus
    everything = [(s.document_id, s.source_id) for s in queue_page(dana, QueueFilters(), 0, 100)]
    paged = [
        (s.document_id, s.source_id)
        for offset in range(0, len(everything), 2)
        for s in queue_page(dana, QueueFilters(), offset, 2)
    ]
    assert paged == everything
    read_on, after = [], None  # as the CLI and the window's scrolling read: after the last
    while page := queue_page(dana, QueueFilters(), 0, 2, after=after):
        read_on += [(s.document_id, s.source_id) for s in page]
        after = page[-1]
    assert read_on == everything
    assert len(everything) == queue_count(dana, QueueFilters()) >= 6


def test_an_unknown_descriptor_is_refused(corpus):
    dana, _ = corpus
    with pytest.raises(ValueError, match="no descriptor 'colour'"):
        sources(dana, descriptors=(("colour", "red"),))


#: An invented article with a statement whose sentence names no speaker.
WIRE = Document(
    id="wire-1",
    text="It was reported that the border crossing would reopen on Sunday. Critics said the "
    "crossing stayed shut.",
    meta={"title": "Crossing", "outlet": "Wire", "published": "2025-02-20"},
)


def under(workspace, group, **filters) -> list:
    return list(iter_queue(workspace, group.narrow(QueueFilters(**filters))))


def test_grouped_by_description_one_heading_across_articles_and_outlets(corpus):
    dana, _ = corpus
    groups = queue_groups(dana, QueueFilters(), "description")
    official = groups[0]  # found in most articles: first
    assert official.key == "senior palestinian official"
    assert official.label == "senior palestinian official · 3 sources in 3 articles, 3 outlets"
    assert {s.document_id for s in under(dana, official)} == {SEED_ID, "daily-1", "herald-1"}
    # every source under exactly one heading, and the headings count them all
    grouped = sorted((s.document_id, s.source_id) for g in groups for s in under(dana, g))
    assert grouped == sorted((s.document_id, s.source_id) for s in sources(dana))
    assert sum(g.sources for g in groups) == queue_count(dana, QueueFilters())
    # filtered to one description: one heading
    only = queue_groups(
        dana, QueueFilters(description="senior palestinian official"), "description"
    )
    assert [(g.key, g.sources) for g in only] == [("senior palestinian official", 3)]


def test_grouped_by_outlet_month_and_day(corpus):
    dana, _ = corpus
    outlets = queue_groups(dana, QueueFilters(), "outlet")
    assert [g.key for g in outlets] == ["Daily", "Herald", None]  # the seed has no outlet: last
    assert outlets[-1].label.startswith("no outlet · ")
    assert {s.document_id for s in under(dana, outlets[-1])} == {SEED_ID}
    assert {s.document_id for s in under(dana, outlets[1])} == {"herald-1"}
    months = queue_groups(dana, QueueFilters(), "month")
    assert [g.key for g in months] == ["2025-03", "2025-02", "2025-01"]  # newest first
    assert {s.document_id for s in under(dana, months[1])} == {"herald-1"}
    days = queue_groups(dana, QueueFilters(published_to="2025-02-28"), "day")
    assert [g.key for g in days] == ["2025-02-03", "2025-01-02"]
    # a heading's sources keep the other filters
    vague = under(dana, months[0], anonymity="vague")
    assert vague and {(s.document_id, s.anonymity) for s in vague} == {(SEED_ID, Anonymity.VAGUE)}


def test_ordered_by_date_newest_or_oldest_first(corpus, monkeypatch, nlp):
    dana, _ = corpus
    undated = Document(id="0-undated", text=WIRE.text, meta={"title": "Crossing, undated"})
    assert import_documents(dana, [undated], nlp).ok
    monkeypatch.setattr(anonymous_review, "PAGE_SIZE", 2)  # page by page, each after the last

    def articles(order: str) -> list[str]:
        shown = [s.document_id for s in iter_queue(dana, QueueFilters(), order)]
        assert len(shown) == queue_count(dana, QueueFilters())
        return list(dict.fromkeys(shown))

    # an article without a date comes last either way
    assert articles("newest") == [SEED_ID, "herald-1", "daily-1", "0-undated"]
    assert articles("oldest") == ["daily-1", "herald-1", SEED_ID, "0-undated"]
    by_date = sorted(
        (s.document_id, s.source_id) for s in iter_queue(dana, QueueFilters(), "oldest")
    )
    assert by_date == sorted((s.document_id, s.source_id) for s in sources(dana))


def test_no_speaker_named_is_vague_in_the_queue_and_apart_from_the_descriptions(corpus, nlp):
    """The spec counts "it was reported that …" as vague (no speaker at all): its statements
    are in the queue, under a heading of their own, and a filter away."""
    dana, _ = corpus
    assert import_documents(dana, [WIRE], nlp).ok
    wire = [s for s in sources(dana) if s.document_id == "wire-1"]
    nobody = next(s for s in wire if not s.described)
    assert nobody.anonymity is Anonymity.VAGUE and nobody.description == ""
    assert [st.cue for st in nobody.statements] == ["was reported"]
    assert nobody.statements[0].mention is None
    # no reason asked of nobody; the article does rest on critics and "it was reported"
    assert nobody.flags() == ["article rests on unnamed sources only"]
    nobody_at = ("wire-1", nobody.source_id)
    no_speaker = sources(dana, speaker="none")
    assert nobody_at in {(s.document_id, s.source_id) for s in no_speaker}
    assert not any(s.described for s in no_speaker)
    described = sources(dana, speaker="described")
    assert nobody.source_id not in {s.source_id for s in described if s.document_id == "wire-1"}
    assert {s.name for s in described if s.document_id == "wire-1"} == {"Critics"}
    groups = queue_groups(dana, QueueFilters(), "description")
    assert groups[-1].key is None and groups[-1].label.startswith("no speaker named")
    assert under(dana, groups[-1]) == no_speaker
    assert "unattributed (no speaker named)" not in {g.key for g in groups}
