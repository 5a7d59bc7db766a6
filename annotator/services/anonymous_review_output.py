"""The anonymous-source queue written out: a plain-text table for a terminal, or CSV.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) are neutralised with a leading apostrophe: article text is untrusted, and
"=HYPERLINK(...)" in a quote must stay words. Terminal output drops control characters, so
an escape sequence in an article cannot repaint the terminal.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import TextIO

from annotator.services.anonymous_review import QueueGroup, QueueSource

Grouped = Iterable[tuple[QueueGroup, Iterator[QueueSource]]]

CSV_COLUMNS = (
    "document",
    "title",
    "outlet",
    "published",
    "source_id",
    "source",
    "anonymity",
    "role",
    "affiliation",
    "seniority",
    "count",
    "reason",
    "identity_reviewed",
    "description",
    "articles_with_description",
    "outlets_with_description",
    "flags",
    "statement_id",
    "statement_status",
    "mention",
    "cue",
    "content",
    "sentence",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def write_csv(sources: Iterable[QueueSource], stream: TextIO) -> int:
    """One row per statement, its source's columns repeated; returns the rows written."""
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    rows = 0
    for source in sources:
        for statement in source.statements:
            writer.writerow(_neutralised(_csv_row(source, statement)))
            rows += 1
    return rows


def write_grouped_csv(groups: Grouped, stream: TextIO) -> int:
    """`write_csv` with the heading first in a "group" column, the rows group by group."""
    writer = csv.writer(stream)
    writer.writerow(("group", *CSV_COLUMNS))
    rows = 0
    for group, sources in groups:
        heading = group.key if group.key is not None else ""
        for source in sources:
            for statement in source.statements:
                writer.writerow(_neutralised([heading, *_csv_row(source, statement)]))
                rows += 1
    return rows


def _neutralised(cells: list) -> list:
    """The cells as the dataset CSV writes them (one home for the rule). Imported here, not
    at the top: the window shows the queue with this module's words, and the formats
    (pydantic's document schema) would otherwise load at every launch."""
    from annotator.formats.csv_table import neutralised

    return [neutralised(cell) for cell in cells]


def _csv_row(source: QueueSource, statement) -> list:
    d = source.descriptors
    return [
        source.document_id,
        source.title,
        source.outlet,
        source.published,
        source.source_id,
        source.name,
        source.anonymity,
        d.role,
        d.affiliation,
        d.seniority,
        d.count,
        d.reason,
        "yes" if source.reviewed else "no",
        source.description,
        source.recurrence.articles,
        source.recurrence.outlets,
        "; ".join(source.flags()),
        statement.statement_id,
        statement.status,
        statement.mention,
        statement.cue,
        statement.content,
        statement.sentence,
    ]


def descriptor_words(source: QueueSource) -> str:
    """ "role official · affiliation Palestinian · …", the known descriptors only."""
    d = source.descriptors
    pairs = [("role", d.role), ("affiliation", d.affiliation), ("seniority", d.seniority)]
    pairs.append(("count", d.count))
    return " · ".join(f"{name} {value}" for name, value in pairs if value not in (None, ""))


def source_heading(source: QueueSource, flags: bool = True) -> str:
    """One line naming the source, its identity and (`flags`) the editor's flags."""
    reason = f"reason “{source.descriptors.reason}”" if source.descriptors.reason else "no reason"
    if not source.described:  # no speaker named: no one to give a reason for
        reason = ""
    parts = [source.name, str(source.anonymity), descriptor_words(source), reason]
    parts.append("reviewed" if source.reviewed else "to review")
    if flags:
        parts.append(flag_words(source))
    return " · ".join(p for p in parts if p)


def flag_words(source: QueueSource) -> str:
    """The flags besides "no reason" (which the heading says anyway), each marked ⚑."""
    return " · ".join(f"⚑ {flag}" for flag in source.flags() if flag != "no reason")


#: An article named by its opening words (no title) is cut near this many characters.
TITLE_WORDS_LENGTH = 70


def article_words(source: QueueSource) -> str:
    """ "Title — outlet, date (document id)"; an article without a title is named by its
    opening words, as the document list names it."""
    where = ", ".join(x for x in (source.outlet, source.published) if x)
    title = source.title or "(untitled)"
    if len(title) > TITLE_WORDS_LENGTH:
        title = title[:TITLE_WORDS_LENGTH].rsplit(" ", 1)[0] + " …"
    where = f" — {where}" if where else ""
    return f"{title}{where} ({source.document_id})"


def write_table(sources: Iterable[QueueSource], stream: TextIO) -> int:
    """Each source once, then the statements resting on it; returns the sources written."""
    count = 0
    for source in sources:
        if count:
            stream.write("\n")
        stream.write(_plain(f"{source_heading(source)}\n"))
        stream.write(_plain(f"  in {article_words(source)}\n"))
        for statement in source.statements:
            line = f"{statement.statement_id} [{statement.status}] “{statement.cue}”"
            stream.write(_plain(f"  - {line}: {statement.sentence}\n"))
        count += 1
    return count


def write_grouped_table(groups: Grouped, stream: TextIO) -> int:
    """Each heading with its counts, then its sources as `write_table` shows them."""
    count = 0
    for n, (group, sources) in enumerate(groups):
        if n:
            stream.write("\n")
        stream.write(_plain(f"== {group.label}\n\n"))
        count += write_table(sources, stream)
    return count


def _plain(text: str) -> str:
    return _CONTROL.sub("", text)
