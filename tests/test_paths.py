"""Every kind of path the site publishes, from `generator.paths`, found in a real build.

The table below names each path kind `generator.paths` defines; a test fails when the
module gains a kind this table does not check, so a new kind of output cannot go
unchecked. The build is `mkdocs build --strict` of a copy of the example project.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from gitrepo import commit, git
from helpers import copy_project, mkdocs

from generator import paths
from generator.model import Content
from generator.validate import load_content


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Content]:
    """The built site/ of a copy of the example project, and the content it was built from."""
    project = copy_project(tmp_path_factory.mktemp("paths"))
    # A repository with one commit, so that the history documents are published too.
    git(project, "init", "-q")
    commit(project, "Add the example", "2025-03-02T10:00:00+00:00")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    content, _ = load_content(project / "content", project)
    return project / "site", content


def page_file(page_path: str) -> str:
    """The HTML file MkDocs writes for a generated page (directory URLs)."""
    return paths.page_url(page_path) + "index.html"


def every_brief(content: Content, make: Callable[[str], str]) -> list[str]:
    return [make(b) for b in content.briefs]


def every_actor(content: Content, make: Callable[[str], str]) -> list[str]:
    return [make(a) for a in content.actors]


def every_source(content: Content, make: Callable[[str], str]) -> list[str]:
    return [make(s) for s in content.sources]


def every_tag(content: Content) -> list[str]:
    return sorted({t for brief in content.briefs.values() for t in brief.tags})


def event_years(content: Content) -> list[int]:
    return sorted({e.date.year for brief in content.briefs.values() for e in brief.timeline})


def feeds(prefixes: list[str]) -> list[str]:
    return [p for prefix in prefixes for p in paths.feed_paths(prefix)]


# Path kind (the name in generator.paths) -> the files of that kind a build must publish.
PUBLISHED: dict[str, Callable[[Content], list[str]]] = {
    "HOME": lambda c: [page_file(paths.HOME)],
    "BRIEFS_INDEX": lambda c: [page_file(paths.BRIEFS_INDEX)],
    "ACTORS_INDEX": lambda c: [page_file(paths.ACTORS_INDEX)],
    "TIMELINE": lambda c: [page_file(paths.TIMELINE)],
    "SOURCES": lambda c: [page_file(paths.SOURCES)],
    "QUOTES": lambda c: [page_file(paths.QUOTES)],
    "TAGS": lambda c: [page_file(paths.TAGS)],
    "CHANGES": lambda c: [page_file(paths.CHANGES)],
    "CHANGES_FEEDS": lambda c: feeds([paths.CHANGES_FEEDS]),
    # The example fits on one page of each listing: only their first pages, one per year.
    "listing_page": lambda c: [
        page_file(paths.listing_page(p, 1)) for p in (paths.SOURCES, paths.QUOTES)
    ],
    "timeline_year": lambda c: [page_file(paths.timeline_year(y)) for y in event_years(c)],
    "LISTINGS": lambda c: [page_file(listing.path) for listing in paths.LISTINGS],
    "brief_path": lambda c: [page_file(p) for p in every_brief(c, paths.brief_path)],
    "actor_path": lambda c: [page_file(p) for p in every_actor(c, paths.actor_path)],
    "SITE_FEEDS": lambda c: feeds([paths.SITE_FEEDS]),
    "tag_path": lambda c: [page_file(paths.tag_path(t)) for t in every_tag(c)],
    "tag_feeds": lambda c: feeds([paths.tag_feeds(t) for t in every_tag(c)]),
    "actor_feeds": lambda c: feeds(every_actor(c, paths.actor_feeds)),
    "ATOM_FEED": lambda c: [paths.ATOM_FEED],
    "JSON_FEED": lambda c: [paths.JSON_FEED],
    "feed_paths": lambda c: feeds([paths.SITE_FEEDS]),
    "BRIEFS_DATA": lambda c: [paths.BRIEFS_DATA],
    "ACTORS_DATA": lambda c: [paths.ACTORS_DATA],
    "EVENTS_DATA": lambda c: [paths.EVENTS_DATA],
    "SOURCES_DATA": lambda c: [paths.SOURCES_DATA],
    "source_path": lambda c: [page_file(p) for p in every_source(c, paths.source_path)],
    "source_data": lambda c: every_source(c, paths.source_data),
    "brief_data": lambda c: every_brief(c, paths.brief_data),
    "actor_data": lambda c: every_actor(c, paths.actor_data),
    "brief_history": lambda c: every_brief(c, paths.brief_history),
    "schema_data": lambda c: [
        paths.schema_data(n)
        for n in ("briefs", "brief", "actors", "actor", "events", "sources", "source", "history")
    ],
}

# Public names of generator.paths that are not a kind of published file, and why.
NOT_PUBLISHED_FILES = {
    "Listing",  # the type of LISTINGS entries
    "Collection",  # what brief_path, actor_data, tag_feeds... are made from
    "BRIEFS",
    "ACTORS",
    "TAG_FEEDS",
    "SOURCE_PAGES",  # source_path and source_data are made from it
    "nav",  # LISTINGS in mkdocs.yml's form (test_nav_is_the_listing_table)
    "event_anchor",  # anchors inside brief pages, not files
    "tag_anchor",
    "wikidata_url",  # a link to elsewhere
    "page_url",  # conversions between the forms of one address (tested below)
    "brief_of",
    "rel",
    "Urls",
    "LISTING_PAGE_SIZE",  # a number: numbered pages are tested in tests/test_pagination.py
    "is_listing_continuation",  # a test of page paths
    "actor_of_list",
    "actor_list",  # only for lists longer than the example's: tests/test_bounded_pages.py
    "PAGEFIND_DIR",  # only in Pagefind builds: tests/test_search_large.py
    "PAGEFIND_SCRIPT",
    "PAGEFIND_SHARD_PREFIX",  # only in sharded Pagefind builds: tests/test_search_shards.py
    "pagefind_shard",
}


def defined_in_paths(value: object) -> bool:
    """Functions and classes of generator.paths, and its constants (they have no module)."""
    return getattr(value, "__module__", paths.__name__) == paths.__name__


def test_the_table_covers_every_path_kind_the_module_defines() -> None:
    public = {
        name
        for name, value in vars(paths).items()
        if not name.startswith("_") and defined_in_paths(value) and name != "annotations"
    }
    assert public - NOT_PUBLISHED_FILES == set(PUBLISHED)


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(PUBLISHED))
def test_every_path_of_the_kind_is_in_the_built_site(
    built: tuple[Path, Content], kind: str
) -> None:
    site, content = built
    files = PUBLISHED[kind](content)
    assert files, f"the example content publishes no {kind}"
    missing = [f for f in files if not (site / f).is_file()]
    assert not missing, f"{kind}: not in site/: {missing}"


@pytest.mark.slow
def test_every_generated_output_is_of_a_listed_kind(built: tuple[Path, Content]) -> None:
    """The reverse: no feed, API document or brief/actor page outside the table."""
    site, content = built
    expected = {f for make in PUBLISHED.values() for f in make(content)}
    generated = {
        str(p.relative_to(site))
        for p in site.rglob("*")
        if p.is_file()
        and (
            p.name in ("feed.xml", "feed.json")
            or p.relative_to(site).parts[0] in ("api", "briefs", "actors")
        )
    }
    assert generated - expected == set()


def test_nav_is_the_listing_table(tmp_path: Path) -> None:
    """The project's mkdocs.yml lists the listing pages as paths.nav() does."""
    project = copy_project(tmp_path)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    nav = yaml.safe_load("\n".join(line for line in text.splitlines() if "!ENV" not in line))
    assert nav["nav"] == paths.nav()


@pytest.mark.parametrize(
    ("page", "directory_urls", "url"),
    [
        ("index.md", True, ""),
        ("briefs/index.md", True, "briefs/"),
        ("briefs/x.md", True, "briefs/x/"),
        ("tags.md", True, "tags/"),
        ("index.md", False, "index.html"),
        ("briefs/x.md", False, "briefs/x.html"),
    ],
)
def test_page_url(page: str, directory_urls: bool, url: str) -> None:
    assert paths.page_url(page, directory_urls) == url


@pytest.mark.parametrize(
    ("page", "target", "link"),
    [
        ("index.md", "briefs/x.md", "briefs/x.md"),
        ("briefs/x.md", "briefs/y.md", "y.md"),
        ("briefs/x.md", "actors/a.md", "../actors/a.md"),
        ("actors/index.md", "api/actors/a.json", "../api/actors/a.json"),
        ("briefs/x.md", "tags/t/feed.xml", "../tags/t/feed.xml"),
    ],
)
def test_rel(page: str, target: str, link: str) -> None:
    assert paths.rel(page, target) == link


def test_urls_under_a_site_url_and_from_the_host_root() -> None:
    urls = paths.Urls("https://example.org/sub")
    assert urls.brief("b") == "https://example.org/sub/briefs/b/"
    assert urls.actor("a") == "https://example.org/sub/actors/a/"
    assert urls.event("b", 2) == "https://example.org/sub/briefs/b/#event-2"
    assert urls.brief_data("b") == "https://example.org/sub/api/briefs/b.json"
    assert urls.actor_data("a") == "https://example.org/sub/api/actors/a.json"
    assert urls.page_of(paths.HOME) == "https://example.org/sub/"
    assert paths.Urls(None).brief("b") == "/briefs/b/"


def test_brief_of_reverses_brief_path() -> None:
    assert paths.brief_of(paths.brief_path("a-b")) == "a-b"
    for other in ("briefs/index.md", "actors/a.md", "briefs/x/y.md", "briefs/x.json", "x.md"):
        assert paths.brief_of(other) is None, other
