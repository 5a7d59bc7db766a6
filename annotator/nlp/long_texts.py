"""Long texts: spaCy's memory grows with the characters it is given at once, so it never gets
many of them.

Measured with en_core_web_sm on this project's machine: the tagger, parser and named-entity
recogniser hold about 3.4 KB per character of a batch while they run (a 1 MB article as one
Doc peaked at 3.5 GB; sixteen 30,000-character articles in one batch of `nlp.pipe` at 1.6 GB).
Our own components cost little next to that. So:

- an article longer than `LONG_TEXT_CHARS` (or `nlp.max_length`) is cut into chunks of at
  most `CHUNK_CHARS` at paragraph ends (`chunk_bounds`), the chunks run one after another
  through the whole pipeline, ours included, and their entities, statements and sources are
  stitched back with the chunk's offset added (`annotate_long_document`): memory is the
  pipeline, one chunk and the result, and time grows linearly with the text;
- shorter articles go through `nlp.pipe` in batches of at most `BATCH_CHARS` characters
  (and at most `batch_size` articles: `bounded_batches`), in this process or in the
  spawned workers of `annotator.nlp.processes`;
- an article longer than `MAX_TEXT_CHARS` is refused with `TextTooLong`, before any work.

An article up to `LONG_TEXT_CHARS` (every PolNeAR article, the longest 34,309 characters) is
one Doc, as before. Across a chunk border a long article loses what needs both sides: a quote
still open at the border ends there (a border is never put inside a quote that closes within
reach), a pronoun or description at the start of a chunk cannot refer back to a speaker of the
chunk before, and a nested statement cannot have its parent in the chunk before. Named sources
are merged across borders by name (as `speakers.resolution` does inside a Doc); the other
occurrences of a name are listed only from the chunks where it speaks. Statements, entities
and sources are numbered over the whole article.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import fields, replace
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from annotator.core.model import Anonymity, Document, Entity, Source, SourceKind, Span, Statement
from annotator.nlp.attribution.quotes import find_quotes
from annotator.nlp.convert import entities_of
from annotator.nlp.extensions import CONTINUES, SOURCES, STATEMENTS, register_extensions
from annotator.nlp.speakers.mentions import name_key, names_match
from annotator.nlp.speakers.sources import unattributed_source

#: An article longer than this is processed in chunks (shorter ones are one Doc, as always).
LONG_TEXT_CHARS = 100_000
#: Characters per chunk of a long article (chunks go through spaCy one at a time).
CHUNK_CHARS = 20_000
#: Characters per batch of `nlp.pipe` for shorter articles (a batch holds at least one).
BATCH_CHARS = 50_000
#: Longest article the pre-annotator takes: 25 MB of text, about 5,000 pages of news. Its
#: result (statements, entities, sources) and the text itself stay in memory until stored;
#: at this size the whole run peaks under 1 GB (docs/PERFORMANCE.md, "Long articles").
MAX_TEXT_CHARS = 25_000_000

#: Where a chunk may end, best first: after a blank line, after a line break, after the end
#: of a sentence, after a space; else anywhere.
_PARAGRAPH_END = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_LINE_END = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*\s+")
_SPACE = re.compile(r"\s+")
_CUTS = (_PARAGRAPH_END, _LINE_END, _SENTENCE_END, _SPACE)

Context = TypeVar("Context")


class TextTooLong(ValueError):
    """An article longer than the pre-annotator takes; the message says what to do."""

    def __init__(self, document_id: str, length: int, limit: int):
        self.document_id = document_id
        self.length = length
        self.limit = limit
        super().__init__(
            f"article {document_id!r} is too long to pre-annotate: {length:,} characters, "
            f"the limit is {limit:,} ({limit / 1_000_000:g} MB). Split it into several "
            "articles, or import it without pre-annotation (annotator import --no-annotate)."
        )


def check_length(document: Document, limit: int | None = None) -> None:
    """Raise `TextTooLong` when `document` is longer than `limit` (`MAX_TEXT_CHARS`)."""
    limit = MAX_TEXT_CHARS if limit is None else limit
    if len(document.text) > limit:
        raise TextTooLong(document.id, len(document.text), limit)


def is_long(nlp: Language, text: str) -> bool:
    """Whether `text` is processed in chunks rather than as one Doc."""
    return len(text) > min(LONG_TEXT_CHARS, nlp.max_length)


def bounded_batches(
    items: Iterable[tuple[str, Context]], size: int, max_chars: int | None = None
) -> Iterator[list[tuple[str, Context]]]:
    """Consecutive batches of `(text, context)` items for `nlp.pipe`: at most `size` items
    and `max_chars` characters (`BATCH_CHARS`) each; a longer text is a batch of its own."""
    max_chars = BATCH_CHARS if max_chars is None else max_chars
    batch: list[tuple[str, Context]] = []
    chars = 0
    for item in items:
        if batch and chars + len(item[0]) > max_chars:
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[0])
        if len(batch) >= max(1, size):
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def split_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """`text` cut into pieces of at most `size` characters, `"".join(pieces) == text`
    (see `chunk_bounds` for where)."""
    return [text[start:end] for start, end in chunk_bounds(text, size)]


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive pieces of `text` of at most `size` characters.

    A piece ends after a blank line when there is one in reach, else after a line break,
    after a sentence or after a space, in that order; never inside a quote when a cut
    outside one is in reach. White space after the cut stays with the piece it ends.
    """
    quotes = find_quotes(text)
    starts = [q.start for q in quotes]
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            end = _cut(text, start, end, quotes, starts)
        yield start, end
        start = end


def _cut(text: str, start: int, end: int, quotes: list, starts: list[int]) -> int:
    """Where the piece from `start` ends, at most at `end`: the best kind of cut in the second
    half of the piece outside a quote, else anywhere outside a quote, else anywhere."""
    half = start + (end - start) // 2
    for lowest, outside in ((half, True), (start + 1, True), (start + 1, False)):
        for pattern in _CUTS:
            cuts = [m.end() for m in pattern.finditer(text, lowest, end)]
            for cut in reversed(cuts):
                if not outside or not _inside_quote(cut, quotes, starts):
                    return cut
    return end


def _inside_quote(at: int, quotes: list, starts: list[int]) -> bool:
    i = bisect.bisect_right(starts, at - 1) - 1
    return i >= 0 and quotes[i].start < at < quotes[i].end


def annotate_long_document(
    nlp: Language, document: Document, ours: Iterable[str], *, chunk_chars: int = CHUNK_CHARS
) -> Document:
    """A copy of `document` annotated chunk by chunk (see the module's docstring).

    `ours` names the components that read a whole parsed Doc (attribution, speakers): they
    run on each chunk after spaCy's own, with the chunk flagged when it is not the start of
    the article (`Doc.user_data[CONTINUES]`), so that no headline is looked for in it. One
    chunk at a time goes through spaCy, and the chunks are sliced from the text as they go.
    """
    register_extensions()
    ours = [name for name in nlp.pipe_names if name in set(ours)]
    text, size = document.text, min(chunk_chars, nlp.max_length)
    pieces = ((text[start:end], start) for start, end in chunk_bounds(text, size))
    stitcher = _Stitcher()
    for doc, offset in nlp.pipe(pieces, as_tuples=True, disable=ours, batch_size=1):
        if offset:
            doc.user_data[CONTINUES] = True
        for name in ours:
            doc = nlp.get_pipe(name)(doc)
        stitcher.add(doc, offset)
    return stitcher.document(document)


class _Stitcher:
    """The annotations of consecutive chunks, as one article's: offsets shifted, statements
    numbered "q1", "q2", … in text order, sources numbered in order of first mention with
    named ones merged across chunks and the unattributed source last."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.statements: list[Statement] = []
        self.sources: list[Source] = []
        self.unattributed: list[Statement] = []  # statements of the unattributed source
        self._named: dict[str, list[int]] = {}  # last word of a name → indices in `sources`
        self._last_chunk: list[int] = []  # the last chunk each source speaks in
        self._chunks = 0

    def add(self, doc: Doc, offset: int) -> None:
        self._chunks += 1
        self.entities += [
            replace(e, start=e.start + offset, end=e.end + offset) for e in entities_of(doc)
        ]
        source_ids: dict[str, str | None] = {}  # None: the chunk's unattributed source
        for source in doc._.get(SOURCES) or []:
            if source == unattributed_source(source.id):
                source_ids[source.id] = None
            else:
                source_ids[source.id] = self._add_source(_shift_source(source, offset))
        statements = doc._.get(STATEMENTS) or []
        first = len(self.statements) + 1
        numbers = {st.id: f"q{n}" for n, st in enumerate(statements, start=first)}
        for statement in statements:
            shifted = _shift_statement(statement, offset)
            shifted.id = numbers[statement.id]
            shifted.parent = numbers.get(statement.parent) if statement.parent else None
            if statement.source_id is not None:
                shifted.source_id = source_ids.get(statement.source_id)
                if shifted.source_id is None:
                    self.unattributed.append(shifted)
            self.statements.append(shifted)

    def _add_source(self, source: Source) -> str:
        """Add `source`, or merge it into the named source of an earlier chunk it names;
        returns its id."""
        earlier = self._earlier_named(source)
        if earlier is None:
            index = len(self.sources)
            source.id = f"s{index + 1}"
            self.sources.append(source)
            self._last_chunk.append(self._chunks)
            if source.entity:
                self._named.setdefault(_last_word(source.entity), []).append(index)
        else:
            index = earlier
            _merge_into(self.sources[index], source)
            self._last_chunk[index] = self._chunks
        return self.sources[index].id

    def _earlier_named(self, source: Source) -> int | None:
        """The source of an earlier chunk with the same name, most recently heard first."""
        if not source.entity:
            return None
        same = [
            i
            for i in self._named.get(_last_word(source.entity), [])
            if self._last_chunk[i] < self._chunks
            and names_match(self.sources[i].entity or "", source.entity)
        ]
        return max(same, key=lambda i: (self._last_chunk[i], i)) if same else None

    def document(self, document: Document) -> Document:
        sources = self.sources
        if self.unattributed:
            vague = unattributed_source(f"s{len(sources) + 1}")
            sources = [*sources, vague]
            for statement in self.unattributed:
                statement.source_id = vague.id
        return replace(
            document,
            meta=dict(document.meta),
            entities=self.entities,
            sources=sources,
            statements=self.statements,
            provenance=replace(document.provenance, annotators=[*document.provenance.annotators]),
        )


def _last_word(name: str) -> str:
    words = name_key(name).split()
    return words[-1] if words else ""


def _shift(span: Span, offset: int) -> Span:
    return Span(span.start + offset, span.end + offset, span.text)


def _shift_statement(statement: Statement, offset: int) -> Statement:
    return replace(
        statement,
        cue=_shift(statement.cue, offset),
        content=[_shift(s, offset) for s in statement.content],
        source=_shift(statement.source, offset) if statement.source else None,
    )


def _shift_source(source: Source, offset: int) -> Source:
    return replace(source, mentions=[_shift(m, offset) for m in source.mentions])


def _merge_into(earlier: Source, later: Source) -> None:
    """`later`, a named source of a later chunk, joins `earlier` (same name)."""
    earlier.mentions += later.mentions  # later chunk: every mention comes after
    names = [n for n in (earlier.entity, later.entity) if n]
    earlier.entity = max(names, key=lambda n: len(n.split())) if names else None
    earlier.name = earlier.entity or earlier.name
    if earlier.kind == SourceKind.UNKNOWN:
        earlier.kind = later.kind
    if later.anonymity == Anonymity.NAMED:
        earlier.anonymity = Anonymity.NAMED
    for f in fields(earlier.descriptors):
        if getattr(earlier.descriptors, f.name) is None:
            setattr(earlier.descriptors, f.name, getattr(later.descriptors, f.name))
    if earlier.anonymity == Anonymity.NAMED:
        earlier.descriptors.count = None  # a count describes unnamed speakers only
