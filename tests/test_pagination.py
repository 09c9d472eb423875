"""Briefs, Timeline, Sources and Quotes in pages (issue 15): every item on exactly one page, pages
of at most `page_size` items, pagers linking them, and a strict build that resolves every
link between them.

The corpus is a small benchmark corpus (tests/benchmark/corpus.py) with the page size
lowered, so it paginates like a site of thousands of briefs would.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from benchmark.corpus import write_corpus
from helpers import copy_project, mkdocs, set_plugin_options

from generator import paths
from generator.index import build_index
from generator.model import Content
from generator.paginate import PAGER_WINDOW, pager, paginate, shown_pages
from generator.search import LISTING_SEARCH
from generator.site import Options, Site, build_site
from generator.validate import load_content

# Each module builds a paginated corpus once (a second or more): out of make test-fast.
pytestmark = pytest.mark.slow

PAGE_SIZE = 5
BRIEFS = 14  # 70 events: more than the timeline strip holds, so events per month instead


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root, BRIEFS)
    return root / "content"


@pytest.fixture(scope="module")
def content(corpus: Path) -> Content:
    loaded, _ = load_content(corpus, corpus.parent)
    return loaded.published()


@pytest.fixture(scope="module")
def site(content: Content) -> Site:
    return build_site(content, Options(history=False, page_size=PAGE_SIZE))


def pages_under(site: Site, first: str, folder: str) -> list[str]:
    """The pages of one listing in page order: `first`, then `folder<N>.md`."""
    numbered = [p for p in site.pages if p.startswith(folder)]
    numbers = sorted(int(p.removeprefix(folder).removesuffix(".md")) for p in numbered)
    assert numbers == list(range(2, len(numbered) + 2))
    return [first] + [f"{folder}{n}.md" for n in numbers]


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_sources_and_quotes_are_split_into_pages_of_at_most_the_page_size(
    site: Site, content: Content
) -> None:
    index = build_index(content)
    quotes = [
        f'id="quote-{q.brief}-{q.number}"' for qs in index.quotes_by_actor.values() for q in qs
    ]
    sources = [f"]({cited.source.url})" for cited in index.sources]
    for listing, items in ((paths.QUOTES, quotes), (paths.SOURCES, sources)):
        pages = pages_under(site, listing, paths.listing_page(listing, 2).removesuffix("2.md"))
        assert len(pages) == -(-len(items) // PAGE_SIZE) > 2
        found = {item: [p for p in pages if item in site.pages[p]] for item in items}
        assert all(len(holders) == 1 for holders in found.values()), found
        for page in pages:
            assert sum(item in site.pages[page] for item in items) <= PAGE_SIZE
            assert f"search: {LISTING_SEARCH}".replace("'", '"') in site.pages[page]
        # The first page links every page; the second links back to the first.
        for n, page in enumerate(pages[1:], 2):
            assert f"[{n}]({paths.rel(listing, page)})" in site.pages[listing]
        assert f"[← Previous]({paths.rel(pages[1], listing)})" in site.pages[pages[1]]


def test_the_briefs_index_continues_at_numbered_pages_newest_first(
    site: Site, content: Content
) -> None:
    pages = pages_under(site, paths.BRIEFS_INDEX, "briefs/page/")
    assert len(pages) == -(-len(content.briefs) // PAGE_SIZE) > 1
    listed = [  # each row's link, from the page's URL
        posixpath.normpath(posixpath.join(paths.page_url(page), link)) + "/"
        for page in pages
        for link in re.findall(r'^<li>[^<]*<a href="([^"#]+)">', site.pages[page], re.M)
    ]
    newest = build_index(content).newest_first
    assert listed == [paths.page_url(paths.brief_path(b)) for b in newest]
    assert all(paths.is_listing_continuation(page) for page in pages[1:])


def test_each_year_of_the_timeline_has_its_pages_and_the_overview_links_them(
    site: Site, content: Content
) -> None:
    events = build_index(content).events
    years = sorted({e.event.date.year for e in events})
    timeline = site.pages[paths.TIMELINE]
    for year in years:
        assert f"- [{year}]({paths.timeline_year(year)}): " in timeline
        of_year = [e for e in events if e.event.date.year == year]
        year_pages = [p for p in site.pages if p.startswith(paths.timeline_year(year)[:-3])]
        assert len(year_pages) == -(-len(of_year) // PAGE_SIZE)
        for e in of_year:
            link = f'/{e.brief}/#{paths.event_anchor(e.number)}"'  # as the row links it
            assert sum(link in site.pages[p] for p in year_pages) == 1
    # The overview: events per month, each month's bar linking its year's page.
    assert 'href="2025/"' in timeline
    # The latest year's latest events, at most a page of them.
    latest = timeline.split(f"\n## {years[-1]}\n", 1)[1]
    assert 0 < latest.count("\n<li><strong>") <= PAGE_SIZE


def test_a_year_page_links_every_year_and_its_own_pages(site: Site) -> None:
    year = max(y for y in range(1900, 2100) if paths.timeline_year(y, 2) in site.pages)
    first, second = paths.timeline_year(year), paths.timeline_year(year, 2)
    assert f"**{year} (" in site.pages[first]
    assert f"[Next →]({paths.rel(first, second)})" in site.pages[first]
    assert f"[← Previous]({paths.rel(second, first)})" in site.pages[second]


def test_a_pager_lists_every_page_from_the_first_and_a_window_elsewhere() -> None:
    pages = [paths.listing_page(paths.SOURCES, n) for n in range(1, 31)]
    assert shown_pages(30, 0) == list(range(30))
    middle = shown_pages(30, 15)
    assert middle == [0, *range(15 - PAGER_WINDOW, 15 + PAGER_WINDOW + 1), 29]
    text = pager(pages[15], pages, 15)
    assert "**16**" in text and "[1](../../sources.md)" in text and "[30](30.md)" in text
    assert pager(pages[0], pages[:1], 0) == ""
    assert paginate([], 5, lambda n: str(n)).paths == ["1"]
    assert paginate(range(11), 5, str).items == [range(0, 5), range(5, 10), range(10, 11)]


def test_continuation_pages_are_the_numbered_and_year_pages() -> None:
    assert paths.listing_page(paths.SOURCES, 1) == "sources.md"
    assert paths.listing_page(paths.QUOTES, 3) == "quotes/page/3.md"
    assert paths.timeline_year(2024) == "timeline/2024.md"
    assert paths.timeline_year(987, 2) == "timeline/0987/2.md"
    assert paths.page_url(paths.listing_page(paths.SOURCES, 2)) == "sources/page/2/"
    assert paths.page_url(paths.timeline_year(2024, 3)) == "timeline/2024/3/"
    assert paths.listing_page(paths.BRIEFS_INDEX, 2) == "briefs/page/2.md"
    continued = ["timeline/2024.md", "timeline/2024/2.md", "sources/page/2.md", "briefs/page/3.md"]
    assert all(paths.is_listing_continuation(p) for p in continued)
    firsts = ["timeline.md", "sources.md", "briefs/index.md", "sources/outlet.md", "briefs/page.md"]
    assert not any(paths.is_listing_continuation(p) for p in firsts)


def strict_build(corpus: Path, tmp_path: Path, page_size: int) -> Path:
    """The site/ of a warning-free `mkdocs build --strict` of the corpus, in pages of
    `page_size`."""
    project = copy_project(tmp_path / "project", corpus)
    set_plugin_options(project, page_size=page_size, history=False)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return project / "site"


@pytest.mark.slow
def test_a_strict_build_links_the_pages_and_keeps_them_out_of_the_nav(
    corpus: Path, tmp_path: Path
) -> None:
    site = strict_build(corpus, tmp_path, PAGE_SIZE)
    second = (site / "sources/page/2/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="\.\./\.\./"[^>]*>← Previous</a>', second)
    assert '<a href="../3/">Next →</a>' in second
    assert (site / "quotes/page/2/index.html").is_file()
    year_pages = sorted(site.glob("timeline/*/2/index.html"))
    assert year_pages, "no year of the corpus has a second page"
    # Not in the nav: the home page's navigation names no numbered or year page.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "sources/page/" not in home and "timeline/20" not in home
    assert (site / "briefs/page/2/index.html").is_file() and "briefs/page/" not in home
