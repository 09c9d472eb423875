"""The timeline strip: events on a time axis, one link each, labels stacked in lanes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..model import PartialDate
from .svg import (
    ASCENT,
    DESCENT,
    LABEL_SIZE,
    TICK_SIZE,
    Box,
    TextLine,
    clean_text,
    coord,
    fit_text,
    svg_id,
    svg_line,
    svg_root,
    text_width,
    xml_escape,
)

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_STEPS = (1, 2, 3, 6)
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
_MAX_ORDINAL = date.max.toordinal()


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
    label: TextLine
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
        line = TextLine(mx1 + _TL_GAP, baseline, text, LABEL_SIZE, "start")
        return _Placed(span, mark, line, mx0, mx1 + _TL_GAP + w)
    if mx0 - _TL_GAP - w >= 2:
        line = TextLine(mx0 - _TL_GAP, baseline, text, LABEL_SIZE, "end")
        return _Placed(span, mark, line, mx0 - _TL_GAP - w, mx1)
    # A span nearly as wide as the strip: the label sits on the bar.
    x = max(mx0, 2.0) + _TL_GAP
    text = fit_text(span.item.label, LABEL_SIZE, limit_right - x)
    line = TextLine(x, baseline, text, LABEL_SIZE, "start")
    return _Placed(span, mark, line, mx0, max(mx1, x + text_width(text, LABEL_SIZE)))


def _lanes(placed: list[_Placed]) -> tuple[list[tuple[int, _Placed]], int]:
    """Each mark and label in a lane, first fit by left edge (which uses the fewest lanes
    for intervals); returns (lane, placed) pairs and the number of lanes."""
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
    return lanes, len(lane_ends)


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


def _event_svg(p: _Placed, mid: float) -> str:
    """One event as a link: its dot or bar and its label, centred on the lane at `mid`."""
    item = p.span.item
    tip = clean_text(item.label)
    if item.when:
        tip = f"{clean_text(item.when)}: {tip}"
    if p.span.is_point:
        cx = (p.mark.x0 + p.mark.x1) / 2
        mark = (
            f'<circle class="bf-tl-dot" cx="{coord(cx)}" cy="{coord(mid)}" r="{coord(_TL_DOT)}"/>'
        )
    else:
        mark = (
            f'<rect class="bf-tl-bar" x="{coord(p.mark.x0)}" y="{coord(mid - _TL_BAR / 2)}" '
            f'width="{coord(p.mark.x1 - p.mark.x0)}" height="{coord(_TL_BAR)}" rx="2"/>'
        )
    label = TextLine(p.label.x, mid + p.label.y, p.label.text, p.label.size, p.label.anchor)
    return (
        f'<a href="{xml_escape(item.href)}" class="bf-tl-event">'
        f"<title>{xml_escape(tip)}</title>{mark}{label.svg()}</a>"
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
    axis_y = 4 + axis.rows * _TL_ROW + 4
    placed = sorted(
        (_timeline_label(s, axis.scale, width) for s in spans),
        key=lambda p: (p.x0, p.span.start, p.span.stop, p.span.item.key, p.span.item.label),
    )
    lanes, lane_count = _lanes(placed)
    lane_top = axis_y + 8
    height = lane_top + lane_count * _TL_LANE + 6
    body = _axis_svg(axis, axis_y, height, width)
    for lane, p in sorted(lanes, key=lambda lp: (lp[0], lp[1].x0)):
        body.append(_event_svg(p, lane_top + lane * _TL_LANE + _TL_LANE / 2))
    ident = svg_id("tl", title, (s.item.key for s in spans))
    return svg_root("tl", ident, Box(0, 0, width, height), title, _timeline_desc(spans), body)
