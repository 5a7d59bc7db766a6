"""What the window imports before it shows a document: no spaCy (the model's worker imports
it once the first document is painted) and no migration machinery for a current database."""

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
print(sorted({name.split(".")[0] for name in sys.modules} & set(heavy)))
"""


def test_the_window_and_a_current_database_import_no_spacy_and_no_alembic(tmp_path):
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
