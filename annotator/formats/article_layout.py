"""The furniture at the top of a plain-text article: headline, byline and dateline.

Saved or pasted articles often start with a headline on a line of its own, perhaps a
"By …" line, and a dateline before the lead ("PORTVALE, 2025-04-12 — The city council …").
None of that is reported speech: left in the text, the pre-annotator would make statements
of it. So it is taken into the metadata (`title`, `byline`, `dateline`, `published`) and the
stored text starts at the lead, as it does after the seed's `date …` header; every offset is
counted against what is stored.

Only what is unmistakable is taken: a headline is a short first line without a sentence's
closing punctuation, standing apart (a blank line after it, or a byline or dateline
right under it) with more text after; a dateline is a place in
capitals (or a place followed by a date) and a dash. Anything else stays text.
"""

from __future__ import annotations

import re
from datetime import datetime

#: A headline is at most this many characters and words.
MAX_HEADLINE_CHARS = 200
MAX_HEADLINE_WORDS = 30
#: A sentence ends with these (a closing quote after them too); a headline does not.
_SENTENCE_END = re.compile(r"[.,;:!]['\"’”»)]*\s*\Z")

_BYLINE = re.compile(r"\A[ \t]*By[ \t]+(?P<byline>[A-Z][^\n]{1,100}?)[ \t]*(?:\n[ \t]*)+")

_DASH = r"[ \t]*(?:[–—]|--?)[ \t]+"
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (
    rf"\d{{4}}-\d{{2}}-\d{{2}}|{_MONTHS}[ \t]+\d{{1,2}},?[ \t]+\d{{4}}"
    rf"|\d{{1,2}}[ \t]+{_MONTHS}[ \t]+\d{{4}}"
)
#: A day without its year, as wire copy writes it after the place ("CLEVELAND, July 19 (UPI) —").
_DAY = rf"{_MONTHS}[ \t]+\d{{1,2}}"
_CAPS_PLACE = r"[A-Z][A-Z.'’\-]*(?:[ \t][A-Z][A-Z.'’\-]*){0,3}"
_ANY_PLACE = r"[A-Z][A-Za-z.'’\-]*(?:[ \t][A-Z][A-Za-z.'’\-]*){0,3}"
_AGENCY = r"(?:[ \t]*\([A-Za-z][^)\n]{0,30}\))?"
_DATELINE = re.compile(
    rf"""\A[ \t]*(?:
        (?P<place>{_ANY_PLACE}(?:,[ \t]*{_ANY_PLACE})?),[ \t]*(?P<date>{_DATE}){_AGENCY}{_DASH}
      | (?P<caps>{_CAPS_PLACE}(?:,[ \t]*{_ANY_PLACE})?)(?:,[ \t]*{_DAY})?{_AGENCY}{_DASH}
    )""",
    re.VERBOSE,
)
_DATE_FORMATS = ("%Y-%m-%d", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y")


def iso_date(text: str) -> str | None:
    """ "April 12, 2025", "12 Apr. 2025" or "2025-04-12" as "2025-04-12"; None if not a date."""
    cleaned = " ".join(text.replace(",", " ").replace(".", " ").split())
    cleaned = cleaned.replace("Sept ", "Sep ")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _headline(text: str) -> tuple[str, int] | None:
    """The first line and where the text after it starts, when that line is a headline."""
    line_end = text.find("\n")
    if line_end < 0:
        return None
    line = text[:line_end].strip()
    rest = text[line_end:]
    body_start = line_end + (len(rest) - len(rest.lstrip()))
    # A hard-wrapped first paragraph also has a short first line: a headline stands apart
    # (a blank line after it) or is followed straight by a byline or a dateline.
    apart = "\n" in text[line_end + 1 : body_start]
    body = text[body_start:]
    if not (apart or _BYLINE.match(body) or _DATELINE.match(body)):
        return None
    if (
        not line
        or body_start >= len(text)
        or len(line) > MAX_HEADLINE_CHARS
        or len(line.split()) > MAX_HEADLINE_WORDS
        or _SENTENCE_END.search(line)
        or _DATELINE.match(line + " ")  # a dateline on its own line is not a title
    ):
        return None
    return line, body_start


def split_layout(raw: str) -> tuple[dict[str, str], str]:
    """Metadata read from the article's top (headline, byline, dateline) and the text after."""
    meta: dict[str, str] = {}
    text = raw
    if found := _headline(text.lstrip("\ufeff")):
        meta["title"], start = found
        text = text.lstrip("\ufeff")[start:]
    if match := _BYLINE.match(text):
        meta["byline"] = match["byline"]
        text = text[match.end() :]
    if match := _DATELINE.match(text):
        place = match["place"] or match["caps"]
        meta["dateline"] = " ".join(place.split())
        if match["date"] and (day := iso_date(match["date"])):
            meta["published"] = day
        text = text[match.end() :]
    return meta, text
