"""Is a source named, anonymous or vague, and what does the text say of it?

`classify_mention` works on the words of one mention alone ("two diplomats", "sources",
"Tamim Khallaf"), so it also serves the evaluation on gold spans that come without a parse.
`describe` reads the descriptors (role, affiliation, seniority, count, reason) of a
description. The speaker component adds what the parse knows (named entities, apposition).
`ReasonFinder` finds the stated reasons for anonymity ("who asked not to be named") with
the frames of the reasons lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from annotator.core.model import Anonymity, Descriptors
from annotator.nlp.speakers_lexicons import SpeakerLexicons, default_lexicons


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


PRONOUNS = _word_set(
    "i me my we us our you your he him his she her it its they them their this that these those "
    "who which one"
)
INDEFINITE = _word_set(
    "a an another one two three four five six seven eight nine ten several some many few "
    "multiple numerous various dozens hundreds thousands"
)
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


def classify_mention(text: str, lexicons: SpeakerLexicons | None = None) -> Anonymity | None:
    """Anonymity of a mention read on its own; None when the words cannot tell.

    Pronouns and definite descriptions ("the official") take the anonymity of whatever they
    refer to, so on their own they give None.
    """
    lexicons = lexicons or default_lexicons()
    before_comma = text.split(",", 1)[0]
    if before_comma != text and words_of(before_comma):
        # "Ana K. Ruiz, one of the mayor's closest aides": the name comes first.
        first = classify_mention(before_comma, lexicons)
        if first is not None:
            return first
    all_words = words_of(text)
    words = head_phrase(all_words)
    if not words or is_pronoun(text):
        return None
    lowered = [w.lower() for w in words]
    whole = [w.lower() for w in all_words]
    if " ".join(whole) in lexicons.vague:
        return Anonymity.VAGUE
    if _has_marker(text, lexicons):
        return Anonymity.ANONYMOUS
    if lowered[0] in INDEFINITE or lowered[0].isdigit():
        rest = " ".join(whole[1:])
        if rest in lexicons.vague and rest not in lexicons.roles:
            return Anonymity.VAGUE
        if _ends_with_name(words):
            return Anonymity.NAMED
        # "a source", "two diplomats" are people; "a new ad", "a poll" are not speakers.
        return Anonymity.ANONYMOUS if role_of(words, lexicons) else None
    if _ends_with_name(words) or (lowered[0] not in DEFINITE and words[0][:1].isupper()):
        return _named_or_described(words, lexicons)
    if lowered[0] in DEFINITE:
        # "the Hamas movement" names its speaker; "the Palestinian leader" refers back.
        capitalised = any(w[:1].isupper() for w in words[1:])
        return Anonymity.NAMED if capitalised and role_of(words, lexicons) is None else None
    # No determiner, lower case: "officials familiar with the talks", "people close to him".
    return Anonymity.ANONYMOUS if role_of(words, lexicons) else None


def _named_or_described(words: list[str], lexicons: SpeakerLexicons) -> Anonymity:
    """Capitalised words: a name ("Hamas"), unless they only qualify a role ("Palestinian
    officials", "U.S. officials") with a plural role noun and no name at the end."""
    last = words[-1].lower()
    if last in lexicons.roles and lexicons.roles[last] != last and not _ends_with_name(words[:-1]):
        return Anonymity.ANONYMOUS
    return Anonymity.NAMED


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
    """`start`..`end` without white space, punctuation or a dangling "that" / "and" at
    either edge."""
    edge = re.compile(r"^(?:\s|[,;:]|that\b|and\b)+|(?:\s|[,;:]|\bthat|\band|\bbut)+$", re.I)
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
