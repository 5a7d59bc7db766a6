"""Measure the attribution pre-annotator against gold statements.

Per role (source, cue, content): precision, recall and F1 under exact matching (equal
character spans after trimming, see `evaluation_matching`) and overlap matching (character
Jaccard ≥ 0.5). Relation F1: a predicted statement matches a gold one when the cues overlap
and content and source match by overlap (a missing source matches only a missing source).
Recall is also given on gold statements whose source is anonymous (and vague), where the
gold labels its sources' anonymity; never from the pre-annotator's own anonymity classifier,
which would grade itself. All matching is one-to-one and greedy in text order.

    python -m annotator.services.evaluation --gold CORPUS_OR_JSONL [--pred F | --pipeline N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from annotator.core.model import Anonymity, Document, Statement, Status
from annotator.formats.brat import is_brat_corpus, iter_brat_corpus
from annotator.formats.jsonl import FormatError, iter_documents, write_documents
from annotator.services.evaluation_matching import (
    Region,
    cue_region,
    exact_score,
    greedy_match,
    intersection,
    jaccard,
    overlap_score,
    region,
)
from annotator.services.evaluation_speakers import speaker_outcome

ROLES = ("source", "cue", "content")
MATCHINGS = {"exact": exact_score, "overlap": overlap_score}
ANONYMITY_BASES = {"labels": "the gold sources' own anonymity labels"}
#: Said instead of the anonymity lines when no gold statement has a labelled source.
NO_ANONYMITY_LABELS = (
    "recall on gold statements whose source is anonymous / vague: not measured "
    "(the gold labels no source's anonymity)"
)


@dataclass(slots=True)
class Score:
    """Counts for one measure; one-to-one matching makes matched gold = matched predicted."""

    matched: int = 0
    gold: int = 0
    predicted: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, matched: int, gold: int, predicted: int) -> None:
        self.matched += matched
        self.gold += gold
        self.predicted += predicted

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "matched": self.matched,
            "gold": self.gold,
            "predicted": self.predicted,
        }


def _role_scores() -> dict[str, dict[str, Score]]:
    return {matching: {role: Score() for role in ROLES} for matching in MATCHINGS}


@dataclass(slots=True)
class EvaluationReport:
    """Every measure of one evaluation run, printable (`to_text`) and machine readable."""

    documents: int = 0
    documents_without_prediction: int = 0
    roles: dict[str, dict[str, Score]] = field(default_factory=_role_scores)
    relation: Score = field(default_factory=Score)
    #: Recall of relations by the anonymity of the gold source: "anonymous", "vague".
    by_anonymity: dict[str, Score] = field(
        default_factory=lambda: {"anonymous": Score(), "vague": Score()}
    )
    anonymity_bases: set[str] = field(default_factory=set)
    #: Recall of relations by the kind of the gold statement: direct, indirect, mixed.
    by_kind: dict[str, Score] = field(default_factory=dict)
    #: Matched statements whose speaker (SOURCE) is right, when the gold has sources.
    speaker: Score = field(default_factory=Score)
    description: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Every figure as plain JSON-ready values."""
        return {
            "documents": self.documents,
            "documents_without_prediction": self.documents_without_prediction,
            "gold_statements": self.relation.gold,
            "predicted_statements": self.relation.predicted,
            **{
                matching: {role: score.to_dict() for role, score in scores.items()}
                for matching, scores in self.roles.items()
            },
            "relation": self.relation.to_dict(),
            "recall_by_source_anonymity": {
                name: score.to_dict() for name, score in self.by_anonymity.items()
            },
            "anonymity_basis": sorted(self.anonymity_bases),
            "recall_by_kind": {
                name: score.to_dict() for name, score in sorted(self.by_kind.items())
            },
            "speaker_accuracy": self.speaker.to_dict() if self.speaker.gold else None,
            **({"description": self.description} if self.description else {}),
        }

    def to_text(self) -> str:
        """A table a person can read: per role P/R/F1 under both matchings, then the rest."""
        lines = [
            f"Attribution evaluation: {self.documents} documents, "
            f"{self.relation.gold} gold statements, {self.relation.predicted} predicted",
            *[f"  {key}: {value}" for key, value in self.description.items()],
        ]
        if self.documents_without_prediction:
            lines.append(f"  {self.documents_without_prediction} documents had no prediction")
        lines += [
            "",
            f"{'':9}{'exact':^22}  {'overlap (Jaccard >= 0.5)':^24}",
            f"{'role':9}{'P':>7}{'R':>7}{'F1':>8}  {'P':>7}{'R':>7}{'F1':>8}",
        ]
        for role in ROLES:
            exact, overlap = self.roles["exact"][role], self.roles["overlap"][role]
            lines.append(f"{role:9}{_prf(exact)}  {_prf(overlap)}")
        lines += [
            "",
            f"{'relation':9}{_prf(self.relation)}   "
            "(cues overlap, content and source match by overlap)",
            "",
        ]
        for name, score in sorted(self.by_kind.items()):
            lines.append(
                f"recall on {name} gold statements: {score.recall:.3f} "
                f"({score.matched}/{score.gold} relations matched)"
            )
        for name, score in self.by_anonymity.items() if self.anonymity_bases else ():
            lines.append(
                f"recall on gold statements whose source is {name}: "
                f"{score.recall:.3f} ({score.matched}/{score.gold} relations matched)"
            )
        if not self.anonymity_bases:
            lines.append(NO_ANONYMITY_LABELS)
        for basis in sorted(self.anonymity_bases):
            lines.append(f"  source anonymity decided by {ANONYMITY_BASES[basis]}")
        if self.speaker.gold:
            lines.append(
                f"speaker right on matched statements: {self.speaker.recall:.3f} "
                f"({self.speaker.matched}/{self.speaker.gold}; gold SOURCEs compared by "
                "entity or overlapping description)"
            )
        return "\n".join(lines)


def _prf(score: Score) -> str:
    return f"{score.precision:7.3f}{score.recall:7.3f}{score.f1:8.3f}"


# ------------------------------------------------------------------------------- evaluation


@dataclass(frozen=True, slots=True)
class _Regions:
    """The regions of one statement's roles, ready for matching."""

    statement: Statement
    source: Region | None
    cue: Region
    content: Region

    def role(self, name: str) -> Region | None:
        return getattr(self, name)


def _regions(text: str, statement: Statement) -> _Regions:
    return _Regions(
        statement=statement,
        source=None if statement.source is None else region(text, [statement.source]),
        cue=cue_region(text, statement),
        content=region(text, statement.content, content=True),
    )


def _position(item: _Regions) -> tuple[int, int]:
    start, _ = item.statement.extent
    return item.statement.cue.start, start


def _relation_score(gold: _Regions, pred: _Regions) -> float | None:
    cue_shared = intersection(gold.cue, pred.cue) or (
        gold.statement.cue.overlaps(pred.statement.cue)
    )
    if not cue_shared:
        return None
    content = overlap_score(gold.content, pred.content)
    if content is None:
        return None
    if gold.source is None or pred.source is None:
        if gold.source is not None or pred.source is not None:
            return None
        source = 1.0
    else:
        source = overlap_score(gold.source, pred.source)
        if source is None:
            return None
    return content + source + jaccard(gold.cue, pred.cue)


def gold_anonymity(doc: Document, statement: Statement) -> Anonymity | None:
    """The anonymity the gold gives a statement's source (its SOURCE's label), else None."""
    labelled = doc.source_by_id(statement.source_id)
    return None if labelled is None else labelled.anonymity


def _evaluate_document(report: EvaluationReport, gold: Document, pred: Document | None) -> None:
    gold_items = sorted((_regions(gold.text, s) for s in gold.statements), key=_position)
    pred_statements = [] if pred is None else pred.statements
    pred_items = sorted(
        (_regions(gold.text, s) for s in pred_statements if s.status != Status.REJECTED),
        key=_position,
    )
    for matching, score in MATCHINGS.items():
        for role in ROLES:
            g = sorted((i.role(role) for i in gold_items if i.role(role) is not None), key=_first)
            p = sorted((i.role(role) for i in pred_items if i.role(role) is not None), key=_first)
            pairs = greedy_match(g, p, score)
            report.roles[matching][role].add(len(pairs), len(g), len(p))
    pairs = greedy_match(gold_items, pred_items, _relation_score)
    report.relation.add(len(pairs), len(gold_items), len(pred_items))
    matched = {id(g) for g, _ in pairs}
    _count_by_anonymity(report, gold, gold_items, matched)
    for item in gold_items:
        kind = item.statement.kind.value
        report.by_kind.setdefault(kind, Score()).add(int(id(item) in matched), 1, 0)
    for g, p in pairs:
        outcome = speaker_outcome(gold, g.statement, pred, p.statement)
        if outcome is not None:
            report.speaker.add(int(outcome), 1, 1)


def _first(r: Region) -> int:
    return r[0][0] if r else -1


def _count_by_anonymity(
    report: EvaluationReport, gold: Document, items: Sequence[_Regions], matched: set[int]
) -> None:
    for item in items:
        anonymity = gold_anonymity(gold, item.statement)
        if anonymity is None or anonymity.value not in report.by_anonymity:
            continue
        report.anonymity_bases.add("labels")
        report.by_anonymity[anonymity.value].add(int(id(item) in matched), 1, 0)


def evaluate(
    gold: Iterable[Document], predicted: Iterable[Document] | Mapping[str, Document]
) -> EvaluationReport:
    """Compare predicted statements with gold ones, document by document (paired by id).

    A gold document without a prediction (or whose predicted text differs) counts as one
    where nothing was found; rejected predictions are left out.
    """
    by_id = predicted if isinstance(predicted, Mapping) else {d.id: d for d in predicted}
    report = EvaluationReport()
    for doc in gold:
        pred = by_id.get(doc.id)
        if pred is None or pred.text != doc.text:
            report.documents_without_prediction += 1
            pred = None
        report.documents += 1
        _evaluate_document(report, doc, pred)
    return report


def matched_predictions(gold: Document, predicted: Sequence[Statement]) -> list[bool]:
    """For each predicted statement (in the given order), whether the relation matching of
    `evaluate` pairs it with a gold statement of `gold`: the learned filter's labels."""
    gold_items = sorted((_regions(gold.text, s) for s in gold.statements), key=_position)
    pred_items = [_regions(gold.text, s) for s in predicted]
    pairs = greedy_match(gold_items, sorted(pred_items, key=_position), _relation_score)
    matched = {id(p) for _, p in pairs}
    return [id(item) in matched for item in pred_items]


def matched_cues(gold: Document, predicted: Sequence[Statement]) -> list[bool]:
    """For each predicted statement (in the given order), whether the exact cue matching of
    `evaluate` pairs its cue with a gold cue: the labels of the filter's cue head."""
    gold_cues = sorted((_regions(gold.text, s).cue for s in gold.statements), key=_first)
    pred_items = [_regions(gold.text, s) for s in predicted]
    order = sorted(range(len(pred_items)), key=lambda i: _first(pred_items[i].cue))
    pairs = greedy_match(gold_cues, order, lambda g, i: exact_score(g, pred_items[i].cue))
    matched = {i for _, i in pairs}
    return [i in matched for i in range(len(pred_items))]


# ------------------------------------------------------------------------------ data sources


def _gold_only(doc: Document) -> Document:
    doc.statements = [s for s in doc.statements if s.status.is_gold]
    return doc


def _read_jsonl(path: Path) -> Iterator[Document]:
    """The documents of a JSONL file; the first broken line raises its `FormatError`."""
    for item in iter_documents(path):
        if isinstance(item, FormatError):
            raise item
        yield item


def load_gold(path: str | Path) -> Iterator[Document]:
    """Gold documents from a brat corpus folder (PolNeAR) or a document JSONL file, whose
    gold statements are the accepted, corrected and added ones."""
    path = Path(path)
    if path.is_dir():
        yield from iter_brat_corpus(path)
    elif path.is_file():
        yield from (_gold_only(doc) for doc in _read_jsonl(path))
    else:
        raise FormatError("no such corpus folder or JSONL file", path)


def _blank_copy(doc: Document) -> Document:
    return Document(id=doc.id, text=doc.text, meta=dict(doc.meta))


def predict(documents: Sequence[Document], pipeline: str | None = None) -> list[Document]:
    """Run the pre-annotator (`load_pipeline` + `preannotate`) on the texts of `documents`."""
    from annotator.core.settings import DEFAULT_PIPELINE
    from annotator.nlp.pipeline import load_pipeline
    from annotator.services.preannotation import preannotate

    nlp = load_pipeline(pipeline or DEFAULT_PIPELINE)
    return list(preannotate([_blank_copy(d) for d in documents], nlp))


def run_evaluation(
    gold_path: str | Path,
    pred_path: str | Path | None = None,
    pipeline: str | None = None,
    limit: int | None = None,
    *,
    save_pred: str | Path | None = None,
) -> EvaluationReport:
    """Evaluate predictions read from `pred_path` (JSONL), or made by running the
    pre-annotator `pipeline` on the gold texts, against the gold at `gold_path`; `limit`
    keeps the first documents only; `save_pred` writes the predictions made (JSONL) for
    error analysis."""
    gold = list(islice(load_gold(gold_path), limit))
    if pred_path is not None:
        predicted: list[Document] = list(_read_jsonl(Path(pred_path)))
        origin = str(pred_path)
    else:
        predicted = predict(gold, pipeline)
        origin = f"pipeline {pipeline or 'default'}"
        if save_pred is not None:
            with open(save_pred, "w", encoding="utf-8") as out:
                write_documents(predicted, out)
    report = evaluate(gold, predicted)
    kind = "brat corpus" if is_brat_corpus(gold_path) else "JSONL"
    report.description = {"gold": f"{gold_path} ({kind})", "predicted": origin}
    return report


# ------------------------------------------------------------------------------ command line


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m annotator.services.evaluation", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--gold", required=True, help="brat corpus folder or document JSONL")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--pred", help="predicted documents (JSONL)")
    group.add_argument("--pipeline", help="spaCy pipeline to pre-annotate the gold texts with")
    parser.add_argument("--limit", type=int, help="evaluate the first K documents only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--save-pred", help="write the pipeline's predictions to this JSONL")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns the exit status (0 ok, 1 unreadable input)."""
    args = _parser().parse_args(argv)
    try:
        report = run_evaluation(
            args.gold, args.pred, args.pipeline, args.limit, save_pred=args.save_pred
        )
    except (FormatError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.to_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
