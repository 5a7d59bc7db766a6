"""Brat standoff attribution corpora (PolNeAR): gold statements read from `.ann` files.

A corpus folder holds `text/<article>.txt` and `attributions/<article>_<annotator>.ann`.
`T` lines are text-bound spans (`T9<TAB>Content 315 448;463 553<TAB>text`), `E` lines are the
attribution relations (`E3<TAB>Attribution:T12 Cue:T11 Source:T10 Content:T9`) and may name
`T` ids defined further down. A span's text may itself contain line breaks, so a line that
does not start a record continues the one before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.core.model import (
    Document,
    Entity,
    Origin,
    Span,
    Statement,
    StatementKind,
    Status,
)
from annotator.formats.jsonl import FormatError
from annotator.formats.text import decode

_RECORD_START = re.compile(r"^(?:[TEARMN]\d+|#\d*|\*)\t")
_OFFSET = re.compile(r"[0-9]+")  # ASCII digits only: str.isdigit() also takes "²"
_RELATION_TYPES = ("Attribution", "Attribution-no-source")
_QUOTES = '"“”«»„‟'


@dataclass(frozen=True, slots=True)
class TextBound:
    """A `T` line: a label and one or more fragments of the text."""

    label: str
    fragments: tuple[Span, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Relation:
    """An `E` line: its type and role → `T` id arguments, in file order."""

    kind: str
    arguments: tuple[tuple[str, str], ...]
    line: int
    #: The `E` id, which attribute lines (`A1<TAB>Kind E3 direct`) refer to.
    id: str = ""


def _records(ann_text: str) -> Iterator[tuple[int, str]]:
    """(first line number, record) pairs; continuation lines are joined back with "\\n"."""
    number, record = 0, None
    for index, line in enumerate(ann_text.split("\n"), start=1):
        if _RECORD_START.match(line):
            if record is not None:
                yield number, record
            number, record = index, line
        elif record is not None:
            record += "\n" + line
        elif line.strip():
            raise FormatError(f"not a brat record: {line[:40]!r}", line=index)
    if record is not None:
        yield number, record.removesuffix("\n")


def _parse_fragments(offsets: str, text: str) -> tuple[Span, ...]:
    fragments = []
    for part in offsets.split(";"):
        bounds = part.split()
        if len(bounds) != 2 or not all(_OFFSET.fullmatch(b) for b in bounds):
            raise FormatError(f"bad offsets {part!r}: expected 'start end'")
        start, end = int(bounds[0]), int(bounds[1])
        if not 0 <= start <= end <= len(text):
            raise FormatError(f"span {start}-{end} lies outside the text ({len(text)} chars)")
        fragments.append(Span.of(text, start, end))
    return tuple(fragments)


def _parse_text_bound(record: str, text: str, line: int) -> tuple[str, TextBound]:
    parts = record.split("\t", 2)
    if len(parts) != 3 or " " not in parts[1]:
        raise FormatError("a T line needs 'id<TAB>Label start end<TAB>text'")
    label, offsets = parts[1].split(" ", 1)
    fragments = _parse_fragments(offsets, text)
    expected = " ".join(f.text for f in fragments)
    if parts[2] != expected:
        raise FormatError(f"says {parts[2][:40]!r} but the text there is {expected[:40]!r}")
    return parts[0], TextBound(label, fragments, line)


def _parse_relation(record: str, line: int) -> Relation:
    parts = record.split("\t")
    if len(parts) < 2 or not parts[1].strip():
        raise FormatError("an E line needs 'id<TAB>Type:T1 Role:T2 …'")
    arguments = []
    for item in parts[1].split():
        role, sep, target = item.partition(":")
        if not sep or not target:
            raise FormatError(f"bad argument {item!r}: expected 'Role:Tn'")
        arguments.append((role, target))
    kind = arguments[0][0]
    return Relation(kind, tuple(arguments[1:]), line, parts[0])


def parse_ann(ann_text: str, text: str, path: str | Path | None = None):
    """The text-bound spans (by id) and relations of one `.ann` file.

    Raises `FormatError` naming the file and line of the first broken record.
    """
    spans: dict[str, TextBound] = {}
    relations: list[Relation] = []
    try:
        records = list(_records(ann_text))
    except FormatError as exc:
        raise FormatError(exc.reason, path, exc.line) from None
    for line, record in records:
        try:
            if record.startswith("T"):
                tid, bound = _parse_text_bound(record, text, line)
                spans[tid] = bound
            elif record.startswith("E"):
                relations.append(_parse_relation(record, line))
        except FormatError as exc:
            raise FormatError(exc.reason, path, line) from None
    return spans, relations


def _extent(fragments: tuple[Span, ...], text: str) -> Span:
    """One span covering every fragment (sources and cues are almost always one piece)."""
    return Span.of(text, min(f.start for f in fragments), max(f.end for f in fragments))


def statement_kind(content: list[Span]) -> StatementKind:
    """Direct when every fragment is a quotation, mixed when some quote is inside, else indirect."""
    stripped = [c.text.strip().rstrip(".,;:") for c in content]
    if stripped and all(s[:1] in _QUOTES and s[-1:] in _QUOTES for s in stripped if s):
        return StatementKind.DIRECT
    if any(ch in _QUOTES for s in stripped for ch in s):
        return StatementKind.MIXED
    return StatementKind.INDIRECT


def _relation_statement(
    relation: Relation, spans: dict[str, TextBound], text: str, path: str | Path | None
) -> Statement | None:
    """The gold statement of one relation, or None when it has no content or cue."""
    roles: dict[str, list[Span]] = {}
    for role, target in relation.arguments:
        if target not in spans:
            raise FormatError(f"refers to {target}, which no T line defines", path, relation.line)
        roles.setdefault(role.rstrip("0123456789"), []).extend(spans[target].fragments)
    cue = roles.get("Cue") or roles.get("Attribution")
    if not roles.get("Content") or not cue:
        return None  # an unfinished annotation: nothing a reader could check
    content = sorted(roles["Content"], key=lambda s: s.start)
    source = roles.get("Source") if relation.kind == "Attribution" else None
    return Statement(
        id="",
        cue=_extent(tuple(cue), text),
        content=content,
        source=_extent(tuple(source), text) if source else None,
        kind=statement_kind(content),
        status=Status.ACCEPTED,
        origin=Origin.HUMAN,
    )


def read_brat(text_path: str | Path, ann_path: str | Path) -> Document:
    """A `Document` whose statements are the gold attributions of `ann_path`.

    Statement ids are "q1", "q2", … in text order of their cues; the annotator is the
    suffix of the `.ann` file name (`<article>_<annotator>.ann`).
    """
    text_path, ann_path = Path(text_path), Path(ann_path)
    text = _read(text_path)
    ann_text = _read(ann_path)
    spans, relations = parse_ann(ann_text, text, ann_path)
    annotator = ann_path.stem.rsplit("_", 1)[-1] if "_" in ann_path.stem else None
    kinds = _kind_attributes(ann_text)
    statements = []
    for relation in relations:
        if relation.kind in _RELATION_TYPES:
            st = _relation_statement(relation, spans, text, ann_path)
            if st is not None:
                st.kind = kinds.get(relation.id, st.kind)  # as written, over the guess
                statements.append(st)
    statements.sort(key=lambda st: (st.cue.start, st.cue.end))
    for number, st in enumerate(statements, start=1):
        st.id = f"q{number}"
        st.annotator = annotator
    doc = Document(id=text_path.stem, text=text, statements=statements)
    doc.entities = _entities(spans, annotator)
    doc.provenance.annotators = [annotator] if annotator else []
    return doc


#: Labels of the attribution scheme; any other single-span `T` line is a named entity.
_ROLE_LABELS = {"Source", "Cue", "Content", "Attribution"}


def _entities(spans: dict[str, TextBound], annotator: str | None) -> list[Entity]:
    """Named entities of the file (this app's brat export writes them as `T` lines with
    their label), one per span, in text order."""
    found: dict[tuple[int, int], Entity] = {}
    for bound in spans.values():
        if bound.label in _ROLE_LABELS or len(bound.fragments) != 1:
            continue
        span = bound.fragments[0]
        if span.start < span.end and (span.start, span.end) not in found:
            found[span.start, span.end] = Entity(
                span.start, span.end, span.text, bound.label,
                Status.ACCEPTED, Origin.HUMAN, annotator,
            )  # fmt: skip
    return [found[key] for key in sorted(found)]


_KIND_ATTRIBUTE = re.compile(
    r"^A\d+\tKind (E\d+) (" + "|".join(k.value for k in StatementKind) + r")$", re.MULTILINE
)


def _kind_attributes(ann_text: str) -> dict[str, StatementKind]:
    """The `Kind` attribute of each relation that has one (this app's brat export writes
    it); other corpora leave the kind to `statement_kind`'s reading of the quotes."""
    return {m[1]: StatementKind(m[2]) for m in _KIND_ATTRIBUTE.finditer(ann_text)}


def _read(path: Path) -> str:
    """A brat file's text: UTF-8 as brat writes it (a byte-order mark kept, since brat counts
    it), else decoded like any article, refused rather than guessed: offsets count
    characters, so a wrong decoding would shift every span."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode(data, str(path)).text


def is_brat_corpus(path: str | Path) -> bool:
    """True when `path` is a folder with `text/` and `attributions/` inside."""
    path = Path(path)
    return (path / "text").is_dir() and (path / "attributions").is_dir()


def iter_brat_corpus(folder: str | Path) -> Iterator[Document]:
    """One `Document` per article of a corpus folder, from the first `.ann` in name order.

    Articles without any `.ann` file are skipped: they have no gold to compare with.
    """
    folder = Path(folder)
    if not is_brat_corpus(folder):
        raise FormatError("expected a folder with text/ and attributions/", folder)
    annotations = sorted((folder / "attributions").glob("*.ann"))
    for text_path in sorted((folder / "text").glob("*.txt")):
        ann = next((a for a in annotations if a.stem.rsplit("_", 1)[0] == text_path.stem), None)
        if ann is not None:
            yield read_brat(text_path, ann)
