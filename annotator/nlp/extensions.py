"""The `Doc._.statements` and `Doc._.sources` extensions, and how they cross processes.

`nlp.pipe(n_process=2)` sends each finished Doc back to the parent with `Doc.to_bytes`, which
packs extension values with msgpack. msgpack knows nothing of our dataclasses, so this module
registers an encoder and a decoder for them with srsly (spaCy's serialiser). Importing the
module is enough; `register_extensions` is idempotent.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import srsly.msgpack
from spacy.tokens import Doc

from annotator.core import model
from annotator.core.plain import build, to_plain

#: Doc extension names set by the attribution and speaker components.
STATEMENTS = "statements"
SOURCES = "sources"
#: `Doc.user_data` key set on a chunk of a long article that does not start the article
#: (`annotator.nlp.long_texts`): its first line is no headline.
CONTINUES = "annotator_continues"

_TAG = "__annotator_model__"
_PACKABLE: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        model.Span,
        model.Statement,
        model.Source,
        model.Descriptors,
        model.Claim,
        model.Evidence,
    )
}


def register_extensions() -> None:
    """Declare `Doc._.statements` and `Doc._.sources` (None until a component sets them)."""
    for name in (STATEMENTS, SOURCES):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def encode_model(obj: Any, chain: Any = None) -> Any:
    """msgpack encoder hook: a domain object becomes its plain form (`core.plain`, the one
    serialiser of the model), tagged with its class."""
    if type(obj).__name__ in _PACKABLE and dataclasses.is_dataclass(obj):
        return {_TAG: type(obj).__name__, "fields": to_plain(obj)}
    return obj if chain is None else chain(obj)


def decode_model(obj: Any, chain: Any = None) -> Any:
    """msgpack decoder hook: the inverse of `encode_model`, rebuilt by the field types."""
    if isinstance(obj, dict) and obj.get(_TAG) in _PACKABLE:
        return build(_PACKABLE[obj[_TAG]], obj["fields"])
    return obj if chain is None else chain(obj)


srsly.msgpack.msgpack_encoders.register("annotator_model", func=encode_model)
srsly.msgpack.msgpack_decoders.register("annotator_model", func=decode_model)
register_extensions()
