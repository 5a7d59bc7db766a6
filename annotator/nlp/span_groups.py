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
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, SpanGroup
from spacy.tokens import Span as DocSpan

from annotator.core.model import Statement

#: The span groups, one per role.
ROLE_GROUPS = ("source", "cue", "content")

#: One span of a group: role, character offsets, speaker ("" for none), statement id.
SpanKey = tuple[str, int, int, str, str]


@dataclass
class _Written:
    """What `write_span_groups` last wrote into a Doc."""

    #: The Doc's length then (a retokenised Doc has other tokens: nothing is reused).
    tokens: int
    #: Per group, the keys of its spans, the group object set and its length.
    groups: dict[str, tuple[tuple[SpanKey, ...], SpanGroup, int]] = field(default_factory=dict)
    #: The spans made so far, by key (None: no tokens there).
    spans: dict[SpanKey, DocSpan | None] = field(default_factory=dict)


#: Per Doc (forgotten with it). Every component of ours writes the groups after it changes
#: the statements, and most change few spans (the filter drops a few statements, the speaker
#: component sets only the sources' `kb_id`): a group whose spans are those written last
#: time, and still in place, is left be, and a span made before is not made again.
_WRITTEN: WeakKeyDictionary[Doc, _Written] = WeakKeyDictionary()


def write_span_groups(doc: Doc, statements: Iterable[Statement]) -> None:
    """Replace the role span groups of `doc` by those of `statements`."""
    keys: dict[str, list[SpanKey]] = {name: [] for name in ROLE_GROUPS}
    for statement in statements:
        for role, span, speaker in statement.roles():
            keys[role].append((role, span.start, span.end, speaker or "", statement.id))
    written = _WRITTEN.get(doc)
    if written is None or written.tokens != len(doc):
        written = _WRITTEN[doc] = _Written(len(doc))
    for name, wanted in keys.items():
        signature = tuple(wanted)
        last = written.groups.get(name)
        if last is not None and last[0] == signature and _unchanged(doc, name, *last[1:]):
            continue
        spans = [found for key in signature if (found := _span(doc, key, written)) is not None]
        doc.spans[name] = spans
        written.groups[name] = (signature, doc.spans[name], len(spans))


def _unchanged(doc: Doc, name: str, group: SpanGroup, size: int) -> bool:
    """Whether the group set last is still the Doc's, as long (nobody replaced it or added
    to it since)."""
    current = doc.spans.get(name)
    return current is group and len(current) == size


def _span(doc: Doc, key: SpanKey, written: _Written) -> DocSpan | None:
    if key not in written.spans:
        role, start, end, speaker, statement_id = key
        written.spans[key] = doc.char_span(
            start,
            end,
            label=role.upper(),
            kb_id=speaker,
            span_id=statement_id,
            alignment_mode="expand",
        )
    return written.spans[key]
