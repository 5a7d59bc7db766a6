"""The highlight layout: which stretches get which mark, and which statement a click picks."""

from annotator.core.model import Document, Entity, Span, Statement, Status
from annotator.qt.highlights import Mark, Role, document_marks, statement_at

TEXT = "😀 Ali said that Omar told reporters the talks failed."


def span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start, start + len(words), words)


def article() -> Document:
    outer = Statement(
        id="q1",
        source=span(TEXT, "Ali"),
        cue=span(TEXT, "said"),
        content=[span(TEXT, "Omar told reporters the talks failed")],
        confidence=0.9,
    )
    inner = Statement(
        id="q2",
        source=span(TEXT, "Omar"),
        cue=span(TEXT, "told"),
        content=[span(TEXT, "the talks failed")],
        parent="q1",
        status=Status.ACCEPTED,
    )
    ali = span(TEXT, "Ali")
    return Document(
        id="d",
        text=TEXT,
        entities=[Entity(ali.start, ali.end, ali.text, "PERSON")],
        statements=[outer, inner],
    )


def test_each_part_of_a_statement_gets_its_own_mark():
    marks = document_marks(article())
    q1 = {(m.role, TEXT[m.start : m.end]) for m in marks if m.statement_id == "q1"}
    assert q1 == {
        (Role.SOURCE, "Ali"),
        (Role.CUE, "said"),
        (Role.CONTENT, "Omar told reporters the talks failed"),
    }


def test_marks_carry_the_entity_label_and_the_statement_status():
    marks = document_marks(article())
    assert Mark(2, 5, Role.ENTITY, "PERSON") in marks
    assert {m.label for m in marks if m.statement_id == "q2"} == {"accepted"}


def test_content_is_painted_first_and_the_source_last():
    roles = [m.role for m in document_marks(article())]
    assert roles.index(Role.SOURCE) > roles.index(Role.CUE) > roles.index(Role.ENTITY)
    assert max(i for i, r in enumerate(roles) if r is Role.CONTENT) < roles.index(Role.ENTITY)


def test_a_click_on_the_nested_cue_picks_the_inner_statement():
    document = article()
    assert statement_at(document, TEXT.index("told")) == "q2"
    assert statement_at(document, TEXT.index("reporters")) == "q1"
    assert statement_at(document, TEXT.index("said") + 2) == "q1"


def test_a_click_outside_every_statement_picks_none():
    assert statement_at(article(), 0) is None
    assert statement_at(article(), len(TEXT) - 1) is None  # the final full stop
