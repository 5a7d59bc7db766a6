"""Colours and fonts of the review screen, in one place so the legend and the text agree.

Entity colours come from the data file `resources/labels/entities.toml`; the statement marks
(source, cue, content) are fixed here because the legend explains them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from annotator.core.model import Status

#: Page and text of the article view: dark grey on white reads better than pure black.
PAGE = "#FFFFFF"
INK = "#1F2328"
MUTED_INK = "#6B7079"  # 4.9:1 on white: greyed, still legible

#: Statement marks by review state: (content tint, cue background).
_PENDING = ("#FFF4CC", "#FFC857")
_GOLD = ("#E3F4E1", "#8ED39A")
_REJECTED = (None, "#E4E6EA")
#: The selected statement, whatever its state: the blue of a selection.
SELECTED_CONTENT = "#D6E6FF"
SELECTED_CUE = "#8DB8FF"

#: The focused part of the selected statement (source, cue or one content fragment).
FOCUS_OUTLINE = "#1F5FD6"
#: A statement nested in the selected one: its own cue stays visible, underlined in dashes.
NESTED_OUTLINE = "#5B616B"
#: Speakers who are not named: a wavy underline (anonymous) or a dashed one (vague), so the
#: difference never rests on colour alone.
ANONYMOUS_MARK = "#B45309"
VAGUE_MARK = "#6B7079"
#: A new statement being made: its parts so far.
DRAFT = "#FDE2F3"

#: Background of a status in the statement list (undecided ones stay plain, in bold).
STATUS_COLOURS: dict[Status, str | None] = {
    Status.SUGGESTED: None,
    Status.ACCEPTED: "#D4F0D2",
    Status.CORRECTED: "#D4F0D2",
    Status.ADDED: "#D4F0D2",
    Status.REJECTED: "#ECEDEF",
}

ARTICLE_FONT_FAMILIES = ["Source Serif 4", "Noto Serif", "Georgia", "DejaVu Serif", "serif"]
ARTICLE_POINT_SIZE = 12


def statement_colours(status: Status | str) -> tuple[str | None, str]:
    """Content tint and cue background of a statement in `status` (tint None: no tint)."""
    status = Status(status)
    if status is Status.REJECTED:
        return _REJECTED
    if status.is_gold:
        return _GOLD
    return _PENDING


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
    """Colour and description of an entity label; unknown labels get the fallback colour."""
    data = _label_file()
    entry = data["labels"].get(name, data["fallback"])
    return EntityLabel(name, entry["color"], entry["description"])


def known_entity_labels() -> list[EntityLabel]:
    """Every label the data file describes, in its order."""
    return [entity_label(name) for name in _label_file()["labels"]]
