"""The key map: one registry, no key bound twice where both could act, no platform key taken,
every action reachable from a menu and listed in the shortcut overlay."""

from __future__ import annotations

from itertools import combinations

from PySide6.QtGui import QKeySequence

from annotator.qt.keymap import ENTITY_KEYS, KEYMAP, Scope, could_both_act
from annotator.qt.shortcuts_dialog import ShortcutsDialog, shortcut_rows

#: Standard keys nothing in this window uses: browser history (Alt+← / Alt+→ on Windows and
#: Linux: the part-nudging keys take them, as the correction guide proposes) and the
#: editing and formatting of text (the article is read-only).
_UNUSED_NAMES = (
    "Back",
    "Forward",
    "Italic",
    "Bold",
    "Underline",
    "InsertParagraphSeparator",
    "InsertLineSeparator",
    "Delete",
    "Backspace",
    "Cut",
    "Paste",
    "DeleteStartOfWord",
    "DeleteEndOfWord",
    "DeleteEndOfLine",
    "DeleteCompleteLine",
)
NOT_USED_HERE = {
    getattr(QKeySequence.StandardKey, name)
    for name in _UNUSED_NAMES
    if hasattr(QKeySequence.StandardKey, name)
}
#: Bindings that are the platform's key for the same thing, on purpose.
SAME_MEANING = {
    "undo": QKeySequence.StandardKey.Undo,
    "redo": QKeySequence.StandardKey.Redo,
    "quit": QKeySequence.StandardKey.Quit,
    "shortcuts": QKeySequence.StandardKey.HelpContents,
    "cancel": QKeySequence.StandardKey.Cancel,
    "zoom_in": QKeySequence.StandardKey.ZoomIn,
    "zoom_out": QKeySequence.StandardKey.ZoomOut,
    "search": QKeySequence.StandardKey.Find,
}


def _keys(binding) -> list[QKeySequence]:
    return [QKeySequence(key) for key in (*binding.keys, *binding.text_keys)]


def test_no_key_is_bound_twice_where_both_could_act():
    bound = [
        (b.name, QKeySequence(key).toString(), scope)
        for b in KEYMAP
        for keys, scope in ((b.keys, b.scope), (b.text_keys, Scope.TEXT))
        for key in keys
    ]
    bound += [(f"entity {k}", QKeySequence(k).toString(), Scope.REVIEW) for k in ENTITY_KEYS]
    for (name, key, scope), (other, other_key, other_scope) in combinations(bound, 2):
        if could_both_act(scope, other_scope):
            assert key != other_key, f"{key} is bound to both {name} and {other}"


def test_only_the_queue_and_the_article_view_share_keys():
    assert could_both_act(Scope.REVIEW, Scope.TEXT) and could_both_act(Scope.QUEUE, Scope.WINDOW)
    assert not could_both_act(Scope.QUEUE, Scope.REVIEW)
    assert not could_both_act(Scope.TEXT, Scope.QUEUE)


def test_no_binding_takes_a_standard_key_of_the_platform(qapp):
    standard = {
        sequence.toString(): key
        for key in QKeySequence.StandardKey
        if key not in NOT_USED_HERE
        for sequence in QKeySequence.keyBindings(key)
    }
    for binding in KEYMAP:
        for key in _keys(binding):
            clash = standard.get(key.toString())
            assert clash in (None, SAME_MEANING.get(binding.name)), (binding.name, clash)


def test_every_action_is_in_a_menu_with_its_key_and_in_the_overlay(qtbot):
    rows = shortcut_rows()
    listed = {action for _menu, action, _keys, _where, _help in rows}
    for binding in KEYMAP:
        assert binding.text.replace("&", "") in listed
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(rows) == len(KEYMAP) + len(ENTITY_KEYS)
