"""Train the learned parts on gold and save a versioned pipeline: `annotator train`.

The rules run over the gold texts once; their statements are the candidates. A candidate
is positive when the evaluation's relation matching (`evaluation.matched_predictions`)
pairs it with a gold statement. The documents are split, by document and with a seed,
into a training part and a held-out part (`held_out`); the training part is split again
(`TUNE_SHARE`) to choose the filter's threshold: the one that gives the best relation F1
there, never on the held-out part. The filter is then refitted on the whole training part.
On the held-out part the `annotator evaluate` figures of the rules alone and of the rules
with the filter are reported, with the calibration of the filter's probabilities (Brier
score and reliability bins). Before the filter, the span chooser (`training_spans`) is fitted
on the training part and re-chooses the spans of all candidates, so the filter learns from
the statements as the trained pipeline hands them to it; the report then has the figures of
the rules alone, the rules + chooser, and the rules + chooser + filter.

The pipeline is written to a fresh directory beside the target and renamed into place when
complete, so an interrupted or failed run leaves nothing half-written at the target.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.training import Example

from annotator.core.model import Document
from annotator.core.settings import Settings
from annotator.formats.docbin import USER_DATA_KEY, to_training_doc
from annotator.formats.jsonl import FormatError
from annotator.formats.spacy_docs import Alignment
from annotator.nlp.extensions import STATEMENTS
from annotator.nlp.learned.statement_filter import StatementFilter
from annotator.nlp.pipeline import CUE_PROPOSER, SPEAKERS, STATEMENT_FILTER, add_statement_filter
from annotator.services.evaluation import (
    EvaluationReport,
    evaluate,
    load_gold,
    matched_cues,
    matched_predictions,
)
from annotator.services.training_cues import ProposerReport, add_cue_proposals
from annotator.services.training_spans import new_span_chooser, train_spans

#: Share of the training documents held back to choose the threshold.
TUNE_SHARE = 0.2
#: Thresholds tried when choosing the filter's.
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.951, 0.025))
#: Thresholds tried for the filter's cue head (None: no cue head).
CUE_THRESHOLDS = (None, *(round(t, 2) for t in np.arange(0.3, 0.801, 0.05)))
#: The cue head may cost this much relation F1 on the tuning part (its aim is the cue figure;
#: on a held-out fifth of PolNeAR train it gained 0.9 points of cue exact F1 for 0.1 of
#: relation F1).
CUE_HEAD_RELATION_COST = 0.002
RELIABILITY_BINS = 10
#: Written into the pipeline's meta.json under this key.
META_KEY = "annotator_training"

Progress = Callable[[str, int, int], None]


class TrainingError(ValueError):
    """The gold cannot train a filter (too few documents, no candidates, target in use)."""


@dataclass
class TrainingReport:
    """What a training run did and measured."""

    train_documents: int = 0
    held_out_documents: int = 0
    candidates: int = 0
    positives: int = 0
    threshold: float = 0.5
    seed: int = 0
    rules: EvaluationReport = field(default_factory=EvaluationReport)
    #: The rules with the span chooser, without the filter (`training_spans`); None: not run.
    spans: EvaluationReport | None = None
    filtered: EvaluationReport = field(default_factory=EvaluationReport)
    brier: float = 0.0
    brier_of_rules: float = 0.0
    reliability: list[tuple[float, float, int]] = field(default_factory=list)
    #: The filter's own `score` on the held-out candidates (`StatementFilter.score`).
    scores: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    output: Path | None = None
    pipeline: str = ""
    #: What the cue proposer added and measured (`training_cues`).
    proposer: ProposerReport | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "train_documents": self.train_documents,
            "held_out_documents": self.held_out_documents,
            "candidates": self.candidates,
            "positives": self.positives,
            "threshold": self.threshold,
            "seed": self.seed,
            "brier": round(self.brier, 4),
            "brier_of_rule_confidence": round(self.brier_of_rules, 4),
            "filter_scores": {k: round(v, 4) for k, v in self.scores.items()},
            "seconds": round(self.seconds, 1),
            "held_out_rules": self.rules.to_dict(),
            **({"held_out_rules_and_spans": self.spans.to_dict()} if self.spans else {}),
            "held_out_rules_and_filter": self.filtered.to_dict(),
            **(self.proposer.to_dict() if self.proposer else {}),
        }

    def to_text(self) -> str:
        lines = [
            f"Trained the learned parts (cue proposer, span chooser, statement filter) on "
            f"{self.train_documents} documents "
            f"({self.candidates} candidates of the rules and the cue proposer, "
            f"{self.positives} matching gold), "
            f"seed {self.seed}, threshold {self.threshold:.3f} (chosen on part of the "
            f"training documents), {self.seconds:.0f} s.",
        ]
        if not self.held_out_documents:
            lines.append("No held-out part (--held-out 0): nothing measured.")
        else:
            lines += self._held_out_lines()
        if self.output is not None:
            lines += ["", f"Pipeline {self.pipeline} written to {self.output}"]
        return "\n".join(lines)

    def _held_out_lines(self) -> list[str]:
        lines = [
            "",
            f"== Held-out part ({self.held_out_documents} documents): rules alone",
            self.rules.to_text(),
            "",
            *(self.proposer.held_out_lines(self.held_out_documents) if self.proposer else []),
        ]
        parts = "rules + cue proposer" if self.proposer is not None else "rules"
        if self.spans is not None:
            parts += " + span chooser"
            lines += [
                f"== Held-out part ({self.held_out_documents} documents): {parts}",
                self.spans.to_text(),
                "",
            ]
        lines += [
            f"== Held-out part ({self.held_out_documents} documents): {parts} + filter",
            self.filtered.to_text(),
            "",
        ]
        if self.scores:
            lines.append(
                f"Candidates kept by the filter: {self.scores['filter_keep_p']:.3f} of them match"
                f" gold, and they are {self.scores['filter_keep_r']:.3f} of those that do"
            )
        lines += [
            f"Calibration on the held-out candidates: Brier score {self.brier:.4f} "
            f"(the rules' confidence as a probability: {self.brier_of_rules:.4f})",
            "  predicted   observed   candidates",
        ]
        lines += [f"  {p:9.3f}  {o:9.3f}  {n:11d}" for p, o, n in self.reliability]
        return lines


# ------------------------------------------------------------------------------------ gold

#: `--gold database`: the user's gold in the settings' database.
DATABASE = "database"


def load_training_gold(source: str | Path, settings: Settings) -> list[Document]:
    """Gold documents from a brat corpus folder, a document JSONL file (its accepted,
    corrected and added statements), or `DATABASE`: the settings' user's gold in the
    settings' database (the documents they marked done, as `annotator export` writes it)."""
    try:
        if str(source) == DATABASE:
            return _database_gold(settings)
        return list(load_gold(source))
    except (FormatError, OSError) as exc:
        raise TrainingError(f"cannot read the gold {source}: {exc}") from exc


def _database_gold(settings: Settings) -> list[Document]:
    from annotator.services.exporting import NothingToExport, Selection, export
    from annotator.services.workspace import Workspace

    workspace = Workspace.open(
        settings.database, settings.user, busy_timeout_ms=settings.lock_wait_ms
    )
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "gold.jsonl"
            try:
                export(workspace, path, Selection(settings.user))
            except NothingToExport as exc:
                raise TrainingError(f"no gold in {settings.database}: {exc}") from exc
            return list(load_gold(path))
    finally:
        workspace.close()


# ---------------------------------------------------------------------------------- split


def split_documents(
    docs: Sequence[Document], share: float, seed: int
) -> tuple[list[Document], list[Document]]:
    """(kept, held back): `share` of the documents, chosen by a seeded shuffle of their ids."""
    ids = sorted({d.id for d in docs})
    random.Random(seed).shuffle(ids)
    held = set(ids[: round(len(ids) * share)])
    return [d for d in docs if d.id not in held], [d for d in docs if d.id in held]


# ----------------------------------------------------------------------------- candidates


@dataclass
class Candidates:
    """The rules' statements on gold documents, as spaCy Examples (predicted: the parsed
    Doc with `Doc._.statements`; reference: the gold in the DocBin representation)."""

    examples: list[Example]
    gold: dict[str, Document]

    def labels(self, example: Example) -> list[bool]:
        gold = self.gold[example.reference.user_data[USER_DATA_KEY]["id"]]
        return matched_predictions(gold, example.predicted._.get(STATEMENTS) or [])

    def cue_labels(self, example: Example) -> list[bool]:
        """Which candidates' cues the exact cue matching pairs with a gold cue."""
        gold = self.gold[example.reference.user_data[USER_DATA_KEY]["id"]]
        return matched_cues(gold, example.predicted._.get(STATEMENTS) or [])

    def part(self, docs: Sequence[Document]) -> Candidates:
        ids = {d.id for d in docs}
        examples = [e for e in self.examples if _doc_id(e) in ids]
        return Candidates(examples, {i: self.gold[i] for i in ids})


def _doc_id(example: Example) -> str:
    return example.reference.user_data[USER_DATA_KEY]["id"]


def collect_candidates(
    nlp: Language, gold: Sequence[Document], progress: Progress | None = None
) -> Candidates:
    """Run the rules (the pipeline without proposer, filter and speakers) over the gold texts."""
    disabled = [n for n in (CUE_PROPOSER, STATEMENT_FILTER, SPEAKERS) if n in nlp.pipe_names]
    alignment = Alignment()
    examples = []
    texts = ((d.text, d) for d in gold)
    with nlp.select_pipes(disable=disabled):
        for done, (doc, document) in enumerate(
            nlp.pipe(texts, as_tuples=True, batch_size=16), start=1
        ):
            examples.append(Example(doc, to_training_doc(document, alignment)))
            if progress is not None:
                progress("running the rules", done, len(gold))
    return Candidates(examples, {d.id: d for d in gold})


# ------------------------------------------------------------------------------- training


def fit_filter(component: StatementFilter, train: Candidates, tune_share: float, seed: int) -> None:
    """Choose the thresholds (relation head, then cue head) on a tuning part of `train`,
    then fit on all of `train`."""
    docs = list(train.gold.values())
    fit_docs, tune_docs = split_documents(docs, tune_share, seed + 1)
    if not fit_docs or not tune_docs:
        raise TrainingError("too few training documents to choose a threshold (need 2 or more)")
    fit_part, tune_part = train.part(fit_docs), train.part(tune_docs)
    component.initialize(
        lambda: fit_part.examples, labels=fit_part.labels, cue_labels=fit_part.cue_labels
    )
    component.cue_threshold = None
    component.threshold = best_threshold(component, tune_part)
    component.cue_threshold = best_cue_threshold(component, tune_part)
    component.initialize(lambda: train.examples, labels=train.labels, cue_labels=train.cue_labels)


def best_threshold(component: StatementFilter, part: Candidates) -> float:
    """The threshold giving the best relation F1 on `part`; of several that tie, the
    middle one (on little data the best F1 is a plateau, and its edges are chance)."""
    scored = [(e, _probabilities(component, e)) for e in part.examples]
    f1 = {
        threshold: evaluate(
            part.gold.values(), _predicted(component, scored, threshold)
        ).relation.f1
        for threshold in THRESHOLDS
    }
    top = max(f1.values())
    best = [t for t in THRESHOLDS if f1[t] >= top - 1e-9]
    return best[len(best) // 2]


def best_cue_threshold(component: StatementFilter, part: Candidates) -> float | None:
    """The cue head's threshold with the best cue exact F1 on `part` among those costing
    at most `CUE_HEAD_RELATION_COST` of relation F1 (None: no cue head; so when none helps)."""
    scored = [(e, _probabilities(component, e)) for e in part.examples]
    gold = list(part.gold.values())
    results = {}
    for cue_threshold in CUE_THRESHOLDS:
        component.cue_threshold = cue_threshold
        report = evaluate(gold, _predicted(component, scored, component.threshold))
        results[cue_threshold] = (report.roles["exact"]["cue"].f1, report.relation.f1)
    floor = results[None][1] - CUE_HEAD_RELATION_COST
    allowed = [t for t in CUE_THRESHOLDS if results[t][1] >= floor]
    return max(allowed, key=lambda t: (results[t][0], t is None))


@dataclass
class _Scores:
    """The two heads' probabilities of one example's candidates, computed once for the
    many thresholds tried."""

    relation: np.ndarray
    cue: np.ndarray


def _probabilities(component: StatementFilter, example: Example) -> _Scores:
    statements = example.predicted._.get(STATEMENTS) or []
    rows = component.rows(example.predicted, statements)
    return _Scores(
        component.probabilities(example.predicted, statements, rows),
        component.cue_probabilities(rows),
    )


def _predicted(
    component: StatementFilter,
    scored: Sequence[tuple[Example, _Scores]],
    threshold: float | None,
) -> Iterator[Document]:
    """Predicted documents: the rules' statements, filtered at `threshold` (None: all)."""
    for example, scores in scored:
        doc = example.predicted
        statements = list(doc._.get(STATEMENTS) or [])
        if threshold is not None:
            cue = component.cue_keeps(scores.cue)
            statements = component.filtered(statements, scores.relation, threshold, cue)
        yield Document(id=_doc_id(example), text=doc.text, statements=statements)


def reliability(
    probabilities: np.ndarray, targets: np.ndarray, bins: int = RELIABILITY_BINS
) -> list[tuple[float, float, int]]:
    """(mean predicted, observed rate, count) for each non-empty probability bin."""
    which = np.minimum((probabilities * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        inside = which == b
        if inside.any():
            rows.append(
                (
                    float(probabilities[inside].mean()),
                    float(targets[inside].mean()),
                    int(inside.sum()),
                )
            )
    return rows


def measure(component: StatementFilter, held: Candidates, report: TrainingReport) -> None:
    """The evaluation figures and calibration on the held-out part."""
    scored = [(e, _probabilities(component, e)) for e in held.examples]
    gold = list(held.gold.values())
    report.rules = evaluate(gold, _predicted(component, scored, None))
    report.filtered = evaluate(gold, _predicted(component, scored, component.threshold))
    p = np.concatenate([s.relation for _, s in scored]) if scored else np.zeros(0)
    y = np.asarray([t for e in held.examples for t in held.labels(e)], dtype=np.float64)
    rule = np.asarray(
        [st.confidence or 0.0 for e in held.examples for st in e.predicted._.get(STATEMENTS) or []]
    )
    if len(y):
        report.scores = component.score(held.examples, labels=held.labels)
        report.brier = report.scores["filter_brier"]
        report.brier_of_rules = float(np.mean((rule - y) ** 2))
        report.reliability = reliability(p, y)


# ---------------------------------------------------------------------------------- train


def train(
    nlp: Language,
    gold: Sequence[Document],
    output: str | Path,
    *,
    seed: int = 0,
    held_out: float = 0.2,
    source: str = "",
    progress: Progress | None = None,
) -> TrainingReport:
    """Train a statement filter into `nlp` (the rules' pipeline) on `gold`, measure it on
    the held-out part and save the pipeline to `output` (which must not hold anything)."""
    started = time.perf_counter()
    target = Path(output)
    check_target(target)
    if not 0.0 <= held_out < 1.0:
        raise TrainingError(f"--held-out must be in [0, 1), not {held_out}")
    train_docs, held_docs = split_documents(gold, held_out, seed)
    if len(train_docs) < 2:
        raise TrainingError(f"{len(gold)} gold documents: too few to train on")
    if STATEMENT_FILTER in nlp.pipe_names:
        nlp.remove_pipe(STATEMENT_FILTER)  # retraining a trained pipeline: start afresh
    component = add_statement_filter(nlp)
    # The span chooser (training_spans) re-chooses the candidates' spans before the filter
    # learns from them; its own module holds the rest.
    chooser = new_span_chooser(nlp)
    candidates = collect_candidates(nlp, [*train_docs, *held_docs], progress)
    # The cue proposer (training_cues) adds its statements to the candidates the filter judges.
    proposer = add_cue_proposals(nlp, candidates, train_docs, held_docs, seed, progress)
    train_part = candidates.part(train_docs)
    spans = train_spans(chooser, candidates, train_part, held_docs, progress)
    if progress is not None:
        progress("fitting the filter", 0, 1)
    fit_filter(component, train_part, TUNE_SHARE, seed)
    report = TrainingReport(
        train_documents=len(train_docs),
        held_out_documents=len(held_docs),
        candidates=sum(len(train_part.labels(e)) for e in train_part.examples),
        positives=sum(sum(train_part.labels(e)) for e in train_part.examples),
        threshold=component.threshold,
        seed=seed,
    )
    if held_docs:
        measure(component, candidates.part(held_docs), report)
        spans.report_into(report)  # rules + proposer before and after the chooser
        proposer.took_all_candidates_for_rules(report)  # then the rules alone
    report.proposer = proposer
    report.seconds = time.perf_counter() - started
    _name(nlp, report, source, held_out)
    if progress is not None:
        progress("writing the pipeline", 0, 1)
    save_pipeline(nlp, target)
    report.output = target
    return report


def _name(nlp: Language, report: TrainingReport, source: str, held_out: float) -> None:
    """A name and version that say this is a trained pipeline, and the training record."""
    meta = nlp.meta
    base = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')} {meta.get('version', '')}"
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    name = str(meta.get("name", "pipeline"))
    if not name.endswith("_trained"):  # its learned parts: proposer, chooser, filter
        meta["name"] = f"{name}_trained"
    meta["version"] = f"{str(meta.get('version', '0.0.0')).split('+')[0]}+trained.{stamp}"
    meta[META_KEY] = {
        "base_pipeline": base.strip(),
        "gold": source,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "held_out_share": held_out,
        **report.to_dict(),
    }
    report.pipeline = f"{meta['lang']}_{meta['name']} {meta['version']}"


def check_target(target: Path) -> None:
    """Raise `TrainingError` unless `target` is free: missing, or an empty folder."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise TrainingError(f"{target}: exists and is not an empty folder; choose a new one")


def save_pipeline(nlp: Language, target: Path) -> None:
    """`nlp.to_disk` into a fresh folder beside `target`, renamed into place when complete."""
    check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        partial.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a pipeline is not
        nlp.to_disk(partial)
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(partial, target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
