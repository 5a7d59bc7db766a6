"""`annotator review anonymous` as a user types it, in a separate process, on a real file."""

from __future__ import annotations

import csv
import io

import pytest
from test_cli import run_cli
from workspace_fixtures import PIPELINE, seed_document

from annotator import cli
from annotator.core.model import Anonymity, Descriptors, Document, Source, Statement
from annotator.services.workspace import Workspace

#: An article whose words a spreadsheet would run: a formula as the source's reason, a
#: sentence opening with "-", a name opening with "@".
HOSTILE_TEXT = (
    '-2+3 said nobody. =HYPERLINK("http://evil.example") @someone said it was fine. '
    "Ana Ruiz said it was not."
)


def hostile_document() -> Document:
    doc = Document(
        id="hostile",
        text=HOSTILE_TEXT,
        meta={"title": "=1+1", "outlet": "Wire", "published": "2025-04-01"},
    )
    at = HOSTILE_TEXT.index("@someone")
    mention = doc.span(at, at + len("@someone"))
    cue = doc.span(HOSTILE_TEXT.index("said it"), HOSTILE_TEXT.index("said it") + 4)
    content = doc.span(cue.end + 1, HOSTILE_TEXT.index(" fine") + 5)
    ana = doc.span(HOSTILE_TEXT.index("Ana Ruiz"), HOSTILE_TEXT.index("Ana Ruiz") + 8)
    ana_cue = doc.span(ana.end + 1, ana.end + 5)
    ana_content = doc.span(ana_cue.end + 1, len(HOSTILE_TEXT) - 1)
    doc.sources = [
        Source(
            "s1",
            "@someone",
            anonymity=Anonymity.ANONYMOUS,
            descriptors=Descriptors(role="insider", reason="=cmd|' /C calc'!A0"),
            mentions=[mention],
        ),
        Source("s2", "Ana Ruiz", mentions=[ana]),
    ]
    doc.statements = [
        Statement("q1", cue=cue, content=[content], source=mention, source_id="s1"),
        Statement("q2", cue=ana_cue, content=[ana_content], source=ana, source_id="s2"),
    ]
    return doc


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "corpus.sqlite3"
    with Workspace.open(str(path), "dana") as workspace:
        workspace.add_document(seed_document(), pipeline=PIPELINE)
        workspace.add_document(hostile_document(), pipeline=PIPELINE)
    return path


def review(database, tmp_path, *options, check=True):
    return run_cli(
        "--db", database, "review", "anonymous", *options, data_dir=tmp_path, check=check
    )


def test_the_table_shows_each_source_once_with_its_statements(database, tmp_path):
    result = review(database, tmp_path)
    out = result.stdout
    assert out.count("an unnamed senior Palestinian official · anonymous") == 1
    assert "role official · affiliation Palestinian · seniority senior" in out
    assert "- q1 [suggested] “stated”: Speaking to regional media, an unnamed senior" in out
    assert "- q2 [suggested] “noted”: He noted that mediators failed" in out
    assert "Tamim Khallaf" not in out  # named
    assert "2 sources with an anonymous or vague source" in result.stderr


def test_csv_neutralises_cells_a_spreadsheet_would_run(database, tmp_path):
    out = review(database, tmp_path, "--format", "csv", "--outlet", "Wire").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1
    row = rows[0]
    assert row["title"] == "'=1+1"
    assert row["source"] == "'@someone"
    assert row["reason"] == "'=cmd|' /C calc'!A0"
    assert row["mention"] == "'@someone"
    assert row["sentence"].startswith("'=HYPERLINK(")
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_filters_narrow_the_list(database, tmp_path, monkeypatch, capsys):
    # In this process (the other tests run the command in a fresh interpreter): ten runs.
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("ANNOTATOR_USER", "dana")

    def documents(*options) -> set[str]:
        argv = ["--db", str(database), "review", "anonymous", "--format", "csv", *options]
        assert cli.main(argv) == 0
        out = capsys.readouterr().out
        return {row["document"] for row in csv.DictReader(io.StringIO(out))}

    assert documents() == {"000_c4a08ac13a47bd9f", "hostile"}
    assert documents("--since", "2025-03-15") == {"hostile"}
    assert documents("--until", "2025-03-01") == {"000_c4a08ac13a47bd9f"}
    assert documents("--descriptor", "affiliation=palestinian") == {"000_c4a08ac13a47bd9f"}
    assert documents("--description", "Senior Palestinian  official") == {"000_c4a08ac13a47bd9f"}
    assert documents("--description", "insider") == {"hostile"}
    assert documents("--no-reason") == {"000_c4a08ac13a47bd9f"}
    # Ana Ruiz is named in the Wire's article; the seed's statements rest on its official alone
    assert documents("--anonymous-only-articles") == {"000_c4a08ac13a47bd9f"}
    assert documents("--status", "reviewed") == set()
    assert documents("--recurring") == set()


def test_bad_options_are_usage_errors_naming_the_option(database, tmp_path):
    result = review(database, tmp_path, "--since", "March", check=False)
    assert result.returncode == 2 and "--since 'March': use a date such as" in result.stderr
    result = review(database, tmp_path, "--descriptor", "colour=red", check=False)
    assert result.returncode == 2 and "NAME one of role, affiliation" in result.stderr


def test_output_to_a_file(database, tmp_path):
    target = tmp_path / "queue.csv"
    review(database, tmp_path, "--format", "csv", "--output", target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert {(row["document"], row["statement_id"]) for row in rows} == {
        ("000_c4a08ac13a47bd9f", "q1"),
        ("000_c4a08ac13a47bd9f", "q2"),
        ("hostile", "q1"),
    }


def test_group_by_shows_the_same_headings_as_the_window(database, tmp_path):
    out = review(database, tmp_path, "--group-by", "outlet").stdout
    headings = [line for line in out.splitlines() if line.startswith("== ")]
    assert headings == [
        "== Wire · 1 source in 1 article, 1 outlet",
        "== no outlet · 1 source in 1 article, 1 outlet",
    ]
    # the sources follow their heading
    wire, seed = out.split("== no outlet")
    assert "in =1+1 — Wire, 2025-04-01 (hostile)" in wire and "000_c4a08ac13a47bd9f" not in wire
    assert "an unnamed senior Palestinian official · anonymous" in seed

    months = review(database, tmp_path, "--group-by", "month").stdout
    assert [line for line in months.splitlines() if line.startswith("== ")] == [
        "== 2025-04 · 1 source in 1 article, 1 outlet",
        "== 2025-03 · 1 source in 1 article, 1 outlet",
    ]

    rows = list(
        csv.DictReader(
            io.StringIO(
                review(database, tmp_path, "--group-by", "description", "--format", "csv").stdout
            )
        )
    )
    by_group = {(row["group"], row["document"], row["statement_id"]) for row in rows}
    assert ("insider", "hostile", "q1") in by_group
    assert ("senior palestinian official", "000_c4a08ac13a47bd9f", "q1") in by_group
    assert all(row["group"] in ("", row["description"]) for row in rows)


def test_sort_by_date_and_speaker(database, tmp_path):
    def documents(*options) -> list[str]:
        out = review(database, tmp_path, "--format", "csv", *options).stdout
        return list(dict.fromkeys(row["document"] for row in csv.DictReader(io.StringIO(out))))

    assert documents("--sort", "newest") == ["hostile", "000_c4a08ac13a47bd9f"]
    assert documents("--sort", "oldest") == ["000_c4a08ac13a47bd9f", "hostile"]
    assert documents("--speaker", "described") == ["000_c4a08ac13a47bd9f", "hostile"]
    assert documents("--speaker", "none") == []  # the invented sources all have a mention
