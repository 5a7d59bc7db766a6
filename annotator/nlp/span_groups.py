"""The engine's statements as spaCy span groups: `doc.spans["source"]`, `["cue"]`, `["content"]`.

Every component of ours that sets or changes `Doc._.statements` calls `write_span_groups`,
so a processed Doc carries its roles where spaCy's trainable components and scorers look
for spans (`Scorer.score_spans`, `spancat`), in the same shape as gold converted to a
DocBin (`formats/docbin.py`): each span's label is its role in capitals, its `id` the
statement's id (which ties a statement's source, cue and content together), and a source
span's `kb_id` the speaker it is linked to. The relations themselves (kind, confidence,
nesting) stay in `Doc._.statements`, the speakers with their anonymity and descriptors in
`Doc._.sources` (`annotator.nlp.extensions`).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from annotator.core.model import Statement

#: The span groups, one per role.
ROLE_GROUPS = ("source", "cue", "content")


def write_span_groups(doc: Doc, statements: Iterable[Statement]) -> None:
    """Replace the role span groups of `doc` by those of `statements`."""
    groups: dict[str, list] = {name: [] for name in ROLE_GROUPS}
    for statement in statements:
        for role, span, speaker in statement.roles():
            found = doc.char_span(
                span.start,
                span.end,
                label=role.upper(),
                kb_id=speaker or "",
                span_id=statement.id,
                alignment_mode="expand",
            )
            if found is not None:
                groups[role].append(found)
    for name, spans in groups.items():
        doc.spans[name] = spans
