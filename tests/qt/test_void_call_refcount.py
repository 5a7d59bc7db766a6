"""Guard against the PySide6 6.12.0 / Python 3.11 crash.

That release decrements `None`'s reference count on every call that returns nothing; after a
few thousand such calls the interpreter frees `None` and dies. pyproject.toml keeps 6.12.0 off
Python 3.11; this test fails if a build with that bug comes back.
"""

import subprocess
import sys
import textwrap

CALLS = 50_000

SCRIPT = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtCore import QCoreApplication, QObject, QSize

    app = QCoreApplication([])
    obj, size = QObject(), QSize(1, 1)
    before = sys.getrefcount(None)
    for i in range({CALLS}):
        obj.setObjectName("x")        # void
        size.setWidth(i % 7)          # void
        obj.blockSignals(False)       # returns a bool, for contrast
    after = sys.getrefcount(None)
    print(before - after)
    """
)


def test_many_void_qt_calls_leave_the_interpreter_alive():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"interpreter died ({result.returncode}): {result.stderr}"
    lost = int(result.stdout.strip())
    # A healthy build loses no references to None (Python 3.12+ makes it immortal anyway).
    assert lost < CALLS // 10, f"None lost {lost} references over {CALLS} void calls"
