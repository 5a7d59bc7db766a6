"""The anonymous-source queue (F7) as a reviewer walks it: the real window on a real database
file holding the seed and two invented articles pre-annotated by the real pipeline, driven
by keys; what the database holds is read back through a second Workspace."""

from __future__ import annotations

import pytest
from keys import press_key, until_saved
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from workspace_fixtures import DAILY, HERALD, SEED

from annotator.qt import anonymous_queue_model
from annotator.services.corpus import import_documents, read_inputs

CTRL = Qt.KeyboardModifier.ControlModifier
SEED_ID = SEED.stem


@pytest.fixture
def window(make_window, open_workspace, nlp, qtbot):
    """The window on the three articles, the queue open (F7) with the keys in it."""
    report = import_documents(open_workspace(), [*read_inputs([SEED]), DAILY, HERALD], nlp)
    assert report.ok, report.errors
    window = make_window()
    qtbot.waitUntil(lambda: window.review.document is not None, timeout=30_000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.statements.view, Qt.Key.Key_F7)
    queue = window.anonymous.panel
    qtbot.waitUntil(lambda: queue.isVisible() and queue.view.hasFocus())
    # how often descriptions recur is counted in a worker; the queue reloads when it is done
    qtbot.waitUntil(lambda: "counting" not in queue.summary.text(), timeout=10_000)
    return window


def sources_shown(window) -> list:
    model = window.anonymous.panel.model
    return [model.source_at(model.index(row, 0)) for row in range(model.rowCount())]


def statements_under(window, row: int) -> list[str]:
    model = window.anonymous.panel.model
    parent = model.index(row, 0)
    return [model.index(n, 0, parent).data() for n in range(model.rowCount(parent))]


def walk_to(qtbot, window, document_id: str) -> None:
    """↓ until the selected row is a source of `document_id`."""
    view = window.anonymous.panel.view
    for _ in range(100):
        source = window.anonymous.panel.selected_source()
        if source is not None and source.document_id == document_id:
            return
        qtbot.keyClick(view, Qt.Key.Key_Down)
    raise AssertionError(f"no source of {document_id} in the queue")


def stored_source(open_workspace, document_id: str, source_id: str):
    return open_workspace().load_document(document_id).source_by_id(source_id)


def test_the_seeds_two_anonymous_mentions_are_one_source_in_the_queue(window):
    shown = sources_shown(window)
    officials = [
        (row, s)
        for row, s in enumerate(shown)
        if s.document_id == SEED_ID and s.description == "senior palestinian official"
    ]
    assert len(officials) == 1
    row = officials[0][0]
    heading, article = window.anonymous.panel.model.index(row, 0).data().split("\n")
    assert heading.startswith("an unnamed senior Palestinian official · anonymous")
    assert article == (
        "in A Palestinian leader has confirmed that negotiations in Cairo have … — 2025-03-01"
        " (000_c4a08ac13a47bd9f) · ⚑ recurs in 3 articles, 3 outlets"
    )
    under = statements_under(window, row)
    assert any("A Palestinian leader has confirmed" in line for line in under)
    assert any("an unnamed senior Palestinian official stated" in line for line in under)
    assert "Tamim Khallaf" not in {s.name for s in shown}  # named: not in the queue


def test_correct_a_reason_from_the_keyboard_then_undo(window, open_workspace, qtbot):
    panel = window.anonymous.panel
    walk_to(qtbot, window, "herald-1")
    source = panel.selected_source()
    assert source.descriptors.reason is None and not source.reviewed
    qtbot.keyClick(panel.view, Qt.Key.Key_I)
    assert panel.identity.anonymity_box.hasFocus()
    reason = panel.identity.descriptor_edits["reason"]
    for _ in range(4):  # identity → role → affiliation → seniority → reason
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert reason.hasFocus()
    qtbot.keyClicks(reason, "not authorised to speak")  # letters type: they do not confirm
    press_key(qtbot, window, reason, Qt.Key.Key_Return)

    saved = stored_source(open_workspace, "herald-1", source.source_id)
    assert saved.descriptors.reason == "not authorised to speak"
    assert saved.descriptors.role == "official"  # the other descriptors are kept
    qtbot.waitUntil(lambda: panel.selected_source().reviewed)
    assert panel.selected_source().descriptors.reason == "not authorised to speak"
    assert panel.view.hasFocus()  # back in the queue: ↓ walks on
    assert window.undo_action.text() == "Undo Descriptors of “A senior Palestinian official”"

    press_key(qtbot, window, panel.view, Qt.Key.Key_Z, CTRL)
    assert stored_source(open_workspace, "herald-1", source.source_id).descriptors.reason is None
    qtbot.waitUntil(lambda: not panel.selected_source().reviewed)
    assert panel.selected_source().descriptors.reason is None
    assert panel.isVisible()  # undo does not leave the queue


def test_tab_walks_the_fields_saving_each_escape_goes_back(window, open_workspace, qtbot):
    panel = window.anonymous.panel
    walk_to(qtbot, window, "daily-1")
    source = panel.selected_source()
    qtbot.keyClick(panel.view, Qt.Key.Key_I)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    role = panel.identity.descriptor_edits["role"]
    assert role.hasFocus()
    role.selectAll()
    qtbot.keyClicks(role, "diplomat")
    press_key(qtbot, window, role, Qt.Key.Key_Tab)
    assert stored_source(open_workspace, "daily-1", source.source_id).descriptors.role == "diplomat"
    assert panel.identity.descriptor_edits["affiliation"].hasFocus()  # still in the fields
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert panel.view.hasFocus()


def test_a_confirms_the_identity_as_shown(window, open_workspace, qtbot):
    panel = window.anonymous.panel
    walk_to(qtbot, window, "daily-1")
    source = panel.selected_source()
    press_key(qtbot, window, panel.view, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: panel.selected_source().reviewed)
    saved = stored_source(open_workspace, "daily-1", source.source_id)
    assert saved.descriptors == source.descriptors and saved.anonymity is source.anonymity
    # the reviewed filter now finds exactly it
    panel.review_filter.setFocus()
    panel.review_filter.setCurrentText("reviewed")
    qtbot.waitUntil(lambda: len(sources_shown(window)) == 1)
    assert sources_shown(window)[0].source_id == source.source_id


def test_filters_narrow_the_list(window, qtbot):
    panel = window.anonymous.panel
    everything = sources_shown(window)
    assert {s.document_id for s in everything} == {SEED_ID, "daily-1", "herald-1"}

    qtbot.mouseClick(panel.outlet_filter, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.outlet_filter, "Daily")
    qtbot.keyClick(panel.outlet_filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: {s.document_id for s in sources_shown(window)} == {"daily-1"})
    assert "2 anonymous or vague sources" in panel.summary.text()
    panel.outlet_filter.clear()
    qtbot.keyClick(panel.outlet_filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(sources_shown(window)) == len(everything))

    qtbot.mouseClick(panel.no_reason_filter, Qt.MouseButton.LeftButton)
    no_reason = sources_shown(window)
    assert no_reason and all(s.no_reason for s in no_reason)
    assert "daily-1" not in {s.document_id for s in no_reason}  # its official gives a reason
    qtbot.mouseClick(panel.no_reason_filter, Qt.MouseButton.LeftButton)

    qtbot.mouseClick(panel.recurring_filter, Qt.MouseButton.LeftButton)
    recurring = sources_shown(window)
    assert {s.document_id for s in recurring} == {SEED_ID, "daily-1", "herald-1"}
    assert {s.description for s in recurring} == {"senior palestinian official"}
    qtbot.mouseClick(panel.recurring_filter, Qt.MouseButton.LeftButton)

    qtbot.mouseClick(panel.only_unnamed_filter, Qt.MouseButton.LeftButton)
    assert {s.document_id for s in sources_shown(window)} == {"daily-1"}


def test_the_queue_is_read_page_by_page_as_the_view_asks(window, qtbot, monkeypatch):
    panel = window.anonymous.panel
    everything = [(s.document_id, s.source_id) for s in sources_shown(window)]
    monkeypatch.setattr(anonymous_queue_model, "PAGE_SIZE", 2)
    qtbot.mouseClick(panel.outlet_filter, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.outlet_filter, "Daily")
    qtbot.keyClick(panel.outlet_filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.model.loaded == 2)
    panel.outlet_filter.clear()
    qtbot.keyClick(panel.outlet_filter, Qt.Key.Key_Return)  # two at a time, as the view asks
    qtbot.waitUntil(lambda: len(sources_shown(window)) == len(everything))
    assert [(s.document_id, s.source_id) for s in sources_shown(window)] == everything


def test_enter_opens_the_statement_in_its_article(window, qtbot):
    panel = window.anonymous.panel
    walk_to(qtbot, window, "herald-1")
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)  # the source's first statement
    statement = panel.model.statement_at(panel.view.currentIndex())
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.modes.currentWidget() is window.splitter)
    until_saved(qtbot, window)  # opened
    assert window.review.document.id == "herald-1"
    assert window.statements.selected_statement_id() == statement.statement_id
    assert window.statements.view.hasFocus()
    qtbot.keyClick(window.statements.view, Qt.Key.Key_F7)  # and back to the queue
    qtbot.waitUntil(panel.isVisible)


def test_screenshot_of_the_queue(window, qtbot, tmp_path):
    window.resize(1360, 820)
    walk_to(qtbot, window, SEED_ID)
    image = window.grab()
    path = tmp_path / "anonymous-queue.png"
    assert image.save(str(path))
    assert image.width() > 600


ALT = Qt.KeyboardModifier.AltModifier


def choose(qtbot, window, mnemonic, combo, choice: str) -> None:
    """Alt+letter to a choice of the queue, Home and ↓ to the choice, Escape back to the
    list."""
    panel = window.anonymous.panel
    qtbot.keyClick(panel.view, mnemonic, ALT)
    assert combo.hasFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.findText(choice)):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == choice
    qtbot.keyClick(combo, Qt.Key.Key_Escape)
    assert panel.view.hasFocus()
    qtbot.waitUntil(lambda: "grouping" not in panel.summary.text(), timeout=10_000)


def headings(window) -> list[str]:
    model = window.anonymous.panel.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def sources_under(window, row: int) -> list:
    model = window.anonymous.panel.model
    heading = model.index(row, 0)
    return [model.source_at(model.index(n, 0, heading)) for n in range(model.rowCount(heading))]


def test_group_by_description_one_heading_across_articles_and_outlets(window, qtbot, tmp_path):
    panel = window.anonymous.panel
    choose(qtbot, window, Qt.Key.Key_P, panel.group_by, "description")
    assert headings(window)[0] == (
        "senior palestinian official · 3 sources in 3 articles, 3 outlets"
    )
    assert headings(window)[-1].startswith("no speaker named")  # apart from the descriptions
    assert "in " in panel.summary.text() and "descriptions" in panel.summary.text()
    qtbot.waitUntil(lambda: len(sources_under(window, 0)) == 3)  # the first heading is open
    under = sources_under(window, 0)
    assert {s.document_id for s in under} == {SEED_ID, "daily-1", "herald-1"}
    assert {s.outlet for s in under} == {None, "Daily", "Herald"}

    # the keys walk it: Home to the heading, Enter closes and opens it, ↓ to a source
    view = panel.view
    qtbot.keyClick(view, Qt.Key.Key_Home)
    heading = view.currentIndex()
    assert panel.model.group_at(heading).key == "senior palestinian official"
    assert panel.selected_source() is None  # a heading has no identity to edit
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not view.isExpanded(heading)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert view.isExpanded(heading)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert panel.selected_source().description == "senior palestinian official"
    assert panel.identity.isEnabled()

    window.resize(1360, 820)
    image = window.grab()
    assert image.save(str(tmp_path / "anonymous-queue-by-description.png"))


def test_the_description_field_narrows_the_queue(window, qtbot):
    panel = window.anonymous.panel
    qtbot.keyClick(panel.view, Qt.Key.Key_D, ALT)
    assert panel.description_filter.hasFocus()
    qtbot.keyClicks(panel.description_filter, "Senior  Palestinian official")
    qtbot.keyClick(panel.description_filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(sources_shown(window)) == 3)
    shown = sources_shown(window)
    assert {s.description for s in shown} == {"senior palestinian official"}
    assert {s.document_id for s in shown} == {SEED_ID, "daily-1", "herald-1"}
    assert panel.summary.text().startswith("3 anonymous or vague sources")


def test_group_by_outlet_and_month_and_sort_by_date(window, qtbot):
    panel = window.anonymous.panel
    choose(qtbot, window, Qt.Key.Key_P, panel.group_by, "outlet")
    assert [h.split(" · ")[0] for h in headings(window)] == ["Daily", "Herald", "no outlet"]
    view = panel.view
    qtbot.keyClick(view, Qt.Key.Key_Home)
    qtbot.keyClick(view, Qt.Key.Key_Left)  # close the Daily
    qtbot.keyClick(view, Qt.Key.Key_Down)
    herald = view.currentIndex()
    assert panel.model.group_at(herald).key == "Herald"
    qtbot.keyClick(view, Qt.Key.Key_Right)  # open the Herald: its sources are read
    qtbot.waitUntil(lambda: len(sources_under(window, 1)) > 0)
    assert {s.outlet for s in sources_under(window, 1)} == {"Herald"}

    choose(qtbot, window, Qt.Key.Key_P, panel.group_by, "month")
    assert [h.split(" · ")[0] for h in headings(window)] == ["2025-03", "2025-02", "2025-01"]
    qtbot.waitUntil(lambda: len(sources_under(window, 0)) > 0)
    assert {s.document_id for s in sources_under(window, 0)} == {SEED_ID}

    choose(qtbot, window, Qt.Key.Key_P, panel.group_by, "source")
    choose(qtbot, window, Qt.Key.Key_S, panel.order, "newest first")
    in_order = list(dict.fromkeys(s.document_id for s in sources_shown(window)))
    assert in_order == [SEED_ID, "herald-1", "daily-1"]
    choose(qtbot, window, Qt.Key.Key_S, panel.order, "oldest first")
    in_order = list(dict.fromkeys(s.document_id for s in sources_shown(window)))
    assert in_order == ["daily-1", "herald-1", SEED_ID]


def test_confirm_in_a_heading_keeps_the_place(window, open_workspace, qtbot):
    panel = window.anonymous.panel
    choose(qtbot, window, Qt.Key.Key_P, panel.group_by, "description")
    qtbot.waitUntil(lambda: len(sources_under(window, 0)) == 3)
    walk_to(qtbot, window, "herald-1")
    source = panel.selected_source()
    assert source.description == "senior palestinian official" and not source.reviewed
    press_key(qtbot, window, panel.view, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: getattr(panel.selected_source(), "reviewed", False), timeout=10_000)
    assert panel.selected_source().source_id == source.source_id  # still on it, in its heading
    assert panel.model.group_at(panel.view.currentIndex().parent()).key == source.description
    saved = stored_source(open_workspace, "herald-1", source.source_id)
    assert saved.descriptors == source.descriptors
    assert panel.view.hasFocus()


def test_no_speaker_named_is_in_the_queue_and_a_choice_away(window, qtbot):
    panel = window.anonymous.panel
    everything = sources_shown(window)
    nobody = [s for s in everything if not s.described]
    assert nobody and all(s.anonymity == "vague" and s.description == "" for s in nobody)
    row = everything.index(nobody[0])
    heading = panel.model.index(row, 0).data().split("\n")[0]
    assert heading.startswith("unattributed (no speaker named) · vague")
    assert "no reason" not in heading  # nobody to give one
    choose(qtbot, window, Qt.Key.Key_K, panel.speaker_filter, "described")
    qtbot.waitUntil(lambda: len(sources_shown(window)) == len(everything) - len(nobody))
    assert all(s.described for s in sources_shown(window))
    choose(qtbot, window, Qt.Key.Key_K, panel.speaker_filter, "none named")
    qtbot.waitUntil(lambda: len(sources_shown(window)) == len(nobody))


def test_a_heading_read_page_by_page_keeps_the_place_after_a_confirm(window, qtbot, monkeypatch):
    panel = window.anonymous.panel
    monkeypatch.setattr(anonymous_queue_model, "PAGE_SIZE", 1)
    choose(qtbot, window, Qt.Key.Key_P, panel.group_by, "description")
    heading = panel.model.index(0, 0)  # read a source at a time, as the view and keys ask
    view = panel.view
    qtbot.keyClick(view, Qt.Key.Key_Home)
    seen = []
    for _ in range(40):  # ↓ through the heading's sources and their statements
        qtbot.keyClick(view, Qt.Key.Key_Down)
        source = panel.selected_source()
        if source is None:  # the next heading
            break
        if source.document_id not in seen:
            seen.append(source.document_id)
        if len(seen) == 3:
            break
    assert set(seen) == {SEED_ID, "daily-1", "herald-1"}
    assert panel.model.loaded_under(heading) == 3

    # confirming the third keeps the place, though the heading is read again
    third = panel.selected_source()
    press_key(qtbot, window, view, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: getattr(panel.selected_source(), "reviewed", False), timeout=10_000)
    assert panel.selected_source().source_id == third.source_id
    assert panel.model.loaded_under(panel.model.index(0, 0)) == 3
