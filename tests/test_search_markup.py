"""What the generated pages tell the search backends, without a site build (fast).

Pictures, badges and the lists of other pages carry both backends' exclusion attributes;
an actor's h1 holds its other names; the quotes index names each speaker once. Each page
kind's Material `search.boost` is checked with the rest of the page Markdown, in
test_pages.py. The browser tests (test_search_ranking.py) check what these give a reader.
"""

from __future__ import annotations

import re

import pytest
from helpers import TESTS

from generator.search import NOT_SEARCHED
from generator.site import Site, build_site
from generator.validate import load_content

SEARCH_PROJECT = TESTS / "fixtures" / "search"
ACTOR = "actors/mira-okonkwo.md"


@pytest.fixture(scope="module")
def site() -> Site:
    content, diagnostics = load_content(SEARCH_PROJECT / "content", SEARCH_PROJECT)
    assert content is not None, diagnostics
    return build_site(content)


def test_pictures_and_badges_are_not_searched(site: Site) -> None:
    pages = [site.pages[ACTOR], site.pages["actors/index.md"], site.pages["timeline.md"]]
    for page in pages:
        figures = re.findall(r"<figure[^>]*>", page)
        assert figures
        assert all(NOT_SEARCHED in tag for tag in figures), figures
    badges = re.findall(r'<span class="bf-badge[^>]*>', site.pages[ACTOR])
    assert badges
    assert all(NOT_SEARCHED in tag for tag in badges), badges


def test_actor_page_lists_are_not_searched_but_its_names_are(site: Site) -> None:
    page = site.pages["actors/harbour-authority.md"]
    for heading in ("Briefs", "Often appears with"):
        assert f"## {heading} {{ {NOT_SEARCHED} }}" in page
    # Members (a list of other actors) sit apart from the names, which stay searchable.
    members = page.index("Members and affiliates")
    assert page.rindex(NOT_SEARCHED, 0, members) > page.index("Also known as")
    heading = site.pages[ACTOR].split("\n# ", 1)[1].split("\n", 1)[0]
    assert heading.startswith("Mira Okonkwo <span hidden>(The Ferrywoman)</span>")


def test_quotes_index_names_each_speaker_once(site: Site) -> None:
    quotes = site.pages["quotes.md"]
    group = quotes.split("## [Mira Okonkwo]", 1)[1].split("\n## ", 1)[0]
    assert "Mira Okonkwo" not in group
    assert quotes.count("Mira Okonkwo") == 1
