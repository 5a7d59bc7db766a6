"""The colour schemes measured: text stays legible on every mark, the dark theme's entity
colours read on its page, and in the colour-blind schemes the roles differ in lightness and
the decision states stay apart for readers with protanopia or deuteranopia."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCharFormat

from annotator.core.model import Anonymity, Status
from annotator.qt import palette, schemes
from annotator.qt.article_view import mark_format
from annotator.qt.colour_math import as_seen_with, contrast, difference, lightness
from annotator.qt.highlights import Mark, Role

ALL = [schemes.LIGHT, schemes.DARK, schemes.LIGHT_COLOUR_BLIND, schemes.DARK_COLOUR_BLIND]
COLOUR_BLIND = [schemes.LIGHT_COLOUR_BLIND, schemes.DARK_COLOUR_BLIND]
DEFICIENCIES = ["protan", "deutan"]


@pytest.fixture
def in_scheme():
    """Paint with a scheme for one test, then light again."""
    yield palette.use
    palette.use(schemes.LIGHT)


def seen_apart(first: str, second: str, deficiency: str) -> float:
    return difference(as_seen_with(deficiency, first), as_seen_with(deficiency, second))


@pytest.mark.parametrize("scheme", ALL, ids=lambda s: s.name)
def test_text_reads_on_every_mark(scheme):
    backgrounds = [
        *(c for state in (scheme.pending, scheme.gold, scheme.rejected) for c in state if c),
        scheme.selected_content, scheme.selected_cue, scheme.draft, scheme.page,
        *(c for c in scheme.status_colours.values() if c),
    ]
    for background in backgrounds:
        assert contrast(scheme.ink, background) >= 4.5, background
    assert contrast(scheme.muted_ink, scheme.page) >= 4.5
    for mark in (scheme.anonymous_mark, scheme.vague_mark, scheme.focus_outline):
        assert contrast(mark, scheme.page) >= 3.0, mark  # lines, not text: 3:1


@pytest.mark.parametrize("scheme", ALL, ids=lambda s: s.name)
def test_entity_colours_read_on_the_page(scheme, in_scheme):
    in_scheme(scheme)
    for label in palette.known_entity_labels():
        assert contrast(label.color, scheme.page) >= 4.5, label.name


@pytest.mark.parametrize("scheme", COLOUR_BLIND, ids=lambda s: s.name)
def test_colour_blind_roles_differ_in_lightness(scheme):
    # A cue is a strong mark inside its pale content, whatever the hue.
    for content, cue in (scheme.pending, scheme.gold):
        assert abs(lightness(cue) - lightness(content)) >= 15
    assert abs(lightness(scheme.selected_cue) - lightness(scheme.selected_content)) >= 15


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
@pytest.mark.parametrize("scheme", COLOUR_BLIND, ids=lambda s: s.name)
def test_colour_blind_decision_states_stay_apart_without_red_and_green(scheme, deficiency):
    (pending_tint, pending_cue), (gold_tint, gold_cue) = scheme.pending, scheme.gold
    assert seen_apart(pending_cue, gold_cue, deficiency) >= 60  # undecided vs accepted
    assert seen_apart(pending_tint, gold_tint, deficiency) >= 20
    assert seen_apart(scheme.selected_cue, gold_cue, deficiency) >= 12
    assert seen_apart(scheme.selected_cue, pending_cue, deficiency) >= 40
    accepted = scheme.status_colours[Status.ACCEPTED]
    assert seen_apart(accepted, scheme.status_colours[Status.REJECTED], deficiency) >= 10


@pytest.mark.parametrize("scheme", [schemes.LIGHT, schemes.DARK], ids=lambda s: s.name)
def test_the_standard_schemes_are_what_the_colour_blind_ones_fix(scheme):
    # Amber against green: a deuteranope barely tells the content tints apart.
    (pending_tint, _), (gold_tint, _) = scheme.pending, scheme.gold
    assert seen_apart(pending_tint, gold_tint, "deutan") < 20


@pytest.mark.parametrize("scheme", ALL, ids=lambda s: s.name)
def test_states_and_speakers_have_marks_beyond_colour(scheme, in_scheme):
    in_scheme(scheme)
    rejected_cue = mark_format(Mark(0, 1, Role.CUE, Status.REJECTED))
    rejected_content = mark_format(Mark(0, 1, Role.CONTENT, Status.REJECTED))
    assert rejected_cue.fontStrikeOut()
    assert rejected_content.foreground().color().name().upper() == scheme.muted_ink
    styles = {
        anonymity: mark_format(Mark(0, 1, Role.SOURCE, Status.SUGGESTED, None, anonymity))
        for anonymity in (None, Anonymity.ANONYMOUS, Anonymity.VAGUE)
    }
    underline = QTextCharFormat.UnderlineStyle
    assert [f.underlineStyle() for f in styles.values()] == [
        underline.SingleUnderline, underline.WaveUnderline, underline.DashUnderline
    ]
    cue = mark_format(Mark(0, 1, Role.CUE, Status.SUGGESTED))
    assert cue.background().color().name().upper() == scheme.pending[1]
