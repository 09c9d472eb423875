"""Pictures drawn at build time: a timeline strip, relationship diagrams and an event map,
as inline SVG.

Pure functions, data in and SVG text out: no MkDocs, no JavaScript, no fonts or scripts from
anywhere. Every function is deterministic (the same input gives byte-identical output,
whatever the input order) and every coordinate is rounded to one decimal. Nothing to show
gives an empty string, so callers can skip the figure; pages show the same information as a
text list beside it, from their own data.

Hrefs are used as given: pass URLs relative to the built page (MkDocs does not rewrite or
check links inside raw HTML).

`svg` holds what every picture shares, `timeline` draws the strip (and
`timeline_overview` the events-per-month strip for many events), `diagram` holds what
both relationship diagrams share, `relations` draws one actor's and `site_diagram` the
whole site's, `geo` and `map` draw the event map from vendored world outlines (see
data/LICENSE), and `from_index` builds their data from a `SiteIndex`.
"""

from .diagram import Edge, Neighbour, Node
from .from_index import actor_neighbours, actor_node, event_places, map_figure, site_graph
from .map import MAP_WIDTH, MAX_MAP_PLACES, MapEvent, Place, group_places, map_svg, places_html
from .relations import MAX_NEIGHBOURS, relation_svg
from .site_diagram import MAX_SITE_NODES, site_relation_svg
from .svg import LABEL_SIZE, TICK_SIZE, Box, figure, text_box, text_width
from .timeline import STRIP_WIDTH, TimelineItem, timeline_svg
from .timeline_overview import density_svg

__all__ = [
    "LABEL_SIZE",
    "MAP_WIDTH",
    "MAX_MAP_PLACES",
    "MAX_NEIGHBOURS",
    "MAX_SITE_NODES",
    "STRIP_WIDTH",
    "TICK_SIZE",
    "Box",
    "Edge",
    "MapEvent",
    "Neighbour",
    "Node",
    "Place",
    "TimelineItem",
    "actor_neighbours",
    "actor_node",
    "density_svg",
    "event_places",
    "figure",
    "group_places",
    "map_figure",
    "map_svg",
    "places_html",
    "relation_svg",
    "site_graph",
    "site_relation_svg",
    "text_box",
    "text_width",
    "timeline_svg",
]
