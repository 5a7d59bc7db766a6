"""The statement filter's cue head: it keeps a statement whose cue the gold marks even when the
relation head would drop it (a right cue with a wrong content still counts for the cue
figure). Trained on the tiny invented corpus of test_training: its gold marks "said" and
"told" and never "believes"."""

import json

import pytest
from test_training import write_corpus

from annotator.core.model import Document, Origin, Span, Statement, Status
from annotator.nlp.learned.statement_filter import MODEL_FILE, StatementFilter
from annotator.services.evaluation import load_gold, matched_cues
from annotator.services.pipeline import load_pipeline
from annotator.services.training import collect_candidates

NEW_TEXT = (
    "Ada Stone said on Friday that the ferry would be late. "
    "Bo Lund believes that the rain would stop.\n"
)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def never_matched(example) -> list[bool]:
    """Relation labels under which no candidate matches: the relation head learns to drop all."""
    return [False] * len(example.predicted._.statements)


def test_the_cue_head_keeps_the_right_cues_the_relation_head_drops(nlp, tmp_path):
    candidates = collect_candidates(nlp, list(load_gold(write_corpus(tmp_path / "corpus"))))
    component = StatementFilter("f", threshold=0.5)
    component.initialize(
        lambda: candidates.examples, labels=never_matched, cue_labels=candidates.cue_labels
    )
    doc = nlp(NEW_TEXT)
    assert [s.cue.text for s in doc._.statements] == ["said", "believes"]

    assert component(nlp(NEW_TEXT))._.statements == []  # no cue head: the relation head drops all
    component.cue_threshold = 0.5
    kept = component(nlp(NEW_TEXT))._.statements
    assert [s.cue.text for s in kept] == ["said"]
    # Its confidence is still the relation head's probability (low: it never matched).
    assert kept[0].confidence < 0.5

    component.to_disk(tmp_path / "saved")
    loaded = StatementFilter("f").from_disk(tmp_path / "saved")
    assert loaded.cue_threshold == 0.5
    assert [s.cue.text for s in loaded(nlp(NEW_TEXT))._.statements] == ["said"]

    # A filter saved before the cue head existed has none: the relation head alone decides.
    model = json.loads((tmp_path / "saved" / MODEL_FILE).read_text(encoding="utf-8"))
    del model["cue_head"]
    (tmp_path / "saved" / MODEL_FILE).write_text(json.dumps(model), encoding="utf-8")
    older = StatementFilter("f").from_disk(tmp_path / "saved")
    assert older.cue_threshold is None
    assert older(nlp(NEW_TEXT))._.statements == []


def test_cue_labels_follow_the_exact_cue_matching():
    text = "Ada said it rained. Bo told me so."
    gold = Document(id="d", text=text, statements=[made(text, "said", "it rained")])

    predicted = [
        made(text, "said", "it"),  # right cue, wrong content: the cue counts
        made(text, "told", "me so"),  # a cue the gold does not mark
        made(text, "said", "it rained"),  # the same cue again: one gold cue matches once
    ]

    assert matched_cues(gold, predicted) == [True, False, False]


def made(text: str, cue: str, content: str) -> Statement:
    start = text.index(cue)
    at = text.index(content, start)
    return Statement(
        id=f"q{start}{at}",
        cue=Span.of(text, start, start + len(cue)),
        content=[Span.of(text, at, at + len(content))],
        status=Status.SUGGESTED,
        origin=Origin.MODEL,
    )
