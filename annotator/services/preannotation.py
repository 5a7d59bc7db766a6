"""Pre-annotate documents: run the pipeline over a stream, report progress, stop on request.

Documents flow through `nlp.pipe` in batches and come out one by one, so a corpus of any
size is never held in memory at once; the GUI runs this in a worker and the command line
calls it directly. spaCy's memory grows with the characters of a batch, so a batch holds at
most `BATCH_CHARS` characters, an article longer than `LONG_TEXT_CHARS` is processed in
chunks, and one longer than `MAX_TEXT_CHARS` is refused (see `annotator.nlp.long_texts`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

import annotator
from annotator.core.model import Document
from annotator.nlp.convert import annotate_document
from annotator.nlp.long_texts import (
    annotate_long_document,
    bounded_batches,
    check_length,
    is_long,
)
from annotator.nlp.pipeline import OUR_COMPONENTS
from annotator.nlp.processes import pipe_in_processes


def preannotate(
    documents: Iterable[Document],
    nlp: Language,
    *,
    batch_size: int = 32,
    n_process: int = 1,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[Document]:
    """Yield a pre-annotated copy of each document, in input order.

    `progress(n)` is called with the number of documents done after each one; once
    `cancelled()` returns True no further document is read or yielded. A batch holds at
    most `batch_size` documents and `BATCH_CHARS` characters, in this process or in spawned
    workers (`n_process` > 1). A text longer than `LONG_TEXT_CHARS` is processed in chunks
    in this process, and one longer than `MAX_TEXT_CHARS` stops the run with `TextTooLong`
    when its turn comes (the documents before it are yielded), before any work on it
    (`annotator.nlp.long_texts`).
    """
    stop = cancelled or _never
    info = pipeline_info(nlp)
    stream = (_pipe_item(nlp, d) for d in _until(stop, documents))
    if n_process == 1:
        results = _in_batches(nlp, stream, batch_size)
    else:  # spawned workers: spaCy's own would fork this threaded process
        results = pipe_in_processes(nlp, stream, batch_size=batch_size, n_process=n_process)
    done = 0
    try:
        for doc, document in results:
            if stop():
                break
            check_length(document)  # in input order: every document before it is yielded
            if is_long(nlp, document.text):
                annotated = annotate_long_document(nlp, document, OUR_COMPONENTS)
            else:
                annotated = annotate_document(doc, document)
            yield _with_provenance(annotated, info)
            done += 1
            if progress is not None:
                progress(done)
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # shuts the worker processes down


def _in_batches(
    nlp: Language, items: Iterable[tuple[str, Document]], batch_size: int
) -> Iterator[tuple[Doc, Document]]:
    """`nlp.pipe(items, as_tuples=True)` in batches of at most `batch_size` items and
    `BATCH_CHARS` characters (`bounded_batches`)."""
    for batch in bounded_batches(items, batch_size):
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))


def pipeline_info(nlp: Language) -> dict[str, str]:
    """Provenance of the pipeline: its name, its version and this tool's name and version."""
    meta = nlp.meta
    return {
        "name": f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}",
        "version": str(meta.get("version", "0.0.0")),
        "tool": f"annotator {annotator.__version__}",
    }


def _pipe_item(nlp: Language, document: Document) -> tuple[str, Document]:
    # A long text goes through the pipe empty and is processed on its own, in chunks.
    return ("" if is_long(nlp, document.text) else document.text), document


def _with_provenance(document: Document, info: dict[str, str]) -> Document:
    provenance = replace(
        document.provenance, tool=info["tool"], pipeline=f"{info['name']} {info['version']}"
    )
    return replace(document, provenance=provenance)


def _until(stop: Callable[[], bool], documents: Iterable[Document]) -> Iterator[Document]:
    for document in documents:
        if stop():
            return
        yield document


def _never() -> bool:
    return False
