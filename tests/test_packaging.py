"""Every package folder ships in the wheel, and the data files travel with it."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_folder_is_listed_in_pyproject():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "annotator").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert found - {"annotator.resources"} <= listed
    assert "annotator.resources" in listed
