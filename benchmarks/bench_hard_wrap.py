"""Hard-wrap benchmark: are wrapped articles joined back, and is nothing else touched?

Takes PolNeAR's texts (train and dev; web-extracted news, a paragraph a line) and counts:
texts left unchanged as they are (joining any would be a false alarm), and texts wrapped at
72 columns by Python's textwrap (greedy) and by GNU fmt (balanced lines, if installed) that
`formats.hard_wrap` joins back exactly. Reads PolNeAR at run time (`../shared/corpora/polnear`
from the repo root, or `--corpus`); no text of it is written anywhere.

    .venv/bin/python benchmarks/bench_hard_wrap.py
    .venv/bin/python benchmarks/bench_hard_wrap.py --width 60

Figures are recorded in docs/RELIABILITY.md, section "Imports".
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import textwrap
from pathlib import Path

from annotator.formats.hard_wrap import unwrap_hard_wrapped

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "corpora" / "polnear"


def paragraphs(raw: str) -> list[str]:
    """A text's paragraphs, each on one line with single spaces."""
    return [" ".join(line.split()) for line in raw.splitlines() if line.strip()]


def fmt_wrapped(flat: str, width: int) -> str:
    return subprocess.run(
        ["fmt", "-w", str(width)], input=flat, capture_output=True, text=True, check=True
    ).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=POLNEAR)
    parser.add_argument("--width", type=int, default=72)
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*/text/*.txt"))
    has_fmt = shutil.which("fmt") is not None
    counts = {"raw unchanged": 0, "flat unchanged": 0, "textwrap joined": 0, "fmt joined": 0}
    for path in files:
        raw = path.read_text(encoding="utf-8")
        parts = paragraphs(raw)
        flat = "\n\n".join(parts) + "\n"
        counts["raw unchanged"] += unwrap_hard_wrapped(raw) == raw
        counts["flat unchanged"] += unwrap_hard_wrapped(flat) == flat
        wrapped = "\n\n".join(textwrap.fill(p, args.width) for p in parts) + "\n"
        counts["textwrap joined"] += unwrap_hard_wrapped(wrapped) == flat
        if has_fmt:
            counts["fmt joined"] += unwrap_hard_wrapped(fmt_wrapped(flat, args.width)) == flat
    print(f"{len(files)} PolNeAR texts, wrap width {args.width}")
    for what, count in counts.items():
        if what != "fmt joined" or has_fmt:
            print(f"  {what:16} {count:5} ({count / max(len(files), 1):.1%})")


if __name__ == "__main__":
    main()
