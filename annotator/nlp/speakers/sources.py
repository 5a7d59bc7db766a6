"""From a cluster of mentions to the `Source` a fact-checker sees: name, kind, anonymity,
descriptors, every mention (the coreference chain) and the named entity it resolves to."""

from __future__ import annotations

from dataclasses import fields

from spacy.tokens import Doc

from annotator.core.model import Anonymity, Descriptors, Source, SourceKind, Span
from annotator.nlp.speakers.mentions import NAMING_LABELS, Mention, name_key, names_match
from annotator.nlp.speakers.resolution import SourceCluster


def _filled(descriptors: Descriptors | None) -> int:
    if descriptors is None:
        return 0
    return sum(getattr(descriptors, f.name) is not None for f in fields(descriptors))


def richest_description(cluster: SourceCluster) -> Mention | None:
    """The mention that says most of the speaker (the earliest on a tie), pronouns aside."""
    described = [m for m in cluster.mentions if m.pronoun is None]
    if not described:
        return None
    return max(described, key=lambda m: (_filled(m.descriptors), -m.start))


def anonymity_of(cluster: SourceCluster) -> Anonymity:
    """Named when any mention names it; else anonymous when described; else vague.

    An institution or office named by what it is ("the city council", "the mayor") is
    named unless it refers back to someone unnamed ("a council employee … the council").
    """
    named = [m for m in cluster.mentions if m.anonymity == Anonymity.NAMED]
    if cluster.entity or any(not m.unique for m in named):
        return Anonymity.NAMED
    if any(m.anonymity == Anonymity.ANONYMOUS for m in cluster.mentions):
        return Anonymity.ANONYMOUS
    if named:
        return Anonymity.NAMED
    if any(m.anonymity == Anonymity.VAGUE for m in cluster.mentions):
        return Anonymity.VAGUE
    # A description alone ("the official", never introduced) still describes someone.
    if any(m.role for m in cluster.mentions):
        return Anonymity.ANONYMOUS
    return Anonymity.VAGUE


def descriptors_of(cluster: SourceCluster, best: Mention | None) -> Descriptors:
    """The richest mention's descriptors, gaps filled from the other mentions in order."""
    base = best.descriptors if best and best.descriptors else Descriptors()
    merged = Descriptors(**{f.name: getattr(base, f.name) for f in fields(base)})
    for f in fields(merged):
        if getattr(merged, f.name) is None:
            setattr(merged, f.name, cluster.descriptor(f.name))
    merged.reason = merged.reason or cluster.reason
    return merged


class NameIndex:
    """The named-entity occurrences of a Doc, looked up by the last word of their name."""

    def __init__(self, doc: Doc):
        self._by_last_word: dict[str, list[Span]] = {}
        for ent in doc.ents:
            key = name_key(ent.text).split()
            if ent.label_ in NAMING_LABELS and key:
                span = Span(ent.start_char, ent.end_char, ent.text)
                self._by_last_word.setdefault(key[-1], []).append(span)

    def occurrences(self, entity: str) -> list[Span]:
        """Every occurrence with the same name ("Khallaf’s" for "Tamim Khallaf")."""
        key = name_key(entity).split()
        candidates = self._by_last_word.get(key[-1], []) if key else []
        if len(key) == 1:
            # A surname alone cannot tell "Hillary Clinton" from "Chelsea Clinton".
            candidates = [c for c in candidates if len(name_key(c.text).split()) == 1]
        return [span for span in candidates if names_match(span.text, entity)]


def build_source(names: NameIndex, cluster: SourceCluster, source_id: str) -> Source:
    """The `Source` for one cluster; `names` finds the other occurrences of its name."""
    best = richest_description(cluster)
    entity = cluster.entity
    anonymity = anonymity_of(cluster)
    mentions = {m.span for m in cluster.mentions}
    if entity:
        # Other occurrences of the name, except those inside a mention already listed.
        mentions.update(
            e
            for e in names.occurrences(entity)
            if not any(m.start <= e.start and e.end <= m.end for m in mentions)
        )
    descriptors = descriptors_of(cluster, best)
    if anonymity == Anonymity.NAMED:
        descriptors.count = None  # a count describes unnamed speakers only
    return Source(
        id=source_id,
        name=entity or (best.span.text if best else cluster.mentions[0].span.text),
        kind=cluster.kind,
        anonymity=anonymity,
        descriptors=descriptors,
        mentions=sorted(mentions, key=lambda s: (s.start, s.end)),
        entity=entity,
    )


def unattributed_source(source_id: str) -> Source:
    """The vague source of statements whose sentence names no speaker ("it was reported")."""
    return Source(
        id=source_id,
        name="unattributed (no speaker named)",
        kind=SourceKind.UNKNOWN,
        anonymity=Anonymity.VAGUE,
    )
