"""Links in Markdown fields: only absolute http(s) and mailto destinations are allowed.

A summary or description is shown on several pages at different depths, so a relative
link (or a `#fragment`) is right on one of them and broken on the others; other schemes
can be harmful. The site drops such links when rendering; `briefing check` rejects them
so that check and build agree. Destinations are found by Python-Markdown itself, the
parser that renders the site, not by guessing with a pattern.
"""

from __future__ import annotations

import functools
import html
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from .diagnostics import Diagnostic
from .references import MARKDOWN_FIELDS, strings_at
from .source import Document

ALLOWED_SCHEMES = ("http", "https", "mailto")
LINK_HINT = "link actors with [[actor-id]]; anything else with an absolute https:// URL"
# Python-Markdown makes a link or an image only from `](`, a `[id]: url` definition or
# an `<autolink>`; a text with none of these is not converted at all.
_LINK_MARKERS = ("](", "]:", "<")


class _Destinations(Treeprocessor):
    """Collects every href and src of the converted tree."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[tuple[str, str]] = []

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                if (value := element.get(attribute)) is not None:
                    self.found.append((element.tag, self.unstash(value)))

    def unstash(self, value: str) -> str:
        # Autolinked e-mail addresses come entity-encoded, with the `&` held aside.
        return html.unescape(value.replace("\x02amp\x03", "&"))


@functools.cache
def _parser() -> tuple[markdown.Markdown, _Destinations]:
    md = markdown.Markdown()
    collector = _Destinations(md)
    # After the inline patterns (priority 20) have made the links.
    md.treeprocessors.register(collector, "briefing-destinations", 5)
    return md, collector


def link_destinations(text: str) -> list[tuple[str, str]]:
    """(tag, destination) of every link and image Python-Markdown finds in `text`."""
    if not any(marker in text for marker in _LINK_MARKERS):
        return []
    md, collector = _parser()
    collector.found = []
    md.reset().convert(text)
    return collector.found


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
