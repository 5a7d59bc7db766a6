"""Is a source named, anonymous or vague, and what does the text say of it?

`classify_mention` works on the words of one mention alone ("two diplomats", "sources",
"Tamim Khallaf"), so it also serves the evaluation on gold spans that come without a parse.
`describe` reads the descriptors (role, affiliation, seniority, count, reason) of a
description. The speaker component adds what the parse knows (named entities, apposition).
"""

from __future__ import annotations

import re

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
    lowered = text.lower()
    words = set(words_of(lowered))
    return bool(words & lexicons.markers.keys()) or any(r in lowered for r in lexicons.reasons)


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


def reason_in(text: str, lexicons: SpeakerLexicons | None = None) -> str | None:
    """The stated reason for anonymity in `text`, from its marker to the end of the clause."""
    lexicons = lexicons or default_lexicons()
    lowered = text.lower()
    best = None
    for phrase in lexicons.reasons:
        at = lowered.find(phrase)
        if at >= 0 and (best is None or at < best[0] or (at == best[0] and len(phrase) > best[1])):
            best = (at, len(phrase))
    if best is None:
        return None
    clause = re.split(r"[.;:)\n]|,(?!\s*(?:because|as|since)\b)", text[best[0] :], maxsplit=1)
    return clause[0].strip() or None


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
