"""Reading the settings: defaults, then the user's file, then ANNOTATOR_* variables."""

from annotator.services.settings import load_settings


def test_the_file_overrides_the_defaults_and_the_environment_overrides_the_file(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('user = "dana"\npipeline = "en_core_web_md"\nbatch_size = 8\nunknown = 1\n')
    env = {"ANNOTATOR_DATA_DIR": str(tmp_path), "ANNOTATOR_PIPELINE": "en_core_web_lg"}
    settings = load_settings(path, env)
    assert settings.user == "dana"
    assert settings.pipeline == "en_core_web_lg"
    assert settings.batch_size == 8
    assert settings.lock_wait_seconds == 5.0  # the default


def test_the_lock_wait_is_read_in_seconds_from_the_file_or_the_environment(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("lock_wait_seconds = 30\n")
    assert load_settings(path, {}).lock_wait_ms == 30_000
    assert load_settings(path, {"ANNOTATOR_LOCK_WAIT_SECONDS": "0.25"}).lock_wait_ms == 250


def test_without_a_file_the_database_is_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path))
    settings = load_settings(tmp_path / "missing.toml", {"ANNOTATOR_USER": "ana"})
    assert settings.database == f"sqlite:///{tmp_path / 'annotator.sqlite3'}"
    assert settings.user == "ana"
    assert settings.with_overrides(user=None, database="x.sqlite3").database == "x.sqlite3"
