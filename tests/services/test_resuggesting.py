"""Re-suggesting with a trained pipeline: only documents nobody has reviewed change, every
human decision stays, and an export names the pipeline that made each document's
suggestions. A real SQLite file, the real model, and a pipeline trained here on a tiny
invented corpus (tests/training_fixtures.py)."""

import json
import sqlite3
import subprocess
import sys

import pytest
from child_processes import child_environment
from training_fixtures import NEW_TEXT, train_tiny_pipeline

from annotator.core.commands import AcceptStatement, MarkDocumentDone
from annotator.core.model import Document, Status
from annotator.services.corpus import import_documents
from annotator.services.exporting import Selection, export
from annotator.services.models import load_chosen_pipeline
from annotator.services.preannotation import pipeline_info
from annotator.services.resuggesting import resuggest
from annotator.services.workspace import Workspace

#: Rows a person owns: decisions (annotator set) and done marks.
DECISIONS = """
    SELECT 'statement', document_id, statement_id, annotator, status FROM statement
        WHERE annotator IS NOT NULL
    UNION ALL SELECT 'review', document_id, '', annotator, done FROM document_review
    ORDER BY 1, 2, 3
"""


def article(n: int) -> Document:
    return Document(id=f"a{n}", text=f"Story {n}. {NEW_TEXT}")


def cues(document: Document) -> list[tuple[str, str]]:
    return [(s.cue.text, str(s.status)) for s in document.statements]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """(folder, "name version") of a pipeline trained on the tiny corpus."""
    folder = tmp_path_factory.mktemp("models") / "trained"
    return folder, train_tiny_pipeline(folder)


@pytest.mark.slow
def test_only_documents_nobody_reviewed_are_resuggested_and_decisions_stay(tmp_path, nlp, trained):
    folder, trained_name = trained
    db = str(tmp_path / "team.sqlite3")
    dana, zoe = Workspace.open(db, "dana"), Workspace.open(db, "zoe")
    try:
        import_documents(dana, [article(n) for n in range(3)], nlp)
        rules = pipeline_info(nlp)
        rules_name = f"{rules['name']} {rules['version']}"
        believes = next(s for s in dana.load_document("a1").statements if s.cue.text == "believes")
        dana.apply(AcceptStatement("a1", believes.id))  # dana decided in a1
        zoe.apply(MarkDocumentDone("a2"))  # zoe marked a2 done, deciding nothing
        with sqlite3.connect(db) as connection:
            decisions_before = connection.execute(DECISIONS).fetchall()
        assert cues(dana.load_document("a0")) == [("said", "suggested"), ("believes", "suggested")]

        report = resuggest(dana, load_chosen_pipeline(str(folder)))

        assert (report.candidates, report.replaced, report.kept) == (1, ["a0"], [])
        assert report.pipeline == trained_name
        # The trained filter dropped "believes" in a0 and gave "said" a learned confidence.
        [said] = dana.load_document("a0").statements
        assert (said.cue.text, said.status) == ("said", Status.SUGGESTED)
        assert 0.5 < said.confidence <= 1.0
        # a1 (dana's decision) and a2 (zoe's done mark) keep the rules' suggestions.
        assert cues(dana.load_document("a1")) == [("said", "suggested"), ("believes", "accepted")]
        assert cues(zoe.load_document("a2")) == [("said", "suggested"), ("believes", "suggested")]
        with sqlite3.connect(db) as connection:
            assert connection.execute(DECISIONS).fetchall() == decisions_before
            runs = dict(
                connection.execute(
                    "SELECT d.id, r.name || ' ' || r.version FROM document d "
                    "JOIN pipeline_run r ON r.id = d.suggestion_run_id"
                ).fetchall()
            )
        assert runs == {"a0": trained_name, "a1": rules_name, "a2": rules_name}

        # Every export names the pipeline each document's suggestions came from.
        out = tmp_path / "all.jsonl"
        export(dana, out, Selection("dana", documents="all", include_suggestions=True))
        exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert {d["id"]: d["provenance"]["pipeline"] for d in exported} == runs
        assert dana.load_document("a0").provenance.pipeline == trained_name

        # Run again: a0 is still untouched and is re-run; nothing else is.
        assert resuggest(dana, nlp).replaced == ["a0"]
        assert cues(dana.load_document("a0")) == [("said", "suggested"), ("believes", "suggested")]
    finally:
        dana.close()
        zoe.close()


def test_a_decision_saved_meanwhile_keeps_the_document_as_it_was(tmp_path, blank_nlp):
    db = str(tmp_path / "team.sqlite3")
    with Workspace.open(db, "dana") as dana, Workspace.open(db, "zoe") as zoe:
        import_documents(dana, [article(0)], None)
        assert dana.untouched_document_ids() == ["a0"]
        zoe.apply(MarkDocumentDone("a0", done=False))  # even a reopened mark is a touch
        assert dana.untouched_document_ids() == []
        replaced = dana.replace_untouched_suggestions(
            Document(id="a0", text=article(0).text), pipeline=pipeline_info(blank_nlp)
        )
        assert replaced is False
        with sqlite3.connect(db) as connection:
            assert connection.execute("SELECT suggestion_run_id FROM document").fetchall() == [
                (None,)
            ]


def _cli(*args, cwd):
    env = {**child_environment(), "ANNOTATOR_DATA_DIR": str(cwd), "ANNOTATOR_USER": "dana"}
    env["ANNOTATOR_CONFIG_DIR"] = str(cwd / "config")
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def test_annotator_resuggest_refuses_a_folder_that_is_no_pipeline(tmp_path):
    (tmp_path / "empty").mkdir()
    result = _cli("resuggest", "--pipeline", tmp_path / "empty", cwd=tmp_path)
    assert result.returncode == 2
    assert f"{tmp_path / 'empty'}: not a saved pipeline (no meta.json or config.cfg)" in (
        result.stderr
    )


@pytest.mark.slow
def test_annotator_resuggest_reruns_the_documents_nobody_reviewed(tmp_path, nlp, trained):
    folder, trained_name = trained
    db = tmp_path / "team.sqlite3"
    with Workspace.open(str(db), "dana") as dana:
        import_documents(dana, [article(n) for n in range(2)], nlp)
        dana.apply(MarkDocumentDone("a1"))
    result = _cli("--db", db, "resuggest", "--pipeline", folder, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"1 of 1 documents nobody has reviewed re-suggested by {trained_name}" in result.stderr
    with Workspace.open(str(db), "dana") as dana:
        assert cues(dana.load_document("a0")) == [("said", "suggested")]
        assert len(dana.load_document("a1").statements) == 2
