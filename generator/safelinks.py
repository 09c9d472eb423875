"""A Markdown extension that keeps unsafe URLs off every page: a second line of defence.

Content is already sanitized before it becomes page Markdown (`prose.py`); this
tree processor also drops any `href`/`src` whose scheme is not http(s), mailto or
relative from the HTML that Markdown builds, whatever syntax produced it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .prose import is_safe_url


class _SafeUrls(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not is_safe_url(value):
                    element.set(attribute, "#")


class SafeLinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Priority 1: after the inline processor (20) has made the links.
        md.treeprocessors.register(_SafeUrls(md), "briefing_safe_urls", 1)


def makeExtension(**kwargs: Any) -> SafeLinksExtension:
    return SafeLinksExtension(**kwargs)
