"""From a processed Doc to a Document: entities, statements, untouched input."""

import pytest

from annotator.core.model import Document, Origin, Status
from annotator.nlp.convert import annotate_document


def test_annotate_document_fills_entities_and_statements_on_a_copy(nlp):
    document = Document(id="a1", text="Anna Lindqvist said that Estoria would help.", meta={"x": 1})
    annotated = annotate_document(nlp(document.text), document)
    assert annotated is not document and document.statements == [] and document.entities == []
    assert annotated.meta["x"] == 1 and annotated.id == "a1"
    assert ("Anna Lindqvist", "PERSON") in [(e.text, e.label) for e in annotated.entities]
    assert all(
        e.status == Status.SUGGESTED and e.origin == Origin.MODEL for e in annotated.entities
    )
    [statement] = annotated.statements
    assert statement.cue.text == "said" and statement.source.text == "Anna Lindqvist"


def test_statements_are_copies_not_shared_with_the_doc(nlp):
    document = Document(id="a2", text="He said that it rained.")
    doc = nlp(document.text)
    annotated = annotate_document(doc, document)
    annotated.statements[0].confidence = 0.0
    assert doc._.statements[0].confidence != 0.0


def test_a_doc_of_another_text_is_refused(nlp):
    with pytest.raises(ValueError, match="another text"):
        annotate_document(nlp("Other text."), Document(id="a3", text="Some text."))


def test_sources_and_statements_are_deep_copies_equal_to_the_docs(nlp):
    text = "A senior official, who asked not to be named, said that the plant would close."
    doc = nlp(text)
    annotated = annotate_document(doc, Document(id="a4", text=text))
    assert annotated.statements == doc._.statements and annotated.sources == doc._.sources
    [source] = annotated.sources
    assert source.descriptors.reason and source.descriptors is not doc._.sources[0].descriptors
    assert annotated.statements[0].claim is not doc._.statements[0].claim
    assert annotated.statements[0].content is not doc._.statements[0].content
