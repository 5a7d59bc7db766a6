"""Is a source named, anonymous or vague, and what does the text say of it?

The classes are those of `docs/document-jsonl.md`:
- named: a proper name, or a named institution, organisation, country or unique office
  ("Tamim Khallaf", "the city council", "the mayor");
- anonymous: a specific person or small group the reporter knows and does not name ("an
  unnamed official", "one juror", "three people familiar with the plan");
- vague: a generic or unspecified collective, or no speaker at all ("critics", "many voters",
  "the press", "sources").

`classify_mention` reads the words of one mention alone, so it also serves the evaluation on
gold spans that come without a parse; the speaker component tells it what the parse knows
(whether a capital letter is a proper name). `describe` reads the descriptors (role,
seniority, count, reason) of a description; `ReasonFinder` finds the stated reasons for
anonymity ("who asked not to be named") in a text. Every word list is a lexicon file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from weakref import WeakKeyDictionary

from spacy.tokens import Doc

from annotator.core.model import Anonymity, Descriptors
from annotator.nlp.doc_text import text_of
from annotator.nlp.lexicons.speakers import SpeakerLexicons, default_lexicons


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


PRONOUNS = _word_set(
    "i me my we us our you your he him his she her it its they them their this that these those "
    "who which one"
)
#: Determiners that count: one person, or a few people, the reporter has in mind.
COUNTS = _word_set("a an another one two three four five six seven eight nine ten several")
#: Quantifiers that leave the number open: "many voters", "some analysts".
VAGUE_QUANTIFIERS = _word_set(
    "some many most few multiple numerous various countless dozens hundreds thousands scores"
)
INDEFINITE = COUNTS | VAGUE_QUANTIFIERS
DEFINITE = _word_set("the this that these those")
_NUMBERS = {
    "a": 1,
    "an": 1,
    "another": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_WORD = re.compile(r"[\w’'.-]+")


def words_of(text: str) -> list[str]:
    """The words of a mention, outer punctuation removed, case kept."""
    return [w.strip(".’'-") or w for w in _WORD.findall(text)]


def is_pronoun(text: str) -> bool:
    """True for a mention that is a single pronoun ("He", "they")."""
    words = words_of(text)
    return len(words) == 1 and words[0].lower() in PRONOUNS


def role_of(words: list[str], lexicons: SpeakerLexicons) -> str | None:
    """The role noun of a description ("officials" → "official"), the last one found."""
    lowered = [w.lower() for w in words]
    for i in range(len(lowered) - 1, -1, -1):
        pair = " ".join(lowered[i : i + 2])
        if i + 1 < len(lowered) and pair in lexicons.roles:
            return lexicons.roles[pair]
        if lowered[i] in lexicons.roles:
            return lexicons.roles[lowered[i]]
        if lowered[i].endswith("s") and lowered[i][:-1] in lexicons.roles:
            return lexicons.roles[lowered[i][:-1]]  # a plain plural: "lawyers", "doctors"
    return None


_POSTMODIFIER = _word_set(
    "of from in with at for on to by about who whom whose that which familiar close "
    "involved briefed speaking"
)
_QUANTITY_HEADS = _word_set("group number couple handful dozen lot majority few")


def head_phrase(words: list[str]) -> list[str]:
    """The words up to the first post-modifier ("officials familiar with …" → "officials");
    through "of" after a quantity ("one of the aides" → "one of the aides")."""
    for i, word in enumerate(words):
        lowered = word.lower()
        if i == 0 or lowered not in _POSTMODIFIER:
            continue
        previous = words[i - 1].lower()
        if lowered == "of" and (previous in INDEFINITE or previous in _QUANTITY_HEADS):
            continue
        return words[:i]
    return words


def _ends_with_name(words: list[str]) -> bool:
    """A capitalised last word after the first: "spokesman Tamim Khallaf", "President Obama"."""
    return len(words) > 1 and words[-1][:1].isupper() and words[-1].lower() not in PRONOUNS


def _has_marker(text: str, lexicons: SpeakerLexicons) -> bool:
    """An anonymity marker ("unnamed") or a stated reason ("who requested anonymity")."""
    words = set(words_of(text.lower()))
    return bool(words & lexicons.markers.keys()) or reason_finder(lexicons).search(text)


@dataclass(frozen=True, slots=True)
class _Reading:
    """What the words of one mention say, in the terms the classes are drawn in."""

    words: list[str]  # all the words
    head: list[str]  # the head phrase, without a leading determiner or quantifier
    determiner: str  # the lower-cased first word when it is one, else ""
    names: bool  # whether a proper name is written in it
    plural: bool

    @property
    def key(self) -> str:
        return " ".join(self.head).lower()

    @property
    def last(self) -> str:
        return self.head[-1].lower() if self.head else ""

    @property
    def counted(self) -> bool:
        return self.determiner in COUNTS or self.determiner.isdigit()


_KNOWN: dict[int, tuple[SpeakerLexicons, frozenset[str]]] = {}


def _known_words(lexicons: SpeakerLexicons) -> frozenset[str]:
    """Words whose capital letter at the start of a mention is only the sentence's
    ("Critics said", "Senior officials said"): determiners and the lexicons' words."""
    cached = _KNOWN.get(id(lexicons))
    if cached is not None and cached[0] is lexicons:
        return cached[1]
    words = set(DEFINITE | INDEFINITE)
    for table in (lexicons.roles, lexicons.seniority, lexicons.groups, lexicons.vague):
        for key in table:
            words.update(key.split())
    words.update([w + "s" for w in words] + [w[:-1] for w in words if w.endswith("s")])
    _KNOWN[id(lexicons)] = (lexicons, frozenset(words))
    return _KNOWN[id(lexicons)][1]


def _read(text: str, lexicons: SpeakerLexicons, names: bool | None) -> _Reading | None:
    all_words = words_of(text)
    words = head_phrase(all_words)
    if not words or is_pronoun(text):
        return None
    first = words[0].lower()
    determiner = first if first in INDEFINITE | DEFINITE or first.isdigit() else ""
    head = words[1:] if determiner else words
    if determiner in COUNTS and len(head) > 1 and head[0].lower() == "of":
        head = head[1:]  # "one of the jurors" counts one of them
        if head and head[0].lower() in DEFINITE:
            head = head[1:]
    if names is None:
        known = _known_words(lexicons)
        names = any(
            w[:1].isupper() and (i > 0 or w.lower() not in known) for i, w in enumerate(words)
        )
    last = head[-1].lower() if head else ""
    plural = (last.endswith("s") and not last.endswith("ss")) or (
        last in lexicons.roles and lexicons.roles[last] != last
    )
    return _Reading(all_words, head, determiner, names, plural)


def classify_mention(
    text: str, lexicons: SpeakerLexicons | None = None, *, names: bool | None = None
) -> Anonymity | None:
    """Anonymity of a mention read on its own; None when the words cannot tell.

    Pronouns and definite descriptions of a role ("the official") take the anonymity of
    whatever they refer to, so on their own they give None. `names` says whether the mention
    holds a proper name, when a parse knows ("Critics" opening a sentence holds none); by
    default a capital letter past the first word, or on a word no lexicon knows, is one.
    """
    lexicons = lexicons or default_lexicons()
    before_comma = text.split(",", 1)[0]
    if before_comma != text and words_of(before_comma):
        # "Ana K. Ruiz, one of the mayor's closest aides": the name comes first.
        first = classify_mention(before_comma, lexicons, names=names)
        if first is not None:
            return first
    reading = _read(text, lexicons, names)
    if reading is None:
        return None
    for rule in _RULES:
        decided = rule(reading, text, lexicons)
        if decided is not None:
            return decided or None
    return None


# Each rule returns an Anonymity when it decides, "" when it decides the words cannot
# tell, and None to leave the mention to the next rule.
_Decision = Anonymity | str | None


def _deliberately_unnamed(reading: _Reading, text: str, lexicons: SpeakerLexicons) -> _Decision:
    """ "an unnamed official", "an envoy who requested anonymity"."""
    return Anonymity.ANONYMOUS if _has_marker(text, lexicons) else None


def _singled_out(reading: _Reading, text: str, lexicons: SpeakerLexicons) -> _Decision:
    """ "people familiar with the plan", "sources close to the minister": the phrase after
    the head picks out particular people."""
    rest = " ".join(reading.words[len(head_phrase(reading.words)) :]).lower()
    if rest and any(rest.startswith(p) for p in lexicons.specific):
        return Anonymity.ANONYMOUS
    return None


def _counted(reading: _Reading, text: str, lexicons: SpeakerLexicons) -> _Decision:
    """ "a source", "one juror", "two diplomats", "one of the jurors": a number of people the
    reporter has in mind; "a new poll" is no person at all."""
    if not reading.counted:
        return None
    if _ends_with_name(reading.head):
        return Anonymity.NAMED
    if reading.last in lexicons.documents:
        return ""
    return Anonymity.ANONYMOUS if role_of(reading.head, lexicons) else ""


def _generic(reading: _Reading, text: str, lexicons: SpeakerLexicons) -> _Decision:
    """ "critics", "the press", "American voters", "many experts": people in general."""
    whole = " ".join(reading.words).lower()
    if whole in lexicons.vague or reading.key in lexicons.vague:
        return Anonymity.VAGUE
    if reading.last in lexicons.vague and reading.determiner not in DEFINITE:
        return Anonymity.VAGUE
    if reading.determiner in VAGUE_QUANTIFIERS:
        person = role_of(reading.head, lexicons) is not None
        return Anonymity.VAGUE if person and reading.plural else ""
    return None


def _definite(reading: _Reading, text: str, lexicons: SpeakerLexicons) -> _Decision:
    """ "the Hamas movement", "the city council", "the prime minister" name their speaker;
    "the official" refers back to one."""
    if reading.determiner not in DEFINITE:
        return None
    role = role_of(reading.head, lexicons)
    if role is None and (reading.names or reading.last in lexicons.groups):
        return Anonymity.NAMED
    if not reading.plural and _office(reading.head, lexicons):
        return Anonymity.NAMED
    return ""


def _office(head: list[str], lexicons: SpeakerLexicons) -> bool:
    lowered = [w.lower() for w in head]
    return any(" ".join(lowered[i:]) in lexicons.offices for i in range(len(lowered)))


def _proper_name(reading: _Reading, text: str, lexicons: SpeakerLexicons) -> _Decision:
    """ "Tamim Khallaf", "Kelby council", "Spain's prime minister"; capitals that only
    qualify a plural role ("Palestinian officials") name nobody."""
    if not reading.names:
        return None
    words = reading.head
    last = reading.last
    if last in lexicons.roles and lexicons.roles[last] != last and not _ends_with_name(words[:-1]):
        return Anonymity.ANONYMOUS
    return Anonymity.NAMED


def _bare(reading: _Reading, text: str, lexicons: SpeakerLexicons) -> _Decision:
    """No determiner, no name: "police" is an institution; "senior officials", "ministry
    officials" a group the reporter knows; "officials", "diplomats" unspecified."""
    if reading.determiner:
        return None
    role = role_of(reading.head, lexicons)
    if role is None:
        return Anonymity.NAMED if reading.last in lexicons.groups and not reading.plural else ""
    if not reading.plural:
        return Anonymity.ANONYMOUS
    qualified = any(
        w[:1].isupper() or w.lower() in lexicons.seniority or w.lower() in lexicons.groups
        for w in reading.head[:-1]
    )
    return Anonymity.ANONYMOUS if qualified else Anonymity.VAGUE


_RULES = (
    _deliberately_unnamed,
    _singled_out,
    _counted,
    _generic,
    _definite,
    _proper_name,
    _bare,
)


def count_of(words: list[str], role_is_plural: bool) -> int | None:
    """How many speakers a description names: "two diplomats" → 2, "an official" → 1."""
    for word in words:
        lowered = word.lower()
        if lowered in _NUMBERS:
            return _NUMBERS[lowered]
        if lowered.isdigit():
            return int(lowered)
    return None if role_is_plural else 1


# ------------------------------------------------------------------------ stated reasons


@dataclass(frozen=True, slots=True)
class StatedReason:
    """A stated reason for anonymity: `start`..`end` is the reason, from the word opening
    its clause to the end of that clause; the frame that marks it ends at `frame_end`."""

    start: int
    frame_end: int
    end: int


#: Words that open the clause of a reason a few words before its frame ("who asked not to
#: be named", "because he was not authorised", "speaking on condition of anonymity").
REASON_OPENERS = _word_set(
    "who whom because as since though although while speaking spoke speak talking talked "
    "asked asking requested requesting citing"
)
#: Words a reason never reaches back or on over: the cue of the statement it qualifies.
REASON_STOPS = _word_set("said says say told tells added adds adding saying noted stated confirmed")
#: Words a reason never reaches back over: another clause coordinated with it ("a source who
#: identified Sullivan but spoke on the condition of anonymity").
REASON_STARTS = REASON_STOPS | {"but", "and", "or"}
#: Words a reason never runs on over after its frame: the complementizer of a content
#: clause ("said on condition of anonymity that …").
REASON_ENDS = REASON_STOPS | {"that"}
#: How many words before its frame a reason's opening word may stand.
MAX_OPENER_DISTANCE = 6
_CLAUSE_END = re.compile(r"[.;:!?()\[\]\n“”\"—–]|,(?!\s*(?:because|as|since|though|although)\b)")
_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")
_SLOT = re.compile(r"\[([^\]]+)\]|(\S+)")
_BRITISH = re.compile(r"(?<=[a-z])is(e|ed|es|ing|ation|ations)\b")


def _normal(text: str) -> str:
    """Lower case, one apostrophe, American spelling; the same length as `text`, so that
    offsets into it are offsets into `text`."""
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" lower-cases to two characters
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return _BRITISH.sub(r"iz\1", lowered.replace("’", "'"))


class ReasonFinder:
    """Finds stated reasons for anonymity with the frames of the reasons lexicon (see
    `resources/lexicons/anonymity_reasons.txt` for how frames are written)."""

    def __init__(self, entries: Iterable[str]):
        classes: dict[str, list[str]] = {}
        frames: list[str] = []
        for entry in entries:
            name, sep, value = entry.partition("=")
            name = name.strip()
            if sep and name.startswith("<") and name.endswith(">"):
                classes[name] = [v.strip() for v in value.split("|") if v.strip()]
            elif entry.strip():
                frames.append(entry.strip())
        patterns = [self._frame(f, classes) for f in frames]
        patterns = [p for p in patterns if p]
        self.pattern = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None

    @staticmethod
    def _phrase(phrase: str) -> str:
        return r"\s+".join(re.escape(_normal(w)) for w in phrase.split())

    def _frame(self, frame: str, classes: dict[str, list[str]]) -> str:
        pieces = []
        for match in _SLOT.finditer(frame):
            optional = match.group(1) is not None
            alternatives = []
            for alternative in (match.group(1) or match.group(2)).split("|"):
                if alternative in classes:
                    alternatives += [self._phrase(p) for p in classes[alternative]]
                elif alternative:
                    alternatives.append(self._phrase(alternative))
            if not alternatives:
                return ""
            body = r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])"
            piece = (r"\s+" if pieces else "") + body
            pieces.append(f"(?:{piece})?" if optional else piece)
        return "".join(pieces)

    def search(self, text: str) -> bool:
        """Whether `text` states a reason."""
        return self.pattern is not None and self.pattern.search(_normal(text)) is not None

    def find(self, text: str) -> list[StatedReason]:
        """The reasons stated in `text`, in order, each to the end of its clause."""
        return list(self._find(text, _normal(text)))

    def find_in_doc(self, doc: Doc) -> list[StatedReason]:
        """`find(doc.text)`, computed once per Doc for finders of the same frames: the
        attribution and the speaker components both look for the reasons of every Doc, and
        running the frames over a whole text costs milliseconds."""
        text = text_of(doc)
        key = self.pattern.pattern if self.pattern is not None else ""
        found = _REASONS_OF_DOC.setdefault(doc, {})
        known = found.get(key)
        if known is None or known[0] != text:  # a Doc's text cannot change; checked anyway
            known = (text, tuple(self.find(text)))
            found[key] = known
        return list(known[1])

    def _find(self, text: str, normal: str) -> Iterator[StatedReason]:
        if self.pattern is None:
            return
        for match in self.pattern.finditer(normal):
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            if start >= match.end():
                continue
            start = _opening(normal, start)
            end = _clause_end(normal, match.end())
            yield StatedReason(start, match.end(), end)


#: `ReasonFinder.find_in_doc`'s results: per Doc (forgotten with it), per finder pattern,
#: the text they were found in and the reasons (immutable, shared by the callers).
_REASONS_OF_DOC: WeakKeyDictionary[Doc, dict[str, tuple[str, tuple[StatedReason, ...]]]] = (
    WeakKeyDictionary()
)


def _opening(normal: str, start: int) -> int:
    """Where a reason whose frame starts at `start` opens: the farthest opening word a few
    words before, within its clause; else the frame itself (after a leading "that")."""
    before = list(_TOKEN.finditer(normal, max(0, start - 120), start))
    opening = start
    for count, token in enumerate(reversed(before)):
        word = token.group()
        if count >= MAX_OPENER_DISTANCE or not word[0].isalnum() or word in REASON_STARTS:
            break
        if word in REASON_OPENERS:
            opening = token.start()
    return opening


def _clause_end(normal: str, position: int) -> int:
    """The end of the clause going on at `position`: a punctuation mark that ends it, or a
    word of saying, with the white space before them left out."""
    end = len(normal)
    found = _CLAUSE_END.search(normal, position)
    if found is not None:
        end = found.start()
    for token in _TOKEN.finditer(normal, position, end):
        if token.group() in REASON_ENDS:
            end = token.start()
            break
    return len(normal[:end].rstrip())


def trim_reason(text: str, start: int, end: int) -> tuple[int, int]:
    """`start`..`end` without white space, punctuation or a dangling "that", "and",
    "because" … at either edge."""
    edge = re.compile(
        r"^(?:\s|[,;:]|that\b|and\b)+"
        r"|(?:\s|[,;:]|\b(?:that|and|but|or|because|as|since|though|although|while|to|for))+$",
        re.I,
    )
    piece = text[start:end]
    lead = edge.match(piece)
    if lead and lead.end() > 0:
        start += lead.end()
        piece = text[start:end]
    tail = edge.search(piece)
    if tail and tail.start() < len(piece):
        end = start + tail.start()
    return start, end


@lru_cache(maxsize=8)
def _finder(entries: tuple[str, ...]) -> ReasonFinder:
    return ReasonFinder(entries)


def reason_finder(lexicons: SpeakerLexicons) -> ReasonFinder:
    """The reason finder of `lexicons` (built once per lexicon)."""
    return _finder(reason_entries(lexicons.reasons.items()))


def reason_entries(mapping: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """Lexicon lines back from a "key = value" mapping (`read_mapping`)."""
    return tuple(key if key == value else f"{key} = {value}" for key, value in mapping)


def reason_in(text: str, lexicons: SpeakerLexicons | None = None) -> str | None:
    """The first stated reason for anonymity in `text`, to the end of its clause."""
    lexicons = lexicons or default_lexicons()
    for reason in reason_finder(lexicons).find(text):
        start, end = trim_reason(text, reason.start, reason.end)
        if start < end:
            return text[start:end]
    return None


def describe(text: str, lexicons: SpeakerLexicons | None = None) -> Descriptors:
    """Role, seniority and count of a description ("an unnamed senior official")."""
    lexicons = lexicons or default_lexicons()
    words = words_of(text)
    lowered = [w.lower() for w in words]
    role = role_of(words, lexicons)
    plural = role is not None and role not in lowered
    seniority = next((w for w in lowered if w in lexicons.seniority), None)
    if seniority is None:
        seniority = next(
            (p for p in lexicons.seniority if " " in p and p in " ".join(lowered)), None
        )
    return Descriptors(
        role=role,
        seniority=seniority,
        count=count_of(words, plural) if role else None,
        reason=reason_in(text, lexicons),
    )
