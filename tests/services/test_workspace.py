"""The Workspace as the GUI and the command line use it: corpus, views, edits, undo."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.commands import (
    AcceptStatement,
    LabelEntity,
    MarkDocumentDone,
    RejectStatement,
    SetAnonymity,
)
from annotator.core.model import Anonymity, Status
from annotator.services.workspace import Change, Workspace
from annotator.store.errors import DocumentConflict, InvalidEdit, StoreError


@pytest.fixture
def workspace(database_url):
    with Workspace.open(database_url, "dana") as ws:
        yield ws


def test_open_creates_the_file_and_its_folder(tmp_path):
    path = tmp_path / "new" / "folder" / "annotations.sqlite3"
    with Workspace.open(str(path), "dana") as ws:
        assert ws.document_count() == 0
    assert path.is_file()


def test_a_user_name_is_needed(tmp_path):
    with pytest.raises(StoreError, match="a user name is needed"):
        Workspace.open(str(tmp_path / "annotations.sqlite3"), "")


def test_add_document_keeps_text_and_metadata(workspace, seed_doc):
    assert workspace.add_document(seed_doc, pipeline=PIPELINE) is True
    loaded = workspace.load_document(seed_doc.id)
    assert loaded.text == seed_doc.text
    assert loaded.meta == seed_doc.meta
    assert loaded.statements == seed_doc.statements
    assert loaded.sources == seed_doc.sources
    assert loaded.entities == seed_doc.entities


def test_adding_the_same_document_twice_changes_nothing(workspace, seed_doc):
    workspace.add_document(seed_doc, pipeline=PIPELINE)
    assert workspace.add_document(seed_document(), pipeline=PIPELINE) is False
    assert workspace.document_count() == 1
    assert len(workspace.load_document(seed_doc.id).statements) == 2


def test_same_id_with_another_text_is_refused_and_nothing_is_written(workspace, seed_doc):
    workspace.add_document(seed_doc, pipeline=PIPELINE)
    other = seed_document()
    other.id, other.statements = "other", []
    workspace.add_document(other)
    changed = seed_document()
    changed.text = changed.text.replace("deadlock", "standstill")
    changed.statements = changed.sources = changed.entities = []
    with pytest.raises(DocumentConflict, match="different text"):
        workspace.add_document(changed)
    assert workspace.load_document(seed_doc.id).text == seed_doc.text
    assert workspace.document_count() == 2


def test_a_broken_span_rolls_the_whole_import_back(workspace, seed_doc):
    seed_doc.statements[1].cue = type(seed_doc.statements[1].cue)(0, 5, "wrong")
    with pytest.raises(ValueError):
        workspace.add_document(seed_doc, pipeline=PIPELINE)
    assert not workspace.has_document(seed_doc.id)
    assert workspace.document_count() == 0


def test_human_statements_become_the_annotators_decisions(workspace, seed_doc):
    from annotator.core.model import Origin

    seed_doc.statements[0].status = Status.ACCEPTED
    seed_doc.statements[0].annotator = "lee"
    seed_doc.statements[1].origin = Origin.HUMAN
    seed_doc.statements[1].status = Status.ADDED
    seed_doc.statements[1].confidence = None
    workspace.add_document(seed_doc, pipeline=PIPELINE)
    mine = workspace.load_document(seed_doc.id)
    lees = workspace.load_document(seed_doc.id, annotator="lee")
    assert [s.status for s in mine.statements] == [Status.SUGGESTED, Status.ADDED]
    assert [s.status for s in lees.statements] == [Status.ACCEPTED]


def test_a_reviewed_entity_becomes_the_annotators_decision(workspace, seed_doc):
    seed_doc.entities[0].status = Status.ACCEPTED
    seed_doc.entities[0].annotator = "lee"
    workspace.add_document(seed_doc, pipeline=PIPELINE)
    assert workspace.load_document(seed_doc.id, annotator="lee").entities[0].status is (
        Status.ACCEPTED
    )
    assert workspace.load_document(seed_doc.id).entities[0].status is Status.SUGGESTED


def test_suggestions_imported_without_a_pipeline_are_kept(workspace, seed_doc):
    seed_doc.provenance.pipeline = "someone's model 1.0"
    workspace.add_document(seed_doc)  # e.g. a JSONL file another installation wrote
    assert workspace.load_document(seed_doc.id).statements == seed_doc.statements
    entities_only = seed_document()
    entities_only.id, entities_only.statements, entities_only.sources = "ents", [], []
    workspace.add_document(entities_only)
    assert workspace.load_document("ents").entities == seed_doc.entities


def test_a_batch_holding_one_document_twice_stores_it_once(workspace, seed_doc):
    result = workspace.add_documents([seed_doc, seed_document()], pipeline=PIPELINE)
    assert (result.added, result.skipped) == ([seed_doc.id], [seed_doc.id])
    assert workspace.document_count() == 1


def test_new_suggestions_for_another_text_are_refused(workspace, seed_doc):
    workspace.add_document(seed_doc, pipeline=PIPELINE)
    other = seed_document()
    other.text = other.text.replace("Hamas", "Hamas!", 1)
    with pytest.raises(DocumentConflict, match="another text"):
        workspace.replace_suggestions(other, pipeline=PIPELINE)
    assert workspace.load_document(seed_doc.id).text == seed_doc.text


def test_a_text_stored_twice_is_named_by_its_first_id(workspace, seed_doc):
    for doc_id in ("b-copy", "a-first"):
        twin = seed_document()
        twin.id = doc_id
        workspace.add_document(twin, pipeline=PIPELINE)
    third = seed_document()
    third.id = "c-new"
    assert workspace.stored_texts([third, seed_document()]) == {
        "c-new": "a-first",
        seed_doc.id: "a-first",
    }


def test_accept_then_reject_shows_in_the_users_view_only(database_url, seed_doc):
    with Workspace.open(database_url, "dana") as dana, Workspace.open(database_url, "lee") as lee:
        dana.add_document(seed_doc, pipeline=PIPELINE)
        dana.apply(AcceptStatement(seed_doc.id, "q1"))
        dana.apply(RejectStatement(seed_doc.id, "q2"))
        assert [s.status for s in dana.load_document(seed_doc.id).statements] == [
            Status.ACCEPTED,
            Status.REJECTED,
        ]
        assert [s.status for s in lee.load_document(seed_doc.id).statements] == [
            Status.SUGGESTED,
            Status.SUGGESTED,
        ]


def test_rerunning_the_model_never_overwrites_a_decision(workspace, seed_doc):
    workspace.add_document(seed_doc, pipeline=PIPELINE)
    workspace.apply(RejectStatement(seed_doc.id, "q2"))
    rerun = seed_document()
    rerun.statements[1].confidence = 0.99
    rerun.statements = rerun.statements[1:]
    workspace.replace_suggestions(rerun, pipeline={**PIPELINE, "version": "3.8.1"})
    view = workspace.load_document(seed_doc.id)
    assert [(s.id, s.status) for s in view.statements] == [("q2", Status.REJECTED)]


def test_a_decision_keeps_its_suggestions_place_after_a_rerun(workspace, seed_doc):
    workspace.add_document(seed_doc, pipeline=PIPELINE)
    workspace.apply(RejectStatement(seed_doc.id, "q2"))
    workspace.replace_suggestions(seed_document(), pipeline=PIPELINE)  # rows newer than hers
    view = workspace.load_document(seed_doc.id)
    assert [(s.id, s.status) for s in view.statements] == [
        ("q1", Status.SUGGESTED),
        ("q2", Status.REJECTED),
    ]


def test_list_documents_reports_progress(workspace, seed_doc):
    workspace.add_document(seed_doc, pipeline=PIPELINE)
    plain = seed_document()
    plain.id, plain.statements, plain.sources, plain.entities = "plain", [], [], []
    workspace.add_document(plain)
    workspace.apply(AcceptStatement(seed_doc.id, "q1"))
    (seed, other) = workspace.list_documents()
    assert (seed.id, seed.statement_count, seed.reviewed_count, seed.done) == (
        seed_doc.id,
        2,
        1,
        False,
    )
    assert seed.published == "2025-03-01"
    assert (other.id, other.statement_count) == ("plain", 0)
    assert workspace.list_documents(offset=1, limit=5) == [other]
    assert workspace.document_ids_without_suggestions() == ["plain"]


def test_subscribers_hear_about_committed_changes_and_can_leave(workspace, seed_doc):
    heard: list[Change] = []
    unsubscribe = workspace.subscribe(heard.append)
    workspace.add_document(seed_doc, pipeline=PIPELINE)
    workspace.apply(AcceptStatement(seed_doc.id, "q1"))
    accepted = workspace.load_document(seed_doc.id).statements[0]
    unsubscribe()
    workspace.apply(RejectStatement(seed_doc.id, "q1"))
    assert heard == [
        Change(seed_doc.id, "corpus", (seed_doc.id,)),
        Change(seed_doc.id, "statement", ("q1",), statements=(("q1", accepted),)),
    ]


def test_a_listener_sees_the_change_already_committed(database_url, seed_doc):
    with Workspace.open(database_url, "dana") as ws, Workspace.open(database_url, "dana") as other:
        ws.add_document(seed_doc, pipeline=PIPELINE)
        seen = []
        ws.subscribe(lambda change: seen.append(other.load_document(seed_doc.id).statements[0]))
        ws.apply(AcceptStatement(seed_doc.id, "q1"))
        assert seen[0].status is Status.ACCEPTED


def test_an_edit_of_a_missing_statement_is_refused(workspace, seed_doc):
    workspace.add_document(seed_doc, pipeline=PIPELINE)
    with pytest.raises(InvalidEdit, match="q9"):
        workspace.apply(AcceptStatement(seed_doc.id, "q9"))
    assert workspace.undo_label() is None


def test_bulk_import_adds_skips_and_reports_conflicts(workspace, seed_doc):
    workspace.add_document(seed_doc, pipeline=PIPELINE)
    fresh = [seed_document() for _ in range(3)]
    for n, doc in enumerate(fresh):
        doc.id = f"copy{n}"
    changed = seed_document()
    changed.text += "Late addition."
    changed.statements = changed.sources = changed.entities = []
    heard: list[Change] = []
    workspace.subscribe(heard.append)
    # The skip and the conflict are in the first of two batches: the report keeps them.
    result = workspace.add_documents(
        [seed_document(), changed, *fresh], pipeline=PIPELINE, batch_size=3
    )
    assert result.added == ["copy0", "copy1", "copy2"]
    assert result.skipped == [seed_doc.id]
    assert result.conflicts == [seed_doc.id]
    assert workspace.document_count() == 4
    assert workspace.load_document("copy2").statements == seed_doc.statements
    assert [(c.document_id, c.kind) for c in heard] == [
        (doc_id, "corpus") for doc_id in result.added
    ]
    assert pipeline_runs(workspace) == 3  # the first import's, then one per batch


def pipeline_runs(workspace: Workspace) -> int:
    engine = create_engine(workspace.url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM pipeline_run")).scalar_one()
    finally:
        engine.dispose()


def test_loading_an_unknown_document_says_which(workspace):
    from annotator.store.errors import StoreError, UnknownDocument

    with pytest.raises(UnknownDocument, match="nope") as error:
        workspace.load_document("nope")
    assert isinstance(error.value, StoreError)


def test_a_curator_sees_who_worked_on_a_document_and_each_view(database_url, seed_doc):
    with Workspace.open(database_url, "dana") as dana, Workspace.open(database_url, "lee") as lee:
        dana.add_document(seed_doc, pipeline=PIPELINE)
        dana.apply(AcceptStatement(seed_doc.id, "q1"))
        lee.apply(RejectStatement(seed_doc.id, "q1"))
        dana.set_role("cora", "curator")
        with Workspace.open(database_url, "cora") as cora:
            assert cora.role_of("cora") == "curator"
            assert cora.annotators_of(seed_doc.id) == ["dana", "lee"]
        with Workspace.open(database_url, "eli") as eli, Workspace.open(database_url, "fay") as fay:
            hamas = seed_doc.entities[0]
            eli.apply(LabelEntity(seed_doc.id, hamas.start, hamas.end, "PERSON"))  # only that
            fay.apply(MarkDocumentDone(seed_doc.id))  # only that
            assert eli.annotators_of(seed_doc.id) == ["dana", "eli", "fay", "lee"]
            views = {name: cora.load_document(seed_doc.id, name) for name in ("dana", "lee")}
            assert views["dana"].statements[0].status is Status.ACCEPTED
            assert views["lee"].statements[0].status is Status.REJECTED
        with pytest.raises(ValueError, match="role"):
            dana.set_role("cora", "boss")


def test_the_lists_anonymous_count_follows_the_users_own_decisions(database_url, seed_doc):
    def anonymous(workspace: Workspace) -> int:
        return workspace.document_summary(seed_doc.id).anonymous_count

    with Workspace.open(database_url, "dana") as dana, Workspace.open(database_url, "lee") as lee:
        dana.add_document(seed_doc, pipeline=PIPELINE)
        assert anonymous(dana) == 1  # s1, "an unnamed senior Palestinian official"
        lee.apply(SetAnonymity(seed_doc.id, "s2", Anonymity.ANONYMOUS))
        dana.apply(SetAnonymity(seed_doc.id, "s1", Anonymity.NAMED))
        assert (anonymous(dana), anonymous(lee)) == (0, 2)
        dana.replace_suggestions(seed_document(), pipeline=PIPELINE)  # stored after her decision
        assert (anonymous(dana), anonymous(lee)) == (0, 2)
