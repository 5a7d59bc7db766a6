"""The speaker and anonymity lexicons: mapping lexicons (`files.read_mapping`).

Every file name starts with `speakers_` or `anonymity_`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from annotator.nlp.lexicons.files import read_mapping, shipped_lexicon_dir, write_mapping

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
