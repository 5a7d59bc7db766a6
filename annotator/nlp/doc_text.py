"""The text of a Doc, joined once per Doc.

`Doc.text` joins the text of every token anew on each access, making a Token object for
each: our components ask for it about ten times per Doc, which cost milliseconds. A Doc's
text does not change (retokenising keeps it), so `text_of` remembers it per Doc object and
forgets it with the Doc; it checks the token count and the text's length, so that a Doc
object refilled in place (`Doc.from_bytes`) is read again.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from spacy.tokens import Doc

#: Per Doc: its token count, the length of its text and the text.
_TEXTS: WeakKeyDictionary[Doc, tuple[int, int, str]] = WeakKeyDictionary()


def text_of(doc: Doc) -> str:
    """`doc.text`, joined once per Doc."""
    known = _TEXTS.get(doc)
    if known is not None and known[0] == len(doc) and known[1] == _length(doc):
        return known[2]
    text = doc.text
    _TEXTS[doc] = (len(doc), len(text), text)
    return text


def _length(doc: Doc) -> int:
    """The length of the Doc's text, from its last token."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)
