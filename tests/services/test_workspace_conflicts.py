"""Two people editing the same statement: the second save is refused, never overwrites."""

from __future__ import annotations

import threading

import pytest
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.commands import AcceptStatement, RejectStatement
from annotator.core.model import Status
from annotator.services.workspace import Change, Workspace
from annotator.store.errors import EditConflict

DOC_ID = seed_document().id


@pytest.fixture
def pair(database_url):
    """Dana and Lee, each with the seed document open."""
    with Workspace.open(database_url, "dana") as dana, Workspace.open(database_url, "lee") as lee:
        dana.add_document(seed_document(), pipeline=PIPELINE)
        dana.load_document(DOC_ID)
        lee.load_document(DOC_ID)
        yield dana, lee


def test_the_second_save_is_refused_saying_who_changed_it(pair):
    dana, lee = pair
    dana.apply(AcceptStatement(DOC_ID, "q1"))
    heard: list[Change] = []
    lee.subscribe(heard.append)
    with pytest.raises(EditConflict) as error:
        lee.apply(RejectStatement(DOC_ID, "q1"))
    message = str(error.value)
    assert "changed by dana" in message
    assert "20" in message  # when: an ISO timestamp
    assert error.value.changed_by == "dana"
    assert heard == [Change(DOC_ID, "document", ())]  # the view reloads
    assert lee.undo_label() is None
    assert lee.audit_trail(DOC_ID)[0].annotator == "dana"


def test_after_reloading_the_user_can_save(pair):
    dana, lee = pair
    dana.apply(AcceptStatement(DOC_ID, "q1"))
    with pytest.raises(EditConflict):
        lee.apply(RejectStatement(DOC_ID, "q1"))
    lee.load_document(DOC_ID)
    lee.apply(RejectStatement(DOC_ID, "q1"))
    assert lee.load_document(DOC_ID).statements[0].status is Status.REJECTED
    assert dana.load_document(DOC_ID).statements[0].status is Status.ACCEPTED


def test_edits_of_different_statements_do_not_conflict(pair):
    dana, lee = pair
    dana.apply(AcceptStatement(DOC_ID, "q1"))
    lee.apply(RejectStatement(DOC_ID, "q2"))
    dana.apply(RejectStatement(DOC_ID, "q1"))  # one's own edits never conflict
    assert lee.load_document(DOC_ID).statements[1].status is Status.REJECTED


def test_a_second_window_of_the_same_user_is_protected_too(database_url, pair):
    dana, _lee = pair
    with Workspace.open(database_url, "dana") as dana_elsewhere:
        dana_elsewhere.load_document(DOC_ID)
        dana.apply(AcceptStatement(DOC_ID, "q1"))
        with pytest.raises(EditConflict, match="changed by dana"):
            dana_elsewhere.apply(RejectStatement(DOC_ID, "q1"))


def test_simultaneous_saves_one_wins_one_is_refused(pair):
    dana, lee = pair
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(workspace: Workspace, command) -> None:
        start.wait()
        try:
            workspace.apply(command)
            outcomes[workspace.user] = "saved"
        except EditConflict:
            outcomes[workspace.user] = "refused"

    threads = [
        threading.Thread(target=save, args=(dana, AcceptStatement(DOC_ID, "q1"))),
        threading.Thread(target=save, args=(lee, RejectStatement(DOC_ID, "q1"))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["refused", "saved"]


def test_threads_of_one_workspace_can_all_edit(database_url):
    with Workspace.open(database_url, "dana") as ws:
        for n in range(4):
            doc = seed_document()
            doc.id = f"doc{n}"
            ws.add_document(doc, pipeline=PIPELINE)
        threads = [
            threading.Thread(target=ws.apply, args=(AcceptStatement(f"doc{n}", "q1"),))
            for n in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [d.reviewed_count for d in ws.list_documents()] == [1, 1, 1, 1]
        undone = [ws.undo() for _ in range(4)]
        assert sorted(c.document_id for c in undone) == ["doc0", "doc1", "doc2", "doc3"]
