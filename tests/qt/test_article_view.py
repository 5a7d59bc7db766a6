"""The article view paints each mark on exactly its words, emojis or not, and clicks select."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QTextCursor
from test_highlights import TEXT, article

from annotator.core.model import Source
from annotator.qt import palette
from annotator.qt.article_view import ArticleView, describe_at


def char_format_at(view: ArticleView, index: int):
    """The format of the character at code point `index` (Qt reports the one before a cursor)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.position_of(index) + 1)
    return cursor.charFormat()


def test_the_view_shows_the_text_exactly(qtbot):
    view = ArticleView()
    qtbot.addWidget(view)
    view.show_document(article())
    assert view.toPlainText() == TEXT


def test_marks_sit_on_their_words_after_an_emoji(qtbot):
    view = ArticleView()
    qtbot.addWidget(view)
    view.show_document(article())
    source = char_format_at(view, TEXT.index("Ali"))
    assert source.fontWeight() == QFont.Weight.Bold
    assert source.fontUnderline()
    assert source.foreground().color() == QColor(palette.entity_label("PERSON").color)
    pending_tint, pending_cue = palette.statement_colours("suggested")
    assert char_format_at(view, TEXT.index("said")).background().color() == QColor(pending_cue)
    assert char_format_at(view, TEXT.index("reporters")).background().color() == QColor(
        pending_tint
    )
    # The space before "said" belongs to no mark: a drift of one would colour it.
    before_cue = char_format_at(view, TEXT.index("said") - 1)
    assert before_cue.background().style() == Qt.BrushStyle.NoBrush
    assert not char_format_at(view, TEXT.index("Ali") - 1).fontUnderline()


def test_an_accepted_statement_is_drawn_in_the_gold_colours(qtbot):
    view = ArticleView()
    qtbot.addWidget(view)
    view.show_document(article())
    gold_tint, gold_cue = palette.statement_colours("accepted")
    assert char_format_at(view, TEXT.index("told")).background().color() == QColor(gold_cue)
    assert char_format_at(view, TEXT.index("failed")).background().color() == QColor(gold_tint)


def test_selecting_a_statement_overlays_exactly_its_parts(qtbot):
    view = ArticleView()
    qtbot.addWidget(view)
    view.show_document(article())
    view.select_statement("q2")
    covered = {selection.cursor.selectedText() for selection in view.extraSelections()}
    assert covered == {"Omar", "told", "the talks failed"}
    view.select_statement(None)
    assert view.extraSelections() == []


def test_a_click_on_a_cue_selects_its_statement(qtbot):
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    view.show_document(article())
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.position_of(TEXT.index("told") + 1))
    point = view.cursorRect(cursor).center()
    with qtbot.waitSignal(view.statement_clicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == ["q2"]


def test_the_tooltip_names_the_entity_label_and_the_statement():
    document = article()
    document.sources = [Source(id="s1", name="Ali Hassan")]
    document.statements[0].source_id = "s1"
    tip = describe_at(document, TEXT.index("Ali"))
    assert tip.splitlines() == [
        f"PERSON: {palette.entity_label('PERSON').description}",
        "q1 · Ali Hassan · “said” · indirect · suggested",
    ]
    assert describe_at(document, 0) == ""


def test_a_click_below_the_text_selects_nothing(qtbot):
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    view.show_document(article())
    corner = view.viewport().rect().bottomRight()
    with qtbot.assertNotEmitted(view.statement_clicked):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=corner)
