"""The pre-annotation pipeline, loaded for a front end.

The GUI (in its model-loading worker) and the command line call this; spaCy is imported
only when a pipeline is loaded, so a front end that imports this module starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.settings import DEFAULT_PIPELINE

if TYPE_CHECKING:
    from spacy.language import Language


def load_pipeline(name: str = DEFAULT_PIPELINE) -> Language:
    """The spaCy pipeline `name` with the attribution and speaker components added.

    Raises OSError (as spaCy does) when no pipeline of that name is installed.
    """
    from annotator.nlp.pipeline import load_pipeline as load_with_components

    return load_with_components(name)
