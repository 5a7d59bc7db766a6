"""The dataset writers, each read back by the tool its users would open it with."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from annotator.core.model import (
    Anonymity,
    Claim,
    Document,
    Entity,
    Evidence,
    Origin,
    Source,
    SourceKind,
    Statement,
    StatementKind,
    Status,
)
from annotator.formats.brat import iter_brat_corpus, read_brat
from annotator.formats.brat_writer import write_brat_corpus
from annotator.formats.claimreview import write_claimreview
from annotator.formats.conll import write_conll
from annotator.formats.csv_table import COLUMNS, write_statements_csv
from annotator.formats.docbin import USER_DATA_KEY, write_docbin

TEXT = (
    "😀 Ana Ruiz, the mayor, said that the 🌉 bridge will close in May.\n"
    "“We have no choice,” she added, “the 𝔰𝔱𝔢𝔢𝔩 is rusting.”\n"
    'An official at City Hall said =HYPERLINK("x") was a joke.'
)


def _document(doc_id: str = "art-1") -> Document:
    doc = Document(
        id=doc_id,
        text=TEXT,
        meta={
            "title": "Bridge to close",
            "url": "https://news.example/bridge",
            "published": "2025-04-12",
        },
    )
    t = TEXT

    def span(phrase: str, after: int = 0):
        start = t.index(phrase, after)
        return doc.span(start, start + len(phrase))

    ana = span("Ana Ruiz")
    doc.entities = [
        Entity(ana.start, ana.end, ana.text, "PERSON", Status.ACCEPTED, Origin.MODEL, "dana"),
        Entity(*_se(span("City Hall")), "City Hall", "ORG", Status.ADDED, Origin.HUMAN, "dana"),
    ]
    doc.sources = [
        Source("s1", "Ana Ruiz", SourceKind.PERSON, Anonymity.NAMED, mentions=[ana, span("she")]),
        Source(
            "s2",
            "An official at City Hall",
            SourceKind.PERSON,
            Anonymity.ANONYMOUS,
            mentions=[span("An official at City Hall")],
        ),
    ]
    first_quote = span("“We have no choice,”")
    second_quote = span("“the 𝔰𝔱𝔢𝔢𝔩 is rusting.”")
    doc.statements = [
        Statement(
            id="q1",
            source=ana,
            source_id="s1",
            cue=span("said"),
            content=[span("that the 🌉 bridge will close in May")],
            status=Status.ACCEPTED,
            annotator="dana",
            claim=Claim(
                checkworthy=True,
                verdict="mostly-false",
                evidence=[Evidence("https://check.example/1", "city notice")],
            ),
        ),
        Statement(
            id="q2",
            source=span("she"),
            source_id="s1",
            cue=span("added"),
            content=[first_quote, second_quote],
            kind=StatementKind.DIRECT,
            status=Status.CORRECTED,
            annotator="dana",
            claim=Claim(verdict="unverifiable"),
        ),
        Statement(
            id="q3",
            source=span("An official at City Hall"),
            source_id="s2",
            cue=span("said", t.index("City Hall")),
            content=[span('=HYPERLINK("x") was a joke')],
            status=Status.ADDED,
            origin=Origin.HUMAN,
            annotator="dana",
        ),
    ]
    doc.provenance.annotators = ["dana"]
    return doc


def _se(span):
    return span.start, span.end


# ------------------------------------------------------------------------------------ CSV


def test_csv_has_a_row_per_statement_and_no_cell_a_spreadsheet_would_run():
    doc = _document()
    doc.statements[1].claim.note = "\tsee =SUM(A1)"
    doc.statements[0].claim.note = "+1 555"
    doc.sources[1].name = "@official"
    doc.meta["title"] = "-5 % rents"
    out = io.StringIO(newline="")
    write_statements_csv([doc], out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [r["statement"] for r in rows] == ["q1", "q2", "q3"]
    assert list(rows[0]) == list(COLUMNS)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert rows[2]["content"] == '\'=HYPERLINK("x") was a joke'
    assert rows[0]["note"] == "'+1 555" and rows[1]["note"] == "'\tsee =SUM(A1)"
    assert rows[2]["speaker"] == "'@official" and rows[0]["title"] == "'-5 % rents"
    assert (rows[0]["speaker"], rows[0]["anonymity"], rows[0]["cue"]) == (
        "Ana Ruiz",
        "named",
        "said",
    )
    assert rows[1]["content"] == "“We have no choice,” … “the 𝔰𝔱𝔢𝔢𝔩 is rusting.”"
    assert rows[0]["verdict"] == "mostly-false"
    assert rows[0]["evidence"] == "https://check.example/1 city notice"
    assert rows[2]["anonymity"] == "anonymous"


# ----------------------------------------------------------------------------------- brat


def test_brat_export_reads_back_in_the_projects_reader_with_identical_spans(tmp_path):
    doc = _document("2025_bridge story")  # an id that is not a safe file name
    write_brat_corpus([doc], tmp_path / "corpus")
    (back,) = list(iter_brat_corpus(tmp_path / "corpus"))
    assert back.text == doc.text
    by_cue = {st.cue.start: st for st in doc.statements}
    assert len(back.statements) == 3
    for got in back.statements:
        want = by_cue[got.cue.start]
        assert got.cue == want.cue
        assert got.content == sorted(want.content, key=lambda s: s.start)
        assert got.source == want.source
        assert got.kind == want.kind  # from the Kind attribute, not guessed from quotes
        assert got.annotator == "dana"
    assert [(e.start, e.end, e.label) for e in back.entities] == [
        (e.start, e.end, e.label) for e in doc.entities
    ]
    conf = (tmp_path / "corpus" / "annotation.conf").read_text()
    assert "PERSON" in conf and "Anonymity\tArg:Source" in conf


def test_brat_ann_lines_carry_anonymity_and_entities(tmp_path):
    write_brat_corpus([_document()], tmp_path / "c")
    ann = (tmp_path / "c" / "attributions" / "art-1_dana.ann").read_text(encoding="utf-8")
    assert "\tAnonymity T" in ann and " anonymous\n" in ann
    assert "\tORG " in ann and "\tPERSON " in ann
    text = (tmp_path / "c" / "text" / "art-1.txt").read_text(encoding="utf-8")
    spans, _ = __import__("annotator.formats.brat", fromlist=["parse_ann"]).parse_ann(ann, text)
    org = next(b for b in spans.values() if b.label == "ORG")
    assert org.fragments[0].text == "City Hall"
    assert (
        read_brat(
            tmp_path / "c" / "text" / "art-1.txt",
            tmp_path / "c" / "attributions" / "art-1_dana.ann",
        ).id
        == "art-1"
    )


# ---------------------------------------------------------------------------------- CoNLL


def test_conll_tags_entities_bio_and_splits_at_line_breaks():
    out = io.StringIO()
    write_conll([_document()], out)
    blocks = out.getvalue().split("\n\n")
    assert blocks[0] == "-DOCSTART-\tO"
    first = [line.split("\t") for line in blocks[1].splitlines()]
    assert first[:4] == [["😀", "O"], ["Ana", "B-PERSON"], ["Ruiz", "I-PERSON"], [",", "O"]]
    third = [line.split("\t") for line in blocks[3].splitlines()]
    assert ["City", "B-ORG"] in third and ["Hall", "I-ORG"] in third
    assert all(len(line.split("\t")) == 2 for b in blocks[1:] for line in b.splitlines())


def test_conll_widens_an_entity_inside_a_token_and_says_so():
    doc = _document()
    doc.entities = [Entity(3, 5, "An", "PERSON")]  # "An" of "Ana"
    notes = write_conll([doc], io.StringIO())
    assert notes == ["1 entities widened to whole tokens"]


# ---------------------------------------------------------------------------- ClaimReview

#: The schema.org terms (types and properties) the export may use, with each property's
#: domain (the types it belongs to) and range, as schema.org defines them.
SCHEMA_TYPES = {"ClaimReview", "Rating", "Claim", "Person", "Organization", "NewsArticle"}
SCHEMA_PROPERTIES = {
    "claimReviewed": ({"ClaimReview"}, str),
    "reviewRating": ({"ClaimReview"}, dict),
    "itemReviewed": ({"ClaimReview"}, dict),
    "author": ({"ClaimReview", "Claim", "NewsArticle"}, dict),
    "datePublished": ({"ClaimReview", "Claim", "NewsArticle"}, str),
    "url": ({"ClaimReview", "NewsArticle", "Person", "Organization"}, str),
    "alternateName": ({"Rating"}, str),
    "ratingValue": ({"Rating"}, int),
    "bestRating": ({"Rating"}, int),
    "worstRating": ({"Rating"}, int),
    "appearance": ({"Claim"}, dict),
    "headline": ({"NewsArticle"}, str),
    "name": ({"Person", "Organization"}, str),
}


def _check_node(node: dict) -> None:
    kind = node["@type"]
    assert kind in SCHEMA_TYPES, kind
    for key, value in node.items():
        if key.startswith("@"):
            continue
        assert key in SCHEMA_PROPERTIES, f"{key} is not a schema.org term the test knows"
        domain, value_type = SCHEMA_PROPERTIES[key]
        assert kind in domain, f"{key} does not belong to {kind}"
        assert isinstance(value, value_type), (key, value)
        if isinstance(value, dict):
            _check_node(value)


def test_claimreview_validates_against_the_schema_org_terms_it_uses():
    out = io.StringIO()
    count = write_claimreview([_document()], out, day="2026-11-29")
    graph = json.loads(out.getvalue())
    assert graph["@context"] == "https://schema.org"
    assert count == 2 and len(graph["@graph"]) == 2  # q3 has no verdict: not reviewed
    for review in graph["@graph"]:
        _check_node(review)
    first, second = graph["@graph"]
    assert first["claimReviewed"] == "that the 🌉 bridge will close in May"
    assert first["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly false",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert first["itemReviewed"]["author"] == {"@type": "Person", "name": "Ana Ruiz"}
    assert first["itemReviewed"]["appearance"]["url"] == "https://news.example/bridge"
    assert first["itemReviewed"]["datePublished"] == "2025-04-12"
    assert first["author"] == {"@type": "Person", "name": "dana"}
    assert first["datePublished"] == "2026-11-29"
    assert first["url"] == "https://check.example/1"
    assert second["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}
    assert second["url"] == "https://news.example/bridge#q2"


# ------------------------------------------------------------------------------- DocBin


def test_docbin_loads_in_spacy_with_entities_role_groups_and_relations(tmp_path):
    from spacy.tokens import DocBin

    from annotator.formats.spacy_docs import blank

    path = tmp_path / "gold.spacy"
    assert write_docbin([_document()], path) == []
    (sdoc,) = list(DocBin().from_disk(path).get_docs(blank("en").vocab))
    assert sdoc.text == TEXT
    assert [(e.text, e.label_) for e in sdoc.ents] == [("Ana Ruiz", "PERSON"), ("City Hall", "ORG")]
    assert [(s.text, s.id_) for s in sdoc.spans["cue"]] == [
        ("said", "q1"),
        ("added", "q2"),
        ("said", "q3"),
    ]
    assert [s.text for s in sdoc.spans["content"] if s.id_ == "q2"] == [
        "“We have no choice,”",
        "“the 𝔰𝔱𝔢𝔢𝔩 is rusting.”",
    ]
    assert [(s.text, s.kb_id_) for s in sdoc.spans["source"]][:2] == [
        ("Ana Ruiz", "s1"),
        ("she", "s1"),
    ]
    data = sdoc.user_data[USER_DATA_KEY]
    assert data["id"] == "art-1"
    q2 = next(s for s in data["statements"] if s["id"] == "q2")
    assert TEXT[slice(*q2["cue"])] == "added" and q2["kind"] == "direct"
    assert {s["id"]: s["anonymity"] for s in data["sources"]} == {"s1": "named", "s2": "anonymous"}
    assert list(data["provenance"]["annotators"]) == ["dana"]  # msgpack gives tuples


@pytest.mark.slow
def test_spacy_train_learns_ner_from_the_docbin_export(tmp_path):
    docs = [_document(f"art-{n}") for n in range(8)]
    write_docbin(docs[:6], tmp_path / "train.spacy")
    write_docbin(docs[6:], tmp_path / "dev.spacy")
    spacy_cli = [sys.executable, "-m", "spacy"]
    config = tmp_path / "config.cfg"
    # A blank English pipeline with only `ner`, as `spacy init config` writes it.
    made = subprocess.run(
        [*spacy_cli, "init", "config", str(config), "--lang", "en", "--pipeline", "ner"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    result = subprocess.run(
        [
            *spacy_cli, "train", str(config), "--training.max_epochs", "2",
            "--training.eval_frequency", "5",
            "--output", str(tmp_path / "model"),
            "--paths.train", str(tmp_path / "train.spacy"),
            "--paths.dev", str(tmp_path / "dev.spacy"),
        ],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    import spacy

    trained = spacy.load(tmp_path / "model" / "model-last")
    assert set(trained.get_pipe("ner").labels) == {"PERSON", "ORG"}
