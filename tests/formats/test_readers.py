"""The article readers beside plain text: saved web pages, Prodigy tasks, CSV tables."""

from __future__ import annotations

import json

import pytest

from annotator.core.model import Document, Origin, Status
from annotator.formats import jsonl
from annotator.formats.csv_table import iter_csv_documents
from annotator.formats.html import read_html_document
from annotator.formats.jsonl import FormatError

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Bridge to close | Portvale Times</title>
<meta property="og:title" content="Bridge to close in May">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-04-12T09:00:00Z">
<link rel="canonical" href="https://portvale.example/bridge">
<style>body { color: red } .secret-style {}</style>
<script>var secret = "never in the text";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Bridge to close in May</h1><p class="byline">By Jane Doe</p>
<p>The mayor said on Monday that the 🌉 bridge would close in May for repairs that
engineers have long demanded.</p>
<p>“We have no choice,” she added, noting that the steel was rusting faster than anyone
had predicted last year.</p>
<script>document.write("injected by a script")</script>
<p>An official at City Hall, who asked not to be named, said the closure could last until
the autumn of next year.</p>
</article>
<footer>Copyright 2025 Portvale Times. All rights reserved.</footer>
</body></html>
"""


def test_a_saved_page_gives_title_byline_date_and_body_without_scripts_or_styles(tmp_path):
    path = tmp_path / "bridge.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_html_document(path)
    assert doc.id == "bridge"
    assert doc.meta["title"] == "Bridge to close in May"
    assert doc.meta["byline"] == "Jane Doe"
    assert doc.meta["published"] == "2025-04-12"
    assert doc.meta["url"] == "https://portvale.example/bridge"
    assert doc.text.startswith("The mayor said on Monday that the 🌉 bridge")  # no headline
    assert "autumn of next year." in doc.text
    for junk in ("secret", "injected", "color", "Home", "Copyright"):
        assert junk not in doc.text


def test_a_page_in_windows_1252_declared_in_its_head_is_read_right(tmp_path):
    path = tmp_path / "cafe.htm"
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace("🌉 ", "café ")
    path.write_bytes(page.encode("cp1252"))
    assert "the café bridge" in read_html_document(path).text


def test_a_page_without_an_article_is_refused_by_name(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>x()</script></head><body></body></html>")
    with pytest.raises(FormatError, match="no article text found") as error:
        read_html_document(path)
    assert error.value.path == str(path)


# ------------------------------------------------------------------------------- Prodigy


def _write_lines(path, *objects) -> None:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), "utf-8")


def test_prodigy_tasks_become_documents_with_their_spans_as_human_labels(tmp_path):
    path = tmp_path / "ner.jsonl"
    text = "😀 Ana Ruiz met officials in Portvale."
    _write_lines(
        path,
        {
            "text": text,
            "spans": [
                {"start": 2, "end": 10, "label": "PERSON", "token_start": 1, "token_end": 2},
                {"start": 28, "end": 36, "label": "GPE", "text": "Portvale"},
            ],
            "meta": {"id": "art-7", "title": "Met", "source": "wire"},
            "_input_hash": 123,
            "_annotator_id": "ner-dana",
            "answer": "accept",
        },
        {"text": "Only text, to be pre-annotated.", "meta": {"title": "Plain"}, "_input_hash": 9},
        {"text": "Bad.", "spans": [], "answer": "reject"},
        {"text": "Out.", "spans": [{"start": 0, "end": 99, "label": "X"}]},
    )
    first, second, rejected, outside = list(jsonl.iter_documents(path))
    assert isinstance(first, Document) and first.id == "art-7"
    assert [(e.text, e.label, e.status, e.origin, e.annotator) for e in first.entities] == [
        ("Ana Ruiz", "PERSON", Status.ACCEPTED, Origin.HUMAN, "ner-dana"),
        ("Portvale", "GPE", Status.ACCEPTED, Origin.HUMAN, "ner-dana"),
    ]
    assert first.meta["title"] == "Met" and first.meta["source"] == "wire"
    assert (second.id, second.entities) == ("prodigy-9", [])
    assert (rejected.line, "only accepted tasks" in rejected.reason) == (3, True)
    assert (outside.line, "is not a span of the text" in outside.reason) == (4, True)


def test_an_exchange_record_is_not_taken_for_a_prodigy_task():
    line = json.dumps({"id": "d1", "text": "x", "meta": {}, "spans": "not ours"})
    assert jsonl.loads(line).id == "d1"


# ----------------------------------------------------------------------------------- CSV


def test_a_csv_table_gives_one_document_per_row_from_the_named_column(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text(
        "id,headline,body,outlet\n"
        'a1,Bridge,"The mayor said, on Monday, that it ""will close"".\nIt will.",Wire\n'
        "a2,Rain,Officials said it rained 🌧.,Post\n",
        encoding="utf-8",
    )
    first, second = list(iter_csv_documents(path, "body"))
    assert (first.id, first.meta["outlet"], first.meta["headline"]) == ("a1", "Wire", "Bridge")
    assert first.text == 'The mayor said, on Monday, that it "will close".\nIt will.'
    assert second.text == "Officials said it rained 🌧."


def test_a_csv_without_the_column_says_which_columns_it_has(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,body\n1,x\n")
    (error,) = list(iter_csv_documents(path, "text"))
    assert (error.path, error.line) == (str(path), 1)
    assert "no column 'text' (its columns: 'id', 'body')" in error.reason


def test_a_bad_csv_row_is_reported_by_line_and_the_others_still_arrive(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("text\tid\nfirst article\ta\n\tb\nthird article\tc\textra\nlast\td\n")
    items = list(iter_csv_documents(path))
    assert [i.id for i in items if isinstance(i, Document)] == ["a", "d"]
    errors = [(e.line, e.reason) for e in items if isinstance(e, FormatError)]
    assert errors == [
        (3, "the 'text' cell is empty"),
        (4, "has 1 more cells than the header has columns"),
    ]


def test_a_latin_1_csv_is_decoded_not_garbled(tmp_path):
    path = tmp_path / "fr.csv"
    path.write_bytes(
        "text\nLe ministre a déclaré que la réunion était terminée.\n".encode("latin-1")
    )
    (doc,) = list(iter_csv_documents(path))
    assert doc.text == "Le ministre a déclaré que la réunion était terminée."
