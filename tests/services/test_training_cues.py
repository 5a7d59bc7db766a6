"""The learned cue proposer, trained on a tiny corpus of invented sentences this test writes
itself. Its gold marks a kind of cue no rule proposes: an adjective with its preposition
("was critical of the plan"). A proposer that learned anything adds that statement, with the
cue span the gold marks, its source and content; the rules alone find nothing there."""

import json
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from child_processes import run_python
from spacy.training import Example
from test_training import NAMES
from training_fixtures import write_brat_corpus

from annotator.formats.docbin import to_training_doc
from annotator.formats.spacy_docs import Alignment
from annotator.nlp.learned.cue_proposer import FACTORY, CueProposer, is_proposed
from annotator.nlp.pipeline import add_cue_proposer
from annotator.services.evaluation import load_gold
from annotator.services.pipeline import load_pipeline

PLANS = [
    "the plan to close the harbour",
    "the decision to raise the fares",
    "the proposal to sell the stadium",
    "the idea of a new airport",
    "the move to shut the library",
    "the scheme to widen the ring road",
]
ARTICLES = 14
NEW_TEXT = "Ada Stone was critical of the promise to rebuild the pier.\n"


def article(n: int) -> tuple[str, list[tuple[str, str, str]]]:
    """An invented article and its gold (source, cue, content) triples."""
    speaker, critic = NAMES[n % len(NAMES)], NAMES[(n + 5) % len(NAMES)]
    glad = NAMES[(n + 3) % len(NAMES)]
    plan = PLANS[n % len(PLANS)]
    text = (
        f"{speaker} said on Monday that the bridge would reopen in May. "
        f"{critic} was critical of {plan}. "
        f"{glad} was happy with the weather.\n"
    )
    gold = [
        (speaker, "said", "the bridge would reopen in May"),
        (critic, "critical of", plan),
    ]
    return text, gold


def write_corpus(folder: Path) -> Path:
    """The articles as a brat corpus folder, as PolNeAR lays it out."""
    return write_brat_corpus(folder, (article(n) for n in range(ARTICLES)))


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def examples(nlp, folder: Path) -> list[Example]:
    alignment = Alignment()
    gold = list(load_gold(write_corpus(folder)))
    return [Example(nlp(doc.text), to_training_doc(doc, alignment)) for doc in gold]


def roles(statement) -> tuple[str, str | None, list[str]]:
    source = statement.source.text if statement.source else None
    return statement.cue.text, source, [c.text for c in statement.content]


def test_a_trained_proposer_adds_a_cue_the_rules_lack_and_survives_saving(nlp, tmp_path):
    rules = nlp(NEW_TEXT)._.statements
    assert rules == []  # no rule proposes an adjective cue

    proposer = CueProposer("cue_proposer", threshold=0.5)
    assert proposer.propose(nlp(NEW_TEXT), []) == []  # untrained: adds nothing
    proposer.initialize(lambda: examples(nlp, tmp_path / "corpus"))

    added = proposer.propose(nlp(NEW_TEXT), [])
    assert [roles(s) for s in added] == [
        ("critical of", "Ada Stone", ["the promise to rebuild the pier"])
    ]
    assert is_proposed(added[0]) and 0.5 <= added[0].confidence <= 1.0
    # "happy with" sits in every training article and the gold never marks it.
    assert not any("happy" in s.cue.text for s in added)
    # As a pipeline component it adds the statement to the Doc and to its span groups.
    doc = proposer(nlp(NEW_TEXT))
    assert [s.cue.text for s in doc._.statements] == ["critical of"]
    assert [(s.text, s.id_) for s in doc.spans["cue"]] == [("critical of", "cp1")]

    proposer.to_disk(tmp_path / "saved")
    loaded = CueProposer("cue_proposer").from_disk(tmp_path / "saved")
    assert [roles(s) for s in loaded.propose(nlp(NEW_TEXT), [])] == [roles(added[0])]
    assert loaded.threshold == 0.5


def test_the_proposer_leaves_the_rules_cues_to_them(nlp, tmp_path):
    # "said" heads gold cues, but the rules find it: the proposer never proposes it again.
    proposer = CueProposer("cue_proposer", threshold=0.05)
    proposer.initialize(lambda: examples(nlp, tmp_path / "corpus"))
    doc = nlp("Ada Stone said that the pier would reopen.\n")
    assert [s.cue.text for s in doc._.statements] == ["said"]
    assert proposer.propose(doc, doc._.statements) == []


FRESH_LOAD = """
import sys, spacy
nlp = spacy.load(sys.argv[1])
doc = nlp(sys.argv[2])
print([s.cue.text for s in doc._.statements], [s.text for s in doc.spans["cue"]])
"""


def test_a_saved_pipeline_with_the_proposer_loads_by_the_entry_points(nlp, tmp_path):
    """spaCy finds the proposer's factory through the installed entry points (pyproject.toml),
    in a process that never imported annotator."""
    if not entry_points(group="spacy_factories", name=FACTORY):
        pytest.skip("annotator's entry points are not installed: reinstall it (dev.py does)")
    trained = load_pipeline()
    proposer = add_cue_proposer(trained)
    proposer.initialize(lambda: examples(nlp, tmp_path / "corpus"))
    trained.to_disk(tmp_path / "pipeline")
    result = run_python("-c", FRESH_LOAD, tmp_path / "pipeline", NEW_TEXT, cwd=tmp_path)
    assert result.stdout.strip() == "['critical of'] ['critical of']"


@pytest.mark.slow
def test_annotator_train_saves_a_pipeline_whose_proposer_works_in_a_fresh_process(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    out = tmp_path / "trained"

    trained = run_python(
        "-m", "annotator", "train", "--gold", corpus, "--output", out, "--seed", "3", cwd=tmp_path
    ).stdout

    assert "rules + cue proposer" in trained
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["pipeline"].index("annotator_cue_proposer") < meta["pipeline"].index(
        "annotator_statement_filter"
    )
    assert meta["annotator_training"]["cue_proposer"]["proposed_train"] > 0
    (tmp_path / "new.txt").write_text(NEW_TEXT, encoding="utf-8")
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
    found = [
        (s["cue"]["text"], s["source"]["text"], [c["text"] for c in s["content"]])
        for s in doc["statements"]
    ]
    assert found == [("critical of", "Ada Stone", ["the promise to rebuild the pier"])]
