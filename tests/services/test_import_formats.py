"""Import of every input kind at once: each reader dispatched by suffix or folder layout,
bad files reported by name and line while the good ones arrive, the same article never
stored twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.model import Document
from annotator.formats.brat import read_brat
from annotator.services.corpus import import_documents, read_inputs
from annotator.services.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
POLNEAR = ROOT.parent / "shared" / "corpora" / "polnear"
PAGE = (
    "<html><head><title>Dam</title><script>steal()</script></head><body><article>"
    "<h1>Dam to open</h1><p>The engineer said on Monday that the dam would open in June, "
    "after two years of delays that had angered farmers downstream.</p></article></body></html>"
)


def _mixed_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "story.txt").write_text(
        "Council approves the budget\n\nPORTVALE, 2025-04-12 — The mayor said it passed.\n"
    )
    (folder / "page.html").write_text(PAGE)
    (folder / "broken.html").write_bytes(b"\x00\x01\x02 not a page")
    (folder / "table.csv").write_text("id,text\nrow-1,The minister said so.\n,\nrow-3,Rain.\n")
    (folder / "tasks.jsonl").write_text(
        json.dumps(
            {"text": "Ana Ruiz said hi.", "spans": [{"start": 0, "end": 8, "label": "PERSON"}]}
        )
        + "\n{broken\n"
    )
    corpus = folder / "gold-corpus"
    (corpus / "text").mkdir(parents=True)
    (corpus / "attributions").mkdir()
    text = "The mayor said the bridge will open in May."
    (corpus / "text" / "b1.txt").write_text(text)
    (corpus / "attributions" / "b1_ann7.ann").write_text(
        "T1\tSource 0 9\tThe mayor\nT2\tCue 10 14\tsaid\n"
        "T3\tContent 15 42\tthe bridge will open in May\n"
        "T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    )
    (corpus / "text" / "b2.txt").write_text("Nobody said anything.")
    (corpus / "attributions" / "b2_ann7.ann").write_text("T1\tCue 0 99\twrong\n")
    return folder


def test_a_folder_of_every_kind_imports_the_good_and_names_each_bad(tmp_path):
    folder = _mixed_folder(tmp_path / "in")
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as ws:
        report = import_documents(ws, read_inputs([folder]))
        assert sorted(report.imported) == [
            "b1", "page", "prodigy-" + _hash("Ana Ruiz said hi."), "row-1", "row-3", "story",
        ]  # fmt: skip
        errors = sorted(str(e) for e in report.errors)
        assert errors == sorted(
            [
                f"{folder / 'broken.html'}: contains NUL bytes; is it a web page?",
                f"{folder / 'table.csv'}:3: the 'text' cell is empty",
                f"{folder / 'tasks.jsonl'}:2: not valid JSON: " + _json_error(errors),
                f"{folder / 'gold-corpus' / 'attributions' / 'b2_ann7.ann'}:1: span 0-99 lies "
                "outside the text (21 chars)",
            ]
        )
        story = ws.load_document("story")
        assert story.meta["title"] == "Council approves the budget"
        assert story.text == "The mayor said it passed.\n"
        page = ws.load_document("page")
        assert page.meta["title"] == "Dam to open" and "steal" not in page.text
        gold = ws.load_document("b1", annotator="ann7")
        assert [(s.cue.text, s.source.text, s.status.value) for s in gold.statements] == [
            ("said", "The mayor", "accepted")
        ]


def _hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _json_error(errors: list[str]) -> str:
    line = next(e for e in errors if "tasks.jsonl:2" in e)
    return line.split("not valid JSON: ", 1)[1]


def test_the_same_article_twice_is_stored_once_and_said(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    body = "The mayor said the bridge will close in May."
    (folder / "a.txt").write_text(body)
    (folder / "copy-of-a.txt").write_text(body)
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as ws:
        report = import_documents(ws, read_inputs([folder]))
        assert report.imported == ["a"] and report.duplicates == [("copy-of-a", "a")]
        assert "1 the same text as a stored article" in report.summary()
        assert "damaged" not in report.summary()
        (folder / "later.txt").write_text(body)
        again = import_documents(ws, read_inputs([folder / "later.txt"]))
        assert again.imported == [] and again.duplicates == [("later", "a")]
        assert [str(n) for n in again.notices] == [
            "later: the same text as a, already stored: not imported again"
        ]
        assert ws.document_count() == 1


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="the shared PolNeAR corpus is not beside the repo")
def test_the_polnear_corpus_imports_with_its_attributions(tmp_path):
    dev = POLNEAR / "dev"
    items = list(read_inputs([dev]))
    docs = [i for i in items if isinstance(i, Document)]
    assert len(docs) == len(list((dev / "text").glob("*.txt")))
    first = docs[0]
    ann = sorted((dev / "attributions").glob(f"{first.id}_*.ann"))[0]
    expected = read_brat(dev / "text" / f"{first.id}.txt", ann)
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as ws:
        report = import_documents(ws, iter(docs[:5]))
        assert report.ok and len(report.imported) == 5
        stored = ws.load_document(first.id, annotator=expected.statements[0].annotator)
    assert [(s.cue, s.content, s.source) for s in stored.statements] == [
        (s.cue, s.content, s.source) for s in expected.statements
    ]


def test_every_annotator_of_a_brat_article_arrives_as_their_own_decisions(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "text").mkdir(parents=True)
    (corpus / "attributions").mkdir()
    (corpus / "text" / "a.txt").write_text("The mayor said so. Critics said no.")
    line = "T1\tCue {0} {1}\tsaid\nT2\tContent {2} {3}\t{4}\nT3\tAttribution {0} {1}\tsaid\n"
    relation = "E1\tAttribution-no-source:T3 Cue:T1 Content:T2\n"
    (corpus / "attributions" / "a_x1.ann").write_text(line.format(10, 14, 15, 17, "so") + relation)
    (corpus / "attributions" / "a_y2.ann").write_text(line.format(27, 31, 32, 34, "no") + relation)
    (corpus / "attributions" / "a_z3.ann").write_text("T1\tCue 0 99\tbroken\n")
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as ws:
        report = import_documents(ws, read_inputs([corpus]))
        assert report.imported == ["a"]
        assert [(e.path, e.line) for e in report.errors] == [
            (str(corpus / "attributions" / "a_z3.ann"), 1)
        ]
        assert report.summary() == "1 imported, 0 already there, 1 failed"
        seen = {
            who: [(s.id, s.content[0].text) for s in ws.load_document("a", who).statements]
            for who in ("x1", "y2")
        }
    assert seen == {"x1": [("x1-q1", "so")], "y2": [("y2-q1", "no")]}


#: An invented wire story saved at 72 columns: the wrap falls inside the first source.
HARD_WRAPPED = """\
Work on the Portvale bridge is almost finished. The spokeswoman for the
city council said on Monday that the bridge would reopen to traffic in
May, after two years of repairs that had cost far more than planned.

Residents who live near the river said the closure had doubled the time
it took them to reach the market on the other bank.
"""
UNWRAPPED = (
    "Work on the Portvale bridge is almost finished. The spokeswoman for the city council "
    "said on Monday that the bridge would reopen to traffic in May, after two years of "
    "repairs that had cost far more than planned.\n\nResidents who live near the river said "
    "the closure had doubled the time it took them to reach the market on the other bank.\n"
)


def _said_by(doc: Document) -> list[tuple[str, str]]:
    """(source, cue) of each statement, read by the stored offsets from the stored text."""
    return [
        (doc.text[s.source.start : s.source.end], doc.text[s.cue.start : s.cue.end])
        for s in doc.statements
        if s.source
    ]


def test_a_hard_wrapped_text_file_is_stored_unwrapped_and_its_sources_are_whole(tmp_path, nlp):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bridge.txt").write_text(HARD_WRAPPED, encoding="utf-8")
    with Workspace.open(str(tmp_path / "db.sqlite3"), "dana") as ws:
        report = import_documents(ws, read_inputs([tmp_path / "in"]), nlp)
        assert report.imported == ["bridge"] and not report.errors
        stored = ws.load_document("bridge")
    assert stored.text == UNWRAPPED
    said = _said_by(stored)
    assert ("The spokeswoman for the city council", "said") in said
    assert ("Residents who live near the river", "said") in said


def test_annotate_without_a_database_unwraps_a_hard_wrapped_file_the_same(tmp_path, nlp):
    from annotator.formats.jsonl import iter_documents
    from annotator.services.corpus import annotate_to_jsonl

    (tmp_path / "bridge.txt").write_text(HARD_WRAPPED, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    annotate_to_jsonl(read_inputs([tmp_path / "bridge.txt"]), out, nlp)
    (annotated,) = [item for item in iter_documents(out) if isinstance(item, Document)]
    assert annotated.text == UNWRAPPED
    assert ("The spokeswoman for the city council", "said") in _said_by(annotated)
