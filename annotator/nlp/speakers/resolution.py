"""Which mentions refer to the same speaker: source clusters built in text order.

Each mention joins the cluster it refers back to, or starts a new one:
- a name joins the cluster with the same name ("Khallaf’s" ↔ "Tamim Khallaf");
- a pronoun joins the most recent compatible speaker: "he"/"she" a singular person, "it" an
  organisation, "they" a group or organisation, never against a gender already seen;
- a definite description ("The spokesman", "The movement") joins the most recent cluster
  sharing its role or group noun ("official" also covers spokesmen, ministers, …);
- an indefinite anonymous description joins the anonymous speaker of the sentence just
  before when affiliation and number agree ("A Palestinian leader" … "an unnamed senior
  Palestinian official"), unless it says "another".
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from annotator.core.model import Anonymity, SourceKind
from annotator.nlp.lexicons.speakers import SpeakerLexicons
from annotator.nlp.speakers.mentions import (
    FEMALE,
    MALE,
    NAMING_LABELS,
    NEUTER,
    PLURAL,
    Mention,
    NamedCandidate,
    group_kind,
    names_match,
)

T = TypeVar("T")

#: How many sentences back an indefinite description may still be the same speaker.
DESCRIPTION_MERGE_DISTANCE = 1


@dataclass(slots=True)
class SourceCluster:
    """Mentions of one speaker, in text order; what they say of it is worked out once per
    change (`add`), as resolution asks it for every later mention."""

    mentions: list[Mention] = field(default_factory=list)
    _memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self._memo.clear()

    def _remember(self, name: str, compute: Callable[[], T]) -> T:
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]  # type: ignore[return-value]

    @property
    def last(self) -> Mention:
        return self.mentions[-1]

    @property
    def described(self) -> list[Mention]:
        """The mentions that are not pronouns."""
        return self._remember("described", lambda: [m for m in self.mentions if not m.pronoun])

    @property
    def entity(self) -> str | None:
        def compute() -> str | None:
            # The fullest name given: "Hillary Clinton" rather than "Clinton".
            names = [m.entity for m in self.mentions if m.entity]
            return max(names, key=lambda n: len(n.split())) if names else None

        return self._remember("entity", compute)

    @property
    def kind(self) -> SourceKind:
        def compute() -> SourceKind:
            kinds = [m.kind for m in self.described] or [m.kind for m in self.mentions]
            return next((k for k in kinds if k != SourceKind.UNKNOWN), SourceKind.UNKNOWN)

        return self._remember("kind", compute)

    @property
    def gender(self) -> str | None:
        def compute() -> str | None:
            return next((m.gender for m in self.mentions if m.gender), None)

        return self._remember("gender", compute)

    @property
    def plural(self) -> bool:
        return self._remember(
            "plural", lambda: any(m.plural for m in self.described or self.mentions)
        )

    @property
    def roles(self) -> set[str]:
        return self._remember("roles", lambda: {m.role for m in self.described if m.role})

    @property
    def groups(self) -> set[str]:
        return self._remember("groups", lambda: {m.group for m in self.described if m.group})

    @property
    def anonymous(self) -> bool:
        return self.entity is None and any(
            m.anonymity == Anonymity.ANONYMOUS for m in self.described
        )

    @property
    def reason(self) -> str | None:
        """The first stated reason for anonymity given for any of the mentions."""
        return next((m.reason for m in self.mentions if m.reason), None)

    def descriptor(self, name: str) -> str | int | None:
        """The first value of descriptor `name` among the mentions, if any."""

        def compute() -> str | int | None:
            values = (getattr(m.descriptors, name) for m in self.described if m.descriptors)
            return next((v for v in values if v), None)

        return self._remember(f"descriptor:{name}", compute)


def resolve(
    mentions: Iterable[Mention],
    lexicons: SpeakerLexicons,
    candidates: Sequence[NamedCandidate] = (),
) -> list[SourceCluster]:
    """Group `mentions` into speakers; clusters come in order of their first mention.

    `candidates` are the named entities of the text (`DocIndex.named_candidates`): a pronoun
    with no earlier speaker, or right after a new subject, stands for one of them.
    """
    clusters: list[SourceCluster] = []
    recent: list[SourceCluster] = []  # most recently mentioned first
    by_span: dict[tuple[int, int], SourceCluster] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        key = (mention.span.start, mention.span.end)
        # Two statements may share one mention ("He said X and added Y").
        if mention.pronoun and key not in by_span:
            _name_pronoun(mention, recent, candidates)
        target = by_span.get(key) or _holder(mention, recent)
        target = target or antecedent(mention, recent, lexicons)
        if target is None:
            target = SourceCluster()
            clusters.append(target)
        else:
            recent.remove(target)
        target.add(mention)
        recent.insert(0, target)
        by_span[key] = target
    return clusters


def _holder(mention: Mention, recent: list[SourceCluster]) -> SourceCluster | None:
    """For a relative pronoun, the speaker one of whose mentions holds the noun it stands
    for ("said one source who identified Farrow": "who" is that source)."""
    if mention.refers_to is None:
        return None
    at = mention.refers_to
    held = (c for c in recent if any(m.start <= at < m.span.end for m in c.mentions))
    return next(held, None)


#: How many sentences back a pronoun may find its named entity, when no speaker fits.
PRONOUN_ENTITY_DISTANCE = 2
_PRONOUN_LABELS = {
    **dict.fromkeys(MALE | FEMALE, frozenset({"PERSON"})),
    **dict.fromkeys(NEUTER, frozenset({"ORG", "GPE"})),
    **dict.fromkeys(PLURAL, frozenset({"NORP", "ORG"})),
}


def _name_pronoun(
    mention: Mention, recent: list[SourceCluster], candidates: Sequence[NamedCandidate]
) -> None:
    """Give a pronoun the name it stands for when no speaker fits it, or when a compatible
    named subject came after that speaker's last mention, in this sentence or the one before
    ("Trump arrived on Monday. He said …")."""
    labels = _PRONOUN_LABELS.get(mention.pronoun or "")
    if not labels:
        return
    speaker = next((c for c in recent if pronoun_fits(mention.pronoun or "", c)), None)
    at = bisect_left([c.start for c in candidates], mention.start)
    for candidate in reversed(candidates[:at]):
        if mention.sentence - candidate.sentence > PRONOUN_ENTITY_DISTANCE:
            return
        if candidate.label not in labels or _known_misfit(candidate, mention, recent):
            continue
        if speaker is not None:
            recent_subject = candidate.subject and mention.sentence - candidate.sentence <= 1
            if not (recent_subject and candidate.start > speaker.last.start):
                return
        mention.entity, mention.entity_label = candidate.text, candidate.label
        mention.kind = NAMING_LABELS[candidate.label]
        return


def _known_misfit(candidate: NamedCandidate, mention: Mention, recent: list[SourceCluster]) -> bool:
    """Whether the candidate is a speaker already known not to fit ("she" for Mr. Trump)."""
    known = (c for c in recent if c.entity and names_match(c.entity, candidate.text))
    cluster = next(known, None)
    return cluster is not None and not pronoun_fits(mention.pronoun or "", cluster)


def antecedent(
    mention: Mention, recent: list[SourceCluster], lexicons: SpeakerLexicons
) -> SourceCluster | None:
    """The cluster `mention` refers back to, or None for a new speaker; `recent` lists the
    clusters most recently mentioned first."""
    if mention.entity:
        named = (c for c in recent if c.entity and names_match(c.entity, mention.entity))
        return next(named, None)
    if mention.pronoun in PLURAL:
        # "they" is far more often people than an organisation: try plural speakers first.
        plural = next((c for c in recent if c.plural), None)
        return plural or next((c for c in recent if pronoun_fits(mention.pronoun, c)), None)
    if mention.pronoun:
        return next((c for c in recent if pronoun_fits(mention.pronoun, c)), None)
    if mention.definite:
        return next((c for c in recent if description_fits(mention, c, lexicons)), None)
    if mention.indefinite and mention.anonymity == Anonymity.ANONYMOUS and not mention.distinct:
        return next((c for c in recent[:1] if same_anonymous_speaker(mention, c)), None)
    return None


def pronoun_fits(pronoun: str, cluster: SourceCluster) -> bool:
    """Number, gender and kind agreement of a pronoun with a speaker."""
    kind, gender = cluster.kind, cluster.gender
    if pronoun in MALE | FEMALE:
        wanted = "male" if pronoun in MALE else "female"
        person = kind in (SourceKind.PERSON, SourceKind.UNKNOWN)
        return person and not cluster.plural and gender in (None, wanted)
    if pronoun in NEUTER:
        return kind in (SourceKind.ORGANISATION, SourceKind.MEDIA, SourceKind.DOCUMENT)
    if pronoun in PLURAL | {"we", "us", "our"}:
        return cluster.plural or kind in (SourceKind.GROUP, SourceKind.ORGANISATION)
    return pronoun in {"i", "me", "my"} and kind in (SourceKind.PERSON, SourceKind.UNKNOWN)


def roles_fit(role: str, roles: set[str], lexicons: SpeakerLexicons) -> bool:
    """Same role, or a generic role covering a specific one ("official" ↔ "spokesman")."""
    if role in roles:
        return True
    covered = set(lexicons.generic_roles.get(role, "").split())
    return bool(covered & roles) or any(
        role in lexicons.generic_roles.get(r, "").split() for r in roles
    )


def description_fits(mention: Mention, cluster: SourceCluster, lexicons: SpeakerLexicons) -> bool:
    """A definite description matches a speaker sharing its role or group noun, with no
    conflicting affiliation, seniority or number."""
    if cluster.plural != mention.plural:
        return False
    if mention.role:
        shared = roles_fit(mention.role, cluster.roles, lexicons)
    elif mention.group:
        shared = mention.group in cluster.groups or (
            cluster.kind == group_kind(mention.group, lexicons)
        )
    else:
        # A noun no lexicon knows, taken as the role of an earlier speaker ("one juror" …
        # "the juror").
        shared = bool(mention.head) and mention.head in cluster.roles
    return shared and not _conflicts(mention, cluster)


def _conflicts(mention: Mention, cluster: SourceCluster) -> bool:
    if mention.descriptors is None:
        return False
    for name in ("affiliation", "seniority"):
        mine, theirs = getattr(mention.descriptors, name), cluster.descriptor(name)
        if mine and theirs and mine.lower() not in str(theirs).lower():
            return True
    return False


def same_anonymous_speaker(mention: Mention, cluster: SourceCluster) -> bool:
    """An indefinite description continuing the unnamed speaker of the sentence before."""
    if not cluster.anonymous or cluster.plural != mention.plural:
        return False
    if mention.sentence - cluster.last.sentence > DESCRIPTION_MERGE_DISTANCE:
        return False
    mine = mention.descriptors.affiliation if mention.descriptors else None
    theirs = cluster.descriptor("affiliation")
    return bool(mine and theirs and mine.lower() == str(theirs).lower())
