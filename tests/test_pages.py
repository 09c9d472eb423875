"""generator/pages.py and listings.py: the Markdown of brief, actor and listing pages.

In process and fast: `build_site` on the example fixture (or a copy of it, edited), and
assertions on the generated Markdown, never on a MkDocs build (test_build.py does that).
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import EXAMPLE_BRIEF, EXAMPLE_CONTENT

from generator import paths
from generator.changes import MOVE, Change, Revision
from generator.context import PageContext, Shared
from generator.history import SiteHistory
from generator.model import Content
from generator.search import ACTOR_SEARCH, BRIEF_SEARCH, LISTING_SEARCH
from generator.site import NAV, Options, Site, build_site
from generator.validate import load_content

BRIEF_PAGE = f"briefs/{EXAMPLE_BRIEF}.md"
ACTOR_PAGE = "actors/sergei-shoigu.md"
SOURCE = "straits-times-2025-03-21"
# The pages listings.py writes (the nav's "What's new" page comes from history_pages.py).
LISTINGS = ["index.md", "briefs/index.md", "actors/index.md", "timeline.md"]
LISTINGS += ["sources.md", "quotes.md", "tags.md", "changes.md"]


def load(folder: Path) -> Content:
    content, diagnostics = load_content(folder, folder.parent)
    assert content is not None, diagnostics
    return content


def assert_in_order(page: str, markers: list[str]) -> None:
    """Every marker is on the page (index raises if not), each after the one before."""
    positions = [page.index(marker) for marker in markers]
    assert positions == sorted(positions)


@pytest.fixture(scope="module")
def content() -> Content:
    return load(EXAMPLE_CONTENT)


@pytest.fixture(scope="module")
def site(content: Content) -> Site:
    return build_site(content)


def front_matter(page: str) -> dict[str, Any]:
    match = re.match(r"---\n(.*?)\n---\n", page, re.S)
    assert match, page[:200]
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict)
    return meta


def body(page: str) -> str:
    """The page without its front matter."""
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


def headings(page: str, level: int = 2) -> list[str]:
    """The page's headings of one level, without their `{ attributes }`."""
    found = re.findall(rf"^{'#' * level} (.+)$", body(page), re.M)
    return [re.sub(r"\s*\{[^}]*\}$", "", h) for h in found]


# --- every page ---------------------------------------------------------------------------


def test_every_page_type_is_generated(site: Site) -> None:
    for path in (
        "index.md",
        "briefs/index.md",
        "actors/index.md",
        "timeline.md",
        "sources.md",
        "quotes.md",
        "tags.md",
        "briefs/north-korea-weapon-test-shoigu-visit.md",
        "actors/sergei-shoigu.md",
    ):
        assert path in site.pages


def test_every_page_kind_has_its_search_boost(site: Site) -> None:
    assert front_matter(site.pages[ACTOR_PAGE])["search"] == ACTOR_SEARCH
    assert front_matter(site.pages[BRIEF_PAGE])["search"] == BRIEF_SEARCH
    for listing in LISTINGS:
        assert front_matter(site.pages[listing])["search"] == LISTING_SEARCH, listing
    assert ACTOR_SEARCH["boost"] > BRIEF_SEARCH["boost"] > LISTING_SEARCH["boost"]


def test_entity_pages_stay_out_of_the_nav(site: Site, content: Content) -> None:
    in_nav = [path for entry in NAV for path in entry.values()]
    assert in_nav == [listing.path for listing in paths.LISTINGS]
    assert set(LISTINGS) <= set(in_nav)
    assert all(path in site.pages for path in in_nav)
    entities = {paths.brief_path(b) for b in content.briefs}
    entities |= {paths.actor_path(a) for a in content.actors}
    assert entities <= set(site.pages)
    assert not entities & set(in_nav)


# --- the brief page -----------------------------------------------------------------------


def test_brief_page_sections_come_in_reading_order(site: Site) -> None:
    page = body(site.pages[BRIEF_PAGE])
    assert page.lstrip().startswith(
        "# North Korea tests new weapon as Russia's security chief Shoigu visits Pyongyang\n"
    )
    assert headings(page, 1) == [
        "North Korea tests new weapon as Russia's security chief Shoigu visits Pyongyang"
    ]
    assert headings(page) == [
        "Key judgments",
        "Analysis",
        "Timeline",
        "Actors involved",
        "Quotes",
        "Sources",
    ]
    # The bottom line comes before the judgments, the notes after everything.
    order = [
        '<p class="bf-meta">',
        '<div class="admonition abstract bf-bottom-line">',
        "## Key judgments",
        "## Analysis",
        "### Overview { #analysis-overview }",
        "## Timeline",
        '<div class="bf-event" id="event-1">',
        "## Actors involved",
        "## Quotes",
        "## Sources",
        '<div class="footnote">',
    ]
    assert_in_order(page, order)
    assert "## History" not in page and "## Related briefs" not in page  # one brief, no git


def test_brief_page_header_badges_and_data_link(site: Site) -> None:
    page = body(site.pages[BRIEF_PAGE])
    meta = page[page.index('<p class="bf-meta">') :].split("\n", 1)[0]
    assert ">Published 21 March 2025</span>" in meta
    assert "Updated" not in meta and "Draft" not in meta and "Corrected" not in meta
    assert f"[Data (JSON)](../api/briefs/{EXAMPLE_BRIEF}.json){{ .bf-data " in page


def test_judgments_show_likelihood_and_confidence_badges(site: Site) -> None:
    page = site.pages[BRIEF_PAGE]
    judgments = re.findall(r'<li id="judgment-(\d+)">(.*?)</li>', page)
    assert [n for n, _ in judgments] == ["1", "2", "3", "4"]
    expected = [
        ("very-likely", "Very likely (80–95%)", "moderate"),
        ("likely", "Likely (55–80%)", "moderate"),
        ("roughly-even-chance", "Roughly even chance (45–55%)", "low"),
        ("roughly-even-chance", "Roughly even chance (45–55%)", "low"),
    ]
    for (_, item), (slug, label, confidence) in zip(judgments, expected, strict=True):
        assert f'class="bf-badge bf-likelihood bf-likelihood-{slug}"' in item
        assert f">{label}</span>" in item
        assert 'title="ICD 203 likelihood: ' in item
        assert f'class="bf-badge bf-confidence bf-confidence-{confidence}"' in item
        assert f">{confidence.capitalize()} confidence</span>" in item


def test_citation_marks_point_at_notes_holding_the_full_citation(site: Site) -> None:
    page = site.pages[BRIEF_PAGE]
    marks = re.findall(
        r'<sup class="bf-cite"><a class="footnote-ref" href="#([^"]+)">(\d+)</a>', page
    )
    assert len(marks) > 10
    assert set(marks) == {(f"cite-{SOURCE}", "1")}  # one source: every mark is note 1
    notes = page[page.index('<div class="footnote">') :]
    assert re.findall(r'<li id="(cite-[^"]+)">', notes) == [f"cite-{SOURCE}"]
    assert (
        "The Straits Times, “North Korea tests new weapon as Russia&#x27;s Shoigu visits”" in notes
    )
    assert '21 March 2025, <a href="https://www.straitstimes.com/">' in notes
    # The summary in the bottom line carries no marks: it is shown without notes elsewhere.
    bottom_line = page[page.index("bf-bottom-line") : page.index("## Key judgments")]
    assert "bf-cite" not in bottom_line


def test_sources_are_listed_with_anchors_the_sources_page_links(site: Site) -> None:
    page = site.pages[BRIEF_PAGE]
    sources = page[page.index("## Sources") : page.index('<div class="footnote">')]
    assert sources.count("<li><span id=") == 1
    assert f'<li><span id="source-{SOURCE}"></span><strong><a href="https://' in sources
    assert ">Reliability B</span>" in sources and 'title="Usually reliable"' in sources
    listing = site.pages["sources.md"]
    assert f"(briefs/{EXAMPLE_BRIEF}.md#source-{SOURCE})" in listing


def test_quotes_are_blockquotes_with_numbered_ids(site: Site) -> None:
    page = site.pages[BRIEF_PAGE]
    quotes = re.findall(r'<blockquote class="bf-quote" id="(quote-\d+)">', page)
    assert quotes == ["quote-1", "quote-2", "quote-3", "quote-4"]
    first = page[page.index('id="quote-1"') :].split("</blockquote>", 1)[0]
    assert "Kim Jong Un supervised the test" in first
    assert '<a href="../../actors/kcna/">Korean Central News Agency</a>' in first
    assert ">Paraphrase</span>" in first and f'href="#cite-{SOURCE}"' in first
    # The quotes page links each quote back to its anchor on the brief page.
    listing = site.pages["quotes.md"]
    for n in range(1, 5):
        assert f'id="quote-{EXAMPLE_BRIEF}-{n}"' in listing
        assert f'href="../briefs/{EXAMPLE_BRIEF}/#quote-{n}"' in listing


def test_first_mentions_link_actors_once_per_page(site: Site, content: Content) -> None:
    page = site.pages[BRIEF_PAGE]
    # The summary names actors without [[references]]: each is linked at its first mention.
    bottom_line = page[page.index("bf-bottom-line") : page.index("## Key judgments")]
    assert bottom_line.count("North Korea") > 1 and bottom_line.count("Russia") > 1
    for actor in ("north-korea", "russia", "kim-jong-un", "sergei-shoigu", "ukraine"):
        assert bottom_line.count(f'<a href="../../actors/{actor}/">') == 1, actor
    # The analysis [[references]] every actor once: linked where written, mentions not.
    analysis = page[page.index("## Analysis") : page.index("## Timeline")]
    for actor in content.actors:
        assert analysis.count(f'<a href="../../actors/{actor}/">') == 1, actor
    assert "Kim Jong Un\nsupervised" in analysis


def test_actors_involved_table(site: Site, content: Content) -> None:
    page = site.pages[BRIEF_PAGE]
    table = page[page.index("## Actors involved") : page.index("## Quotes")]
    rows = re.findall(r"<tr>\n(<td>.*?)\n</tr>", table, re.S)
    assert len(rows) == len(content.briefs[EXAMPLE_BRIEF].actors) == 12
    assert rows[3] == (
        '<td><a href="../../actors/sergei-shoigu/">Sergei Shoigu</a> (Сергей Шойгу)</td>\n'
        "<td>person</td>\n<td>Russian security chief visiting Pyongyang</td>"
    )


# --- citation order and history: edited copies of the example -------------------------------


def edited_example(tmp_path: Path, edit: Any) -> Content:
    """The example content with its brief edited (`edit` changes the loaded YAML in place)."""
    folder = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, folder)
    brief_file = folder / "briefs" / f"{EXAMPLE_BRIEF}.yml"
    data = yaml.safe_load(brief_file.read_text(encoding="utf-8"))
    edit(data)
    brief_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load(folder)


def test_marks_are_numbered_in_order_of_first_citation(tmp_path: Path) -> None:
    def cite_more(brief: dict[str, Any]) -> None:
        for sid in ("second-source", "third-source", "never-cited"):
            brief.setdefault("sources", []).append(
                {"id": sid, "title": sid.title(), "publisher": "P", "url": f"https://e.org/{sid}"}
            )
        brief["key_judgments"][0]["sources"] = ["third-source"]
        brief["key_judgments"][1]["sources"] = [SOURCE, "second-source", "third-source"]

    site = build_site(edited_example(tmp_path, cite_more))
    page = site.pages[BRIEF_PAGE]
    marks = re.findall(r'href="#cite-([^"]+)">(\d+)</a>', page)
    numbers = dict(marks)
    assert numbers == {"third-source": "1", SOURCE: "2", "second-source": "3"}
    first = [("third-source", "1"), (SOURCE, "2"), ("second-source", "3"), ("third-source", "1")]
    assert marks[:4] == first
    notes = page[page.index('<div class="footnote">') :]
    ids = re.findall(r'<li id="cite-([^"]+)">', notes)
    assert ids == ["third-source", SOURCE, "second-source"]  # note N is mark N
    # Every declared source is listed, cited or not; only cited ones have a note.
    assert '<span id="source-never-cited"></span>' in page
    assert "never-cited" not in notes


def history_of_one_revision() -> SiteHistory:
    move = Change(MOVE, "likelihood: likely → very likely", judgment=1, words="Military")
    revision = Revision(
        "0123456789abcdef0123456789abcdef01234567",
        datetime(2025, 3, 24, 9, 0, tzinfo=UTC),
        "Raise judgment 1",
        (move,),
    )
    return SiteHistory(True, briefs={EXAMPLE_BRIEF: (revision,)})


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_history_section_is_last_and_only_when_history_is_on(content: Content) -> None:
    history = history_of_one_revision()
    on = body(build_site(content, Options(history=True), history=history).pages[BRIEF_PAGE])
    assert headings(on)[-1] == "History"
    assert on.index("## History { #history }") > on.index('<div class="footnote">')
    # The list comes as the HTML Markdown would make of it (history_pages.history_html).
    assert "<strong>24 March 2025</strong> · <code>0123456</code> · Raise judgment 1" in on
    assert '<span class="bf-move">likelihood: likely → very likely</span>' in on
    assert ">Updated 24 March 2025</span>" in on  # the meaning changed after `date`
    off = body(build_site(content, Options(history=False), history=history).pages[BRIEF_PAGE])
    assert "## History" not in off and "Updated" not in off
    assert "## History" not in body(build_site(content).pages[BRIEF_PAGE])  # none given


# --- the actor page -------------------------------------------------------------------------


def test_actor_page_sections_come_in_order(site: Site) -> None:
    page = body(site.pages[ACTOR_PAGE])
    heading = headings(page, 1)
    assert heading == ["Sergei Shoigu <span hidden>(Сергей Шойгу, Sergey Shoygu, Shoigu)</span>"]
    assert headings(page) == ["Briefs", "Events", "Often appears with"]
    order = [
        '<p class="bf-meta">',
        '<p class="bf-data"',
        '<figure class="bf-visual"',
        "Native name\n:   Сергей Шойгу",
        "Title\n:   Secretary of the Security Council of Russia",
        "Also known as\n:   Sergey Shoygu, Shoigu",
        "Affiliated with\n:   [Russia](russia.md)",
        '<div class="bf-prose"><p>Russian security chief',
        "## Briefs",
        "## Events",
        "## Often appears with",
    ]
    assert_in_order(page, order)


def test_actor_page_badges_feeds_and_briefs(site: Site) -> None:
    page = body(site.pages[ACTOR_PAGE])
    meta = page[page.index('<p class="bf-meta">') :].split("\n", 1)[0]
    assert (
        ">Person</span>" in meta and 'title="Country (ISO 3166-1)"' in meta and ">RU</span>" in meta
    )
    assert "[Atom feed](sergei-shoigu/feed.xml) · [JSON Feed](sergei-shoigu/feed.json)" in page
    briefs = page[page.index("## Briefs") : page.index("## Events")]
    assert f'<a href="../../briefs/{EXAMPLE_BRIEF}/">' in briefs
    assert "· Russian security chief visiting Pyongyang" in briefs  # the role in the brief
    meta_front = front_matter(site.pages[ACTOR_PAGE])
    assert meta_front["title"] == "Sergei Shoigu"
    assert meta_front["feed_prefix"] == "actors/sergei-shoigu/"


def test_actor_page_links_actors_without_auto_linking_prose(site: Site) -> None:
    page = site.pages[ACTOR_PAGE]
    prose = page[page.index('<div class="bf-prose">') :].split("</div>", 1)[0]
    # [[russia]] written in the description is a link; the plain mention of Pyongyang is not.
    assert prose.count("<a ") == 2 and '<a href="../russia/">Russia</a>' in prose


# --- listing pages --------------------------------------------------------------------------


def test_listing_pages_start_with_their_title(site: Site) -> None:
    titles = {
        "index.md": "Briefing",
        "briefs/index.md": "Briefs",
        "actors/index.md": "Actors",
        "timeline.md": "Timeline",
        "sources.md": "Sources",
        "quotes.md": "Quotes",
        "tags.md": "Tags",
    }
    for path, title in titles.items():
        assert headings(site.pages[path], 1) == [title], path
    assert front_matter(site.pages["index.md"])["hide"] == ["toc"]


def test_listings_link_every_entity(site: Site, content: Content) -> None:
    briefs = site.pages["briefs/index.md"]
    assert headings(briefs) == ["March 2025"]
    assert f'<li>21 March 2025: <a href="{EXAMPLE_BRIEF}/">North Korea tests' in briefs
    actors = site.pages["actors/index.md"]
    assert headings(actors) == ["People", "States", "Organizations", "Media"]
    for actor_id in content.actors:
        assert f"]({actor_id}.md)" in actors, actor_id
    assert "- [Sergei Shoigu](sergei-shoigu.md) · Сергей Шойгу · Secretary" in actors
    home = site.pages["index.md"]
    assert "<strong>1</strong> briefs · <strong>12</strong> actors" in home
    assert f'<a href="briefs/{EXAMPLE_BRIEF}/">' in home
    timeline = site.pages["timeline.md"]
    # The overview links every year and lists the latest year's events.
    assert headings(timeline) == ["Years", "2025"]
    assert headings(timeline, 3) == ["February 2025", "March 2025"]
    assert f'<a href="../briefs/{EXAMPLE_BRIEF}/#event-' in timeline
    for year in ("2022", "2024", "2025"):
        assert f"- [{year}](timeline/{year}.md): " in timeline
    assert headings(site.pages["timeline/2022.md"]) == ["February 2022"]
    assert headings(site.pages["timeline/2025.md"]) == ["February 2025", "March 2025"]
    quotes = site.pages["quotes.md"]
    assert headings(quotes) == [
        "[Ahn Chan-il](actors/ahn-chan-il.md)",
        "[Hong Min](actors/hong-min.md)",
        "[Korean Central News Agency](actors/kcna.md)",
        "[North Korea](actors/north-korea.md)",
    ]
    tags = site.pages["tags.md"]
    assert "<!-- material/tags -->" not in tags  # the core lists the tags, not Material
    assert "(tags/north-korea.md) · " in tags
    assert "briefs/" in site.pages[paths.tag_path("north-korea")]
    assert "[Atom](tags/north-korea/feed.xml)" in tags


@pytest.mark.parametrize(
    ("page", "target", "directory_urls", "url"),
    [
        ("index.md", "briefs/x.md", True, "briefs/x/"),
        ("briefs/y.md", "briefs/x.md", True, "../x/"),
        ("briefs/x.md", "briefs/x.md", True, "./"),
        ("timeline/2024.md", "index.md", True, "../../"),
        ("index.md", "briefs/x.md", False, "briefs/x.html"),  # not ../briefs/x.html
        ("timeline.md", "actors/y.md", False, "actors/y.html"),
        ("briefs/y.md", "briefs/x.md", False, "x.html"),
        ("briefs/y.md", "index.md", False, "../index.html"),
    ],
)
def test_raw_html_links_are_relative_to_the_page_url(
    page: str, target: str, directory_urls: bool, url: str
) -> None:
    shared = Shared(None, None, {}, directory_urls)  # type: ignore[arg-type]  # no index read
    assert PageContext(shared, page).url(target) == url
