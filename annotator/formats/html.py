"""Saved web pages (HTML): the article's title, byline, date and body, nothing else.

Extraction is trafilatura's (the maintained article extractor the field relies on), never
hand-written regular expressions: it drops navigation, footers, comments, scripts and
styles, and reads the metadata a page declares (title, author, publication date, canonical
URL, site name). The stored text is the article body as trafilatura gives it, one paragraph
a line; a headline it repeats at the top is left out (it is the title, not a statement).
"""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import Document
from annotator.formats.jsonl import FormatError

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def extract_article(data: bytes | str, name: str = "<html>") -> tuple[dict, str]:
    """The metadata and body text of a page; `FormatError` naming `name` when none is found."""
    import trafilatura

    result = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_formatting=False,
        favor_recall=True,
    )
    text = (result.text if result is not None else None) or ""
    if not text.strip():
        raise FormatError("no article text found in this page (is it an article?)", name)
    title = result.title or None
    first, _, rest = text.partition("\n")
    if title and first.strip() == title.strip() and rest.strip():
        text = rest.lstrip("\n")
    meta = {
        "title": title,
        "byline": result.author or None,
        "published": result.date or None,
        "url": result.url or None,
        "outlet": result.sitename or None,
    }
    return {k: v for k, v in meta.items() if v}, text


def read_html_document(path: str | Path) -> Document:
    """A `Document` from a saved page; its id is the file name without the extension."""
    path = Path(path)
    meta, text = extract_article(path.read_bytes(), str(path))
    if "\x00" in text:
        raise FormatError("contains NUL characters; is it a web page?", path)
    return Document(id=path.stem, text=text, meta={**meta, "language": "en"})
