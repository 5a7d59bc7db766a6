"""Labels name what the user sees (speakers, words of the text), never internal ids."""

from __future__ import annotations

import pytest

from annotator.core.commands import (
    AcceptStatement,
    AddStatement,
    Command,
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
from annotator.core.labels import LABEL_WIDTH, clip
from annotator.core.model import (
    DEFAULT_RATING_SCALE,
    Anonymity,
    Descriptors,
    Document,
    Entity,
    Origin,
    Source,
    Span,
    Statement,
    StatementKind,
)

# An invented article.
TEXT = (
    "Ana Ruiz, the deputy mayor, said that the new bridge over the river will open in May "
    "after two years of work. She added that the budget was kept. An unnamed engineer has "
    "stated that the rails still need testing."
)


def span(phrase: str) -> Span:
    start = TEXT.index(phrase)
    return Span.of(TEXT, start, start + len(phrase))


BRIDGE = "that the new bridge over the river will open in May after two years of work"


def invented_document() -> Document:
    doc = Document(id="d", text=TEXT)
    doc.sources = [
        Source("p1", "Ana Ruiz", mentions=[span("Ana Ruiz"), span("She")]),
        Source(
            "p2",
            "an unnamed engineer",
            anonymity=Anonymity.ANONYMOUS,
            mentions=[span("An unnamed engineer")],
        ),
    ]
    doc.statements = [
        Statement("h1", span("said"), [span(BRIDGE)], span("Ana Ruiz"), "p1"),
        Statement("h2", span("added"), [span("that the budget was kept")], span("She"), "p1"),
        Statement("h3", span("has stated"), [span("that the rails still need testing")]),
    ]
    doc.entities = [Entity(0, 8, "Ana Ruiz", "PERSON")]
    return doc


class MemoryState:
    """`AnnotationState` in dicts: the model's suggestions, one annotator's decisions."""

    annotator = "dana"
    rating_scale = DEFAULT_RATING_SCALE

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.suggested: dict = {("statement", s.id): s for s in doc.statements}
        self.suggested |= {("source", s.id): s for s in doc.sources}
        self.suggested |= {("entity", (e.start, e.end)): e for e in doc.entities}
        self.decided: dict = {}
        self.done = False

    def document_text(self, document_id):
        return self.doc.text

    def view_statements(self, document_id):
        return [self.view_statement(document_id, s.id) for s in self.doc.statements]

    def view_statement(self, document_id, statement_id):
        return self._view(("statement", statement_id))

    def statement_decision(self, document_id, statement_id):
        return self.decided.get(("statement", statement_id))

    def put_statement_decision(self, document_id, statement):
        self.decided[("statement", statement.id)] = statement

    def drop_statement_decision(self, document_id, statement_id):
        self.decided.pop(("statement", statement_id), None)

    def view_source(self, document_id, source_id):
        return self._view(("source", source_id))

    def source_decision(self, document_id, source_id):
        return self.decided.get(("source", source_id))

    def put_source_decision(self, document_id, source):
        self.decided[("source", source.id)] = source

    def drop_source_decision(self, document_id, source_id):
        self.decided.pop(("source", source_id), None)

    def view_entity(self, document_id, start, end):
        return self._view(("entity", (start, end)))

    def entity_decision(self, document_id, start, end):
        return self.decided.get(("entity", (start, end)))

    def put_entity_decision(self, document_id, entity):
        self.decided[("entity", (entity.start, entity.end))] = entity

    def drop_entity_decision(self, document_id, start, end):
        self.decided.pop(("entity", (start, end)), None)

    def is_done(self, document_id):
        return self.done

    def set_done(self, document_id, done):
        self.done = done

    def _view(self, key):
        return self.decided.get(key) or self.suggested.get(key)


def added() -> Statement:
    return Statement("mine", span("added"), [span("that the budget was kept")], origin=Origin.HUMAN)


LABELS = [
    (
        AcceptStatement("d", "h1"),
        "Accept Ana Ruiz: “that the new bridge over the river will open in …”",
    ),
    (RejectStatement("d", "h2"), "Reject Ana Ruiz: “that the budget was kept”"),
    (
        AcceptStatement("d", "h3"),
        "Accept unattributed: “that the rails still need testing”",
    ),
    (
        CorrectStatement("d", "h1", span("said"), [span(BRIDGE)], span("the deputy mayor")),
        "Source of “that the new bridge over …” → “the deputy mayor”",
    ),
    (
        CorrectStatement("d", "h3", span("stated"), [span("that the rails still need testing")]),
        "Cue → “stated”",
    ),
    (
        CorrectStatement("d", "h2", span("added"), [span("the budget")], span("She")),
        "Content of Ana Ruiz: “that the budget was kept” changed",
    ),
    (
        CorrectStatement(
            "d",
            "h2",
            span("added"),
            [span("that the budget was kept")],
            span("She"),
            StatementKind.DIRECT,
        ),
        "Kind → direct",
    ),
    (
        CorrectStatement("d", "h2", span("said"), [span("the budget")], span("She")),
        "Correct Ana Ruiz: “that the budget was kept”",
    ),
    (RelinkSpeaker("d", "h2", "p2"), "Speaker of “She” → an unnamed engineer"),
    (RelinkSpeaker("d", "h2", None), "Speaker of “She” → nobody"),
    (
        CreateSource("d", "h2", Source("p9", "", mentions=[span("the deputy mayor")])),
        "Speaker of “She” → new “the deputy mayor”",
    ),
    (
        CreateSource("d", "h3", Source("p9", "", mentions=[span("An unnamed engineer")])),
        "Speaker of “that the rails still need …” → new “An unnamed engineer”",
    ),
    (MergeSources("d", "p1", "p2"), "Merge “an unnamed engineer” into “Ana Ruiz”"),
    (
        SetClaimLabels("d", "h2", True, "false", [], None),
        "Claim labels of Ana Ruiz: “that the budget was kept”",
    ),
    (AddStatement("d", added()), "Add statement: “that the budget was kept”"),
    (SetAnonymity("d", "p1", Anonymity.VAGUE), "Mark “Ana Ruiz” vague"),
    (
        SetAnonymity("d", "p2", Anonymity.ANONYMOUS, Descriptors(role="engineer")),
        "Descriptors of “an unnamed engineer”",
    ),
    (LabelEntity("d", 0, 8, "ORG"), "Label “Ana Ruiz” ORG"),
    (LabelEntity("d", 0, 8, None), "Remove entity “Ana Ruiz”"),
    (MarkDocumentDone("d"), "Mark “Ana Ruiz, the deputy mayor, said that the new …” done"),
    (
        MarkDocumentDone("d", False),
        "Mark “Ana Ruiz, the deputy mayor, said that the new …” not done",
    ),
]


@pytest.mark.parametrize(("command", "label"), LABELS, ids=lambda x: getattr(x, "label", x))
def test_do_gives_a_label_that_names_what_the_user_sees(command: Command, label: str):
    command.do(MemoryState(invented_document()))
    assert command.label == label
    assert len(command.label) <= LABEL_WIDTH


def test_a_deleted_statement_is_named_by_its_words():
    state = MemoryState(invented_document())
    AddStatement("d", added()).do(state)
    delete = DeleteStatement("d", "mine")
    delete.do(state)
    assert delete.label == "Delete statement: “that the budget was kept”"


@pytest.mark.parametrize(
    ("width", "clipped"),
    [
        (80, "that the new bridge over the river will open in May after two years of work"),
        (20, "that the new …"),  # not "that the new bridge" cut inside "bridge"
        (24, "that the new bridge …"),
        (6, "that …"),
        (3, "t …"),
    ],
)
def test_long_text_is_cut_at_a_word(width: int, clipped: str):
    assert clip(BRIDGE, width) == clipped
    assert len(clipped) <= width or width < 3


def test_a_comma_before_the_cut_is_dropped():
    assert clip("Ana Ruiz, the deputy mayor", 14) == "Ana Ruiz …"
