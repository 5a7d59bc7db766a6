"""The document list sorted and filtered by the database, paged without gaps or repeats,
on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from workspace_fixtures import PIPELINE

from annotator.core.commands import AcceptStatement, MarkDocumentDone, RejectStatement
from annotator.core.model import Anonymity, Document, Source, Span, Statement
from annotator.services.workspace import SORT_KEYS, Workspace
from annotator.store.codec import folded

#: id, title, outlet, date, statements, anonymous sources
ROWS = [
    ("d1", "zebra crossing", "Metro", "2025-03-04", 3, 1),
    ("d2", "Apple harvest", "Farm", "2025-03-01", 1, 0),
    ("d3", None, "Metro", "2025-03-02", 2, 2),
    ("d4", "mango prices", None, "2025-03-03", 0, 0),
    ("d5", "Ápple trees", "Farm", "2025-03-05", 2, 0),
    ("d6", "Budget late", "Metro", "2025-03-06", 1, 1),
    ("d7", "Bridge opens", "Wire", "2025-03-07", 3, 0),
]


def document(doc_id, title, outlet, published, statements, anonymous) -> Document:
    text = " ".join(f"Officials said talk {n} failed." for n in range(max(1, statements)))
    text = f"{doc_id} opening words. {text}"
    meta = {"outlet": outlet, "published": published}
    if title:
        meta["title"] = title
    doc = Document(id=doc_id, text=text, meta=meta)
    for n in range(statements):
        at = text.index(f"talk {n} ")
        cue = text.rindex("said", 0, at)
        source = text.rindex("Officials", 0, cue)
        doc.sources.append(
            Source(
                id=f"s{n}",
                name="Officials",
                anonymity=Anonymity.VAGUE if n < anonymous else Anonymity.NAMED,
                mentions=[Span.of(text, source, source + 9)],
            )
        )
        doc.statements.append(
            Statement(
                id=f"q{n}",
                source=Span.of(text, source, source + 9),
                source_id=f"s{n}",
                cue=Span.of(text, cue, cue + 4),
                content=[Span.of(text, at, at + 6)],
                confidence=0.8,
            )
        )
    return doc


@pytest.fixture
def workspace(database_url):
    with Workspace.open(database_url, "dana") as ws:
        for row in ROWS:
            ws.add_document(document(*row), pipeline=PIPELINE)
        for doc_id, statements in (("d1", ["q0", "q1"]), ("d5", ["q0"]), ("d6", ["q0"])):
            ws.load_document(doc_id)
            for statement_id in statements:
                ws.apply(AcceptStatement(doc_id, statement_id))
        ws.load_document("d7")
        ws.apply(RejectStatement("d7", "q2"))
        ws.apply(MarkDocumentDone("d6", True))
        ws.apply(MarkDocumentDone("d4", True))
        yield ws


def paged(ws, page_size=2, **options) -> list[str]:
    ids, offset = [], 0
    while page := ws.list_documents(offset, page_size, **options):
        ids += [summary.id for summary in page]
        offset += page_size
    return ids


def expected(ws, sort: str) -> list[str]:
    """The order a reader expects, computed here from what the list shows."""
    summaries = ws.list_documents(0, 100)
    keys = {
        "id": lambda s: s.id,
        "title": lambda s: folded(s.heading),  # case and accents aside
        "published": lambda s: s.published,
        "statements": lambda s: s.statement_count,
        "anonymous": lambda s: s.anonymous_count,
        "reviewed": lambda s: s.reviewed_count,
        "progress": lambda s: ("to do", "in progress", "done").index(s.progress),
    }
    return [s.id for s in sorted(summaries, key=lambda s: (keys[sort](s), s.id))]


@pytest.mark.parametrize("sort", [k for k in SORT_KEYS if k != "outlet"])
def test_every_sort_pages_in_both_directions_as_a_reader_expects(workspace, sort):
    ascending = expected(workspace, sort)
    assert paged(workspace, sort=sort) == ascending
    assert paged(workspace, sort=sort, descending=True) == ascending[::-1]


def test_the_users_progress_sorts_and_counts(workspace):
    rows = {s.id: s for s in workspace.list_documents(0, 100)}
    assert (rows["d1"].reviewed_count, rows["d1"].statement_count) == (2, 3)
    assert rows["d3"].anonymous_count == 2 and rows["d1"].anonymous_count == 1
    assert [rows[i].progress for i in ("d1", "d2", "d4", "d6")] == [
        "in progress", "to do", "done", "done",
    ]  # fmt: skip
    assert paged(workspace, sort="progress") == ["d2", "d3", "d1", "d5", "d7", "d4", "d6"]


def test_filters_combine_with_sorting(workspace):
    assert paged(workspace, sort="title", outlet="Metro") == ["d6", "d3", "d1"]  # b, d, z
    assert workspace.document_count(outlet="Metro") == 3
    assert paged(workspace, progress="in progress") == ["d1", "d5", "d7"]
    assert paged(workspace, progress="to do", sort="statements", descending=True) == ["d3", "d2"]
    assert workspace.document_count(progress="to do") == 2
    assert workspace.document_count(progress="to do", outlet="Metro") == 1
    assert workspace.document_count(progress="in progress") == 3
    assert paged(workspace, progress="done", sort="reviewed", descending=True) == ["d6", "d4"]
    assert paged(workspace, title="appl") == ["d2", "d5"]  # as typed, any case or accent
    assert paged(workspace, title="apple harv") == ["d2"]
    assert workspace.document_count(title="nothing like it") == 0
    assert workspace.outlets() == ["Farm", "Metro", "Wire"]


def test_an_unknown_sort_is_refused(workspace):
    with pytest.raises(ValueError, match="cannot sort by 'colour'"):
        workspace.list_documents(sort="colour")


@pytest.mark.parametrize("page_size", [1, 3, 4, 100])
def test_the_progress_sorts_page_alike_at_any_page_size(workspace, page_size):
    """A page may end among the untouched, straddle into the touched, or start past them."""
    for sort in ("progress", "reviewed"):
        assert paged(workspace, page_size, sort=sort) == expected(workspace, sort)


def test_a_title_filter_matching_many_walks_the_order_with_the_same_answer(
    workspace, monkeypatch
):
    from annotator.store import search

    few = [paged(workspace, title="appl", sort=sort) for sort in ("id", "title", "progress")]
    monkeypatch.setattr(search, "TITLE_LOOKUPS", 0)  # every filter now "matches many"
    many = [paged(workspace, title="appl", sort=sort) for sort in ("id", "title", "progress")]
    assert many == few and few[0] == ["d2", "d5"]
    assert workspace.document_count(title="apple harv") == 1
