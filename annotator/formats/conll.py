"""Entities as CoNLL-style BIO: one token and its tag per line, tab-separated.

Each document starts with `-DOCSTART-` and a blank line (as CoNLL-2003); a line break in
the article ends a sentence (a blank line), since the text carries no other sentence marks
a reader would agree on. Tokens are spaCy's (a blank pipeline of the article's language);
whitespace is not a token.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from annotator.core.model import Document
from annotator.formats.spacy_docs import Alignment, to_spacy_doc


def bio_lines(doc: Document, alignment: Alignment) -> list[str]:
    """The lines of one document (without the `-DOCSTART-` header)."""
    sdoc = to_spacy_doc(doc, alignment)
    lines: list[str] = []
    for token in sdoc:
        if token.is_space:
            if "\n" in token.text and lines and lines[-1]:
                lines.append("")
            continue
        tag = "O" if not token.ent_type_ else f"{token.ent_iob_}-{token.ent_type_}"
        lines.append(f"{token.text}\t{tag}")
        if "\n" in token.whitespace_:
            lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return lines


def write_conll(docs: Iterable[Document], out: IO[str]) -> list[str]:
    """Write every document; returns notes on entities fitted to tokens."""
    alignment = Alignment()
    for doc in docs:
        out.write("-DOCSTART-\tO\n\n")
        lines = bio_lines(doc, alignment)
        if lines:
            out.write("\n".join(lines) + "\n\n")
    return alignment.notes()
