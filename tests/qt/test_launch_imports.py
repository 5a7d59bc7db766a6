"""What the window imports before it shows a document: no spaCy (the model's worker imports
it once the first document is painted), no migration machinery for a current database, and
none of what only a menu item needs (file formats, dialogs, the version from the
package metadata)."""

import subprocess
import sys

from child_processes import child_environment

PROBE = """
import sys
from annotator.cli import main  # as `python -m annotator` starts
from annotator.qt.main_window import MainWindow
from annotator.services.workspace import Workspace
Workspace.open(sys.argv[1], "dana").close()
heavy = ("spacy", "thinc", "torch", "alembic", "mako", "pygments")
later = (
    "annotator.formats.jsonl", "annotator.formats.schema", "annotator.services.exporting",
    "annotator.qt.import_dialog", "annotator.qt.export_dialog", "annotator.qt.about_dialog",
)
found = {name.split(".")[0] for name in sys.modules} & set(heavy)
if "__version__" in vars(sys.modules["annotator"]):  # read from the package metadata
    found.add("annotator.__version__")
print(sorted(found | (set(sys.modules) & set(later))))
"""


def test_the_window_and_a_current_database_import_only_what_the_first_paint_needs(tmp_path):
    database = str(tmp_path / "db.sqlite3")
    from annotator.services.workspace import Workspace

    Workspace.open(database, "dana").close()  # created and migrated beforehand
    done = subprocess.run(
        [sys.executable, "-c", PROBE, database],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=child_environment(),
    )
    assert done.stdout.strip() == "[]"
