"""Plain-text articles: decode the bytes, read the optional header, keep the body exact.

A header line such as ` date 2025-03-01 TEHRAN – A Palestinian leader …` gives the
publication date and the dateline; the stored text starts after the dash, so every offset
is counted against what the user sees.

Article text can never be changed once imported, so decoding never guesses: a file is read
as the encoding its byte-order mark names, else as UTF-8 when it is valid UTF-8, else as
the legacy encoding that detection names with confidence. Damaged UTF-8 and files whose
encoding cannot be told are refused with the reason; damaged ones are read only on request,
with every bad byte marked by U+FFFD and counted in the document's metadata.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import chardet
from charset_normalizer import from_bytes

from annotator.core.model import Document
from annotator.formats.article_layout import split_layout
from annotator.formats.hard_wrap import unwrap_hard_wrapped
from annotator.formats.jsonl import FormatError

# " date 2025-03-01 TEHRAN – " : the date, then an upper-case dateline ending with a dash.
_HEADER = re.compile(
    r"""\A\s*date\s+(?P<published>\d{4}-\d{2}-\d{2})\s+
        (?:(?P<dateline>[A-Z][A-Z.'’\- ]*?[A-Z.])\s*(?:\([^)]{1,40}\)\s*)?[–—-]\s+)?""",
    re.VERBOSE,
)

#: Longest byte-order marks first: UTF-32's LE mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: chardet's confidence below which a legacy encoding counts as undecidable. Measured on
#: invented articles (benchmarks/bench_encodings.py): right answers of three sentences or
#: more score 0.17 and up; a one-line text whose only accent could be é or ā scores 0.10.
MIN_CONFIDENCE = 0.15
#: Candidates within this share of chardet's best are close enough to be compared on mess.
CLOSE = 0.8
#: charset-normalizer's "mess" (symbols inside words, scripts mixed within a word …) above
#: which no decoding is plausible (its own default threshold).
MAX_MESS = 0.2
#: Control characters no article contains; their presence means binary data or a wrong
#: code page (Latin-1 read where Windows-1252 was meant turns ’ into U+0092).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text, the encoding it was read as, and how many bad bytes were replaced."""

    text: str
    encoding: str
    replaced: int = 0


def decode(data: bytes, name: str = "<bytes>", *, accept_damaged: bool = False) -> Decoded:
    """The text of `data`, never guessed: see the module's docstring for the order of tries.

    Raises `FormatError` naming `name` when the encoding cannot be told with confidence, or
    when the bytes are damaged and `accept_damaged` is false.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, name, accept_damaged)
    if b"\x00" in data:  # UTF-16 or UTF-32 without a mark, or not text at all
        return _detected(data, name)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return _strict(data, "utf-8", name, accept_damaged)
    return _detected(data, name)


def _strict(data: bytes, encoding: str, name: str, accept_damaged: bool) -> Decoded:
    """`data` in a known encoding; bad bytes refuse it, or are marked when accepted."""
    try:
        return Decoded(data.decode(encoding), _label(encoding))
    except UnicodeDecodeError as exc:
        if not accept_damaged:
            raise FormatError(
                f"is {_label(encoding)} with damaged bytes (the first at byte {exc.start}); "
                "it was not imported so that no text is altered (--accept-damaged imports it "
                "with each bad byte marked by U+FFFD)",
                name,
            ) from None
    text = data.decode(encoding, errors="replace")
    return Decoded(text, _label(encoding), replaced=_replacements(data, encoding))


def _replacements(data: bytes, encoding: str) -> int:
    """How many U+FFFD marks decoding inserts (any already in the text not counted)."""
    clean = data.decode(encoding, errors="ignore").count("\ufffd")
    return data.decode(encoding, errors="replace").count("\ufffd") - clean


def _mostly_utf8(data: bytes) -> bool:
    """Whether `data` looks like UTF-8 with a few bad bytes rather than a legacy encoding.

    A Latin-1 "é" followed by a letter is never valid UTF-8, and a legacy file forms a
    valid multi-byte sequence only by accident (a KOI8-R "её" now and then, among hundreds
    of bytes that are not), while a damaged byte inside a UTF-8 character leaves up to
    three bad bytes behind it. So: valid sequences, and at least one per three bad bytes.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    valid = sum(ord(ch) > 0x7F for ch in text) - bad
    return valid > 0 and valid * 3 >= bad


def _detected(data: bytes, name: str) -> Decoded:
    """`data` in the encoding detection is confident of, or a refusal saying why not.

    chardet proposes encodings ranked by its language models, but close candidates often
    differ in one letter ("società" or "societа"); of those that decode without control
    characters, the one charset-normalizer finds least messy is taken, chardet's order
    breaking ties. Nothing confident or nothing plausible is a refusal, never a guess.
    """
    candidates = chardet.detect_all(data, ignore_threshold=True, compat_names=False)
    top = candidates[0]["confidence"] if candidates and candidates[0]["encoding"] else 0.0
    if top < MIN_CONFIDENCE:
        binary = bool(candidates) and candidates[0]["encoding"] is None
        return _undecidable(name, "is it a text file?" if binary else None)
    plausible: list[tuple[float, int, str, str]] = []
    for rank, candidate in enumerate(candidates):
        encoding = candidate["encoding"]
        if encoding is None or candidate["confidence"] < max(MIN_CONFIDENCE, top * CLOSE):
            break  # sorted by confidence: the rest are weaker still
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        mess = _mess(data, encoding)
        if not _CONTROL.search(text) and mess <= MAX_MESS:
            plausible.append((mess, rank, encoding, text))
    if not plausible:
        best = candidates[0]
        return _undecidable(name, f"best guess {_label(best['encoding'])}, {top:.0%} sure")
    *_, encoding, text = min(plausible)
    return Decoded(text, _label(encoding))


def _undecidable(name: str, detail: str | None) -> Decoded:
    reason = "cannot tell the character encoding with confidence"
    if detail:
        reason += f" ({detail})"
    raise FormatError(f"{reason}; save it as UTF-8 and import it again", name)


def _mess(data: bytes, encoding: str) -> float:
    """charset-normalizer's mess ratio of `data` read as `encoding` (1.0: unreadable)."""
    match = from_bytes(data, cp_isolation=[encoding], threshold=1.0).best()
    return 1.0 if match is None else match.chaos


def _label(encoding: str) -> str:
    """A codec's usual name: "cp1252" → "windows-1252", "utf-8-sig" → "utf-8"."""
    name = codecs.lookup(encoding).name
    names = {"utf-8-sig": "utf-8", "iso8859-1": "latin-1"}
    if name.startswith("cp125"):
        return "windows-" + name.removeprefix("cp")
    return names.get(name, name)


def split_header(raw: str) -> tuple[dict[str, str | None], str]:
    """Metadata read from the header, and the article text after it."""
    match = _HEADER.match(raw)
    if not match:
        return {}, raw
    meta = {"published": match["published"], "dateline": match["dateline"]}
    return meta, raw[match.end() :]


def read_text_document(path: str | Path, *, accept_damaged: bool = False) -> Document:
    """A `Document` from a text file; its id is the file name without the extension.

    Without the seed's header, a headline, a "By …" line and a dateline at the top go into
    the metadata (`formats.article_layout`). A file not in UTF-8 says in its metadata what
    it was read as (`encoding`), and one read with damage says how many bytes were replaced
    (`damaged_bytes`). An unmistakably hard-wrapped text has its paragraphs' lines joined
    (`formats.hard_wrap`); every offset is counted against the stored text.
    """
    path = Path(path)
    decoded = decode(path.read_bytes(), str(path), accept_damaged=accept_damaged)
    if "\x00" in decoded.text:
        raise FormatError("contains NUL bytes; is it a text file?", path)
    meta, text = split_header(decoded.text)
    if not meta:  # no seed header: a headline, byline and dateline may open the article
        meta, text = split_layout(text)
    # After the top's furniture, whose lines are its own; a dateline leaves the lead's first
    # line shorter than it was wrapped.
    body_start = len(decoded.text) - len(text)
    first_column = body_start - (decoded.text.rfind("\n", 0, body_start) + 1)
    text = unwrap_hard_wrapped(text, first_column)
    meta = {**meta, "language": "en"}
    if decoded.encoding != "utf-8":
        meta["encoding"] = decoded.encoding
    if decoded.replaced:
        meta["damaged_bytes"] = decoded.replaced
    return Document(id=path.stem, text=text, meta=meta)
