"""What another process writes reaches an open workspace: imports show up in the corpus
stamp and the counts, also after a second workspace was opened on the file in this process
(whose start once read the file's header with a plain open/close, which drops SQLite's POSIX
locks: another process then checkpointed the log away under us and we read stale pages)."""

import subprocess
import sys
from pathlib import Path

from annotator.core.model import Document
from annotator.services.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
IMPORT = """
import sys
from annotator.core.model import Document
from annotator.services.workspace import Workspace
with Workspace.open(sys.argv[1], "ali") as ws:
    ws.add_document(Document(id=sys.argv[2], text="Ministers said it is late."))
"""


def import_elsewhere(db: Path, doc_id: str) -> None:
    subprocess.run([sys.executable, "-c", IMPORT, str(db), doc_id], check=True, cwd=ROOT)


def test_another_process_import_moves_the_stamp_and_the_count(tmp_path):
    db = tmp_path / "a.sqlite3"
    with Workspace.open(db, "dana") as first:
        first.add_document(Document(id="a", text="Officials said talks failed."))
        stamp = first.corpus_stamp()
        with Workspace.open(db, "dana") as second:  # e.g. a test's second window
            assert second.document_count() == 1
            stamp = first.corpus_stamp()
            import_elsewhere(db, "b")
            assert first.corpus_stamp() != stamp
            assert first.document_count() == 2 == second.document_count()
            assert [d.id for d in first.list_documents(sort="title")] == ["b", "a"]
        import_elsewhere(db, "c")
        assert first.document_count() == 3
        assert first.outlets() == []
