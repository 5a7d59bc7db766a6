"""The pipeline loader, the component's factory and its extensions, on blank and real models."""

from importlib.metadata import entry_points

import pytest
import spacy
from child_processes import run_python

from annotator.core.model import Statement
from annotator.nlp.attribution.component import FACTORY
from annotator.nlp.extensions import register_extensions
from annotator.nlp.lexicons.attribution import Lexicons, default_lexicon_dir
from annotator.nlp.pipeline import PIPELINE_COMPONENTS


def test_blank_pipeline_runs_the_component_and_finds_nothing_without_a_parse():
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY)
    doc = nlp("He said that it rained. “Yes,” she said.")
    assert doc._.statements == []


def test_registering_extensions_twice_is_harmless():
    register_extensions()
    register_extensions()
    assert spacy.tokens.Doc.has_extension("statements")
    assert spacy.tokens.Doc.has_extension("sources")


def test_load_pipeline_adds_our_components_after_spacy(nlp):
    """The session's `nlp` is `load_pipeline(DEFAULT_PIPELINE)`."""
    ours = [name for name in nlp.pipe_names if name in PIPELINE_COMPONENTS]
    assert ours[0] == FACTORY and nlp.pipe_names.index(FACTORY) > nlp.pipe_names.index("parser")
    doc = nlp("The minister said that the bridge would open in May.")
    assert [type(s) for s in doc._.statements] == [Statement]


def attribution_with(nlp, folder, text):
    """The statements an attribution component reading the lexicons in `folder` finds."""
    component = nlp.create_pipe(FACTORY, config={"lexicon_dir": str(folder)})
    with nlp.select_pipes(disable=list(PIPELINE_COMPONENTS)):
        return component(nlp(text))._.statements


def test_lexicons_are_data_files_a_user_can_extend(nlp, tmp_path):
    shipped = Lexicons.load()
    assert "say" in shipped.speech_verbs and "according to" in shipped.cue_phrases
    assert (default_lexicon_dir() / "speech_verbs.txt").is_file()
    text = "The minister trumpeted the new bridge over the river."
    assert nlp(text)._.statements == []
    folder = tmp_path / "lexicons"
    shipped.to_disk(folder)
    with open(folder / "speech_verbs.txt", "a", encoding="utf-8") as handle:
        handle.write("# my own\ntrumpet\n")
    assert [s.cue.text for s in attribution_with(nlp, folder, text)] == ["trumpeted"]


def test_component_survives_to_disk_and_from_disk(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    doc = reloaded("According to the police, the road is closed.")
    assert [s.cue.text for s in doc._.statements] == ["According to"]


FRESH_LOAD = """
import sys, spacy
before = sorted(m for m in sys.modules if m.startswith("annotator"))
nlp = spacy.load(sys.argv[1])
doc = nlp("According to the police, the road is closed.")
print(before, [s.cue.text for s in doc._.statements], [s.id for s in doc._.sources])
"""


def test_a_saved_pipeline_loads_in_a_fresh_process_by_the_entry_points(nlp, tmp_path):
    """spaCy finds our factories through the installed entry points (pyproject.toml), in a
    process that never imported annotator."""
    if not entry_points(group="spacy_factories", name=FACTORY):
        pytest.skip("annotator's entry points are not installed: reinstall it (dev.py does)")
    nlp.to_disk(tmp_path / "pipeline")
    result = run_python("-c", FRESH_LOAD, tmp_path / "pipeline", cwd=tmp_path)
    assert result.stdout.strip() == "[] ['According to'] ['s1']"


def test_line_labels_are_a_lexicon_a_user_can_extend(nlp, tmp_path):
    text = "BULLETIN: The ferry will not sail on Friday.\nThe crew went home."
    assert [s.cue.text for s in nlp(text)._.statements] == [":"]  # read as a speaker
    folder = tmp_path / "lexicons"
    Lexicons.load().to_disk(folder)
    with open(folder / "line_labels.txt", "a", encoding="utf-8") as handle:
        handle.write("bulletin\n")
    assert attribution_with(nlp, folder, text) == []


def test_the_statements_are_span_groups_that_spacys_scorer_reads_like_gold(nlp):
    """The engine's output in spaCy's own representation: roles as `doc.spans` groups, tied
    by the statement's id, the source linked to its speaker by `kb_id`; scored against
    gold converted to a DocBin's Doc with spaCy's `Scorer`, as a trainable component is."""
    from spacy.scorer import Scorer
    from spacy.training import Example

    from annotator.formats.docbin import to_training_doc
    from annotator.formats.spacy_docs import Alignment
    from annotator.nlp.convert import annotate_document
    from annotator.nlp.span_groups import ROLE_GROUPS

    text = "The minister said that the bridge would open in May. Ana Ruiz believes it will rain."
    doc = nlp(text)
    said, believes = doc._.statements
    assert [(s.text, s.label_, s.id_) for s in doc.spans["cue"]] == [
        ("said", "CUE", said.id),
        ("believes", "CUE", believes.id),
    ]
    assert [s.text for s in doc.spans["content"]] == [
        c.text for s in (said, believes) for c in s.content
    ]
    assert [(s.text, s.kb_id_) for s in doc.spans["source"]] == [
        ("The minister", said.source_id),
        ("Ana Ruiz", believes.source_id),
    ]
    assert {s.id for s in doc._.sources} >= {said.source_id, believes.source_id}

    # Gold: the first statement only (the second is a belief the annotator left out).
    from annotator.core.model import Document

    predicted = annotate_document(doc, Document(id="d", text=text))
    gold = Document(id="d", text=text, statements=[predicted.statements[0]])
    example = Example(doc, to_training_doc(gold, Alignment()))
    for group in ROLE_GROUPS:
        scores = Scorer.score_spans([example], group, getter=lambda d, name: d.spans[name])
        assert scores[f"{group}_r"] == 1.0
        assert scores[f"{group}_p"] == 0.5  # the belief is one span too many
