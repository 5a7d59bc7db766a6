"""The speaker and anonymity lexicons: plain-text files a user can extend without code.

One entry per line under `resources/lexicons/` (the package `annotator.resources`); blank
lines and lines starting with "#" are ignored; "word = value" maps an entry to a value, a bare
word maps to itself. Every file name starts with `speakers_` or `anonymity_`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path

#: Field of `SpeakerLexicons` -> file name in the lexicon folder.
LEXICON_FILES: dict[str, str] = {
    "roles": "speakers_roles.txt",
    "seniority": "speakers_seniority.txt",
    "groups": "speakers_groups.txt",
    "generic_roles": "speakers_generic_roles.txt",
    "documents": "speakers_documents.txt",
    "vague": "anonymity_vague.txt",
    "markers": "anonymity_markers.txt",
    "reasons": "anonymity_reasons.txt",
    "specific": "anonymity_specific.txt",
    "offices": "anonymity_offices.txt",
}


def shipped_lexicon_dir() -> Path:
    """The lexicon folder that ships with the package."""
    return Path(str(resources.files("annotator.resources") / "lexicons"))


def read_mapping(path: Path) -> dict[str, str]:
    """Entries of a lexicon file, lower-cased, in file order; a missing file is empty."""
    entries: dict[str, str] = {}
    if not path.is_file():
        return entries
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key = " ".join(key.split()).lower()
        entries[key] = " ".join(value.split()).lower() if sep else key
    return entries


def write_mapping(path: Path, entries: dict[str, str]) -> None:
    """Write `entries` so that `read_mapping(path)` gives them back."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [key if key == value else f"{key} = {value}" for key, value in entries.items()]
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


@dataclass(frozen=True, slots=True)
class SpeakerLexicons:
    """Role nouns, seniority words, group nouns, generic roles, document nouns, and what
    tells named, anonymous and vague sources apart: generic collectives (`vague`), markers
    of an unnamed source, frames of a stated reason, phrases that single people out
    (`specific`) and offices a single person holds."""

    roles: dict[str, str]
    seniority: dict[str, str]
    groups: dict[str, str]
    generic_roles: dict[str, str]
    documents: dict[str, str]
    vague: dict[str, str]
    markers: dict[str, str]
    reasons: dict[str, str]
    specific: dict[str, str]
    offices: dict[str, str]

    @classmethod
    def load(cls, folder: Path | None = None) -> SpeakerLexicons:
        """Read every lexicon from `folder` (default: the shipped ones)."""
        folder = folder or shipped_lexicon_dir()
        return cls(**{name: read_mapping(folder / file) for name, file in LEXICON_FILES.items()})

    def to_disk(self, folder: Path) -> None:
        """Write every lexicon to `folder`, so that `load(folder)` reads the same back."""
        for f in fields(self):
            write_mapping(folder / LEXICON_FILES[f.name], getattr(self, f.name))


_DEFAULT: SpeakerLexicons | None = None


def default_lexicons() -> SpeakerLexicons:
    """The shipped lexicons, read once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = SpeakerLexicons.load()
    return _DEFAULT
