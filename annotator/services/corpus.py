"""Bring articles in: read files and folders, pre-annotate, store or write them out.

Every input is read on its own, so a broken file (or a broken line of a JSONL file) is
reported by name and line while the others arrive. Documents stream through in batches:
a corpus of any size is never held in memory at once.
"""

from __future__ import annotations

import importlib.resources
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.model import Document
from annotator.formats import jsonl
from annotator.formats.jsonl import FormatError
from annotator.formats.text import read_text_document
from annotator.services.output import atomic_text_file

if TYPE_CHECKING:
    from spacy.language import Language

    from annotator.services.workspace import Workspace

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}

Progress = Callable[[int], None]
Cancelled = Callable[[], bool]


@dataclass
class ImportReport:
    """What an import or an annotation run did, document by document."""

    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[FormatError] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        parts = [f"{len(self.imported)} imported", f"{len(self.skipped)} already there"]
        if self.errors:
            parts.append(f"{len(self.errors)} failed")
        if self.cancelled:
            parts.append("cancelled")
        return ", ".join(parts)


# ----------------------------------------------------------------------------------- reading


def seed_documents() -> list[Document]:
    """The demo corpus shipped with the app: what a new user sees first."""
    folder = importlib.resources.files("annotator.seeds")
    return [
        read_text_document(Path(str(entry)))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".txt")
    ]


def expand_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and the text and JSONL files inside named folders, sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES
            )
        else:
            yield path


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Document | FormatError]:
    """Each document of the inputs, or a `FormatError` naming the file (and line) in its place."""
    for path in expand_inputs(paths):
        if not path.exists():
            yield FormatError("no such file or folder", path)
        elif path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path)
        else:
            yield _read_text(path)


def _read_jsonl(path: Path) -> Iterator[Document | FormatError]:
    try:
        yield from jsonl.iter_documents(path)
    except (OSError, UnicodeDecodeError) as exc:
        yield FormatError(f"cannot read: {exc}", path)


def _read_text(path: Path) -> Document | FormatError:
    try:
        return read_text_document(path)
    except FormatError as exc:
        return exc
    except OSError as exc:
        return FormatError(f"cannot read: {exc.strerror or exc}", path)


# ------------------------------------------------------------------------------ annotating


def _needs_annotation(doc: Document) -> bool:
    return not (doc.entities or doc.statements or doc.sources)


def annotate_stream(
    items: Iterable[Document | FormatError],
    nlp: Language,
    *,
    batch_size: int = 32,
    n_process: int = 1,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Iterator[Document | FormatError]:
    """Pre-annotate every document of a stream in one pass through `nlp.pipe`.

    Read errors travel beside the stream, roughly in input order. Memory stays bounded by the
    pipeline's batch size.
    """
    from annotator.services.preannotation import preannotate

    errors: deque[FormatError] = deque()

    def documents() -> Iterator[Document]:
        for item in items:
            if isinstance(item, FormatError):
                errors.append(item)
            else:
                yield item

    def merged() -> Iterator[Document | FormatError]:
        pipe = preannotate(
            documents(), nlp, batch_size=batch_size, n_process=n_process, cancelled=cancelled
        )
        for doc in pipe:
            while errors:
                yield errors.popleft()
            yield doc
        yield from errors

    for done, item in enumerate(merged(), start=1):
        yield item
        if progress:
            progress(done)


def _annotate_where_missing(
    items: Iterable[Document | FormatError],
    nlp: Language | None,
    *,
    chunk_size: int,
    cancelled: Cancelled | None,
) -> Iterator[list[tuple[Document | FormatError, bool]]]:
    """Chunks of (item, annotated now?): only documents with no annotations go to the model."""
    iterator = iter(items)
    while chunk := list(islice(iterator, chunk_size)):
        if cancelled and cancelled():
            return
        todo = [x for x in chunk if isinstance(x, Document) and _needs_annotation(x)]
        done: dict[int, Document] = {}
        if todo and nlp is not None:
            annotated = annotate_stream(todo, nlp, batch_size=chunk_size, cancelled=cancelled)
            # strict=False: a cancelled run yields fewer results than it was given
            done = {id(doc): result for doc, result in zip(todo, annotated, strict=False)}
            if len(done) < len(todo):
                return  # cancelled part-way: store nothing of this chunk half-annotated
        yield [(done.get(id(item), item), id(item) in done) for item in chunk]


def import_documents(
    workspace: Workspace,
    items: Iterable[Document | FormatError],
    nlp: Language | None = None,
    *,
    batch_size: int = 32,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Store documents, pre-annotating with `nlp` those that carry no annotations yet.

    Documents are stored a batch per transaction; if a batch is refused, its documents are
    stored one by one so that only the broken one is lost, and it is reported by name.
    """
    from annotator.services.preannotation import pipeline_info

    report = ImportReport()
    ours = pipeline_info(nlp) if nlp is not None else None
    count = 0
    for chunk in _annotate_where_missing(items, nlp, chunk_size=batch_size, cancelled=cancelled):
        report.errors += [item for item, _ in chunk if isinstance(item, FormatError)]
        fresh = [item for item, now in chunk if now]
        brought = [item for item, now in chunk if not now and isinstance(item, Document)]
        _store_batch(workspace, fresh, ours, report)
        # Their annotations came with them: record the pipeline their provenance names.
        by_pipeline: dict[str | None, list[Document]] = {}
        for doc in brought:
            by_pipeline.setdefault(doc.provenance.pipeline, []).append(doc)
        for group in by_pipeline.values():
            _store_batch(workspace, group, _pipeline_of(group[0]), report)
        count += len(chunk)
        if progress:
            progress(count)
    report.cancelled = bool(cancelled and cancelled())
    return report


def _pipeline_of(doc: Document) -> dict | None:
    """The pipeline named in a document's provenance ("en_core_web_sm 3.8.0"), if any."""
    if not doc.provenance.pipeline:
        return None
    name, _, version = doc.provenance.pipeline.partition(" ")
    return {"name": name, "version": version or None, "tool": doc.provenance.tool}


def _store_batch(
    workspace: Workspace, docs: list[Document], pipeline: dict | None, report: ImportReport
) -> None:
    from annotator.store.errors import StoreError

    if not docs:
        return
    try:
        result = workspace.add_documents(docs, pipeline=pipeline, batch_size=len(docs))
    except (StoreError, ValueError) as exc:
        if len(docs) == 1:
            report.errors.append(FormatError(f"not stored: {exc}", docs[0].id))
            return
        for doc in docs:  # find the one that broke the batch; keep the others
            _store_batch(workspace, [doc], pipeline, report)
        return
    report.imported += result.added
    report.skipped += result.skipped
    report.errors += [
        FormatError("a different text is already stored under this id", doc_id)
        for doc_id in result.conflicts
    ]


def annotate_to_jsonl(
    items: Iterable[Document | FormatError],
    output: str | Path,
    nlp: Language,
    *,
    batch_size: int = 32,
    n_process: int = 1,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Pre-annotate documents into a JSONL file, without a database.

    The file appears only when the run completes: a failed or cancelled run leaves no
    half-written output. Provenance (tool, pipeline) is stamped by `preannotate`.
    """
    report = ImportReport()
    stream = annotate_stream(
        items,
        nlp,
        batch_size=batch_size,
        n_process=n_process,
        progress=progress,
        cancelled=cancelled,
    )
    try:
        with atomic_text_file(output) as out:
            for item in stream:
                if isinstance(item, FormatError):
                    report.errors.append(item)
                    continue
                out.write(jsonl.dumps(item) + "\n")
                report.imported.append(item.id)
            if cancelled and cancelled():
                raise _Cancelled
    except _Cancelled:
        report.cancelled = True
    return report


class _Cancelled(Exception):
    """Raised inside the output context so a cancelled run leaves no file behind."""
