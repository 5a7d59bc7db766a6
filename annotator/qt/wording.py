"""How the window words the things it shows: speakers, identities, excerpts."""

from __future__ import annotations

from annotator.core.model import Source


def identity_text(source: Source) -> str:
    """ "anonymous · role official · affiliation Palestinian · reason: none stated"."""
    descriptors = source.descriptors
    parts = [str(source.anonymity)]
    for name in ("role", "affiliation", "seniority", "count"):
        value = getattr(descriptors, name)
        if value not in (None, ""):
            parts.append(f"{name} {value}")
    parts.append(f"reason: {descriptors.reason}" if descriptors.reason else "reason: none stated")
    return " · ".join(parts)
