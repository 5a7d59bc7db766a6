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
    with pytest.raises(FormatError, match="suggested, accepted"):
        jsonl.document_from_dict(obj)
