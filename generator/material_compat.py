"""Every use of Material for MkDocs internals, in one place.

Material offers no API for what Briefing needs from its search plugin, so these reach
into its attributes. Each was checked against mkdocs-material 9.8.2 (plugins/search/
plugin.py); if Material changes them, only this module needs updating. Nothing is
imported from Material: the plugin object is looked up in the MkDocs plugin collection.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SEARCH_PLUGIN = "material/search"  # Material registers its search plugin under this name


def _search_plugin(plugins: Mapping[str, Any]) -> Any:
    return plugins.get(SEARCH_PLUGIN)


def stop_search_collection(plugins: Mapping[str, Any]) -> None:
    """Keep Material's search index from collecting page text (Pagefind replaces it).

    Checked against 9.8.2: `SearchPlugin.search_index` is a `SearchIndex` whose
    `add_entry_from_context(page)` collects each page's text; at 5,000 briefs that text
    is ~100 MB held in memory only to be thrown away. The search box stays.
    """
    index = getattr(_search_plugin(plugins), "search_index", None)
    if index is not None:
        index.add_entry_from_context = lambda page: None


def take_previous_search_entries(plugins: Mapping[str, Any]) -> list[Any] | None:
    """The entries of the last build's index, which Material would merge into this one.

    Checked against 9.8.2: under `--dirty`, `SearchPlugin.search_index_prev` holds the
    previous `SearchIndex`, and Material merges it assuming exactly one page changed.
    Briefing may rebuild several pages, so it takes the previous entries over (and
    clears the attribute so Material does not merge them itself). None when there is no
    previous index.
    """
    search = _search_plugin(plugins)
    previous = getattr(search, "search_index_prev", None)
    if previous is None:
        return None
    search.search_index_prev = None
    return list(previous.entries)


def prepend_search_entries(plugins: Mapping[str, Any], entries: list[Any]) -> None:
    """Add kept entries to this build's index before Material writes it.

    Checked against 9.8.2: `SearchIndex.entries` is the list of `{location, title, text}`
    dicts that `on_post_build` serializes into search/search_index.json.
    """
    search = _search_plugin(plugins)
    if search is not None:
        search.search_index.entries[:0] = entries


TAGS_PLUGIN = "material/tags"  # Material registers its tags plugin under this name


class TaggedPages:
    """The front matter of tagged pages, so Material's tags listing survives dirty builds.

    Checked against 9.8.2: `TagsPlugin.mappings` (a `MappingManager`) collects each page's
    tags in `on_page_markdown` (`mappings.add(page, markdown)`, reading `page.meta`), and
    `on_env` renders every listing from it, ordered as the pages were added; an item shows
    `page.title`, which is `page.meta["title"]` once `page.markdown` is set. A dirty build
    never reads the pages it skips, so without this the listing would hold only the pages
    it rebuilt. A skipped page's Markdown is unchanged, and so is the front matter kept
    from the build that last read it.
    """

    def __init__(self) -> None:
        self.meta: dict[str, dict[str, Any]] = {}

    def read(self, page: Any) -> None:
        """Note the front matter of a page MkDocs read (from `on_page_markdown`)."""
        if page.meta.get("tags"):
            self.meta[page.file.src_uri] = dict(page.meta)
        else:
            self.meta.pop(page.file.src_uri, None)

    def add_skipped(self, plugins: Mapping[str, Any], pages: list[Any]) -> None:
        """Add the skipped tagged pages among `pages` (in site order) to Material's tags."""
        mappings = getattr(plugins.get(TAGS_PLUGIN), "mappings", None)
        if mappings is None:
            return
        for page in pages:
            meta = self.meta.get(page.file.src_uri)
            if page.markdown is None and meta is not None:
                page.meta, page.markdown = dict(meta), ""
                mappings.add(page, "")
        order = {page.url: n for n, page in enumerate(pages)}
        mappings.data = dict(
            sorted(mappings.data.items(), key=lambda item: order.get(item[0], len(order)))
        )
