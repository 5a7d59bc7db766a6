"""One training run as the window and `annotator train` start it: the gold, a fresh rules
pipeline, a new versioned folder, progress, and a cancel that leaves nothing behind.

`training.train` reports each stage through its `progress` callback; a run that is
cancelled raises `TrainingCancelled` from there, so the work stops at the next document and
`save_pipeline` removes its half-written folder. A cancel that comes too late to stop the
save removes the finished folder too: what the user sees ("cancelled") is what is on disk.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.core.settings import DEFAULT_PIPELINE, Settings
from annotator.services.models import new_model_folder
from annotator.services.training import (
    DATABASE,
    Progress,
    TrainingReport,
    check_target,
    load_training_gold,
    train,
)

#: Below this many held-out documents a difference in F1 is said to be possibly chance.
FEW_HELD_OUT = 20

#: The held-out figures compared after a run: (label, matching, role); relation last.
COMPARED = (
    ("source", "exact", "source"),
    ("cue", "exact", "cue"),
    ("content exact", "exact", "content"),
    ("content overlap", "overlap", "content"),
)


class TrainingCancelled(Exception):
    """The user cancelled the run; nothing was written."""


@dataclass(frozen=True, slots=True)
class TrainingRequest:
    """What to train on and where the pipeline goes."""

    gold: str = DATABASE
    output: Path | None = None  # None: a new folder under the data folder's models/
    base: str = DEFAULT_PIPELINE  # the rules' pipeline the learned parts are added to
    seed: int = 0
    held_out: float = 0.2


def run_training(
    request: TrainingRequest,
    settings: Settings,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> TrainingReport:
    """Train on `request.gold` and save the pipeline; raises `TrainingCancelled` (nothing
    left at the target) or `TrainingError`."""
    from annotator.services.pipeline import load_pipeline

    stop = cancelled or (lambda: False)
    target = request.output or new_model_folder()
    check_target(target)  # before minutes of work, not after

    def report(stage: str, done: int, total: int) -> None:
        if stop():
            raise TrainingCancelled
        if progress is not None:
            progress(stage, done, total)

    report("reading the gold", 0, 0)
    gold = load_training_gold(request.gold, settings)
    report("loading the rules", 0, 0)
    nlp = load_pipeline(request.base)
    result = train(
        nlp,
        gold,
        target,
        seed=request.seed,
        held_out=request.held_out,
        source=str(request.gold),
        progress=report,
    )
    if stop():  # cancelled while the pipeline was being written: take it away again
        shutil.rmtree(target, ignore_errors=True)
        raise TrainingCancelled
    return result


def comparison_text(report: TrainingReport) -> str:
    """The held-out F1 of the rules and of the trained pipeline side by side (plain text)."""
    if not report.held_out_documents:
        return "No held-out part: nothing measured."
    lines = [
        f"Held-out part: {report.held_out_documents} documents "
        f"(trained on {report.train_documents})",
        f"{'F1':18}{'rules':>8}{'trained':>9}",
    ]
    for label, matching, role in COMPARED:
        rules = report.rules.roles[matching][role].f1
        trained = report.filtered.roles[matching][role].f1
        lines.append(f"{label:18}{rules:8.3f}{trained:9.3f}")
    lines.append(
        f"{'relation':18}{report.rules.relation.f1:8.3f}{report.filtered.relation.f1:9.3f}"
    )
    return "\n".join([*lines, "", verdict(report)])


def verdict(report: TrainingReport) -> str:
    """Which to use, in a sentence: the trained pipeline, or the rules (small gold can make
    a trained pipeline worse than the rules; the table alone leaves the reader to notice)."""
    if not report.held_out_documents:
        return "Nothing held out, so nothing says whether the trained pipeline is better."
    delta = report.filtered.relation.f1 - report.rules.relation.f1
    if delta > 0:
        text = (
            f"On the held-out documents the trained pipeline is better than the rules "
            f"(relation F1 {delta:+.3f})."
        )
    else:
        text = (
            f"On the held-out documents the trained pipeline is no better than the rules "
            f"(relation F1 {delta:+.3f}): keep the rules, or mark more documents done and "
            "train again."
        )
    if report.held_out_documents < FEW_HELD_OUT:
        text += (
            f" With {report.held_out_documents} held-out documents the difference may be "
            "chance."
        )
    return text
