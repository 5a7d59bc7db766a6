"""Write a brat standoff corpus in the layout `formats/brat.py` reads (as PolNeAR's).

`text/<id>.txt` holds the article exactly (offsets are code points, as brat counts them),
`attributions/<id>_<annotator>.ann` its statements: a `Source`, `Cue`, `Content` (fragments
joined by `;`) and `Attribution` trigger per statement, tied by an `E` line; the source's
anonymity and the statement's kind as `A` attributes; entities as `T` lines with their label.
`annotation.conf` at the top declares every type so the corpus opens in brat as it is.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from annotator.core.model import Anonymity, Document, Span, StatementKind

_UNSAFE = re.compile(r"[^A-Za-z0-9.\-]+")


def safe_name(name: str) -> str:
    """A file-name-safe form of an id or annotator name (no `_`: it separates the two);
    a name that had to change gets a short hash, so two ids never share a file."""
    cleaned = _UNSAFE.sub("-", name).strip(".-") or "document"
    if cleaned == name:
        return name
    return f"{cleaned[:80]}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def _doc_file_name(doc_id: str) -> str:
    # Underscores are fine in an article's name: the reader splits the annotator off at the last.
    cleaned = re.sub(r"[^A-Za-z0-9._\-]+", "-", doc_id).strip(".-") or "document"
    if cleaned == doc_id:
        return doc_id
    return f"{cleaned[:80]}-{hashlib.sha256(doc_id.encode()).hexdigest()[:8]}"


def _fragments(spans: Iterable[Span]) -> tuple[str, str]:
    spans = sorted(spans, key=lambda s: s.start)
    return ";".join(f"{s.start} {s.end}" for s in spans), " ".join(s.text for s in spans)


def ann_text(doc: Document) -> str:
    """The `.ann` file of one document."""
    lines: list[str] = []
    numbers = {"T": 0, "E": 0, "A": 0}

    def next_id(kind: str) -> str:
        numbers[kind] += 1
        return f"{kind}{numbers[kind]}"

    def text_bound(label: str, spans: Iterable[Span]) -> str:
        tid = next_id("T")
        offsets, covered = _fragments(spans)
        lines.append(f"{tid}\t{label} {offsets}\t{covered}")
        return tid

    for st in doc.statements:
        args = []
        source_tid = None
        if st.source is not None:
            source_tid = text_bound("Source", [st.source])
        cue_tid = text_bound("Cue", [st.cue])
        content_tid = text_bound("Content", st.content)
        trigger = text_bound("Attribution", [st.cue])
        args = [f"Attribution:{trigger}", f"Cue:{cue_tid}", f"Content:{content_tid}"]
        if source_tid:
            args.append(f"Source:{source_tid}")
        eid = next_id("E")
        lines.append(f"{eid}\t{' '.join(args)}")
        lines.append(f"{next_id('A')}\tKind {eid} {st.kind}")
        speaker = doc.source_by_id(st.source_id)
        if source_tid and speaker is not None:
            lines.append(f"{next_id('A')}\tAnonymity {source_tid} {speaker.anonymity}")
    for entity in doc.entities:
        text_bound(entity.label, [entity.span])
    return "".join(line + "\n" for line in lines)


def annotation_conf(entity_labels: Iterable[str]) -> str:
    """brat's type declarations for what `ann_text` writes."""
    labels = "\n".join(sorted(set(entity_labels)))
    return (
        "[entities]\nSource\nCue\nContent\n"
        + (labels + "\n" if labels else "")
        + "[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"
        + "[events]\nAttribution\tCue:Cue, Content:Content, Source?:Source\n"
        + "[attributes]\n"
        + f"Kind\tArg:Attribution, Value:{'|'.join(k.value for k in StatementKind)}\n"
        + f"Anonymity\tArg:Source, Value:{'|'.join(a.value for a in Anonymity)}\n"
    )


def write_brat_corpus(docs: Iterable[Document], folder: Path) -> int:
    """Write `docs` into a new corpus folder; returns how many were written.

    The annotator in each file name is the first one the document's provenance names
    ("gold" when none did).
    """
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    labels: set[str] = set()
    count = 0
    for doc in docs:
        name = _doc_file_name(doc.id)
        who = safe_name(doc.provenance.annotators[0]) if doc.provenance.annotators else "gold"
        with open(folder / "text" / f"{name}.txt", "w", encoding="utf-8", newline="") as out:
            out.write(doc.text)
        ann = folder / "attributions" / f"{name}_{who}.ann"
        with open(ann, "w", encoding="utf-8", newline="") as out:
            out.write(ann_text(doc))
        labels.update(e.label for e in doc.entities)
        count += 1
    (folder / "annotation.conf").write_text(annotation_conf(labels), encoding="utf-8")
    return count
