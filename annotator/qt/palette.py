"""Colours and fonts of the review screen, in one place so the legend and the text agree.

The colours come from the scheme in use (`current()`, one of `schemes.py`: light or dark,
standard or colour-blind safe), which `appearance.py` switches; read them when painting, never
at import time. Entity colours come from the data file `resources/labels/entities.toml`,
made lighter on a dark page where they would not read; the statement marks (source, cue,
content) are fixed in the schemes because the legend explains them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from annotator.core.model import Status
from annotator.qt.colour_math import readable_on
from annotator.qt.schemes import LIGHT, Scheme

_current: list[Scheme] = [LIGHT]


def current() -> Scheme:
    """The colour scheme in use."""
    return _current[0]


def use(scheme: Scheme) -> None:
    """Paint with `scheme` from now on (views repaint when `appearance` tells them)."""
    _current[0] = scheme


# The light scheme's values under their old names, for code that has not moved to
# `current()` yet: they do not follow the theme.
PAGE, INK, MUTED_INK = LIGHT.page, LIGHT.ink, LIGHT.muted_ink
SELECTED_CONTENT, SELECTED_CUE = LIGHT.selected_content, LIGHT.selected_cue
FOCUS_OUTLINE, NESTED_OUTLINE = LIGHT.focus_outline, LIGHT.nested_outline
ANONYMOUS_MARK, VAGUE_MARK, DRAFT = LIGHT.anonymous_mark, LIGHT.vague_mark, LIGHT.draft
STATUS_COLOURS: dict[Status, str | None] = dict(LIGHT.status_colours)

ARTICLE_FONT_FAMILIES = ["Source Serif 4", "Noto Serif", "Georgia", "DejaVu Serif", "serif"]
ARTICLE_POINT_SIZE = 12


def statement_colours(status: Status | str) -> tuple[str | None, str]:
    """Content tint and cue background of a statement in `status` (tint None: no tint), in
    the scheme in use."""
    return current().statement_colours(status)


@dataclass(frozen=True, slots=True)
class EntityLabel:
    """An entity label with its colour and what it means."""

    name: str
    color: str
    description: str


@cache
def _label_file() -> dict:
    text = files("annotator.resources").joinpath("labels", "entities.toml").read_text("utf-8")
    return tomllib.loads(text)


def entity_label(name: str) -> EntityLabel:
    """Colour (readable on the current scheme's page) and description of an entity label;
    unknown labels get the fallback colour."""
    data = _label_file()
    entry = data["labels"].get(name, data["fallback"])
    return EntityLabel(name, _on_page(entry["color"], current().page), entry["description"])


@cache
def _on_page(colour: str, page: str) -> str:
    return readable_on(colour, page)


def known_entity_labels() -> list[EntityLabel]:
    """Every label the data file describes, in its order."""
    return [entity_label(name) for name in _label_file()["labels"]]
