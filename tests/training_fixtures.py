"""A tiny invented gold corpus, written by the tests themselves, and a pipeline trained on it.

In its gold what people *said* is attributed and what they *believe* never is: the rules find
both, so a statement filter trained on it keeps "said" and drops "believes" (the same
corpus as tests/services/test_training.py, as documents instead of a brat folder).
A module of its own so the service and the GUI tests can both import it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from annotator.core.model import Document, Origin, Span, Statement, Status

NAMES = ["Mara Lind", "Tomas Berg", "Ines Roca", "Paul Okafor", "Lena Vogt", "Omar Haddad"]
SAID = [
    "the bridge would reopen in May",
    "the council had cut the budget",
    "the harbour needed new cranes",
    "the school would hire more teachers",
]
BELIEVED = ["the weather would improve soon", "the team could win the cup", "prices would fall"]
ARTICLES = 12
#: An article the trained filter treats differently from the rules.
NEW_TEXT = (
    "Ada Stone said on Friday that the ferry would be late. "
    "Bo Lund believes that the rain would stop.\n"
)


def _span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span.of(text, start, start + len(words))


def gold_document(n: int, user: str = "dana") -> Document:
    """Article `n` with its gold statements, decided by `user` and marked done by them."""
    speaker, thinker = NAMES[n % len(NAMES)], NAMES[(n + 3) % len(NAMES)]
    said, believed = SAID[n % len(SAID)], BELIEVED[n % len(BELIEVED)]
    second = SAID[(n + 2) % len(SAID)]
    text = (
        f"{speaker} said on Monday that {said}. "
        f"{thinker} believes that {believed}. "
        f"The mayor told reporters that {second}.\n"
    )
    statements = [
        Statement(
            id=f"g{n}-{i}",
            cue=_span(text, cue),
            content=[_span(text, content)],
            source=_span(text, source),
            status=Status.ADDED,
            origin=Origin.HUMAN,
            annotator=user,
        )
        for i, (source, cue, content) in enumerate(
            [(speaker, "said", said), ("The mayor", "told", second)]
        )
    ]
    document = Document(id=f"gold{n:02d}", text=text, statements=statements)
    document.provenance = replace(document.provenance, done_by=[user])
    return document


def gold_corpus(user: str = "dana") -> list[Document]:
    return [gold_document(n, user) for n in range(ARTICLES)]


def train_tiny_pipeline(output: Path) -> str:
    """Train the statement filter on the tiny corpus into `output`; its "name version"."""
    from annotator.core.settings import DEFAULT_PIPELINE
    from annotator.nlp.pipeline import load_pipeline
    from annotator.services.training import train

    report = train(load_pipeline(DEFAULT_PIPELINE), gold_corpus(), output, seed=3)
    return report.pipeline


#: An invented article: its text and its gold statements as (source, cue, content) words.
Article = tuple[str, list[tuple[str, str, str]]]


def write_brat_corpus(folder: Path, articles: Iterable[Article]) -> Path:
    """A brat corpus folder as PolNeAR lays it out (text/, attributions/); each statement's
    words are looked for after the previous statement's content."""
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for n, (text, gold) in enumerate(articles):
        (folder / "text" / f"a{n:02d}.txt").write_text(text, encoding="utf-8")
        lines, t, searched = [], 0, 0
        for e, (source, cue, content) in enumerate(gold, start=1):
            ids = []
            for label, words in (("Source", source), ("Cue", cue), ("Content", content)):
                start = text.index(words, searched)
                t += 1
                lines.append(f"T{t}\t{label} {start} {start + len(words)}\t{words}")
                ids.append((f"T{t}", start))
            searched = ids[2][1] + len(content)  # the next statement comes after this one
            t += 1
            cue_start = ids[1][1]
            lines.append(f"T{t}\tAttribution {cue_start} {cue_start + len(cue)}\t{cue}")
            lines.append(
                f"E{e}\tAttribution:T{t} Content:{ids[2][0]} Cue:{ids[1][0]} Source:{ids[0][0]}"
            )
        (folder / "attributions" / f"a{n:02d}_ann1.ann").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
    return folder
