"""The document list fetches its rows page by page from a real database and refreshes a row."""

from PySide6.QtCore import QPoint, Qt

from annotator.core.commands import AcceptStatement
from annotator.core.model import Document, Span, Statement
from annotator.qt.document_list import (
    DATE,
    PAGE_SIZE,
    REVIEWED,
    STATEMENTS,
    STATUS,
    TITLE,
    DocumentListPanel,
)

EXTRA = 30


def small_document(number: int) -> Document:
    text = f"Officials said talks number {number} failed."
    cue = text.index("said")
    content = text.index("talks")
    return Document(
        id=f"doc{number:04d}",
        text=text,
        meta={"published": "2025-03-01"},
        statements=[
            Statement(
                id="q1",
                source=Span.of(text, 0, 9),
                cue=Span.of(text, cue, cue + 4),
                content=[Span.of(text, content, len(text) - 1)],
                confidence=0.8,
            )
        ],
    )


def fill(workspace, count: int) -> None:
    for number in range(count):
        workspace.add_document(small_document(number))


def test_rows_arrive_a_page_at_a_time(qtbot, open_workspace):
    workspace = open_workspace()
    fill(workspace, PAGE_SIZE + EXTRA)
    panel = DocumentListPanel(workspace)
    qtbot.addWidget(panel)
    panel.reload()
    model = panel.model
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE_SIZE + EXTRA
    assert not model.canFetchMore()
    assert model.index(PAGE_SIZE, 0).data() == f"Officials said talks number {PAGE_SIZE} failed."
    assert model.index(0, DATE).data() == "2025-03-01"
    assert model.index(0, REVIEWED).data() == "0/1"
    assert model.index(0, STATUS).data() == "to do"


def test_a_change_refreshes_the_row_of_its_document(qtbot, open_workspace):
    workspace = open_workspace()
    fill(workspace, 3)
    panel = DocumentListPanel(workspace)
    qtbot.addWidget(panel)
    panel.reload()
    unsubscribe = workspace.subscribe(panel.on_change)
    workspace.load_document("doc0001")
    with qtbot.waitSignal(panel.model.dataChanged):
        workspace.apply(AcceptStatement("doc0001", "q1"))
    unsubscribe()
    assert panel.model.index(1, REVIEWED).data() == "1/1"  # reviewed, not yet marked done
    assert panel.model.index(1, STATUS).data() == "in progress"
    assert panel.model.index(0, REVIEWED).data() == "0/1"


def test_a_new_document_appears_in_the_list(qtbot, open_workspace):
    workspace = open_workspace()
    fill(workspace, 2)
    panel = DocumentListPanel(workspace)
    qtbot.addWidget(panel)
    panel.reload()
    unsubscribe = workspace.subscribe(panel.on_change)
    workspace.add_document(small_document(7))
    workspace.add_document(small_document(8))
    unsubscribe()
    with qtbot.waitSignal(panel.model.rowsInserted):
        pass  # both additions arrive in one refresh
    assert panel.model.rowCount() == 4
    assert panel.model.row_of("doc0007") == 2


def test_choosing_a_row_asks_to_open_its_document(qtbot, open_workspace):
    workspace = open_workspace()
    fill(workspace, 3)
    panel = DocumentListPanel(workspace)
    qtbot.addWidget(panel)
    panel.reload()
    with qtbot.waitSignal(panel.document_activated) as activated:
        panel.view.selectRow(2)
    assert activated.args == ["doc0002"]


def test_a_document_without_title_is_listed_by_its_opening_words(qtbot, open_workspace):
    workspace = open_workspace()
    workspace.add_document(Document(id="wire-1", text="  Officials\nsaid " + "x" * 400))
    workspace.add_document(Document(id="wire-2", text="Body.", meta={"title": "Talks fail"}))
    panel = DocumentListPanel(workspace)
    qtbot.addWidget(panel)
    panel.reload()
    first, second = (panel.model.index(row, 0).data() for row in (0, 1))
    assert first.startswith("Officials said xxx") and len(first) < 200
    assert second == "Talks fail"
    assert "wire-1" in panel.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)


def titled(number: int, title: str, outlet: str) -> Document:
    doc = small_document(number)
    doc.meta.update(title=title, outlet=outlet, published=f"2025-03-{number + 1:02d}")
    return doc


def listed_panel(qtbot, workspace) -> DocumentListPanel:
    rows = [("zebra crossing opens", "Metro"), ("Apple harvest", "Farm"), ("mango prices", "Metro")]
    for number, (title, outlet) in enumerate(rows):
        workspace.add_document(titled(number, title, outlet))
    workspace.add_document(Document(id="doc0009", text="No statements here."))
    panel = DocumentListPanel(workspace)
    qtbot.addWidget(panel)
    panel.resize(700, 400)
    panel.show()
    panel.reload()
    return panel


def titles(panel) -> list[str]:
    return [panel.model.index(row, TITLE).data() for row in range(panel.model.rowCount())]


def click_header(qtbot, panel, column: int) -> None:
    header = panel.view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    with qtbot.waitSignal(panel.model.modelReset):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_clicking_a_header_sorts_the_list_by_that_column(qtbot, open_workspace):
    panel = listed_panel(qtbot, open_workspace())
    assert titles(panel)[:3] == ["zebra crossing opens", "Apple harvest", "mango prices"]
    click_header(qtbot, panel, TITLE)
    # Case does not matter; an untitled article sorts by the words the list shows for it.
    assert titles(panel) == [
        "Apple harvest",
        "mango prices",
        "No statements here.",
        "zebra crossing opens",
    ]
    click_header(qtbot, panel, TITLE)
    assert titles(panel)[0] == "zebra crossing opens"
    click_header(qtbot, panel, STATEMENTS)
    assert titles(panel)[0] == "No statements here."
    assert [panel.model.index(row, STATEMENTS).data() for row in range(4)] == ["0", "1", "1", "1"]


def test_the_filters_narrow_the_list_in_the_database(qtbot, open_workspace):
    workspace = open_workspace()
    panel = listed_panel(qtbot, workspace)
    with qtbot.waitSignal(panel.model.modelReset):
        qtbot.keyClicks(panel.filters.title, "harv")
    assert titles(panel) == ["Apple harvest"]
    with qtbot.waitSignal(panel.model.modelReset):
        panel.filters.title.clear()
    outlet = panel.filters.outlet
    with qtbot.waitSignal(panel.model.modelReset):
        outlet.setCurrentIndex(outlet.findText("Metro"))
    assert titles(panel) == ["zebra crossing opens", "mango prices"]
    workspace.load_document("doc0002")
    workspace.apply(AcceptStatement("doc0002", "q1"))
    progress = panel.filters.progress
    with qtbot.waitSignal(panel.model.modelReset):
        progress.setCurrentIndex(progress.findText("In progress"))
    assert titles(panel) == ["mango prices"]
    assert panel.model.index(0, STATUS).data() == "in progress"
    with qtbot.waitSignal(panel.model.modelReset):
        progress.setCurrentIndex(progress.findText("To do"))
    assert titles(panel) == ["zebra crossing opens"]
