"""Colour arithmetic for the colour schemes: contrast, lightness, and how a colour looks to
a reader with red–green colour-vision deficiency. Plain Python on "#RRGGBB" strings.

Sources: WCAG 2 relative luminance and contrast ratio; CIE L*a*b* (D65); the dichromat
simulation of Viénot, Brettel & Mollon (1999) in linear sRGB, as DaltonLens uses it.
"""

from __future__ import annotations

import colorsys

Rgb = tuple[float, float, float]

#: Linear-sRGB matrices that show a colour as a protanope or deuteranope sees it.
_DICHROMAT = {
    "protan": ((0.11238, 0.88762, 0.0), (0.11238, 0.88762, 0.0), (0.00401, -0.00401, 1.0)),
    "deutan": ((0.29275, 0.70725, 0.0), (0.29275, 0.70725, 0.0), (-0.02234, 0.02234, 1.0)),
}


def rgb(colour: str) -> Rgb:
    """"#RRGGBB" as three numbers from 0 to 1."""
    value = colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def hex_colour(channels: Rgb) -> str:
    """Three numbers from 0 to 1 as "#RRGGBB" (clamped)."""
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in channels)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _gamma(channel: float) -> float:
    channel = min(1.0, max(0.0, channel))
    return channel * 12.92 if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055


def luminance(colour: str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    r, g, b = (_linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21 (text wants at least 4.5)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour; L* is the lightness a reader sees, 0 to 100."""
    r, g, b = (_linear(c) for c in rgb(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def lightness(colour: str) -> float:
    """CIE L*, 0 (black) to 100 (white)."""
    return lab(colour)[0]


def difference(first: str, second: str) -> float:
    """CIE76 ΔE: about 2 is just noticeable, over 20 clearly different colours."""
    return sum((p - q) ** 2 for p, q in zip(lab(first), lab(second), strict=True)) ** 0.5


def as_seen_with(deficiency: str, colour: str) -> str:
    """`colour` as a reader with protanopia ("protan") or deuteranopia ("deutan") sees it."""
    linear = [_linear(c) for c in rgb(colour)]
    matrix = _DICHROMAT[deficiency]
    seen = [sum(m * c for m, c in zip(row, linear, strict=True)) for row in matrix]
    return hex_colour(tuple(_gamma(c) for c in seen))  # type: ignore[arg-type]


def readable_on(colour: str, page: str, ratio: float = 4.5) -> str:
    """`colour` with its hue and saturation, made lighter or darker until text in it reads
    on `page` with at least `ratio` contrast (entity colours made for white, on a dark page)."""
    if contrast(colour, page) >= ratio:
        return colour
    hue, light, saturation = colorsys.rgb_to_hls(*rgb(colour))
    step = 0.02 if luminance(page) < 0.18 else -0.02
    while 0.0 <= light <= 1.0 and contrast(colour, page) < ratio:
        light += step
        colour = hex_colour(colorsys.hls_to_rgb(hue, min(1.0, max(0.0, light)), saturation))
    return colour
