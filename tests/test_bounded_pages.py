"""Pages bounded (issue 15): each long list of an actor page (briefs written, briefs,
events, quotes, sources published) shows its newest items, at most the cap, and links the
whole list on continuation pages at `actors/<id>/<list>/`, cut by the listings' paginator;
the Tags page lists the tags, and each tag's briefs are on its own pages at `tags/<tag>/`.

The corpus is a small benchmark corpus with the page size lowered, so its busy actors have
lists as long, in pages, as those of a site of thousands of briefs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import test_pagination

from generator import paths
from generator.actor_lists import ActorList, actor_lists, published_list, shown_per_list
from generator.index import SiteIndex, build_index
from generator.model import Content, newest_first
from generator.search import LISTING_SEARCH
from generator.site import Options, Site, build_site

# Each module builds a paginated corpus once (a second or more): out of make test-fast.
pytestmark = pytest.mark.slow

PAGE_SIZE = 3


# The small benchmark corpus of tests/test_pagination.py (14 briefs), loaded once here too.
corpus = test_pagination.corpus
content = test_pagination.content


@pytest.fixture(scope="module")
def site(content: Content) -> Site:
    return build_site(content, Options(history=False, page_size=PAGE_SIZE))


# How an item of each list is recognised on any page, and its key in the index.
EVENT_ITEM = r'^<li><strong>[^\n]*?<a href="(?:\.\./)+briefs/([^/"#]+/#event-\d+)"'
BRIEF_ITEM = re.compile(r'^<li>[^\n]*?: <a href="(?:\.\./)+briefs/([^/"#]+)/">', re.M)
ITEM_ON_PAGE: dict[str, re.Pattern[str]] = {
    "written": BRIEF_ITEM,
    "briefs": BRIEF_ITEM,
    "events": re.compile(EVENT_ITEM, re.M),
    "quotes": re.compile(r'<blockquote class="bf-quote" id="(quote-[^"]+)"'),
    "published": re.compile(r"^- \[[^\]]*\]\((?:\.\./)+sources/([^)#]+)\.md\)", re.M),
}
ITEM_KEY: dict[str, Callable[[object], str]] = {
    "written": str,
    "briefs": str,
    "events": lambda e: f"{e.brief}/#event-{e.number}",  # type: ignore[attr-defined]
    "quotes": lambda q: f"quote-{q.brief}-{q.number}",  # type: ignore[attr-defined]
    "published": str,
}


def every_list(index: SiteIndex, actor_id: str) -> list[ActorList[Any]]:
    lists = actor_lists(index, actor_id)
    if (published := published_list(index, actor_id)) is not None:
        lists.append(published)
    return lists


def section(page: str, title: str) -> str:
    """The `## title` section of an actor page's Markdown, without its map (whose list
    beside the picture links events too)."""
    sections = [s for s in re.split(r"^## ", page, flags=re.M) if s.startswith(f"{title} {{")]
    assert len(sections) == 1, title
    return re.sub(r"<figure .*?</figure>", "", sections[0], flags=re.S)


def list_pages(site: Site, actor_id: str, name: str) -> list[str]:
    """A list's pages in order: `actors/<id>/<name>.md`, then `.../<name>/<N>.md`."""
    first = paths.actor_list(actor_id, name)
    folder = first.removesuffix(".md") + "/"
    numbered = sorted(
        int(p.removeprefix(folder).removesuffix(".md")) for p in site.pages if p.startswith(folder)
    )
    assert numbered == list(range(2, len(numbered) + 2))
    return (
        [first] + [paths.actor_list(actor_id, name, n) for n in numbered]
        if first in site.pages
        else []
    )


def test_each_list_of_an_actor_page_shows_its_newest_items_and_links_the_rest(
    site: Site, content: Content
) -> None:
    index = build_index(content)
    cap = shown_per_list(PAGE_SIZE)
    continued = set()
    for actor_id in content.actors:
        page = site.pages[paths.actor_path(actor_id)]
        for listed in every_list(index, actor_id):
            keys = [ITEM_KEY[listed.name](item) for item in listed.items]
            shown = ITEM_ON_PAGE[listed.name].findall(section(page, listed.title))
            assert shown == [ITEM_KEY[listed.name](i) for i in listed.newest(cap)]
            assert len(shown) <= cap
            pages = list_pages(site, actor_id, listed.name)
            if len(keys) <= cap:
                assert pages == []
                continue
            continued.add(listed.name)
            link = paths.rel(paths.actor_path(actor_id), pages[0])
            assert f"[all of them]({link})" in section(page, listed.title)
            # Every item on exactly one list page, in the list's order, pages of PAGE_SIZE.
            found = [ITEM_ON_PAGE[listed.name].findall(site.pages[p]) for p in pages]
            assert [k for on_page in found for k in on_page] == keys
            assert all(0 < len(on_page) <= PAGE_SIZE for on_page in found)
            for n, list_page in enumerate(pages):
                text = site.pages[list_page]
                assert paths.is_listing_continuation(list_page)
                assert f"search: {LISTING_SEARCH}".replace("'", '"') in text
                assert f"]({paths.rel(list_page, paths.actor_path(actor_id))})" in text
                if n:
                    assert f"[← Previous]({paths.rel(list_page, pages[n - 1])})" in text
    assert {"briefs", "events", "quotes"} <= continued, continued


def test_the_actor_map_draws_only_the_events_listed(site: Site, content: Content) -> None:
    """The events' map is bounded by the cap too: it draws the events the page lists."""
    index = build_index(content)
    cap = shown_per_list(PAGE_SIZE)
    capped = [a for a in content.actors if len(index.events_by_actor.get(a, [])) > cap]
    assert capped
    for actor_id in capped:
        events = section(site.pages[paths.actor_path(actor_id)], "Events")
        drawn = re.findall(r"places? of (\d+) events?[.;]", events)
        assert len(drawn) == ("bf-map" in events), events
        assert all(int(n) <= cap for n in drawn), drawn


def test_each_tag_lists_its_briefs_newest_first_on_pages_of_the_page_size(
    site: Site, content: Content
) -> None:
    index = build_index(content)
    tags_index = site.pages[paths.TAGS]
    assert "material/tags" not in tags_index
    assert any(len(briefs) > PAGE_SIZE for briefs in index.by_tag.values())
    for tag, tagged in index.by_tag.items():
        first = paths.tag_path(tag)
        count = f"{len(tagged)} brief{'s' if len(tagged) != 1 else ''}"
        assert f"]({paths.rel(paths.TAGS, first)}) · {count} · [Atom]" in tags_index
        pages = [first, *(paths.listing_page(first, n) for n in range(2, 2 + len(tagged)))]
        pages = [p for p in pages if p in site.pages]
        found = [BRIEF_ITEM.findall(site.pages[p]) for p in pages]
        newest = sorted(tagged, key=lambda b: newest_first(content.briefs[b]))
        assert [b for on_page in found for b in on_page] == newest
        assert all(0 < len(on_page) <= PAGE_SIZE for on_page in found)
        assert all(paths.is_listing_continuation(p) for p in pages)


@pytest.mark.slow
def test_a_strict_build_links_an_actors_list_pages_and_keeps_them_out_of_the_nav(
    corpus: Path, content: Content, tmp_path: Path
) -> None:
    site = test_pagination.strict_build(corpus, tmp_path, PAGE_SIZE)
    index = build_index(content)
    busiest = max(content.actors, key=lambda a: len(index.briefs_of(a)))
    actor_html = (site / "actors" / busiest / "index.html").read_text(encoding="utf-8")
    assert 'href="briefs/"' in actor_html
    second = (site / "actors" / busiest / "briefs/2/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="\.\./"[^>]*>← Previous</a>', second)
    assert f'href="../../../{busiest}/"' in second or 'href="../../"' in second
    assert actor_html.count('class="bf-quote"') <= shown_per_list(PAGE_SIZE)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"actors/{busiest}/briefs" not in home
    # A brief's tags (Material's partial, overridden) link the tag's page, which exists.
    brief_id, brief = next((b, x) for b, x in content.briefs.items() if x.tags)
    brief_html = (site / "briefs" / brief_id / "index.html").read_text(encoding="utf-8")
    tag = brief.tags[0]
    assert f'href="../../tags/{tag}/" class="md-tag' in brief_html
    assert (site / "tags" / tag / "index.html").is_file()
    assert (site / "tags" / tag / "page/2/index.html").is_file() or len(
        index.by_tag[tag]
    ) <= PAGE_SIZE
