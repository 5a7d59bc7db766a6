"""Domain documents as spaCy `Doc`s: tokens from a blank pipeline, entities aligned to them.

Shared by the DocBin and CoNLL writers. spaCy's entities are whole tokens and never overlap,
so an entity is widened to the tokens it touches and, of overlapping ones, the longest is
kept; how many were changed is reported, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from annotator.core.model import Document


@dataclass
class Alignment:
    """What fitting entities to tokens changed, over a whole export."""

    widened: int = 0
    dropped: int = 0
    languages: set[str] = field(default_factory=set)

    def notes(self) -> list[str]:
        notes = []
        if self.widened:
            notes.append(f"{self.widened} entities widened to whole tokens")
        if self.dropped:
            notes.append(f"{self.dropped} overlapping entities left out (the longest is kept)")
        return notes


@lru_cache(maxsize=8)
def blank(language: str | None):
    """A blank spaCy pipeline (tokenizer only) for the language, else a multilingual one."""
    import spacy

    try:
        return spacy.blank(language or "en")
    except (ImportError, KeyError, ValueError):
        return spacy.blank("xx")


def to_spacy_doc(doc: Document, alignment: Alignment):
    """A spaCy `Doc` of the text with `doc.ents` set from the document's entities."""
    from spacy.util import filter_spans

    nlp = blank(doc.meta.get("language"))
    sdoc = nlp.make_doc(doc.text)
    spans = []
    for entity in doc.entities:
        span = sdoc.char_span(entity.start, entity.end, label=entity.label, alignment_mode="expand")
        if span is None or not span.text.strip():
            alignment.dropped += 1
            continue
        if (span.start_char, span.end_char) != (entity.start, entity.end):
            alignment.widened += 1
        spans.append(span)
    kept = filter_spans(spans)
    alignment.dropped += len(spans) - len(kept)
    sdoc.ents = kept
    return sdoc


def char_span(sdoc, start: int, end: int, **kwargs):
    """The tokens covering `[start, end)` (widened to whole tokens), or None if none do."""
    return sdoc.char_span(start, end, alignment_mode="expand", **kwargs)
