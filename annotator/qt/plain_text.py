"""Text from articles shown as text: never interpreted as rich text by a Qt widget.

Qt guesses whether a tooltip or label is HTML (`Qt::mightBeRichText`); an article that
contains "<b>" or "<img src=…>" would otherwise be rendered, even load a local file. Escaping
and wrapping in a paragraph that keeps line breaks makes the guess irrelevant.
"""

from __future__ import annotations

from html import escape


def plain_tooltip(text: str) -> str:
    """`text` as a tooltip shows it literally, line breaks kept."""
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>"
