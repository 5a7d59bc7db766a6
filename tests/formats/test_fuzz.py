"""Every reader, fuzzed: generated, mutated and type-confused files give a document or a
reported rejection (`FormatError` with the file, and the line for JSONL), never a crash.

The example budget and the command for a long run are in tests/fuzzing.py.
"""

from __future__ import annotations

import codecs
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fuzzing import documents, dumped, fuzz, json_values, mutated_bytes, mutated_objects
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.model import Document
from annotator.formats import jsonl
from annotator.formats.brat import read_brat
from annotator.formats.csv_table import iter_csv_documents
from annotator.formats.html import read_html_document
from annotator.formats.jsonl import FormatError
from annotator.formats.text import decode, read_text_document


def assert_storable(doc: Document) -> None:
    """What a reader returns fits its text and can be written back and stored as it is."""
    text = doc.text
    spans = [(e.start, e.end, e.text) for e in doc.entities]
    for source in doc.sources:
        spans += [(m.start, m.end, m.text) for m in source.mentions]
    for st_ in doc.statements:
        for span in [st_.cue, *st_.content, *([st_.source] if st_.source else [])]:
            spans.append((span.start, span.end, span.text))
    assert all(0 <= s <= e <= len(text) and text[s:e] == t for s, e, t in spans)
    assert len({s.id for s in doc.statements}) == len(doc.statements)
    assert len({s.id for s in doc.sources}) == len(doc.sources)
    assert len({(e.start, e.end) for e in doc.entities}) == len(doc.entities)
    line = json.dumps(jsonl.document_to_dict(doc), ensure_ascii=False, allow_nan=False)
    line.encode("utf-8")  # no lone surrogate anywhere
    assert "\x00" not in text


@contextmanager
def written(data: bytes, name: str) -> Iterator[Path]:
    """`data` in a file of its own, removed afterwards (hypothesis runs many examples)."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        path = Path(folder, name)
        path.write_bytes(data)
        yield path


# ------------------------------------------------------------------------------------ JSONL


@fuzz
@given(documents())
def test_every_valid_document_reads_back_exactly(doc):
    assert jsonl.loads(jsonl.dumps(doc)) == doc


@given(st.data())
@fuzz
def test_jsonl_lines_mutated_and_type_confused_are_read_or_rejected_never_crash(data):
    doc = data.draw(documents())
    lines = []
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["good", "object", "bytes", "value"]))
        good = jsonl.dumps(doc).encode("utf-8")
        if kind == "good":
            lines.append(good)
        elif kind == "object":
            obj = data.draw(mutated_objects(jsonl.document_to_dict(doc)))
            lines.append(dumped(obj, data.draw))
        elif kind == "bytes":
            lines.append(data.draw(mutated_bytes(good)))
        else:
            lines.append(dumped(data.draw(json_values()), data.draw))
    with written(b"\n".join(lines) + b"\n", "input.jsonl") as path:
        items = list(jsonl.iter_documents(path))
    if lines[0].startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        assert len(items) == 1 and isinstance(items[0], FormatError)
        return
    numbered = [n for n, line in enumerate(lines, start=1) if line.strip()]
    assert len(items) == len(numbered)  # one answer per line, none lost, none invented
    for number, line, item in zip(numbered, [x for x in lines if x.strip()], items, strict=True):
        if isinstance(item, FormatError):
            assert (item.path, item.line) == (str(path), number)
            str(item).encode("utf-8")  # the message itself can be printed
        else:
            assert isinstance(item, Document)
            assert_storable(item)
            if line == jsonl.dumps(doc).encode("utf-8"):
                assert item == doc


# ------------------------------------------------------------------------------------- text


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-le", "cp1252", "latin-1"]


@st.composite
def text_files(draw) -> tuple[bytes, str | None]:
    """(bytes, the text they hold when it must come back exactly, else None)."""
    kind = draw(st.sampled_from(["random", "encoded", "damaged"]))
    if kind == "random":
        return draw(st.binary(max_size=300)), None
    text = draw(st.text(st.characters(codec="utf-8"), min_size=1, max_size=120))
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    if kind == "damaged":
        return draw(mutated_bytes(data)), None
    unicode_with_mark = encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32")
    exact = unicode_with_mark and "\x00" not in text and not text.startswith("\ufeff")
    return data, text if exact else None


@fuzz
@given(text_files(), st.booleans())
def test_text_files_are_read_exactly_or_refused_never_crash(file, accept_damaged):
    data, expected = file
    with written(data, "input.txt") as path:
        try:
            doc = read_text_document(path, accept_damaged=accept_damaged)
        except FormatError as error:
            assert error.path == str(path)
            assert expected is None, f"a {expected!r} file was refused: {error}"
            return
    assert_storable(doc)
    if expected is not None:
        assert decode(data).text == expected
    if not accept_damaged:
        assert "damaged_bytes" not in doc.meta


# ------------------------------------------------------------------------------------- brat


BRAT_TEXT = "The mayor said the bridge will open in May. “It is ready,” she added."
BRAT_ANN = "\n".join(
    [
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        "T1\tSource 0 9\tThe mayor",
        "T2\tCue 10 14\tsaid",
        "T3\tContent 15 42\tthe bridge will open in May",
        "T4\tAttribution 10 14\tsaid",
        "E2\tAttribution-no-source:T6 Content:T5 Cue:T6",
        "T5\tContent 44 58\t“It is ready,”",
        "T6\tCue 63 68\tadded",
    ]
)


@st.composite
def ann_files(draw) -> bytes:
    lines = BRAT_ANN.split("\n")
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["drop", "repeat", "swap", "junk"]))
        index = draw(st.integers(0, len(lines) - 1))
        if action == "drop" and len(lines) > 1:
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif action == "swap":
            parts = lines[index].split("\t")
            draw(st.randoms()).shuffle(parts)
            lines[index] = "\t".join(parts)
        else:
            lines[index] = draw(st.text(max_size=30)).replace("\n", " ")
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    return draw(mutated_bytes(data)) if draw(st.booleans()) else data


@fuzz
@given(ann_files())
def test_brat_files_mutated_give_gold_or_a_named_error_never_crash(ann):
    with written(ann, "story_a1.ann") as ann_path:
        text_path = ann_path.with_name("story.txt")
        text_path.write_text(BRAT_TEXT, encoding="utf-8")
        try:
            doc = read_brat(text_path, ann_path)
        except FormatError as error:
            assert error.path == str(ann_path)
            return
    assert_storable(doc)


# ------------------------------------------------------------------- HTML, Prodigy, CSV

PAGE = (
    "<html><head><title>Bridge</title><script>var x = 'no';</script>"
    "<style>p{color:red}</style></head><body><article><h1>Bridge to close</h1>"
    "<p>The mayor said on Monday that the bridge would close in May for long repairs.</p>"
    "<p>“We have no choice,” she added, as the steel was rusting faster than expected.</p>"
    "</article></body></html>"
)


@fuzz
@given(st.data())
def test_html_pages_mutated_give_an_article_or_a_named_error_never_crash(data):
    raw = PAGE.encode("utf-8")
    page = data.draw(st.one_of(mutated_bytes(raw), st.binary(max_size=300), st.just(raw)))
    with written(page, "page.html") as path:
        try:
            doc = read_html_document(path)
        except FormatError as error:
            assert error.path == str(path)
            return
    assert_storable(doc)
    assert "var x" not in doc.text and "color:red" not in doc.text


TASK = {
    "text": "Ana Ruiz said the 🌉 bridge will close.",
    "spans": [{"start": 0, "end": 8, "label": "PERSON", "text": "Ana Ruiz"}],
    "meta": {"title": "x"},
}


@fuzz
@given(st.data())
def test_prodigy_tasks_mutated_are_read_or_rejected_with_their_line(data):
    lines = [
        json.dumps(TASK).encode(),
        dumped(data.draw(mutated_objects(TASK)), data.draw),
        data.draw(mutated_bytes(json.dumps(TASK).encode())),
    ]
    with written(b"\n".join(lines) + b"\n", "tasks.jsonl") as path:
        items = list(jsonl.iter_documents(path))
    assert isinstance(items[0], Document) and items[0].entities[0].text == "Ana Ruiz"
    numbered = [n for n, line in enumerate(lines, start=1) if line.strip()]
    for number, item in zip(numbered, items, strict=True):
        if isinstance(item, FormatError):
            assert (item.path, item.line) == (str(path), number)
        else:
            assert_storable(item)


TABLE = (
    'id,title,text\na1,Bridge,"The mayor said, on Monday, that it ""will close""."\n'
    "a2,,Officials said so.\n"
)


@fuzz
@given(st.data())
def test_csv_tables_mutated_give_rows_or_errors_with_file_and_line(data):
    table = data.draw(st.one_of(mutated_bytes(TABLE.encode()), st.just(TABLE.encode())))
    with written(table, "articles.csv") as path:
        items = list(iter_csv_documents(path))
    for item in items:
        if isinstance(item, FormatError):
            assert item.path == str(path)
            whole_file = "encoding" in item.reason or "damaged bytes" in item.reason
            assert item.line is not None or whole_file, item  # a row's error names its line
        else:
            assert_storable(item)
    if table == TABLE.encode():
        assert [d.id for d in items] == ["a1", "a2"]
