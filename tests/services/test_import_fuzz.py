"""Import as a whole, fuzzed: a folder of good, mutated, type-confused and binary files.

Whatever the batch holds, the import never crashes, every good file arrives, every stored
document is whole (its text and every annotation, as read), and every other input is either
stored whole or reported by file. The example budget and the long-run command are in
tests/fuzzing.py.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from fuzzing import documents, dumped, fuzz_imports, json_values, mutated_bytes, mutated_objects
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.model import Document
from annotator.formats import jsonl
from annotator.formats.jsonl import FormatError
from annotator.services.corpus import import_documents, read_inputs
from annotator.services.workspace import Workspace

KINDS = [
    "good text",
    "good jsonl",
    "mutated jsonl",
    "confused jsonl",
    "binary",
    "damaged text",
    "good csv",
    "mutated csv",
    "good html",
    "mutated html",
    "prodigy",
]
PAGE = (
    "<html><head><script>x()</script></head><body><article><p>The engineer said on Monday "
    "that the {} dam would open in June, after years of delays that angered farmers.</p>"
    "</article></body></html>"
)


@st.composite
def batches(draw) -> list[tuple[str, bytes, list[str]]]:
    """Files as (name, bytes, ids of the good documents they hold)."""
    files = []
    for number in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(KINDS))
        stem = f"f{number}"
        if kind == "good text":
            text = draw(st.text(st.characters(codec="utf-8", exclude_characters="\x00\ufeff")))
            files.append((f"{stem}.txt", f"Officials said {text}".encode(), [stem]))
        elif kind == "good jsonl":
            docs = [draw(documents(doc_id=f"{stem}-d{i}")) for i in range(draw(st.integers(1, 3)))]
            data = b"".join(jsonl.dumps(doc).encode() + b"\n" for doc in docs)
            files.append((f"{stem}.jsonl", data, [doc.id for doc in docs]))
        elif kind in ("mutated jsonl", "confused jsonl"):
            good = draw(documents(doc_id=f"{stem}-good"))
            obj = jsonl.document_to_dict(draw(documents(doc_id=f"mutant-{stem}")))
            broken = (
                dumped(draw(mutated_objects(obj)), draw)
                if kind == "confused jsonl"
                else draw(mutated_bytes(jsonl.dumps(jsonl.document_from_dict(obj)).encode()))
            )
            lines = [broken, jsonl.dumps(good).encode(), dumped(draw(json_values()), draw)]
            files.append((f"{stem}.jsonl", b"\n".join(lines) + b"\n", [good.id]))
        elif kind == "binary":
            files.append((f"{stem}.txt", draw(st.binary(max_size=200)), []))
        elif kind == "good csv":
            words = draw(st.text(st.characters(codec="utf-8", exclude_characters="\x00\r")))
            row = '"' + f"Officials said {words}".replace('"', '""') + '"'
            files.append((f"{stem}.csv", f"id,text\n{stem}-r,{row}\n".encode(), [f"{stem}-r"]))
        elif kind == "mutated csv":
            data = f"id,text\n{stem}-m,The mayor said {stem} was closed.\n".encode()
            files.append((f"{stem}.csv", draw(mutated_bytes(data)), []))
        elif kind == "good html":
            files.append((f"{stem}.html", PAGE.format(stem).encode(), [stem]))
        elif kind == "mutated html":
            files.append((f"{stem}.htm", draw(mutated_bytes(PAGE.format(stem).encode())), []))
        elif kind == "prodigy":
            task = {"text": f"Ana said {stem}.", "spans": [{"start": 0, "end": 3, "label": "P"}],
                    "meta": {"id": f"{stem}-p"}}  # fmt: skip
            mutant = {**task, "meta": {"id": f"mutant-{stem}"}}  # never the good task's id
            lines = [json.dumps(task).encode(), dumped(draw(mutated_objects(mutant)), draw)]
            files.append((f"{stem}.jsonl", b"\n".join(lines) + b"\n", [f"{stem}-p"]))
        else:
            data = draw(mutated_bytes(f"The mayor said {stem} was déjà closed.".encode()))
            files.append((f"{stem}.txt", data, []))
    return files


def _whole(workspace: Workspace, read: Document) -> bool:
    """Everything that was read is stored: the text and every annotation's identity.

    An imported decision belongs to the annotator it names, so the stored document is the
    union of the views of everyone the document names (and of the importing user).
    """
    people = {"dana"} | {x.annotator for x in [*read.statements, *read.entities] if x.annotator}
    views = [workspace.load_document(read.id, annotator=person) for person in people]
    return (
        all(view.text == read.text for view in views)
        and {s.id for v in views for s in v.statements} == {s.id for s in read.statements}
        and {s.id for v in views for s in v.sources} == {s.id for s in read.sources}
        and {(e.start, e.end) for v in views for e in v.entities}
        == {(e.start, e.end) for e in read.entities}
    )


_TEMPLATE = Path(tempfile.mkdtemp(prefix="fuzz-template-"), "empty.sqlite3")
atexit.register(shutil.rmtree, _TEMPLATE.parent, ignore_errors=True)


def _fresh_database(folder: Path) -> str:
    """An empty, migrated database: a copy of one made once (migrating costs 0.2 s)."""
    if not _TEMPLATE.exists():
        Workspace.open(str(_TEMPLATE), "dana").close()
    shutil.copyfile(_TEMPLATE, folder / "fuzz.sqlite3")
    return str(folder / "fuzz.sqlite3")


@fuzz_imports
@given(st.data(), st.booleans())
@pytest.mark.slow  # many generated imports
def test_an_import_of_any_batch_keeps_the_good_files_and_stores_only_whole_documents(
    data, accept_damaged
):
    files = data.draw(batches())
    with tempfile.TemporaryDirectory(prefix="fuzz-import-") as folder:
        inputs = Path(folder, "in")
        inputs.mkdir()
        for name, content, _ in files:
            (inputs / name).write_bytes(content)
        read = list(read_inputs([inputs], accept_damaged=accept_damaged))
        with Workspace.open(_fresh_database(Path(folder)), "dana") as workspace:
            report = import_documents(
                workspace, read_inputs([inputs], accept_damaged=accept_damaged)
            )
            good = [doc_id for _, _, ids in files for doc_id in ids]
            # An article whose text is already stored under another id is said, not stored.
            twins = {doc_id for doc_id, _ in report.duplicates}
            assert set(good) <= set(report.imported) | twins, report.errors
            assert workspace.document_count() == len(report.imported)
            docs = {item.id: item for item in read if isinstance(item, Document)}
            for doc_id in report.imported:
                assert _whole(workspace, docs[doc_id])
    for error in report.errors:
        assert isinstance(error, FormatError) and error.path
        assert error.path.startswith(str(inputs)) or error.path in docs
    assert "please report it" not in " ".join(map(str, report.errors))  # no reader bug
