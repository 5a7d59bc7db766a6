"""Pre-annotate documents: run the pipeline over a stream, report progress, stop on request.

Documents flow through `nlp.pipe` in batches and come out one by one, so a corpus of any
size is never held in memory at once; the GUI runs this in a worker and the command line
calls it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from spacy.language import Language

import annotator
from annotator.core.model import Document
from annotator.nlp.convert import annotate_document
from annotator.nlp.long_texts import process_long_text
from annotator.nlp.pipeline import PIPELINE_COMPONENTS
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
    `cancelled()` returns True no further document is read or yielded. A text longer than
    `nlp.max_length` is processed in chunks in this process (see `annotator.nlp.long_texts`).
    """
    stop = cancelled or _never
    info = pipeline_info(nlp)
    stream = (_pipe_item(nlp, d) for d in _until(stop, documents))
    if n_process == 1:
        results = nlp.pipe(stream, as_tuples=True, batch_size=batch_size)
    else:  # spawned workers: spaCy's own would fork this threaded process
        results = pipe_in_processes(nlp, stream, batch_size=batch_size, n_process=n_process)
    done = 0
    try:
        for doc, document in results:
            if stop():
                break
            if len(document.text) > nlp.max_length:
                doc = process_long_text(nlp, document.text, PIPELINE_COMPONENTS)
            yield _with_provenance(annotate_document(doc, document), info)
            done += 1
            if progress is not None:
                progress(done)
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # shuts the worker processes down


def pipeline_info(nlp: Language) -> dict[str, str]:
    """Provenance of the pipeline: its name, its version and this tool's name and version."""
    meta = nlp.meta
    return {
        "name": f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}",
        "version": str(meta.get("version", "0.0.0")),
        "tool": f"annotator {annotator.__version__}",
    }


def _pipe_item(nlp: Language, document: Document) -> tuple[str, Document]:
    # A text spaCy would refuse goes through the pipe empty and is processed on its own.
    return ("" if len(document.text) > nlp.max_length else document.text), document


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
