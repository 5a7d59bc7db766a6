"""Write the database's documents out as datasets: by default the gold, nothing else.

The gold is what one annotator decided (accepted, corrected and added statements and
entities) in the documents they marked done; a suggestion nobody looked at is never in it
unless asked for (`include_suggestions`), and a rejected one never is. Every export carries
its provenance: app version, pipeline, who decided something in each document, when, and
the selection used, in each document (where the format has room) and in a
`<output>.provenance.json` file beside it.

Documents are read one at a time and every file is written to a staging folder beside the
target, moved into place only when the whole export succeeded: a failed or cancelled export
leaves nothing behind and an older export untouched.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import annotator
from annotator.core.model import Document, Status
from annotator.services.output import OutputError, output_error

if TYPE_CHECKING:
    from annotator.services.workspace import Workspace

#: `--format` choices, and what each writes: a file, or a folder (brat).
EXPORT_FORMATS = ("jsonl", "spacy", "csv", "brat", "conll", "claimreview")
SUFFIXES = {
    "jsonl": ".jsonl",
    "spacy": ".spacy",
    "csv": ".csv",
    "brat": "",
    "conll": ".conll",
    "claimreview": ".jsonld",
}
SPLIT_NAMES = ("train", "dev", "test")
#: Which documents: marked done by the annotator, not marked done, or every one.
DOCUMENT_CHOICES = ("done", "open", "all")
GOLD = (Status.ACCEPTED, Status.CORRECTED, Status.ADDED)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class NothingToExport(ValueError):
    """The selection holds nothing: said instead of writing an empty dataset."""


class ExportCancelled(Exception):
    """The user cancelled; nothing was written."""


@dataclass(frozen=True, slots=True)
class Selection:
    """What an export takes.

    `documents`: "done" (the annotator marked them done), "open" (not marked done) or
    "all". `statuses` narrows the objects to those statuses (default: the gold ones, plus
    "suggested" with `include_suggestions`). Dates compare with the article's `published`
    date, inclusive.
    """

    annotator: str
    documents: str = "done"
    include_suggestions: bool = False
    statuses: tuple[str, ...] = ()
    outlet: str | None = None
    since: str | None = None
    until: str | None = None

    def __post_init__(self) -> None:
        if self.documents not in DOCUMENT_CHOICES:
            raise ValueError(
                f"documents must be one of {', '.join(DOCUMENT_CHOICES)}, not {self.documents!r}"
            )
        allowed = {str(s) for s in Status} - {str(Status.REJECTED)}
        if unknown := [s for s in self.statuses if s not in allowed]:
            raise ValueError(
                f"unknown status {unknown[0]!r}: choose from {', '.join(sorted(allowed))}"
            )
        if "suggested" in self.statuses and not self.include_suggestions:
            raise ValueError("status 'suggested' needs include_suggestions (--include-suggestions)")
        for day in (self.since, self.until):
            if day is not None and not _is_iso_date(day):
                raise ValueError(f"{day!r} is not a date as YYYY-MM-DD")

    def kept_statuses(self) -> set[Status]:
        if self.statuses:
            return {Status(s) for s in self.statuses}
        return {*GOLD, *([Status.SUGGESTED] if self.include_suggestions else [])}

    def describe(self) -> dict[str, Any]:
        """The selection as provenance records it (only what was set, plus the defaults)."""
        return {
            "annotator": self.annotator,
            "documents": self.documents,
            "include_suggestions": self.include_suggestions,
            "statuses": sorted(str(s) for s in self.kept_statuses()),
            **{k: v for k in ("outlet", "since", "until") if (v := getattr(self, k)) is not None},
        }


def _is_iso_date(day: str) -> bool:
    try:
        datetime.strptime(day, "%Y-%m-%d")
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Split:
    """Train / dev / test shares by document, reproducible from the seed."""

    shares: tuple[float, ...] = (0.8, 0.1, 0.1)
    seed: int = 0

    def __post_init__(self) -> None:
        if not 1 <= len(self.shares) <= len(SPLIT_NAMES):
            raise ValueError("a split has one to three shares (train, dev, test)")
        if any(s < 0 for s in self.shares) or abs(sum(self.shares) - 1) > 1e-6:
            raise ValueError("split shares are non-negative and add up to 1 (e.g. 0.8,0.1,0.1)")

    @classmethod
    def parse(cls, shares: str, seed: int = 0) -> Split:
        try:
            values = tuple(float(part) for part in shares.split(","))
        except ValueError:
            raise ValueError(f"{shares!r}: expected shares such as 0.8,0.1,0.1") from None
        return cls(values, seed)

    def assign(self, ids: list[str]) -> dict[str, list[str]]:
        """The ids of each part: shuffled with the seed (from id order, so the same corpus
        and seed always split alike), cut by the shares, each part back in id order."""
        order = sorted(ids)
        random.Random(self.seed).shuffle(order)
        parts: dict[str, list[str]] = {}
        start, total = 0, len(order)
        for index, (name, share) in enumerate(zip(SPLIT_NAMES, self.shares, strict=False)):
            last = index == len(self.shares) - 1
            end = total if last else start + round(share * total)
            parts[name] = sorted(order[start:end])
            start = end
        return parts


@dataclass
class ExportReport:
    """What an export wrote."""

    format: str
    files: list[Path] = field(default_factory=list)
    documents: int = 0
    statements: int = 0
    entities: int = 0
    parts: dict[str, int] = field(default_factory=dict)
    #: Things a data person should know (an annotator with no decisions, dropped overlaps …).
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{self.documents} documents, {self.statements} statements, "
            f"{self.entities} entities written as {self.format}"
        )
        if self.parts:
            text += " (" + ", ".join(f"{k} {v}" for k, v in self.parts.items()) + ")"
        return text


# ------------------------------------------------------------------------------ selecting


def gold_view(doc: Document, selection: Selection) -> Document:
    """`doc` with only the objects the selection keeps.

    Sources are kept when a kept statement speaks through them (or, with suggestions, all);
    a parent link to a statement left out is cleared, so no reference dangles.
    """
    keep = selection.kept_statuses()
    statements = [st for st in doc.statements if st.status in keep]
    ids = {st.id for st in statements}
    statements = [
        st if st.parent is None or st.parent in ids else replace(st, parent=None)
        for st in statements
    ]
    speakers = {st.source_id for st in statements}
    sources = [s for s in doc.sources if s.id in speakers or Status.SUGGESTED in keep]
    entities = [e for e in doc.entities if e.status in keep]
    return replace(doc, statements=statements, sources=sources, entities=entities)


def selected_documents(
    workspace: Workspace, selection: Selection, ids: Iterable[str], scope
) -> Iterator[Document]:
    """Each document of `ids` as the selection sees it, its provenance filled in."""
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    for doc_id in ids:
        doc = gold_view(workspace.load_document(doc_id, selection.annotator), selection)
        doc.provenance.tool = f"annotator {annotator.__version__}"
        doc.provenance.pipeline = scope.pipelines.get(doc_id) or doc.provenance.pipeline
        doc.provenance.exported_at = stamp
        doc.provenance.annotators = [selection.annotator] if doc_id in scope.decided else []
        doc.provenance.done_by = list(scope.done_by.get(doc_id, []))
        doc.provenance.filter = selection.describe()
        yield doc


# ------------------------------------------------------------------------------- writing


def export(
    workspace: Workspace,
    output: str | Path,
    selection: Selection,
    *,
    fmt: str = "jsonl",
    split: Split | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportReport:
    """Write the selection in `fmt` to `output` (a file, or a folder for brat).

    With `split`, one output per part beside `output` (`gold.train.jsonl` …). Raises
    `NothingToExport` (nothing written) when the annotator decided nothing and suggestions
    were not asked for, or when no document matches; `ExportCancelled` when cancelled.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose from {', '.join(EXPORT_FORMATS)}")
    scope = workspace.export_scope(
        selection.annotator,
        documents=selection.documents,
        outlet=selection.outlet,
        since=selection.since,
        until=selection.until,
    )
    report = ExportReport(fmt)
    who = selection.annotator
    if not scope.annotator_known:
        if not selection.include_suggestions:
            raise NothingToExport(
                f"{who} has made no decisions in this database: nothing exported "
                "(--annotator names whose work to export; --include-suggestions --documents "
                "all exports the model's suggestions)"
            )
        report.notes.append(f"{who} has made no decisions: this is the model's output only")
    if not scope.ids:
        hint = " (--documents all takes the others)" if selection.documents != "all" else ""
        what = {"done": f"marked done by {who}", "open": f"left open by {who}"}.get(
            selection.documents, "in the database"
        )
        raise NothingToExport(f"no documents {what} match the selection{hint}: nothing exported")
    target = Path(output)
    parts = split.assign(scope.ids) if split else {"": scope.ids}
    for name in parts:
        _check_replaceable(part_path(target, name) if name else target)
    total = len(scope.ids)
    done = 0

    def counted(docs: Iterable[Document]) -> Iterator[Document]:
        nonlocal done
        for doc in docs:
            if cancelled and cancelled():
                raise ExportCancelled
            report.documents += 1
            report.statements += len(doc.statements)
            report.entities += len(doc.entities)
            yield doc
            done += 1
            if progress:
                progress(done, total)

    with _staging(target) as stage:
        staged: list[tuple[Path, Path]] = []
        for name, ids in parts.items():
            final = part_path(target, name) if name else target
            path = stage / final.name
            docs = counted(selected_documents(workspace, selection, ids, scope))
            report.notes += write_format(fmt, docs, path)
            staged.append((path, final))
            if name:
                report.parts[name] = len(ids)
        manifest = stage / (target.name + ".provenance.json")
        _write_manifest(manifest, selection, split, parts, scope, fmt)
        staged.append((manifest, target.with_name(manifest.name)))
        for path, final in staged:
            _move_into_place(path, final)
            report.files.append(final)
    return report


def part_path(target: Path, part: str) -> Path:
    """Where one split part goes: `gold.jsonl` → `gold.train.jsonl`, `brat/` → `brat.train/`."""
    if target.suffix:
        return target.with_name(f"{target.stem}.{part}{target.suffix}")
    return target.with_name(f"{target.name}.{part}")


def write_format(fmt: str, docs: Iterable[Document], path: Path) -> list[str]:
    """Write `docs` to `path` in `fmt`; returns notes about what a format could not hold."""
    if fmt == "spacy":
        from annotator.formats.docbin import write_docbin

        return write_docbin(docs, path)
    if fmt == "brat":
        from annotator.formats.brat_writer import write_brat_corpus

        write_brat_corpus(docs, path)
        return []
    with _text_file(path) as out:
        if fmt == "jsonl":
            from annotator.formats.jsonl import write_documents

            write_documents(docs, out)
            return []
        if fmt == "csv":
            from annotator.formats.csv_table import write_statements_csv

            write_statements_csv(docs, out)
            return []
        if fmt == "conll":
            from annotator.formats.conll import write_conll

            return write_conll(docs, out)
        from annotator.formats.claimreview import write_claimreview

        if write_claimreview(docs, out):
            return []
        return ["no statement in the selection has a verdict: the ClaimReview graph is empty"]


@contextmanager
def _text_file(path: Path) -> Iterator[IO[str]]:
    """A new UTF-8 file, flushed to disk when the block completes.

    Opened through `os.fdopen` like every output file (`services/output.py`), so a full disk
    fails here the same way; `newline=""` lets the CSV writer end rows as RFC 4180 says.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
    try:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
    finally:
        with suppress(OSError):  # a full disk fails the close too; the staging folder goes
            handle.close()


def _write_manifest(path, selection, split, parts, scope, fmt) -> None:
    manifest = {
        "tool": f"annotator {annotator.__version__}",
        "format": fmt,
        "exported_at": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "filter": selection.describe(),
        "split": None if split is None else {"shares": list(split.shares), "seed": split.seed},
        "documents": {
            name or "all": [
                {
                    "id": doc_id,
                    "pipeline": scope.pipelines.get(doc_id),
                    "annotators": [selection.annotator] if doc_id in scope.decided else [],
                    "done_by": scope.done_by.get(doc_id, []),
                }
                for doc_id in ids
            ]
            for name, ids in parts.items()
        },
    }
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


class _staging:
    """A temporary folder beside `target`, removed afterwards whatever happened."""

    def __init__(self, target: Path):
        self.target = target

    def __enter__(self) -> Path:
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self.path = Path(
                tempfile.mkdtemp(prefix=f".{self.target.name}.", dir=self.target.parent)
            )
        except OSError as exc:
            raise output_error(exc, self.target) from exc
        return self.path

    def __exit__(self, exc_type, exc, tb) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise output_error(exc, self.target) from exc


#: What a brat export's folder holds: an older one may be replaced whole, nothing else.
BRAT_FOLDER_ENTRIES = {"text", "attributions", "annotation.conf"}


def _check_replaceable(final: Path) -> None:
    """Refuse to replace a folder that is not an earlier export (a user's folder picked by
    mistake must never be emptied): an empty folder or a brat export's may go."""
    if final.is_dir() and not final.is_symlink():
        entries = {entry.name for entry in final.iterdir()}
        if entries and not entries <= BRAT_FOLDER_ENTRIES:
            raise OutputError(
                None,
                f"{final} is a folder with other files in it: choose a new or empty folder "
                "(an earlier brat export there would be replaced)",
            )
    elif final.is_symlink() and final.is_dir():
        raise OutputError(None, f"{final} is a link to a folder: choose a new or empty folder")


def _move_into_place(path: Path, final: Path) -> None:
    """Rename a finished file or folder over its target (an old folder is replaced whole)."""
    try:
        if path.is_dir() and final.is_dir():
            old = final.with_name(f".{final.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(final, old)
            os.replace(path, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(path, final)
    except OSError as exc:
        raise output_error(exc, final) from exc


def export_jsonl(workspace: Workspace, output: str | Path, annotator: str | None = None) -> int:
    """Every document as `annotator` sees it (suggestions included), as JSONL.

    The widest selection, kept for callers that want the whole view; returns the number of
    documents written.
    """
    selection = Selection(annotator or workspace.user, documents="all", include_suggestions=True)
    try:
        return export(workspace, output, selection).documents
    except NothingToExport:
        return 0
