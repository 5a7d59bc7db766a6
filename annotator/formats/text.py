"""Plain-text articles: decode the bytes, read the optional header, keep the body exact.

A header line such as ` date 2025-03-01 TEHRAN – A Palestinian leader …` gives the
publication date and the dateline; the stored text starts after the dash, so every offset
is counted against what the user sees.
"""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes

from annotator.core.model import Document
from annotator.formats.jsonl import FormatError

# " date 2025-03-01 TEHRAN – " : the date, then an upper-case dateline ending with a dash.
_HEADER = re.compile(
    r"""\A\s*date\s+(?P<published>\d{4}-\d{2}-\d{2})\s+
        (?:(?P<dateline>[A-Z][A-Z.'’\- ]*?[A-Z.])\s*(?:\([^)]{1,40}\)\s*)?[–—-]\s+)?""",
    re.VERBOSE,
)


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Text of `data`: UTF-8 when it is, otherwise the charset that detection trusts most."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise FormatError(
                "cannot tell the character encoding; is it a text file?", name
            ) from None
        return str(best)


def split_header(raw: str) -> tuple[dict[str, str | None], str]:
    """Metadata read from the header, and the article text after it."""
    match = _HEADER.match(raw)
    if not match:
        return {}, raw
    meta = {"published": match["published"], "dateline": match["dateline"]}
    return meta, raw[match.end() :]


def read_text_document(path: str | Path) -> Document:
    """A `Document` from a text file; its id is the file name without the extension."""
    path = Path(path)
    raw = decode(path.read_bytes(), str(path))
    if "\x00" in raw:
        raise FormatError("contains NUL bytes; is it a text file?", path)
    meta, text = split_header(raw)
    return Document(id=path.stem, text=text, meta={**meta, "language": "en"})
