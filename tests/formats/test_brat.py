"""Reading gold attributions from brat standoff files (PolNeAR layout), on hand-made files."""

import pytest

from annotator.core.model import Origin, StatementKind, Status
from annotator.formats.brat import iter_brat_corpus, read_brat
from annotator.formats.jsonl import FormatError

TEXT = (
    "The mayor said the bridge will open in May. "
    "“It is ready,” she added, “and it is safe.” "
    "It was reported that the budget doubled."
)


def offsets(fragment: str, occurrence: int = 0) -> str:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(fragment, start + 1)
    return f"{start} {start + len(fragment)}"


def t_line(tid: str, label: str, *fragments: str) -> str:
    spans = ";".join(offsets(f) for f in fragments)
    return f"{tid}\t{label} {spans}\t{' '.join(fragments)}"


def ann_lines() -> list[str]:
    # Relations come first and name T ids defined further down, as PolNeAR files do.
    return [
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        "E2\tAttribution:T8 Cue:T6 Source:T5 Content:T7",
        "E3\tAttribution-no-source:T11 Content:T10 Cue:T9",
        t_line("T1", "Source", "The mayor"),
        t_line("T2", "Cue", "said"),
        t_line("T3", "Content", "the bridge will open in May"),
        t_line("T4", "Attribution", "said"),
        t_line("T5", "Source", "she"),
        t_line("T6", "Cue", "added"),
        t_line("T7", "Content", "“It is ready,”", "“and it is safe.”"),
        t_line("T8", "Attribution", "added"),
        t_line("T9", "Cue", "was reported"),
        t_line("T10", "Content", "that the budget doubled"),
        t_line("T11", "Attribution-no-source", "was reported"),
        "T12\tDiscard 0 3\tThe",
    ]


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "story.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "story_b2.ann").write_text("", encoding="utf-8")
    (tmp_path / "attributions" / "story_a1.ann").write_text(
        "\n".join(ann_lines()) + "\n", encoding="utf-8"
    )
    return tmp_path


def test_relations_become_gold_statements_in_text_order(corpus):
    doc = read_brat(corpus / "text" / "story.txt", corpus / "attributions" / "story_a1.ann")
    assert doc.id == "story"
    assert [(s.id, s.cue.text) for s in doc.statements] == [
        ("q1", "said"),
        ("q2", "added"),
        ("q3", "was reported"),
    ]
    first = doc.statements[0]
    assert first.source.text == "The mayor"
    assert [c.text for c in first.content] == ["the bridge will open in May"]
    assert all(s.status == Status.ACCEPTED and s.origin == Origin.HUMAN for s in doc.statements)
    assert all(s.annotator == "a1" for s in doc.statements)


def test_discontinuous_content_keeps_its_fragments(corpus):
    doc = read_brat(corpus / "text" / "story.txt", corpus / "attributions" / "story_a1.ann")
    quote = doc.statements[1]
    assert [c.text for c in quote.content] == ["“It is ready,”", "“and it is safe.”"]
    assert quote.kind == StatementKind.DIRECT
    assert all(TEXT[c.start : c.end] == c.text for c in quote.content)


def test_attribution_without_source_has_no_source(corpus):
    doc = read_brat(corpus / "text" / "story.txt", corpus / "attributions" / "story_a1.ann")
    assert doc.statements[2].source is None
    assert doc.statements[2].kind == StatementKind.INDIRECT


def test_corpus_folder_reads_the_first_ann_in_name_order(corpus):
    docs = list(iter_brat_corpus(corpus))
    assert [d.id for d in docs] == ["story"]
    assert len(docs[0].statements) == 3  # story_a1.ann, not the empty story_b2.ann


def test_span_text_may_run_over_several_lines(tmp_path):
    text = "Line one.\nLine two, he said."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    content = "Line one.\nLine two"
    (tmp_path / "a_x.ann").write_text(
        f"T1\tContent 0 {len(content)}\t{content}\n"
        f"T2\tSource 20 22\the\nT3\tCue 23 27\tsaid\n"
        "E1\tAttribution:T3 Cue:T3 Source:T2 Content:T1\n",
        encoding="utf-8",
    )
    doc = read_brat(tmp_path / "a.txt", tmp_path / "a_x.ann")
    assert doc.statements[0].content[0].text == content


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ("T9\tContent 5 oops\tx", "bad offsets"),
        ("T9\tContent 5 9000\tx", "outside the text"),
        ("T9\tContent 0 3\tNot", "but the text there is"),
        ("E9\tAttribution:T4 Content:T99", "T99"),
    ],
)
def test_a_broken_line_names_the_file_and_line(corpus, bad_line, reason):
    ann = corpus / "attributions" / "story_a1.ann"
    ann.write_text("\n".join([*ann_lines(), bad_line]) + "\n", encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        read_brat(corpus / "text" / "story.txt", ann)
    assert caught.value.path == str(ann)
    assert caught.value.line == len(ann_lines()) + 1
    assert reason in str(caught.value)


def test_a_folder_without_text_and_attributions_is_refused(tmp_path):
    with pytest.raises(FormatError, match="text/ and attributions/"):
        list(iter_brat_corpus(tmp_path))
