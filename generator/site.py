"""The whole site as data: validated content in, `{page path: Markdown}` out.

This is the pure core the MkDocs plugin and `briefing generate` share: no MkDocs import,
no file system except in `write_site`.
"""

from __future__ import annotations

import functools
import itertools
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import paths
from .actor_lists import actor_list_pages
from .api import ApiWriter, Urls
from .context import PageContext, Shared, front_matter, html_title
from .feeds import FeedWriter, absolutize, absolutize_html, render_html, strip_front_matter
from .fields import Field, conversion_mark, conversions_since, plain_text, remember_conversions
from .forking import fork_map
from .history import SiteHistory
from .history_pages import CHANGES_PAGE, HistoryPages
from .incremental import (
    Made,
    Rendered,
    ReusingApiWriter,
    ReusingFeedWriter,
    Selection,
    carry_over,
    kept_actors_index,
    kept_listings,
    mention_changes,
    select,
)
from .index import SiteIndex, build_index
from .jsonld import actor_jsonld, brief_jsonld, script_json, source_jsonld
from .listings import (
    actors_index,
    briefs_pages,
    home_page,
    quotes_pages,
    sources_pages,
    tags_pages,
    timeline_pages,
)
from .model import Content
from .page_memo import PageMemo
from .pages import actor_page, brief_page
from .paths import actor_path, brief_path
from .progress import ProgressFn
from .prose import Linker
from .registry_pages import source_page
from .search import ACTOR_SEARCH, BRIEF_SEARCH, SOURCE_SEARCH

# Entity pages (briefs, actors) stay out of the nav: a nav listing N pages is copied into
# every page, which makes the site grow as N². Listing pages link the entities instead.
NAV: list[dict[str, str]] = paths.nav()

# The Markdown extensions generated pages rely on; the plugin adds any that are missing.
# Content Markdown never goes through them: it arrives as sanitized raw HTML blocks.
MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    "def_list": {},
    "toc": {"permalink": True},
    "pymdownx.superfences": {},
}


@dataclass(frozen=True)
class Options:
    site_name: str = "Briefing"
    site_url: str | None = None
    autolink: bool = True
    directory_urls: bool = True
    history: bool = True  # show the git history passed to build_site (goldens: off)
    page_size: int = paths.LISTING_PAGE_SIZE  # items per page of Timeline, Sources, Quotes


@dataclass
class Site:
    """Everything the site is made of: Markdown pages and ready-made files (feeds, API)."""

    pages: dict[str, str]
    files: dict[str, str]  # empty when build_site wrote them through `write_file` instead
    feed_briefs: frozenset[str] = frozenset()  # briefs carried in full by the site feeds
    rendered: Rendered | None = None  # for the next build to render incrementally
    written: list[str] = field(default_factory=list)  # paths given to `write_file`


def build_site(
    content: Content,
    options: Options | None = None,
    feed_html: Callable[[str], str] | None = None,
    progress: ProgressFn | None = None,
    history: SiteHistory | None = None,
    previous: Rendered | None = None,
    remember: bool = False,
    write_file: Callable[[str, str], None] | None = None,
    workers: int = 1,
) -> Site:
    """Render every page to Markdown and every feed and API document, keyed by path.

    `feed_html(brief_id)` gives a brief's HTML for the site feeds; by default the brief's
    Markdown is rendered here. The MkDocs plugin passes placeholders instead and fills in
    the HTML MkDocs itself produced, so no page is rendered twice. With `previous` (the
    last build's `Site.rendered`, made with `remember`), the brief and actor pages and
    the feed and API documents nothing changed for are kept instead of made again
    (`incremental.py`).

    `write_file(path, text)`, if given, receives each feed and API document as soon as it
    is made, and the site keeps only their paths: a large site never holds them all.
    `workers` > 1 renders the brief and actor pages in that many forked processes
    (`forking.py`), to the same bytes; never while other threads run.
    """
    options = options or Options()
    index = build_index(content)
    urls = Urls(options.site_url)
    linker = None
    if options.autolink:
        linker = site_linker(tuple((a.id, n) for a in content.actors.values() for n in a.names))
    names = {a: actor.name for a, actor in content.actors.items()}
    shared = Shared(index, linker, names, options.directory_urls)
    plain = Shared(index, None, names, options.directory_urls)  # no auto-linking
    if history is None or not options.history:
        history = SiteHistory(False, "turned off for this build")
    selection = select(previous, index, options, history)
    revisions = HistoryPages(history, index, urls)
    pages = _entity_pages(
        shared, plain, urls, revisions, progress, previous, selection, options, workers
    )
    pages.update(_source_pages(plain, urls))  # few and cheap: always made afresh
    rendered = None
    if remember:  # what the next build may keep; nothing when everything was rendered
        kept_made = previous.made if previous is not None and selection is not None else None
        rendered = Rendered(index, dict(pages), options, history, kept_made or Made())
    kept = kept_actors_index(previous, index, selection, paths.ACTORS_INDEX)
    memo = None
    if rendered is not None:  # listing pages kept only if nothing they show changed
        memo = PageMemo(previous.listing_memo if previous and selection else None)
    unchanged = previous.listings if kept_listings(previous, selection) and previous else None
    pages.update(listings := _listing_pages(plain, options, kept, memo, unchanged))
    if rendered is not None and memo is not None:
        rendered.listings, rendered.listing_memo = listings, memo.made
    pages[CHANGES_PAGE] = revisions.changes_page()

    feed_html = feed_html or _brief_html(pages, urls)
    made = rendered.made if rendered is not None else None
    documents, feed_briefs = _documents(plain, urls, options, revisions, feed_html, pages, made)
    site = Site(pages, {}, feed_briefs, rendered)
    _keep_or_write(site, documents, write_file)
    return site


@functools.lru_cache(maxsize=1)  # a preview's saves mostly leave every actor's names alone
def site_linker(names: tuple[tuple[str, str], ...]) -> Linker:
    """The Linker of these (actor id, name) pairs: compiling a pattern per name is a tenth
    of a preview rebuild at a thousand briefs. Linkers keep no state between pages."""
    return Linker(names)


def _brief_html(pages: dict[str, str], urls: Urls) -> Callable[[str], str]:
    """A brief's HTML for the site feeds, rendered here from its page."""

    @functools.cache  # the Atom and the JSON feed carry the same HTML
    def brief_html(brief_id: str) -> str:
        page = brief_path(brief_id)
        html = render_html(strip_front_matter(pages[page]), MARKDOWN_EXTENSIONS)
        return absolutize(html, page, urls)

    return brief_html


def _documents(
    plain: Shared,
    urls: Urls,
    options: Options,
    revisions: HistoryPages,
    feed_html: Callable[[str], str],
    pages: dict[str, str],
    made: Made | None,
) -> tuple[Iterator[tuple[str, str]], frozenset[str]]:
    """Feeds and API documents, made as they are taken (those `made` holds reused), and
    the briefs the site feeds carry in full."""
    index = plain.index

    @functools.cache  # a brief is in the feeds of each of its tags and actors
    def summary_html(brief_id: str) -> str:
        ctx = PageContext(plain, brief_path(brief_id))  # links relative to the brief page
        summary = index.content.briefs[brief_id].summary
        return absolutize_html(ctx.md(summary), urls.brief(brief_id))

    feed_args = (index, urls, options.site_name, feed_html, summary_html)
    api = ApiWriter(index, urls) if made is None else ReusingApiWriter(index, urls, made)
    if made is None:
        writer = FeedWriter(*feed_args)
    else:
        writer = ReusingFeedWriter(*feed_args, made=made, pages=pages)
    documents = itertools.chain(
        api.documents(), writer.documents(), revisions.files(options.site_name)
    )
    return documents, writer.full_briefs()


def _keep_or_write(
    site: Site, documents: Iterable[tuple[str, str]], write_file: Callable[[str, str], None] | None
) -> None:
    """Each document into `site.files`, or through `write_file` as soon as it is made."""
    for path, text in documents:
        if write_file is None:
            site.files[path] = text
        else:
            write_file(path, text)
            site.written.append(path)


def _entity_pages(
    shared: Shared,
    plain: Shared,
    urls: Urls,
    revisions: HistoryPages,
    progress: ProgressFn | None,
    previous: Rendered | None,
    selection: Selection | None,
    options: Options,
    workers: int,
) -> dict[str, str]:
    """Brief and actor pages (with their lists' pages): every one, or with a selection
    those it names (the others as `previous` rendered them)."""
    index = shared.index
    if previous is None or selection is None:
        # Briefs first: rendering them finds the prose mentions that actor pages list.
        pages = _brief_pages(shared, urls, revisions, progress, index.newest_first, workers)
        actor_ids = sorted(index.content.actors)
        size = options.page_size
        pages.update(_actor_pages(plain, urls, revisions, actor_ids, size, workers))
        return pages
    carry_over(previous, index, selection)
    briefs = [b for b in index.newest_first if b in selection.briefs]
    pages = dict(previous.pages)
    pages.update(_brief_pages(shared, urls, revisions, progress, briefs))
    actors = set(selection.actors) | mention_changes(previous, index, selection)
    # A re-rendered actor's list pages are made afresh: a list that got shorter has fewer.
    for path in [p for p in pages if paths.actor_of_list(p) in actors]:
        del pages[path]
    pages.update(_actor_pages(plain, urls, revisions, sorted(actors), options.page_size))
    return _in_build_order(pages, index)


def _in_build_order(pages: dict[str, str], index: SiteIndex) -> dict[str, str]:
    """`pages` in the order a full render makes them: MkDocs lists the files, and so the
    sitemap and the search index, in this order, which must not depend on what an
    incremental render replaced (an actor's list pages, a brief whose date moved)."""
    lists: dict[str, list[str]] = {}
    for path in pages:
        if (actor := paths.actor_of_list(path)) is not None:
            lists.setdefault(actor, []).append(path)
    order = [brief_path(b) for b in index.newest_first]
    for actor_id in sorted(index.content.actors):
        order.append(actor_path(actor_id))
        order.extend(lists.get(actor_id, ()))
    ordered = {path: pages[path] for path in order if path in pages}
    ordered.update(pages)  # anything else keeps its place after them
    return ordered


def _brief_pages(
    shared: Shared,
    urls: Urls,
    revisions: HistoryPages,
    progress: ProgressFn | None,
    brief_ids: list[str],
    workers: int = 1,
) -> dict[str, str]:
    index = shared.index

    def render(brief_id: str) -> _BriefPage:
        mark = conversion_mark()
        brief = index.content.briefs[brief_id]
        registry = index.registry.of_brief.get(brief_id, [])
        sources = frozenset(s.id for s in brief.sources).union(registry)
        ctx = PageContext(shared, brief_path(brief_id), cite_targets=sources)
        body = brief_page(ctx, revisions.brief_for_page(brief))
        body += revisions.brief_section(ctx.page, brief_id)
        index.record_mentions(brief_id, ctx.links.linked)  # the JSON-LD below lists them
        jsonld = brief_jsonld(
            brief,
            index,
            urls,
            plain_text(brief.summary, shared.names),
            lambda text: plain_text(text, shared.names),
        )
        meta = front_matter(
            title=html_title(brief.title),
            tags=list(brief.tags),
            jsonld=script_json(jsonld),
            search=BRIEF_SEARCH,
        )
        related = index.related(brief)
        return _BriefPage(ctx.page, meta + body, ctx.links.linked, related, conversions_since(mark))

    def done(count: int) -> None:
        if progress is not None:
            progress("generating brief pages", count, len(brief_ids))

    pages: dict[str, str] = {}
    for brief_id, made in zip(brief_ids, fork_map(render, brief_ids, workers, done), strict=True):
        # What a forked worker learnt while rendering, which the actor pages and the API read.
        index.record_mentions(brief_id, made.mentions)
        index.related_cache[brief_id] = made.related
        # Its fields, converted once: actor pages, listings and feeds show them again.
        remember_conversions(made.conversions)
        pages[made.path] = made.text
    return pages


@dataclass(frozen=True)
class _BriefPage:
    """A rendered brief page and what rendering it found out."""

    path: str
    text: str
    mentions: set[str]  # actors its prose links
    related: list[str]
    conversions: list[tuple[str, Field]]  # the content fields it converted


def _actor_pages(
    plain: Shared,
    urls: Urls,
    revisions: HistoryPages,
    actor_ids: list[str],
    page_size: int,
    workers: int = 1,
) -> dict[str, str]:
    def render(actor_id: str) -> dict[str, str]:
        actor = plain.index.content.actors[actor_id]
        ctx = PageContext(plain, actor_path(actor_id))
        description = plain_text(actor.description, plain.names)
        meta = front_matter(
            title=html_title(actor.name),
            jsonld=script_json(actor_jsonld(actor, urls, description)),
            feed_prefix=paths.actor_feeds(actor_id),
            feed_title=actor.name,
            search=ACTOR_SEARCH,
        )
        history = revisions.actor_section(ctx.page, actor_id)
        made = {ctx.page: meta + actor_page(ctx, actor, page_size) + history}
        made.update(actor_list_pages(plain, actor, page_size))
        return made

    pages: dict[str, str] = {}
    for made in fork_map(render, actor_ids, workers):
        pages.update(made)
    return pages


def _source_pages(plain: Shared, urls: Urls) -> dict[str, str]:
    """A page per registry source: entity pages like actors', searchable, not in the nav."""
    pages: dict[str, str] = {}
    for source_id, source in sorted(plain.index.content.sources.items()):
        ctx = PageContext(plain, paths.source_path(source_id))
        meta = front_matter(
            title=html_title(source.title),
            jsonld=script_json(source_jsonld(source, plain.index, urls)),
            search=SOURCE_SEARCH,
        )
        pages[ctx.page] = meta + source_page(ctx, source)
    return pages


def _listing_pages(
    plain: Shared,
    options: Options,
    kept: dict[str, str],
    memo: PageMemo | None,
    unchanged: dict[str, str] | None = None,
) -> dict[str, str]:
    """The listing pages; those in `kept` as they are there, those `memo` holds for what
    they show, if it is unchanged. `unchanged`: the last build's listing pages, when none
    of the paginated ones can have changed (`kept_listings`): they are taken as they are."""
    listings: dict[str, Callable[[PageContext], str]] = {
        paths.HOME: lambda ctx: home_page(ctx, options.site_name),
        paths.ACTORS_INDEX: actors_index,
    }
    pages = {
        path: kept[path] if path in kept else render(PageContext(plain, path))
        for path, render in listings.items()
    }
    if unchanged is not None:
        pages.update({path: text for path, text in unchanged.items() if path not in pages})
        if memo is not None:
            memo.made.update(memo.kept)
        return pages
    for paginated in (briefs_pages, timeline_pages, sources_pages, quotes_pages, tags_pages):
        pages.update(paginated(plain, options.page_size, memo))
    return pages


def changed_outputs(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """Paths added, removed or different between two builds (for incremental previews)."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def mkdocs_config(options: Options, theme_dir: str) -> dict[str, Any]:
    """A stand-alone mkdocs.yml for generated pages (no Briefing plugin needed)."""
    return {
        "site_name": options.site_name,
        **({"site_url": options.site_url} if options.site_url else {}),
        "docs_dir": "docs",
        "theme": {
            "name": "material",
            "custom_dir": theme_dir,
            "font": False,
            "features": ["navigation.sections", "search.highlight"],
        },
        "plugins": ["search", "tags"],
        "markdown_extensions": [{k: v} if v else k for k, v in MARKDOWN_EXTENSIONS.items()],
        "nav": NAV,
    }


def file_writer(folder: Path) -> Callable[[str, str], None]:
    """A `write_file` for build_site: writes each file under `folder` (UTF-8)."""

    def write(path: str, text: str) -> None:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    return write


def write_site(
    content: Content,
    out: Path,
    options: Options | None = None,
    theme: Path | None = None,
    progress: ProgressFn | None = None,
    history: SiteHistory | None = None,
) -> int:
    """Write pages and files under `out/docs` plus a matching `out/mkdocs.yml`; count pages."""
    options = options or Options()
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    write = file_writer(docs)
    site = build_site(content, options, progress=progress, history=history, write_file=write)
    for path, text in site.pages.items():
        write(path, text)
    theme = theme or Path(__file__).resolve().parent.parent / "theme"
    theme_dir = "theme"
    if theme.is_dir():
        shutil.copytree(theme, out / theme_dir, dirs_exist_ok=True)
    config = mkdocs_config(options, theme_dir)
    (out / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return len(site.pages)
