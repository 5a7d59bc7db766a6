"""The anonymity test set and its scoring: source mentions in invented sentences, each with
the anonymity an editor gives it (named / anonymous / vague, `docs/document-jsonl.md`) and
the stated reason for anonymity, if the sentence gives one.

The set is `data/anonymity_mentions.jsonl`, one mention a line:
`{"id", "class", "text", "mention", "anonymity", "reason"}`, where `class` is one of
`named-person`, `named-institution`, `anonymous`, `vague`; `mention` is the source as it
stands in the text (its first occurrence), or null for a statement with no speaker in the
sentence, found by its `cue` instead. Every sentence is invented for the purpose.

`score(nlp, items)` runs the real pipeline over every text and compares; `Scores.table()`
prints what `docs/ACCURACY.md` reports (`benchmarks/anonymity_accuracy.py` runs it).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data" / "anonymity_mentions.jsonl"
CLASSES = ("named-person", "named-institution", "anonymous", "vague")
LABELS = ("named", "anonymous", "vague")
#: What a mention the pipeline gave no statement is counted as.
MISSING = "no statement"
_EDGE = " \t\n,.;:“”\"'‘’()"


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    cls: str
    text: str
    mention: str | None
    anonymity: str
    reason: str | None
    cue: str | None = None

    def mention_range(self) -> tuple[int, int]:
        start = self.text.index(self.mention or "")
        return start, start + len(self.mention or "")

    def reason_range(self) -> tuple[int, int] | None:
        if self.reason is None:
            return None
        start = self.text.index(self.reason)
        return start, start + len(self.reason)


def load_items(path: Path = DATA) -> list[Item]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            raw["cls"] = raw.pop("class")
            items.append(Item(**raw))
    return items


@dataclass(frozen=True, slots=True)
class Outcome:
    item: Item
    anonymity: str  # a LABELS value, or MISSING
    reason: str | None
    #: Statements whose cue lies inside the item's stated reason (a reason made a statement).
    reason_statements: int


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _statement_of(item: Item, doc):
    statements = doc._.statements or []
    if item.mention is None:
        at = item.text.index(item.cue or "")
        cue = (at, at + len(item.cue or ""))
        found = [s for s in statements if _overlap((s.cue.start, s.cue.end), cue)]
        return found[0] if found else None
    wanted = item.mention_range()
    found = [
        s
        for s in statements
        if s.source is not None and _overlap((s.source.start, s.source.end), wanted)
    ]
    return min(found, key=lambda s: abs(s.source.start - wanted[0]), default=None)


def outcome_of(item: Item, doc) -> Outcome:
    statement = _statement_of(item, doc)
    source = None
    if statement is not None and statement.source_id is not None:
        source = next((s for s in doc._.sources if s.id == statement.source_id), None)
    reason_range = item.reason_range()
    inside = 0
    if reason_range is not None:
        inside = sum(
            reason_range[0] <= s.cue.start < reason_range[1] for s in doc._.statements or []
        )
    if source is None:
        return Outcome(item, MISSING, None, inside)
    return Outcome(item, str(source.anonymity), source.descriptors.reason, inside)


def score(nlp, items: list[Item]) -> Scores:
    docs = nlp.pipe([item.text for item in items])
    return Scores([outcome_of(item, doc) for item, doc in zip(items, docs, strict=True)])


def normal(text: str | None) -> str:
    return " ".join((text or "").strip(_EDGE).lower().split())


def reason_matches(outcome: Outcome, *, exact: bool) -> bool:
    """Whether the predicted reason is the stated one: the same words (`exact`), or
    characters overlapping by a Jaccard of at least 0.5."""
    item = outcome.item
    if item.reason is None or outcome.reason is None:
        return False
    if exact:
        return normal(item.reason) == normal(outcome.reason)
    at = item.text.find(outcome.reason)
    if at < 0:
        return False
    gold, predicted = item.reason_range() or (0, 0), (at, at + len(outcome.reason))
    union = max(gold[1], predicted[1]) - min(gold[0], predicted[0])
    return _overlap(gold, predicted) / union >= 0.5


@dataclass
class Scores:
    outcomes: list[Outcome]
    confusion: Counter = field(init=False)

    def __post_init__(self) -> None:
        self.confusion = Counter((o.item.anonymity, o.anonymity) for o in self.outcomes)

    def accuracy(self, cls: str | None = None) -> float:
        chosen = [o for o in self.outcomes if cls is None or o.item.cls == cls]
        return sum(o.anonymity == o.item.anonymity for o in chosen) / max(len(chosen), 1)

    def label_accuracy(self, label: str) -> float:
        chosen = [o for o in self.outcomes if o.item.anonymity == label]
        return sum(o.anonymity == label for o in chosen) / max(len(chosen), 1)

    def with_reason(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.item.reason is not None]

    def reason_recall(self, *, exact: bool = False) -> float:
        stated = self.with_reason()
        return sum(reason_matches(o, exact=exact) for o in stated) / max(len(stated), 1)

    def spurious_reasons(self) -> list[Outcome]:
        """Mentions given a reason where the text states none."""
        return [o for o in self.outcomes if o.item.reason is None and o.reason is not None]

    def reason_statements(self) -> int:
        """Stated reasons that the pipeline made a statement of their own."""
        return sum(o.reason_statements > 0 for o in self.with_reason())

    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.anonymity != o.item.anonymity]

    def table(self) -> str:
        """The figures as `docs/ACCURACY.md` shows them."""
        n = len(self.outcomes)
        right = sum(o.anonymity == o.item.anonymity for o in self.outcomes)
        lines = [f"anonymity accuracy: {right / n:.3f} ({right}/{n} mentions)"]
        for cls in CLASSES:
            chosen = [o for o in self.outcomes if o.item.cls == cls]
            ok = sum(o.anonymity == o.item.anonymity for o in chosen)
            lines.append(f"  {cls:<18} {ok / max(len(chosen), 1):.3f} ({ok}/{len(chosen)})")
        columns = [*LABELS, MISSING]
        lines += ["", "confusion (rows: expected, columns: predicted)"]
        lines.append(" " * 12 + "".join(f"{c:>14}" for c in columns))
        for label in LABELS:
            row = "".join(f"{self.confusion[(label, c)]:>14}" for c in columns)
            lines.append(f"{label:<12}{row}")
        stated = self.with_reason()
        found = sum(reason_matches(o, exact=False) for o in stated)
        exact = sum(reason_matches(o, exact=True) for o in stated)
        lines += [
            "",
            f"reason recall: {found / max(len(stated), 1):.3f} ({found}/{len(stated)} stated "
            f"reasons found, Jaccard >= 0.5); exact {exact / max(len(stated), 1):.3f} "
            f"({exact}/{len(stated)})",
            f"reasons given where none is stated: {len(self.spurious_reasons())} "
            f"(of {n - len(stated)} mentions)",
            f"stated reasons made a statement of their own: {self.reason_statements()} "
            f"(of {len(stated)})",
        ]
        return "\n".join(lines)
