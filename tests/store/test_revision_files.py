"""The migration graph read from the files (at every start, without Alembic) is Alembic's."""

import subprocess
import sys

from alembic.script import ScriptDirectory

from annotator.store import migrate


def test_head_and_known_revisions_agree_with_alembic():
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == scripts.get_current_head()
    assert migrate.known_revisions() == {rev.revision for rev in scripts.walk_revisions()}
    assert migrate.revision_parents() == {
        rev.revision: rev.down_revision for rev in scripts.walk_revisions()
    }


def test_opening_a_current_database_imports_no_alembic(tmp_path):
    from annotator.services.workspace import Workspace

    Workspace.open(str(tmp_path / "db.sqlite3"), "dana").close()  # created and migrated
    probe = (
        "import sys; from annotator.services.workspace import Workspace; "
        f"Workspace.open({str(tmp_path / 'db.sqlite3')!r}, 'dana').close(); "
        "print(sorted(m for m in sys.modules if m.startswith(('alembic', 'mako'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
