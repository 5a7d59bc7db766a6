"""The anonymous-source review: every statement whose source is anonymous or vague, across
the corpus, grouped by source, as one annotator sees it (their decisions over the model's).

What an editor asks of it, each a filter: an anonymous source with no stated reason; an
article whose statements rest on anonymous or vague sources alone; the same description
("a senior Palestinian official") recurring across articles. The GUI's queue and
`annotator review anonymous` read the same pages from here; corrections go through the
ordinary commands (`SetAnonymity`) and `Workspace.apply`.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

from annotator.core.model import Anonymity, Descriptors
from annotator.store.anonymous_sources import (
    ORDERS,
    GroupRowView,
    Recurrence,
    SourceFilters,
    SourceRowView,
    StatementRowView,
)

if TYPE_CHECKING:
    from annotator.services.workspace import Workspace

__all__ = [
    "GROUP_BY",
    "ORDERS",
    "DescriptionCounts",
    "QueueFilters",
    "QueueGroup",
    "QueueSource",
    "QueueStatement",
    "iter_groups",
    "iter_queue",
    "queue_count",
    "queue_groups",
    "queue_page",
]

PAGE_SIZE = 200
#: What the queue can be grouped by: each source on its own (no headings), or under a
#: heading per description, outlet, month or day of publication.
GROUP_BY = ("source", "description", "outlet", "month", "day")
#: Where a sentence ends: . ! ? (with closing quotes) before white space, or a line break.
_SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*(?=\s)|\n")


@dataclass(frozen=True, slots=True)
class QueueFilters(SourceFilters):
    """What to narrow the queue to (see `SourceFilters`), and the recurring flag: only
    descriptions given to unnamed sources in two or more articles."""

    recurring: bool = False


class DescriptionCounts:
    """How often each description recurs across the corpus: one pass over it (most of a
    second on 100,000 articles), kept until `forget`, which the owner calls when the
    workspace reports a change. Thread-safe: a front end may `compute` in a worker and read
    `latest` meanwhile."""

    def __init__(self, workspace: Workspace, *, wait: bool = True) -> None:
        self._workspace = workspace
        #: Whether a page waits for fresh counts, or makes do with the last ones (a window).
        self.wait = wait
        self._counts: dict[str, Recurrence] | None = None
        self._fresh = False
        self._lock = threading.Lock()

    def get(self) -> dict[str, Recurrence]:
        """The counts, read again first if the corpus changed since."""
        with self._lock:
            if not self._fresh:
                self._counts, self._fresh = self._workspace.description_counts(), True
            return self._counts or {}

    def compute(self) -> None:
        """Read the counts again now (in a worker thread, for a window)."""
        counts = self._workspace.description_counts()
        with self._lock:
            self._counts, self._fresh = counts, True

    def latest(self) -> dict[str, Recurrence]:
        """The last counts read, perhaps from before the latest change; {} before any."""
        with self._lock:
            return self._counts or {}

    @property
    def fresh(self) -> bool:
        return self._fresh

    def forget(self) -> None:
        with self._lock:
            self._fresh = False

    def current(self) -> dict[str, Recurrence]:
        """`get` when pages wait for fresh counts, else `latest`."""
        return self.get() if self.wait else self.latest()

    def recurring(self) -> tuple[str, ...]:
        """The descriptions found in two or more articles."""
        return tuple(sorted(k for k, r in self.current().items() if r.articles >= 2))


def _source_filters(filters: QueueFilters, counts: DescriptionCounts) -> SourceFilters:
    values = {k: v for k, v in asdict(filters).items() if k != "recurring"}
    if filters.recurring:
        values["descriptions_in"] = counts.recurring()
    return SourceFilters(**values)


@dataclass(frozen=True, slots=True)
class QueueStatement:
    """A statement in the queue: its sentence and its parts' words."""

    document_id: str
    statement_id: str
    status: str
    sentence: str
    content: str
    cue: str
    mention: str | None


@dataclass(frozen=True, slots=True)
class QueueSource:
    """One anonymous or vague source of one article, with the statements resting on it."""

    document_id: str
    source_id: str
    name: str
    anonymity: Anonymity
    descriptors: Descriptors
    #: The annotator confirmed or corrected this source's identity.
    reviewed: bool
    description: str
    title: str | None
    outlet: str | None
    published: str | None
    #: In how many articles and outlets the same description is given to unnamed sources.
    recurrence: Recurrence
    only_unnamed_article: bool
    statements: tuple[QueueStatement, ...]
    #: False for the pipeline's source of statements whose sentence names no speaker ("it
    #: was reported that …"): vague by the spec, but nobody is described.
    described: bool = True

    @property
    def no_reason(self) -> bool:
        return self.anonymity is Anonymity.ANONYMOUS and not self.descriptors.reason

    @property
    def recurring(self) -> bool:
        return self.recurrence.articles >= 2

    def flags(self) -> list[str]:
        """The editor's flags that apply, in words."""
        flags = []
        if self.no_reason:
            flags.append("no reason")
        if self.only_unnamed_article:
            flags.append("article rests on unnamed sources only")
        if self.recurring:
            flags.append(
                f"recurs in {self.recurrence.articles} articles, {self.recurrence.outlets} outlets"
            )
        return flags


def queue_page(
    workspace: Workspace,
    filters: QueueFilters,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    counts: DescriptionCounts | None = None,
    after: QueueSource | None = None,
    order: str = "article",
) -> list[QueueSource]:
    """A page of the queue: sources in `order` (`ORDERS`: article, newest, oldest), each
    with its statements.

    `counts` are the description counts to use (kept by a caller that reads many pages);
    `after` (a source of the previous page, usually its last) reads on after it, as fast
    at the end of a big queue as at its start.
    """
    counts = counts or DescriptionCounts(workspace)
    sources, statements = workspace.anonymous_source_page(
        _source_filters(filters, counts), offset, limit, _cursor(after, order), order
    )
    by_source: dict[tuple[str, str], list[QueueStatement]] = {}
    for row in statements:
        by_source.setdefault((row.document_id, row.source_id), []).append(_statement(row))
    recurrence = counts.current() if sources else {}
    return [
        _source(
            row,
            tuple(by_source.get((row.document_id, row.source_id), ())),
            # A source with no mention (the unattributed statements) has no description.
            recurrence.get(row.description) if row.has_mentions else None,
        )
        for row in sources
    ]


def _cursor(after: QueueSource | None, order: str) -> tuple | None:
    """Where the store reads on from: the source's place in `order`."""
    if after is None:
        return None
    if order == "article":
        return after.document_id, after.source_id
    return after.published, after.document_id, after.source_id


def queue_count(
    workspace: Workspace,
    filters: QueueFilters,
    counts: DescriptionCounts | None = None,
    cap: int | None = None,
) -> int:
    """How many sources the queue holds with these filters (at most `cap`)."""
    counts = counts or DescriptionCounts(workspace)
    return workspace.anonymous_source_count(_source_filters(filters, counts), cap)


def iter_queue(
    workspace: Workspace,
    filters: QueueFilters,
    order: str = "article",
    counts: DescriptionCounts | None = None,
) -> Iterator[QueueSource]:
    """Every source of the queue, page by page (memory stays flat on a big corpus)."""
    counts = counts or DescriptionCounts(workspace)
    after = None
    while True:
        page = queue_page(workspace, filters, 0, PAGE_SIZE, counts, after, order)
        yield from page
        if len(page) < PAGE_SIZE:
            return
        after = page[-1]


@dataclass(frozen=True, slots=True)
class QueueGroup:
    """A heading of the grouped queue: sources sharing a description, outlet or date."""

    group_by: str
    #: The description, outlet, month ("2025-03") or day; None: none (no speaker named,
    #: no outlet, no date).
    key: str | None
    sources: int
    articles: int
    outlets: int

    @property
    def label(self) -> str:
        """The heading's words, e.g. "senior palestinian official · 3 sources in 3 articles,
        3 outlets"."""
        name = self.key if self.key else _NO_KEY[self.group_by]
        counts = f"{self.sources} source{_s(self.sources)} in {self.articles} article"
        counts += f"{_s(self.articles)}, {self.outlets} outlet{_s(self.outlets)}"
        return f"{name} · {counts}"

    def narrow(self, filters: QueueFilters) -> QueueFilters:
        """`filters` narrowed to this group's sources."""
        if self.group_by == "description":
            if self.key is None:
                return replace(filters, speaker="none")
            return replace(filters, description=self.key)
        if self.group_by == "outlet":
            if self.key is None:
                return replace(filters, no_outlet=True)
            return replace(filters, outlet=self.key)
        if self.key is None:
            return replace(filters, undated=True)
        return replace(filters, published_group=(self.group_by, self.key))


_NO_KEY = {
    "description": "no speaker named (“it was reported …”)",
    "outlet": "no outlet",
    "month": "no date",
    "day": "no date",
}


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def queue_groups(
    workspace: Workspace,
    filters: QueueFilters,
    group_by: str,
    counts: DescriptionCounts | None = None,
) -> list[QueueGroup]:
    """The queue's headings grouped by `group_by` (`GROUP_BY`, not "source"), with how many
    sources, articles and outlets each holds: the descriptions found in most articles
    first, outlets by name, dates newest first."""
    counts = counts or DescriptionCounts(workspace)
    rows = workspace.anonymous_source_groups(_source_filters(filters, counts), group_by)
    return [_group(group_by, row) for row in rows]


def _group(group_by: str, row: GroupRowView) -> QueueGroup:
    return QueueGroup(group_by, row.key, row.sources, row.articles, row.outlets)


def iter_groups(
    workspace: Workspace, filters: QueueFilters, group_by: str, order: str = "article"
) -> Iterator[tuple[QueueGroup, Iterator[QueueSource]]]:
    """Each heading and (read as it is walked) the sources under it."""
    counts = DescriptionCounts(workspace)
    for group in queue_groups(workspace, filters, group_by, counts):
        yield group, iter_queue(workspace, group.narrow(filters), order, counts)


def _source(
    row: SourceRowView, statements: tuple[QueueStatement, ...], recurrence: Recurrence | None
) -> QueueSource:
    return QueueSource(
        document_id=row.document_id,
        source_id=row.source_id,
        name=row.name,
        anonymity=Anonymity(row.anonymity),
        descriptors=row.descriptors,
        reviewed=row.reviewed,
        # Its name ("unattributed (no speaker named)") describes nobody.
        description=row.description if row.has_mentions else "",
        title=row.title,
        outlet=row.outlet,
        published=row.published,
        recurrence=recurrence or Recurrence(1, 1),
        only_unnamed_article=row.only_unnamed_article,
        statements=statements,
        described=row.has_mentions,
    )


def _statement(row: StatementRowView) -> QueueStatement:
    spans = [tuple(pair) for pair in json.loads(row.content_json or "[]")]
    parts = [row.cue, *spans, *([row.mention] if row.mention else [])]
    start = min(s for s, _ in parts)
    end = max(e for _, e in parts)
    return QueueStatement(
        document_id=row.document_id,
        statement_id=row.statement_id,
        status=row.status,
        sentence=_sentence(row.window, row.window_start, start, end),
        content=" … ".join(_words(_cut(row, s, e)) for s, e in spans),
        cue=_words(_cut(row, *row.cue)),
        mention=_words(_cut(row, *row.mention)) if row.mention else None,
    )


def _cut(row: StatementRowView, start: int, end: int) -> str:
    """The text of [start, end) as far as the window read around the statement holds it."""
    return row.window[max(0, start - row.window_start) : max(0, end - row.window_start)]


def _sentence(window: str, window_start: int, start: int, end: int) -> str:
    """The sentence(s) around [start, end): from the sentence end before it to the one after."""
    local_start = max(0, start - window_start)
    local_end = min(len(window), max(local_start, end - window_start))
    before = 0
    for match in _SENTENCE_END.finditer(window, 0, local_start):
        before = match.end()
    after = _SENTENCE_END.search(window, max(local_start, local_end - 1))  # its own full stop
    stop = after.end() if after else len(window)
    return _words(window[before:stop])


def _words(text: str) -> str:
    return " ".join(text.split())
