"""Plain-text articles: header metadata, exact body, any common encoding, never a guess.

The encoding tests write real bytes in each encoding (invented texts, never real news).
"""

from pathlib import Path

import pytest

from annotator.formats.jsonl import FormatError
from annotator.formats.text import decode, read_text_document, split_header

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


FRENCH = (
    "Le ministre a déclaré mardi que la réunion était terminée. « Nous sommes prêts », "
    "a ajouté la porte-parole, selon qui les négociations reprendront à l’automne."
)
WESTERN = {"windows-1252", "latin-1", "iso8859-15"}
ENGLISH = (
    "“We are ready,” the mayor of Saint-Étienne told reporters on Tuesday – and the café "
    "owners agreed, according to José Núñez, who speaks for the council’s committee."
)


@pytest.mark.parametrize(
    ("text", "encoding", "label"),
    [
        # Latin-1 has no ’; for its letters Windows-1252 and ISO 8859-15 read the same
        (FRENCH.replace("’", "'"), "latin-1", WESTERN),
        (FRENCH, "cp1252", "windows-1252"),
        (ENGLISH, "cp1252", "windows-1252"),
        (FRENCH, "utf-16", "utf-16"),  # with a byte-order mark
        (FRENCH, "utf-16-le", "utf-16-le"),  # without one
        (ENGLISH, "utf-16-be", "utf-16-be"),
        (FRENCH, "utf-32", "utf-32"),
        (FRENCH, "utf-8-sig", "utf-8"),
        (FRENCH, "utf-8", "utf-8"),
    ],
)
def test_a_file_in_a_common_encoding_arrives_exactly(tmp_path, text, encoding, label):
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_text_document(path)
    assert doc.text == text
    assert "déclaré" in doc.text or "café" in doc.text
    expected = {None} if label == "utf-8" else label if isinstance(label, set) else {label}
    assert doc.meta.get("encoding") in expected


def test_latin1_and_windows_1252_agree_where_they_share_a_letter(tmp_path):
    """Latin-1 bytes are read as Windows-1252, which is the same for every letter of both."""
    data = FRENCH.replace("’", "'").encode("latin-1")
    assert decode(data).text == data.decode("latin-1")


def test_damaged_utf8_is_refused_by_name_with_the_reason(tmp_path):
    path = tmp_path / "damaged.txt"
    data = bytearray(FRENCH.encode("utf-8"))
    data[10] = 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(FormatError) as caught:
        read_text_document(path)
    assert caught.value.path == str(path)
    assert "utf-8 with damaged bytes (the first at byte 10)" in str(caught.value)
    assert "--accept-damaged" in str(caught.value)


def test_damaged_utf8_on_request_marks_each_bad_byte_and_says_so(tmp_path):
    path = tmp_path / "damaged.txt"
    data = FRENCH.encode("utf-8")
    assert FRENCH[:12].isascii()  # so byte and character offsets agree below
    path.write_bytes(data[:5] + b"\xff" + data[5:10] + b"\xc0\xfe" + data[10:])
    doc = read_text_document(path, accept_damaged=True)
    assert doc.text == FRENCH[:5] + "\ufffd" + FRENCH[5:10] + "\ufffd\ufffd" + FRENCH[10:]
    assert doc.meta["damaged_bytes"] == 3
    assert "encoding" not in doc.meta or doc.meta["encoding"] is None


def test_a_text_already_holding_a_replacement_character_is_not_counted_as_damage(tmp_path):
    text = "The scan shows \ufffd where the page was torn, officials said."
    path = tmp_path / "scan.txt"
    path.write_bytes(text.encode("utf-8"))
    doc = read_text_document(path, accept_damaged=True)
    assert doc.text == text and "damaged_bytes" not in doc.meta


@pytest.mark.parametrize(
    "data",
    [
        "café".encode("latin-1"),  # é? ę? й? four bytes cannot tell
        bytes(range(128, 256)),
    ],
)
def test_an_undecidable_file_is_refused_not_guessed(tmp_path, data):
    path = tmp_path / "short.txt"
    path.write_bytes(data)
    with pytest.raises(FormatError) as caught:
        read_text_document(path)
    assert "cannot tell the character encoding" in str(caught.value)
    assert "short.txt" in str(caught.value)


def test_an_undecidable_file_is_refused_even_when_damage_is_accepted(tmp_path):
    with pytest.raises(FormatError, match="cannot tell"):
        decode("café".encode("latin-1"), "short.txt", accept_damaged=True)


# ------------------------------------------------------------- headline, byline, dateline


def test_a_headline_and_a_dateline_go_into_the_metadata_not_the_text(tmp_path):
    path = tmp_path / "council.txt"
    path.write_text(
        "The city council approved the budget\n"
        "PORTVALE, 2025-04-12 — The council said on Monday that it approved the budget.\n",
        encoding="utf-8",
    )
    doc = read_text_document(path)
    assert doc.meta["title"] == "The city council approved the budget"
    assert (doc.meta["dateline"], doc.meta["published"]) == ("PORTVALE", "2025-04-12")
    assert doc.text == "The council said on Monday that it approved the budget.\n"


@pytest.mark.parametrize(
    ("raw", "meta", "text"),
    [
        (
            "Bridge to close in May\n\nBy Jane Doe\n\nWASHINGTON (Reuters) — The mayor said it.",
            {"title": "Bridge to close in May", "byline": "Jane Doe", "dateline": "WASHINGTON"},
            "The mayor said it.",
        ),
        (
            "Will the 🌉 close?\n\nLONDON, April 12, 2025 – The mayor said so.",
            {"title": "Will the 🌉 close?", "dateline": "LONDON", "published": "2025-04-12"},
            "The mayor said so.",
        ),
        ("NEW YORK — Things happened.", {"dateline": "NEW YORK"}, "Things happened."),
        # Wire copy: a day without its year, then the agency.
        (
            "CLEVELAND, July 19 (UPI) — The mayor said it.",
            {"dateline": "CLEVELAND"},
            "The mayor said it.",
        ),
        # A hard-wrapped first paragraph: its first line is no headline.
        ("The mayor said on Monday that\nthe bridge would close.", {}, None),
        # A first sentence on a line of its own ends like one: no headline.
        ("Officials said talks failed.\n\nThey met again.", {}, None),
        ("However, the mayor said – loudly – that it is over.", {}, None),
    ],
)
def test_what_opens_an_article_is_taken_only_when_unmistakable(tmp_path, raw, meta, text):
    path = tmp_path / "a.txt"
    path.write_text(raw, encoding="utf-8")
    doc = read_text_document(path)
    got = {k: v for k, v in doc.meta.items() if v is not None and k != "language"}
    assert got == meta
    assert doc.text == (raw if text is None else text)


def test_a_headline_is_not_pre_annotated_as_a_statement(tmp_path, nlp):
    from annotator.services.preannotation import preannotate

    path = tmp_path / "h.txt"
    path.write_text(
        "Mayor says the bridge will close\n\nPORTVALE, 2025-04-12 — The mayor said on Monday "
        "that the bridge would close in May.\n",
        encoding="utf-8",
    )
    (doc,) = list(preannotate([read_text_document(path)], nlp))
    assert doc.meta["title"] == "Mayor says the bridge will close"
    assert [st.cue.text for st in doc.statements] == ["said"]
    assert all("PORTVALE" not in c.text for st in doc.statements for c in st.content)


# --------------------------------------------------------------------- hard-wrapped text

WIRE = """\
Bridge to reopen in May

PORTVALE, April 12, 2025 (Wire) - Work on the Portvale bridge is almost
finished. The spokeswoman for the city council said on Monday that the
bridge would reopen to traffic in May, after two years of repairs that
had cost far more than planned.

A senior official in the ministry of finance told reporters that taxes
would rise next year to pay for the work, and that the well-known toll
on lorries would stay in place until the debt was repaid.
"""
WIRE_TEXT = (
    "Work on the Portvale bridge is almost finished. The spokeswoman for the city council "
    "said on Monday that the bridge would reopen to traffic in May, after two years of "
    "repairs that had cost far more than planned.\n\nA senior official in the ministry of "
    "finance told reporters that taxes would rise next year to pay for the work, and that "
    "the well-known toll on lorries would stay in place until the debt was repaid.\n"
)


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_a_hard_wrapped_article_is_stored_as_paragraphs_under_its_headline(tmp_path, line_end):
    path = tmp_path / "wire.txt"
    path.write_bytes(WIRE.replace("\n", line_end).encode("utf-8"))
    doc = read_text_document(path)
    assert doc.meta["title"] == "Bridge to reopen in May"
    assert (doc.meta["dateline"], doc.meta["published"]) == ("PORTVALE", "2025-04-12")
    assert doc.text == WIRE_TEXT.replace("\n", line_end)


def test_a_wrapped_first_paragraph_right_under_a_headline_still_gives_the_title(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text(WIRE.replace("May\n\n", "May\n", 1), encoding="utf-8")
    doc = read_text_document(path)
    assert doc.meta["title"] == "Bridge to reopen in May"
    assert doc.text == WIRE_TEXT
