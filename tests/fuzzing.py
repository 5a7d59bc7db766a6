"""Fuzzing helpers: the example budget and hypothesis strategies for valid and broken input.

The suite runs a small, derandomised number of examples per property, so it stays fast and
gives the same result on every run. A longer, random run is one variable away:

    ANNOTATOR_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest -q \\
        tests/formats/test_fuzz.py tests/services/test_import_fuzz.py

(docs/RELIABILITY.md records such runs). Every text here is invented or random.
"""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from annotator.core.model import (
    Anonymity,
    Claim,
    Descriptors,
    Document,
    Entity,
    Evidence,
    Origin,
    Source,
    SourceKind,
    Span,
    Statement,
    StatementKind,
    Status,
)

#: Examples per property: ANNOTATOR_FUZZ_EXAMPLES for a long random run, else a quick fixed set.
LONG_RUN = int(os.environ.get("ANNOTATOR_FUZZ_EXAMPLES", "0") or 0)
fuzz = settings(
    max_examples=LONG_RUN or 30,
    derandomize=not LONG_RUN,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: Whole imports cost a database each (about 0.1 s): fewer of them in the quick run.
fuzz_imports = settings(fuzz, max_examples=LONG_RUN or 15)

# ------------------------------------------------------------------------- valid documents

#: Any Unicode scalar value but NUL (which no store keeps): emoji and astral characters too.
CHARACTERS = st.characters(codec="utf-8", exclude_characters="\x00")
WORDS = st.text(CHARACTERS, max_size=12)
OPTIONAL_WORDS = st.none() | WORDS


@st.composite
def spans(draw, text: str) -> Span:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return Span.of(text, start, end)


@st.composite
def documents(draw, doc_id: str | None = None) -> Document:
    """A valid document: spans inside the text, unique ids, values of the right types."""
    text = draw(st.text(CHARACTERS, min_size=1, max_size=60))
    doc = Document(
        id=doc_id or draw(st.text(CHARACTERS, min_size=1, max_size=10)),
        text=text,
        meta={
            "published": draw(OPTIONAL_WORDS),
            "outlet": draw(OPTIONAL_WORDS),
            **draw(st.dictionaries(st.sampled_from(["x-a", "x-b"]), json_values(finite=True))),
        },
    )
    for span in draw(st.lists(spans(text), max_size=3, unique_by=lambda s: (s.start, s.end))):
        doc.entities.append(
            Entity(
                span.start,
                span.end,
                span.text,
                draw(WORDS),
                draw(st.sampled_from(Status)),
                draw(st.sampled_from(Origin)),
                draw(OPTIONAL_WORDS),
            )
        )
    for number in range(draw(st.integers(0, 2))):
        doc.sources.append(
            Source(
                id=f"s{number}",
                name=draw(WORDS),
                kind=draw(st.sampled_from(SourceKind)),
                anonymity=draw(st.sampled_from(Anonymity)),
                descriptors=Descriptors(
                    role=draw(OPTIONAL_WORDS), count=draw(st.none() | st.integers(0, 10**6))
                ),
                mentions=draw(st.lists(spans(text), max_size=2)),
            )
        )
    for number in range(draw(st.integers(0, 3))):
        doc.statements.append(
            Statement(
                id=f"q{number}",
                cue=draw(spans(text)),
                content=draw(st.lists(spans(text), max_size=2)),
                source=draw(st.none() | spans(text)),
                source_id=draw(st.none() | st.sampled_from([s.id for s in doc.sources] or ["s9"])),
                kind=draw(st.sampled_from(StatementKind)),
                status=draw(st.sampled_from(Status)),
                origin=draw(st.sampled_from(Origin)),
                confidence=draw(st.none() | st.floats(0, 1)),
                annotator=draw(OPTIONAL_WORDS),
                claim=Claim(
                    checkworthy=draw(st.none() | st.booleans()),
                    verdict=draw(st.none() | st.sampled_from(["true", "false"])),
                    evidence=[Evidence(draw(OPTIONAL_WORDS), draw(OPTIONAL_WORDS))],
                ),
            )
        )
    return doc


# ------------------------------------------------------------------ broken and confused input


def json_values(finite: bool = False) -> st.SearchStrategy[Any]:
    """Any JSON-ish value; unless `finite`, also what JSON cannot hold (NaN, huge numbers,
    lone surrogates, NUL) and deep nesting, the type confusions an exporter gets wrong."""
    if finite:
        leaves = st.none() | st.booleans() | st.integers(-1000, 1000) | WORDS
    else:
        leaves = (
            st.none()
            | st.booleans()
            | st.integers()
            | st.integers(2**31 - 2, 2**70)
            | st.floats()
            | st.text(max_size=12)  # surrogates and NUL included
            | st.sampled_from(["", "yes", "1", "\ud800", "\x00", "suggested", "q0", "s0"])
        )
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(WORDS, inner, max_size=3),
        max_leaves=8,
    )


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    """Every place in a JSON tree, as a tuple of keys and indices."""
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


@st.composite
def mutated_objects(draw, obj: dict) -> Any:
    """`obj` with one to three places replaced, removed, duplicated, wrapped or nested."""
    obj = json.loads(json.dumps(obj))  # a deep copy
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(obj)))
        if not path:
            return draw(json_values())
        *parents, last = path
        parent = obj
        for key in parents:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "remove", "duplicate", "wrap", "nest"]))
        if action == "replace":
            parent[last] = draw(json_values())
        elif action == "remove":
            del parent[last]
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(parent[last])
        elif action == "wrap":
            parent[last] = [parent[last]]
        else:
            parent[last] = json.loads("[" * 40 + json.dumps(parent[last]) + "]" * 40)
    return obj


def dumped(obj: Any, draw) -> bytes:
    """`obj` as one JSONL line, as a careless exporter might write it."""
    ascii_only = draw(st.booleans())
    text = json.dumps(obj, ensure_ascii=ascii_only, allow_nan=True).replace("\n", "\\n")
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate becomes invalid UTF-8


@st.composite
def mutated_bytes(draw, data: bytes) -> bytes:
    """`data` with a byte flipped, a slice cut out or junk put in (newlines excluded, so
    the line count stays known)."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip" and position < len(data):
            data[position] = draw(st.integers(0, 255).filter(lambda b: b != 0x0A))
        elif action == "cut":
            del data[position : position + draw(st.integers(1, 8))]
        else:
            junk = draw(st.binary(min_size=1, max_size=8)).replace(b"\n", b" ")
            data[position:position] = junk
    return bytes(data)
