"""Training the learned span chooser, on a tiny corpus of invented articles this test writes
itself. In its gold, a reported clause never takes the relative clause that comments on it
("… that the bridge would reopen in May, which pleased the drivers": the content ends at
"May"); the rules take the whole clause. A chooser that learned the convention cuts it."""

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from child_processes import run_python
from spacy.training import Example
from training_fixtures import write_brat_corpus

from annotator.core.model import Document, Span, Statement
from annotator.formats.docbin import to_training_doc
from annotator.formats.spacy_docs import Alignment
from annotator.nlp.extensions import STATEMENTS
from annotator.nlp.learned.span_chooser import MODEL_FILE, RoleRanker, SpanChooser
from annotator.services.evaluation import load_gold
from annotator.services.pipeline import load_pipeline
from annotator.services.training import collect_candidates
from annotator.services.training_spans import gold_partners, new_span_chooser, train_spans

NAMES = ["Mara Lind", "Tomas Berg", "Ines Roca", "Paul Okafor", "Lena Vogt", "Omar Haddad"]
SAID = [
    "the bridge would reopen in May",
    "the council had cut the budget",
    "the harbour needed new cranes",
    "the school would hire more teachers",
    "the tram line was running late",
    "the museum would close for repairs",
    "the library would open on Sundays",
]
COMMENTS = [
    "pleased the drivers",
    "surprised nobody",
    "angered the unions",
    "was welcome news",
    "drew loud applause",
]
ARTICLES = 16
NEW_TEXT = "Ada Stone said on Friday that the ferry would be late, which annoyed the commuters.\n"
NEW_CONTENT = "the ferry would be late"


def article(n: int) -> tuple[str, list[tuple[str, str, str]]]:
    """An invented article and its gold (source, cue, content) triples."""
    first, second = NAMES[n % len(NAMES)], NAMES[(n + 3) % len(NAMES)]
    said, plain = SAID[n % len(SAID)], SAID[(n + 3) % len(SAID)]
    comment = COMMENTS[n % len(COMMENTS)]
    text = f"{first} said on Monday that {said}, which {comment}. {second} said that {plain}.\n"
    return text, [(first, "said", said), (second, "said", plain)]


def write_corpus(folder: Path) -> Path:
    """The articles as a brat corpus folder, as PolNeAR lays it out."""
    return write_brat_corpus(folder, (article(n) for n in range(ARTICLES)))


def contents(doc) -> list[list[str]]:
    return [[f.text for f in st.content] for st in doc._.get(STATEMENTS) or []]


def test_a_trained_chooser_learns_to_leave_out_the_comment_the_rules_take_in(tmp_path):
    gold = list(load_gold(write_corpus(tmp_path / "corpus")))
    assert len(gold) == ARTICLES
    nlp = load_pipeline()
    nlp.select_pipes(enable=[n for n in nlp.pipe_names if n != "annotator_speakers"])
    assert contents(nlp(NEW_TEXT)) == [[NEW_CONTENT + ", which annoyed the commuters"]]

    alignment = Alignment()
    examples = [Example(nlp(d.text), to_training_doc(d, alignment)) for d in gold]
    chooser = SpanChooser("chooser")
    assert not chooser.is_trained and contents(chooser(nlp(NEW_TEXT)))[0][0].endswith("commuters")
    chooser.initialize(lambda: examples, partners=gold_partners({d.id: d for d in gold}))

    assert chooser.is_trained
    chosen = chooser(nlp(NEW_TEXT))
    assert contents(chosen) == [[NEW_CONTENT]]
    assert [span.text for span in chosen.spans["content"]] == [NEW_CONTENT]  # spaCy's view too
    (statement,) = chosen._.statements
    assert (statement.source.text, statement.cue.text) == ("Ada Stone", "said")
    scores = chooser.score(examples, partners=gold_partners({d.id: d for d in gold}))
    assert scores["chooser_content_rules_right"] == 0.5  # the plain "said that" only
    assert scores["chooser_content_right"] == 1.0

    # A statement proposed with a cue and no content (as a cue proposer may) is given one
    # from the parse or keeps none; its cue stays (the gold's cues are the rules' here).
    doc = nlp(NEW_TEXT)
    bare = replace(doc._.statements[0], content=[], source=None)
    (rechosen,) = chooser.rechosen(doc, [bare])
    assert rechosen.cue == bare.cue and rechosen.id == bare.id
    assert all(NEW_TEXT[f.start : f.end] == f.text for f in rechosen.content)

    # Saved and loaded, it chooses the same.
    chooser.to_disk(tmp_path / "chooser")
    loaded = SpanChooser("loaded").from_disk(tmp_path / "chooser")
    assert contents(loaded(nlp(NEW_TEXT))) == [[NEW_CONTENT]]


DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Saturday", "Sunday"]
DAY_TEXT = "Ada Stone said Friday that the ferry would be late.\n"


def dated_article(n: int) -> tuple[str, list[tuple[str, str, str]]]:
    """An article whose gold cue takes in the day the words were said ("said Monday"), as
    PolNeAR's annotators often do, where the rules' cue is the verb alone."""
    first, second = NAMES[n % len(NAMES)], NAMES[(n + 3) % len(NAMES)]
    said, plain = SAID[n % len(SAID)], SAID[(n + 3) % len(SAID)]
    day = DAYS[n % len(DAYS)]
    text = f"{first} said {day} that {said}. {second} said that {plain}.\n"
    return text, [(first, f"said {day}", said), (second, "said", plain)]


def roles(doc) -> list[tuple[str | None, str, list[str]]]:
    return [
        (st.source and st.source.text, st.cue.text, [f.text for f in st.content])
        for st in doc._.get(STATEMENTS) or []
    ]


def test_a_trained_chooser_learns_the_gold_cue_boundary_and_keeps_content_outside_it(tmp_path):
    gold = list(load_gold(write_brat_corpus(tmp_path / "corpus", map(dated_article, range(16)))))
    nlp = load_pipeline()
    nlp.select_pipes(enable=[n for n in nlp.pipe_names if n != "annotator_speakers"])
    assert [cue for _, cue, _ in roles(nlp(DAY_TEXT))] == ["said"]  # the rules' cue

    examples = [Example(nlp(d.text), to_training_doc(d, alignment=Alignment())) for d in gold]
    partners = gold_partners({d.id: d for d in gold})
    chooser = SpanChooser("chooser")
    chooser.initialize(lambda: examples, partners=partners)

    assert roles(chooser(nlp(DAY_TEXT))) == [
        ("Ada Stone", "said Friday", ["the ferry would be late"])
    ]
    scores = chooser.score(examples, partners=partners)
    assert scores["chooser_cue_rules_right"] == 0.5 and scores["chooser_cue_right"] == 1.0

    # A chooser saved before it chose cues (no cue ranker in its file) keeps the cues.
    chooser.to_disk(tmp_path / "chooser")
    model = json.loads((tmp_path / "chooser" / MODEL_FILE).read_text(encoding="utf-8"))
    assert "cue" in model
    del model["cue"]
    (tmp_path / "chooser" / MODEL_FILE).write_text(json.dumps(model), encoding="utf-8")
    old = SpanChooser("old").from_disk(tmp_path / "chooser")
    assert old.is_trained and [cue for _, cue, _ in roles(old(nlp(DAY_TEXT)))] == ["said"]


def _span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span.of(text, start, start + len(words))


def always(origin: str) -> RoleRanker:
    """A cue ranker that always takes the alternative `origin` when there is one."""
    return RoleRanker({f"origin={origin}": 0}, np.array([5.0]))


def test_a_cue_grown_over_the_content_or_the_source_cuts_them_outside_it():
    nlp = load_pipeline()
    doc = nlp(NEW_TEXT)  # "Ada Stone said on Friday that the ferry would be late, which …"
    statement = Statement(
        id="q1",
        cue=_span(NEW_TEXT, "said"),
        content=[_span(NEW_TEXT, "on Friday that the ferry would be late")],
        source=_span(NEW_TEXT, "Ada Stone"),
    )
    chooser = SpanChooser("chooser")
    assert chooser.rechosen(doc, [statement])[0].cue == statement.cue  # untrained: kept

    chooser.rankers["cue"] = always("cue_grow_end_2")
    (grown,) = chooser.rechosen(doc, [statement])
    assert grown.cue.text == "said on Friday"
    assert [f.text for f in grown.content] == ["that the ferry would be late"]
    assert grown.source == statement.source

    chooser.rankers["cue"] = always("cue_grow_start_1")
    (grown,) = chooser.rechosen(doc, [statement])
    assert grown.cue.text == "Stone said" and grown.source.text == "Ada"
    assert all(NEW_TEXT[f.start : f.end] == f.text for f in grown.content)

    # Never into another statement's cue, nor over punctuation or past the sentence.
    on = NEW_TEXT.index(" on ") + 1
    other = replace(statement, id="q2", cue=Span.of(NEW_TEXT, on, on + 2), content=[])
    (grown, _) = chooser.rechosen(doc, [replace(statement, source=None), other])
    assert grown.cue.text == "Stone said"
    chooser.rankers["cue"] = always("cue_grow_end_1")
    (kept, _) = chooser.rechosen(doc, [statement, other])
    assert kept.cue == statement.cue
    late = replace(statement, cue=_span(NEW_TEXT, "commuters"), content=[], source=None)
    assert chooser.rechosen(doc, [late])[0].cue == late.cue  # "." and the text end follow


def test_gold_that_shares_no_cue_with_the_rules_leaves_the_chooser_a_no_op():
    """Training goes on (the filter may still learn); the chooser changes nothing."""
    nlp = load_pipeline()
    chooser = new_span_chooser(nlp)
    gold = [Document(id="a", text=NEW_TEXT, statements=[])]
    candidates = collect_candidates(nlp, gold)

    result = train_spans(chooser, candidates, candidates, [])

    assert not chooser.is_trained and result.spans is None
    (example,) = candidates.examples
    assert contents(example.predicted) == [[NEW_CONTENT + ", which annoyed the commuters"]]


def test_initialize_without_gold_partners_is_refused():
    with pytest.raises(ValueError, match="partners"):
        SpanChooser("chooser").initialize(lambda: [])


@pytest.mark.slow
def test_annotator_train_saves_a_chooser_that_a_fresh_process_loads_and_uses(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    out = tmp_path / "trained"

    trained = run_python(
        "-m", "annotator", "train", "--gold", corpus, "--output", out, "--seed", "1", cwd=tmp_path
    )

    report = trained.stdout
    assert "rules alone" in report and "rules + cue proposer + span chooser" in report
    assert "rules + cue proposer + span chooser + filter" in report
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    order = meta["pipeline"]
    assert order.index("annotator_attribution") < order.index("annotator_span_chooser")
    assert order.index("annotator_span_chooser") < order.index("annotator_statement_filter")
    assert "held_out_rules_and_spans" in meta["annotator_training"]

    (tmp_path / "new.txt").write_text(NEW_TEXT, encoding="utf-8")
    annotated = tmp_path / "new.jsonl"
    run_python(
        "-m", "annotator", "annotate", "new.txt", "-o", annotated,
        cwd=tmp_path, ANNOTATOR_PIPELINE=str(out),
    )  # fmt: skip
    document = json.loads(annotated.read_text(encoding="utf-8"))
    assert [[f["text"] for f in st["content"]] for st in document["statements"]] == [[NEW_CONTENT]]
