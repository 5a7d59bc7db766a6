"""One view of a document per annotator, and one meaning of "reviewed", wherever they are read.

The statements a document opens with (merged in Python), the document list's counts (SQL),
search (SQL text), the objects an edit's notification carries (the edit's own reads) and the
statement panel's heading (`Status.is_reviewed`) must say the same of the same database.
"""

from __future__ import annotations

from workspace_fixtures import PIPELINE, seed_document

from annotator.core.commands import (
    AcceptStatement,
    AddStatement,
    RejectStatement,
    SetClaimLabels,
)
from annotator.core.model import Statement, Status
from annotator.services.workspace import Workspace

DOC = seed_document()


def decide(url: str) -> list:
    """dana accepts q1, only labels the claim of q2, adds a statement; ben (a colleague)
    rejects q2. Returns the changes dana's workspace announced."""
    changes = []
    with Workspace.open(url, "dana") as dana:
        dana.add_document(seed_document(), pipeline=PIPELINE)
        dana.subscribe(changes.append)
        template = DOC.statements[0]
        dana.apply(AcceptStatement(DOC.id, "q1"))
        dana.apply(SetClaimLabels(DOC.id, "q2", True, None, [], "check the figures"))
        dana.apply(AddStatement(DOC.id, Statement("mine", template.cue, template.content)))
    with Workspace.open(url, "ben") as ben:
        ben.apply(RejectStatement(DOC.id, "q2"))
    return changes


def test_the_view_and_reviewed_mean_the_same_in_documents_lists_search_and_edits(database_url):
    changes = decide(database_url)
    with Workspace.open(database_url, "dana") as dana:
        view = dana.load_document(DOC.id)
        by_id = {s.id: s for s in view.statements}
        # Labelled but not decided; ben's rejection is his alone.
        assert by_id["q2"].status is Status.SUGGESTED and by_id["q2"].claim.checkworthy
        reviewed = {s.id for s in view.statements if s.status.is_reviewed}
        assert reviewed == {"q1", "mine"}

        [summary] = [s for s in dana.list_documents() if s.id == DOC.id]
        assert summary.statement_count == len(view.statements)
        assert summary.reviewed_count == len(reviewed)

        for status in Status:
            found = {hit.statement_id for hit in dana.search("", status=status.value)}
            assert found == {s.id for s in view.statements if s.status is status}, status

        announced = dict(pair for change in changes for pair in change.statements)
        assert announced == by_id  # the last word on each statement is what a reload shows
    with Workspace.open(database_url, "ben") as ben:
        [summary] = [s for s in ben.list_documents() if s.id == DOC.id]
        assert summary.reviewed_count == 1 and summary.statement_count == len(DOC.statements)
