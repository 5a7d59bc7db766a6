"""Re-suggest with another pipeline where nobody has reviewed: `annotator resuggest` and the
window's Model > Re-suggest.

Only documents that hold the model's suggestions alone are re-run: nobody has decided
anything in them or marked them (done or not done). Each one's suggestions are replaced in
a transaction of its own that checks this again (`Workspace.replace_untouched_suggestions`),
so a decision saved while the run goes on keeps its document as it was; no human decision
is ever read, changed or removed. The new run is recorded with the pipeline's name and
version, so an export of the document names the pipeline that made its suggestions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.language import Language

from annotator.services.preannotation import pipeline_info, preannotate
from annotator.services.workspace import Workspace

#: Documents read, run and written per step (a step is what a cancel waits for).
BATCH = 16


@dataclass
class ResuggestReport:
    """What a re-suggest run did."""

    pipeline: str = ""
    candidates: int = 0
    replaced: list[str] = field(default_factory=list)
    #: Documents someone started reviewing while the run went on: left as they were.
    kept: list[str] = field(default_factory=list)
    cancelled: bool = False

    def summary(self) -> str:
        text = (
            f"{len(self.replaced)} of {self.candidates} documents nobody has reviewed "
            f"re-suggested by {self.pipeline}"
        )
        if self.kept:
            text += f"; {len(self.kept)} left as they were (reviewing started meanwhile)"
        if self.cancelled:
            text += "; cancelled (the documents done so far keep their new suggestions)"
        return text


def resuggest(
    workspace: Workspace,
    nlp: Language,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ResuggestReport:
    """Run `nlp` over every document nobody has reviewed and replace its suggestions."""
    stop = cancelled or (lambda: False)
    info = pipeline_info(nlp)
    ids = workspace.untouched_document_ids()
    report = ResuggestReport(pipeline=f"{info['name']} {info['version']}", candidates=len(ids))
    if progress is not None:
        progress(0, len(ids))
    for start in range(0, len(ids), BATCH):
        if stop():
            break
        documents = [workspace.load_document(doc_id) for doc_id in ids[start : start + BATCH]]
        for document in preannotate(documents, nlp, cancelled=stop):
            if workspace.replace_untouched_suggestions(document, pipeline=info):
                report.replaced.append(document.id)
            else:
                report.kept.append(document.id)
            if progress is not None:
                progress(len(report.replaced) + len(report.kept), len(ids))
    report.cancelled = stop()
    return report
