"""Whether an HTML element's inline style hides its text from the person reading the mail.

Only inline styles and presentational attributes are read (a ``<style>`` sheet's
selectors would need a CSS engine); hiding tricks used in mail sit inline, since most
mail clients drop style sheets anyway. Hidden means: ``display:none``,
``visibility:hidden``, ``mso-hide:all``, a font size of at most one pixel, an opacity
near zero, a large negative offset or text indent, a zero height with overflow hidden,
or a text colour (``color`` or ``<font color>``) nearly equal to the background's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

Rgb = tuple[int, int, int]

_NAMED: dict[str, Rgb] = {
    "white": (255, 255, 255), "black": (0, 0, 0), "snow": (255, 250, 250),
    "ivory": (255, 255, 240), "whitesmoke": (245, 245, 245), "ghostwhite": (248, 248, 255),
    "red": (255, 0, 0), "green": (0, 128, 0), "blue": (0, 0, 255), "gray": (128, 128, 128),
    "grey": (128, 128, 128), "silver": (192, 192, 192), "yellow": (255, 255, 0),
}  # fmt: skip
_HEX = re.compile(r"^#?([0-9a-f]{3}|[0-9a-f]{6})$")
_RGB = re.compile(r"^rgba?\(\s*(\d{1,3})\s*[, ]\s*(\d{1,3})\s*[, ]\s*(\d{1,3})")
_LENGTH = re.compile(r"^(-?\d*\.?\d+)\s*(px|pt|em|rem|%|)$")
_OFFSETS = ("left", "top", "text-indent", "margin-left", "margin-top")
# Two colours this close on every channel cannot be told apart on a screen.
SAME_COLOUR = 24
TINY_FONT_PX = 1.0
OFF_SCREEN_PX = -500.0
_PX_PER = {"px": 1.0, "": 1.0, "pt": 4 / 3, "em": 16.0, "rem": 16.0}


def style_of(attrs: Mapping[str, str | None]) -> dict[str, str]:
    """An element's inline style as property -> value, lower case, ``!important`` dropped."""
    declarations: dict[str, str] = {}
    for item in (attrs.get("style") or "").split(";"):
        name, colon, value = item.partition(":")
        if colon:
            cleaned = value.lower().replace("!important", "").strip()
            declarations[name.strip().lower()] = cleaned
    return declarations


def parse_color(value: str | None) -> Rgb | None:
    """A CSS colour as RGB, or None when it is absent or not one we read."""
    if not value:
        return None
    text = value.strip().lower().split()[0] if value.strip() else ""
    if text in _NAMED:
        return _NAMED[text]
    found = _HEX.match(text)
    if found:
        digits = found.group(1)
        digits = "".join(c * 2 for c in digits) if len(digits) == 3 else digits
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    rgb = _RGB.match(value.strip().lower())
    if rgb:
        red, green, blue = (min(255, int(rgb.group(i))) for i in (1, 2, 3))
        return (red, green, blue)
    return None


def hides(style: Mapping[str, str], attrs: Mapping[str, str | None], background: Rgb) -> bool:
    """Whether ``style`` (and the element's ``attrs``) hide its text on ``background``."""
    if style.get("display") == "none" or style.get("visibility") in ("hidden", "collapse"):
        return True
    if style.get("mso-hide") == "all" or _tiny(style.get("font-size")) or _clear(style):
        return True
    if _off_screen(style) or _collapsed(style):
        return True
    colour = parse_color(style.get("color")) or parse_color(attrs.get("color"))
    return colour is not None and _same(colour, background)


def _pixels(value: str | None) -> float | None:
    found = _LENGTH.match((value or "").strip())
    if found is None:
        return None
    number, unit = float(found.group(1)), found.group(2)
    return number * 0.16 if unit == "%" else number * _PX_PER[unit]


def _tiny(size: str | None) -> bool:
    pixels = _pixels(size)
    return pixels is not None and pixels <= TINY_FONT_PX


def _clear(style: Mapping[str, str]) -> bool:
    try:
        return float(style.get("opacity", "1")) <= 0.05
    except ValueError:
        return False


def _off_screen(style: Mapping[str, str]) -> bool:
    offsets = (_pixels(style.get(name)) for name in _OFFSETS)
    return any(offset is not None and offset <= OFF_SCREEN_PX for offset in offsets)


def _collapsed(style: Mapping[str, str]) -> bool:
    if style.get("overflow") != "hidden":
        return False
    heights = (_pixels(style.get(name)) for name in ("height", "max-height"))
    return any(height == 0 for height in heights)


def _same(colour: Rgb, background: Rgb) -> bool:
    return all(abs(a - b) <= SAME_COLOUR for a, b in zip(colour, background, strict=True))
