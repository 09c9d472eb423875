"""The timeline strip: events on a time axis, one link each, labels stacked in lanes."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..model import PartialDate
from .svg import (
    ASCENT,
    DESCENT,
    LABEL_SIZE,
    LINE_HEIGHT,
    TICK_SIZE,
    Anchor,
    Box,
    TextLine,
    clean_text,
    coord,
    svg_id,
    svg_line,
    svg_root,
    text_width,
    wrap_whole,
    xml_escape,
)

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_STEPS = (1, 2, 3, 6)
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
_MAX_ORDINAL = date.max.toordinal()
STRIP_WIDTH = 560  # viewBox units: within PRINT_WIDTH (svg.py)


@dataclass(frozen=True)
class TimelineItem:
    """One event on the strip. `end`, when set, is the last period the event covers."""

    start: PartialDate
    end: PartialDate | None
    label: str
    when: str
    href: str
    key: str


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


def _place_greedy(candidates: list[TextLine], bounds: Box, pad: float) -> list[TextLine]:
    placed: list[TextLine] = []
    for line in candidates:
        box = line.box
        if box.inside(bounds) and not any(box.overlaps(p.box, pad) for p in placed):
            placed.append(line)
    return placed


@dataclass(frozen=True)
class _Placed:
    span: _Span
    mark: Box
    label: list[TextLine]  # y relative to the middle of the lane's first line
    x0: float
    x1: float


_TL_PAD = 10.0
_TL_ROW = 16.0
_TL_LANE = 24.0
_TL_BAR = 12.0
_TL_DOT = 5.0
_TL_MIN_PERIOD = 6.0  # a month on a long axis stays wide enough to see as a bracket
_TL_GAP = 5.0
_TL_LANE_GAP = 10.0
_TL_LINE = LINE_HEIGHT * LABEL_SIZE


def _mark_extent(span: _Span, scale: _Scale) -> tuple[float, float]:
    if span.is_point:
        cx = scale.x(span.start + 0.5)
        return cx - _TL_DOT, cx + _TL_DOT
    x0, x1 = scale.x(span.start), scale.x(span.stop)
    if x1 - x0 < _TL_MIN_PERIOD:
        mid = (x0 + x1) / 2
        return mid - _TL_MIN_PERIOD / 2, mid + _TL_MIN_PERIOD / 2
    return x0, x1


def _label_lines(texts: list[str], x: float, anchor: Anchor) -> list[TextLine]:
    baseline = (ASCENT - DESCENT) * LABEL_SIZE / 2  # centres the first line on the mark
    return [
        TextLine(x, baseline + i * _TL_LINE, t, LABEL_SIZE, anchor) for i, t in enumerate(texts)
    ]


def _timeline_label(span: _Span, scale: _Scale, width: float) -> _Placed:
    """The mark and its label, whole on up to three lines: right of the mark, else left of
    it, else (a span nearly as wide as the strip) on it."""
    mx0, mx1 = _mark_extent(span, scale)
    mark = Box(mx0, -_TL_BAR / 2, mx1, _TL_BAR / 2)  # y relative to the lane's middle
    limit_right = width - 2
    max_w = min((width - 2 * _TL_PAD) * 0.6, 420.0)
    texts = wrap_whole(span.item.label, LABEL_SIZE, max_w)
    w = max(text_width(t, LABEL_SIZE) for t in texts)
    if mx1 + _TL_GAP + w <= limit_right:
        lines = _label_lines(texts, mx1 + _TL_GAP, "start")
        return _Placed(span, mark, lines, mx0, mx1 + _TL_GAP + w)
    if mx0 - _TL_GAP - w >= 2:
        lines = _label_lines(texts, mx0 - _TL_GAP, "end")
        return _Placed(span, mark, lines, mx0 - _TL_GAP - w, mx1)
    x = max(mx0, 2.0) + _TL_GAP
    texts = wrap_whole(span.item.label, LABEL_SIZE, limit_right - x)
    w = max(text_width(t, LABEL_SIZE) for t in texts)
    return _Placed(span, mark, _label_lines(texts, x, "start"), mx0, max(mx1, x + w))


def _lanes(placed: list[_Placed]) -> tuple[list[tuple[int, _Placed]], list[float]]:
    """Each mark and label in a lane, first fit by left edge (which uses the fewest lanes
    for intervals); returns (lane, placed) pairs and each lane's height (its tallest label)."""
    lane_ends: list[float] = []
    heights: list[float] = []
    lanes: list[tuple[int, _Placed]] = []
    for p in placed:
        for i, end in enumerate(lane_ends):
            if end + _TL_LANE_GAP <= p.x0:
                lane = i
                break
        else:
            lane = len(lane_ends)
            lane_ends.append(0.0)
            heights.append(_TL_LANE)
        lane_ends[lane] = p.x1
        heights[lane] = max(heights[lane], _TL_LANE + (len(p.label) - 1) * _TL_LINE)
        lanes.append((lane, p))
    return lanes, heights


def _axis_svg(axis: _Axis, axis_y: float, height: float, width: float) -> list[str]:
    """Grid lines down the strip, the axis, and the tick labels that fit above it."""
    scale = axis.scale
    body: list[str] = ['<g class="bf-tl-grid-lines">']
    for tick in axis.ticks:
        x = scale.x(tick.ordinal)
        cls = "bf-tl-grid bf-tl-grid-major" if tick.major else "bf-tl-grid"
        body.append(svg_line(cls, x, axis_y, x, height - 2))
    body.append("</g>")
    body.append(svg_line("bf-tl-axis", scale.left, axis_y, scale.right, axis_y))
    bounds = Box(0, 0, width, axis_y)
    body.append('<g class="bf-tl-ticks">')
    for row in range(axis.rows):  # each row of tick labels laid out on its own
        tick_lines = [
            TextLine(scale.x(o) + 3, 4 + (row + 1) * _TL_ROW - 4, text, TICK_SIZE, "start")
            for _, r, o, text in sorted(axis.labels)
            if r == row
        ]
        body.extend(line.svg("bf-vis-muted") for line in _place_greedy(tick_lines, bounds, 4))
    body.append("</g>")
    return body


def _mark_svg(p: _Placed, mid: float) -> str:
    """A day is a dot, a month or year (a date known only that far) a bracket over the
    period, an explicit span from one date to another a bar."""
    if p.span.is_point:
        cx = (p.mark.x0 + p.mark.x1) / 2
        return (
            f'<circle class="bf-tl-dot" cx="{coord(cx)}" cy="{coord(mid)}" r="{coord(_TL_DOT)}"/>'
        )
    x0, x1 = p.mark.x0, p.mark.x1
    if p.span.item.end is None:
        top, bottom = coord(mid - _TL_BAR / 2), coord(mid + _TL_BAR / 2)
        return (
            f'<path class="bf-tl-period" d="M{coord(x0)} {top}V{bottom}M{coord(x0)} {coord(mid)}'
            f'H{coord(x1)}M{coord(x1)} {top}V{bottom}"/>'
        )
    return (
        f'<rect class="bf-tl-bar" x="{coord(x0)}" y="{coord(mid - _TL_BAR / 2)}" '
        f'width="{coord(x1 - x0)}" height="{coord(_TL_BAR)}" rx="2"/>'
    )


def _event_svg(p: _Placed, mid: float) -> str:
    """One event as a link: its mark and its label, centred on the lane's first line at `mid`."""
    item = p.span.item
    tip = clean_text(item.label)
    if item.when:
        tip = f"{clean_text(item.when)}: {tip}"
    label = "".join(
        TextLine(line.x, mid + line.y, line.text, line.size, line.anchor).svg() for line in p.label
    )
    return (
        f'<a href="{xml_escape(item.href)}" class="bf-tl-event">'
        f"<title>{xml_escape(tip)}</title>{_mark_svg(p, mid)}{label}</a>"
    )


def _timeline_desc(spans: list[_Span]) -> str:
    earliest = min(spans, key=lambda s: (s.start, s.stop)).item.start
    latest_span = max(spans, key=lambda s: (s.stop, s.start))
    latest = latest_span.item.end or latest_span.item.start
    if len(spans) == 1:
        return f"1 event, {clean_text(spans[0].item.when) or earliest.label}."
    if earliest == latest or earliest.label == latest.label:
        return f"{len(spans)} events in {earliest.label}."
    return f"{len(spans)} events from {earliest.label} to {latest.label}."


def _axis_range(spans: list[_Span]) -> tuple[int, int]:
    """First and last day of the axis: the events' extent, widened so that a date known only
    to the month or year never covers more than a third of the strip."""
    first = min(s.start for s in spans)
    last = max(s.stop for s in spans)
    longest = max((s.stop - s.start for s in spans if s.item.end is None), default=1)
    if last - first < 3 * longest:
        grow = (3 * longest - (last - first)) // 2
        first, last = max(first - grow, 1), min(last + grow, _MAX_ORDINAL + 1)
    return first, last


def timeline_svg(items: Sequence[TimelineItem], *, title: str, width: int = STRIP_WIDTH) -> str:
    """Events on a time axis, one link each; labels stacked in lanes so none overlap.

    Day-precision events are dots, month- or year-precision dates brackets over the
    period, explicit spans bars. Labels are never cut below 80 characters: they wrap to
    up to three lines. Returns "" when there are no items."""
    if not items:
        return ""
    width = max(width, 240)
    spans = sorted(
        (_Span.of(item) for item in items),
        key=lambda s: (s.start, s.stop, s.item.key, s.item.label, s.item.href),
    )
    first, last = _axis_range(spans)
    axis = _choose_axis(first, last, _TL_PAD, width - _TL_PAD)
    axis_y = 4 + axis.rows * _TL_ROW + 4
    placed = sorted(
        (_timeline_label(s, axis.scale, width) for s in spans),
        key=lambda p: (p.x0, p.span.start, p.span.stop, p.span.item.key, p.span.item.label),
    )
    lanes, heights = _lanes(placed)
    tops = [axis_y + 8 + above for above in itertools.accumulate(heights, initial=0)]
    height = tops[-1] + 6
    body = _axis_svg(axis, axis_y, height, width)
    for lane, p in sorted(lanes, key=lambda lp: (lp[0], lp[1].x0)):
        body.append(_event_svg(p, tops[lane] + _TL_LANE / 2))
    ident = svg_id("tl", title, (s.item.key for s in spans))
    return svg_root("tl", ident, Box(0, 0, width, height), title, _timeline_desc(spans), body)
