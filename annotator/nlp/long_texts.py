"""Texts longer than spaCy accepts (`nlp.max_length`, a million characters by default).

Raising the limit is no answer: the parser's memory grows with the length of a Doc (a
megabyte on one line took minutes and gigabytes). Instead spaCy's own components run on
chunks cut at line breaks (else at spaces), the chunks are joined back into one Doc with
exactly the original text, and our components run on the whole, so offsets stay true.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

#: Characters per chunk handed to spaCy's own components.
CHUNK_CHARS = 100_000


def split_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """`text` cut into pieces of at most `size` characters, at a line break or a space
    when there is one; `"".join(pieces) == text`."""
    pieces = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            if cut > start:
                end = cut + 1
        pieces.append(text[start:end])
        start = end
    return pieces


def process_long_text(
    nlp: Language, text: str, ours: tuple[str, ...], size: int = CHUNK_CHARS
) -> Doc:
    """`nlp(text)` for a text of any length: `ours` (component names) run on the joined Doc."""
    present = [name for name in nlp.pipe_names if name in ours]
    size = min(size, nlp.max_length)
    with nlp.select_pipes(disable=present):
        parts = list(nlp.pipe(split_text(text, size)))
    doc = Doc.from_docs(parts, ensure_whitespace=False) if parts else nlp.make_doc(text)
    for name in present:
        doc = nlp.get_pipe(name)(doc)
    return doc
