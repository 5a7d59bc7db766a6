"""The statement list: one readable row per statement, J/K-style moves, next undecided."""

from dataclasses import replace

from test_highlights import article

from annotator.core.model import Source, Status
from annotator.qt.statement_panel import STATUS_COLUMN, StatementPanel, excerpt, speaker_text


def resolved_article():
    document = article()
    document.sources = [Source(id="s1", name="Ali Hassan")]
    document.statements[0].source_id = "s1"
    return document


def cell(panel: StatementPanel, row: int, column: int) -> str:
    return panel.model.index(row, column).data()


def test_a_row_shows_the_words_in_the_text_and_the_resolved_speaker(qtbot):
    panel = StatementPanel()
    qtbot.addWidget(panel)
    panel.show_document(resolved_article())
    assert panel.model.rowCount() == 2
    assert cell(panel, 0, 0) == "Ali → Ali Hassan"
    assert [cell(panel, 0, c) for c in range(1, 7)] == [
        "",  # Ali Hassan is named: nothing in the anonymity column
        "said",
        "Omar told reporters the talks failed",
        "indirect",
        "suggested",
        "0.90",
    ]
    assert cell(panel, 1, 0) == "Omar"  # no resolved source: the words alone
    assert cell(panel, 1, STATUS_COLUMN) == "accepted"


def test_speaker_text_without_a_source_mention_shows_a_dash():
    document = resolved_article()
    passive = replace(document.statements[0], source=None)
    assert speaker_text(document, passive) == "— → Ali Hassan"


def test_long_content_is_cut_at_a_word():
    statement = resolved_article().statements[0]
    assert excerpt(statement, length=20) == "Omar told reporters …"


def test_moving_selects_rows_and_tells_the_others(qtbot):
    panel = StatementPanel()
    qtbot.addWidget(panel)
    panel.show_document(resolved_article())
    with qtbot.waitSignal(panel.statement_selected) as selected:
        panel.move(+1)
    assert selected.args == ["q1"]  # nothing selected yet: the first row
    panel.move(+1)
    assert panel.selected_statement_id() == "q2"
    panel.move(+1)
    assert panel.selected_statement_id() == "q2"  # stays on the last row
    panel.move(-1)
    assert panel.selected_statement_id() == "q1"


def test_next_undecided_skips_decided_ones_and_wraps(qtbot):
    document = resolved_article()
    document.statements.append(replace(document.statements[0], id="q3"))
    panel = StatementPanel()
    qtbot.addWidget(panel)
    panel.show_document(document)
    assert panel.next_undecided("q1") == "q3"  # q2 is accepted already
    assert panel.next_undecided("q3") == "q1"
    document.statements[0].status = Status.REJECTED
    panel.show_document(document)
    assert panel.next_undecided("q3") is None


def test_the_selection_survives_a_refresh_of_the_same_document(qtbot):
    panel = StatementPanel()
    qtbot.addWidget(panel)
    panel.show_document(resolved_article())
    panel.select_statement("q2")
    panel.show_document(resolved_article())
    assert panel.selected_statement_id() == "q2"


def test_uncertainty_order_puts_confidence_nearest_a_half_first_and_none_last():
    from annotator.qt.statement_panel import uncertainty_order

    document = resolved_article()
    first, second = document.statements
    statements = [
        replace(first, id="a", confidence=0.95),
        replace(first, id="b", confidence=None),
        replace(second, id="c", confidence=0.4),
        replace(second, id="d", confidence=0.6),  # as far from 0.5 as "c": document order
        replace(first, id="e", confidence=0.0),
    ]
    assert [statements[i].id for i in uncertainty_order(statements)] == ["c", "d", "a", "e", "b"]
