"""Write the database's documents out as datasets."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from annotator import __version__
from annotator.formats import jsonl
from annotator.services.output import atomic_text_file

if TYPE_CHECKING:
    from annotator.services.workspace import Workspace

EXPORT_FORMATS = ("jsonl",)


def export_jsonl(workspace: Workspace, output: str | Path, annotator: str | None = None) -> int:
    """Write every document as the given annotator sees it (default: the workspace's user).

    Returns the number of documents written; the file appears only once complete.
    """
    who = annotator or workspace.user
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    count = 0
    with atomic_text_file(output) as out:
        for doc in workspace.iter_documents(annotator=who):
            doc.provenance.tool = f"annotator {__version__}"
            doc.provenance.exported_at = stamp
            if who not in doc.provenance.annotators:
                doc.provenance.annotators.append(who)
            out.write(jsonl.dumps(doc) + "\n")
            count += 1
    return count
