"""What every picture shares: text metrics and fitting, boxes, the root `<svg>` and its style.

* Text width is estimated, never measured: 0.6 em a character, 0.75 em for capitals and
  1 em for wide (CJK) characters, which over-estimates common UI fonts. Labels are laid out
  with that estimate so that no two label boxes overlap, and the tests check it the same way.
* Colours come from `currentColor` and Material's CSS variables (with fallbacks) through
  classes, so the pictures follow the light and dark palettes and print in black.
* Each picture has `role="img"` (`role="group"` when it holds links), a `<title>` and a
  `<desc>`.
* The `<style>` inside each SVG applies to the whole HTML page, so every class is prefixed
  `bf-`; repeating it in several pictures on one page is harmless.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..search import NOT_SEARCHED

Anchor = Literal["start", "middle", "end"]

# Text metrics, in em: the estimate every layout (and test) uses.
ASCENT = 0.9
DESCENT = 0.25
LINE_HEIGHT = 1.2  # a little more than ASCENT + DESCENT, so lines never touch

# The print column: an A4 page less Material's print margins is 574 CSS px wide. Pictures
# laid out within it print at (at least) their nominal text sizes, and the 688 px column
# of a 1280 px desktop draws them a little larger, up to GROWTH times.
PRINT_WIDTH = 574
GROWTH = 1.25

LABEL_SIZE = 14  # event and actor labels, in viewBox units
TICK_SIZE = 12  # axis and legend text

ACCENT = "var(--md-accent-fg-color, #526cfe)"
BACKGROUND = "var(--md-default-bg-color, #fff)"
FONT = 'var(--md-text-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif)'

STYLE = (
    f".bf-vis{{font-family:{FONT};overflow:visible}}"
    ".bf-vis text{fill:currentColor}"
    ".bf-vis a:hover text,.bf-vis a:focus text{text-decoration:underline}"
    f".bf-vis a:focus{{outline:2px solid {ACCENT}}}"
    ".bf-vis .bf-vis-muted{fill-opacity:.8}"
    f".bf-vis .bf-vis-halo{{paint-order:stroke;stroke:{BACKGROUND};stroke-width:4px;"
    "stroke-linejoin:round}"
    ".bf-tl-axis{stroke:currentColor;stroke-width:1}"
    ".bf-tl-grid{stroke:currentColor;stroke-opacity:.12}"
    ".bf-tl-grid-major{stroke-opacity:.3}"
    f".bf-tl-bar{{fill:{ACCENT};fill-opacity:.3;stroke:{ACCENT};stroke-width:1.5}}"
    f".bf-tl-period{{fill:none;stroke:{ACCENT};stroke-width:2;stroke-linecap:square}}"
    f".bf-tl-density{{fill:{ACCENT}}}"
    f".bf-tl-dot{{fill:{ACCENT};stroke:{BACKGROUND};stroke-width:1}}"
    ".bf-rel-edge{stroke:currentColor;stroke-opacity:.45;fill:none;stroke-linecap:round}"
    f".bf-rel-affiliation{{stroke:{ACCENT};stroke-opacity:.9;stroke-dasharray:6 4;"
    "stroke-linecap:butt}"
    f".bf-rel-node{{fill:{BACKGROUND};stroke:{ACCENT};stroke-width:2}}"
    f".bf-rel-center{{fill:{ACCENT}}}"
    f".bf-site .bf-rel-kind-state{{fill:{ACCENT}}}"
    f".bf-site .bf-rel-node:not(.bf-rel-kind-state):not(.bf-rel-kind-person){{fill:{ACCENT};"
    "fill-opacity:.45}"
    f".bf-vis-plate{{fill:{BACKGROUND};fill-opacity:.85}}"
    ".bf-site .bf-rel-edge{stroke-opacity:.3}"
    ".bf-site .bf-rel-affiliation{stroke-opacity:.85}"
    # Material centres figures at their content's width; a visual takes the column's.
    ".md-typeset figure.bf-visual{display:block;width:100%;margin:1em 0}"
    ".bf-visual>svg.bf-vis{display:block;margin:0 auto}"
    ".bf-map{overflow:hidden}"
    f".bf-map-sea{{fill:{ACCENT};fill-opacity:.06}}"
    ".bf-map-land{fill:currentColor;fill-opacity:.12;stroke:currentColor;stroke-opacity:.4;"
    "stroke-width:.6;stroke-linejoin:round}"
    f".bf-map-dot{{fill:{ACCENT};stroke:{BACKGROUND};stroke-width:1.5}}"
    ".md-typeset .bf-map-list{text-align:left;font-size:.75rem}"
    "@media print{.bf-vis a{text-decoration:none}}"
)

# Text, numbers, boxes -----------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_escape(text: str) -> str:
    """Text made safe for XML content and double-quoted attributes."""
    text = _XML_INVALID.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;")


def coord(value: float) -> str:
    """A coordinate: rounded to one decimal, no trailing '.0', never '-0'."""
    text = f"{round(value, 1):.1f}"
    text = text.removesuffix(".0")
    return "0" if text == "-0" else text


@functools.lru_cache(maxsize=4096)  # labels are measured many times while placing them
def _char_em(ch: str) -> float:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch.isupper() or ch in "mwMW@%&":
        return 0.75
    return 0.6


@functools.lru_cache(maxsize=16384)
def _text_em(text: str) -> float:
    return sum(_char_em(ch) for ch in text)


def text_width(text: str, size: float) -> float:
    """Estimated advance width of `text` at font size `size` (deliberately generous)."""
    return _text_em(text) * size


def clean_text(text: str) -> str:
    return " ".join(_XML_INVALID.sub("", text).split())


def fit_text(text: str, size: float, max_width: float) -> str:
    """`text` on one line, cut with an ellipsis to fit `max_width`."""
    text = clean_text(text)
    if text_width(text, size) <= max_width:
        return text
    budget = max_width - text_width("…", size)
    out: list[str] = []
    used = 0.0
    for ch in text:
        used += _char_em(ch) * size
        if used > budget:
            break
        out.append(ch)
    return "".join(out).rstrip() + "…"


def wrap_text(text: str, size: float, max_width: float, max_lines: int = 2) -> list[str]:
    """`text` broken at spaces into at most `max_lines` lines, the last one cut to fit."""
    words = clean_text(text).split(" ")
    lines: list[str] = []
    while words and len(lines) < max_lines - 1:
        k = 0
        while k < len(words) and text_width(" ".join(words[: k + 1]), size) <= max_width:
            k += 1
        if k == 0 or k == len(words):
            break
        lines.append(" ".join(words[:k]))
        words = words[k:]
    lines.append(fit_text(" ".join(words), size, max_width))
    return lines


def wrap_whole(text: str, size: float, max_width: float, max_lines: int = 3) -> list[str]:
    """`text` on as few lines as it takes (up to `max_lines`) to show it whole; cut with
    an ellipsis only when even `max_lines` lines are too short."""
    whole = clean_text(text)
    lines = [whole]
    for n in range(1, max_lines + 1):
        lines = wrap_text(whole, size, max_width, n)
        if " ".join(lines) == whole:
            break
    return lines


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        return (
            self.x0 < other.x1 + pad
            and other.x0 < self.x1 + pad
            and self.y0 < other.y1 + pad
            and other.y0 < self.y1 + pad
        )

    def inside(self, other: Box) -> bool:
        return (
            self.x0 >= other.x0
            and self.y0 >= other.y0
            and self.x1 <= other.x1
            and self.y1 <= other.y1
        )


def text_box(x: float, y: float, text: str, size: float, anchor: Anchor) -> Box:
    """The box a text line takes: `x`, `y` as in the SVG (anchor point, baseline)."""
    w = text_width(text, size)
    x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
    return Box(x0, y - ASCENT * size, x0 + w, y + DESCENT * size)


@dataclass(frozen=True)
class TextLine:
    x: float
    y: float
    text: str
    size: float
    anchor: Anchor

    @functools.cached_property
    def box(self) -> Box:
        return text_box(self.x, self.y, self.text, self.size, self.anchor)

    def svg(self, cls: str = "") -> str:
        klass = f' class="{cls}"' if cls else ""
        return (
            f'<text x="{coord(self.x)}" y="{coord(self.y)}" font-size="{coord(self.size)}" '
            f'text-anchor="{self.anchor}"{klass}>{xml_escape(self.text)}</text>'
        )


def svg_line(
    cls: str, x1: float, y1: float, x2: float, y2: float, stroke_width: float | None = None
) -> str:
    """A `<line>` of class `cls`, with its own stroke width when given."""
    width = f' stroke-width="{coord(stroke_width)}"' if stroke_width is not None else ""
    return (
        f'<line class="{cls}" x1="{coord(x1)}" y1="{coord(y1)}" x2="{coord(x2)}" '
        f'y2="{coord(y2)}"{width}/>'
    )


def svg_id(kind: str, title: str, keys: Iterable[str]) -> str:
    digest = hashlib.sha1("\x1f".join((kind, title, *keys)).encode("utf-8"), usedforsecurity=False)
    return f"bf-{kind}-{digest.hexdigest()[:10]}"


def svg_root(kind: str, ident: str, view: Box, title: str, desc: str, body: list[str]) -> str:
    """The root element: `<title>` first, then `<desc>`. It fills its column up to
    GROWTH × its viewBox width (pictures are laid out at most PRINT_WIDTH wide, so their
    text is never under its nominal size in print or on a desktop) and shrinks on a phone.
    A picture with links is a labelled group, not an image: an image's content is not
    interactive."""
    width = view.x1 - view.x0
    role = "group" if any("<a " in part for part in body) else "img"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bf-vis bf-{kind}" '
        f'viewBox="{coord(view.x0)} {coord(view.y0)} {coord(width)} {coord(view.y1 - view.y0)}" '
        f'width="100%" style="max-width:{coord(width * GROWTH)}px;height:auto" role="{role}" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc">'
    )
    return "\n".join(
        [
            head,
            f'<title id="{ident}-title">{xml_escape(clean_text(title))}</title>',
            f'<desc id="{ident}-desc">{xml_escape(clean_text(desc))}</desc>',
            f"<style>{STYLE}</style>",
            *body,
            "</svg>",
        ]
    )


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def figure(svg: str, *, caption: str = "", beside: str = "") -> str:
    """An SVG as a raw-HTML block for a Markdown page, with the HTML `beside` it (its text
    list) after the picture. Empty in, empty out.

    Labels, legends and tooltips stay out of search: they would fill snippets, and the
    page shows the same information in the list beside the picture."""
    if not svg:
        return ""
    cap = f"<figcaption>{xml_escape(clean_text(caption))}</figcaption>\n" if caption else ""
    return f'<figure class="bf-visual" {NOT_SEARCHED}>\n{svg}\n{cap}{beside}</figure>\n'
