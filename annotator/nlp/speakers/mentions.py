"""What one source mention says of its speaker, read from the parse and the named entities.

A `Mention` is the local source of a statement ("He", "The spokesman", "Egyptian Foreign
Ministry spokesman Tamim Khallaf") with the features resolution needs: pronoun, named entity,
role and group nouns, affiliation, seniority, number, anonymity.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from annotator.core.model import Anonymity, Descriptors, SourceKind, Span
from annotator.nlp.doc_text import text_of
from annotator.nlp.lexicons.speakers import SpeakerLexicons
from annotator.nlp.speakers.anonymity import (
    COUNTS,
    DEFINITE,
    INDEFINITE,
    VAGUE_QUANTIFIERS,
    classify_mention,
    count_of,
    is_pronoun,
    role_of,
    words_of,
)

#: Entity labels that name a speaker, and the kind of speaker each names.
NAMING_LABELS: dict[str, SourceKind] = {
    "PERSON": SourceKind.PERSON,
    "ORG": SourceKind.ORGANISATION,
    "GPE": SourceKind.ORGANISATION,
    "NORP": SourceKind.GROUP,
    "WORK_OF_ART": SourceKind.DOCUMENT,
    "LAW": SourceKind.DOCUMENT,
}
AFFILIATION_LABELS = frozenset({"NORP", "ORG", "GPE", "PERSON"})
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
NEUTER = frozenset({"it", "its", "itself"})
PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
_TITLES = re.compile(
    r"^(?:mr|mrs|ms|miss|dr|sen|rep|gov|gen|prof|president|senator|secretary|minister)\.?\s+",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"[’']s?$")
_TITLE_GENDER = {"mr": "male", "mrs": "female", "ms": "female", "miss": "female"}
_DISTINCT = frozenset({"another", "other", "second", "third", "different"})


@dataclass(slots=True)
class Mention:
    """A source mention and what it tells of its speaker."""

    span: Span
    sentence: int
    pronoun: str | None = None
    entity: str | None = None
    entity_label: str | None = None
    head: str = ""
    role: str | None = None
    group: str | None = None
    kind: SourceKind = SourceKind.UNKNOWN
    definite: bool = False
    indefinite: bool = False
    distinct: bool = False
    plural: bool = False
    #: "male" or "female" when the words say so ("he", "Mrs. Clinton"), else None.
    gender: str | None = None
    anonymity: Anonymity | None = None
    #: Named by what it is rather than by a name ("the city council", "the mayor"): such a
    #: description yields to an unnamed speaker it refers back to.
    unique: bool = False
    descriptors: Descriptors | None = None
    #: The stated reason for anonymity the sentence gives for this mention's speaker.
    reason: str | None = None
    #: For a relative pronoun, where the noun it stands for starts ("one source who …").
    refers_to: int | None = None

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def is_description(self) -> bool:
        """A common-noun phrase naming no entity: "the spokesman", "an unnamed official"."""
        return self.pronoun is None and self.entity is None


def name_key(name: str) -> str:
    """A name reduced for comparison: no "the", titles or possessive, lower case."""
    name = " ".join(name.replace("’", "'").split())
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    name = _TITLES.sub("", name)
    return _POSSESSIVE.sub("", name).strip(" .,").lower()


def names_match(a: str, b: str) -> bool:
    """Same name, or a surname alone matching a full name ("Khallaf’s" ↔ "Tamim Khallaf")."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    wa, wb = ka.split(), kb.split()
    return (len(wa) == 1 and wa[0] == wb[-1]) or (len(wb) == 1 and wb[0] == wa[-1])


def _within(offset: int, ranges: list[tuple[int, int]]) -> bool:
    at = bisect_right(ranges, (offset, float("inf"))) - 1
    return at >= 0 and ranges[at][0] <= offset < ranges[at][1]


def _main_entity(ents: list[SpacySpan], root: Token, lexicons: SpeakerLexicons) -> SpacySpan | None:
    """The entity the mention names: the one holding its head word, or the organisation
    qualifying a group noun ("the Hamas movement" → Hamas)."""
    ents = [e for e in ents if e.label_ in NAMING_LABELS]
    for ent in ents:
        if ent.start <= root.i < ent.end:
            return ent
    for ent in ents:
        # "The minister of the islands, Odran Vaskel": the name in apposition.
        if ent.label_ == "PERSON" and ent.root.dep_ == "appos" and ent.root.head.i == root.i:
            return ent
    if root.lemma_.lower() in lexicons.groups or root.lower_ in lexicons.groups:
        return next((e for e in ents if e.end <= root.i and e.label_ in {"ORG", "GPE"}), None)
    if role_of([root.text], lexicons) is None:
        # "Egypt’s stance", "Khallaf’s comments": the possessor is the one speaking.
        owners = {child.i for child in root.children if child.dep_ == "poss"}
        return next((e for e in ents if any(e.start <= i < e.end for i in owners)), None)
    return None


def relative_antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun stands for ("Yair Lapid, who suggested" → Lapid)."""
    clause = token.head
    while clause.dep_ not in {"relcl", "acl"} and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ not in {"relcl", "acl"}:
        return None
    noun = clause.head
    return noun if noun.pos_ in {"NOUN", "PROPN"} else None


def _head_token(span: SpacySpan) -> Token:
    """The head of the noun phrase, leaving out a relative clause or apposition after it."""
    root = span.root
    if root.pos_ not in {"NOUN", "PROPN", "PRON"}:
        nouns = [t for t in span if t.pos_ in {"NOUN", "PROPN", "PRON"}]
        root = nouns[0] if nouns else root
    return root


def _affiliation(
    span: SpacySpan,
    ents: list[SpacySpan],
    main: SpacySpan | None,
    root: Token,
    text: str | None = None,
) -> str | None:
    """The organisation, nation or group a described speaker belongs to, as written."""
    parts = [
        e
        for e in ents
        if e.label_ in AFFILIATION_LABELS
        and (main is None or e.start != main.start)
        and e.end <= root.i + 1
    ]
    if not parts:
        return None
    text = text_of(span.doc) if text is None else text
    start, end = parts[0].start_char, parts[0].end_char
    for ent in parts[1:]:
        if text[end : ent.start_char].strip():
            break
        end = ent.end_char
    return _POSSESSIVE.sub("", text[start:end]).strip() or None


def _role_and_group(
    head_words: list[str], lexicons: SpeakerLexicons
) -> tuple[str | None, str | None]:
    """The role noun ("spokesman") and group noun ("movement") of a mention's head phrase."""
    role = role_of(head_words, lexicons)
    # Only the head itself: "a district court judge" is a judge, not a court.
    last = head_words[-1].lower() if head_words else ""
    return role, (last if last in lexicons.groups else None)


def group_kind(group: str, lexicons: SpeakerLexicons) -> SourceKind:
    """The kind of speaker a group noun names ("movement" → organisation)."""
    value = lexicons.groups.get(group, "organisation")
    return SourceKind(value) if value in {k.value for k in SourceKind} else SourceKind.UNKNOWN


def _kind(mention: Mention, lexicons: SpeakerLexicons) -> SourceKind:
    if mention.entity is None and mention.role is None and mention.head in lexicons.documents:
        return SourceKind.DOCUMENT  # "a new poll", "the leaked memo"
    if mention.entity_label in NAMING_LABELS and not (mention.group and mention.role is None):
        return NAMING_LABELS[mention.entity_label]
    if mention.group and mention.role is None:
        return group_kind(mention.group, lexicons)
    if mention.role:
        return SourceKind.GROUP if mention.plural else SourceKind.PERSON
    if mention.pronoun in MALE | FEMALE:
        return SourceKind.PERSON
    if mention.pronoun in PLURAL:
        return SourceKind.GROUP
    return SourceKind.UNKNOWN


@dataclass(frozen=True, slots=True)
class NamedCandidate:
    """A named entity outside any quoted content, that a later pronoun may stand for."""

    start: int
    text: str
    label: str
    sentence: int
    subject: bool


class DocIndex:
    """What mention reading looks up in a Doc, computed once: a token's sentence, where a
    sentence ends, the entities inside a span (spaCy rebuilds `doc.ents` on every access)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = text_of(doc)
        self.entities = list(doc.ents)
        self.entity_at = [-1] * len(doc)
        for number, ent in enumerate(self.entities):
            for i in range(ent.start, ent.end):
                self.entity_at[i] = number
        self.sentence_of = [0] * len(doc)
        self.sentence_end = [len(self.text)]
        if len(doc) and (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
            self.sentence_end = []
            for number, sent in enumerate(doc.sents):
                self.sentence_end.append(sent.end_char)
                for i in range(sent.start, sent.end):
                    self.sentence_of[i] = number

    def named_candidates(self, contents: list[Span]) -> list[NamedCandidate]:
        """Entities that name a speaker, in text order, leaving out those inside `contents`
        ("“Trump is wrong,” he said": "he" is not Trump)."""
        inside = sorted((c.start, c.end) for c in contents)
        found = []
        for ent in self.entities:
            if ent.label_ not in NAMING_LABELS or _within(ent.start_char, inside):
                continue
            subject = ent.root.dep_ in {"nsubj", "nsubjpass"}
            text = _POSSESSIVE.sub("", ent.text)
            sentence = self.sentence_of[ent.start]
            found.append(NamedCandidate(ent.start_char, text, ent.label_, sentence, subject))
        return found

    def ents_in(self, tokens: SpacySpan) -> list[SpacySpan]:
        """The entities lying wholly inside `tokens`, in order."""
        numbers = dict.fromkeys(n for n in self.entity_at[tokens.start : tokens.end] if n >= 0)
        return [
            self.entities[n]
            for n in numbers
            if tokens.start <= self.entities[n].start and self.entities[n].end <= tokens.end
        ]


def read_mention(index: DocIndex, span: Span, lexicons: SpeakerLexicons) -> Mention | None:
    """The features of the source mention `span` (character offsets into the Doc's text)."""
    tokens = index.doc.char_span(span.start, span.end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return None
    root = _head_token(tokens)
    if len(tokens) == 1 and root.lower_ in RELATIVE:
        resolved = _read_relative(index, span, root, lexicons)
        if resolved is not None:
            return resolved
    mention = Mention(span=span, sentence=index.sentence_of[root.i])
    if is_pronoun(span.text):
        mention.pronoun = words_of(span.text)[0].lower()
        mention.plural = mention.pronoun in PLURAL | {"we", "us", "our"}
        mention.gender = "male" if mention.pronoun in MALE else None
        mention.gender = "female" if mention.pronoun in FEMALE else mention.gender
        mention.kind = _kind(mention, lexicons)
        return mention
    _read_description(index, mention, tokens, root, lexicons)
    return mention


def _read_description(
    index: DocIndex, mention: Mention, tokens: SpacySpan, root: Token, lexicons: SpeakerLexicons
) -> None:
    """Fill in what a noun phrase says: its name, role, group, number and anonymity."""
    words = words_of(mention.span.text)
    lowered = [w.lower() for w in words]
    ents = index.ents_in(tokens)
    main = _main_entity(ents, root, lexicons)
    if main is not None:
        mention.entity, mention.entity_label = _POSSESSIVE.sub("", main.text), main.label_
    head_words = [t.text for t in index.doc[tokens.start : root.i + 1]] or words
    mention.head = root.lemma_.lower()
    mention.gender = _TITLE_GENDER.get(lowered[0].rstrip(".")) if lowered else None
    mention.role, mention.group = _role_and_group(head_words, lexicons)
    mention.definite = bool(lowered) and lowered[0] in DEFINITE
    mention.indefinite = bool(lowered) and (lowered[0] in INDEFINITE or lowered[0].isdigit())
    mention.distinct = bool(set(lowered[:3]) & _DISTINCT)
    mention.plural = root.tag_ in {"NNS", "NNPS"} or (
        mention.role is not None and mention.role != root.lower_ and root.lower_.endswith("s")
    )
    names = main is not None or _proper_name_in(tokens, ents)
    mention.anonymity = _anonymity(mention, lexicons, names, main)
    by_noun = _unknown_noun(mention, root, lowered, lexicons)
    mention.anonymity = mention.anonymity or by_noun
    mention.unique = mention.anonymity == Anonymity.NAMED and not names
    mention.kind = _kind(mention, lexicons)
    mention.descriptors = Descriptors(
        role=mention.role,
        affiliation=_affiliation(tokens, ents, main, root, index.text),
        seniority=_seniority(lowered, lexicons),
        count=count_of(words, mention.plural) if mention.role and main is None else None,
    )


def _read_relative(
    index: DocIndex, span: Span, pronoun: Token, lexicons: SpeakerLexicons
) -> Mention | None:
    """A relative pronoun read as the noun phrase it stands for, keeping its own span."""
    noun = relative_antecedent(pronoun)
    if noun is None:
        return None
    phrase = Span.of(index.text, noun.left_edge.idx, noun.idx + len(noun.text))
    mention = read_mention(index, phrase, lexicons)
    if mention is not None:
        mention.span = span
        mention.refers_to = noun.idx
    return mention


def _anonymity(
    mention: Mention, lexicons: SpeakerLexicons, names: bool, main: SpacySpan | None
) -> Anonymity | None:
    """Named when the mention names an entity; the words decide otherwise, told whether
    the parser sees a proper name in them: a nationality ("Palestinian officials", "Egyptian
    media") or the capital letter opening a sentence ("Critics said") names nobody."""
    if main is not None and not (main.label_ == "NORP" and mention.indefinite):
        return Anonymity.NAMED
    if main is not None:
        # "a Republican who requested anonymity", "two Muslims": a member of a nationality,
        # party or faith, not the group itself.
        mention.entity = mention.entity_label = None
        return Anonymity.ANONYMOUS if _counted(mention) else Anonymity.VAGUE
    return classify_mention(mention.span.text, lexicons, names=names)


def _counted(mention: Mention) -> bool:
    first = words_of(mention.span.text)[:1]
    return bool(first) and (first[0].lower() in COUNTS or first[0].isdigit())


def _unknown_noun(
    mention: Mention, root: Token, lowered: list[str], lexicons: SpeakerLexicons
) -> Anonymity | None:
    """A speaker whose noun no lexicon knows, by the class of its determiner: counted ("one
    juror", "a nurse at the hospital", "one of the protesters") it is someone the reporter
    has in mind; a bare or loosely quantified plural ("commentators", "many shoppers") is
    people in general. The noun becomes the role; documents ("a new poll") are nobody."""
    if root.pos_ != "NOUN" or mention.role or mention.group or mention.head in lexicons.documents:
        return None
    first = lowered[0] if lowered else ""
    counted = first in COUNTS or first.isdigit()
    loose = (not first or first in VAGUE_QUANTIFIERS) and root.tag_ == "NNS"
    if not (counted or loose):
        return None
    mention.role = mention.head
    mention.plural = mention.plural or root.tag_ == "NNS"
    return Anonymity.ANONYMOUS if counted else Anonymity.VAGUE


def _proper_name_in(tokens: SpacySpan, ents: list[SpacySpan]) -> bool:
    """Whether a proper noun outside a nationality (NORP) entity occurs in `tokens`."""
    nationality = {t.i for e in ents if e.label_ == "NORP" for t in e}
    return any(t.pos_ == "PROPN" and t.i not in nationality for t in tokens)


def _seniority(lowered: list[str], lexicons: SpeakerLexicons) -> str | None:
    joined = " ".join(lowered)
    found = [w for w in lexicons.seniority if re.search(rf"\b{re.escape(w)}\b", joined)]
    return max(found, key=len) if found else None
