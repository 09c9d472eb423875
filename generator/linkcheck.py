"""Links in Markdown fields: only absolute http(s) and mailto destinations are allowed.

A summary or description is shown on several pages at different depths, so a relative
link (or a `#fragment`) is right on one of them and broken on the others; other schemes
can be harmful. The site drops such links when rendering; `briefing check` rejects them
so that check and build agree. Destinations are found by the parser that renders content
fields (`fields.link_destinations`), not by guessing with a pattern.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from .diagnostics import Diagnostic
from .fields import link_destinations
from .references import MARKDOWN_FIELDS, strings_at
from .source import Document

ALLOWED_SCHEMES = ("http", "https", "mailto")
LINK_HINT = "link actors with [[actor-id]]; anything else with an absolute https:// URL"


def is_allowed(destination: str) -> bool:
    scheme = urlsplit(destination.strip()).scheme.lower()
    return scheme in ALLOWED_SCHEMES and (scheme == "mailto" or "//" in destination)


def bad_links(doc: Document, folder: str) -> Iterator[Diagnostic]:
    """An error for every link or image in a Markdown field that is not absolute."""
    for pattern in MARKDOWN_FIELDS.get(folder, []):
        for loc, text in strings_at(doc.data, pattern):
            for tag, destination in link_destinations(text):
                if is_allowed(destination):
                    continue
                what = "image" if tag == "img" else "link"
                shown = destination if len(destination) <= 60 else destination[:60] + "…"
                yield doc.error(
                    loc,
                    f"{what} to '{shown}': only absolute http(s) and mailto links are kept",
                    LINK_HINT,
                )
