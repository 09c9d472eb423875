"""The Timeline page's overview when there are too many events for the strip: events per
month as a density strip under a labelled axis; the page lists every event below it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from ..model import PartialDate
from .svg import Box, clean_text, coord, plural, svg_id, svg_root, xml_escape
from .timeline import _MONTH_ABBR, STRIP_WIDTH, _axis_svg, _choose_axis, _ordinal

_PAD = 10.0
_ROW = 16.0
_BARS = 48.0  # height of the tallest month's bar


def _month_label(month: tuple[int, int]) -> str:
    return f"{_MONTH_ABBR[month[1] - 1]} {month[0]}"


def _density_desc(counts: Counter[tuple[int, int]], year_only: int) -> str:
    total = sum(counts.values())
    first, last = min(counts), max(counts)
    busiest = max(counts.items(), key=lambda kv: (kv[1], [-kv[0][0], -kv[0][1]]))
    desc = (
        f"Events per month: {plural(total, 'event', 'events')} from {_month_label(first)} "
        f"to {_month_label(last)}; the busiest month is {_month_label(busiest[0])} with "
        f"{plural(busiest[1], 'event', 'events')}."
    )
    if year_only:
        verb = "is" if year_only == 1 else "are"
        desc += f" {plural(year_only, 'event', 'events')} dated only to a year {verb} not drawn."
    return desc + " The list below has every event."


def density_svg(
    dates: Sequence[PartialDate],
    *,
    title: str,
    width: int = STRIP_WIDTH,
    year_href: Callable[[int], str | None] | None = None,
) -> str:
    """How many events each month has, as bars under a time axis labelled with years (and
    months on a short range). Events dated only to a year are counted in the description,
    not drawn. `year_href(year)`, if given, links each month's bar to its year's page.
    Returns "" when no event has a month."""
    counts: Counter[tuple[int, int]] = Counter(
        (d.year, d.month) for d in dates if d.month is not None
    )
    if not counts:
        return ""
    width = max(width, 240)
    (y0, m0), (y1, m1) = min(counts), max(counts)
    axis = _choose_axis(_ordinal(y0, m0), _ordinal(y1, m1 + 1), _PAD, width - _PAD)
    axis_y = 4 + axis.rows * _ROW + 4
    height = axis_y + 6 + _BARS + 4
    body = _axis_svg(axis, axis_y, height, width)
    busiest = max(counts.values())
    body.append('<g class="bf-tl-densities">')
    base = height - 4
    for (year, month), n in sorted(counts.items()):
        x0 = axis.scale.x(_ordinal(year, month))
        x1 = axis.scale.x(_ordinal(year, month + 1))
        h = max(_BARS * n / busiest, 2.0)
        label = f"{_month_label((year, month))}: {plural(n, 'event', 'events')}"
        bar = (
            f'<rect class="bf-tl-density" x="{coord(x0)}" y="{coord(base - h)}" '
            f'width="{coord(max(x1 - x0, 1.0))}" height="{coord(h)}">'
            f"<title>{label}</title></rect>"
        )
        href = year_href(year) if year_href else None
        if href:
            bar = f'<a href="{xml_escape(href)}" aria-label="{label}">{bar}</a>'
        body.append(bar)
    body.append("</g>")
    year_only = sum(1 for d in dates if d.month is None)
    ident = svg_id(
        "tld", clean_text(title), (f"{k[0]}-{k[1]}:{n}" for k, n in sorted(counts.items()))
    )
    return svg_root(
        "tl", ident, Box(0, 0, width, height), title, _density_desc(counts, year_only), body
    )
