"""spaCy `DocBin` (`.spacy`): the training format of `spacy train`.

Entities are `doc.ents` (trainable NER); the statements' roles are span groups
`doc.spans["source"]`, `["cue"]` and `["content"]` (overlaps allowed, each span's `id` the
statement's id, a source span's `kb_id` its speaker); the relations (which source, cue and
content belong together, kind, status, verdict) and the speakers with their anonymity are in
`doc.user_data["annotator"]`, in character offsets of `doc.text`, with the document's id,
metadata and provenance.

It is also the engine's spaCy representation of gold for training: `annotator train`
(`services/training.py`) pairs each rule-parsed Doc (its candidates in `Doc._.statements`)
with the gold as `to_training_doc` makes it, in a spaCy `Example`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from annotator.core.model import Document, Span
from annotator.formats.spacy_docs import Alignment, char_span, to_spacy_doc

#: The `doc.user_data` key of the annotations spaCy has no place for.
USER_DATA_KEY = "annotator"
SPAN_GROUPS = ("source", "cue", "content")


def _offsets(span: Span | None) -> list[int] | None:
    return None if span is None else [span.start, span.end]


def user_data(doc: Document) -> dict[str, Any]:
    """The relations, speakers and provenance of `doc` as plain msgpack-able values."""
    return {
        "id": doc.id,
        "meta": dict(doc.meta),
        "statements": [
            {
                "id": st.id,
                "source": _offsets(st.source),
                "source_id": st.source_id,
                "cue": _offsets(st.cue),
                "content": [_offsets(c) for c in st.content],
                "kind": str(st.kind),
                "parent": st.parent,
                "status": str(st.status),
                "annotator": st.annotator,
                "verdict": st.claim.verdict,
            }
            for st in doc.statements
        ],
        "sources": [
            {
                "id": s.id,
                "name": s.name,
                "kind": str(s.kind),
                "anonymity": str(s.anonymity),
                "descriptors": asdict(s.descriptors),
                "mentions": [_offsets(m) for m in s.mentions],
            }
            for s in doc.sources
        ],
        "provenance": asdict(doc.provenance),
    }


def to_training_doc(doc: Document, alignment: Alignment):
    """The spaCy `Doc` of one document, with entities, role span groups and user data."""
    sdoc = to_spacy_doc(doc, alignment)
    groups: dict[str, list] = {name: [] for name in SPAN_GROUPS}
    for st in doc.statements:
        for group, span, speaker in st.roles():
            found = char_span(
                sdoc, span.start, span.end, label=group.upper(), span_id=st.id, kb_id=speaker or ""
            )
            if found is not None:
                groups[group].append(found)
    for name, spans in groups.items():
        sdoc.spans[name] = spans
    sdoc.user_data[USER_DATA_KEY] = user_data(doc)
    return sdoc


def write_docbin(docs: Iterable[Document], path: Path) -> list[str]:
    """Write `docs` as one DocBin file; returns notes on entities fitted to tokens."""
    from spacy.tokens import DocBin

    alignment = Alignment()
    docbin = DocBin(store_user_data=True)
    for doc in docs:
        docbin.add(to_training_doc(doc, alignment))
    docbin.to_disk(path)
    return alignment.notes()
