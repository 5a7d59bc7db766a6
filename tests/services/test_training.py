"""Training the learned statement filter, on a tiny corpus of invented sentences this test
writes itself: in its gold, what people *said* is attributed and what they *believe* never
is, so a filter that learned anything keeps the first and drops the second."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from child_processes import child_environment, run_python
from training_fixtures import write_brat_corpus

from annotator.core.model import Origin, Span, Statement, Status
from annotator.nlp.learned.statement_filter import StatementFilter
from annotator.services.evaluation import load_gold
from annotator.services.training import TrainingError, save_pipeline, split_documents

NAMES = [
    "Mara Lind",
    "Tomas Berg",
    "Ines Roca",
    "Paul Okafor",
    "Lena Vogt",
    "Omar Haddad",
    "Rita Sousa",
    "Ivan Petrov",
    "Nora Quist",
    "Emil Strand",
    "Hana Mori",
    "Ravi Menon",
]
SAID = [
    "the bridge would reopen in May",
    "the council had cut the budget",
    "the harbour needed new cranes",
    "the school would hire more teachers",
    "the tram line was running late",
    "the museum would close for repairs",
]
BELIEVED = [
    "the weather would improve soon",
    "the team could win the cup",
    "prices were going to fall",
    "the park was too crowded",
]
ARTICLES = 14


def article(n: int) -> tuple[str, list[tuple[str, str, str]]]:
    """An invented article and its gold (source, cue, content) triples."""
    speaker, thinker = NAMES[n % len(NAMES)], NAMES[(n + 5) % len(NAMES)]
    said, believed = SAID[n % len(SAID)], BELIEVED[n % len(BELIEVED)]
    second = SAID[(n + 2) % len(SAID)]
    text = (
        f"{speaker} said on Monday that {said}. "
        f"{thinker} believes that {believed}. "
        f"The mayor told reporters that {second}.\n"
    )
    gold = [(speaker, "said", said), ("The mayor", "told", second)]
    return text, gold


def write_corpus(folder: Path) -> Path:
    """The articles as a brat corpus folder, as PolNeAR lays it out."""
    return write_brat_corpus(folder, (article(n) for n in range(ARTICLES)))


FILTER_TEXT = (
    "Ada Stone said on Friday that the ferry would be late. "
    "Bo Lund believes that the rain would stop.\n"
)


@pytest.mark.slow
def test_train_on_a_tiny_corpus_then_the_saved_pipeline_filters_in_a_fresh_process(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    assert len(list(load_gold(corpus))) == ARTICLES
    out = tmp_path / "trained"

    trained = run_python(
        "-m", "annotator", "train", "--gold", corpus, "--output", out, "--seed", "3", cwd=tmp_path
    )

    report = trained.stdout
    assert "Held-out part (3 documents): rules alone" in report
    assert "rules + cue proposer + span chooser + filter" in report and "Brier score" in report
    assert f"written to {out}" in report
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    record = meta["annotator_training"]
    assert (record["train_documents"], record["held_out_documents"], record["seed"]) == (11, 3, 3)
    assert meta["name"].endswith("_trained") and "+trained." in meta["version"]
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]

    # The rules find "believes" (a cognition verb); the gold never marks it, so the
    # filter drops it and keeps "said" with a learned probability as its confidence. The
    # pipeline is chosen by the `pipeline` setting (here ANNOTATOR_PIPELINE) in a fresh
    # process, and the output's provenance names the trained pipeline.
    (tmp_path / "new.txt").write_text(FILTER_TEXT, encoding="utf-8")
    annotated = tmp_path / "new.jsonl"
    run_python(
        "-m",
        "annotator",
        "annotate",
        "new.txt",
        "-o",
        annotated,
        cwd=tmp_path,
        ANNOTATOR_PIPELINE=str(out),
    )
    doc = json.loads(annotated.read_text(encoding="utf-8"))
    assert [s["cue"]["text"] for s in doc["statements"]] == ["said"]
    assert 0.5 < doc["statements"][0]["confidence"] <= 1.0
    assert doc["provenance"]["pipeline"] == f"{meta['lang']}_{meta['name']} {meta['version']}"

    # `annotator evaluate --pipeline DIR` runs the trained pipeline on the gold: the
    # "believes" candidates are gone, so no prediction is unmatched.
    evaluated = run_python(
        "-m", "annotator", "evaluate", "--gold", corpus, "--pipeline", out, cwd=tmp_path
    ).stdout
    assert f"{ARTICLES} documents, {2 * ARTICLES} gold statements, {2 * ARTICLES} predicted" in (
        evaluated
    )
    rules = run_python("-m", "annotator", "evaluate", "--gold", corpus, cwd=tmp_path).stdout
    assert f"{2 * ARTICLES} gold statements, {3 * ARTICLES} predicted" in rules


def test_train_refuses_an_output_folder_that_holds_something(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "keep.txt").write_text("mine", encoding="utf-8")
    env = {**child_environment(), "ANNOTATOR_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "train", "--gold", corpus, "--output", tmp_path / "o"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
    )
    assert result.returncode == 2
    assert "exists and is not an empty folder" in result.stderr
    assert (tmp_path / "o" / "keep.txt").read_text(encoding="utf-8") == "mine"


class Interrupting:
    """A pipeline whose writing is interrupted (Ctrl+C) half-way through."""

    def to_disk(self, path):
        (Path(path) / "tok2vec").mkdir()
        raise KeyboardInterrupt


def test_an_interrupted_save_leaves_nothing_behind(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        save_pipeline(Interrupting(), tmp_path / "trained")
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_a_file_in_the_way(tmp_path):
    (tmp_path / "trained").write_text("x", encoding="utf-8")
    with pytest.raises(TrainingError, match="not an empty folder"):
        save_pipeline(Interrupting(), tmp_path / "trained")


def test_the_split_is_by_document_and_reproducible():
    from annotator.core.model import Document

    docs = [Document(id=f"d{i}", text="x") for i in range(10)]
    kept, held = split_documents(docs, 0.3, seed=7)
    assert len(held) == 3 and len(kept) == 7
    assert {d.id for d in held} == {d.id for d in split_documents(docs, 0.3, seed=7)[1]}
    assert {d.id for d in held} != {d.id for d in split_documents(docs, 0.3, seed=8)[1]}


def statement(sid: str, start: int, parent: str | None = None) -> Statement:
    text = "abcdefghijklmnopqrstuvwxyz"
    return Statement(
        id=sid,
        cue=Span.of(text, start, start + 1),
        content=[Span.of(text, start + 1, start + 3)],
        parent=parent,
        status=Status.SUGGESTED,
        origin=Origin.MODEL,
        confidence=0.4,
    )


def test_the_filter_keeps_what_reaches_the_threshold_and_reattaches_orphans():
    component = StatementFilter("f", threshold=0.5)
    outer, middle, inner = statement("q1", 0), statement("q2", 5, "q1"), statement("q3", 9, "q2")
    kept = component.filtered([outer, middle, inner], [0.9, 0.2, 0.5])
    assert [(s.id, s.parent, s.confidence) for s in kept] == [("q1", None, 0.9), ("q3", "q1", 0.5)]
    assert middle.parent == "q1" and inner.parent == "q2"  # the inputs are left as they were


def test_a_cycle_of_dropped_parents_ends_at_the_top():
    # Overlapping contents can make two statements each other's parent.
    component = StatementFilter("f", threshold=0.5)
    first, second = statement("q1", 0, "q2"), statement("q2", 5, "q1")
    inner = statement("q3", 9, "q1")
    kept = component.filtered([first, second, inner], [0.1, 0.2, 0.8])
    assert [(s.id, s.parent) for s in kept] == [("q3", None)]


def test_the_gold_of_the_database_is_the_users_decisions_in_documents_done(tmp_path):
    from dataclasses import replace

    from annotator.core.settings import Settings
    from annotator.services.training import DATABASE, load_training_gold
    from annotator.services.workspace import Workspace

    corpus = list(load_gold(write_corpus(tmp_path / "corpus")))
    db = str(tmp_path / "team.sqlite3")
    workspace = Workspace.open(db, "dana")
    try:
        for n, doc in enumerate(corpus[:3]):
            for st in doc.statements:
                st.status, st.annotator = Status.ACCEPTED, "dana"
            doc.provenance.done_by = ["dana"] if n < 2 else []  # the third is not done
            workspace.add_document(replace(doc, id=f"a{n}"))
    finally:
        workspace.close()

    gold = load_training_gold(DATABASE, Settings(database=db, user="dana"))

    assert [d.id for d in gold] == ["a0", "a1"]
    assert [len(d.statements) for d in gold] == [2, 2]
    with pytest.raises(TrainingError, match="no gold"):
        load_training_gold(DATABASE, Settings(database=db, user="zoe"))
