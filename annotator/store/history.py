"""The audit log and each user's undo log, written in the edit's own transaction.

A user's undo log is a stack in id order: commands done, then those undone (the redo
stack). A new edit makes the undone ones unreachable without deleting them, which would
cost every edit a statement: redo looks only past the last command done, and the next undo
deletes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from annotator.core.commands import Command, command_from_json
from annotator.store.decisions import Write
from annotator.store.repository import now
from annotator.store.tables import AuditRow, UndoRow


def record_audit(session: Session, annotator: str, action: str, writes: Iterable[Write]) -> None:
    """One audit row per object the edit changed: who, when, what, before and after."""
    at = now()
    session.add_all(
        AuditRow(
            at=at,
            annotator=annotator,
            action=action,
            document_id=w.document_id,
            object_key=w.object_key,
            before=w.before,
            after=w.after,
        )
        for w in writes
    )


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change to one object, as the audit log recorded it (`before`/`after` as JSON data)."""

    at: str
    annotator: str
    action: str
    document_id: str
    object_key: str
    before: Any
    after: Any


def audit_trail(
    session: Session, document_id: str | None = None, limit: int = 100
) -> list[AuditEntry]:
    """The latest changes, newest first, to one document or to all."""
    query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
    if document_id is not None:
        query = query.where(AuditRow.document_id == document_id)
    return [
        AuditEntry(
            r.at,
            r.annotator,
            r.action,
            r.document_id,
            r.object_key,
            None if r.before is None else json.loads(r.before),
            None if r.after is None else json.loads(r.after),
        )
        for r in session.execute(query).scalars()
    ]


def push_done(session: Session, annotator: str, command: Command) -> None:
    """Remember an applied command; the undone ones before it can no longer be redone."""
    session.add(
        UndoRow(
            annotator=annotator,
            label=command.label,
            command=command.to_json(),
            undone=False,
            applied_at=now(),
        )
    )


def last_done(session: Session, annotator: str) -> UndoRow | None:
    """The user's most recent command that is not undone."""
    query = select(UndoRow).where(UndoRow.annotator == annotator, UndoRow.undone.is_(False))
    return session.execute(query.order_by(UndoRow.id.desc()).limit(1)).scalars().first()


def next_undone(session: Session, annotator: str) -> UndoRow | None:
    """The command redo would apply again: the earliest undone one after the last done."""
    last_done_id = (
        select(func.coalesce(func.max(UndoRow.id), 0))
        .where(UndoRow.annotator == annotator, UndoRow.undone.is_(False))
        .scalar_subquery()
    )
    query = select(UndoRow).where(
        UndoRow.annotator == annotator, UndoRow.undone.is_(True), UndoRow.id > last_done_id
    )
    return session.execute(query.order_by(UndoRow.id).limit(1)).scalars().first()


def command_of(row: UndoRow) -> Command:
    return command_from_json(row.command)


def mark(session: Session, row: UndoRow, command: Command, *, undone: bool) -> None:
    """Flip an undo-log entry, saving what the command captured this time."""
    if undone:
        _forget_unreachable(session, row)
    row.undone = undone
    row.command = command.to_json()


def _forget_unreachable(session: Session, undoing: UndoRow) -> None:
    """Delete the undone commands older than the one being undone: a later edit left them
    behind, and once it is undone `next_undone` would otherwise reach them again."""
    session.execute(
        delete(UndoRow)
        .where(
            UndoRow.annotator == undoing.annotator,
            UndoRow.undone.is_(True),
            UndoRow.id < undoing.id,
        )
        .execution_options(synchronize_session=False)
    )
