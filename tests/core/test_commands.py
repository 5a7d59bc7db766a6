"""Commands are plain data: they round-trip through JSON exactly, with what they replaced."""

from __future__ import annotations

import pytest

from annotator.core.commands import (
    COMMAND_TYPES,
    AcceptStatement,
    AddStatement,
    CommandError,
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
    SourceBefore,
    StatementBefore,
    command_from_json,
)
from annotator.core.model import (
    Anonymity,
    Claim,
    Descriptors,
    Entity,
    Evidence,
    Origin,
    Source,
    Span,
    Statement,
    StatementKind,
    Status,
)

CUE = Span(10, 15, "noted")
CONTENT = [Span(16, 30, "that “mediato"), Span(40, 44, "😀ok")]
DECISION = Statement(
    id="q3",
    cue=CUE,
    content=CONTENT,
    source=Span(7, 9, "He"),
    source_id="s1",
    kind=StatementKind.MIXED,
    status=Status.CORRECTED,
    origin=Origin.MODEL,
    confidence=0.5,
    annotator="dana",
    claim=Claim(True, "false", [Evidence("https://x.example", "a note")], "check"),
)
SOURCE = Source(
    "s1",
    "an official",
    anonymity=Anonymity.ANONYMOUS,
    descriptors=Descriptors(role="official", count=2),
    mentions=[Span(7, 9, "He")],
)

EXAMPLES = [
    AcceptStatement("doc", "q3", before=DECISION, summary="Accept Ana Ruiz: “that …”"),
    RejectStatement("doc", "q3"),
    CorrectStatement("doc", "q3", CUE, CONTENT, None, StatementKind.DIRECT, before=DECISION),
    AddStatement("doc", DECISION),
    DeleteStatement("doc", "h1", before=DECISION),
    RelinkSpeaker("doc", "q3", "s2", before=DECISION),
    RelinkSpeaker("doc", "q3", None),
    RelinkSpeaker("doc", "q3", "s2", before=DECISION, sources_before=[SourceBefore("s1", SOURCE)]),
    CreateSource(
        "doc",
        "q3",
        Source("p1", "", mentions=[Span(0, 6, "Mayor😀")]),
        before=None,
        sources_before=[SourceBefore("p1"), SourceBefore("s1", SOURCE)],
    ),
    MergeSources(
        "doc",
        "s2",
        "s1",
        statements_before=[StatementBefore("q3", DECISION), StatementBefore("q4")],
        sources_before=[SourceBefore("s2"), SourceBefore("s1", SOURCE)],
    ),
    SetAnonymity("doc", "s1", Anonymity.VAGUE, Descriptors(reason="not authorised"), before=SOURCE),
    SetClaimLabels("doc", "q3", False, "half-true", [Evidence(None, "n")], "note"),
    LabelEntity("doc", 3, 8, "ORG", before=Entity(3, 8, "Hamas", "GPE", annotator="dana")),
    LabelEntity("doc", 3, 8, None),
    MarkDocumentDone("doc", True, before=False),
    MarkDocumentDone("doc", False),
]


@pytest.mark.parametrize("command", EXAMPLES, ids=lambda c: c.label)
def test_a_command_round_trips_through_json(command):
    again = command_from_json(command.to_json())
    assert again == command
    assert type(again) is type(command)
    assert again.to_json() == command.to_json()


def test_every_command_type_has_a_round_trip_example():
    assert {type(c).__name__ for c in EXAMPLES} == set(COMMAND_TYPES)


def test_what_a_speaker_edit_replaced_comes_back_as_objects():
    logged = next(c for c in EXAMPLES if isinstance(c, MergeSources))
    merge = command_from_json(logged.to_json())
    assert merge.statements_before[0].decision.claim.evidence[0].url == "https://x.example"
    assert merge.statements_before[1].decision is None
    assert merge.sources_before[1].decision.anonymity is Anonymity.ANONYMOUS
    assert merge.sources_before[1].decision.mentions == [Span(7, 9, "He")]


def test_a_relink_logged_before_it_moved_mentions_still_loads():
    old_row = (
        '{"type": "RelinkSpeaker", "document_id": "d", "statement_id": "q2",'
        ' "before": null, "source_id": "s2"}'
    )
    relink = command_from_json(old_row)
    assert relink.sources_before == [] and relink.label == "Relink speaker of q2 to s2"


def test_enums_come_back_as_enums():
    again = command_from_json(EXAMPLES[0].to_json())
    assert again.before.status is Status.CORRECTED
    assert again.before.kind is StatementKind.MIXED


@pytest.mark.parametrize(
    ("command", "label"),
    [
        (AcceptStatement("d", "q3"), "Accept statement q3"),
        (RejectStatement("d", "q3"), "Reject statement q3"),
        (RelinkSpeaker("d", "q3", "s2"), "Relink speaker of q3 to s2"),
        (LabelEntity("d", 3, 8, None), "Reject entity 3-8"),
        (MarkDocumentDone("d"), "Mark d done"),
    ],
)
def test_before_do_has_described_it_a_label_falls_back_to_ids(command, label):
    assert command.label == label


def test_an_undo_log_row_written_before_summaries_still_has_a_label():
    old_row = (
        '{"type": "AcceptStatement", "document_id": "d", "statement_id": "q2", "before": null}'
    )
    command = command_from_json(old_row)
    assert command.summary == ""
    assert command.label == "Accept statement q2"


def test_the_label_is_the_summary_do_wrote():
    command = command_from_json(EXAMPLES[0].to_json())
    assert command.label == "Accept Ana Ruiz: “that …”"


def test_an_unknown_command_in_the_log_is_reported():
    with pytest.raises(CommandError, match="unknown command"):
        command_from_json('{"type": "FormatDisk", "document_id": "d"}')
