"""The timeline strip: events on a time axis, one link each, labels stacked in lanes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..model import PartialDate
from ..prose import escape as md_escape
from .svg import (
    ASCENT,
    DESCENT,
    LABEL_SIZE,
    TICK_SIZE,
    Box,
    _clean,
    _ident,
    _Line,
    _md_href,
    _n,
    _svg,
    fit_text,
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
