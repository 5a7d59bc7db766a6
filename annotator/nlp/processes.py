"""Run a pipeline over a stream in worker processes that are started safely.

`nlp.pipe(n_process=2)` starts spaCy's workers with the platform's default method, which on
Linux is to fork the calling process. The app calls it from a process with threads (the
window's workers, a database pool, BLAS): a forked child inherits locks that some thread
held at that instant and may wait on them for ever, and Python 3.12+ warns "This process is
multi-threaded, use of fork() may lead to deadlocks in the child". Here the workers are
started by *spawn*, a fresh interpreter on every platform, which inherits nothing but what
is sent to it: the pipeline (pickled once per worker) and batches of texts. (Not
forkserver with spaCy preloaded, though it starts faster: importing numpy starts BLAS
threads in the server, and its forks would be forks of a threaded process again.) A worker
takes a few seconds to start (Python, spaCy, the pipeline): worth it for a corpus, not for
a handful of articles.

Each worker does what spaCy's own do: run the pipeline over a batch and send each Doc back
as `Doc.to_bytes()` (the statements and sources of `annotator.nlp.extensions` travel packed
inside), rebuilt in this process with the pipeline's vocabulary. Batches come back in input
order, and only a few are in flight, so memory stays bounded whatever the stream's length.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from annotator.nlp.extensions import register_extensions
from annotator.nlp.long_texts import bounded_batches

#: How workers are started: a new interpreter, never a fork of this (threaded) process.
START_METHOD = "spawn"
#: Batches sent ahead per worker: enough to keep each busy while the previous is read back.
BATCHES_AHEAD = 2

Context = TypeVar("Context")

_worker_nlp: Language | None = None


def pipe_in_processes(
    nlp: Language,
    items: Iterable[tuple[str, Context]],
    *,
    batch_size: int,
    n_process: int,
) -> Iterator[tuple[Doc, Context]]:
    """`nlp.pipe(items, as_tuples=True, n_process=n_process)`, with spawned workers.

    `n_process=-1` uses one worker per CPU, as spaCy does. Closing the iterator early stops
    sending batches and shuts the workers down.
    """
    workers = (os.cpu_count() or 1) if n_process == -1 else n_process
    batches = bounded_batches(items, batch_size)  # at most BATCH_CHARS characters each
    context = multiprocessing.get_context(START_METHOD)
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(nlp,)
    )
    pending: deque[tuple[Future, list[Context]]] = deque()
    try:
        for batch in islice(batches, workers * BATCHES_AHEAD):
            pending.append(_submit(pool, batch))
        while pending:
            future, contexts = pending.popleft()
            packed = future.result()
            for batch in islice(batches, 1):
                pending.append(_submit(pool, batch))
            for data, context_item in zip(packed, contexts, strict=True):
                yield Doc(nlp.vocab).from_bytes(data), context_item
    finally:
        for future, _contexts in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(
    pool: ProcessPoolExecutor, batch: list[tuple[str, Context]]
) -> tuple[Future, list[Context]]:
    """Send the texts of `batch` to a worker; keep the contexts here, in order."""
    texts = [text for text, _context in batch]
    return pool.submit(_process_batch, texts), [context for _text, context in batch]


def _start_worker(nlp: Language) -> None:
    """In a worker: keep the pipeline it was sent, with the Doc extensions declared."""
    global _worker_nlp
    register_extensions()
    _worker_nlp = nlp


def _process_batch(texts: list[str]) -> list[bytes]:
    """In a worker: the pipeline's Docs of `texts`, packed for the trip back."""
    assert _worker_nlp is not None, "the worker was started without a pipeline"
    return [doc.to_bytes() for doc in _worker_nlp.pipe(texts, batch_size=len(texts))]
