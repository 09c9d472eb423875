"""Pictures drawn at build time: a timeline strip and relationship diagrams, as inline SVG.

Pure functions, data in and SVG text out: no MkDocs, no JavaScript, no fonts or scripts from
anywhere. Every function is deterministic (the same input gives byte-identical output,
whatever the input order) and every coordinate is rounded to one decimal.

* Text width is estimated, never measured: 0.6 em a character, 0.75 em for capitals and
  1 em for wide (CJK) characters, which over-estimates common UI fonts. Labels are laid out
  with that estimate so that no two label boxes overlap, and the tests check it the same way.
* Colours come from `currentColor` and Material's CSS variables (with fallbacks) through
  classes, so the pictures follow the light and dark palettes and print in black.
* Each picture has `role="img"`, a `<title>` and a `<desc>`; pages show the same
  information as a text list beside it (`timeline_text`, `relation_text`, or the page's own
  lists). Nothing to show gives an empty string, so callers can skip the figure.
* The `<style>` inside each SVG applies to the whole HTML page, so every class is prefixed
  `bf-`; repeating it in several pictures on one page is harmless.

Hrefs are used as given: pass URLs relative to the built page (MkDocs does not rewrite or
check links inside raw HTML).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .index import SiteIndex
from .model import PartialDate
from .prose import escape as md_escape

Anchor = Literal["start", "middle", "end"]

# Text metrics, in em: the estimate every layout (and test) uses.
ASCENT = 0.9
DESCENT = 0.25
LINE_HEIGHT = 1.2  # a little more than ASCENT + DESCENT, so lines never touch

LABEL_SIZE = 14  # event and actor labels, in viewBox units
TICK_SIZE = 12  # axis and legend text

MAX_NEIGHBOURS = 12
MAX_SITE_NODES = 40

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_STEPS = (1, 2, 3, 6)
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
_MAX_ORDINAL = date.max.toordinal()

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
    f".bf-tl-dot{{fill:{ACCENT};stroke:{BACKGROUND};stroke-width:1}}"
    ".bf-rel-edge{stroke:currentColor;stroke-opacity:.45;fill:none;stroke-linecap:round}"
    f".bf-rel-affiliation{{stroke:{ACCENT};stroke-opacity:.9;stroke-dasharray:6 4;"
    "stroke-linecap:butt}"
    f".bf-rel-node{{fill:{BACKGROUND};stroke:{ACCENT};stroke-width:2}}"
    f".bf-rel-center{{fill:{ACCENT}}}"
    f".bf-vis-plate{{fill:{BACKGROUND};fill-opacity:.85}}"
    ".bf-site .bf-rel-edge{stroke-opacity:.3}"
    ".bf-site .bf-rel-affiliation{stroke-opacity:.85}"
    ".bf-vis-scroll{overflow-x:auto}"
    ".bf-vis-scroll>svg.bf-vis{min-width:var(--bf-vis-min-width,0)}"
    "@media print{.bf-vis-scroll{overflow:visible}.bf-vis-scroll>svg.bf-vis{min-width:0}"
    ".bf-vis a{text-decoration:none}}"
)


# Public data --------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    """One event on the strip. `end`, when set, is the last period the event covers."""

    start: PartialDate
    end: PartialDate | None
    label: str
    when: str
    href: str
    key: str


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    href: str
    kind: str


@dataclass(frozen=True)
class Neighbour:
    node: Node
    weight: int  # shared briefs (or events); 0 for an affiliation alone
    affiliated: bool


Edge = tuple[str, str, int, bool]  # (actor, actor, weight, affiliated)


# Text, numbers, boxes -----------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_escape(text: str) -> str:
    """Text made safe for XML content and double-quoted attributes."""
    text = _XML_INVALID.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;")


def _n(value: float) -> str:
    """A coordinate: rounded to one decimal, no trailing '.0', never '-0'."""
    text = f"{round(value, 1):.1f}"
    text = text.removesuffix(".0")
    return "0" if text == "-0" else text


def _char_em(ch: str) -> float:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch.isupper() or ch in "mwMW@%&":
        return 0.75
    return 0.6


def text_width(text: str, size: float) -> float:
    """Estimated advance width of `text` at font size `size` (deliberately generous)."""
    return sum(_char_em(ch) for ch in text) * size


def _clean(text: str) -> str:
    return " ".join(_XML_INVALID.sub("", text).split())


def fit_text(text: str, size: float, max_width: float) -> str:
    """`text` on one line, cut with an ellipsis to fit `max_width`."""
    text = _clean(text)
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
    words = _clean(text).split(" ")
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
class _Line:
    x: float
    y: float
    text: str
    size: float
    anchor: Anchor

    @property
    def box(self) -> Box:
        return text_box(self.x, self.y, self.text, self.size, self.anchor)

    def svg(self, cls: str = "") -> str:
        klass = f' class="{cls}"' if cls else ""
        return (
            f'<text x="{_n(self.x)}" y="{_n(self.y)}" font-size="{_n(self.size)}" '
            f'text-anchor="{self.anchor}"{klass}>{xml_escape(self.text)}</text>'
        )


def _ident(kind: str, title: str, keys: Iterable[str]) -> str:
    digest = hashlib.sha1("\x1f".join((kind, title, *keys)).encode("utf-8"), usedforsecurity=False)
    return f"bf-{kind}-{digest.hexdigest()[:10]}"


def _svg(
    kind: str,
    ident: str,
    view: Box,
    title: str,
    desc: str,
    body: list[str],
    min_width: float,
) -> str:
    """The root element. In a `figure()`, the picture keeps at least `min_width` CSS pixels
    (or its own width) and scrolls sideways rather than shrink its text on a phone."""
    width = view.x1 - view.x0
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bf-vis bf-{kind}" '
        f'viewBox="{_n(view.x0)} {_n(view.y0)} {_n(width)} {_n(view.y1 - view.y0)}" '
        f'width="100%" style="max-width:{_n(width)}px;height:auto;'
        f'--bf-vis-min-width:{_n(min(width, min_width))}px" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc">'
    )
    return "\n".join(
        [
            head,
            f'<title id="{ident}-title">{xml_escape(_clean(title))}</title>',
            f'<desc id="{ident}-desc">{xml_escape(_clean(desc))}</desc>',
            f"<style>{STYLE}</style>",
            *body,
            "</svg>",
        ]
    )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def figure(svg: str, *, caption: str = "") -> str:
    """An SVG as a raw-HTML block for a Markdown page: a figure that scrolls sideways on
    narrow screens instead of shrinking its text. Empty in, empty out."""
    if not svg:
        return ""
    cap = f"<figcaption>{xml_escape(_clean(caption))}</figcaption>\n" if caption else ""
    return (
        f'<figure class="bf-visual">\n<div class="bf-vis-scroll">\n{svg}\n</div>\n{cap}</figure>\n'
    )


def _md_href(href: str) -> str:
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


# Timeline -----------------------------------------------------------------------------


def _ordinal(year: int, month: int = 1, day: int = 1) -> int:
    """Day number of a date, rolling month 13 into the next year; 10000-01-01 allowed."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    if year > date.max.year:
        return _MAX_ORDINAL + 1
    return date(year, month, day).toordinal()


def _first_day(d: PartialDate) -> int:
    return _ordinal(d.year, d.month or 1, d.day or 1)


def _after(d: PartialDate) -> int:
    """First day after the period the partial date covers (its day, month or year)."""
    if d.day is not None:
        return _first_day(d) + 1
    if d.month is not None:
        return _ordinal(d.year, d.month + 1)
    return _ordinal(d.year + 1)


def _month_index(ordinal: int) -> int:
    d = date.fromordinal(min(ordinal, _MAX_ORDINAL))
    return d.year * 12 + d.month - 1 + (1 if ordinal > _MAX_ORDINAL else 0)


@dataclass(frozen=True)
class _Span:
    item: TimelineItem
    start: int  # first day, ordinal
    stop: int  # first day after, ordinal

    @property
    def is_point(self) -> bool:
        return self.stop - self.start <= 1

    @classmethod
    def of(cls, item: TimelineItem) -> _Span:
        start = _first_day(item.start)
        stop = _after(item.end) if item.end is not None else _after(item.start)
        if stop <= start:  # an end before the start: show the start alone
            stop = _after(item.start)
        return cls(item, start, stop)


@dataclass(frozen=True)
class _Scale:
    o0: int
    o1: int
    left: float
    right: float

    def x(self, ordinal: float) -> float:
        return self.left + (ordinal - self.o0) * (self.right - self.left) / (self.o1 - self.o0)

    @property
    def px_per_day(self) -> float:
        return (self.right - self.left) / (self.o1 - self.o0)


@dataclass(frozen=True)
class _Tick:
    ordinal: int
    major: bool


@dataclass(frozen=True)
class _Axis:
    scale: _Scale
    rows: int
    ticks: list[_Tick]
    labels: list[tuple[int, int, int, str]]  # (priority, row, ordinal, text)


def _choose_axis(first: int, last: int, left: float, right: float) -> _Axis:
    width = right - left
    m0 = _month_index(first)
    m1 = _month_index(last - 1) + 1
    months = m1 - m0
    label_room = text_width("May", TICK_SIZE) + 8
    if months <= 36:
        o0, o1 = _ordinal(m0 // 12, m0 % 12 + 1), _ordinal(m1 // 12, m1 % 12 + 1)
        px_min_month = 28 * width / (o1 - o0)
        step = next((s for s in _MONTH_STEPS if s * px_min_month >= label_room), 0)
        if step:
            scale = _Scale(o0, o1, left, right)
            ticks: list[_Tick] = []
            labels: list[tuple[int, int, int, str]] = []
            for i in range(m0, m1 + 1):
                year, month = divmod(i, 12)
                ordinal = _ordinal(year, month + 1)
                ticks.append(_Tick(ordinal, month == 0))
                if i < m1 and month % step == 0:
                    labels.append((1, 1, ordinal, _MONTH_ABBR[month]))
                if i < m1 and (month == 0 or i == m0):
                    labels.append((0 if month == 0 else 2, 0, ordinal, str(year)))
            return _Axis(scale, 2, ticks, labels)
    y0 = date.fromordinal(first).year
    y1 = date.fromordinal(min(last - 1, _MAX_ORDINAL)).year + 1
    o0, o1 = _ordinal(y0), _ordinal(y1)
    px_year = 365 * width / (o1 - o0)
    year_room = text_width("0000", TICK_SIZE) + 8
    step = next((s for s in _YEAR_STEPS if s * px_year >= year_room), _YEAR_STEPS[-1])
    scale = _Scale(o0, o1, left, right)
    ticks = []
    labels = []
    for year in range(y0, y1 + 1):
        labelled = year % step == 0
        if labelled or px_year >= 6 or year in (y0, y1):
            ticks.append(_Tick(_ordinal(year), labelled))
        if year < y1 and (labelled or year == y0):
            labels.append((0 if labelled else 1, 0, _ordinal(year), str(year)))
    return _Axis(scale, 1, ticks, labels)


def _place_greedy(candidates: list[_Line], bounds: Box, pad: float) -> list[_Line]:
    placed: list[_Line] = []
    for line in candidates:
        box = line.box
        if box.inside(bounds) and not any(box.overlaps(p.box, pad) for p in placed):
            placed.append(line)
    return placed


@dataclass(frozen=True)
class _Placed:
    span: _Span
    mark: Box
    label: _Line
    x0: float
    x1: float


_TL_PAD = 10.0
_TL_ROW = 16.0
_TL_LANE = 24.0
_TL_BAR = 12.0
_TL_DOT = 5.0
_TL_GAP = 5.0
_TL_LANE_GAP = 10.0


def _timeline_label(span: _Span, scale: _Scale, width: float) -> _Placed:
    if span.is_point:
        cx = scale.x(span.start + 0.5)
        mx0, mx1 = cx - _TL_DOT, cx + _TL_DOT
    else:
        mx0, mx1 = scale.x(span.start), scale.x(span.stop)
    mark = Box(mx0, -_TL_BAR / 2, mx1, _TL_BAR / 2)  # y relative to the lane's middle
    limit_right = width - 2
    max_w = min((width - 2 * _TL_PAD) * 0.6, 420.0)
    text = fit_text(span.item.label, LABEL_SIZE, max_w)
    w = text_width(text, LABEL_SIZE)
    baseline = (ASCENT - DESCENT) * LABEL_SIZE / 2  # centres the text box on the lane
    if mx1 + _TL_GAP + w <= limit_right:
        line = _Line(mx1 + _TL_GAP, baseline, text, LABEL_SIZE, "start")
        return _Placed(span, mark, line, mx0, mx1 + _TL_GAP + w)
    if mx0 - _TL_GAP - w >= 2:
        line = _Line(mx0 - _TL_GAP, baseline, text, LABEL_SIZE, "end")
        return _Placed(span, mark, line, mx0 - _TL_GAP - w, mx1)
    # A span nearly as wide as the strip: the label sits on the bar.
    x = max(mx0, 2.0) + _TL_GAP
    text = fit_text(span.item.label, LABEL_SIZE, limit_right - x)
    line = _Line(x, baseline, text, LABEL_SIZE, "start")
    return _Placed(span, mark, line, mx0, max(mx1, x + text_width(text, LABEL_SIZE)))


def timeline_svg(items: Sequence[TimelineItem], *, title: str, width: int = 720) -> str:
    """Events on a time axis, one link each; labels stacked in lanes so none overlap.

    Day-precision events are dots; month- or year-precision dates and explicit ends are
    bars covering the whole period. Returns "" when there are no items."""
    if not items:
        return ""
    width = max(width, 240)
    spans = sorted(
        (_Span.of(item) for item in items),
        key=lambda s: (s.start, s.stop, s.item.key, s.item.label, s.item.href),
    )
    first = min(s.start for s in spans)
    last = max(s.stop for s in spans)
    axis = _choose_axis(first, last, _TL_PAD, width - _TL_PAD)
    scale = axis.scale
    axis_y = 4 + axis.rows * _TL_ROW + 4

    # Lanes: first fit, by left edge, which uses the fewest lanes for intervals.
    placed = sorted(
        (_timeline_label(s, scale, width) for s in spans),
        key=lambda p: (p.x0, p.span.start, p.span.stop, p.span.item.key, p.span.item.label),
    )
    lane_ends: list[float] = []
    lanes: list[tuple[int, _Placed]] = []
    for p in placed:
        for i, end in enumerate(lane_ends):
            if end + _TL_LANE_GAP <= p.x0:
                lane = i
                break
        else:
            lane = len(lane_ends)
            lane_ends.append(0.0)
        lane_ends[lane] = p.x1
        lanes.append((lane, p))
    lane_top = axis_y + 8
    height = lane_top + len(lane_ends) * _TL_LANE + 6

    body: list[str] = ['<g class="bf-tl-grid-lines">']
    for tick in axis.ticks:
        x = _n(scale.x(tick.ordinal))
        cls = "bf-tl-grid bf-tl-grid-major" if tick.major else "bf-tl-grid"
        body.append(
            f'<line class="{cls}" x1="{x}" y1="{_n(axis_y)}" x2="{x}" y2="{_n(height - 2)}"/>'
        )
    body.append("</g>")
    body.append(
        f'<line class="bf-tl-axis" x1="{_n(scale.left)}" y1="{_n(axis_y)}" '
        f'x2="{_n(scale.right)}" y2="{_n(axis_y)}"/>'
    )
    bounds = Box(0, 0, width, axis_y)
    body.append('<g class="bf-tl-ticks">')
    for row in range(axis.rows):  # each row of tick labels laid out on its own
        tick_lines = [
            _Line(scale.x(o) + 3, 4 + (row + 1) * _TL_ROW - 4, text, TICK_SIZE, "start")
            for _, r, o, text in sorted(axis.labels)
            if r == row
        ]
        body.extend(line.svg("bf-vis-muted") for line in _place_greedy(tick_lines, bounds, 4))
    body.append("</g>")

    for lane, p in sorted(lanes, key=lambda lp: (lp[0], lp[1].x0)):
        mid = lane_top + lane * _TL_LANE + _TL_LANE / 2
        item = p.span.item
        tip = f"{_clean(item.when)}: {_clean(item.label)}" if item.when else _clean(item.label)
        if p.span.is_point:
            cx = (p.mark.x0 + p.mark.x1) / 2
            mark = f'<circle class="bf-tl-dot" cx="{_n(cx)}" cy="{_n(mid)}" r="{_n(_TL_DOT)}"/>'
        else:
            mark = (
                f'<rect class="bf-tl-bar" x="{_n(p.mark.x0)}" y="{_n(mid - _TL_BAR / 2)}" '
                f'width="{_n(p.mark.x1 - p.mark.x0)}" height="{_n(_TL_BAR)}" rx="2"/>'
            )
        label = _Line(p.label.x, mid + p.label.y, p.label.text, p.label.size, p.label.anchor)
        body.append(
            f'<a href="{xml_escape(item.href)}" class="bf-tl-event">'
            f"<title>{xml_escape(tip)}</title>{mark}{label.svg()}</a>"
        )

    earliest = min(spans, key=lambda s: (s.start, s.stop)).item.start
    latest_span = max(spans, key=lambda s: (s.stop, s.start))
    latest = latest_span.item.end or latest_span.item.start
    if len(spans) == 1:
        desc = f"1 event, {_clean(spans[0].item.when) or earliest.label}."
    elif earliest == latest or earliest.label == latest.label:
        desc = f"{len(spans)} events in {earliest.label}."
    else:
        desc = f"{len(spans)} events from {earliest.label} to {latest.label}."
    ident = _ident("tl", title, (s.item.key for s in spans))
    return _svg("tl", ident, Box(0, 0, width, height), title, desc, body, 540)


def timeline_text(items: Sequence[TimelineItem]) -> str:
    """The timeline as a Markdown list, oldest first: '- **When**: [Label](href)'."""
    spans = sorted(
        (_Span.of(item) for item in items),
        key=lambda s: (s.start, s.stop, s.item.key, s.item.label, s.item.href),
    )
    return "".join(
        f"- **{md_escape(_clean(s.item.when))}**: "
        f"[{md_escape(_clean(s.item.label))}]({_md_href(s.item.href)})\n"
        for s in spans
    )


# Relationship diagrams ----------------------------------------------------------------

_REL_GAP = 5.0


@dataclass
class _Placer:
    """Places labels one by one so that none overlaps another or any obstacle."""

    bounds: Box
    obstacles: list[Box]
    pad: float = 2.0

    def fits(self, lines: list[_Line]) -> bool:
        return all(
            line.box.inside(self.bounds)
            and not any(line.box.overlaps(o, self.pad) for o in self.obstacles)
            for line in lines
        )

    def place(self, candidates: Iterable[list[_Line]]) -> list[_Line]:
        for lines in candidates:
            if lines and self.fits(lines):
                self.obstacles.extend(line.box for line in lines)
                return lines
        return []


def _circle_box(x: float, y: float, r: float) -> Box:
    return Box(x - r, y - r, x + r, y + r)


def _label_block(
    lines: list[str], side: str, x: float, y: float, r: float, size: float
) -> list[_Line]:
    """Lines of a node label on one side of a circle of radius r at (x, y)."""
    lh = LINE_HEIGHT * size
    n = len(lines)
    if side in ("right", "left"):
        first = y - n * lh / 2 + ASCENT * size
        lx = x + r + _REL_GAP if side == "right" else x - r - _REL_GAP
        anchor: Anchor = "start" if side == "right" else "end"
        return [_Line(lx, first + i * lh, t, size, anchor) for i, t in enumerate(lines)]
    if side == "above":
        last = y - r - _REL_GAP - DESCENT * size
        return [_Line(x, last - (n - 1 - i) * lh, t, size, "middle") for i, t in enumerate(lines)]
    first = y + r + _REL_GAP + ASCENT * size
    return [_Line(x, first + i * lh, t, size, "middle") for i, t in enumerate(lines)]


def _label_candidates(
    name: str,
    x: float,
    y: float,
    r: float,
    angle: float | None,
    bounds: Box,
    size: float,
    max_label: float,
) -> Iterator[list[_Line]]:
    """Label positions for a node, outward from the centre first, then shorter cuts."""
    c, s = (math.cos(angle), math.sin(angle)) if angle is not None else (1.0, 0.0)
    horizontal = ["right", "left"] if c >= 0 else ["left", "right"]
    vertical = ["above", "below"] if s < 0 else ["below", "above"]
    sides = horizontal + vertical if abs(c) >= 0.2 else vertical + horizontal
    for fraction in (1.0, 0.75, 0.5, 0.3):
        for side in sides:
            if side == "right":
                room = bounds.x1 - (x + r + _REL_GAP)
            elif side == "left":
                room = (x - r - _REL_GAP) - bounds.x0
            else:
                room = 2 * min(x - bounds.x0, bounds.x1 - x)
            room = min(room, max_label) * fraction
            if room < 2 * size:
                continue
            yield _label_block(wrap_text(name, size, room), side, x, y, r, size)


def _ranked(neighbours: Sequence[Neighbour]) -> list[Neighbour]:
    """Heaviest first, affiliations before plain ties, then by name: one per actor."""
    best: dict[str, Neighbour] = {}
    for nb in neighbours:
        seen = best.get(nb.node.id)
        if seen is None:
            best[nb.node.id] = nb
        else:
            best[nb.node.id] = Neighbour(
                seen.node, max(seen.weight, nb.weight), seen.affiliated or nb.affiliated
            )
    return sorted(
        best.values(),
        key=lambda nb: (-nb.weight, not nb.affiliated, nb.node.name.casefold(), nb.node.id),
    )


def _kind_class(kind: str) -> str:
    return "bf-rel-kind-" + (re.sub(r"[^a-z0-9-]", "", kind.lower()) or "other")


def _stroke(weight: int, heaviest: int, thin: float, thick: float) -> float:
    """Line width growing in proportion to the weight, `thick` for the heaviest (or for a
    weight of 4 when all are lighter, so that a diagram of ones stays thin)."""
    return thin + (thick - thin) * max(weight, 0) / max(heaviest, 4)


def _legend(x: float, y: float, affiliations: bool, width: float) -> tuple[list[str], Box]:
    """The key to the lines, from (x, y) rightwards, on two rows when one would be wider
    than `width`; returns the SVG and its extent."""
    size = TICK_SIZE
    out = [
        '<g class="bf-rel-legend">',
        f'<line class="bf-rel-edge" x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 24)}" y2="{_n(y)}" '
        'stroke-width="3"/>',
    ]
    text = "appear together (wider: more often)"
    line = _Line(x + 30, y + (ASCENT - DESCENT) * size / 2, text, size, "start")
    out.append(line.svg("bf-vis-muted"))
    extent = Box(x, line.box.y0, line.box.x1, line.box.y1)
    if affiliations:
        x2, y2 = line.box.x1 + 18, y
        if x2 + 30 + text_width("affiliation", size) > x + width:
            x2, y2 = x, y + LINE_HEIGHT * size + 4
        out.append(
            f'<line class="bf-rel-edge bf-rel-affiliation" x1="{_n(x2)}" y1="{_n(y2)}" '
            f'x2="{_n(x2 + 24)}" y2="{_n(y2)}" stroke-width="2"/>'
        )
        second = _Line(x2 + 30, line.y + y2 - y, "affiliation", size, "start")
        out.append(second.svg("bf-vis-muted"))
        extent = _union([extent, second.box], 0)
    out.append("</g>")
    return out, extent


def _union(boxes: Iterable[Box], margin: float) -> Box:
    boxes = list(boxes)
    return Box(
        min(b.x0 for b in boxes) - margin,
        min(b.y0 for b in boxes) - margin,
        max(b.x1 for b in boxes) + margin,
        max(b.y1 for b in boxes) + margin,
    )


def _node_svg(
    node: Node, x: float, y: float, r: float, labels: list[_Line], tip: str, extra: str = ""
) -> str:
    classes = f"bf-rel-node {_kind_class(node.kind)}"
    return (
        f'<a href="{xml_escape(node.href)}" class="bf-rel-link">'
        f"<title>{xml_escape(tip)}</title>{extra}"
        f'<circle class="{classes}" cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"/>'
        + "".join(line.svg("bf-vis-halo") for line in labels)
        + "</a>"
    )


def relation_svg(
    center: Node, neighbours: Sequence[Neighbour], *, title: str, size: int = 480
) -> str:
    """The actor in the middle, the actors it appears with most on a circle around it.

    `size` is the drawing's nominal width: the ring's diameter is 0.56 × size, labels get
    up to 10 em beside it, and the viewBox is cropped to what is drawn. Edge width grows with
    the weight; affiliations are dashed accent lines. At most MAX_NEIGHBOURS neighbours,
    heaviest first. Returns "" when there are no neighbours."""
    ranked = [nb for nb in _ranked(neighbours) if nb.node.id != center.id]
    if not ranked:
        return ""
    size = max(size, 320)
    shown = ranked[:MAX_NEIGHBOURS]
    n = len(shown)
    radius = size * 0.28
    node_r, center_r = 9.0, 14.0
    room = 10 * LABEL_SIZE
    cx = radius + node_r + _REL_GAP + room
    cy = radius + node_r + _REL_GAP + 3 * LINE_HEIGHT * LABEL_SIZE
    bounds = Box(0, 0, 2 * cx, 2 * cy)
    heaviest = max(nb.weight for nb in shown)

    positions = []
    for i in range(n):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        positions.append((angle, cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    circles = [_circle_box(x, y, node_r) for _, x, y in positions]
    circles.append(_circle_box(cx, cy, center_r))
    placer = _Placer(bounds, list(circles))
    center_size = LABEL_SIZE + 1
    center_lines = wrap_text(center.name, center_size, radius * 1.2)
    center_label = placer.place(
        [_label_block(center_lines, "below", cx, cy, center_r, center_size)]
    )

    edges: list[str] = []
    nodes: list[str] = []
    drawn = list(circles)
    for nb, (angle, x, y) in zip(shown, positions, strict=True):
        width = _stroke(nb.weight, heaviest, 1.5, 7.0)
        cls = "bf-rel-edge bf-rel-affiliation" if nb.affiliated else "bf-rel-edge"
        edges.append(
            f'<line class="{cls}" x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" '
            f'stroke-width="{_n(width)}"/>'
        )
        labels = placer.place(
            _label_candidates(nb.node.name, x, y, node_r, angle, bounds, LABEL_SIZE, room)
        )
        drawn.extend(line.box for line in labels)
        facts = []
        if nb.weight:
            facts.append(f"appear together {_plural(nb.weight, 'time', 'times')}")
        if nb.affiliated:
            facts.append("affiliation")
        tip = f"{_clean(nb.node.name)}: {', '.join(facts)}" if facts else _clean(nb.node.name)
        nodes.append(_node_svg(nb.node, x, y, node_r, labels, tip))
    plate = ""
    if center_label:
        box = _union((line.box for line in center_label), 2)
        drawn.append(box)
        plate = (
            f'<rect class="bf-vis-plate" x="{_n(box.x0)}" y="{_n(box.y0)}" '
            f'width="{_n(box.x1 - box.x0)}" height="{_n(box.y1 - box.y0)}" rx="3"/>'
        )
    center_svg = (
        f'<a href="{xml_escape(center.href)}" class="bf-rel-link bf-rel-center-link">'
        f"<title>{xml_escape(_clean(center.name))}</title>"
        f'<circle class="bf-rel-node bf-rel-center {_kind_class(center.kind)}" cx="{_n(cx)}" '
        f'cy="{_n(cy)}" r="{_n(center_r)}"/>{plate}'
        + "".join(line.svg() for line in center_label)
        + "</a>"
    )
    affiliated = [nb for nb in shown if nb.affiliated]
    content = _union(drawn, 0)
    legend, key = _legend(content.x0, content.y1 + 16, bool(affiliated), content.x1 - content.x0)
    view = _union([content, key], 6)
    ident = _ident("rel", title, (center.id, *(nb.node.id for nb in shown)))

    desc = (
        f"{_clean(center.name)} and the {_plural(n, 'actor', 'actors')} it appears with most often"
    )
    if len(ranked) > n:
        desc += f" ({n} of {len(ranked)})"
    desc += "; wider lines mean more often."
    if affiliated:
        names = ", ".join(_clean(nb.node.name) for nb in affiliated)
        desc += f" Dashed lines are affiliations: {names}."
    return _svg(
        "rel",
        ident,
        view,
        title,
        desc,
        ['<g class="bf-rel-edges">', *edges, "</g>", *nodes, center_svg, *legend],
        420,
    )


def relation_text(
    center: Node,
    neighbours: Sequence[Neighbour],
    *,
    unit: tuple[str, str] = ("shared brief", "shared briefs"),
) -> str:
    """The diagram as a Markdown list, in the diagram's order: '- [Name](href) · 3 shared
    briefs · affiliation'. Lists the same neighbours the diagram shows."""
    out = []
    for nb in [nb for nb in _ranked(neighbours) if nb.node.id != center.id][:MAX_NEIGHBOURS]:
        parts = [f"[{md_escape(_clean(nb.node.name))}]({_md_href(nb.node.href)})"]
        if nb.weight:
            parts.append(_plural(nb.weight, *unit))
        if nb.affiliated:
            parts.append("affiliation")
        out.append("- " + " · ".join(parts) + "\n")
    return "".join(out)


def _ring_sizes(count: int, radii: list[float], spacing: float) -> list[int] | None:
    caps = [max(1, math.floor(2 * math.pi * r / spacing)) for r in radii]
    if sum(caps) < count:
        return None
    total = sum(radii)
    sizes = [min(cap, round(count * r / total)) for cap, r in zip(caps, radii, strict=True)]
    while sum(sizes) < count:  # add to the ring with the most room, outermost on ties
        i = max(range(len(sizes)), key=lambda k: (caps[k] - sizes[k], k))
        sizes[i] += 1
    while sum(sizes) > count:  # take from the innermost non-empty ring
        i = next(k for k in range(len(sizes)) if sizes[k] > 0)
        sizes[i] -= 1
    return sizes


_KIND_ORDER = ("state", "organization", "military", "group", "person", "media")


def _ring_key(
    node: Node, links: list[tuple[str, int]], angles: dict[str, float], start: float
) -> tuple[int, float, str, str]:
    """Order on a ring: by the mean angle of the actors already placed that it links to
    (so it sits near them), then, with none, grouped by kind and name."""
    sx = sy = 0.0
    for other, weight in links:
        if other in angles:
            sx += weight * math.cos(angles[other])
            sy += weight * math.sin(angles[other])
    if abs(sx) < 1e-9 and abs(sy) < 1e-9:
        kind = _KIND_ORDER.index(node.kind) if node.kind in _KIND_ORDER else len(_KIND_ORDER)
        return (1, float(kind), node.name.casefold(), node.id)
    angle = (math.atan2(sy, sx) - start) % (2 * math.pi)
    return (0, round(angle, 6), node.name.casefold(), node.id)


def site_relation_svg(
    nodes: Sequence[Node], edges: Sequence[Edge], *, title: str, size: int = 720
) -> str:
    """Every actor's links at once: the MAX_SITE_NODES most connected actors, the most
    connected in the middle and the rest on rings around it (inner rings more connected),
    each ring ordered to sit near the actors it links to. Returns "" with no links."""
    size = max(size, 400)
    by_id = {node.id: node for node in sorted(nodes, key=lambda nd: nd.id)}
    merged: dict[tuple[str, str], tuple[int, bool]] = {}
    for a, b, weight, affiliated in edges:
        if a == b or a not in by_id or b not in by_id:
            continue
        pair = (a, b) if a < b else (b, a)
        w0, af0 = merged.get(pair, (0, False))
        merged[pair] = (max(w0, weight), af0 or affiliated)
    merged = {k: v for k, v in merged.items() if v[0] > 0 or v[1]}
    degree: Counter[str] = Counter()
    for (a, b), (weight, affiliated) in merged.items():
        degree[a] += max(weight, 1 if affiliated else 0)
        degree[b] += max(weight, 1 if affiliated else 0)
    connected = sorted(
        (nd for nd in by_id.values() if degree[nd.id] > 0),
        key=lambda nd: (-degree[nd.id], nd.name.casefold(), nd.id),
    )
    if not connected:
        return ""
    shown = connected[:MAX_SITE_NODES]
    shown_ids = {nd.id for nd in shown}
    links = sorted(
        (pair, wa) for pair, wa in merged.items() if pair[0] in shown_ids and pair[1] in shown_ids
    )
    adjacency: dict[str, list[tuple[str, int]]] = {nd.id: [] for nd in shown}
    for (a, b), (weight, affiliated) in links:
        adjacency[a].append((b, max(weight, 1 if affiliated else 0)))
        adjacency[b].append((a, max(weight, 1 if affiliated else 0)))

    size_label = LABEL_SIZE - 1
    room = 9 * size_label
    cx = cy = size / 2
    outer = size / 2 - room - 16
    top_degree = degree[shown[0].id]
    pos: dict[str, tuple[float, float]] = {shown[0].id: (cx, cy)}
    angles: dict[str, float] = {}
    rest = shown[1:]
    rings = 1
    sizes = _ring_sizes(len(rest), [outer], 58) if rest else []
    while sizes is None:
        rings += 1
        sizes = _ring_sizes(len(rest), [outer * (i + 1) / rings for i in range(rings)], 58)
    queue = list(rest)
    for ring, count in enumerate(sizes):
        members, queue = queue[:count], queue[count:]
        if not members:
            continue
        r = outer * (ring + 1) / len(sizes)
        step = 2 * math.pi / len(members)
        start = -math.pi / 2 + (ring % 2) * step / 2
        order = sorted(members, key=lambda nd: _ring_key(nd, adjacency[nd.id], angles, start))
        for j, nd in enumerate(order):
            angle = start + j * step
            pos[nd.id] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
            angles[nd.id] = angle

    def node_r(node_id: str) -> float:
        return 4 + 6 * math.sqrt(degree[node_id] / top_degree)

    bounds = Box(0, 0, size, size)
    circles = [_circle_box(*pos[nd.id], node_r(nd.id)) for nd in shown]
    placer = _Placer(bounds, list(circles))
    heaviest = max((w for _, (w, _) in links), default=1)
    body = ['<g class="bf-rel-edges">']
    for (a, b), (weight, affiliated) in links:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        cls = "bf-rel-edge bf-rel-affiliation" if affiliated else "bf-rel-edge"
        body.append(
            f'<line class="{cls}" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
            f'stroke-width="{_n(_stroke(weight, heaviest, 1.0, 5.0))}"/>'
        )
    body.append("</g>")
    drawn = list(circles)
    for nd in shown:
        x, y = pos[nd.id]
        r = node_r(nd.id)
        labels = placer.place(
            _label_candidates(nd.name, x, y, r, angles.get(nd.id), bounds, size_label, room)
        )
        drawn.extend(line.box for line in labels)
        partners = len(adjacency[nd.id])
        tip = f"{_clean(nd.name)}: linked to {_plural(partners, 'actor', 'actors')}"
        body.append(_node_svg(nd, x, y, r, labels, tip))
    has_affiliations = any(af for _, (_, af) in links)
    content = _union(drawn, 0)
    legend, key = _legend(content.x0, content.y1 + 16, has_affiliations, content.x1 - content.x0)
    body.extend(legend)

    desc = f"{_plural(len(shown), 'actor', 'actors')} linked by the briefs they share"
    if len(connected) > len(shown):
        desc += f" (the most connected of {len(connected)})"
    desc += "; wider lines mean more shared briefs"
    if has_affiliations:
        desc += ", dashed lines are affiliations"
    desc += f". The list beside it names all {_plural(len(by_id), 'actor', 'actors')}."
    ident = _ident("site", title, (nd.id for nd in shown))
    return _svg("site", ident, _union([content, key], 6), title, desc, body, 560)


# From the site index ------------------------------------------------------------------


def actor_node(index: SiteIndex, actor_id: str, href: Callable[[str], str]) -> Node:
    actor = index.content.actors[actor_id]
    return Node(actor_id, actor.name, href(actor_id), actor.kind)


def actor_neighbours(
    index: SiteIndex,
    actor_id: str,
    href: Callable[[str], str],
    *,
    limit: int = MAX_NEIGHBOURS,
) -> list[Neighbour]:
    """The actors `actor_id` shares most briefs with (`SiteIndex.companions`, weight =
    shared briefs) plus its affiliations both ways. Call after the briefs are rendered,
    so prose mentions count, as they do on the page."""
    actors = index.content.actors
    shared = dict(index.companions(actor_id, limit=limit))
    own = actors[actor_id].affiliations if actor_id in actors else []
    affiliated = set(own) | set(index.members.get(actor_id, []))
    ids = sorted((set(shared) | affiliated) - {actor_id})
    return _ranked(
        [
            Neighbour(actor_node(index, a, href), shared.get(a, 0), a in affiliated)
            for a in ids
            if a in actors
        ]
    )


def site_graph(index: SiteIndex, href: Callable[[str], str]) -> tuple[list[Node], list[Edge]]:
    """Every actor and every pair that shares a brief (weight = shared briefs) or an
    affiliation, for `site_relation_svg`. Costs the sum over briefs of actors squared."""
    actors = index.content.actors
    counts: Counter[tuple[str, str]] = Counter()
    for brief_id, brief in sorted(index.content.briefs.items()):
        present = set(index.brief_actors(brief)) | index.mentions_by_brief.get(brief_id, set())
        ids = sorted(present & actors.keys())
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                counts[(a, b)] += 1
    affiliations = {
        (min(a, org), max(a, org))
        for a, actor in actors.items()
        for org in actor.affiliations
        if org in actors and org != a
    }
    pairs = sorted(set(counts) | affiliations)
    edges = [(a, b, counts.get((a, b), 0), (a, b) in affiliations) for a, b in pairs]
    nodes = [actor_node(index, a, href) for a in sorted(actors)]
    return nodes, edges
