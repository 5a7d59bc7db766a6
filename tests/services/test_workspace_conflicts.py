"""A save is refused only when what the user saw has changed under them.

A user's view of an object is their own decision, else the model's suggestion; decisions are
kept per annotator. So a colleague's decision is never a conflict; the same person deciding
in another window (or session under their name) is, and so is a new run of the pre-annotator
replacing the suggestion they were looking at.
"""

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


@pytest.fixture
def two_windows(database_url, pair):
    """Dana's two windows on the seed document (the second opened after the first)."""
    dana, _lee = pair
    with Workspace.open(database_url, "dana") as elsewhere:
        elsewhere.load_document(DOC_ID)
        yield dana, elsewhere


def status_of(workspace: Workspace, statement_id: str) -> Status:
    view = workspace.load_document(DOC_ID)
    return next(s.status for s in view.statements if s.id == statement_id)


# ------------------------------------------------------------------ colleagues: no conflict


def test_a_colleagues_decision_on_the_same_statement_is_not_a_conflict(pair):
    dana, lee = pair
    dana.apply(AcceptStatement(DOC_ID, "q1"))
    heard: list[Change] = []
    lee.subscribe(heard.append)
    lee.apply(RejectStatement(DOC_ID, "q1"))  # Lee's view of q1 is still the suggestion
    assert [c.kind for c in heard] == ["statement"]  # saved, not a reload
    assert status_of(dana, "q1") is Status.ACCEPTED
    assert status_of(lee, "q1") is Status.REJECTED


def test_the_first_annotator_edits_again_after_a_colleague_without_reloading(pair):
    """The case that refused 25 % of the first annotator's edits in a two-person run."""
    dana, lee = pair
    dana.apply(AcceptStatement(DOC_ID, "q1"))
    lee.apply(RejectStatement(DOC_ID, "q1"))
    dana.apply(RejectStatement(DOC_ID, "q1"))  # her view is as she left it
    lee.apply(AcceptStatement(DOC_ID, "q1"))
    assert status_of(dana, "q1") is Status.REJECTED
    assert status_of(lee, "q1") is Status.ACCEPTED
    assert [e.annotator for e in dana.audit_trail(DOC_ID)] == ["lee", "dana", "lee", "dana"]


def test_reading_a_colleagues_view_is_not_what_one_saw_oneself(pair):
    """A curator comparing views: Lee's decision, read as Lee's, is not Dana's view of q1."""
    dana, lee = pair
    lee.apply(AcceptStatement(DOC_ID, "q1"))
    assert dana.load_document(DOC_ID, annotator="lee").statements[0].status is Status.ACCEPTED
    dana.apply(RejectStatement(DOC_ID, "q1"))  # her own view of q1 has not changed
    assert status_of(dana, "q1") is Status.REJECTED


def test_edits_of_different_statements_do_not_conflict(pair):
    dana, lee = pair
    dana.apply(AcceptStatement(DOC_ID, "q1"))
    lee.apply(RejectStatement(DOC_ID, "q2"))
    dana.apply(RejectStatement(DOC_ID, "q1"))  # one's own edits never conflict
    assert lee.load_document(DOC_ID).statements[1].status is Status.REJECTED


def test_simultaneous_saves_of_two_annotators_both_land(pair):
    dana, lee = pair
    assert save_at_once(
        (dana, AcceptStatement(DOC_ID, "q1")), (lee, RejectStatement(DOC_ID, "q1"))
    ) == ["saved", "saved"]
    assert status_of(dana, "q1") is Status.ACCEPTED
    assert status_of(lee, "q1") is Status.REJECTED


# -------------------------------------------------- the same annotator elsewhere: a conflict


def test_a_second_window_of_the_same_user_is_refused_saying_who_and_when(two_windows):
    dana, elsewhere = two_windows
    dana.apply(AcceptStatement(DOC_ID, "q1"))
    heard: list[Change] = []
    elsewhere.subscribe(heard.append)
    with pytest.raises(EditConflict) as error:
        elsewhere.apply(RejectStatement(DOC_ID, "q1"))
    message = str(error.value)
    assert "changed by dana in another window or session" in message
    assert "20" in message  # when: an ISO timestamp
    assert error.value.changed_by == "dana"
    assert heard == [Change(DOC_ID, "document", ())]  # the view reloads
    assert status_of(dana, "q1") is Status.ACCEPTED  # never overwritten
    assert len(dana.audit_trail(DOC_ID)) == 1


def test_after_reloading_the_second_window_can_save(two_windows):
    dana, elsewhere = two_windows
    dana.apply(AcceptStatement(DOC_ID, "q1"))
    with pytest.raises(EditConflict):
        elsewhere.apply(RejectStatement(DOC_ID, "q1"))
    elsewhere.load_document(DOC_ID)
    elsewhere.apply(RejectStatement(DOC_ID, "q1"))
    assert status_of(dana, "q1") is Status.REJECTED


def test_simultaneous_saves_of_one_user_in_two_windows_one_wins(two_windows):
    dana, elsewhere = two_windows
    outcomes = save_at_once(
        (dana, AcceptStatement(DOC_ID, "q1")), (elsewhere, RejectStatement(DOC_ID, "q1"))
    )
    assert sorted(outcomes) == ["refused", "saved"]
    winner = Status.ACCEPTED if outcomes[0] == "saved" else Status.REJECTED
    assert status_of(dana, "q1") is winner


# ------------------------------------------------------- a new run of the model: a conflict


def rerun(workspace: Workspace) -> None:
    """The pre-annotator run again on the seed document: new suggestions, same ids."""
    doc = seed_document()
    doc.statements[0].confidence = 0.42
    workspace.replace_suggestions(doc, pipeline={**PIPELINE, "version": "3.8.1"})


def test_a_suggestion_replaced_by_a_new_run_is_a_conflict(pair):
    dana, lee = pair
    rerun(lee)
    with pytest.raises(EditConflict, match="replaced by a new run of the pre-annotator"):
        dana.apply(AcceptStatement(DOC_ID, "q1"))
    assert status_of(dana, "q1") is Status.SUGGESTED
    dana.apply(AcceptStatement(DOC_ID, "q1"))  # reloaded: she now sees the new suggestion
    assert dana.load_document(DOC_ID).statements[0].confidence == 0.42


def test_a_new_run_is_no_conflict_for_a_statement_the_user_decided(pair):
    dana, lee = pair
    dana.apply(RejectStatement(DOC_ID, "q1"))
    rerun(lee)
    dana.apply(AcceptStatement(DOC_ID, "q1"))  # her view of q1 is her decision
    assert status_of(dana, "q1") is Status.ACCEPTED


def save_at_once(*saves: tuple[Workspace, object]) -> list[str]:
    """Apply each (workspace, command) in its own thread, released together: "saved" or
    "refused" for each, in order."""
    start = threading.Barrier(len(saves))
    outcomes = [""] * len(saves)

    def save(n: int, workspace: Workspace, command) -> None:
        start.wait()
        try:
            workspace.apply(command)
            outcomes[n] = "saved"
        except EditConflict:
            outcomes[n] = "refused"

    threads = [
        threading.Thread(target=save, args=(n, workspace, command))
        for n, (workspace, command) in enumerate(saves)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


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
