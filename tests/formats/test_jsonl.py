"""The exchange format: lossless round trip, exact offsets, clear errors with line numbers."""

import json

import pytest

from annotator.core.model import (
    Anonymity,
    Claim,
    Descriptors,
    Document,
    Entity,
    Evidence,
    Source,
    Statement,
    StatementKind,
    Status,
)
from annotator.formats import jsonl
from annotator.formats.jsonl import FormatError

TEXT = "😀 Officials 🇪🇬 said talks failed. He noted that “no deal” was near."


def sample_document() -> Document:
    doc = Document(id="doc-1", text=TEXT, meta={"published": "2025-03-01", "extra": {"k": 1}})
    said = TEXT.index("said")
    he = TEXT.index("He")
    noted = TEXT.index("noted")
    content = TEXT.index("“no deal”")
    doc.entities.append(Entity(he, he + 2, "He", "PERSON"))
    doc.sources.append(
        Source(
            id="s1",
            name="Officials",
            anonymity=Anonymity.ANONYMOUS,
            descriptors=Descriptors(role="official", count=2),
            mentions=[doc.span(TEXT.index("Officials"), TEXT.index("Officials") + 9)],
        )
    )
    doc.statements.append(
        Statement(
            id="q1",
            cue=doc.span(said, said + 4),
            content=[doc.span(said + 5, TEXT.index(". He"))],
            source=doc.span(TEXT.index("Officials"), TEXT.index("Officials") + 9),
            source_id="s1",
            confidence=0.8,
        )
    )
    doc.statements.append(
        Statement(
            id="q2",
            cue=doc.span(noted, noted + 5),
            content=[doc.span(content, len(TEXT) - 1)],
            source=doc.span(he, he + 2),
            source_id="s1",
            kind=StatementKind.MIXED,
            status=Status.ACCEPTED,
            claim=Claim(checkworthy=True, verdict="false", evidence=[Evidence("https://x", "n")]),
        )
    )
    return doc


def test_round_trip_gives_the_same_objects():
    doc = sample_document()
    line = jsonl.dumps(doc)
    again = jsonl.loads(line)
    assert again == doc
    assert jsonl.document_to_dict(again) == json.loads(line)


def test_a_line_is_readable_text_with_a_statements_speaker_before_its_cue():
    line = jsonl.dumps(sample_document())
    assert "😀 Officials 🇪🇬 said" in line and "“no deal”" in line  # UTF-8, not \u escapes
    keys = list(json.loads(line)["statements"][0])
    assert keys == [
        "id",
        "source",
        "source_id",
        "cue",
        "content",
        "kind",
        "parent",
        "status",
        "origin",
        "confidence",
        "annotator",
        "claim",
    ]


def test_a_byte_order_mark_before_the_first_line_is_not_part_of_it(tmp_path):
    path = tmp_path / "from-windows.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + jsonl.dumps(sample_document()).encode("utf-8") + b"\n")
    (doc,) = jsonl.iter_documents(path)
    assert doc == sample_document()


def test_offsets_are_code_points_even_after_astral_characters():
    obj = json.loads(jsonl.dumps(sample_document()))
    for statement in obj["statements"]:
        cue = statement["cue"]
        assert TEXT[cue["start"] : cue["end"]] == cue["text"]
    assert obj["statements"][0]["cue"]["text"] == "said"


def test_known_meta_keys_are_present_and_unknown_ones_kept():
    obj = json.loads(jsonl.dumps(sample_document()))
    assert obj["meta"]["dateline"] is None
    assert obj["meta"]["extra"] == {"k": 1}


def test_a_span_whose_text_disagrees_with_the_document_is_refused():
    obj = jsonl.document_to_dict(sample_document())
    obj["statements"][0]["cue"]["text"] = "stated"
    with pytest.raises(FormatError, match="says 'stated'"):
        jsonl.document_from_dict(obj)


def test_bad_lines_are_reported_with_their_line_and_the_good_ones_kept(tmp_path):
    good = jsonl.dumps(sample_document())
    path = tmp_path / "mixed.jsonl"
    path.write_text(f"{good}\n{{not json\n\n" + good.replace('"doc-1"', '"doc-2"') + "\n")
    results = list(jsonl.iter_documents(path))
    assert [r.id for r in results if isinstance(r, Document)] == ["doc-1", "doc-2"]
    (error,) = [r for r in results if isinstance(r, FormatError)]
    assert error.line == 2
    assert str(error).startswith(f"{path}:2:")


def test_unknown_status_names_the_allowed_values():
    obj = jsonl.document_to_dict(sample_document())
    obj["statements"][0]["status"] = "maybe"
    with pytest.raises(FormatError) as caught:
        jsonl.document_from_dict(obj)
    assert caught.value.fields == [
        "statements[0].status: should be one of 'suggested', 'accepted', 'corrected', "
        "'rejected' or 'added' (got 'maybe')"
    ]


# ------------------------------------------------------------- validation against the schema


def _one_line(tmp_path, line: str) -> FormatError:
    """The error reading a file whose only line is `line` (exactly as written)."""
    path = tmp_path / "one.jsonl"
    path.write_bytes(line.encode("utf-8", "surrogatepass") + b"\n")
    (item,) = jsonl.iter_documents(path)
    assert isinstance(item, FormatError), item
    assert (item.path, item.line) == (str(path), 1)
    return item


def _with(change) -> str:
    """A valid document's line after `change(obj)` altered its object."""
    obj = jsonl.document_to_dict(sample_document())
    change(obj)
    return json.dumps(obj, ensure_ascii=False)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda o: o["sources"][0].update(descriptors=["official"]),
            "sources[0].descriptors: should be a JSON object (got an array)",
        ),
        (
            lambda o: o["statements"][1]["claim"].update(checkworthy="yes"),
            "statements[1].claim.checkworthy: should be true or false (got 'yes')",
        ),
        (
            lambda o: o["statements"][0].update(source_id={"id": "s1"}),
            "statements[0].source_id: should be a string (got an object)",
        ),
        (
            lambda o: o["statements"][1]["content"][0].update(end="12"),
            "statements[1].content[0].end: should be an integer (got '12')",
        ),
        (
            lambda o: o["statements"][1]["content"][0].update(end=10**6),
            "statements[1].content[0].end: 1000000 is past the end of the text",
        ),
        (
            lambda o: o["statements"][0]["cue"].update(start=9, end=3),
            "statements[0].cue.end: 3 comes before start 9",
        ),
        (
            lambda o: o["statements"][0].update(confidence=1.5),
            "statements[0].confidence: should be less than or equal to 1 (got 1.5)",
        ),
        (
            lambda o: o["sources"][0]["descriptors"].update(count=2**40),
            "sources[0].descriptors.count: should be less than or equal to 2147483647",
        ),
        (lambda o: o.update(text="He said\x00 so"), "text: contains a NUL character"),
        (lambda o: o["meta"].update(published=20250301), "meta.published: should be a string"),
        (lambda o: o.pop("id"), "id: is required"),
        (lambda o: o["statements"][0].pop("cue"), "statements[0].cue: is required"),
    ],
)
def test_a_broken_field_is_named_with_its_reason(tmp_path, change, reason):
    error = _one_line(tmp_path, _with(change))
    assert any(field.startswith(reason) for field in error.fields), error.fields
    assert reason in str(error)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "d", "text": "x", "meta": {"n": Infinity}}', "not valid JSON"),
        ('{"id": "d", "text": "x", "meta": {"n": NaN}}', "not valid JSON"),
        ('{"id": "d", "text": "x", "meta": {"n": 1e400}}', "meta: holds a number too large"),
        ('{"id": "d", "text": "x", "entities": [{"start": 0, "end": 1e400}]}', "entities[0].end"),
        ('{"id": "d\\ud800", "text": "x"}', "not valid JSON"),
        ('{"id": "d", "text": "x", "meta": {"deep": ' + "[" * 5000 + "]" * 5000 + "}}", "JSON"),
        ('["not", "an", "object"]', "expected a JSON object, got an array"),
        ("{not json", "not valid JSON: key must be a string at column 2"),  # one line: no "line 1"
    ],
)
def test_what_python_json_would_let_through_or_crash_on_is_refused(tmp_path, line, reason):
    assert reason in str(_one_line(tmp_path, line))


def test_invalid_utf8_costs_its_line_only(tmp_path):
    good = jsonl.dumps(sample_document()).encode("utf-8")
    path = tmp_path / "mixed.jsonl"
    latin1 = b'{"id": "caf\xe9", "text": "x"}'
    path.write_bytes(b"\n".join([good, latin1, good.replace(b"doc-1", b"doc-2")]))
    results = list(jsonl.iter_documents(path))
    assert [r.id for r in results if isinstance(r, Document)] == ["doc-1", "doc-2"]
    (error,) = [r for r in results if isinstance(r, FormatError)]
    assert error.line == 2 and "not UTF-8: byte 0xE9 at column 12" in str(error)


def test_a_utf16_file_is_refused_as_a_whole_with_the_reason(tmp_path):
    path = tmp_path / "wide.jsonl"
    path.write_bytes(jsonl.dumps(sample_document()).encode("utf-16"))
    (error,) = jsonl.iter_documents(path)
    assert "UTF-16" in str(error) and error.path == str(path)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda o: o["statements"].append(dict(o["statements"][0])),
            "statements: id 'q1' is given twice (statements[0] and statements[2])",
        ),
        (
            lambda o: o["sources"].append(dict(o["sources"][0], name="Someone else")),
            "sources: id 's1' is given twice (sources[0] and sources[1])",
        ),
        (
            lambda o: o["entities"].append(dict(o["entities"][0], label="ORG")),
            "entities: entities[0] and entities[1] mark the same span",
        ),
    ],
)
def test_duplicate_ids_in_a_document_are_an_error_not_a_merge(tmp_path, change, reason):
    assert reason in str(_one_line(tmp_path, _with(change)))


def test_nulls_read_as_defaults_as_before():
    obj = jsonl.document_to_dict(sample_document())
    obj.update(entities=None, provenance=None)
    obj["statements"][0].update(status=None, kind=None, claim=None, content=None)
    doc = jsonl.document_from_dict(obj)
    assert doc.entities == [] and doc.statements[0].status is Status.SUGGESTED
    assert doc.statements[0].content == [] and doc.statements[0].claim == Claim()


def test_the_schema_knows_every_field_the_writer_writes():
    """The exchange format is a contract: a field written but not read would be lost."""
    from annotator.formats import schema

    obj = jsonl.document_to_dict(sample_document())
    assert set(obj) == set(schema.DocumentRecord.model_fields)
    assert set(obj["statements"][0]) == set(schema.StatementRecord.model_fields)
    assert set(obj["statements"][0]["claim"]) == set(schema.ClaimRecord.model_fields)
    assert set(obj["sources"][0]) == set(schema.SourceRecord.model_fields)
    assert set(obj["sources"][0]["descriptors"]) == set(schema.DescriptorsRecord.model_fields)
    assert set(obj["entities"][0]) == set(schema.EntityRecord.model_fields)
    assert set(obj["provenance"]) == set(schema.ProvenanceRecord.model_fields)
