"""The import contracts of docs/ARCHITECTURE.md hold (pyproject.toml, [tool.importlinter]).

import-linter builds the graph of every import in `annotator` (the package this session
imports: a checkout's or an installed one) and checks each contract on it; a broken one
is printed with the chain of imports that breaks it.
"""

import tomllib
from pathlib import Path

from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def contracts() -> list[dict]:
    return tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]


def test_every_import_contract_is_kept(capsys):
    status = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    assert status == EXIT_STATUS_SUCCESS, capsys.readouterr().out


def test_the_contracts_cover_every_layer_and_the_rules_the_architecture_names():
    by_id = {contract["id"]: contract for contract in contracts()}
    for layer in ("core", "nlp", "store", "formats", "services"):
        assert by_id[layer]["source_modules"] == [f"annotator.{layer}"]
    assert "PySide6" in by_id["no-qt-below-qt"]["forbidden_modules"]
    assert {"annotator.store", "annotator.nlp"} <= set(by_id["front-ends"]["forbidden_modules"])
    assert by_id["layers"]["type"] == "layers"
