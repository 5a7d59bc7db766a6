"""Cue lexicons of the attribution component: list lexicons (`files.read_entries`).

Verbs and nouns are lemmas, phrases are matched word by word.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.nlp.lexicons.files import read_entries, shipped_lexicon_dir, write_entries

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
    return shipped_lexicon_dir()


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
            write_entries(
                folder / file_name, entries if isinstance(entries, tuple) else sorted(entries)
            )
