"""An incremental rebuild (the preview's) makes exactly what a full build of the same content makes.

Each case edits one brief or actor of a synthetic corpus (dense enough that briefs share
actors and tags, so "Related briefs" lists move), renders the edited content once from
scratch and once incrementally after the original, and compares every page and file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from benchmark.corpus import write_corpus

from generator import paths
from generator.changes import Change, Revision
from generator.feeds import PLACEHOLDER
from generator.history import SiteHistory
from generator.model import Affiliation, Content
from generator.site import Options, Site, build_site
from generator.validate import load_content

# A build of a 30-brief corpus per edit: seconds each, too long for `make test-fast`.
pytestmark = pytest.mark.slow

Edit = Callable[[Content], Content]


def build(content: Content, options: Options | None = None, **kwargs: Any) -> Site:
    """`build_site` as the serve session calls it: feeds get placeholders for the HTML
    MkDocs makes (rendering it here would only slow the tests down)."""
    return build_site(content, options, PLACEHOLDER.format, **kwargs)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Content:
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root, 30, seed=3)
    content, _warnings = load_content(root / "content", root)
    return content


@pytest.fixture(scope="module")
def original(corpus: Content) -> Site:
    return build(corpus, remember=True)


def with_brief(content: Content, brief_id: str, **changes: Any) -> Content:
    brief = content.briefs[brief_id].model_copy(update=changes)
    return Content({**content.briefs, brief_id: brief}, content.actors)


def with_actor(content: Content, actor_id: str, **changes: Any) -> Content:
    actor = content.actors[actor_id].model_copy(update=changes)
    return Content(content.briefs, {**content.actors, actor_id: actor})


def nth_brief(content: Content, n: int) -> str:
    return sorted(content.briefs)[n % len(content.briefs)]


def busiest_actor(content: Content) -> str:
    """The actor in most briefs: an edit of it reaches far."""
    counts: dict[str, int] = {}
    for brief in content.briefs.values():
        for ref in brief.actors:
            counts[ref.actor] = counts.get(ref.actor, 0) + 1
    return max(sorted(counts), key=lambda a: counts[a])


def other_actor(content: Content, brief_id: str) -> str:
    involved = {ref.actor for ref in content.briefs[brief_id].actors}
    return next(a for a in sorted(content.actors) if a not in involved)


def summary_edit(c: Content) -> Content:
    b = nth_brief(c, 5)
    return with_brief(c, b, summary=c.briefs[b].summary + " An added sentence.")


def body_mention(c: Content) -> Content:
    """A body that now names another actor in prose: its page lists the brief."""
    b = nth_brief(c, 7)
    actor = c.actors[other_actor(c, b)]
    return with_brief(c, b, body=c.briefs[b].body + f"\n\nThen {actor.name} spoke.\n")


def title_edit(c: Content) -> Content:
    return with_brief(c, nth_brief(c, 11), title="A wholly new title")


def tags_edit(c: Content) -> Content:
    b = nth_brief(c, 13)
    return with_brief(c, b, tags=[*c.briefs[b].tags, "fresh-tag"])


def date_edit(c: Content) -> Content:
    b = nth_brief(c, 17)
    return with_brief(c, b, date=c.briefs[b].date.replace(year=c.briefs[b].date.year - 3))


def actors_edit(c: Content) -> Content:
    """Another actor involved: "Related briefs" rankings move around the brief."""
    b = nth_brief(c, 19)
    brief = c.briefs[b]
    added = brief.actors[0].model_copy(update={"actor": busiest_actor(c), "role": "host"})
    kept = [ref for ref in brief.actors if ref.actor != added.actor]
    return with_brief(c, b, actors=[*kept, added])


def event_edit(c: Content) -> Content:
    b = next(b for b in sorted(c.briefs) if c.briefs[b].timeline)
    event = c.briefs[b].timeline[0].model_copy(update={"title": "A renamed event"})
    return with_brief(c, b, events=[event, *c.briefs[b].timeline[1:]])


def judgment_edit(c: Content) -> Content:
    b = next(b for b in sorted(c.briefs) if c.briefs[b].key_judgments)
    kj = c.briefs[b].key_judgments[0].model_copy(update={"text": "A new judgment."})
    return with_brief(c, b, key_judgments=[kj, *c.briefs[b].key_judgments[1:]])


def related_edit(c: Content) -> Content:
    b = nth_brief(c, 23)
    return with_brief(c, b, related=[nth_brief(c, 29)])


def actor_description(c: Content) -> Content:
    return with_actor(c, busiest_actor(c), description="A new description of the actor.")


def actor_wikidata(c: Content) -> Content:
    return with_actor(c, busiest_actor(c), wikidata="Q4242")


def actor_affiliation(c: Content) -> Content:
    actor = busiest_actor(c)
    org = next(a for a in sorted(c.actors) if c.actors[a].kind == "organization" and a != actor)
    return with_actor(c, actor, affiliations=[Affiliation.model_validate({"actor": org})])


def actor_rename(c: Content) -> Content:
    return with_actor(c, busiest_actor(c), name="Someone Else Entirely")


def author_edit(c: Content) -> Content:
    """A byline: the author's page lists the briefs they wrote."""
    person = next(a for a in sorted(c.actors) if c.actors[a].kind == "person")
    return with_brief(c, nth_brief(c, 7), authors=[person])


def brief_removed(c: Content) -> Content:
    gone = nth_brief(c, 31)
    briefs = {k: v for k, v in c.briefs.items() if k != gone}
    for k, brief in briefs.items():
        if gone in brief.related:
            briefs[k] = brief.model_copy(
                update={"related": [r for r in brief.related if r != gone]}
            )
    return Content(briefs, c.actors)


EDITS: list[Edit] = [
    summary_edit,
    body_mention,
    title_edit,
    tags_edit,
    date_edit,
    actors_edit,
    event_edit,
    judgment_edit,
    related_edit,
    actor_description,
    actor_wikidata,
    actor_affiliation,
    actor_rename,
    author_edit,
    brief_removed,
]


def assert_same_site(incremental: Site, full: Site) -> None:
    assert incremental.pages.keys() == full.pages.keys()
    differing = [p for p in full.pages if incremental.pages[p] != full.pages[p]]
    assert not differing, differing[:10]
    assert incremental.files == full.files
    assert incremental.feed_briefs == full.feed_briefs


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.__name__)
def test_an_incremental_rebuild_equals_a_full_build(
    corpus: Content, original: Site, edit: Edit
) -> None:
    edited = edit(corpus)
    before = original
    incremental = build(edited, previous=before.rendered, remember=True)
    assert_same_site(incremental, build(edited))
    # And the next edit builds on the incremental one: reverting gives the original site.
    assert_same_site(build(corpus, previous=incremental.rendered, remember=True), before)


def test_an_edit_renders_only_the_pages_that_show_it(corpus: Content, original: Site) -> None:
    before = original
    edited = summary_edit(corpus)
    after = build(edited, previous=before.rendered, remember=True)
    assert after.rendered is not None
    # Brief and actor pages; listings (tags, timeline years, ...) are always made afresh.
    entity = [p for p in before.pages if paths.BRIEFS.member_of(p) or paths.ACTORS.member_of(p)]
    kept = [p for p in entity if after.pages.get(p) is before.pages[p]]
    assert len(kept) > len(entity) / 2  # most of them were not rendered again


def test_a_new_revision_renders_its_brief_again(corpus: Content) -> None:
    """Under serve, a save adds an uncommitted revision to the brief's git history."""
    brief_id = nth_brief(corpus, 3)
    moment = datetime(2025, 3, 1, 12, tzinfo=UTC)
    revision = Revision("", moment, "not yet committed", (Change("summary", "edited"),))
    history = SiteHistory(True, "")
    edited = SiteHistory(True, "", briefs={brief_id: (revision,)})
    before = build(corpus, history=history, remember=True)
    after = build(corpus, history=edited, previous=before.rendered, remember=True)
    assert_same_site(after, build(corpus, history=edited))


def test_other_options_render_everything(corpus: Content, original: Site) -> None:
    before = original
    options = Options(directory_urls=False)
    after = build(corpus, options, previous=before.rendered, remember=True)
    assert_same_site(after, build(corpus, options))


def quote_edit(c: Content) -> Content:
    b = next(b for b in sorted(c.briefs) if c.briefs[b].quotes)
    quote = c.briefs[b].quotes[0].model_copy(update={"text": "Words never said before."})
    return with_brief(c, b, quotes=[quote, *c.briefs[b].quotes[1:]])


SMALL_PAGES = Options(page_size=4)  # every listing runs to many pages


@pytest.fixture(scope="module")
def paginated(corpus: Content) -> Site:
    return build(corpus, SMALL_PAGES, remember=True)


@pytest.mark.parametrize(
    "edit",
    [summary_edit, title_edit, tags_edit, date_edit, event_edit, quote_edit, brief_removed],
    ids=lambda e: e.__name__,
)
def test_listing_pages_kept_by_the_memo_equal_a_full_build(
    corpus: Content, paginated: Site, edit: Edit
) -> None:
    """Listing pages whose rows are unchanged are kept (`page_memo.py`), the others made
    again: the site is the full build's either way, and after reverting, the original."""
    edited = edit(corpus)
    incremental = build(edited, SMALL_PAGES, previous=paginated.rendered, remember=True)
    assert_same_site(incremental, build(edited, SMALL_PAGES))
    reverted = build(corpus, SMALL_PAGES, previous=incremental.rendered, remember=True)
    assert_same_site(reverted, paginated)


def test_a_summary_edit_keeps_the_listing_pages(corpus: Content, paginated: Site) -> None:
    """No listing shows a summary but the home page's cards: every paginated listing page
    is the very text the last build made."""
    after = build(summary_edit(corpus), SMALL_PAGES, previous=paginated.rendered, remember=True)
    assert paginated.rendered is not None
    listed = paginated.rendered.listing_memo
    assert len(listed) > 20
    assert all(after.pages[path] is text for path, (_, text) in listed.items())


PAGINATED_LISTINGS = (
    "briefs_pages",
    "timeline_pages",
    "sources_pages",
    "quotes_pages",
    "tags_pages",
)


def test_prose_edits_take_the_listing_pages_without_computing_their_keys(
    corpus: Content, paginated: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After saves that change only summaries and bodies (`kept_listings`), the paginated
    listings are the last build's, without even their keys made (a fifth of such a save at
    5,000 briefs), save after save; a judgment edit makes them again. Same site each time."""
    import generator.site as site_module

    def refuse(*args: object, **kwargs: object) -> dict[str, str]:
        raise AssertionError("a listing made again after a prose-only edit")

    with monkeypatch.context() as patch:
        for name in PAGINATED_LISTINGS:
            patch.setattr(site_module, name, refuse)
        summary = summary_edit(corpus)
        first = build(summary, SMALL_PAGES, previous=paginated.rendered, remember=True)
        both = body_mention(summary)
        second = build(both, SMALL_PAGES, previous=first.rendered, remember=True)
    assert_same_site(second, build(both, SMALL_PAGES))
    assert second.rendered is not None and paginated.rendered is not None
    assert second.rendered.listing_memo == paginated.rendered.listing_memo
    judged = judgment_edit(both)
    third = build(judged, SMALL_PAGES, previous=second.rendered, remember=True)
    assert_same_site(third, build(judged, SMALL_PAGES))


def test_a_summary_edit_renders_no_actor_page(corpus: Content, original: Site) -> None:
    """Actor pages show a brief's title, date, events and quotes, never its summary: a
    summary edit that mentions no other actor leaves them as they were (`_prose_only`)."""
    after = build(summary_edit(corpus), previous=original.rendered, remember=True)
    actor_pages = [p for p in original.pages if paths.ACTORS.member_of(p)]
    assert actor_pages
    assert [p for p in actor_pages if after.pages[p] is not original.pages[p]] == []
