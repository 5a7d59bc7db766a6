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


def test_without_a_file_the_database_is_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path))
    settings = load_settings(tmp_path / "missing.toml", {"ANNOTATOR_USER": "ana"})
    assert settings.database == f"sqlite:///{tmp_path / 'annotator.sqlite3'}"
    assert settings.user == "ana"
    assert settings.with_overrides(user=None, database="x.sqlite3").database == "x.sqlite3"
