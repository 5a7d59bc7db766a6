"""Is a matched statement's speaker the gold speaker? Scored when the gold has sources.

Gold from JSONL can link each statement to a SOURCE (`source_id`) with every mention of it.
A predicted statement matched to a gold one (relation matching) has the right speaker when
its SOURCE names the same entity, or when a mention of it that is not a pronoun overlaps
(character Jaccard ≥ 0.5) a non-pronoun mention of the gold SOURCE. The statement's own local
mention is no evidence, since both sides share it; when it is all the gold says of the
speaker, the prediction is right if it claims nothing more.
"""

from __future__ import annotations

from annotator.core.model import Document, Source, Span, Statement
from annotator.nlp.speakers.anonymity import is_pronoun
from annotator.nlp.speakers.mentions import names_match
from annotator.services.evaluation_matching import OVERLAP_THRESHOLD, jaccard


def _descriptions(source: Source, local: Span | None) -> list[Span]:
    return [m for m in source.mentions if m != local and not is_pronoun(m.text)]


def same_speaker(gold: Source, predicted: Source, local: Span | None = None) -> bool:
    """Whether two SOURCEs of the same text are the same speaker (see the module doc)."""
    if gold.entity and predicted.entity and names_match(gold.entity, predicted.entity):
        return True
    gold_names, predicted_names = _descriptions(gold, local), _descriptions(predicted, local)
    if not gold_names:
        # Only the local mention describes the gold speaker: right if nothing else is claimed.
        return not predicted_names and not predicted.entity
    return any(
        jaccard(((g.start, g.end),), ((p.start, p.end),)) >= OVERLAP_THRESHOLD
        for g in gold_names
        for p in predicted_names
    )


def speaker_outcome(
    gold_doc: Document, gold: Statement, pred_doc: Document | None, pred: Statement
) -> bool | None:
    """True or False when the gold statement has a gold SOURCE to compare with, else None."""
    gold_source = gold_doc.source_by_id(gold.source_id)
    if gold_source is None:
        return None
    pred_source = None if pred_doc is None else pred_doc.source_by_id(pred.source_id)
    return pred_source is not None and same_speaker(gold_source, pred_source, gold.source)
