"""The correction controller: select words, then press a verb (S, C, T, F, N, L, 1–9 …).

Behaviour only. Every verb reads the article's snapped selection and the selected statement,
builds one command from `annotator.core.commands` and hands it to the review controller,
which applies it through the Workspace (committed before anything shows as done). Nothing is
armed in advance: a click or a drag only selects; a verb acts on the selection or, without
one, on the focused part of the selected statement.

A new statement (N) is a draft that gathers its parts from the next selections (C for the
cue, S for the source) and is stored as one command, one undo step, once it is complete.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from annotator.core.commands import (
    AddStatement,
    CorrectStatement,
    CreateSource,
    LabelEntity,
    MergeSources,
    RelinkSpeaker,
    SetAnonymity,
)
from annotator.core.model import (
    Anonymity,
    Descriptors,
    Document,
    Entity,
    Origin,
    Source,
    Span,
    Statement,
    StatementKind,
    Status,
)
from annotator.core.selection import word_edges
from annotator.qt.article_view import ArticleView
from annotator.qt.detail_panel import DetailPanel
from annotator.qt.highlights import shown_entities
from annotator.qt.palette import known_entity_labels
from annotator.qt.review import ReviewController
from annotator.qt.speaker_picker import NEW, NOBODY, SpeakerPicker, speaker_choices

ShowMessage = Callable[[str], None]
Part = tuple[str, int]
OPENING_QUOTES = "“\"‘'«"
CLOSING_QUOTES = "”\"’'»"


def fresh_id(prefix: str, taken: set[str]) -> str:
    """The first `prefix1`, `prefix2`, … not in `taken`: ids of things people add."""
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def kind_of(content: list[Span]) -> StatementKind:
    """Direct when every fragment is a whole quotation, else indirect (a first guess)."""
    quoted = [
        s.text[:1] in OPENING_QUOTES and s.text[-1:] in CLOSING_QUOTES and len(s.text) > 1
        for s in content
    ]
    return StatementKind.DIRECT if quoted and all(quoted) else StatementKind.INDIRECT


def parts_of(statement: Statement) -> list[Part]:
    """The parts the focus steps through: source (when there is one), cue, content 1…n."""
    parts: list[Part] = [("source", 0)] if statement.source else []
    parts.append(("cue", 0))
    parts.extend(("content", n) for n in range(len(statement.content)))
    return parts


def span_of(statement: Statement, part: Part) -> Span | None:
    """The span of one part of a statement."""
    role, number = part
    if role == "source":
        return statement.source
    if role == "cue":
        return statement.cue
    return statement.content[number] if number < len(statement.content) else None


@dataclass
class Draft:
    """A new statement being made from the next selections."""

    content: list[Span] = field(default_factory=list)
    cue: Span | None = None
    source: Span | None = None

    def spans(self) -> list[Span]:
        return [*self.content, *(s for s in (self.cue, self.source) if s is not None)]


class CorrectionController(QObject):
    """Turns the correction keys into commands on the selected statement or the selection."""

    def __init__(
        self,
        review: ReviewController,
        article: ArticleView,
        detail: DetailPanel,
        show_message: ShowMessage,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._review = review
        self._article = article
        self._detail = detail
        self._show_message = show_message
        self._dialog_parent = parent
        self.draft: Draft | None = None
        detail.kind_chosen.connect(self.set_kind)
        detail.identity_saved.connect(self.set_identity)
        detail.link_requested.connect(self.link_speaker)
        detail.merge_requested.connect(self.merge_speaker)
        article.selection_snapped.connect(self._hint_selection)

    # ------------------------------------------------------------------ context
    @property
    def document(self) -> Document | None:
        return self._review.document

    def _statement(self) -> Statement | None:
        statement = self._review.selected_statement()
        if statement is None:
            self._show_message("Select a statement first (J/K or click it)")
        return statement

    def _selection(self, quiet: bool = False) -> Span | None:
        snapped = self._article.selected_range()
        if snapped is None or self.document is None:
            if not quiet:
                self._show_message("Select words in the article first (drag, or Shift+arrows)")
            return None
        return self.document.span(*snapped)

    def _hint_selection(self, start: int, end: int) -> None:
        text = " ".join(self.document.text[start:end].split()) if self.document else ""
        shown = text if len(text) <= 40 else text[:40] + " …"
        self._show_message(
            f"Selected “{shown}”: S source · C cue · T content · F fragment · "
            "N new statement · 1–9 entity"
        )

    # ---------------------------------------------------------------- spans
    def set_source(self) -> None:
        """The selection becomes the statement's source mention (S)."""
        self._set_part("source")

    def set_cue(self) -> None:
        """The selection becomes the statement's cue (C)."""
        self._set_part("cue")

    def set_content(self) -> None:
        """The selection becomes the statement's whole content (T)."""
        self._set_part("content")

    def add_fragment(self) -> None:
        """The selection joins the content as a further fragment (F)."""
        self._set_part("fragment")

    def _set_part(self, role: str) -> None:
        span = self._selection()
        if span is None:
            return
        if self.draft is not None:
            self._fill_draft(role, span)
            return
        statement = self._statement()
        if statement is None:
            return
        if role == "source":
            self._correct(statement, source=span, focus=("source", 0))
        elif role == "cue":
            self._correct(statement, cue=span, focus=("cue", 0))
        elif role == "content":
            self._correct(statement, content=[span], focus=("content", 0))
        else:
            self._add_fragment(statement, span)

    def _add_fragment(self, statement: Statement, span: Span) -> None:
        if any(span.overlaps(fragment) for fragment in statement.content):
            self._show_message("The selection overlaps the content already: select other words")
            return
        content = sorted([*statement.content, span], key=lambda s: s.start)
        self._correct(statement, content=content, focus=("content", content.index(span)))

    def _correct(
        self,
        statement: Statement,
        *,
        cue: Span | None = None,
        content: list[Span] | None = None,
        source: Span | bool | None = True,
        kind: StatementKind | None = None,
        focus: Part | None = None,
    ) -> None:
        """Save a `CorrectStatement` that changes the given parts (source=True: keep it); the
        part `focus` is outlined once the correction is saved."""
        command = CorrectStatement(
            self.document.id,
            statement.id,
            cue=cue or statement.cue,
            content=list(content if content is not None else statement.content),
            source=statement.source if source is True else source,
            kind=kind or statement.kind,
        )
        self._article.clear_selection()
        then = None if focus is None else (lambda: self._review.set_focus_part(focus))
        self._review.apply(command, then=then)

    def remove_part(self) -> None:
        """Remove the focused content fragment or source mention (Backspace)."""
        statement = self._review.selected_statement()
        part = self._review.focus_part
        if statement is None or part is None:
            self._show_message("Focus a part first: ] and [ step through source, cue, content")
            return
        role, number = part
        if role == "cue":
            self._show_message("A statement always has a cue: select other words and press C")
        elif role == "source":
            self._correct(statement, source=None, focus=("cue", 0))
        elif len(statement.content) == 1:
            self._show_message("A statement needs content: select other words and press T")
        else:
            content = [s for n, s in enumerate(statement.content) if n != number]
            self._correct(statement, content=content, focus=("content", max(0, number - 1)))

    def step_part(self, step: int) -> None:
        """Focus the next (or previous) part of the statement (] and [)."""
        statement = self._review.selected_statement()
        if statement is None:
            return
        parts = parts_of(statement)
        current = self._review.focus_part
        index = parts.index(current) if current in parts else (-1 if step > 0 else 0)
        part = parts[(index + step) % len(parts)]
        self._review.set_focus_part(part)
        span = span_of(statement, part)
        self._show_message(f"Focus: {part[0]}{f' {part[1] + 1}' if part[0] == 'content' else ''}"
                           f" “{span.text[:40]}” — Alt+arrows move its start, "
                           "Alt+Shift+arrows its end")

    def nudge(self, edge: str, step: int) -> None:
        """Move the focused part's start or end by one word (Alt[+Shift]+←/→)."""
        statement = self._review.selected_statement()
        part = self._review.focus_part
        if statement is None or part is None:
            self._show_message("Focus a part first: ] and [ step through source, cue, content")
            return
        span = span_of(statement, part)
        text = self.document.text
        start, end = span.start, span.end
        if edge == "start":
            start = word_edges(text, start, step)
        else:
            end = word_edges(text, end, step)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            return
        self._replace_part(statement, part, self.document.span(start, end))

    def _replace_part(self, statement: Statement, part: Part, span: Span) -> None:
        role, number = part
        if role == "source":
            self._correct(statement, source=span, focus=part)
        elif role == "cue":
            self._correct(statement, cue=span, focus=part)
        else:
            content = list(statement.content)
            content[number] = span
            self._correct(statement, content=content, focus=part)

    # ----------------------------------------------------------------- kind
    def cycle_kind(self) -> None:
        """Direct → indirect → mixed → direct (D)."""
        statement = self._statement()
        if statement is None:
            return
        kinds = list(StatementKind)
        self.set_kind(str(kinds[(kinds.index(statement.kind) + 1) % len(kinds)]))

    def set_kind(self, kind: str) -> None:
        """Make the statement direct, indirect or mixed."""
        statement = self._statement()
        if statement is not None and statement.kind != kind:
            self._correct(statement, kind=StatementKind(kind))

    # ------------------------------------------------------------- speakers
    def link_speaker(self) -> None:
        """Choose who speaks from the document's speakers, or a new one from the selection (L)."""
        statement = self._statement()
        if statement is None:
            return
        selection = self._selection(quiet=True)
        mention = statement.source.text if statement.source else "—"
        choices = speaker_choices(self.document.sources, selection.text if selection else None)
        chosen = self._pick(f"Who speaks? “{mention}” → ?", choices)
        if chosen == NEW:
            self._create_source(statement, selection)
        elif chosen == NOBODY:
            self._review.apply(RelinkSpeaker(self.document.id, statement.id, None))
        elif chosen is not None:
            self._review.apply(RelinkSpeaker(self.document.id, statement.id, chosen))

    def new_speaker(self) -> None:
        """The selected words name a new speaker; the statement links to it (Shift+S)."""
        statement = self._statement()
        span = self._selection() if statement else None
        if span is not None:
            self._create_source(statement, span)

    def _create_source(self, statement: Statement, span: Span) -> None:
        taken = {source.id for source in self.document.sources}
        source = Source(id=fresh_id("hs", taken), name=span.text, mentions=[span])
        self._article.clear_selection()
        self._review.apply(CreateSource(self.document.id, statement.id, source=source))

    def merge_speaker(self) -> None:
        """The statement's speaker is the same person as another one: merge them (M)."""
        statement = self._statement()
        if statement is None:
            return
        current = self.document.source_by_id(statement.source_id)
        if current is None:
            self._show_message("This statement has no speaker to merge: link one first (L)")
            return
        others = [s for s in self.document.sources if s.id != current.id]
        chosen = self._pick(
            f"Merge “{current.name}” into …", speaker_choices(others, nobody=False)
        )
        if chosen is not None:
            self._review.apply(MergeSources(self.document.id, chosen, current.id))

    def _pick(self, title: str, choices) -> str | None:
        picker = SpeakerPicker(title, choices, self._dialog_parent)
        accepted = picker.exec() == QDialog.DialogCode.Accepted
        self._dialog_parent.activateWindow()  # the keys belong to the window again at once
        return picker.chosen if accepted else None

    def focus_identity(self) -> None:
        """Put the keyboard in the speaker's identity fields (I)."""
        if self._statement() is not None:
            self._detail.focus_identity()

    def set_identity(self, anonymity: str, descriptors: Descriptors) -> None:
        """Named / anonymous / vague, with the descriptors and reason, for the speaker."""
        statement = self._review.selected_statement()
        source = self.document.source_by_id(statement.source_id) if statement else None
        if source is None:
            return
        command = SetAnonymity(self.document.id, source.id, Anonymity(anonymity), descriptors)
        self._review.apply(command)

    # ------------------------------------------------------- new statements
    def new_statement(self) -> None:
        """Start a statement the machine missed: the selection is its content (N)."""
        span = self._selection()
        if span is None:
            return
        self.draft = Draft(content=[span])
        self._article.clear_selection()
        self._show_draft("New statement: now select the cue and press C (Esc cancels)")

    def _fill_draft(self, role: str, span: Span) -> None:
        draft = self.draft
        if role == "source":
            draft.source = span
        elif role == "cue":
            draft.cue = span
        elif role == "content":
            draft.content = [span]
        else:
            draft.content = sorted([*draft.content, span], key=lambda s: s.start)
        self._article.clear_selection()
        if draft.cue is not None and draft.source is not None and draft.content:
            self.finish_draft()
        elif draft.cue is None:
            self._show_draft("New statement: select the cue and press C (Esc cancels)")
        else:
            self._show_draft(
                "New statement: select the source and press S, or Enter for none (Esc cancels)"
            )

    def finish_draft(self) -> bool:
        """Store the draft as one added statement when it has content and a cue."""
        draft = self.draft
        if draft is None:
            return False
        if draft.cue is None or not draft.content:
            self._show_message("A new statement needs a cue: select it and press C")
            return True
        document = self.document
        statement = Statement(
            id=fresh_id("h", {s.id for s in document.statements}),
            cue=draft.cue,
            content=draft.content,
            source=draft.source,
            source_id=_source_mentioned(document, draft.source),
            kind=kind_of(draft.content),
            status=Status.ADDED,
            origin=Origin.HUMAN,
        )
        self.cancel_draft(quiet=True)
        self._review.apply(
            AddStatement(document.id, statement),
            then=lambda: self._review.select_statement(statement.id),
        )
        return True

    def cancel_draft(self, quiet: bool = False) -> bool:
        """Drop the draft (Escape); False when there was none."""
        if self.draft is None:
            return False
        self.draft = None
        self._article.show_draft([])
        if not quiet:
            self._show_message("New statement cancelled")
        return True

    def _show_draft(self, message: str) -> None:
        self._article.show_draft(self.draft.spans())
        self._show_message(message)

    # ------------------------------------------------------------- entities
    def label_entity(self, label: str) -> None:
        """Label the selection as an entity, or relabel the entity at the caret (1–9, E)."""
        span = self._selection(quiet=True)
        if span is not None:
            command = LabelEntity(self.document.id, span.start, span.end, label)
        else:
            entity = self._entity_at_caret()
            if entity is None:
                self._show_message("Select words, or put the caret in an entity, to label it")
                return
            command = LabelEntity(self.document.id, entity.start, entity.end, label)
        self._article.clear_selection()
        self._review.apply(command)

    def remove_entity(self) -> None:
        """Remove the entity at the caret or under the selection (0)."""
        entity = self._entity_at_caret()
        if entity is None:
            self._show_message("Put the caret in an entity to remove it")
            return
        self._review.apply(LabelEntity(self.document.id, entity.start, entity.end, None))

    def entity_menu(self, at: QPoint) -> None:
        """A menu of every entity label (and removal) at `at` (E, or a right click)."""
        menu = QMenu(self._dialog_parent)
        for number, label in enumerate(known_entity_labels(), 1):
            key = f"&{number} " if number <= 9 else ""
            action = menu.addAction(f"{key}{label.name} — {label.description}")
            action.triggered.connect(lambda _=False, name=label.name: self.label_entity(name))
        menu.addSeparator()
        menu.addAction("&0 Remove entity").triggered.connect(self.remove_entity)
        menu.exec(at)

    def _entity_at_caret(self) -> Entity | None:
        document = self.document
        if document is None:
            return None
        shown = shown_entities(document)
        selection = self._article.selected_range()
        if selection is not None:
            start, end = selection
            return next((e for e in shown if e.start < end and start < e.end), None)
        caret = self._article.caret_index()
        return next((e for e in shown if e.start <= caret <= e.end), None)


def _source_mentioned(document: Document, span: Span | None) -> str | None:
    """The speaker that already has `span` among its mentions, None when none has."""
    if span is None:
        return None
    return next(
        (s.id for s in document.sources if span in s.mentions), None
    )
