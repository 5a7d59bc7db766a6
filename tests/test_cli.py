"""The command line as a user types it, on real files.

Most commands run `annotator.cli.main` in this process with the words a user would type,
the environment and the working folder of a shell (`run_cli`): the same parser and handlers,
without the second of an interpreter start. The tests that are about the process itself
(the installed entry point, the model in a fresh interpreter) run it as a child
(`in_process=False`).
"""

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from child_processes import child_environment

from annotator import __version__
from annotator.cli import main
from annotator.formats import jsonl

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_c4a08ac13a47bd9f.txt"
#: Export every document with the model's suggestions, not only the reviewed gold.
EVERYTHING = ("--documents", "all", "--include-suggestions")


def run_cli(*args, data_dir: Path, check=True, in_process=True) -> subprocess.CompletedProcess:
    """`annotator ARGS` with the data and config folders in `data_dir`, run from there."""
    env = {
        "ANNOTATOR_DATA_DIR": str(data_dir),
        "ANNOTATOR_CONFIG_DIR": str(data_dir / "config"),
        "ANNOTATOR_USER": "dana",
        # Tables are as wide as the terminal says; tests read them at one known width.
        "COLUMNS": "120",
    }
    words = [str(a) for a in args]
    if in_process:
        result = _run_here(words, env, data_dir)
    else:
        result = subprocess.run(
            [sys.executable, "-m", "annotator", *words],
            capture_output=True,
            text=True,
            env={**child_environment(), **env},
            cwd=data_dir,
            timeout=600,
        )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def _run_here(words: list[str], env: dict[str, str], folder: Path) -> subprocess.CompletedProcess:
    out, err = io.StringIO(), io.StringIO()
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        with (
            contextlib.chdir(folder),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            try:
                status = main(words)
            except SystemExit as exit_:  # argparse's usage errors and --version
                status = exit_.code if isinstance(exit_.code, int) else 0
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert "Traceback" not in err.getvalue()
    return subprocess.CompletedProcess(
        ["annotator", *words], status, out.getvalue(), err.getvalue()
    )


def test_version_from_a_fresh_interpreter(tmp_path):
    result = run_cli("--version", data_dir=tmp_path, in_process=False)
    assert result.stdout.strip() == f"annotator {__version__}"


@pytest.mark.slow  # runs the model in a fresh interpreter
def test_annotate_a_file_and_a_folder_into_jsonl(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "short.txt").write_text("The minister said that the talks had failed.\n")
    out = tmp_path / "out.jsonl"
    run_cli("annotate", SEED, folder, "--output", out, data_dir=tmp_path, in_process=False)
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in docs] == ["000_c4a08ac13a47bd9f", "short"]
    seed = docs[0]
    assert seed["meta"]["published"] == "2025-03-01" and seed["meta"]["dateline"] == "TEHRAN"
    assert seed["statements"] and {s["status"] for s in seed["statements"]} == {"suggested"}
    for statement in seed["statements"]:
        cue = statement["cue"]
        assert seed["text"][cue["start"] : cue["end"]] == cue["text"]
    assert not (tmp_path / "annotator.sqlite3").exists(), "annotate must not touch a database"


def test_annotate_reports_a_broken_input_by_name_and_still_writes_the_rest(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "ok", "text": "He said it rained."}\n{"id": 3\n')
    out = tmp_path / "out.jsonl"
    result = run_cli("annotate", bad, "--output", out, data_dir=tmp_path, check=False)
    assert result.returncode == 1
    assert f"{bad}:2:" in result.stderr
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["ok"]


@pytest.mark.slow  # loads the model
def test_import_then_export_round_trips_the_exchange_format(tmp_path):
    """Import, then export, gives the same objects (the exchange format's promise)."""
    original = jsonl.document_to_dict(_gold_document())
    source = tmp_path / "gold.jsonl"
    source.write_text(json.dumps(original) + "\n", encoding="utf-8")
    db = tmp_path / "team.sqlite3"
    run_cli("--db", db, "import", source, data_dir=tmp_path)
    out = tmp_path / "export.jsonl"
    run_cli("--db", db, "export", "--format", "jsonl", "--output", out, data_dir=tmp_path)
    (exported,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    for obj in (original, exported):
        obj.pop("provenance")
    assert exported == original


def test_export_of_someone_without_decisions_writes_nothing_and_says_so(tmp_path):
    db = tmp_path / "db.sqlite3"
    run_cli("--db", db, "import", "--no-annotate", SEED, data_dir=tmp_path)
    out = tmp_path / "zoe.jsonl"
    result = run_cli(
        "--db", db, "export", "--annotator", "zoe", "-o", out, data_dir=tmp_path, check=False
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "zoe has made no decisions in this database: nothing exported" in result.stderr
    assert not out.exists()


def test_export_every_format_with_a_split_from_the_command_line(tmp_path):
    source = tmp_path / "gold.jsonl"
    docs = []
    for n in range(10):
        obj = jsonl.document_to_dict(_gold_document())
        obj["id"] = f"gold-{n}"
        obj["text"] += f" ({n})"  # another article each: the same text is imported once
        docs.append(json.dumps(obj))
    source.write_text("\n".join(docs) + "\n", encoding="utf-8")
    db = tmp_path / "team.sqlite3"
    run_cli("--db", db, "import", source, data_dir=tmp_path)
    for fmt, name in [("csv", "s.csv"), ("brat", "brat"), ("claimreview", "c.jsonld")]:
        result = run_cli(
            "--db", db, "export", "--format", fmt, "-o", tmp_path / name, data_dir=tmp_path
        )
        assert "10 documents, 20 statements" in result.stderr
    assert (tmp_path / "brat" / "attributions" / "gold-3_dana.ann").is_file()
    result = run_cli(
        "--db", db, "export", "--format", "conll", "--split", "0.8,0.1,0.1", "--seed", "4",
        "-o", tmp_path / "ner.conll", data_dir=tmp_path,
    )  # fmt: skip
    assert "(train 8, dev 1, test 1)" in result.stderr
    assert (tmp_path / "ner.dev.conll").read_text().startswith("-DOCSTART-")
    bad = run_cli(
        "--db", db, "export", "--split", "0.8,0.3", "-o", tmp_path / "x.jsonl",
        data_dir=tmp_path, check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and "add up to 1" in bad.stderr


def test_import_into_the_default_database_in_the_data_folder(tmp_path):
    run_cli("import", "--no-annotate", SEED, data_dir=tmp_path)
    assert (tmp_path / "annotator.sqlite3").is_file()


def test_an_unreadable_database_is_a_clear_error_and_the_file_is_left_alone(tmp_path):
    not_a_db = tmp_path / "notes.sqlite3"
    not_a_db.write_bytes(b"these are my notes, not a database\n" * 100)
    before = not_a_db.read_bytes()
    result = run_cli(
        "--db", not_a_db, "export", "-o", tmp_path / "x.jsonl", data_dir=tmp_path, check=False
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "notes.sqlite3" in result.stderr
    assert not_a_db.read_bytes() == before


def _gold_document():
    from annotator.core.model import (
        Anonymity,
        Claim,
        Descriptors,
        Document,
        Entity,
        Evidence,
        Origin,
        Source,
        Statement,
        StatementKind,
        Status,
    )

    text = "An unnamed official said that talks failed. He added: “We will not sign.”"
    doc = Document(id="gold-1", text=text, meta={"published": "2025-03-01", "outlet": "Wire"})
    off = doc.span(0, 19)
    he = doc.span(text.index("He"), text.index("He") + 2)
    doc.entities.append(
        Entity(he.start, he.end, "He", "PERSON", Status.ACCEPTED, Origin.HUMAN, "dana")
    )
    doc.sources.append(
        Source(
            id="s1",
            name="An unnamed official",
            anonymity=Anonymity.ANONYMOUS,
            descriptors=Descriptors(role="official", count=1),
            mentions=[off, he],
        )
    )
    said = text.index("said")
    added = text.index("added")
    quote = text.index("“")
    doc.statements += [
        Statement(
            id="q1",
            cue=doc.span(said, said + 4),
            content=[doc.span(said + 5, text.index("."))],
            source=off,
            source_id="s1",
            status=Status.ACCEPTED,
            origin=Origin.MODEL,
            confidence=0.9,
            annotator="dana",
            claim=Claim(checkworthy=True, verdict="false", evidence=[Evidence("https://e.x", "")]),
        ),
        Statement(
            id="q2",
            cue=doc.span(added, added + 5),
            content=[doc.span(quote, len(text))],
            source=he,
            source_id="s1",
            kind=StatementKind.DIRECT,
            status=Status.ADDED,
            origin=Origin.HUMAN,
            annotator="dana",
        ),
    ]
    doc.provenance.done_by = ["dana"]  # marked done: in the default (gold) export
    return doc


def test_db_backup_and_check(tmp_path):
    db = tmp_path / "work.sqlite3"
    run_cli("--db", db, "import", "--no-annotate", SEED, data_dir=tmp_path)
    copy = tmp_path / "copy.sqlite3"
    run_cli("--db", db, "db", "backup", copy, data_dir=tmp_path)
    checked = run_cli("--db", copy, "db", "check", data_dir=tmp_path)
    assert "ok" in checked.stdout.lower()
    exported = tmp_path / "from-copy.jsonl"
    run_cli("--db", copy, "export", *EVERYTHING, "-o", exported, data_dir=tmp_path)
    assert json.loads(exported.read_text(encoding="utf-8"))["id"] == SEED.stem


def test_import_keeps_every_good_document_and_names_each_bad_one(tmp_path):
    """The issue's case: one good text file and a JSONL file with type-confused lines."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("The minister said that the talks had failed.\n")
    good = {"id": "ok", "text": "He said it rained."}
    confused = {**good, "id": "confused", "sources": [{"id": "s1", "descriptors": [1]}]}
    bad = folder / "bad.jsonl"
    bad.write_text(
        "\n".join([json.dumps(confused), '{"id": "inf", "text": "x", "meta": {"n": Infinity}}'])
        + "\n"
        + json.dumps(good)
        + "\n"
    )
    (folder / "torn.txt").write_bytes(b"The mayor said \xff it was safe. " + "Café.".encode())
    db = tmp_path / "db.sqlite3"
    result = run_cli("--db", db, "import", "--no-annotate", folder, data_dir=tmp_path, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{bad}:1: sources[0].descriptors: should be a JSON object" in result.stderr
    assert f"{bad}:2: not valid JSON" in result.stderr
    assert f"{folder / 'torn.txt'}: is utf-8 with damaged bytes" in result.stderr
    assert "2 imported, 0 already there, 3 failed" in result.stderr
    again = run_cli(
        "--db", db, "import", "--no-annotate", "--accept-damaged", folder / "torn.txt",
        data_dir=tmp_path,
    )  # fmt: skip
    assert "U+FFFD" in again.stderr and "1 imported" in again.stderr
    out = tmp_path / "out.jsonl"
    run_cli("--db", db, "export", *EVERYTHING, "-o", out, data_dir=tmp_path)
    exported = {json.loads(x)["id"]: json.loads(x) for x in out.read_text().splitlines()}
    assert sorted(exported) == ["good", "ok", "torn"]
    assert exported["torn"]["text"] == "The mayor said \ufffd it was safe. Café."
    assert exported["torn"]["meta"]["damaged_bytes"] == 1
