"""Pages' HTML held compressed between MkDocs converting them and writing them.

MkDocs converts every page before it renders the first template, and keeps each page's
HTML (`page.content`) to the end of the build: at 5,000 briefs some 7,500 pages, much of
a build's peak memory (Python keeps text with a dash or a non-Latin name at two or four
bytes a character). Here each page's final HTML (after every plugin's `on_page_content`)
is compressed as soon as MkDocs goes on to the next page, given back just before its
template renders (`on_page_context`, ahead of every other plugin), and dropped once the
page is written: the build holds one page's HTML at a time, and the rest at about a fifth
of its size.

Only `mkdocs build` of a large site does it (`HELD_MIN_PAGES`), and the preview keeps its
pages. Compressing costs about a second per thousand pages, mostly while MkDocs waits for
the conversion pool; at 1,000 briefs the build's peak went from 445 to 338 MB, its time
within the machine's noise.

After a page is written its `page.content` is empty: a plugin that reads other pages' HTML
in `on_post_build` does not see it (none that Briefing's mkdocs.yml uses does).
"""

from __future__ import annotations

import zlib
from typing import Any

HELD_MIN_PAGES = 1000  # as `search_ahead.AHEAD_MIN_PAGES`: smaller builds hold little
_LEVEL = 1  # fastest: HTML still shrinks to about a fifth


class HeldHtml:
    """The compressed HTML of one build's pages, by source path."""

    def __init__(self) -> None:
        self.held: dict[str, bytes] = {}
        self.converted: Any = None  # the last page converted, still to be compressed

    def hold_converted(self) -> None:
        """Compress the last page converted: every plugin has had its HTML by now."""
        page, self.converted = self.converted, None
        # Material's tags plugin fills its listings (an HTML comment, `<!-- material/tags
        # -->` by default) into a page's HTML in `on_env`, after every page is converted:
        # a page with a comment stays as it is (generated pages have none).
        if page is not None and page.content and "<!--" not in page.content:
            self.held[page.file.src_uri] = zlib.compress(page.content.encode("utf-8"), _LEVEL)
            page.content = ""

    def next_page(self, page: Any) -> None:
        """MkDocs starts on `page` (`on_pre_page`): the page before it is converted."""
        self.hold_converted()
        self.converted = page

    def give_back(self, page: Any) -> None:
        """Before `page`'s template renders."""
        self.hold_converted()
        held = self.held.pop(page.file.src_uri, None)
        if held is not None:
            page.content = zlib.decompress(held).decode("utf-8")

    def written(self, page: Any) -> None:
        """After `page`'s template rendered (`on_post_page`): its HTML is in the output."""
        page.content = ""
