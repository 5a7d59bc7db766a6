"""ClaimReview JSON-LD (schema.org) for the statements a fact-checker gave a verdict.

One `ClaimReview` per statement with a verdict, in a `@graph`: `claimReviewed` is the
content, `reviewRating` a `Rating` whose `alternateName` is the verdict in words (and, for
the verdicts on the true–false scale, a `ratingValue` from 1 = false to 5 = true),
`itemReviewed` a `Claim` whose `author` is the speaker and whose `appearance` is the article
(`url`, `headline`, `datePublished`), `author` the annotator who decided it, `datePublished`
the day of the export and `url` the first evidence link (else the article's URL with the
statement's id as fragment). Statements without a verdict are not claims reviewed: left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO, Any

from annotator.core.model import Document, SourceKind, Statement

#: The numeric ratings of the true–false scale (schema.org leaves the scale to the publisher).
RATING_VALUES = {"true": 5, "mostly-true": 4, "half-true": 3, "mostly-false": 2, "false": 1}
ORGANISATIONS = {SourceKind.ORGANISATION, SourceKind.GROUP, SourceKind.MEDIA}
FRAGMENT_JOINER = " … "


def verdict_words(verdict: str) -> str:
    """ "mostly-false" → "Mostly false": the rating's `alternateName`."""
    return verdict.replace("-", " ").capitalize()


def _speaker(doc: Document, st: Statement) -> dict[str, Any] | None:
    source = doc.source_by_id(st.source_id)
    name = source.name if source else (st.source.text if st.source else None)
    if not name:
        return None
    kind = "Organization" if source is not None and source.kind in ORGANISATIONS else "Person"
    return {"@type": kind, "name": name}


def claim_review(doc: Document, st: Statement, day: str) -> dict[str, Any]:
    """The ClaimReview object of one statement with a verdict."""
    verdict = str(st.claim.verdict)
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict_words(verdict)}
    if verdict in RATING_VALUES:
        rating.update(ratingValue=RATING_VALUES[verdict], bestRating=5, worstRating=1)
    article_url = doc.meta.get("url")
    appearance: dict[str, Any] = {"@type": "NewsArticle"}
    if article_url:
        appearance["url"] = article_url
    if doc.meta.get("title"):
        appearance["headline"] = doc.meta["title"]
    if doc.meta.get("published"):
        appearance["datePublished"] = doc.meta["published"]
    claim: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    if speaker := _speaker(doc, st):
        claim["author"] = speaker
    if doc.meta.get("published"):
        claim["datePublished"] = doc.meta["published"]
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "claimReviewed": FRAGMENT_JOINER.join(c.text for c in st.content),
        "reviewRating": rating,
        "itemReviewed": claim,
        "datePublished": day,
    }
    if st.annotator:
        review["author"] = {"@type": "Person", "name": st.annotator}
    links = [e.url for e in st.claim.evidence if e.url]
    if links:
        review["url"] = links[0]
    elif article_url:
        review["url"] = f"{article_url}#{st.id}"
    return review


def claim_reviews(docs: Iterable[Document], day: str | None = None) -> list[dict[str, Any]]:
    day = day or datetime.now(UTC).date().isoformat()
    return [claim_review(doc, st, day) for doc in docs for st in doc.statements if st.claim.verdict]


def write_claimreview(docs: Iterable[Document], out: IO[str], day: str | None = None) -> int:
    """Write one JSON-LD document with every review in its `@graph`; returns how many."""
    reviews = claim_reviews(docs, day)
    graph = {"@context": "https://schema.org", "@graph": reviews}
    out.write(json.dumps(graph, ensure_ascii=False, indent=2) + "\n")
    return len(reviews)
