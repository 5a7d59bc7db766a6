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
) -> Iterator[Document | FormatError]:
    """Pre-annotate only the documents that carry no annotations, chunk by chunk, in order."""
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
        wanted = {id(doc) for doc in todo} if nlp is not None else set()
        for item in chunk:
            if id(item) in wanted and id(item) not in done:
                return  # cancelled part-way: stop before storing an unannotated document
            yield done.get(id(item), item)


def import_documents(
    workspace: Workspace,
    items: Iterable[Document | FormatError],
    nlp: Language | None = None,
    *,
    batch_size: int = 32,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Store each document (pre-annotated first when `nlp` is given and it has no annotations).

    Each document is stored in its own transaction: a failure loses only that document.
    """
    from annotator.services.preannotation import pipeline_info

    report = ImportReport()
    pipeline = pipeline_info(nlp) if nlp is not None else None
    stream = _annotate_where_missing(items, nlp, chunk_size=batch_size, cancelled=cancelled)
    for count, item in enumerate(stream, start=1):
        _store(workspace, item, pipeline, report)
        if progress:
            progress(count)
    report.cancelled = bool(cancelled and cancelled())
    return report


def _store(
    workspace: Workspace, item: Document | FormatError, pipeline: dict | None, report: ImportReport
) -> None:
    from annotator.store.errors import DocumentConflict

    if isinstance(item, FormatError):
        report.errors.append(item)
        return
    try:
        added = workspace.add_document(item, pipeline=pipeline)
    except DocumentConflict as exc:
        report.errors.append(FormatError(str(exc), item.id))
        return
    (report.imported if added else report.skipped).append(item.id)


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
    half-written output.
    """
    from annotator.services.preannotation import pipeline_info

    info = pipeline_info(nlp)
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
                item.provenance.tool = info["tool"]
                item.provenance.pipeline = f"{info['name']} {info['version']}"
                out.write(jsonl.dumps(item) + "\n")
                report.imported.append(item.id)
            if cancelled and cancelled():
                raise _Cancelled
    except _Cancelled:
        report.cancelled = True
    return report


class _Cancelled(Exception):
    """Raised inside the output context so a cancelled run leaves no file behind."""
