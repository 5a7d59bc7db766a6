"""Article text is shown as text: markup in an imported article never takes effect in a
tooltip, a label or a list of the window."""

from PySide6.QtCore import Qt

from annotator.core.model import Anonymity, Document, Source, Span, Statement
from annotator.qt.article_view import describe_at
from annotator.qt.detail_panel import DetailPanel
from annotator.qt.plain_text import plain_tooltip
from annotator.qt.speaker_picker import SpeakerPicker, speaker_choices
from annotator.qt.statement_panel import ANONYMITY_COLUMN, SPEAKER_COLUMN, StatementPanel

HOSTILE = '<b>Bold</b> <img src="/etc/hostname"> <a href="file:///">x</a>'
TEXT = f"{HOSTILE} said the plan was <i>late</i>."


def hostile_document() -> Document:
    document = Document(id="hostile", text=TEXT)
    said = TEXT.index("said")
    source = document.span(0, len(HOSTILE))
    document.sources = [
        Source("s1", HOSTILE, anonymity=Anonymity.ANONYMOUS, mentions=[source]),
    ]
    document.statements = [
        Statement(
            id="q1",
            source=source,
            source_id="s1",
            cue=document.span(said, said + 4),
            content=[Span.of(TEXT, said + 5, len(TEXT) - 1)],
        )
    ]
    return document


def shows_literally(tip: str) -> bool:
    return "<b>" not in tip and "&lt;b&gt;" in tip and "&lt;img" in tip


def test_a_tooltip_escapes_markup():
    assert shows_literally(plain_tooltip(HOSTILE))


def test_the_article_and_the_statement_table_show_markup_as_text(qtbot):
    document = hostile_document()
    assert HOSTILE in describe_at(document, 2)  # the article view passes it to plain_tooltip
    panel = StatementPanel()
    qtbot.addWidget(panel)
    panel.show_document(document)
    assert shows_literally(panel.model.index(0, SPEAKER_COLUMN).data(Qt.ItemDataRole.ToolTipRole))
    identity = panel.model.index(0, ANONYMITY_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    assert identity == plain_tooltip("anonymous · reason: none stated")


def test_the_detail_panel_and_the_speaker_picker_show_markup_as_text(qtbot):
    document = hostile_document()
    detail = DetailPanel()
    qtbot.addWidget(detail)
    detail.show_statement(document, document.statements[0])
    assert detail.speaker_label.textFormat() == Qt.TextFormat.PlainText
    assert detail.speaker_label.text() == HOSTILE
    picker = SpeakerPicker("Who speaks?", speaker_choices(document.sources))
    qtbot.addWidget(picker)
    assert picker.list.item(0).text().startswith(HOSTILE)  # list items never render HTML
