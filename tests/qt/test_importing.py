"""File > Import: articles are pre-annotated and stored in a worker; broken files are named."""

import threading

from test_main_window import wait_for_seed

ARTICLE = (
    " date 2025-03-02 CAIRO – Egypt's foreign minister said on Sunday that the talks "
    "would resume next week.\n"
)


def test_imported_articles_join_the_list_and_a_broken_file_is_reported(
    make_window, qtbot, tmp_path
):
    first, second, broken = tmp_path / "one.txt", tmp_path / "two.txt", tmp_path / "bad.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    second.write_text(ARTICLE.replace("Sunday", "Monday"), encoding="utf-8")
    broken.write_bytes(b"\x00\x01 not text")
    window = make_window()
    wait_for_seed(qtbot, window)
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished:
        assert window.import_files([first, second, broken])
    report = finished.args[0]
    assert sorted(report.imported) == ["one", "two"]
    assert "2 imported" in window.statusBar().currentMessage()
    assert "1 failed" in window.statusBar().currentMessage()
    assert "bad.txt" in window.statusBar().currentMessage()
    ids = {window.documents.model.document_id(r) for r in range(window.documents.model.rowCount())}
    assert {"one", "two"} <= ids


def test_import_waits_for_the_language_model(make_window, qtbot, tmp_path, nlp):
    release = threading.Event()

    def slow_loader():
        release.wait(60)
        return nlp

    article = tmp_path / "one.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    window = make_window(load_nlp=slow_loader)
    assert window.import_files([article])  # accepted at once; it waits for the model
    assert "once the language model has loaded" in window.statusBar().currentMessage()
    assert window.progress_bar.isVisible()
    assert not window.import_files([article])  # one import at a time
    assert "already running" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished:
        release.set()
    assert finished.args[0].imported == ["one"]
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 2, timeout=60_000)  # + seed


def test_an_import_waiting_for_a_model_that_fails_is_reported(make_window, qtbot, tmp_path):
    release = threading.Event()

    def broken_loader():
        release.wait(60)
        raise OSError("no such pipeline: en_missing")

    window = make_window(load_nlp=broken_loader)
    assert window.import_files([tmp_path / "one.txt"])
    release.set()
    qtbot.waitUntil(lambda: "Import not started" in window.statusBar().currentMessage())
    assert "en_missing" in window.statusBar().currentMessage()
    assert not window.progress_bar.isVisible()
