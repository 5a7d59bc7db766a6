"""Plain-text articles: header metadata, exact body, any common encoding."""

from pathlib import Path

import pytest

from annotator.formats.jsonl import FormatError
from annotator.formats.text import read_text_document, split_header

SEED = "seeds/000_c4a08ac13a47bd9f.txt"


def test_the_seed_header_gives_date_and_dateline_and_the_text_starts_at_the_lead():
    doc = read_text_document(SEED)
    assert doc.id == "000_c4a08ac13a47bd9f"
    assert doc.meta["published"] == "2025-03-01"
    assert doc.meta["dateline"] == "TEHRAN"
    assert doc.text.startswith("A Palestinian leader has confirmed")


def test_stored_text_is_exactly_the_file_after_the_header():
    raw = Path(SEED).read_text(encoding="utf-8")
    doc = read_text_document(SEED)
    assert raw.endswith(doc.text)
    start = doc.text.index("Tamim Khallaf")
    assert doc.text[start : start + 13] == "Tamim Khallaf"


def test_text_without_header_is_kept_whole():
    meta, text = split_header("Officials said on Monday that talks failed.")
    assert meta == {}
    assert text == "Officials said on Monday that talks failed."


def test_latin1_file_is_decoded(tmp_path):
    path = tmp_path / "café.txt"
    body = "Le ministre a déclaré que la réunion était terminée. " * 3
    path.write_bytes(body.encode("latin-1"))
    doc = read_text_document(path)
    assert "déclaré" in doc.text
    assert doc.id == "café"


def test_binary_file_is_refused_by_name(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(FormatError) as info:
        read_text_document(path)
    assert "image.txt" in str(info.value)
