"""Every edit leaves an audit row (who, when, which object, before, after) in its transaction."""

from __future__ import annotations

import pytest
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.commands import AcceptStatement, MarkDocumentDone, SetClaimLabels
from annotator.services.workspace import Workspace
from annotator.store.errors import InvalidEdit

DOC_ID = seed_document().id


@pytest.fixture
def workspace(database_url):
    with Workspace.open(database_url, "dana") as ws:
        ws.add_document(seed_document(), pipeline=PIPELINE)
        yield ws


def test_an_edit_records_who_when_what_before_and_after(workspace):
    accept = AcceptStatement(DOC_ID, "q1")
    workspace.apply(accept)
    (entry,) = workspace.audit_trail(DOC_ID)
    assert (entry.annotator, entry.action, entry.object_key) == (
        "dana",
        accept.label,
        "statement:q1",
    )
    assert entry.action.startswith("Accept ") and "q1" not in entry.action
    assert entry.before is None  # no decision of dana's before
    assert entry.after["status"] == "accepted"
    assert entry.at.endswith("Z") and entry.at[:4].isdigit()


def test_undo_is_audited_too(workspace):
    workspace.apply(AcceptStatement(DOC_ID, "q1"))
    set_labels = SetClaimLabels(DOC_ID, "q1", True, "false", [], None)
    workspace.apply(set_labels)
    workspace.undo()
    undo, labels, _accept = workspace.audit_trail(DOC_ID)
    assert undo.action == f"Undo {set_labels.label}"
    assert undo.action.startswith("Undo Claim labels of ")
    assert undo.before == labels.after
    assert undo.after == labels.before
    assert undo.after["claim"]["verdict"] is None


def test_the_trail_of_one_document_leaves_the_others_out(workspace):
    other = seed_document()
    other.id = "other"
    workspace.add_document(other, pipeline=PIPELINE)
    workspace.apply(AcceptStatement(DOC_ID, "q1"))
    workspace.apply(AcceptStatement("other", "q2"))
    assert [e.object_key for e in workspace.audit_trail(DOC_ID)] == ["statement:q1"]
    assert [e.object_key for e in workspace.audit_trail()] == ["statement:q2", "statement:q1"]
    assert [e.object_key for e in workspace.audit_trail(limit=1)] == ["statement:q2"]


def test_marking_done_is_audited(workspace):
    workspace.apply(MarkDocumentDone(DOC_ID))
    (entry,) = workspace.audit_trail()
    assert (entry.object_key, entry.before, entry.after) == (
        "document",
        {"done": False},
        {"done": True},
    )


def test_a_refused_edit_leaves_no_trace(workspace):
    with pytest.raises(InvalidEdit):
        workspace.apply(SetClaimLabels(DOC_ID, "q1", True, "no-such-verdict", [], None))
    assert workspace.audit_trail() == []
    assert workspace.undo_label() is None
