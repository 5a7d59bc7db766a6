"""Each edit changes the user's view as intended, and undo restores it exactly."""

from __future__ import annotations

from dataclasses import replace

import pytest
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.commands import (
    AcceptStatement,
    AddStatement,
    CorrectStatement,
    CreateSource,
    DeleteStatement,
    LabelEntity,
    MarkDocumentDone,
    MergeSources,
    RejectStatement,
    RelinkSpeaker,
    SetAnonymity,
    SetClaimLabels,
)
from annotator.core.model import (
    Anonymity,
    Descriptors,
    Document,
    Evidence,
    Origin,
    Source,
    Span,
    Statement,
    StatementKind,
    Status,
)
from annotator.services.workspace import Change, Workspace
from annotator.store.errors import InvalidEdit

DOC = seed_document()
TEXT = DOC.text


def span(phrase: str):
    start = TEXT.index(phrase)
    return DOC.span(start, start + len(phrase))


def added_statement() -> Statement:
    return Statement(
        id="h1",
        source=span("Hamas accused"),
        cue=span("accused"),
        content=[span("Israeli Prime Minister Benjamin Netanyahu’s government")],
        source_id="s2",
    )


HAMAS = span("Hamas")

EDITS = [
    (AcceptStatement(DOC.id, "q1"), lambda d: d.statements[0].status is Status.ACCEPTED),
    (RejectStatement(DOC.id, "q2"), lambda d: d.statements[1].status is Status.REJECTED),
    (
        CorrectStatement(DOC.id, "q2", span("noted"), [span("mediators failed")], None),
        lambda d: (
            d.statements[1].content[0].text == "mediators failed"
            and d.statements[1].source is None
            and d.statements[1].status is Status.CORRECTED
        ),
    ),
    (
        AddStatement(DOC.id, replace(added_statement(), confidence=0.9)),
        lambda d: (
            d.statements[2].status is Status.ADDED
            and d.statements[2].origin is Origin.HUMAN
            and d.statements[2].confidence is None  # a person's statement, no model's score
        ),
    ),
    (RelinkSpeaker(DOC.id, "q2", "s2"), lambda d: d.statements[1].source_id == "s2"),
    (
        SetAnonymity(DOC.id, "s2", Anonymity.VAGUE, Descriptors(reason="not authorised")),
        lambda d: (
            d.sources[1].anonymity is Anonymity.VAGUE
            and d.sources[1].descriptors.reason == "not authorised"
        ),
    ),
    (
        SetClaimLabels(DOC.id, "q1", True, "mostly-false", [Evidence("https://e.example")], "n"),
        lambda d: (
            d.statements[0].claim.verdict == "mostly-false"
            and d.statements[0].claim.evidence[0].url == "https://e.example"
            and d.statements[0].claim.checkworthy is True
            and d.statements[0].claim.note == "n"
        ),
    ),
    (
        LabelEntity(DOC.id, HAMAS.start, HAMAS.end, "NORP"),
        lambda d: (d.entities[0].label, d.entities[0].status) == ("NORP", Status.CORRECTED),
    ),
    (
        LabelEntity(DOC.id, HAMAS.start, HAMAS.end, None),
        lambda d: d.entities[0].status is Status.REJECTED,
    ),
    (
        LabelEntity(DOC.id, 0, 1, "PERSON"),
        lambda d: any(e.start == 0 and e.status is Status.ADDED for e in d.entities),
    ),
    (MarkDocumentDone(DOC.id), None),
]


@pytest.fixture
def workspace(database_url):
    with Workspace.open(database_url, "dana") as ws:
        ws.add_document(seed_document(), pipeline=PIPELINE)
        yield ws


@pytest.mark.parametrize(("command", "effect"), EDITS, ids=lambda x: getattr(x, "label", ""))
def test_do_changes_the_view_and_undo_restores_it_exactly(workspace, command, effect):
    before = workspace.load_document(DOC.id)
    summary_before = workspace.list_documents()
    workspace.apply(command)
    after = workspace.load_document(DOC.id)
    if effect is not None:
        assert effect(after)
    assert after != before or workspace.list_documents() != summary_before
    assert workspace.undo_label() == command.label

    undone = workspace.undo()
    assert undone is not None and undone.label == command.label
    assert workspace.load_document(DOC.id) == before
    assert workspace.list_documents() == summary_before

    workspace.redo()
    assert workspace.load_document(DOC.id) == after


IDS = ("q1", "q2", "h1", "s1", "s2", "p1", DOC.id)


def new_source(phrase: str) -> Source:
    """A source the user makes from the words `phrase` (named by them: no name given)."""
    return Source("p1", "", mentions=[span(phrase)])


SPEAKER_EDITS = [
    RelinkSpeaker(DOC.id, "q2", "s2"),
    CreateSource(DOC.id, "q2", new_source("The Palestinian leader")),
    MergeSources(DOC.id, "s2", "s1"),
]


@pytest.mark.parametrize(
    "command", [c for c, _ in EDITS] + SPEAKER_EDITS, ids=lambda c: type(c).__name__
)
def test_a_label_names_what_the_user_sees_not_ids(workspace, command):
    workspace.apply(command)
    label = workspace.undo_label()
    assert label == command.label and "“" in label
    assert not any(object_id in label for object_id in IDS), label


@pytest.mark.parametrize(
    "command", [c for c, _ in EDITS] + SPEAKER_EDITS, ids=lambda c: type(c).__name__
)
def test_the_notification_carries_the_view_a_reload_would_show(workspace, command):
    heard: list[Change] = []
    workspace.subscribe(heard.append)
    view = workspace.load_document(DOC.id)
    for step in (lambda: workspace.apply(command), workspace.undo, workspace.redo):
        step()
        change = heard.pop()
        assert (change.document_id, change.kind) == (DOC.id, command.change_kind)
        assert change.object_ids == command.object_ids()
        view = updated(view, change)
        assert objects(view) == objects(workspace.load_document(DOC.id))
        assert (change.done is None) == (command.change_kind != "document")
        if change.done is not None:
            assert workspace.list_documents()[0].done is change.done


def test_the_notification_says_when_a_relink_empties_a_source(workspace):
    he = workspace.load_document(DOC.id).statement_by_id("q2").source
    workspace.apply(CreateSource(DOC.id, "q2", Source("p1", "", mentions=[he])))
    heard: list[Change] = []
    workspace.subscribe(heard.append)
    view = workspace.load_document(DOC.id)
    for step in (lambda: workspace.apply(RelinkSpeaker(DOC.id, "q2", "s1")), workspace.undo):
        step()  # "He" was p1's last mention: the relink empties p1, its undo brings p1 back
        view = updated(view, heard.pop())
        assert objects(view) == objects(workspace.load_document(DOC.id))
    assert view.source_by_id("p1") is not None


def updated(view: Document, change: Change) -> Document:
    """`view` with the objects of `change` put in or taken out, as a front end would."""

    def apply(objects: list, key, pairs) -> list:
        by_key = {key(o): o for o in objects}
        for k, new in pairs:
            if new is None:
                by_key.pop(k, None)
            else:
                by_key[k] = new
        return list(by_key.values())

    return replace(
        view,
        statements=apply(view.statements, lambda s: s.id, change.statements),
        sources=apply(view.sources, lambda s: s.id, change.sources),
        entities=apply(view.entities, lambda e: (e.start, e.end), change.entities),
    )


def objects(doc: Document) -> tuple[dict, ...]:
    """A document's objects by key (a notification says what, not where in the list)."""
    return (
        {s.id: s for s in doc.statements},
        {s.id: s for s in doc.sources},
        {(e.start, e.end): e for e in doc.entities},
    )


def test_undo_of_a_second_edit_restores_the_first(workspace):
    workspace.apply(AcceptStatement(DOC.id, "q1"))
    accepted = workspace.load_document(DOC.id)
    workspace.apply(SetClaimLabels(DOC.id, "q1", True, "false", [], None))
    workspace.undo()
    assert workspace.load_document(DOC.id) == accepted


def test_delete_removes_an_added_statement_and_undo_brings_it_back(workspace):
    workspace.apply(AddStatement(DOC.id, added_statement()))
    with_it = workspace.load_document(DOC.id)
    workspace.apply(DeleteStatement(DOC.id, "h1"))
    assert [s.id for s in workspace.load_document(DOC.id).statements] == ["q1", "q2"]
    workspace.undo()
    assert workspace.load_document(DOC.id) == with_it


def test_a_models_statement_cannot_be_deleted_only_rejected(workspace):
    with pytest.raises(InvalidEdit, match="reject"):
        workspace.apply(DeleteStatement(DOC.id, "q1"))
    workspace.apply(AcceptStatement(DOC.id, "q1"))  # the user's decision on it is no licence
    with pytest.raises(InvalidEdit, match="reject"):
        workspace.apply(DeleteStatement(DOC.id, "q1"))
    assert [s.id for s in workspace.load_document(DOC.id).statements] == ["q1", "q2"]


def test_accepting_keeps_what_a_person_made_or_corrected(workspace):
    workspace.apply(AddStatement(DOC.id, added_statement()))
    workspace.apply(CorrectStatement(DOC.id, "h1", span("accused"), [span("Israeli")], None))
    workspace.apply(CorrectStatement(DOC.id, "q2", span("noted"), [span("mediators")], None))
    workspace.apply(AcceptStatement(DOC.id, "h1"))
    workspace.apply(AcceptStatement(DOC.id, "q2"))
    view = workspace.load_document(DOC.id)
    assert view.statement_by_id("h1").status is Status.ADDED  # still the user's own
    assert view.statement_by_id("h1").content == [span("Israeli")]
    assert view.statement_by_id("q2").status is Status.CORRECTED


def test_a_statement_needs_some_content(workspace):
    before = workspace.load_document(DOC.id)
    with pytest.raises(InvalidEdit, match="at least one content"):
        workspace.apply(CorrectStatement(DOC.id, "q1", span("noted"), [], None))
    assert workspace.load_document(DOC.id) == before
    assert workspace.undo_label() is None


def test_an_entity_can_be_accepted_and_only_an_entity_there_rejected(workspace):
    before = workspace.load_document(DOC.id)
    with pytest.raises(InvalidEdit, match="no entity at 0-1"):
        workspace.apply(LabelEntity(DOC.id, 0, 1, None))
    assert workspace.load_document(DOC.id) == before
    workspace.apply(LabelEntity(DOC.id, HAMAS.start, HAMAS.end, "ORG"))  # its own label
    workspace.apply(LabelEntity(DOC.id, 0, 1, "PERSON"))
    workspace.apply(LabelEntity(DOC.id, 0, 1, "PERSON"))  # accepting one's own: still added
    statuses = {(e.text, e.label): e.status for e in workspace.load_document(DOC.id).entities}
    assert statuses == {("Hamas", "ORG"): Status.ACCEPTED, ("A", "PERSON"): Status.ADDED}


def test_undo_of_reopening_a_document_marks_it_done_again(workspace):
    def done() -> bool:
        [summary] = workspace.list_documents()
        return summary.done

    workspace.apply(MarkDocumentDone(DOC.id))
    workspace.apply(MarkDocumentDone(DOC.id, done=False))
    assert not done()
    workspace.undo()
    assert done()
    workspace.undo()
    assert not done()


def test_a_verdict_off_the_scale_is_refused(workspace):
    with pytest.raises(InvalidEdit, match="not on the scale"):
        workspace.apply(SetClaimLabels(DOC.id, "q1", True, "pants-on-fire", [], None))
    assert workspace.load_document(DOC.id).statements[0].claim.verdict is None


def test_a_custom_rating_scale_is_honoured(database_url):
    with Workspace.open(database_url, "dana", rating_scale=("pants-on-fire", "true")) as ws:
        ws.add_document(seed_document(), pipeline=PIPELINE)
        ws.apply(SetClaimLabels(DOC.id, "q1", True, "pants-on-fire", [], None))
        assert ws.load_document(DOC.id).statements[0].claim.verdict == "pants-on-fire"


def test_an_entity_of_no_words_is_refused(workspace):
    with pytest.raises(InvalidEdit, match="entity 5-5 lies outside the text"):
        workspace.apply(LabelEntity(DOC.id, 5, 5, "PERSON"))
    assert workspace.undo_label() is None


def test_a_span_outside_the_text_is_refused(workspace):
    from annotator.core.model import Span

    bad = CorrectStatement(DOC.id, "q1", Span(5, 99_999, ""), [span("mediators")], None)
    with pytest.raises(InvalidEdit, match="outside the text"):
        workspace.apply(bad)
    assert workspace.undo_label() is None


def test_undo_and_redo_work_across_documents(workspace):
    other = seed_document()
    other.id = "other"
    workspace.add_document(other, pipeline=PIPELINE)
    accept = AcceptStatement(DOC.id, "q1")
    workspace.apply(accept)
    workspace.apply(RejectStatement("other", "q1"))
    assert workspace.undo().document_id == "other"
    assert workspace.undo().document_id == DOC.id
    assert workspace.undo() is None
    assert workspace.redo_label() == accept.label
    workspace.redo()
    assert workspace.load_document(DOC.id).statements[0].status is Status.ACCEPTED
    assert workspace.load_document("other").statements[0].status is Status.SUGGESTED


def test_a_new_edit_clears_what_could_be_redone(workspace):
    workspace.apply(AcceptStatement(DOC.id, "q1"))
    workspace.undo()
    workspace.apply(RejectStatement(DOC.id, "q2"))
    assert workspace.redo_label() is None
    assert workspace.redo() is None


def test_an_edit_in_another_window_clears_what_could_be_redone(database_url, workspace):
    with Workspace.open(database_url, "dana") as elsewhere:
        workspace.apply(AcceptStatement(DOC.id, "q1"))
        elsewhere.undo()  # the user's undo log is one, whichever window they use
        reject = RejectStatement(DOC.id, "q2")
        workspace.apply(reject)
        assert workspace.redo_label() is None and elsewhere.redo_label() is None
        assert elsewhere.undo().label == reject.label
        assert workspace.redo().label == reject.label
        assert elsewhere.redo() is None  # the accept stays undone
        assert workspace.load_document(DOC.id).statements[0].status is Status.SUGGESTED


def test_undo_and_redo_survive_a_restart(database_url):
    with Workspace.open(database_url, "dana") as ws:
        ws.add_document(seed_document(), pipeline=PIPELINE)
        correct = CorrectStatement(DOC.id, "q2", span("noted"), [span("mediators")], None)
        ws.apply(correct)
        accept = AcceptStatement(DOC.id, "q1")
        ws.apply(accept)
        ws.undo()
    with Workspace.open(database_url, "dana") as ws:
        assert ws.redo_label() == accept.label
        assert ws.undo_label() == correct.label
        ws.undo()
        assert ws.load_document(DOC.id) == seed_document()


def test_each_user_undoes_only_their_own_edits(database_url):
    with Workspace.open(database_url, "dana") as dana, Workspace.open(database_url, "lee") as lee:
        dana.add_document(seed_document(), pipeline=PIPELINE)
        accept = AcceptStatement(DOC.id, "q1")
        dana.apply(accept)
        assert lee.undo() is None
        assert dana.undo_label() == accept.label


def test_a_colleagues_edits_and_undos_leave_ones_redo_alone(database_url):
    with Workspace.open(database_url, "dana") as dana, Workspace.open(database_url, "lee") as lee:
        dana.add_document(seed_document(), pipeline=PIPELINE)
        lee.apply(RejectStatement(DOC.id, "q2"))
        lee.undo()
        dana.apply(AcceptStatement(DOC.id, "q1"))
        dana.undo()  # her undo forgets only her own unreachable entries
        dana.apply(RejectStatement(DOC.id, "q1"))
        assert lee.redo_label() is not None and lee.redo_label().startswith("Reject ")
        lee.redo()
        assert lee.load_document(DOC.id).statement_by_id("q2").status is Status.REJECTED
        assert dana.redo_label() is None  # her new edit, not Lee's, cleared hers


def test_statement_kind_survives_a_correction(workspace):
    workspace.apply(
        CorrectStatement(
            DOC.id, "q1", span("stated"), [span("that the meetings")], None, StatementKind.DIRECT
        )
    )
    assert workspace.load_document(DOC.id).statements[0].kind is StatementKind.DIRECT


# ----------------------------------------------------------------- speakers and mentions


def texts(spans) -> list[str]:
    return [s.text for s in spans]


def in_text_order(spans) -> list:
    return sorted(spans, key=lambda s: s.start)


def test_relinking_he_moves_the_mention_and_undo_restores_both_sources(workspace):
    before = workspace.load_document(DOC.id)
    he = before.statement_by_id("q2").source
    assert he in before.source_by_id("s1").mentions
    workspace.apply(RelinkSpeaker(DOC.id, "q2", "s2"))
    after = workspace.load_document(DOC.id)
    assert he not in after.source_by_id("s1").mentions
    assert after.source_by_id("s2").mentions == in_text_order(
        [*before.source_by_id("s2").mentions, he]
    )
    assert after.statement_by_id("q2").source == he  # the words stay, their speaker changed
    workspace.undo()
    assert workspace.load_document(DOC.id) == before
    workspace.redo()
    assert workspace.load_document(DOC.id) == after


def test_undo_of_a_relink_restores_source_decisions_exactly(workspace):
    workspace.apply(SetAnonymity(DOC.id, "s1", Anonymity.VAGUE))
    workspace.apply(SetAnonymity(DOC.id, "s2", Anonymity.ANONYMOUS, Descriptors(count=1)))
    decided = workspace.load_document(DOC.id)
    workspace.apply(RelinkSpeaker(DOC.id, "q2", "s2"))
    relinked = workspace.load_document(DOC.id)
    he = decided.statement_by_id("q2").source
    assert he not in relinked.source_by_id("s1").mentions
    assert relinked.source_by_id("s1").anonymity is Anonymity.VAGUE
    assert relinked.source_by_id("s2").descriptors.count == 1
    workspace.undo()
    assert workspace.load_document(DOC.id) == decided


def test_relinking_to_nobody_takes_the_mention_out_of_the_chain(workspace):
    he = workspace.load_document(DOC.id).statement_by_id("q2").source
    workspace.apply(RelinkSpeaker(DOC.id, "q2", None))
    assert he not in workspace.load_document(DOC.id).source_by_id("s1").mentions


def test_a_selection_becomes_a_new_source_and_the_speaker(workspace):
    before = workspace.load_document(DOC.id)
    he = before.statement_by_id("q2").source
    selection = span("The Palestinian leader")
    workspace.apply(CreateSource(DOC.id, "q2", new_source("The Palestinian leader")))
    after = workspace.load_document(DOC.id)
    made = after.source_by_id("p1")
    assert made.name == "The Palestinian leader"
    assert made.mentions == in_text_order([selection, he])
    assert he not in after.source_by_id("s1").mentions
    assert after.statement_by_id("q2").source_id == "p1"
    assert after.statement_by_id("q2").status is Status.CORRECTED
    workspace.undo()
    assert workspace.load_document(DOC.id) == before
    workspace.redo()
    assert workspace.load_document(DOC.id) == after


def test_a_statement_without_a_mention_takes_the_selection_as_one(workspace):
    workspace.apply(CorrectStatement(DOC.id, "q2", span("noted"), [span("mediators")], None))
    workspace.apply(CreateSource(DOC.id, "q2", new_source("The Palestinian leader")))
    view = workspace.load_document(DOC.id)
    assert view.statement_by_id("q2").source == span("The Palestinian leader")
    assert texts(view.source_by_id("p1").mentions) == ["The Palestinian leader"]


def misplaced(phrase: str) -> Span:
    """The place of `phrase` in the text with other words: not what the user selected."""
    place = span(phrase)
    return Span(place.start, place.end, "x" * len(place))


@pytest.mark.parametrize(
    ("source", "refusal"),
    [
        (Source("s2", "", mentions=[span("The Palestinian leader")]), "exists"),
        (Source("p1", "", mentions=[]), "words that name it"),
        (Source("p1", "", mentions=[misplaced("The Palestinian leader")]), "not where"),
    ],
)
def test_a_new_source_is_refused_when_it_cannot_be_made(workspace, source, refusal):
    before = workspace.load_document(DOC.id)
    with pytest.raises(InvalidEdit, match=refusal):
        workspace.apply(CreateSource(DOC.id, "q2", source))
    assert workspace.load_document(DOC.id) == before
    assert workspace.undo_label() is None


def test_merging_two_sources_relinks_their_statements_and_joins_their_mentions(workspace):
    before = workspace.load_document(DOC.id)
    workspace.apply(MergeSources(DOC.id, "s2", "s1"))
    after = workspace.load_document(DOC.id)
    assert [s.source_id for s in after.statements] == ["s2", "s2"]
    both = [*before.source_by_id("s1").mentions, *before.source_by_id("s2").mentions]
    assert after.source_by_id("s2").mentions == in_text_order(both)
    assert after.source_by_id("s1") is None  # emptied: gone from this user's view
    workspace.undo()
    assert workspace.load_document(DOC.id) == before
    workspace.redo()
    assert workspace.load_document(DOC.id) == after


def test_a_merge_keeps_a_rejected_statement_rejected(workspace):
    workspace.apply(RejectStatement(DOC.id, "q2"))
    workspace.apply(MergeSources(DOC.id, "s2", "s1"))
    view = workspace.load_document(DOC.id)
    assert [(s.source_id, s.status) for s in view.statements] == [
        ("s2", Status.CORRECTED),
        ("s2", Status.REJECTED),
    ]


@pytest.mark.parametrize(("keep", "merged"), [("s1", "s1"), ("s1", "s9"), ("s9", "s1")])
def test_a_merge_needs_two_sources_in_the_view(workspace, keep, merged):
    with pytest.raises(InvalidEdit, match=r"s1 cannot be merged|no source s9"):
        workspace.apply(MergeSources(DOC.id, keep, merged))


def test_a_source_emptied_by_a_relink_leaves_the_view_and_cannot_be_linked(workspace):
    he = workspace.load_document(DOC.id).statement_by_id("q2").source
    workspace.apply(CreateSource(DOC.id, "q2", Source("p1", "", mentions=[he])))
    assert texts(workspace.load_document(DOC.id).source_by_id("p1").mentions) == ["He"]
    workspace.apply(RelinkSpeaker(DOC.id, "q2", "s1"))  # "He" was the last mention of p1
    view = workspace.load_document(DOC.id)
    assert view.source_by_id("p1") is None
    assert he in view.source_by_id("s1").mentions
    with pytest.raises(InvalidEdit, match="no source p1"):
        workspace.apply(RelinkSpeaker(DOC.id, "q1", "p1"))


def test_a_new_source_cannot_take_the_id_of_one_emptied_from_the_view(workspace):
    he = workspace.load_document(DOC.id).statement_by_id("q2").source
    workspace.apply(CreateSource(DOC.id, "q2", Source("p1", "", mentions=[he])))
    workspace.apply(RelinkSpeaker(DOC.id, "q2", "s1"))  # p1 is emptied, still a decision
    with pytest.raises(InvalidEdit, match="source p1 exists"):
        workspace.apply(CreateSource(DOC.id, "q1", new_source("The Palestinian leader")))


def test_a_source_without_mentions_stays_while_a_statement_speaks_through_it(database_url):
    doc = seed_document()
    doc.sources.append(Source("s3", "a silent source"))
    with Workspace.open(database_url, "dana") as ws:
        ws.add_document(doc, pipeline=PIPELINE)
        ws.apply(CorrectStatement(DOC.id, "q2", span("noted"), [span("mediators")], None))
        ws.apply(RelinkSpeaker(DOC.id, "q2", "s3"))  # no words in the text to move
        ws.apply(SetAnonymity(DOC.id, "s3", Anonymity.VAGUE))  # her decision, no mentions
        view = ws.load_document(DOC.id)
        assert view.source_by_id("s3").anonymity is Anonymity.VAGUE
        assert view.statement_by_id("q2").source_id == "s3"
        heard: list[Change] = []
        ws.subscribe(heard.append)
        for step in (lambda: ws.apply(RelinkSpeaker(DOC.id, "q2", "s1")), ws.undo):
            step()  # s3 leaves the view (and comes back) without being written itself
            view = updated(view, heard.pop())
            assert objects(view) == objects(ws.load_document(DOC.id))
        assert view.source_by_id("s3") is not None


def test_only_a_users_emptied_decision_leaves_the_view_never_a_suggestion(database_url):
    doc = seed_document()
    doc.sources.append(Source("s3", "a silent source"))  # a suggestion with no mentions
    with Workspace.open(database_url, "dana") as ws:
        ws.add_document(doc, pipeline=PIPELINE)
        ws.apply(MergeSources(DOC.id, "s2", "s1"))
        assert [s.id for s in ws.load_document(DOC.id).sources] == ["s2", "s3"]
    with Workspace.open(database_url, "lee") as lee:  # a colleague still sees s1
        assert [s.id for s in lee.load_document(DOC.id).sources] == ["s1", "s2", "s3"]


@pytest.mark.parametrize("command", SPEAKER_EDITS, ids=lambda c: type(c).__name__)
def test_speaker_edits_undo_and_redo_after_reopening_the_database(database_url, command):
    with Workspace.open(database_url, "dana") as ws:
        ws.add_document(seed_document(), pipeline=PIPELINE)
        before = ws.load_document(DOC.id)
        ws.apply(command)
        after = ws.load_document(DOC.id)
        label = ws.undo_label()
    with Workspace.open(database_url, "dana") as ws:
        assert ws.undo_label() == label
        assert ws.undo().label == label
        assert ws.load_document(DOC.id) == before
    with Workspace.open(database_url, "dana") as ws:
        assert ws.redo_label() == label
        ws.redo()
        assert ws.load_document(DOC.id) == after
        ws.undo()
        assert ws.load_document(DOC.id) == before
