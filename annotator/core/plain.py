"""Dataclasses to plain JSON values and back, guided by their type hints.

Commands are saved in the undo log as JSON and must come back exactly as they were:
enums as enums, spans as spans, `None` as `None`.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from functools import cache
from typing import Any


def to_plain(value: Any) -> Any:
    """`value` as JSON-compatible data (dicts, lists, strings, numbers, booleans, None)."""
    if isinstance(value, enum.Enum):  # before str: a StrEnum member is a str too
        return value.value
    if isinstance(value, str | int | float | bool | None):
        return value
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    names = _field_names(type(value))
    if names is not None:
        return {name: to_plain(getattr(value, name)) for name in names}
    return value


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The fields of a dataclass in declared order (None for any other type), once per type:
    export writes every object of a corpus through `to_plain`."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls))


def from_plain(hint: Any, data: Any) -> Any:
    """Rebuild a value of type `hint` from what `to_plain` made of it."""
    if data is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return from_plain(options[0], data) if len(options) == 1 else data
    if origin in (list, tuple):
        (item_hint, *_) = typing.get_args(hint) or (Any,)
        items = [from_plain(item_hint, item) for item in data]
        return items if origin is list else tuple(items)
    if origin is dict or hint is Any:
        return data
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(data)
    if dataclasses.is_dataclass(hint):
        return build(hint, data)
    return data


def build(cls: type, data: dict[str, Any]) -> Any:
    """An instance of the dataclass `cls` from a plain dict (unknown keys are ignored)."""
    hints = _hints(cls)
    init = {
        f.name: from_plain(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)
        if f.init and f.name in data
    }
    return cls(**init)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)
