"""Load the pre-annotation pipeline: a spaCy pipeline plus our attribution components.

`load_pipeline()` is what the GUI, the command line and the benchmarks call. The speaker
component (`annotator.nlp.speakers.component`) is added when it is importable, so the
pipeline works while that component is being built. Both components are also registered
with spaCy by entry points (`spacy_factories` in pyproject.toml), so a pipeline saved with
`nlp.to_disk` loads with `spacy.load` in a process that never imported annotator.
"""

from __future__ import annotations

import importlib

import spacy
from spacy.language import Language

from annotator.core.settings import DEFAULT_PIPELINE
from annotator.nlp.attribution import component as attribution
from annotator.nlp.extensions import register_extensions
from annotator.nlp.learned import cue_proposer, span_chooser, statement_filter

ATTRIBUTION = attribution.FACTORY
SPEAKERS = "annotator_speakers"
#: Components `load_pipeline` adds after the spaCy pipeline, in order (when available).
PIPELINE_COMPONENTS: tuple[str, ...] = (ATTRIBUTION, SPEAKERS)
#: The learned filter of a trained pipeline (`annotator train`); `load_pipeline` never adds it.
STATEMENT_FILTER = statement_filter.FACTORY
#: The learned cue proposer of a trained pipeline: adds statements the rules' lexicons miss.
CUE_PROPOSER = cue_proposer.FACTORY
#: The learned re-chooser of the statements' source and content spans (`annotator train`).
SPAN_CHOOSER = span_chooser.FACTORY
#: All our components, in pipeline order: those a trained pipeline may hold too.
OUR_COMPONENTS: tuple[str, ...] = (
    ATTRIBUTION,
    CUE_PROPOSER,
    SPAN_CHOOSER,
    STATEMENT_FILTER,
    SPEAKERS,
)


def speakers_available() -> bool:
    """Whether the speaker-resolution component can be imported (and so registered)."""
    try:
        importlib.import_module("annotator.nlp.speakers.component")
    except ImportError:
        return False
    return True


def load_pipeline(name: str = DEFAULT_PIPELINE) -> Language:
    """`spacy.load(name)` with the attribution and, if available, speaker components added.

    `name` is an installed pipeline or a directory: a pipeline saved by `annotator train`
    already holds our components with the span chooser and the statement filter (importing
    this module registered their factories, so spaCy finds them).
    """
    register_extensions()
    nlp = spacy.load(name)
    add_components(nlp)
    return nlp


def add_components(nlp: Language) -> Language:
    """Add our components to `nlp` (any pipeline with a parser), skipping those present."""
    if ATTRIBUTION not in nlp.pipe_names:
        nlp.add_pipe(ATTRIBUTION)
    if SPEAKERS not in nlp.pipe_names and speakers_available():
        nlp.add_pipe(SPEAKERS)
    return nlp


def add_statement_filter(nlp: Language) -> statement_filter.StatementFilter:
    """Add an untrained statement filter right after the attribution component."""
    return nlp.add_pipe(STATEMENT_FILTER, after=ATTRIBUTION)


def add_cue_proposer(nlp: Language) -> cue_proposer.CueProposer:
    """Add an untrained cue proposer right after the attribution component (so before the
    span chooser and the statement filter, which judge its proposals with the rules')."""
    return nlp.add_pipe(CUE_PROPOSER, after=ATTRIBUTION)


def add_span_chooser(nlp: Language) -> span_chooser.SpanChooser:
    """Add an untrained span chooser after the components that propose statements and
    before the statement filter (which judges the statements with the chosen spans)."""
    if STATEMENT_FILTER in nlp.pipe_names:
        return nlp.add_pipe(SPAN_CHOOSER, before=STATEMENT_FILTER)
    proposers = [n for n in nlp.pipe_names if n in (ATTRIBUTION, CUE_PROPOSER)]
    return nlp.add_pipe(SPAN_CHOOSER, after=proposers[-1] if proposers else ATTRIBUTION)
