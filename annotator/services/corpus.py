"""Bring articles in: read files and folders, pre-annotate, store or write them out.

Every input is read on its own, so a broken file (or a broken line of a JSONL file) is
reported by name, line and field while the others arrive. Documents stream through in
batches: a corpus of any size is never held in memory at once. A folder is walked without
leaving it: a symbolic link pointing outside is skipped and reported. A document already
stored is not pre-annotated again, so importing the same files twice (a resumed import)
costs a look-up per document.
"""

from __future__ import annotations

import importlib.resources
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.model import Document
from annotator.formats import jsonl
from annotator.formats.brat import is_brat_corpus, read_brat
from annotator.formats.csv_table import iter_csv_documents
from annotator.formats.html import read_html_document
from annotator.formats.jsonl import FormatError
from annotator.formats.text import read_text_document
from annotator.services.output import atomic_text_file

if TYPE_CHECKING:
    from spacy.language import Language

    from annotator.services.workspace import Workspace

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".tsv"}
#: Everything a folder is searched for (a brat corpus inside it is read as one).
READABLE_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES

Progress = Callable[[int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class Notice:
    """Something to tell about an input that is not a failure: a link left out on purpose
    (`skipped`), a text read on request with its damaged bytes marked (`damaged`), an
    article already stored under another id (`duplicate_of`), or anything else to know
    (a brat article's further annotators)."""

    path: str
    message: str
    skipped: bool = False
    #: The stored article with the same text, when this one was not imported for that.
    duplicate_of: str | None = None
    #: A text read on request with its damaged bytes marked.
    damaged: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


#: What reading inputs yields: a document, an input that could not be read, or a notice.
Item = Document | FormatError | Notice


@dataclass
class ImportReport:
    """What an import or an annotation run did, document by document."""

    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[FormatError] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    #: (id, id of the stored article with the same text): the same article, not imported.
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        parts = [f"{len(self.imported)} imported", f"{len(self.skipped)} already there"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} the same text as a stored article")
        if self.errors:
            parts.append(f"{len(self.errors)} failed")
        if left_out := sum(n.skipped for n in self.notices):
            parts.append(f"{left_out} link{'s' if left_out > 1 else ''} not followed")
        if damaged := sum(n.damaged for n in self.notices):
            parts.append(f"{damaged} with damaged bytes marked")
        if self.cancelled:
            parts.append("cancelled")
        return ", ".join(parts)

    def add(self, item: FormatError | Notice) -> None:
        """File a read error or a notice under its kind."""
        (self.errors if isinstance(item, FormatError) else self.notices).append(item)


# ----------------------------------------------------------------------------------- reading


def seed_documents() -> list[Document]:
    """The demo corpus shipped with the app: what a new user sees first."""
    folder = importlib.resources.files("annotator.seeds")
    return [
        read_text_document(Path(str(entry)))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".txt")
    ]


@dataclass(frozen=True, slots=True)
class BratFolder:
    """A brat standoff corpus (`text/` and `attributions/`): read as one input."""

    path: Path


def expand_inputs(
    paths: Iterable[str | Path],
) -> Iterator[Path | BratFolder | Notice | FormatError]:
    """Files named directly, and the readable files inside named folders, sorted; a brat
    corpus folder (named, or found inside) is one input.

    Inside a folder, a symbolic link that leads outside it is not followed (a notice says
    so): importing a folder must not read whatever a link in it points at. A subfolder
    that cannot be listed is an error, not a silent gap.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and is_brat_corpus(path):
            yield BratFolder(path)
        elif path.is_dir():
            yield from _folder_inputs(path)
        else:
            yield path


def _folder_inputs(folder: Path) -> Iterator[Path | BratFolder | Notice | FormatError]:
    root = folder.resolve()
    found: list[Path | BratFolder | Notice | FormatError] = []

    def unreadable(exc: OSError) -> None:
        found.append(FormatError(f"cannot read the folder: {exc.strerror}", exc.filename))

    # followlinks=False: a linked folder is listed, never entered (one inside the folder
    # is reached through its real path anyway).
    for directory, subfolders, files in os.walk(folder, onerror=unreadable, followlinks=False):
        if is_brat_corpus(directory) and not Path(directory).is_symlink():
            found.append(BratFolder(Path(directory)))
            subfolders[:] = []  # its text/ files are the corpus's, not articles of their own
            continue
        for name in [*subfolders, *files]:
            path = Path(directory, name)
            if path.is_symlink() and _leads_outside(path, root):
                found.append(Notice(str(path), "symbolic link to outside the folder", True))
            elif name in files and path.suffix.lower() in READABLE_SUFFIXES:
                found.append(path)
    yield from sorted(found, key=lambda item: str(item if isinstance(item, Path) else item.path))


def _leads_outside(link: Path, root: Path) -> bool:
    try:
        return not link.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        return True


def read_inputs(
    paths: Iterable[str | Path], *, accept_damaged: bool = False, text_column: str = "text"
) -> Iterator[Item]:
    """Each document of the inputs, or a `FormatError` naming the file (and line) in its place.

    By suffix: `.jsonl`/`.ndjson` (the exchange format, or Prodigy tasks), `.html`/`.htm`
    (saved pages), `.csv`/`.tsv` (a table of articles, the article in `text_column`),
    anything else plain text; a brat corpus folder gives its articles with their
    attributions. `accept_damaged` reads a text file with damaged bytes anyway, each marked
    by U+FFFD; a `Notice` after the document says so. Skipped links are `Notice`s too.
    """
    for path in expand_inputs(paths):
        if isinstance(path, BratFolder):
            yield from _guarded(_read_brat_folder(path.path), path.path)
        elif not isinstance(path, Path):
            yield path
        elif not path.exists():
            yield FormatError("no such file or folder", path)
        elif path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path)
        elif path.suffix.lower() in HTML_SUFFIXES:
            yield from _guarded(_read_html(path), path)
        elif path.suffix.lower() in TABLE_SUFFIXES:
            table = iter_csv_documents(path, text_column, accept_damaged=accept_damaged)
            yield from _guarded(table, path)
        else:
            yield from _read_text(path, accept_damaged)


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many items reading `paths` will give, from a quick pass that parses nothing: a
    line of a JSONL file, a line of a table (a row, unless cells span lines), an article of
    a brat corpus, any other file one. A progress bar's total, good enough to be honest."""
    total = 0
    for item in expand_inputs(paths):
        try:
            if isinstance(item, BratFolder):
                total += sum(1 for _ in (item.path / "text").glob("*.txt"))
            elif isinstance(item, Path) and item.suffix.lower() in JSONL_SUFFIXES | TABLE_SUFFIXES:
                with open(item, "rb") as handle:
                    lines = sum(1 for line in handle if line.strip())
                total += max(lines - (item.suffix.lower() in TABLE_SUFFIXES), 0)
            else:
                total += 1
        except OSError:
            total += 1  # reading it will report the error: one item
    return total


def _guarded(items: Iterable[Item], path: Path) -> Iterator[Item]:
    """`items`, with an unreadable file or a reader's bug costing this input only."""
    try:
        yield from items
    except FormatError as exc:
        yield exc if exc.path else FormatError(exc.reason, path, exc.line, fields=exc.fields)
    except OSError as exc:
        yield FormatError(f"cannot read: {exc.strerror or exc}", path)
    except Exception as exc:  # a reader bug must cost this file, not the whole import
        yield _unexpected(exc, path)


def _read_html(path: Path) -> Iterator[Document]:
    yield read_html_document(path)


def _read_brat_folder(folder: Path) -> Iterator[Document | FormatError]:
    """Each article of a brat corpus with every annotator's attributions (each annotator's
    statements become their decisions; with several annotators, ids are prefixed by the
    annotator: `ef2d-q3`). A broken `.ann` costs that annotator's attributions only."""
    annotations: dict[str, list[Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        annotations.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    for text_path in sorted((folder / "text").glob("*.txt")):
        anns = annotations.get(text_path.stem, [])
        read: list[Document] = []
        try:
            if not anns:
                read.append(_brat_text(text_path))
            for ann in anns:
                try:
                    read.append(read_brat(text_path, ann))
                except FormatError as exc:
                    yield exc if exc.path else FormatError(exc.reason, ann, exc.line)
        except (FormatError, OSError, UnicodeError) as exc:
            reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc
            yield FormatError(f"cannot read: {reason}", text_path)
            continue
        if read:
            yield _merged_annotators(read)


def _merged_annotators(docs: list[Document]) -> Document:
    """One article read once per annotator, as one document holding everyone's statements."""
    doc = docs[0]
    if len(docs) == 1:
        return doc
    doc.statements = [
        replace(st, id=f"{st.annotator}-{st.id}") for one in docs for st in one.statements
    ]
    doc.provenance.annotators = [a for one in docs for a in one.provenance.annotators]
    return doc


def _brat_text(path: Path) -> Document:
    """An article of a brat corpus that has no annotations yet: its text, exact."""
    from annotator.formats.text import decode

    return Document(id=path.stem, text=decode(path.read_bytes(), str(path)).text)


def _read_jsonl(path: Path) -> Iterator[Document | FormatError]:
    try:
        yield from jsonl.iter_documents(path)
    except OSError as exc:
        yield FormatError(f"cannot read: {exc.strerror or exc}", path)
    except Exception as exc:  # a reader bug must cost this file, not the whole import
        yield _unexpected(exc, path)


def _read_text(path: Path, accept_damaged: bool) -> Iterator[Document | FormatError | Notice]:
    try:
        doc = read_text_document(path, accept_damaged=accept_damaged)
    except FormatError as exc:
        yield exc
        return
    except OSError as exc:
        yield FormatError(f"cannot read: {exc.strerror or exc}", path)
        return
    except Exception as exc:  # a reader bug must cost this file, not the whole import
        yield _unexpected(exc, path)
        return
    yield doc
    if replaced := doc.meta.get("damaged_bytes"):
        message = f"{replaced} damaged bytes marked with U+FFFD (as requested)"
        yield Notice(str(path), message, damaged=True)


def _unexpected(exc: Exception, path: Path) -> FormatError:
    """The fuzz tests hold this never happens; if it does, the user still gets the rest."""
    detail = f"{type(exc).__name__}: {exc}"
    return FormatError(f"could not be read (unexpected {detail}; please report it)", path)


# ------------------------------------------------------------------------------ annotating


def _needs_annotation(doc: Document) -> bool:
    return not (doc.entities or doc.statements or doc.sources)


def annotate_stream(
    items: Iterable[Item],
    nlp: Language,
    *,
    batch_size: int = 32,
    n_process: int = 1,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Iterator[Item]:
    """Pre-annotate every document of a stream in one pass through `nlp.pipe`.

    Read errors and notices travel beside the stream, roughly in input order. Memory stays
    bounded by the pipeline's batch size.
    """
    from annotator.services.preannotation import preannotate

    errors: deque[FormatError | Notice] = deque()

    def documents() -> Iterator[Document]:
        for item in _too_long_refused(items):
            if isinstance(item, Document):
                yield item
            else:
                errors.append(item)

    def merged() -> Iterator[Item]:
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


def _too_long_refused(items: Iterable[Item]) -> Iterator[Item]:
    """The stream with every document too long to pre-annotate replaced by its refusal: the
    one article is reported by name, the others still arrive."""
    from annotator.nlp.long_texts import TextTooLong, check_length

    for item in items:
        if isinstance(item, Document) and _needs_annotation(item):
            try:
                check_length(item)
            except TextTooLong as exc:
                yield FormatError(str(exc), item.id)
                continue
        yield item


def _annotate_where_missing(
    items: Iterable[Item],
    nlp: Language | None,
    *,
    chunk_size: int,
    cancelled: Cancelled | None,
    stored: Callable[[str], bool],
) -> Iterator[list[tuple[Item, bool]]]:
    """Chunks of (item, annotated now?): only documents with no annotations that are not
    stored yet go to the model (a stored one is skipped or refused when storing anyway)."""
    iterator = iter(_too_long_refused(items) if nlp is not None else items)
    while chunk := list(islice(iterator, chunk_size)):
        if cancelled and cancelled():
            return
        todo = [
            x
            for x in chunk
            if nlp is not None
            and isinstance(x, Document)
            and _needs_annotation(x)
            and not stored(x.id)
        ]
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
    items: Iterable[Item],
    nlp: Language | None = None,
    *,
    batch_size: int = 32,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Store documents, pre-annotating with `nlp` those that carry no annotations yet.

    Documents are stored a batch per transaction, each with all its annotations or not at
    all; if a batch is refused, its documents are stored one by one so that only the broken
    one is lost, and it is reported by name. Documents already stored are not pre-annotated
    again.
    """
    from annotator.services.preannotation import pipeline_info

    report = ImportReport()
    ours = pipeline_info(nlp) if nlp is not None else None
    count = 0
    chunks = _annotate_where_missing(
        items, nlp, chunk_size=batch_size, cancelled=cancelled, stored=workspace.has_document
    )
    for chunk in chunks:
        for item, _ in chunk:
            if not isinstance(item, Document):
                report.add(item)
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

    docs = _without_twins(workspace, docs, report)
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


def _without_twins(
    workspace: Workspace, docs: list[Document], report: ImportReport
) -> list[Document]:
    """`docs` less those whose text is stored (or earlier in `docs`) under another id: the
    same article saved twice is imported once, and the report says which it matched."""
    from annotator.store.repository import text_sha256

    twins = workspace.stored_texts(docs)
    first: dict[str, str] = {}
    kept = []
    for doc in docs:
        digest = text_sha256(doc.text)
        twin = twins.get(doc.id) or (first.get(digest) if first.get(digest) != doc.id else None)
        if twin is None:
            first.setdefault(digest, doc.id)
            kept.append(doc)
            continue
        report.duplicates.append((doc.id, twin))
        message = f"the same text as {twin}, already stored: not imported again"
        report.notices.append(Notice(doc.id, message, duplicate_of=twin))
    return kept


def annotate_to_jsonl(
    items: Iterable[Item],
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
                if not isinstance(item, Document):
                    report.add(item)
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
