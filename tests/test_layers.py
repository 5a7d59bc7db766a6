"""The Qt-free layers never import PySide6, directly or through anything they import."""

import subprocess
import sys
from pathlib import Path

import pytest
from child_processes import child_environment

import annotator

#: The package under test (a checkout's or an installed one), as the children import it.
PACKAGE = Path(annotator.__file__).resolve().parent
QT_FREE_LAYERS = ["core", "nlp", "store", "formats", "services"]


def modules_of(layer: str) -> list[str]:
    return sorted(
        ".".join(("annotator", *p.relative_to(PACKAGE).with_suffix("").parts))
        for p in (PACKAGE / layer).rglob("*.py")
        if "migrations" not in p.parts
    )


@pytest.mark.parametrize("layer", QT_FREE_LAYERS)
def test_qt_free_layer_never_imports_pyside(layer, tmp_path):
    modules = modules_of(layer)
    assert modules, f"layer {layer} has no modules"
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=child_environment(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{layer} pulls in {result.stdout.strip()}"


def test_the_check_notices_a_qt_import(tmp_path):
    """Guard the guard: the same subprocess check sees PySide6 when it is imported."""
    code = "import sys, PySide6.QtCore\nprint(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "True"
