"""`annotator search` as a user types it: the same hits as the window's search field."""

import json

from test_cli import run_cli
from workspace_fixtures import seed_document

from annotator.core.model import Document
from annotator.formats import jsonl

SEED_ID = seed_document().id


def corpus_file(tmp_path):
    """The seed article with its two statements by an anonymous official, and a weather
    report quoting nobody, as an exchange-format file."""
    seed = seed_document()
    seed.meta["title"] = "Cairo talks stall"
    weather = Document(
        id="weather",
        text="Rain is expected over the weekend, forecasters said.",
        meta={"title": "Weekend rain"},
    )
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps(jsonl.document_to_dict(doc)) for doc in (seed, weather)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def imported(tmp_path):
    db = tmp_path / "corpus.sqlite3"
    run_cli("--db", db, "import", "--no-annotate", corpus_file(tmp_path), data_dir=tmp_path)
    return db


def test_search_prints_title_speaker_and_the_hit_in_context(tmp_path):
    db = imported(tmp_path)
    result = run_cli("--db", db, "search", "mediators", data_dir=tmp_path)
    header, *rows = result.stdout.splitlines()
    assert header.split()[:2] == ["DOCUMENT", "SPEAKER"]
    assert len(rows) == 2  # the article, and the statement it is in
    assert all(row.startswith("Cairo talks stall") for row in rows)
    statement = next(row for row in rows if "an unnamed senior" in row)
    assert "that «mediators» failed to persuade" in statement
    assert "2 hits" in result.stderr


def test_search_as_json_lines_with_filters(tmp_path):
    db = imported(tmp_path)
    result = run_cli(
        "--db",
        db,
        "search",
        "",
        "--anonymity",
        "anonymous",
        "--format",
        "jsonl",
        data_dir=tmp_path,
    )
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(hit["statement_id"] for hit in hits) == ["q1", "q2"]
    assert {hit["speaker"] for hit in hits} == {"an unnamed senior Palestinian official"}
    words = run_cli(
        "--db", db, "search", "meetings groundwork", "--format", "jsonl", data_dir=tmp_path
    )
    statement = next(json.loads(x) for x in words.stdout.splitlines() if '"q1"' in x)
    start, end = statement["marks"][0]
    assert statement["snippet"][start:end] == "meetings"


def test_search_finds_statements_by_their_speaker_and_status(tmp_path):
    db = imported(tmp_path)
    by_name = run_cli(
        "--db", db, "search", "", "--speaker", "palestinian official", "--format", "jsonl",
        data_dir=tmp_path,
    )
    statements = {json.loads(x)["statement_id"] for x in by_name.stdout.splitlines()}
    assert {"q1", "q2"} <= statements  # their words do not say it; their speaker does
    accepted = run_cli("--db", db, "search", "", "--status", "accepted", data_dir=tmp_path)
    assert accepted.stdout.splitlines()[1:] == []  # nobody has accepted anything yet


def test_search_refuses_a_search_for_nothing(tmp_path):
    db = imported(tmp_path)
    result = run_cli("--db", db, "search", "", data_dir=tmp_path, check=False)
    assert result.returncode == 2
    assert "give words to search for" in result.stderr
    assert result.stdout == ""
