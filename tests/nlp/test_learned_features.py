"""What the learned parts see of a word: the feature names, on the real parse.

spaCy makes a new Token object on every access, so a word's head is never the same object
as the word, even for the root; a feature that asks "is this the root?" must compare
positions. These pin that down for the cue proposer's and the filter's features.
"""

from annotator.core.model import Span, Statement
from annotator.nlp.learned.cue_features import Context, token_features
from annotator.nlp.learned.features import candidate_features

PLAIN = Context(rule_cue_in_sentence=False, quoted=False, quote_near=False, sentence_start=False)


def test_a_root_word_is_marked_root_and_a_dependent_names_its_head(nlp):
    doc = nlp("The minister denied that the port was closed.")
    denied = next(t for t in doc if t.text == "denied")
    assert denied.dep_ == "ROOT"
    features = token_features(denied, PLAIN)
    assert "head=ROOT" in features
    assert not any(f.startswith("head_lemma=") for f in features)
    closed = next(t for t in doc if t.text == "closed")
    assert "head_lemma=deny" in token_features(closed, PLAIN)


def test_the_filter_marks_a_root_cue_as_having_no_head(nlp):
    text = "The minister denied that the port was closed."
    doc = nlp(text)
    at = text.index("denied")
    statement = Statement(
        id="q1",
        source=Span.of(text, 0, len("The minister")),
        cue=Span.of(text, at, at + len("denied")),
        content=[Span.of(text, text.index("the port"), len(text) - 1)],
    )
    assert "cue_head_pos=ROOT" in candidate_features(doc, statement)
