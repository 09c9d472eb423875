"""Every path and URL the site publishes, in one place.

Three forms of one address, and the helpers that turn one into another:

* a *page path* is the generated Markdown file, relative to the docs root
  (`briefs/<id>.md`); pages link each other with these (MkDocs checks and rewrites them);
* a *page URL* is what MkDocs makes of it, relative to the site root (`briefs/<id>/`, or
  `briefs/<id>.html` without directory URLs): `page_url`;
* a *file path* is a published file that is not a page (feeds, API documents), relative to
  the site root, the same in every form.

`Urls` makes any of them absolute under `site_url`. Pure functions and constants: this
module imports nothing from the rest of the generator, so everything may import it.
"""

from __future__ import annotations

from dataclasses import dataclass

# Listing pages -------------------------------------------------------------------------

HOME = "index.md"
BRIEFS_INDEX = "briefs/index.md"
ACTORS_INDEX = "actors/index.md"
TIMELINE = "timeline.md"
SOURCES = "sources.md"
QUOTES = "quotes.md"
TAGS = "tags.md"
CHANGES = "changes.md"  # "What's new": the latest changes of meaning across briefs


@dataclass(frozen=True)
class Listing:
    """A listing page: its title in the navigation and its page path."""

    title: str
    path: str


# The listing pages in navigation order. Entity pages (briefs, actors) stay out of the nav:
# a nav listing N pages is copied into every page, which makes the site grow as N².
# Listing pages link the entities instead.
LISTINGS: tuple[Listing, ...] = (
    Listing("Home", HOME),
    Listing("Briefs", BRIEFS_INDEX),
    Listing("Actors", ACTORS_INDEX),
    Listing("Timeline", TIMELINE),
    Listing("Sources", SOURCES),
    Listing("Quotes", QUOTES),
    Listing("Tags", TAGS),
    Listing("What's new", CHANGES),
)


# Paginated listings: the Timeline by year, Briefs, Sources and Quotes by number. Pages after the
# first stay out of the nav like entity pages; the pages around them link them.
LISTING_PAGE_SIZE = 200  # events, briefs, sources or quotes on one page of a listing


def listing_page(first: str, number: int) -> str:
    """Page `number` (from 1) of a numbered listing: the first is the listing itself
    (`sources.md`, `briefs/index.md`), the others `sources/page/<N>.md`,
    `briefs/page/<N>.md` (so `page` is no source id)."""
    if number == 1:
        return first
    return f"{first.removesuffix('.md').removesuffix('/index')}/page/{number}.md"


def timeline_year(year: int, number: int = 1) -> str:
    """Page `number` (from 1) of one year's events: `timeline/<YYYY>.md`, then
    `timeline/<YYYY>/<N>.md`."""
    base = f"{TIMELINE.removesuffix('.md')}/{year:04d}"
    return f"{base}.md" if number == 1 else f"{base}/{number}.md"


def actor_list(actor_id: str, name: str, number: int = 1) -> str:
    """Page `number` (from 1) of one long list of an actor page (`briefs`, `events`, ...),
    whose newest items the actor page shows: `actors/<id>/<name>.md`, then
    `actors/<id>/<name>/<N>.md` (beside the actor's feeds in `actors/<id>/`)."""
    base = f"{ACTORS.folder}/{actor_id}/{name}"
    return f"{base}.md" if number == 1 else f"{base}/{number}.md"


def is_listing_continuation(path: str) -> bool:
    """A page of a paginated listing other than its first: a year of the timeline, a
    numbered page of Briefs, Sources or Quotes, a tag's page or the rest of a list of an
    actor page."""
    return actor_of_list(path) is not None or path.startswith(_CONTINUATION_FOLDERS)


def actor_of_list(path: str) -> str | None:
    """The actor whose list page `path` is (the reverse of `actor_list`), else None."""
    if not (path.startswith(f"{ACTORS.folder}/") and path.endswith(".md")) or path.count("/") < 2:
        return None
    return path.split("/")[1]


_CONTINUATION_FOLDERS = (
    f"{TIMELINE.removesuffix('.md')}/",
    *(listing_page(first, 2).removesuffix("2.md") for first in (BRIEFS_INDEX, SOURCES, QUOTES)),
    f"{TAGS.removesuffix('.md')}/",  # a tag's briefs (`tag_path`), linked from the Tags page
)


def nav() -> list[dict[str, str]]:
    """The navigation as mkdocs.yml writes it: `[{title: page path}, ...]`."""
    return [{listing.title: listing.path} for listing in LISTINGS]


# Briefs, actors and tags ---------------------------------------------------------------


@dataclass(frozen=True)
class Collection:
    """Where the members of one collection are published, all under one folder name: a
    page, a folder of feeds beside the page's URL, an API document. Briefs have no feeds
    of their own; a tag's page lists its briefs (the Tags page links it)."""

    folder: str

    def page(self, member_id: str) -> str:
        return f"{self.folder}/{member_id}.md"

    def feeds(self, member_id: str) -> str:
        """The folder of the member's feeds (a feed prefix: ends with '/')."""
        return f"{self.folder}/{member_id}/"

    def data(self, member_id: str) -> str:
        return f"api/{self.folder}/{member_id}.json"

    def member_of(self, page_path: str) -> str | None:
        """The member whose page `page_path` is (the reverse of `page`), else None."""
        folder, _, name = page_path.partition("/")
        if folder != self.folder or not name.endswith(".md") or "/" in name:
            return None
        member = name.removesuffix(".md")
        return member if member != "index" else None


BRIEFS = Collection("briefs")
ACTORS = Collection("actors")
TAG_FEEDS = Collection("tags")
# Registry sources: pages at sources/<id>/, beside the Sources index at sources/.
SOURCE_PAGES = Collection("sources")
source_path = SOURCE_PAGES.page
source_data = SOURCE_PAGES.data

brief_path = BRIEFS.page
actor_path = ACTORS.page
actor_feeds = ACTORS.feeds
tag_feeds = TAG_FEEDS.feeds
tag_path = TAG_FEEDS.page  # a tag's briefs, linked from the Tags page
brief_data = BRIEFS.data
brief_of = BRIEFS.member_of
actor_data = ACTORS.data


def event_anchor(number: int) -> str:
    """The anchor of a brief's event (1-based, in the brief's order) on the brief page."""
    return f"event-{number}"


def tag_anchor(tag: str) -> str:
    """The anchor of a tag's listing on the tags page (Material's tags plugin makes it)."""
    return f"tag:{tag}"


# Feeds and data API documents ----------------------------------------------------------

SITE_FEEDS = ""  # the prefix of the site feeds: they sit at the site root
ATOM_FEED = "feed.xml"
JSON_FEED = "feed.json"


CHANGES_FEEDS = "changes/"  # the prefix of the "What's new" feeds


def feed_paths(prefix: str) -> tuple[str, str]:
    """The Atom and JSON Feed paths for a feed rooted at `prefix` (SITE_FEEDS, or the
    `feeds` folder of a brief, actor or tag)."""
    return prefix + ATOM_FEED, prefix + JSON_FEED


BRIEFS_DATA = "api/briefs.json"
ACTORS_DATA = "api/actors.json"
EVENTS_DATA = "api/events.json"
SOURCES_DATA = "api/sources.json"


def brief_history(brief_id: str) -> str:
    """A brief's revisions with their changes of meaning (only where git history exists)."""
    return f"api/briefs/{brief_id}/history.json"


def schema_data(name: str) -> str:
    """The JSON Schema of one kind of API document ('briefs', 'brief', ...)."""
    return f"api/schema/{name}.schema.json"


# Search (Pagefind, for large sites) ----------------------------------------------------

PAGEFIND_DIR = "pagefind"
PAGEFIND_SCRIPT = "assets/javascripts/pagefind-search.js"
# A large site is indexed in shards, one Pagefind bundle each (Pagefind's memory grows with
# the pages of one run): the first in PAGEFIND_DIR, as a one-shard site has it, the others
# in numbered folders inside it, so the whole index is still one folder to publish.
PAGEFIND_SHARD_PREFIX = f"{PAGEFIND_DIR}/shard-"


def pagefind_shard(number: int) -> str:
    """The folder of shard `number`'s Pagefind bundle (from 1): `pagefind`, then
    `pagefind/shard-2`, `pagefind/shard-3`, ..."""
    return PAGEFIND_DIR if number == 1 else f"{PAGEFIND_SHARD_PREFIX}{number}"


# Addresses elsewhere that pages and documents link -------------------------------------


def wikidata_url(wikidata_id: str) -> str:
    return f"https://www.wikidata.org/wiki/{wikidata_id}"


# From page paths to links and URLs -----------------------------------------------------


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page, relative to the site root ('briefs/x/' or '...html')."""
    if not directory_urls:
        return path[:-3] + ".html"
    if path == "index.md":
        return ""
    return path[: -len("index.md")] if path.endswith("/index.md") else path[:-3] + "/"


def rel(page: str, target: str) -> str:
    """Relative link from one generated page to another (MkDocs resolves `.md` links).

    Called for every link on every page, so it avoids `posixpath.relpath`: pages sit at
    most a folder or two deep, and the common prefix is found by comparing folders.
    """
    page_dirs = page.split("/")[:-1]
    target_parts = target.split("/")
    common = 0
    while (
        common < len(page_dirs)
        and common < len(target_parts) - 1
        and page_dirs[common] == target_parts[common]
    ):
        common += 1
    return "../" * (len(page_dirs) - common) + "/".join(target_parts[common:])


class Urls:
    """Absolute page and file URLs: under `site_url` when one is configured, otherwise
    paths from the host root. Pages get directory URLs (the published site's form)."""

    def __init__(self, site_url: str | None) -> None:
        self.base = (site_url.rstrip("/") + "/") if site_url else "/"

    def page(self, path: str) -> str:
        """The absolute URL of a site-root-relative URL or file path."""
        return self.base + path

    def page_of(self, page_path: str) -> str:
        """The absolute URL of a generated page, from its page path."""
        return self.page(page_url(page_path))

    def brief(self, brief_id: str) -> str:
        return self.page_of(brief_path(brief_id))

    def actor(self, actor_id: str) -> str:
        return self.page_of(actor_path(actor_id))

    def event(self, brief_id: str, number: int) -> str:
        return f"{self.brief(brief_id)}#{event_anchor(number)}"

    def brief_data(self, brief_id: str) -> str:
        return self.page(brief_data(brief_id))

    def actor_data(self, actor_id: str) -> str:
        return self.page(actor_data(actor_id))

    def source(self, source_id: str) -> str:
        return self.page_of(source_path(source_id))

    def source_data(self, source_id: str) -> str:
        return self.page(source_data(source_id))
