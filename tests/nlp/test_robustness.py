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
def test_a_line_longer_than_the_long_text_limit(nlp):
    # Over LONG_TEXT_CHARS, so cut into chunks and stitched back, the path every longer
    # article takes; six chunks test the stitching as well as a dozen did, at half the parse.
    # Sizes of 1 to 25 MB (time, peak memory) are the benchmark's:
    # benchmarks/bench_long_articles.py, figures in docs/RELIABILITY.md.
    from annotator.core.model import Document
    from annotator.nlp.long_texts import CHUNK_CHARS, LONG_TEXT_CHARS
    from annotator.services.preannotation import preannotate

    sentence = (
        "A senior official said that the talks failed, and he noted that Hamas warned "
        "“nobody will accept this” while the movement said it would wait. "
    )
    size = LONG_TEXT_CHARS + CHUNK_CHARS
    text = (sentence * (size // len(sentence) + 1))[:size]
    assert "\n" not in text and len(text) == size
    # Through the pre-annotator, as the app does: chunks of a line cut after sentences.
    [out] = preannotate([Document(id="line", text=text)], nlp)
    statements, sources = out.statements, out.sources
    ids = {s.id for s in sources}
    for st in statements:
        for span in (st.cue, *st.content, *([st.source] if st.source else [])):
            assert text[span.start : span.end] == span.text
        assert st.source_id is None or st.source_id in ids
    assert len(statements) > size // 1000  # found all along the line, not only at its start
    assert statements[-1].cue.start > 0.9 * size
    assert any(s.entity == "Hamas" for s in sources)


# ------------------------------------------------------------------------ long articles

#: Invented paragraphs (no real news); emoji and a letter outside the BMP shift the offsets.
PARAGRAPHS = [
    "Odran Vaskel, the harbour director, said that the ferry 🚢 would reopen in May.",
    "“The night trains will run again 👍🏽,” she said. Nobody on the quay believed it.",
    "According to the Ostmere Water Board, the reservoir 🇪🇬 is half empty.",
    "An unnamed senior official said the grain levy would double by the autumn.",
    "The minister told reporters: “We will not close the school 𝒜 before the vote.”",
    "Residents of Port Selwyn gathered on the quay at dawn and waited.",
    "Maelis Ardent, the mayor, warned that the harbour wall would cost more.",
    "“It is too late for the bridge,” Odran Vaskel said on Tuesday.",
]


def statement_view(statements, offset=0):
    """What a statement says, offsets shifted by `offset`, parents by position."""
    position = {s.id: n for n, s in enumerate(statements)}

    def span(s):
        return None if s is None else (s.start + offset, s.end + offset, s.text)

    return [
        (
            span(s.cue),
            [span(c) for c in s.content],
            span(s.source),
            s.kind,
            s.confidence,
            position.get(s.parent),
        )
        for s in statements
    ]


def test_a_long_text_gives_the_statements_of_its_paragraphs_one_by_one(nlp):
    from annotator.core.model import Document
    from annotator.nlp.long_texts import annotate_long_document, split_text
    from annotator.nlp.pipeline import PIPELINE_COMPONENTS

    paragraphs = PARAGRAPHS * 3
    text = "\n\n".join(paragraphs) + "\n"
    expected, offset = [], 0
    for paragraph in paragraphs:
        expected += statement_view(nlp(paragraph)._.statements, offset)
        offset += len(paragraph) + 2
    pieces = split_text(text, 400)
    assert len(pieces) >= 4 and all(p.endswith("\n") for p in pieces)  # borders between paragraphs

    out = annotate_long_document(
        nlp, Document(id="long", text=text), PIPELINE_COMPONENTS, chunk_chars=400
    )

    assert statement_view(out.statements) == expected
    assert [s.id for s in out.statements] == [f"q{n}" for n in range(1, len(expected) + 1)]
    for statement in out.statements:
        for span in (statement.cue, *statement.content, statement.source):
            assert span is None or text[span.start : span.end] == span.text
    assert all(text[e.start : e.end] == e.text for e in out.entities)
    assert out.entities[-1].start > len(text) - len(paragraphs[-1]) - 2


def test_a_long_text_has_one_source_per_name_and_one_unattributed_source(nlp):
    from annotator.core.model import Document
    from annotator.nlp.long_texts import annotate_long_document
    from annotator.nlp.pipeline import PIPELINE_COMPONENTS

    text = "\n\n".join(PARAGRAPHS * 3) + "\n"
    out = annotate_long_document(
        nlp, Document(id="long", text=text), PIPELINE_COMPONENTS, chunk_chars=400
    )

    ids = [s.id for s in out.sources]
    assert ids == [f"s{n}" for n in range(1, len(ids) + 1)]
    assert all(st.source_id in ids for st in out.statements if st.source_id is not None)
    vaskel = [s for s in out.sources if s.entity == "Odran Vaskel"]
    assert len(vaskel) == 1  # merged across chunks by name
    assert len({m.start // 400 for m in vaskel[0].mentions}) > 2
    assert all(text[m.start : m.end] == m.text for s in out.sources for m in s.mentions)
    mentions = vaskel[0].mentions
    assert mentions == sorted(mentions, key=lambda m: (m.start, m.end))
    unattributed = [s for s in out.sources if s.name.startswith("unattributed")]
    assert len(unattributed) <= 1 and (not unattributed or unattributed[0] is out.sources[-1])


def test_a_chunk_inside_a_long_text_starts_no_headline(nlp):
    from annotator.nlp.extensions import CONTINUES
    from annotator.nlp.pipeline import PIPELINE_COMPONENTS

    text = "Vaskel Praises Harbour Deal At Dawn\n\nThe ferry will run again."
    ours = [n for n in nlp.pipe_names if n in PIPELINE_COMPONENTS]
    found = {}
    for continues in (False, True):
        [doc] = nlp.pipe([text], disable=ours)
        if continues:
            doc.user_data[CONTINUES] = True
        for name in ours:
            doc = nlp.get_pipe(name)(doc)
        found[continues] = [s.cue.text for s in doc._.statements]
    assert found[False] == ["Praises"]
    assert found[True] == []


def test_long_texts_are_cut_at_paragraph_ends_outside_quotes():
    from annotator.nlp.long_texts import split_text

    quote = "“We will wait.\n\n“And we will wait again,” he said.\n\n"
    text = ("The mayor spoke first. " * 6 + "\n\n" + quote) * 8 + "x" * 300
    pieces = split_text(text, 300)
    assert "".join(pieces) == text
    assert all(len(p) <= 300 for p in pieces)
    starts = [sum(map(len, pieces[:n])) for n in range(1, len(pieces))]
    for at in starts[:-1]:
        assert text[at - 2 : at] == "\n\n"  # after a blank line
        assert not text[at:].startswith("“And")  # never between the two paragraphs of a quote


def test_a_text_on_one_line_is_cut_after_a_sentence():
    from annotator.nlp.long_texts import split_text

    text = "The mayor said that the ferry would run. " * 50
    pieces = split_text(text, 200)
    assert "".join(pieces) == text
    assert all(p.endswith("run. ") for p in pieces)


def test_batches_are_bounded_by_count_and_by_characters():
    from annotator.nlp.long_texts import bounded_batches

    items = [("x" * n, i) for i, n in enumerate([10, 20, 30, 100, 5, 5, 5])]
    batches = list(bounded_batches(items, size=2, max_chars=40))
    assert [[i for _, i in b] for b in batches] == [[0, 1], [2], [3], [4, 5], [6]]
