"""Odd input through the full pipeline: never an exception, always a sensible result."""

import pytest

from annotator.core.model import Anonymity, Span


def check(doc):
    """Everything the pipeline returns is consistent with the text it was given."""
    text = doc.text
    statements, sources = doc._.statements, doc._.sources
    assert isinstance(statements, list) and isinstance(sources, list)
    ids = {s.id for s in sources}
    for st in statements:
        for span in (st.cue, *st.content, *([st.source] if st.source else [])):
            assert isinstance(span, Span)
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start : span.end] == span.text
        assert st.source_id is None or st.source_id in ids
        assert st.parent is None or st.parent in {s.id for s in statements}
    for source in sources:
        assert all(text[m.start : m.end] == m.text for m in source.mentions)
        assert source.anonymity in set(Anonymity)
    return statements, sources


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\t \u00a0 \n"])
def test_empty_or_blank_text_gives_nothing(nlp, text):
    statements, sources = check(nlp(text))
    assert statements == [] and sources == []


def test_text_without_sentences(nlp):
    check(nlp("—— … ?! ;;; 12 34 56 ,,, “ ” ( ) [ ] https://example.org/a?b=c#d"))


@pytest.mark.parametrize(
    "text",
    [
        "“He said it was finished, the clerk said.",
        "The minister said “it was over. Nobody listened,",
        "“She said “they said ‘we said “no”’” and left,” he added.",
        "„Wir sind bereit“, sagte er. « Nous sommes prêts », a-t-il dit.",
        '"Unbalanced "straight" quotes" " he said " she said.',
        "”Backwards quotes“ he said.",
    ],
)
def test_unbalanced_or_nested_quotation_marks(nlp, text):
    check(nlp(text))


@pytest.mark.parametrize(
    "text",
    [
        "Der Sprecher sagte, dass die Verhandlungen gescheitert seien.",
        "El portavoz dijo que las negociaciones habían fracasado.",
        "وقال المتحدث إن المفاوضات فشلت.",
        "发言人说谈判失败了。",
        "Представитель заявил, что переговоры провалились.",
        "The spokesman 👍🏽 said that talks 🇪🇬 failed, he noted 𝒜.",
    ],
)
def test_non_english_text(nlp, text):
    check(nlp(text))


def test_control_characters(nlp):
    text = "He said\x00 that\x07 talks\x1b[31m failed.\x0b\x0c The official\u200b noted\ufeff it."
    check(nlp(text))


def test_a_statement_survives_control_characters_around_it(nlp):
    statements, _ = check(nlp("\x01\x02 The official said that the talks failed. \x7f"))
    assert [s.cue.text.split()[-1] for s in statements] == ["said"]


@pytest.mark.slow
def test_one_megabyte_on_one_line(nlp):
    sentence = (
        "A senior official said that the talks failed, and he noted that Hamas warned "
        "“nobody will accept this” while the movement said it would wait. "
    )
    text = (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]
    assert "\n" not in text and len(text) == 1_000_000
    statements, sources = check(nlp(text))
    assert len(statements) > 1000  # found all along the line, not only at its start
    assert statements[-1].cue.start > 900_000
    assert any(s.entity == "Hamas" for s in sources)
