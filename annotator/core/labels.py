"""Short wording of what an edit acted on, for the Edit menu and the status bar.

A label names what the user sees ("Accept Ana Ruiz: “that the bridge will …”"), never an
internal id, and stays short enough for a menu entry: long text is cut at a word.
"""

from __future__ import annotations

#: The longest label a menu entry shows comfortably.
LABEL_WIDTH = 70
#: The longest speaker name before a statement's words.
SPEAKER_WIDTH = 30
ELLIPSIS = "…"


def clip(text: str, width: int) -> str:
    """`text` on one line, cut at a word with " …" when it is longer than `width`."""
    words = " ".join(text.split())
    if len(words) <= width:
        return words
    cut = words[: max(width - 2, 1)]
    if words[len(cut)] != " " and " " in cut:  # the cut fell inside a word: drop it
        cut = cut[: cut.rfind(" ")]
    # A comma or colon before the ellipsis reads as a stray mark: "meetings, …".
    return f"{cut.rstrip(' ,;:')} {ELLIPSIS}"


def quoted(text: str, width: int) -> str:
    """`text` clipped to `width` (the quotation marks included) between curly quotes."""
    return f"“{clip(text, max(width - 2, 4))}”"


def statement_words(speaker: str, content: str, width: int) -> str:
    """Who said what, in `width` characters: `Ana Ruiz: “that the bridge will …”`."""
    who = clip(speaker, SPEAKER_WIDTH)
    return f"{who}: {quoted(content, max(width - len(who) - 2, 12))}"
