"""The `annotator_speakers` spaCy component: who each statement's speaker is.

Runs after `annotator_attribution`. It reads `Doc._.statements`, reads each local source
mention ("He", "The spokesman", "an unnamed senior Palestinian official"), groups mentions
of the same speaker (`resolution`), and sets `Doc._.sources` (ids "s1", "s2", … in
order of first mention) and each statement's `source_id`. Statements whose sentence names no
speaker ("it was reported that …") share one vague source when `link_unattributed` is on.

Each source gets the stated reason for its anonymity where the text gives one
(`reasons`). Lexicons (roles, seniority, group nouns, anonymity markers and reasons)
are data files under `resources/lexicons/` (`speakers_*.txt`, `anonymity_*.txt`);
`lexicon_dir` points at a copy a user has extended.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from annotator.core.model import Anonymity, Source, Statement
from annotator.nlp.lexicons.speakers import SpeakerLexicons
from annotator.nlp.span_groups import write_span_groups
from annotator.nlp.speakers.anonymity import reason_finder
from annotator.nlp.speakers.mentions import DocIndex, Mention, read_mention
from annotator.nlp.speakers.reasons import link_reasons
from annotator.nlp.speakers.resolution import SourceCluster, resolve
from annotator.nlp.speakers.sources import (
    NameIndex,
    anonymity_of,
    build_source,
    unattributed_source,
)

FACTORY = "annotator_speakers"
STATEMENTS = "statements"
SOURCES = "sources"


def register_extensions() -> None:
    """Declare `Doc._.statements` and `Doc._.sources` unless already declared."""
    for name in (STATEMENTS, SOURCES):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


@Language.factory(
    FACTORY,
    assigns=[f"doc._.{SOURCES}"],
    requires=[f"doc._.{STATEMENTS}", "doc.ents", "token.dep"],
    default_config={"lexicon_dir": None, "link_unattributed": True},
)
def make_speakers(
    nlp: Language, name: str, lexicon_dir: str | None, link_unattributed: bool
) -> SpeakerResolver:
    """Build the component; lexicons come from `lexicon_dir` or the shipped resources."""
    lexicons = SpeakerLexicons.load(Path(lexicon_dir) if lexicon_dir else None)
    return SpeakerResolver(name, lexicons, link_unattributed=link_unattributed)


class SpeakerResolver:
    """Links every statement to its speaker and describes the speakers."""

    def __init__(self, name: str, lexicons: SpeakerLexicons, *, link_unattributed: bool = True):
        register_extensions()
        self.name = name
        self.lexicons = lexicons
        self.link_unattributed = link_unattributed

    def __call__(self, doc: Doc) -> Doc:
        statements = list(doc._.get(STATEMENTS) or [])
        clusters, by_statement = self.find_speakers(doc, statements)
        self.set_annotations(doc, statements, clusters, by_statement)
        return doc

    def find_speakers(
        self, doc: Doc, statements: list[Statement]
    ) -> tuple[list[SourceCluster], dict[str, Mention]]:
        """The speaker clusters, and the mention read for each statement (by statement id)."""
        index = DocIndex(doc)
        by_statement: dict[str, Mention] = {}
        for statement in statements:
            if statement.source is None:
                continue
            mention = read_mention(index, statement.source, self.lexicons)
            if mention is not None:
                by_statement[statement.id] = mention
        contents = [span for statement in statements for span in statement.content]
        candidates = index.named_candidates(contents)
        clusters = resolve(by_statement.values(), self.lexicons, candidates)
        self.give_reasons(index, statements, clusters, by_statement)
        return clusters, by_statement

    def give_reasons(
        self,
        index: DocIndex,
        statements: list[Statement],
        clusters: list[SourceCluster],
        by_statement: dict[str, Mention],
    ) -> None:
        """Set each mention's stated reason for anonymity (`reasons`)."""
        cluster_of = {id(m): c for c in clusters for m in c.mentions}
        for link in link_reasons(index, statements, reason_finder(self.lexicons)):
            mention = by_statement.get(link.statement_id)
            if mention is None or mention.reason is not None:
                continue
            cluster = cluster_of.get(id(mention))
            if link.follows and (
                cluster is None or cluster.reason or anonymity_of(cluster) == Anonymity.NAMED
            ):
                continue
            mention.reason = link.text

    def set_annotations(
        self,
        doc: Doc,
        statements: list[Statement],
        clusters: list[SourceCluster],
        by_statement: dict[str, Mention],
    ) -> None:
        """Set `doc._.sources` and each statement's `source_id`."""
        sources: list[Source] = []
        source_of_mention: dict[int, str] = {}
        names = NameIndex(doc)
        for number, cluster in enumerate(clusters, start=1):
            source = build_source(names, cluster, f"s{number}")
            sources.append(source)
            source_of_mention.update({id(m): source.id for m in cluster.mentions})
        unattributed = None
        for statement in statements:
            mention = by_statement.get(statement.id)
            if mention is not None:
                statement.source_id = source_of_mention.get(id(mention))
            elif statement.source is None and self.link_unattributed:
                if unattributed is None:
                    unattributed = unattributed_source(f"s{len(sources) + 1}")
                    sources.append(unattributed)
                statement.source_id = unattributed.id
        doc._.set(SOURCES, sources)
        write_span_groups(doc, statements)  # the sources' kb_id: the speakers just linked

    def to_disk(self, path: str | Path, exclude: tuple[str, ...] = ()) -> None:
        """Save the lexicons, so a saved pipeline carries the user's extensions."""
        self.lexicons.to_disk(Path(path))

    def from_disk(self, path: str | Path, exclude: tuple[str, ...] = ()) -> SpeakerResolver:
        """Load the lexicons saved by `to_disk`."""
        self.lexicons = SpeakerLexicons.load(Path(path))
        return self
