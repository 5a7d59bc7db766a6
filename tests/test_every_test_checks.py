"""Every test checks something: a test that only runs code passes whatever the code does.

Read from the source, not run: a test function must hold an `assert`, a `pytest.raises` (or
`warns`, `fail`), a qtbot wait that fails on timeout (`waitUntil`, `waitSignal` …), or call a
helper of the test suite that does (`check(doc)`, `assert_storable(item)`), at any depth.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
#: Calls that fail the test by themselves when what they wait for or expect does not happen.
CHECKING_CALLS = frozenset(
    {
        "raises",
        "warns",
        "deprecated_call",
        "fail",
        "waitUntil",
        "waitSignal",
        "waitSignals",
        "assertNotEmitted",
        "waitCallback",
        "waitExposed",
        "waitActive",
    }
)


def _functions() -> dict[Path, list[ast.FunctionDef]]:
    return {
        path: [
            node
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        for path in sorted(TESTS.rglob("*.py"))
    }


def _checks_itself(function: ast.AST) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        called = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        if called and node.func.attr in CHECKING_CALLS:
            return True
    return False


def _called_names(function: ast.AST) -> set[str]:
    return {
        node.func.id
        for node in ast.walk(function)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


def _checking_helpers(functions: dict[Path, list[ast.FunctionDef]]) -> set[str]:
    """Names of the suite's functions that check, themselves or through another helper."""
    every = [f for found in functions.values() for f in found if not f.name.startswith("test")]
    checking = {f.name for f in every if _checks_itself(f)}
    calls = {f.name: _called_names(f) for f in every}
    grown = True
    while grown:
        more = {name for name, called in calls.items() if called & checking} - checking
        checking |= more
        grown = bool(more)
    return checking


def test_every_test_function_checks_something():
    functions = _functions()
    helpers = _checking_helpers(functions)
    unchecked = [
        f"{path.relative_to(TESTS)}::{function.name}"
        for path, found in functions.items()
        for function in found
        if function.name.startswith("test_")
        and not _checks_itself(function)
        and not _called_names(function) & helpers
    ]
    assert unchecked == []


def test_the_guard_sees_a_test_that_only_runs_code():
    source = (
        "def helper(x):\n    assert x\n\ndef test_a():\n    run()\n\ndef test_b():\n    helper(1)\n"
    )
    functions = {Path("example.py"): list(_top_level(source))}
    helpers = _checking_helpers(functions)
    test_a, test_b = [f for f in functions[Path("example.py")] if f.name.startswith("test")]
    assert not _checks_itself(test_a) and not _called_names(test_a) & helpers
    assert _called_names(test_b) & helpers == {"helper"}


def _top_level(source: str):
    return (node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef))
