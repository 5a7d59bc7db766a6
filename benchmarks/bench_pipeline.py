"""Pre-annotator throughput: the full pre-annotator against the bare spaCy pipeline.

Reads N PolNeAR article texts at run time (never copied into the repository), then times,
on the same texts and in one run each:

- bare: `spacy.load(name)` + `nlp.pipe(texts)`, what spaCy alone costs;
- full: `load_pipeline(name)` + `preannotate(documents)`, i.e. our attribution and speaker
  components plus the conversion to `Document`s (bare and full alternate chunk by chunk);
- ours: our components alone on already parsed Docs (their share, free of machine noise).

Run from the repository root (the corpus is `../shared/corpora/polnear` from there, or
`--corpus FOLDER`):

    .venv/bin/python benchmarks/bench_pipeline.py --articles 200

Figures are recorded in docs/PERFORMANCE.md, section "Pre-annotator throughput".
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import spacy

from annotator.core.model import Document
from annotator.core.settings import DEFAULT_PIPELINE
from annotator.nlp.pipeline import PIPELINE_COMPONENTS, load_pipeline
from annotator.services.preannotation import preannotate

ROOT = Path(__file__).resolve().parents[1]
#: PolNeAR beside the checkout, as the shared folder lays it out.
POLNEAR = ROOT.parent / "shared" / "corpora" / "polnear"
GOAL = 0.85
#: Texts per alternation between the bare pipeline and the pre-annotator.
CHUNK = 20


def read_texts(corpus: Path, limit: int) -> list[str]:
    """The first `limit` PolNeAR texts, train split first, in file-name order."""
    paths = sorted((corpus / "train" / "text").glob("*.txt"))
    paths += sorted((corpus / "dev" / "text").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths[:limit]]


def chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def time_interleaved(name: str, texts: list[str], batch_size: int) -> tuple[float, float]:
    """Seconds for the bare pipeline and for `preannotate` on the same texts.

    The two alternate chunk by chunk, and which goes first alternates too, so a change in
    the machine's load (it is shared) weighs on both alike.
    """
    bare_nlp = spacy.load(name)
    full_nlp = load_pipeline(name)
    documents = [Document(id=f"bench{i}", text=t) for i, t in enumerate(texts)]
    list(bare_nlp.pipe(texts[:3]))  # warm up: first calls allocate
    list(preannotate(documents[:3], full_nlp))
    bare = full = 0.0
    pairs = zip(chunks(texts, CHUNK), chunks(documents, CHUNK), strict=True)
    for n, (text_chunk, document_chunk) in enumerate(pairs):
        runs = [("bare", text_chunk), ("full", document_chunk)]
        for which, chunk in runs if n % 2 == 0 else reversed(runs):  # who goes first alternates
            started = time.perf_counter()
            if which == "bare":
                for _ in bare_nlp.pipe(chunk, batch_size=batch_size):
                    pass
                bare += time.perf_counter() - started
            else:
                for _ in preannotate(chunk, full_nlp, batch_size=batch_size):
                    pass
                full += time.perf_counter() - started
        print(
            f"  {len(text_chunk)} more: bare {bare:.1f} s, pre-annotator {full:.1f} s", flush=True
        )
    return bare, full


def time_components(name: str, texts: list[str], batch_size: int) -> float:
    """Seconds for our components alone, on Docs the spaCy pipeline already parsed."""
    nlp = load_pipeline(name)
    ours = [n for n in nlp.pipe_names if n in PIPELINE_COMPONENTS]
    with nlp.select_pipes(disable=ours):
        docs = list(nlp.pipe(texts, batch_size=batch_size))
    started = time.perf_counter()
    for doc in docs:
        for component_name in ours:
            nlp.get_pipe(component_name)(doc)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--pipeline", default=DEFAULT_PIPELINE)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--corpus", type=Path, default=POLNEAR, help="the PolNeAR folder")
    args = parser.parse_args()
    texts = read_texts(args.corpus, args.articles)
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} articles, {chars:,} characters; pipeline {args.pipeline}")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, spaCy {spacy.__version__}"
    )
    bare, full = time_interleaved(args.pipeline, texts, args.batch_size)
    ours = time_components(args.pipeline, texts, args.batch_size)
    for label, seconds in (("bare spaCy", bare), ("pre-annotator", full)):
        print(
            f"{label:14s} {seconds:7.1f} s  {len(texts) / seconds:6.1f} docs/s  "
            f"{chars / seconds:9,.0f} chars/s"
        )
    print(f"our components alone: {ours:.2f} s ({100 * ours / bare:.1f}% of the bare time)")
    ratio = bare / full
    print(f"throughput ratio (pre-annotator / bare): {ratio:.2f}  (goal >= {GOAL})")


if __name__ == "__main__":
    main()
