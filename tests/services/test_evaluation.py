"""The evaluation measures, on small hand-made documents whose right numbers are known."""

import json

import pytest

from annotator.core.model import (
    Anonymity,
    Document,
    Origin,
    Source,
    Span,
    Statement,
    StatementKind,
    Status,
)
from annotator.core.regions import trim
from annotator.formats.jsonl import iter_documents, write_documents
from annotator.services.evaluation import evaluate, load_gold, main, run_evaluation
from annotator.services.evaluation_matching import greedy_match, jaccard, region

TEXT = (
    "A Palestinian leader said that “the talks failed,” in Cairo. "
    "He noted that mediators gave up. "
    "It was reported that the budget doubled. "
    "Tamim Khallaf said the region is calm."
)


def span(fragment: str, occurrence: int = 0, text: str = TEXT) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    return Span.of(text, start, start + len(fragment))


def stmt(sid, cue, content, source=None, **kw) -> Statement:
    contents = content if isinstance(content, list) else [content]
    return Statement(
        id=sid,
        cue=span(cue) if isinstance(cue, str) else cue,
        content=[span(c) if isinstance(c, str) else c for c in contents],
        source=span(source) if isinstance(source, str) else source,
        **kw,
    )


def gold_doc() -> Document:
    gold = dict(status=Status.ACCEPTED, origin=Origin.HUMAN)
    return Document(
        id="d1",
        text=TEXT,
        statements=[
            stmt("q1", "said", "that “the talks failed,”", "A Palestinian leader", **gold),
            stmt("q2", "noted", "that mediators gave up", "He", **gold),
            stmt("q3", "was reported", "that the budget doubled", None, **gold),
            stmt("q4", span("said", 1), "the region is calm", "Tamim Khallaf", **gold),
        ],
    )


def predicted(*statements: Statement) -> Document:
    return Document(id="d1", text=TEXT, statements=list(statements))


# ---------------------------------------------------------------------------- trimming


@pytest.mark.parametrize(
    ("raw", "content", "expected"),
    [
        ("  He, ", False, "He"),
        ("“the talks failed,”", True, "the talks failed"),
        ("that “the talks failed,”", True, "the talks failed"),
        ("that mediators gave up.", True, "mediators gave up"),
        ("that mediators gave up.", False, "that mediators gave up"),
        ("thatcher said", True, "thatcher said"),
    ],
)
def test_trimming_rules(raw, content, expected):
    start, end = trim(raw, 0, len(raw), content=content)
    assert raw[start:end] == expected


def test_content_fragments_are_compared_as_the_union_of_their_characters():
    text = "“One part,” he said, “and another.”"
    fragments = [span("“One part,”", text=text), span("“and another.”", text=text)]
    whole = [Span.of(text, 0, len(text))]
    union = region(text, fragments, content=True)
    assert union == ((1, 9), (22, 33))
    assert jaccard(union, region(text, whole, content=True)) == pytest.approx(19 / 32)


def closeness(gold: float, pred: float) -> float | None:
    return 1 - abs(gold - pred) if abs(gold - pred) <= 1 else None


def test_greedy_matching_is_one_to_one_in_text_order():
    assert greedy_match([1, 2], [2, 1, 9], closeness) == [(1, 1), (2, 2)]
    # Greedy, not optimal: the earlier gold item takes 1.6 though 2 is closer to it.
    assert greedy_match([1, 2], [1.6], closeness) == [(1, 1.6)]
    assert greedy_match([1, 2], [5], closeness) == []


# ---------------------------------------------------------------------------- measures


def test_perfect_prediction_scores_one_everywhere():
    report = evaluate([gold_doc()], [gold_doc()])
    figures = report.to_dict()
    for matching in ("exact", "overlap"):
        for role in ("source", "cue", "content"):
            assert figures[matching][role]["f1"] == 1.0
    assert figures["relation"]["f1"] == 1.0


def test_exact_matching_forgives_quotes_punctuation_and_a_leading_that():
    pred = predicted(
        stmt("p1", "said", "“the talks failed", "A Palestinian leader"),
        stmt("p2", "noted", "mediators gave up.", "He"),
    )
    report = evaluate([gold_doc()], [pred])
    content = report.roles["exact"]["content"]
    assert (content.matched, content.gold, content.predicted) == (2, 4, 2)
    assert content.precision == 1.0 and content.recall == 0.5


def test_overlap_needs_half_of_the_characters():
    # Gold content "mediators gave up" (17 chars): 9 shared chars is a Jaccard of 9/17.
    good = predicted(stmt("p1", "noted", "mediators", "He"))
    poor = predicted(stmt("p1", "noted", "mediator", "He"))
    assert evaluate([gold_doc()], [good]).roles["overlap"]["content"].matched == 1
    assert evaluate([gold_doc()], [poor]).roles["overlap"]["content"].matched == 0
    assert evaluate([gold_doc()], [good]).roles["exact"]["content"].matched == 0


def test_each_gold_span_matches_one_prediction_only():
    pred = predicted(
        stmt("p1", "noted", "that mediators gave up", "He"),
        stmt("p2", "noted", "mediators gave up", "He"),
    )
    cue = evaluate([gold_doc()], [pred]).roles["exact"]["cue"]
    assert (cue.matched, cue.gold, cue.predicted) == (1, 4, 2)


def test_relation_needs_cue_content_and_source():
    pred = predicted(
        stmt("p1", "said", "the talks failed", "A Palestinian leader"),  # right
        stmt("p2", "noted", "that mediators gave up", "mediators"),  # wrong source
        stmt("p3", "was reported", "the budget doubled", None),  # right, no source
        stmt("p4", span("said", 1), "the region is calm", None),  # source missing
    )
    relation = evaluate([gold_doc()], [pred]).relation
    assert (relation.matched, relation.gold, relation.predicted) == (2, 4, 4)
    assert relation.f1 == pytest.approx(0.5)


def test_statements_without_source_count_no_source_span():
    pred = predicted(stmt("p3", "was reported", "the budget doubled", "It"))
    report = evaluate([gold_doc()], [pred])
    source = report.roles["exact"]["source"]
    assert (source.matched, source.gold, source.predicted) == (0, 3, 1)
    assert report.relation.matched == 0  # a source where the gold has none is wrong


def test_rejected_predictions_are_left_out():
    pred = predicted(stmt("p1", "noted", "mediators gave up", "He", status=Status.REJECTED))
    assert evaluate([gold_doc()], [pred]).relation.predicted == 0


def test_a_document_without_prediction_counts_as_nothing_found():
    report = evaluate([gold_doc()], {})
    assert report.documents_without_prediction == 1
    assert report.relation.recall == 0.0 and report.relation.gold == 4


def test_without_gold_anonymity_labels_recall_by_anonymity_is_not_measured():
    """The pre-annotator's own classifier must not say which gold sources are anonymous:
    it would grade itself ("A Palestinian leader" is anonymous to it, and found)."""
    pred = predicted(stmt("p1", "said", "the talks failed", "A Palestinian leader"))
    report = evaluate([gold_doc()], [pred])
    assert all(score.gold == 0 for score in report.by_anonymity.values())
    assert "not measured (the gold labels no source's anonymity)" in report.to_text()


def test_recall_on_anonymous_sources_counts_the_gold_labels_only():
    gold = gold_doc()
    gold.sources = [Source(id="s1", name="Khallaf", anonymity=Anonymity.ANONYMOUS)]
    gold.statements[3].source_id = "s1"  # deliberately odd, to see the label win
    report = evaluate([gold], [predicted()])
    assert (
        report.by_anonymity["anonymous"].gold == 1
    )  # the unlabelled "A Palestinian leader" is not
    assert "anonymity labels" in report.to_text()


def test_text_report_shows_every_measure():
    text = evaluate([gold_doc()], [gold_doc()]).to_text()
    for word in ("source", "cue", "content", "exact", "overlap", "relation", "anonymous"):
        assert word in text


# ------------------------------------------------------------------------ files and CLI


def write_jsonl(path, docs):
    with open(path, "w", encoding="utf-8") as out:
        write_documents(docs, out)


def test_jsonl_gold_keeps_only_reviewed_statements(tmp_path):
    doc = gold_doc()
    doc.statements[0].status = Status.SUGGESTED
    doc.statements[1].status = Status.REJECTED
    write_jsonl(tmp_path / "gold.jsonl", [doc])
    [loaded] = load_gold(tmp_path / "gold.jsonl")
    assert [s.id for s in loaded.statements] == ["q3", "q4"]


def test_run_evaluation_and_main_on_jsonl_files(tmp_path, capsys):
    write_jsonl(tmp_path / "gold.jsonl", [gold_doc()])
    write_jsonl(tmp_path / "pred.jsonl", [predicted(stmt("p1", "noted", "mediators", "He"))])
    report = run_evaluation(tmp_path / "gold.jsonl", tmp_path / "pred.jsonl")
    assert report.relation.matched == 1
    status = main(["--gold", str(tmp_path / "gold.jsonl"), "--pred", str(tmp_path / "pred.jsonl")])
    assert status == 0
    out = capsys.readouterr().out
    assert "relation" in out and "0.250" in out  # one of four relations found


def test_main_prints_json_and_reports_broken_input(tmp_path, capsys):
    write_jsonl(tmp_path / "gold.jsonl", [gold_doc()])
    status = main(
        ["--gold", str(tmp_path / "gold.jsonl"), "--pred", str(tmp_path / "gold.jsonl"), "--json"]
    )
    assert status == 0
    assert json.loads(capsys.readouterr().out)["relation"]["f1"] == 1.0
    (tmp_path / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    status = main(
        ["--gold", str(tmp_path / "gold.jsonl"), "--pred", str(tmp_path / "broken.jsonl")]
    )
    assert status == 1
    assert "broken.jsonl:1" in capsys.readouterr().err


def test_run_evaluation_runs_the_pre_annotator_on_a_brat_corpus(tmp_path):
    text = "The mayor said that the bridge will open in May. Nobody else spoke."
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "story.txt").write_text(text, encoding="utf-8")
    source, cue, content = (
        span("The mayor", text=text),
        span("said", text=text),
        span("that the bridge will open in May", text=text),
    )
    (tmp_path / "attributions" / "story_x.ann").write_text(
        f"T1\tSource {source.start} {source.end}\t{source.text}\n"
        f"T2\tCue {cue.start} {cue.end}\t{cue.text}\n"
        f"T3\tContent {content.start} {content.end}\t{content.text}\n"
        "E1\tAttribution:T2 Cue:T2 Source:T1 Content:T3\n",
        encoding="utf-8",
    )
    saved = tmp_path / "pred.jsonl"
    report = run_evaluation(tmp_path, limit=1, save_pred=saved)
    assert (report.documents, report.relation.gold) == (1, 1)
    assert report.relation.matched == 1
    assert report.roles["exact"]["source"].matched == 1
    [predicted_doc] = iter_documents(saved)
    assert predicted_doc.id == "story" and predicted_doc.statements


def with_sources(doc: Document, he_speaker: str) -> Document:
    """`doc` with SOURCEs: "He" (q2) belongs to the leader or to Khallaf."""
    leader = Source(id="s1", name="A Palestinian leader", mentions=[span("A Palestinian leader")])
    khallaf = Source(
        id="s2", name="Tamim Khallaf", entity="Tamim Khallaf", mentions=[span("Tamim Khallaf")]
    )
    chosen = leader if he_speaker == "leader" else khallaf
    chosen.mentions.append(span("He"))
    doc.sources = [leader, khallaf]
    for statement, source_id in zip(doc.statements, ["s1", chosen.id, None, "s2"], strict=True):
        statement.source_id = source_id
    return doc


def test_speaker_accuracy_compares_the_resolved_sources():
    gold = with_sources(gold_doc(), "leader")
    right = evaluate([gold], [with_sources(gold_doc(), "leader")]).speaker
    wrong = evaluate([gold], [with_sources(gold_doc(), "khallaf")]).speaker
    assert (right.matched, right.gold) == (3, 3)  # q3 has no source to compare
    assert (wrong.matched, wrong.gold) == (2, 3)  # "He" given to Khallaf
    assert "speaker right" in evaluate([gold], [gold]).to_text()
    assert evaluate([gold_doc()], [gold_doc()]).to_dict()["speaker_accuracy"] is None


def test_recall_by_kind_of_statement():
    gold = gold_doc()
    gold.statements[0].kind = StatementKind.MIXED  # a quote inside reported speech
    pred = predicted(stmt("p1", "said", "the talks failed", "A Palestinian leader"))
    report = evaluate([gold], [pred])
    recall = {kind: (s.matched, s.gold) for kind, s in report.by_kind.items()}
    assert recall == {"mixed": (1, 1), "indirect": (0, 3)}
    assert "recall on mixed gold statements: 1.000" in report.to_text()
