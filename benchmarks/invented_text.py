"""Invented news prose for long-article benchmarks and tests: no real article, no real person.

`invented_article(chars)` strings paragraphs of made-up sentences (names, organisations and
places that do not exist) in the shapes the attribution rules look for: "X said that …",
"“…,” she said.", "According to X, …", an unnamed official, a pronoun, a quote running over
a paragraph, an emoji or a letter outside the Basic Multilingual Plane now and then.
Deterministic for a given seed.
"""

from __future__ import annotations

import random

FIRST = ("Odran", "Maelis", "Tavin", "Corvessa", "Ilse", "Bram", "Yorrit", "Senna", "Kaspar")
LAST = ("Vaskel", "Drummore", "Quillon", "Ardent", "Hollowell", "Marrick", "Fenwright")
ORGS = (
    "the Lindqvar Harbour Authority",
    "the Brevik Transit Union",
    "the Council of Port Selwyn",
    "the Ostmere Water Board",
    "the Tallow Valley Growers Association",
)
ROLES = ("spokesman", "spokeswoman", "minister", "director", "official", "mayor")
SUBJECTS = (
    "the ferry service",
    "the new bridge",
    "the grain levy",
    "the night trains",
    "the harbour wall",
    "the school budget",
)
VERBS = ("reopen", "close", "double", "be delayed", "cost more", "be reviewed")
WHEN = ("in May", "next spring", "by the autumn", "before the vote", "within a year")
EMOJI = ("🌉", "👍🏽", "🇪🇬", "𝒜", "🚆", "é")


def _clause(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} would {rng.choice(VERBS)} {rng.choice(WHEN)}"


def _cap(clause: str) -> str:
    return clause[0].upper() + clause[1:]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _sentence(rng: random.Random) -> str:
    pattern = rng.randrange(8)
    if pattern == 0:
        return f"{_name(rng)}, the {rng.choice(ROLES)}, said that {_clause(rng)}."
    if pattern == 1:
        return f"“{_cap(_clause(rng))},” {rng.choice(('he', 'she'))} said."
    if pattern == 2:
        return f"According to {rng.choice(ORGS)}, {_clause(rng)}."
    if pattern == 3:
        org = rng.choice(ORGS)
        return f"{org[0].upper()}{org[1:]} warned that {_clause(rng)}."
    if pattern == 4:
        return f"An unnamed senior {rng.choice(ROLES)} said {_clause(rng)}."
    if pattern == 5:
        return f"The {rng.choice(ROLES)} told reporters: “{_cap(_clause(rng))}.”"
    if pattern == 6:
        return f"Residents of Port Selwyn {rng.choice(EMOJI)} gathered on the quay at dawn."
    return f"The figures, published on Tuesday, showed that {_clause(rng)}."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))


def invented_paragraphs(count: int, seed: int = 7) -> list[str]:
    """`count` invented paragraphs (no line break inside one)."""
    rng = random.Random(seed)
    return [_paragraph(rng) for _ in range(count)]


def invented_article(chars: int, seed: int = 7) -> str:
    """An invented article of exactly `chars` characters: a headline, then paragraphs
    separated by blank lines (the last one cut at `chars`)."""
    rng = random.Random(seed)
    parts = ["Harbour Talks Resume In Port Selwyn\n\n"]
    size = len(parts[0])
    while size < chars:
        paragraph = _paragraph(rng)
        if rng.randrange(10) == 0:  # a quote left open at the paragraph end, resumed after
            paragraph += f" “{_cap(_clause(rng))}.\n\n“And {_clause(rng)},” he added."
        parts.append(paragraph + "\n\n")
        size += len(parts[-1])
    return "".join(parts)[:chars]
