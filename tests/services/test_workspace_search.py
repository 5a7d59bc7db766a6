"""Full-text search and filters, on SQLite FTS5 and PostgreSQL full-text."""

from __future__ import annotations

from datetime import date

import pytest
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.commands import (
    AcceptStatement,
    MarkDocumentDone,
    RejectStatement,
    SetAnonymity,
)
from annotator.core.model import Anonymity, Descriptors, Status
from annotator.services.workspace import Workspace

DOC_ID = seed_document().id


@pytest.fixture
def workspace(database_url):
    with Workspace.open(database_url, "dana") as ws:
        seed = seed_document()
        seed.meta.update(outlet="Tehran Times", title="Cairo talks stall")
        ws.add_document(seed, pipeline=PIPELINE)
        other = seed_document()
        other.id, other.text = "weather", "Rain is expected over the weekend, forecasters said."
        other.statements, other.sources, other.entities = [], [], []
        other.meta.update(outlet="Daily Planet", published="2024-01-05")
        ws.add_document(other)
        yield ws


def ids(hits):
    return [(h.document_id, h.statement_id) for h in hits]


def test_search_finds_documents_by_their_words(workspace):
    hits = workspace.search("forecasters weekend")
    assert ids(hits) == [("weather", None)]
    (hit,) = hits
    assert sorted(hit.snippet[start:end] for start, end in hit.marks) == ["forecasters", "weekend"]


def test_search_finds_statements_by_their_content(workspace):
    hits = workspace.search("mediators persuade")
    assert (DOC_ID, "q2") in ids(hits)
    assert (DOC_ID, None) in ids(hits)
    assert ("weather", None) not in ids(hits)


def test_search_survives_punctuation_a_user_may_type(workspace):
    assert workspace.search('"deadlock" AND (OR') is not None
    assert ids(workspace.search("deadlock")) == [(DOC_ID, None)]
    assert workspace.search("?!") == []
    assert workspace.document_count(query="?!") == 2


def test_filter_by_done_follows_the_users_marks(database_url, workspace):
    workspace.apply(MarkDocumentDone("weather"))
    assert ids(workspace.search("said", done=True)) == [("weather", None)]
    assert ids(workspace.search("deadlock", done=False)) == [(DOC_ID, None)]
    assert ids(workspace.search("said", done=False)) == []
    assert workspace.document_count(done=True) == 1
    assert [d.id for d in workspace.list_documents(done=False)] == [DOC_ID]
    with Workspace.open(database_url, "lee") as lee:  # done is Dana's mark, not Lee's
        assert lee.document_count(done=True) == 0


def test_filter_by_status_follows_the_users_decisions(workspace):
    workspace.apply(AcceptStatement(DOC_ID, "q1"))
    workspace.apply(RejectStatement(DOC_ID, "q2"))
    assert ids(workspace.search("", status=Status.ACCEPTED)) == [(DOC_ID, "q1")]
    assert ids(workspace.search("mediators", status="rejected")) == [(DOC_ID, "q2")]
    assert workspace.search("mediators", status="suggested") == []


def test_filter_by_speaker_and_anonymity(workspace):
    assert ids(workspace.search("", speaker="palestinian official")) == [
        (DOC_ID, "q1"),
        (DOC_ID, "q2"),
    ]
    assert workspace.search("", speaker="Khallaf") == []
    assert len(workspace.search("", anonymity=Anonymity.ANONYMOUS)) == 2
    workspace.apply(SetAnonymity(DOC_ID, "s1", Anonymity.NAMED, Descriptors()))
    assert workspace.search("", anonymity="anonymous") == []


def test_filter_by_outlet_and_date(workspace):
    assert ids(workspace.search("said", outlet="Daily Planet")) == [("weather", None)]
    assert workspace.search("forecasters", published_from=date(2025, 1, 1)) == []
    found = workspace.search("forecasters", published_from="2024-01-05", published_to="2024-01-05")
    assert ids(found) == [("weather", None)]


def test_document_list_filters(workspace):
    assert [d.id for d in workspace.list_documents(outlet="Tehran Times")] == [DOC_ID]
    assert [d.id for d in workspace.list_documents(query="forecasters")] == ["weather"]
    assert [d.id for d in workspace.list_documents(published_to="2024-12-31")] == ["weather"]
    assert [d.id for d in workspace.list_documents(speaker="official")] == [DOC_ID]
    assert workspace.document_count(outlet="Daily Planet") == 1
    assert workspace.document_count() == 2


def test_an_unknown_filter_is_a_mistake_not_a_silent_no_op(workspace):
    with pytest.raises(TypeError, match="unknown filter"):
        workspace.search("x", author="dana")
