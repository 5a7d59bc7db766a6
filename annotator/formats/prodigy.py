"""Prodigy-style JSONL (`text`, `spans`, `meta`): one task per line, as Prodigy exports.

A record without an `id` that carries Prodigy's keys (`spans`, `meta`, `tokens`, `answer`,
`_input_hash`, `_task_hash`) is read as a task: its spans become people's entity labels
(accepted, by the task's `_annotator_id` when it names one), its `meta` the document's
metadata. A task the annotator rejected or ignored (`answer` other than `accept`) holds no
labels to trust: it is refused with the reason. The document's id is `meta.id`, else
`prodigy-<_input_hash>`, else a hash of the text, so importing the same file twice finds
the same documents.
"""

from __future__ import annotations

import hashlib
from typing import Any

from annotator.core.model import KNOWN_META_KEYS, Document, Entity, Origin, Status
from annotator.formats.jsonl import FormatError

PRODIGY_KEYS = ("spans", "meta", "tokens", "answer", "_input_hash", "_task_hash")
#: Keys only the exchange format has: a record with them is one, however broken.
EXCHANGE_ONLY = ("entities", "sources", "statements", "provenance")


def is_prodigy_task(obj: Any) -> bool:
    """Whether a JSON record is a Prodigy task rather than an exchange-format document."""
    if not isinstance(obj, dict) or "id" in obj or any(k in obj for k in EXCHANGE_ONLY):
        return False
    return any(k in obj for k in PRODIGY_KEYS)


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FormatError(f"{where}: should be an integer offset, not {value!r}"[:120])
    return value


def _text(obj: dict, key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise FormatError(f"{where}: should be a string")
    return value


def document_from_task(obj: dict) -> Document:
    """The `Document` of one Prodigy task; `FormatError` saying which field is wrong."""
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise FormatError("text: is required (a non-empty string)")
    if "\x00" in text:
        raise FormatError("text: contains NUL, which no database stores")
    answer = obj.get("answer", "accept")
    if answer != "accept":
        raise FormatError(f"answer is {answer!r}: only accepted tasks are imported")
    meta_in = obj.get("meta") or {}
    if not isinstance(meta_in, dict):
        raise FormatError("meta: should be a JSON object")
    annotator = _text(obj, "_annotator_id", "_annotator_id")
    spans = obj.get("spans") or []
    if not isinstance(spans, list):
        raise FormatError("spans: should be a list")
    entities: list[Entity] = []
    seen: set[tuple[int, int]] = set()
    for index, span in enumerate(spans):
        where = f"spans[{index}]"
        if not isinstance(span, dict):
            raise FormatError(f"{where}: should be a JSON object")
        start, end = (
            _int(span.get("start"), f"{where}.start"),
            _int(span.get("end"), f"{where}.end"),
        )
        if not 0 <= start < end <= len(text):
            raise FormatError(
                f"{where}: {start}-{end} is not a span of the text ({len(text)} characters)"
            )
        label = _text(span, "label", f"{where}.label")
        if not label:
            raise FormatError(f"{where}.label: is required")
        given = _text(span, "text", f"{where}.text")
        if given is not None and given != text[start:end]:
            raise FormatError(
                f"{where}.text: says {given[:30]!r} but the text there is {text[start:end][:30]!r}"
            )
        if (start, end) in seen:
            raise FormatError(f"{where}: a second span on {start}-{end}")
        seen.add((start, end))
        entities.append(
            Entity(start, end, text[start:end], label, Status.ACCEPTED, Origin.HUMAN, annotator)
        )
    if _holds_nul(meta_in):
        raise FormatError("meta: a string holds NUL, which no database stores")
    meta = {k: v for k, v in meta_in.items() if k != "id"}
    for key in KNOWN_META_KEYS:
        if meta.get(key) is not None and not isinstance(meta[key], str):
            meta[key] = str(meta[key])
    return Document(id=_task_id(obj, meta_in, text), text=text, meta=meta, entities=entities)


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _task_id(obj: dict, meta: dict, text: str) -> str:
    if isinstance(meta.get("id"), (str, int)) and not isinstance(meta.get("id"), bool):
        return str(meta["id"])
    if isinstance(obj.get("_input_hash"), int):
        return f"prodigy-{obj['_input_hash']}"
    return "prodigy-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
