"""Output files appear whole or not at all; a failed write says why, and leaves nothing."""

from __future__ import annotations

import errno

import pytest
from failing_storage import disk_fills_after, files_in, full_disk, read_only_folder
from workspace_fixtures import PIPELINE, seed_document

from annotator.services.exporting import export_jsonl
from annotator.services.output import OutputError, atomic_text_file
from annotator.services.workspace import Workspace


@pytest.fixture
def workspace(tmp_path):
    """Twenty documents: an export of about 150 kB."""
    with Workspace.open(str(tmp_path / "annotations.sqlite3"), "dana") as ws:
        for n in range(20):
            doc = seed_document()
            doc.id = f"doc{n:02}"
            ws.add_document(doc, pipeline=PIPELINE)
        yield ws


def test_a_full_disk_during_export_leaves_nothing_and_says_so(workspace, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    disk_fills_after(monkeypatch, room=30_000)
    with pytest.raises(OutputError) as error:
        export_jsonl(workspace, out / "export.jsonl")
    assert error.value.errno == errno.ENOSPC
    assert str(error.value) == (
        f"the disk is full: {out / 'export.jsonl'} was not written. "
        "Free some space, then try again."
    )
    assert files_in(out) == []


def test_a_failed_export_keeps_the_previous_file(workspace, tmp_path, monkeypatch):
    previous = tmp_path / "export.jsonl"
    previous.write_text("last week's export\n")
    disk_fills_after(monkeypatch, room=30_000)
    with pytest.raises(OutputError):
        export_jsonl(workspace, previous)
    assert previous.read_text() == "last week's export\n"
    assert [name for name in files_in(tmp_path) if "sqlite3" not in name] == ["export.jsonl"]


def test_a_real_full_disk_during_export(workspace, tmp_path):
    with full_disk(tmp_path / "small", size="64k") as small:
        with pytest.raises(OutputError, match="the disk is full"):
            export_jsonl(workspace, small / "export.jsonl")
        assert files_in(small) == []


def test_an_export_into_a_read_only_folder_says_so(workspace, tmp_path):
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    with read_only_folder(shelf) as folder:
        with pytest.raises(OutputError, match="read-only or you may not write in it"):
            export_jsonl(workspace, folder / "export.jsonl")
        assert files_in(folder) == []


def test_errors_of_the_callers_block_pass_through_unchanged(tmp_path):
    with pytest.raises(PermissionError), atomic_text_file(tmp_path / "x.txt") as out:
        out.write("half")
        raise PermissionError(errno.EACCES, "an input we could not read")
    assert files_in(tmp_path) == []
