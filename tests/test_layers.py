"""The Qt-free layers never import PySide6, directly or through anything they import."""

import json
import subprocess
import sys
from pathlib import Path

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


#: Run in a fresh interpreter: imports the layers one after another and names the first
#: after which PySide6 (or shiboken6) is loaded; the layers before it did not load it.
CHECK = """
import importlib, json, sys
for layer, modules in json.loads(sys.argv[1]):
    for name in modules:
        importlib.import_module(name)
    if any(m.split(".")[0] in ("PySide6", "shiboken6") for m in sys.modules):
        print(layer)
        break
"""


def test_qt_free_layers_never_import_pyside(tmp_path):
    """One interpreter for all the layers (each its own would start five)."""
    layers = [(layer, modules_of(layer)) for layer in QT_FREE_LAYERS]
    assert all(modules for _layer, modules in layers), layers
    result = subprocess.run(
        [sys.executable, "-c", CHECK, json.dumps(layers)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=child_environment(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{result.stdout.strip()} pulls in PySide6"


def test_the_check_notices_a_qt_import(tmp_path):
    """Guard the guard: the same subprocess check sees PySide6 when it is imported."""
    layers = [("core", ["annotator.core.model"]), ("a Qt layer", ["PySide6.QtCore"])]
    result = subprocess.run(
        [sys.executable, "-c", CHECK, json.dumps(layers)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=child_environment(),
    )
    assert result.stdout.strip() == "a Qt layer", result.stderr
