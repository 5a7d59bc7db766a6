"""The one reader and writer of lexicon files, shared by every lexicon of the pre-annotator.

A lexicon is a plain-text file a user can extend without touching code, one entry per line,
under `resources/lexicons/` (shipped as the package `annotator.resources`). Blank lines and
lines starting with "#" are ignored; whitespace inside an entry is one space; entries are
lower-cased. A list lexicon keeps each line whole (`read_entries`); a mapping lexicon reads
"word = value" as a key and its value and a bare word as itself (`read_mapping`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path


def shipped_lexicon_dir() -> Path:
    """The lexicon folder that ships with the package."""
    return Path(str(resources.files("annotator.resources") / "lexicons"))


def _content_lines(path: Path) -> Iterator[str]:
    """The lines of a lexicon file that hold an entry, whitespace made single spaces."""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = " ".join(line.split())
        if line and not line.startswith("#"):
            yield line


def read_entries(path: Path) -> list[str]:
    """The entries of a list lexicon, lower-cased, in file order, without duplicates."""
    return list(dict.fromkeys(line.lower() for line in _content_lines(path)))


def read_mapping(path: Path) -> dict[str, str]:
    """The entries of a mapping lexicon, lower-cased, in file order; a missing file is empty."""
    entries: dict[str, str] = {}
    if not path.is_file():
        return entries
    for line in _content_lines(path):
        key, sep, value = line.partition("=")
        key = " ".join(key.split()).lower()
        entries[key] = " ".join(value.split()).lower() if sep else key
    return entries


def write_entries(path: Path, entries: Iterable[str]) -> None:
    """Write a list lexicon so that `read_entries(path)` gives `entries` back."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{entry}\n" for entry in entries), encoding="utf-8")


def write_mapping(path: Path, entries: dict[str, str]) -> None:
    """Write a mapping lexicon so that `read_mapping(path)` gives `entries` back."""
    lines = [key if key == value else f"{key} = {value}" for key, value in entries.items()]
    write_entries(path, lines)
