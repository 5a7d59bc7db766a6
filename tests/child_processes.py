"""Child Python processes of the tests run the `annotator` this process imported.

`python -m` and `python -c` put the working folder first on the child's sys.path, so a child
started in the repository root imports the source tree's `annotator/`, not the package under
test: after `pip install .` that tree lacks `annotator.resources` (it is `resources/`, mapped
in at install). So a child starts in a folder of its own (`cwd`), with the folder that holds
this process's `annotator` first on its PYTHONPATH (`child_environment`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import annotator

#: The folder holding the `annotator` package this test session runs (a checkout or
#: site-packages).
ANNOTATOR_HOME = str(Path(annotator.__file__).resolve().parents[1])


def child_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """`base` (default: this process's environment) with ANNOTATOR_HOME first on PYTHONPATH."""
    env = dict(os.environ if base is None else base)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (ANNOTATOR_HOME, env.get("PYTHONPATH")) if p)
    return env


def run_python(*args: object, cwd: Path, **variables: str) -> subprocess.CompletedProcess:
    """`python ARGS` in a child started in `cwd`, whose data and settings folders are in
    `cwd` and whose user is dana (`variables` add to or change its environment); the test
    fails with the child's error output unless it exits 0."""
    env = {
        **child_environment(),
        "ANNOTATOR_DATA_DIR": str(cwd),
        "ANNOTATOR_CONFIG_DIR": str(cwd / "config"),
        "ANNOTATOR_USER": "dana",
        **variables,
    }
    result = subprocess.run(
        [sys.executable, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return result
