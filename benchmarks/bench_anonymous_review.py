"""Anonymous-source review benchmark: a page of the queue, its count and each filter, on a
generated corpus of N documents (default 100,000) in a fresh SQLite file.

Each invented article has six speakers: three named people, two anonymous sources described
from a pool ("a senior Palestinian official", "two Western diplomats" …; about a third give
a reason), a vague collective; one article in ten quotes unnamed sources only (its named
people become vague "Officials", the third is left out). The
annotator has decided one source in fifty. Run from the repository root:

    .venv/bin/python benchmarks/bench_anonymous_review.py --documents 100000

Figures are recorded in docs/PERFORMANCE.md, section "Anonymous-source review".
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.core.commands import SetAnonymity
from annotator.core.model import Anonymity, Descriptors, Document, Source, Statement
from annotator.services.anonymous_review import (
    DescriptionCounts,
    QueueFilters,
    iter_queue,
    queue_count,
    queue_groups,
    queue_page,
)
from annotator.services.workspace import Workspace

PIPELINE = {"name": "bench-synthetic", "version": "1", "tool": "bench_anonymous_review.py"}
OUTLETS = ("wire", "herald", "daily", "post", "times", "courier", "globe", "tribune")
AFFILIATIONS = ("Palestinian", "Israeli", "Egyptian", "Western", "US", "European", "Iranian")
ROLES = ("official", "diplomat", "source", "aide", "officer", "negotiator", "analyst")
SENIORITY = ("senior", "junior", "", "", "high-ranking")
REASONS = (
    "who asked not to be named",
    "who was not authorised to speak publicly",
    "speaking on condition of anonymity",
)
NAMES = ("Ana Ruiz", "Tamim Khallaf", "Jane Doe", "Omar Haddad", "Lea Stein", "Ravi Nair")


def invented(n: int, rng: random.Random) -> Document:
    """An article of six quoted speakers, two of them anonymous and one vague."""
    published = f"20{rng.randint(20, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    doc = Document(
        id=f"doc{n:07d}",
        text="",
        meta={
            "title": f"Talks, day {n}",
            "outlet": rng.choice(OUTLETS),
            "published": published,
        },
    )
    unnamed_only = n % 10 == 0
    speakers: list[tuple[str, Anonymity, Descriptors]] = []
    for _ in range(2):
        if unnamed_only:
            speakers.append(("Officials", Anonymity.VAGUE, Descriptors(role="official")))
        else:
            speakers.append((rng.choice(NAMES), Anonymity.NAMED, Descriptors()))
    for _ in range(2):
        seniority, affiliation, role = (
            rng.choice(SENIORITY),
            rng.choice(AFFILIATIONS),
            rng.choice(ROLES),
        )
        reason = rng.choice(REASONS) if rng.random() < 0.35 else None
        words = " ".join(w for w in ("a", seniority, affiliation, role) if w)
        descriptors = Descriptors(role, affiliation, seniority or None, 1, reason)
        speakers.append((words, Anonymity.ANONYMOUS, descriptors))
    speakers.append(("Critics", Anonymity.VAGUE, Descriptors()))
    if not unnamed_only:
        speakers.append((rng.choice(NAMES), Anonymity.NAMED, Descriptors()))
    text = ""
    for i, (who, anonymity, descriptors) in enumerate(speakers):
        sentence_start = len(text)
        said = f"{who} said that the talks on item {i} of the agenda had reached a deadlock. "
        text += said + "Nothing else happened in that meeting, according to the minutes. "
        doc.sources.append(Source(f"s{i}", who, anonymity=anonymity, descriptors=descriptors))
        doc.statements.append((i, sentence_start, who))
    doc.text = text
    statements = []
    for i, start, who in doc.statements:
        mention = doc.span(start, start + len(who))
        cue_start = mention.end + 1
        cue = doc.span(cue_start, cue_start + 4)
        content = doc.span(cue.end + 6, text.index(".", cue.end))
        doc.sources[i].mentions = [mention]
        statements.append(
            Statement(f"q{i}", cue=cue, content=[content], source=mention, source_id=f"s{i}")
        )
    doc.statements = statements
    return doc


def corpus(count: int, seed: int = 7) -> Iterator[Document]:
    rng = random.Random(seed)
    for n in range(count):
        yield invented(n, rng)


def timed(call: Callable[[], object], runs: int = 5) -> tuple[float, float, object]:
    """Median and maximum milliseconds of `runs` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="reuse (or build) this database file")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "bench_anonymous.sqlite3"
    fresh = not path.exists()
    workspace = Workspace.open(str(path), "bench")
    if fresh:
        start = time.perf_counter()
        workspace.add_documents(corpus(args.documents), pipeline=PIPELINE, batch_size=1000)
        print(f"built {args.documents:,} documents in {time.perf_counter() - start:.0f} s")
        decide_some(workspace)
    print(f"{platform.python_version()}, {os.cpu_count()} cores, database {path}")
    print(f"{'what':58} {'median ms':>10} {'max ms':>8}  result")
    print("(pages and counts with the description counts kept, as the queue and the CLI keep them)")
    cases = {
        "first page (200 sources), no filter": QueueFilters(),
        "first page, no stated reason": QueueFilters(no_reason=True),
        "first page, articles on unnamed sources only": QueueFilters(anonymous_only_articles=True),
        "first page, recurring descriptions": QueueFilters(recurring=True),
        "first page, outlet 'herald'": QueueFilters(outlet="herald"),
        "first page, 2024 only": QueueFilters(
            published_from="2024-01-01", published_to="2024-12-31"
        ),
        "first page, role contains 'diplomat'": QueueFilters(descriptors=(("role", "diplomat"),)),
        "first page, reviewed by the annotator": QueueFilters(review="reviewed"),
        "first page, description = 'senior palestinian official'": QueueFilters(
            description="senior palestinian official"
        ),
    }
    counts = DescriptionCounts(workspace)

    def fresh_counts() -> int:
        counts.forget()
        return len(counts.get())

    median, worst, keys = timed(fresh_counts, runs=3)
    what = "description counts, one pass (after a change)"
    print(f"{what:58} {median:10.1f} {worst:8.1f}  {keys:,} descriptions")
    for what, filters in cases.items():
        median, worst, page = timed(lambda f=filters: queue_page(workspace, f, counts=counts))
        print(f"{what:58} {median:10.1f} {worst:8.1f}  {len(page)} sources")
    middle = args.documents * 2  # about half of the ~4 unnamed sources per article
    median, worst, page = timed(lambda: queue_page(workspace, QueueFilters(), middle, 200, counts))
    what = f"a page in the middle (offset {middle:,})"
    print(f"{what:58} {median:10.1f} {worst:8.1f}  {len(page)} sources")
    after = queue_page(workspace, QueueFilters(), middle - 1, 1, counts)[0]
    median, worst, same = timed(
        lambda: queue_page(workspace, QueueFilters(), 0, 200, counts, after)
    )
    assert [s.source_id for s in same] == [s.source_id for s in page]
    what = "the same page read on from its previous row (scrolling, CLI)"
    print(f"{what:58} {median:10.1f} {worst:8.1f}  {len(same)} sources")
    median, worst, total = timed(
        lambda: sum(1 for _ in iter_queue(workspace, QueueFilters(no_reason=True))), runs=1
    )
    what = "every source with no stated reason, page by page (CLI)"
    print(f"{what:58} {median:10.1f} {worst:8.1f}  {total:,} sources")
    for what, filters in (("count up to 1,000 (the window's summary)", QueueFilters()),):
        median, worst, total = timed(lambda f=filters: queue_count(workspace, f, counts, 1000))
        print(f"{what:58} {median:10.1f} {worst:8.1f}  {total:,}")
    for what, filters in (
        ("count, no filter", QueueFilters()),
        ("count, no stated reason", QueueFilters(no_reason=True)),
        ("count, recurring descriptions", QueueFilters(recurring=True)),
    ):
        median, worst, total = timed(lambda f=filters: queue_count(workspace, f, counts), runs=3)
        print(f"{what:58} {median:10.1f} {worst:8.1f}  {total:,}")
    grouped(workspace, counts)
    workspace.close()


def grouped(workspace: Workspace, counts: DescriptionCounts) -> None:
    """The grouped queue: its headings (one pass, in a worker in the window), a page of a
    heading's sources as it opens, and the date orders."""
    print("(grouped: the headings, then the first page of 100 sources under a heading)")
    for group_by in ("description", "outlet", "month", "day"):
        median, worst, groups = timed(
            lambda g=group_by: queue_groups(workspace, QueueFilters(), g, counts), runs=3
        )
        print(f"{'headings by ' + group_by:58} {median:10.1f} {worst:8.1f}  {len(groups):,}")
        for which, group in (
            ("largest", max(groups, key=lambda g: g.sources)),
            ("smallest", min(groups, key=lambda g: g.sources)),
        ):
            narrowed = group.narrow(QueueFilters())
            median, worst, page = timed(lambda f=narrowed: queue_page(workspace, f, 0, 100, counts))
            what = f"  open the {which} ({group.key}, {group.sources:,})"
            print(f"{what:58} {median:10.1f} {worst:8.1f}  {len(page)} sources")
    rare = QueueFilters(description="a description no source has")
    median, worst, page = timed(lambda: queue_page(workspace, rare, 0, 100, counts), runs=3)
    what = "  a description found nowhere (the worst case: every source)"
    print(f"{what:58} {median:10.1f} {worst:8.1f}  {len(page)} sources")
    for order in ("newest", "oldest"):
        for offset in (0, 100, 10_000, 100_000):
            median, worst, page = timed(
                lambda o=order, at=offset: queue_page(
                    workspace, QueueFilters(), at, 100, counts, order=o
                ),
                runs=3,
            )
            what = f"{order} first, 100 sources at offset {offset:,}"
            print(f"{what:58} {median:10.1f} {worst:8.1f}  {len(page)} sources")
        after = queue_page(workspace, QueueFilters(), 99_999, 1, counts, order=order)[0]
        median, worst, same = timed(
            lambda o=order, a=after: queue_page(workspace, QueueFilters(), 0, 100, counts, a, o)
        )
        assert [s.source_id for s in same] == [s.source_id for s in page]
        what = f"{order} first, the same page read on from its previous row"
        print(f"{what:58} {median:10.1f} {worst:8.1f}  {len(same)} sources")
    median, worst, total = timed(
        lambda: sum(1 for _ in iter_queue(workspace, QueueFilters(no_reason=True), "newest")),
        runs=1,
    )
    what = "every source with no stated reason, newest first (CLI)"
    print(f"{what:58} {median:10.1f} {worst:8.1f}  {total:,} sources")


def decide_some(workspace: Workspace) -> None:
    """The annotator gives a reason to one anonymous source in fifty."""
    page = queue_page(workspace, QueueFilters(anonymity="anonymous"), 0, 2000)
    for source in page[::50]:
        descriptors = Descriptors(
            source.descriptors.role,
            source.descriptors.affiliation,
            source.descriptors.seniority,
            source.descriptors.count,
            "confirmed with the reporter",
        )
        workspace.apply(
            SetAnonymity(source.document_id, source.source_id, Anonymity.ANONYMOUS, descriptors)
        )


if __name__ == "__main__":
    main()
