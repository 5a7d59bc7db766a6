"""Saved web pages (HTML): the article's title, byline, date and body, nothing else.

Extraction is trafilatura's (the maintained article extractor the field relies on), never
hand-written regular expressions: it drops navigation, footers, comments, scripts and
styles, and reads the metadata a page declares (title, author, publication date, canonical
URL, site name). The stored text is the article body as trafilatura gives it, one paragraph
a line; a headline it repeats at the top is left out (it is the title, not a statement).
A page whose markup is so broken that a `<script>` or `<style>` tag would come through as
words is refused (an article that quotes such a tag is refused too: rare, and said).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from annotator.core.model import Document
from annotator.formats.jsonl import FormatError

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
#: Tags that must never reach the text; seen in it, they mean the page was not parsed.
_MARKUP = re.compile(r"<\s*/?\s*(?:script|style)\b", re.IGNORECASE)


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
    if _MARKUP.search(text):
        # Broken markup (an unclosed <title>, say) turns what follows into text, scripts
        # and styles with it: refused rather than stored as words.
        raise FormatError(
            "its markup is broken: a script or style would come through as text", name
        )
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


def _utf16(data: bytes, path: Path) -> str:
    """A page saved as UTF-16 (its byte-order mark says so), as text."""
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError:
        raise FormatError("is UTF-16 with damaged bytes", path) from None


def read_html_document(path: str | Path) -> Document:
    """A `Document` from a saved page; its id is the file name without the extension."""
    path = Path(path)
    data: bytes | str = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = _utf16(data, path)
    # No web page holds NUL; a file that does is binary, or text the parser would not read
    # as HTML (its markup, scripts included, would come through as words).
    if ("\x00" if isinstance(data, str) else b"\x00") in data:
        raise FormatError("contains NUL bytes; is it a web page?", path)
    meta, text = extract_article(data, str(path))
    return Document(id=path.stem, text=text, meta={**meta, "language": "en"})
