"""Every action of the window with its keys: the one registry that the menus, the shortcut
overlay (F1) and the tests read, so they cannot drift apart.

Keys have a scope. Letters and digits act only where a person reviews (the document list,
the article and the statement list), never while a text field has focus, so typing a reason
into the detail panel never accepts a statement. Enter, Delete and Backspace act only in the
article and the statement list: in the document list they keep their list meaning. Keys with
a modifier act anywhere in the window. The anonymous-source queue (F7) has keys of its own
that act only in its list, so they may repeat a key of the article view.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Scope(StrEnum):
    WINDOW = "window"  # anywhere in the window
    REVIEW = "review"  # document list, article, statement list
    TEXT = "text"  # article and statement list only
    QUEUE = "queue"  # the anonymous-source queue's list only


def could_both_act(first: Scope, second: Scope) -> bool:
    """Whether keys of these scopes can be live in the same place (the queue's list is never
    the article's or the statements')."""
    if Scope.WINDOW in (first, second):
        return True
    return (first is Scope.QUEUE) == (second is Scope.QUEUE)


@dataclass(frozen=True, slots=True)
class Binding:
    """One action: its menu, its text, its keys and what the overlay says of it."""

    name: str
    menu: str
    text: str
    keys: tuple[str, ...]
    scope: Scope = Scope.REVIEW
    #: Further keys that act only in the article and the statement list (Enter, Delete).
    text_keys: tuple[str, ...] = ()
    help: str = ""


MENUS = ("&File", "&Edit", "&View", "&Review", "&Correct", "E&ntities", "&Go", "&Model", "&Help")

KEYMAP: tuple[Binding, ...] = (
    Binding(
        "import", "&File", "&Import articles…", ("Ctrl+I",), Scope.WINDOW,
        help="Import files and folders: text, web pages, JSONL, Prodigy, CSV, brat",
    ),
    Binding(
        "export", "&File", "&Export dataset…", ("Ctrl+E",), Scope.WINDOW,
        help="Export the gold (or more) as JSONL, spaCy, CSV, brat, CoNLL or ClaimReview",
    ),
    Binding("quit", "&File", "&Quit", ("Ctrl+Q",), Scope.WINDOW),
    Binding("undo", "&Edit", "Undo", ("Ctrl+Z",), Scope.WINDOW, help="Undo the last edit"),
    Binding("redo", "&Edit", "Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), Scope.WINDOW),
    Binding(
        "zoom_in", "&View", "Zoom &in", ("Ctrl+=", "Ctrl++"), Scope.WINDOW,
        help="Larger article text, for every document and the next start",
    ),
    Binding("zoom_out", "&View", "Zoom &out", ("Ctrl+-",), Scope.WINDOW),
    Binding("zoom_reset", "&View", "&Actual size", ("Ctrl+0",), Scope.WINDOW),
    Binding(
        "accept", "&Review", "&Accept statement", ("A",), text_keys=("Return", "Enter"),
        help="Accept the selected statement and go to the next undecided one",
    ),
    Binding(
        "reject", "&Review", "&Reject statement", ("R",), text_keys=("Delete",),
        help="Reject a suggestion; delete a statement you added",
    ),
    Binding("next", "&Review", "&Next statement", ("J",)),
    Binding("previous", "&Review", "&Previous statement", ("K",)),
    Binding(
        "next_undecided", "&Review", "Next &undecided statement", ("Shift+J",),
        help="The next statement nobody decided, in this or a later document",
    ),
    Binding(
        "done", "&Review", "Mark document &done", ("Ctrl+D",), Scope.WINDOW,
        help="Mark the open document done (again: not done)",
    ),
    Binding(
        "sort_uncertainty", "&Review", "Sort statements by &uncertainty", ("U",),
        help="The model's least certain statements first (confidence nearest 0.5); U again: "
        "the article's order",
    ),
    Binding(
        "set_source", "&Correct", "Selection is the &source", ("S",),
        help="Make the selected words the speaker's mention in this statement",
    ),
    Binding("set_cue", "&Correct", "Selection is the &cue", ("C",)),
    Binding(
        "set_content", "&Correct", "Selection is the con&tent", ("T",),
        help="The selection replaces every content fragment",
    ),
    Binding(
        "add_fragment", "&Correct", "Add content &fragment", ("F",),
        help="Add the selection as a further content fragment (a quote split by its cue)",
    ),
    Binding(
        "next_part", "&Correct", "Focus next part", ("]",),
        help="Step the focus through source, cue and content fragments",
    ),
    Binding("previous_part", "&Correct", "Focus previous part", ("[",)),
    Binding(
        "grow_start", "&Correct", "Focused part starts a word earlier", ("Alt+Left",),
        Scope.WINDOW,
    ),
    Binding(
        "shrink_start", "&Correct", "Focused part starts a word later", ("Alt+Right",),
        Scope.WINDOW,
    ),
    Binding(
        "shrink_end", "&Correct", "Focused part ends a word earlier", ("Alt+Shift+Left",),
        Scope.WINDOW,
    ),
    Binding(
        "grow_end", "&Correct", "Focused part ends a word later", ("Alt+Shift+Right",),
        Scope.WINDOW,
    ),
    Binding(
        "remove_part", "&Correct", "Remove focused part", (), text_keys=("Backspace",),
        help="Remove the focused content fragment or source mention (a cue stays)",
    ),
    Binding(
        "cycle_kind", "&Correct", "Change &kind", ("D",),
        help="Direct → indirect → mixed",
    ),
    Binding(
        "link_speaker", "&Correct", "&Link speaker…", ("L",),
        help="Choose who speaks from the document's speakers (type to filter)",
    ),
    Binding(
        "new_speaker", "&Correct", "New speaker from selection", ("Shift+S",),
        help="The selected words name a speaker of their own; the statement links to it",
    ),
    Binding(
        "merge_speaker", "&Correct", "&Merge speaker into…", ("M",),
        help="The statement's speaker and another one are the same person",
    ),
    Binding(
        "identity", "&Correct", "Speaker &identity…", ("I",),
        help="Named / anonymous / vague, descriptors and the stated reason",
    ),
    Binding(
        "new_statement", "&Correct", "&New statement from selection", ("N",),
        help="The selection is the content; then select the cue (C) and the source (S)",
    ),
    Binding(
        "cancel", "&Correct", "Cancel", ("Escape",), Scope.TEXT,
        help="Cancel a new statement; clear the selection",
    ),
    Binding(
        "entity_menu", "E&ntities", "&Label entity…", ("E",),
        help="Label the selection (or relabel the entity at the caret) from a list",
    ),
    Binding(
        "remove_entity", "E&ntities", "&Remove entity", ("0",),
        help="Remove the entity at the caret or under the selection",
    ),
    Binding(
        "next_document", "&Go", "Next &document", ("Ctrl+PgDown",), Scope.WINDOW,
    ),
    Binding(
        "previous_document", "&Go", "Previous d&ocument", ("Ctrl+PgUp",), Scope.WINDOW,
    ),
    Binding(
        "anonymous_queue", "&Go", "&Anonymous sources queue", ("F7",), Scope.WINDOW,
        help="Every anonymous or vague source across the corpus, with filters; F7 again: back",
    ),
    Binding(
        "queue_open", "&Go", "Open statement in its article", ("Return", "Enter"), Scope.QUEUE,
        help="From the anonymous-source queue",
    ),
    Binding(
        "queue_confirm", "&Review", "Confirm source identity as shown", ("A",), Scope.QUEUE,
        help="In the anonymous-source queue: the source counts as reviewed",
    ),
    Binding(
        "queue_identity", "&Correct", "Edit source identity in the queue", ("I",), Scope.QUEUE,
        help="Anonymity, descriptors and reason; Enter saves, Escape goes back to the queue",
    ),
    Binding(
        "search", "&Go", "&Search text and speakers…", ("Ctrl+F",), Scope.WINDOW,
        help="Find statements and articles across the corpus; Enter opens a hit, Esc closes",
    ),
    Binding(
        "train", "&Model", "&Train from my gold…", ("Ctrl+Shift+T",), Scope.WINDOW,
        help="Train on the documents you marked done; compare with the rules on held-out ones",
    ),
    Binding(
        "choose_model", "&Model", "&Choose model…", (), Scope.WINDOW,
        help="The rules or a trained pipeline, for the suggestions of new imports",
    ),
    Binding(
        "resuggest", "&Model", "&Re-suggest documents nobody reviewed…", (), Scope.WINDOW,
        help="Run the model in use where nobody has decided anything; decisions never change",
    ),
    Binding(
        "shortcuts", "&Help", "&Keyboard shortcuts", ("F1", "?"), Scope.WINDOW,
        help="This list",
    ),
    Binding(
        "open_data_folder", "&Help", "Open &data folder", (), Scope.WINDOW,
        help="The folder of the database file, in the file manager",
    ),
    Binding(
        "about", "&Help", "&About Annotator", (), Scope.WINDOW,
        help="Versions, and where the data and settings live",
    ),
)

#: Entity label keys: 1–9 label the selection with the label set's first nine labels.
ENTITY_KEYS = tuple(str(n) for n in range(1, 10))


def binding(name: str) -> Binding:
    """The binding called `name`."""
    return next(b for b in KEYMAP if b.name == name)
