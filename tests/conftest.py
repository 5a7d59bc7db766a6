"""Shared fixtures. Qt runs headless; every store in a test is a real file or server."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def nlp():
    """The real pre-annotation pipeline, loaded once per test session."""
    from annotator.core.settings import DEFAULT_PIPELINE
    from annotator.nlp.pipeline import load_pipeline

    return load_pipeline(DEFAULT_PIPELINE)
