"""Cue lexicons: plain-text data files a user can extend without touching code.

Each lexicon is a file of one entry per line under `resources/lexicons/` (shipped as the
package `annotator.resources`); blank lines and lines starting with "#" are ignored. Entries
are lower-cased: verbs and nouns are lemmas, phrases are matched word by word.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

#: Lexicon name -> file name in the lexicon folder.
LEXICON_FILES: dict[str, str] = {
    "speech_verbs": "speech_verbs.txt",
    "cognition_verbs": "cognition_verbs.txt",
    "cue_phrases": "cue_phrases.txt",
    "cue_nouns": "cue_nouns.txt",
    "attitude_verbs": "attitude_verbs.txt",
    "addressee_verbs": "addressee_verbs.txt",
    "verb_particles": "cue_verb_particles.txt",
    "clause_only_verbs": "clause_only_verbs.txt",
    "raising_verbs": "raising_verbs.txt",
    "line_labels": "line_labels.txt",
    "modal_governors": "modal_governors.txt",
    "anonymity_reasons": "anonymity_reasons.txt",
}


def default_lexicon_dir() -> Path:
    """The lexicon folder shipped with the package."""
    return Path(str(resources.files("annotator.resources") / "lexicons"))


def read_entries(path: Path) -> list[str]:
    """The entries of one lexicon file, lower-cased, in file order, without duplicates."""
    entries: dict[str, None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = " ".join(line.split()).lower()
        if entry and not entry.startswith("#"):
            entries[entry] = None
    return list(entries)


@dataclass(frozen=True, slots=True)
class Lexicons:
    """Every cue list the attribution component uses."""

    speech_verbs: frozenset[str]
    cognition_verbs: frozenset[str]
    cue_phrases: tuple[str, ...]
    cue_nouns: frozenset[str]
    attitude_verbs: frozenset[str] = frozenset()
    addressee_verbs: frozenset[str] = frozenset()
    verb_particles: frozenset[str] = frozenset()
    clause_only_verbs: frozenset[str] = frozenset()
    raising_verbs: frozenset[str] = frozenset()
    line_labels: frozenset[str] = frozenset()
    modal_governors: frozenset[str] = frozenset()
    #: Frames of a stated reason for anonymity: a clause that gives one is no statement.
    anonymity_reasons: tuple[str, ...] = ()

    @classmethod
    def load(cls, folder: Path | None = None) -> Lexicons:
        """Read the lexicons from `folder` (default: the shipped ones); missing files are empty."""
        folder = folder or default_lexicon_dir()
        values = {}
        for name, file_name in LEXICON_FILES.items():
            path = folder / file_name
            values[name] = read_entries(path) if path.is_file() else []
        return cls(
            speech_verbs=frozenset(values["speech_verbs"]),
            cognition_verbs=frozenset(values["cognition_verbs"]) - set(values["speech_verbs"]),
            cue_phrases=tuple(values["cue_phrases"]),
            cue_nouns=frozenset(values["cue_nouns"]),
            attitude_verbs=frozenset(values["attitude_verbs"]),
            addressee_verbs=frozenset(values["addressee_verbs"]),
            verb_particles=frozenset(values["verb_particles"]),
            clause_only_verbs=frozenset(values["clause_only_verbs"]),
            raising_verbs=frozenset(values["raising_verbs"]),
            line_labels=frozenset(values["line_labels"]),
            modal_governors=frozenset(values["modal_governors"]),
            anonymity_reasons=tuple(values["anonymity_reasons"]),
        )

    def to_disk(self, folder: Path) -> None:
        """Write each lexicon to `folder`, one entry per line, so `load(folder)` reads it back."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, file_name in LEXICON_FILES.items():
            entries = getattr(self, name)
            ordered = entries if isinstance(entries, tuple) else sorted(entries)
            (folder / file_name).write_text("".join(f"{e}\n" for e in ordered), encoding="utf-8")
