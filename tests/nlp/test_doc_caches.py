"""What our components remember per Doc, and the array readings that replaced Token walks,
give what the plain computation gives, and are read anew when the Doc or the input differs.

(The speed itself is measured in `benchmarks/`, never here.)"""

import pytest
from spacy.tokens import Doc

from annotator.core.model import Span, Statement
from annotator.nlp.attribution.content import line_breaks
from annotator.nlp.attribution.cues import VERB_POS, tokens_with_pos
from annotator.nlp.doc_text import text_of
from annotator.nlp.learned.features import _sentence_number
from annotator.nlp.learned.span_alternatives import DocContext, token_span, word_class
from annotator.nlp.lexicons.speakers import default_lexicons
from annotator.nlp.span_groups import ROLE_GROUPS, write_span_groups
from annotator.nlp.speakers.anonymity import ReasonFinder, reason_entries, reason_finder

TEXT = (
    "A senior official, who asked not to be named because he was not authorised to speak, "
    "said the plant would close.\n\n“It is over,” the mayor told reporters on Friday. "
    "Critics, speaking on condition of anonymity, said the decision was rushed."
)
OTHER = "Two aides, who declined to be identified, said the talks had stalled."


@pytest.fixture(scope="module")
def parsed(nlp):
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]):
        yield nlp(TEXT), nlp(OTHER)


def test_text_of_is_the_docs_text_and_is_read_again_when_the_doc_is_refilled(parsed):
    doc, other = parsed
    assert text_of(doc) == doc.text and text_of(doc) is text_of(doc)
    empty = Doc(doc.vocab)
    assert text_of(empty) == ""
    empty.from_bytes(other.to_bytes())  # the same Doc object, now with another text
    assert text_of(empty) == OTHER


def test_reasons_found_once_per_doc_are_those_found_in_its_text(parsed):
    doc, other = parsed
    finder = reason_finder(default_lexicons())
    reasons = finder.find_in_doc(doc)
    assert reasons == finder.find(TEXT) and len(reasons) == 3
    # Another finder with the same frames (the attribution component's) gets the same.
    twin = ReasonFinder(reason_entries(default_lexicons().reasons.items()))
    assert twin.find_in_doc(doc) == reasons
    # Other frames are looked for on their own, not taken from the first finder's.
    narrow = ReasonFinder(["speaking on condition of anonymity"])
    assert narrow.find_in_doc(doc) == narrow.find(TEXT) and len(narrow.find(TEXT)) == 1
    refilled = Doc(doc.vocab)
    assert finder.find_in_doc(refilled) == []
    refilled.from_bytes(other.to_bytes())
    assert finder.find_in_doc(refilled) == finder.find(OTHER) != []


def _statement(text: str, sid: str, cue: str, content: str, source: str, speaker=None):
    def span(words: str) -> Span:
        start = text.index(words)
        return Span.of(text, start, start + len(words))

    return Statement(sid, span(cue), [span(content)], span(source), source_id=speaker)


def _groups(doc: Doc) -> dict[str, list[tuple]]:
    return {
        name: [(s.start_char, s.end_char, s.label_, s.kb_id_, s.id_) for s in doc.spans[name]]
        for name in ROLE_GROUPS
    }


def test_span_groups_written_again_are_those_of_a_fresh_write(parsed, nlp):
    doc, _ = parsed
    first = [_statement(TEXT, "q1", "said", "the plant would close", "A senior official")]
    second = [
        _statement(TEXT, "q1", "said", "the plant would close", "A senior official", "s1"),
        _statement(TEXT, "q2", "told", "It is over", "the mayor"),
    ]
    for statements in (first, second, first, []):
        write_span_groups(doc, statements)
        fresh = nlp.make_doc(TEXT)
        write_span_groups(fresh, statements)
        assert _groups(doc) == _groups(fresh)
    assert _groups(doc) == {name: [] for name in ROLE_GROUPS}


def test_a_group_whose_spans_did_not_change_is_left_but_one_replaced_since_is_written(parsed):
    doc, _ = parsed
    statements = [_statement(TEXT, "q1", "said", "the plant would close", "A senior official")]
    write_span_groups(doc, statements)
    cue_group = doc.spans["cue"]
    statements[0].source_id = "s1"  # only the source's kb_id changes
    write_span_groups(doc, statements)
    assert doc.spans["cue"] is cue_group
    assert [s.kb_id_ for s in doc.spans["source"]] == ["s1"]
    doc.spans["cue"] = []  # someone else's write in between
    write_span_groups(doc, statements)
    assert [(s.text, s.id_) for s in doc.spans["cue"]] == [("said", "q1")]


def test_the_chooser_context_reads_what_tokens_and_sentences_give(parsed):
    doc, _ = parsed
    ctx = DocContext(doc)
    assert ctx.lower == [t.lower_ for t in doc]
    assert ctx.dep == [t.dep_ for t in doc]
    assert ctx.word == [word_class(t) for t in doc]
    assert ctx.sentence_starts == [s.start for s in doc.sents]
    assert [ctx.chars(i, i + 1) for i in range(len(doc))] == [
        (t.idx, t.idx + len(t)) for t in doc
    ]
    for start in range(0, len(TEXT) + 1, 3):
        for end in range(start, min(len(TEXT), start + 40) + 1, 2):
            assert ctx.span(start, end) == token_span(doc, start, end), (start, end)


def test_array_readings_of_the_rules_are_the_token_walks(parsed):
    doc, _ = parsed
    assert line_breaks(doc) == [t.i for t in doc if t.is_space and "\n" in t.text] != []
    verbs = tokens_with_pos(doc, VERB_POS)
    assert [t.i for t in verbs] == [t.i for t in doc if t.pos_ in VERB_POS] != []
    assert [_sentence_number(doc, t) for t in doc] == [
        sum(1 for s in doc.sents if s.start <= t.i) for t in doc
    ]
