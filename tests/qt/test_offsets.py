"""Code points (the model) to UTF-16 positions (Qt) and back: highlights must never drift."""

import pytest

from annotator.qt.offsets import OffsetMap, display_text, utf16_length

TEXT = "Hi 👋🏽 — “A Palestinian leader” said 𝔛 twice."


def utf16_position(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def test_every_index_maps_to_the_utf16_position_and_back():
    offsets = OffsetMap(TEXT)
    for index in range(len(TEXT) + 1):
        position = offsets.to_utf16(index)
        assert position == utf16_position(TEXT, index)
        assert offsets.to_code_point(position) == index
    assert offsets.utf16_length == utf16_length(TEXT) == len(TEXT.encode("utf-16-le")) // 2


def test_a_span_after_an_emoji_moves_by_the_surrogates_before_it():
    start = TEXT.index("A Palestinian")
    offsets = OffsetMap(TEXT)
    # 👋 and 🏽 each take two UTF-16 units: the span starts two positions later in Qt.
    assert offsets.to_utf16(start) == start + 2
    assert offsets.to_utf16(TEXT.index("twice")) == TEXT.index("twice") + 3


def test_a_position_inside_a_surrogate_pair_belongs_to_its_character():
    offsets = OffsetMap("a😀b")
    assert [offsets.to_code_point(p) for p in range(5)] == [0, 1, 1, 2, 3]


def test_text_without_astral_characters_maps_to_itself():
    offsets = OffsetMap("plain ASCII and é à ü")
    assert all(offsets.to_utf16(i) == i for i in range(22))


def test_out_of_range_indices_are_refused():
    offsets = OffsetMap("abc")
    with pytest.raises(IndexError):
        offsets.to_utf16(4)
    with pytest.raises(IndexError):
        offsets.to_code_point(-1)


def test_display_text_keeps_the_length_qt_would_otherwise_fold():
    text = "line one\r\nline two 😀\r\n"
    shown = display_text(text)
    assert len(shown) == len(text)
    assert utf16_length(shown) == utf16_length(text) == len(text) + 1
    assert "\r" not in shown
