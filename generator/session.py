"""The build session: everything Briefing keeps between MkDocs events and across rebuilds.

`plugin.py` adapts MkDocs events to the calls here; this module never imports MkDocs.
One session lives as long as the MkDocs process: for `mkdocs build` one build, for
`mkdocs serve` every rebuild, which is what lets the preview keep the last good pages, the
parse cache and the set of changed pages from one save to the next.

A build goes: `start` (once), then per build `prepare` (load, validate, generate),
`outputs` (the files to hand MkDocs), `page_html` per page, `finish` after MkDocs wrote the
site, and `completed` or `failed`; `shutdown` once at the end.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import paths
from .core_state import CoreState, load_state, save_state
from .diagnostics import BriefingError, Diagnostic, format_diagnostic
from .edition import withheld_links, withheld_summary
from .feeds import PLACEHOLDER, absolutize_html, fill_placeholders
from .history import SHALLOW_NOTICE, RevisionCache, SiteHistory, read_history
from .history_child import PendingHistory
from .incremental import Rendered
from .model import Content, Tlp
from .paths import Urls, page_url
from .preview import ERROR_PAGE_MARKDOWN, describe, error_banner_html, error_report_html
from .progress import Progress, summary
from .search import Backend, choose_backend
from .site import Options, build_site, changed_outputs, file_writer
from .staging import Staging, is_serve_dir, spool_beside
from .validate import LoadCache, load_content


@dataclass(frozen=True)
class Settings:
    """What one build needs from the plugin options and the MkDocs config."""

    root: Path
    content_dir: Path
    site_name: str = "Briefing"
    site_url: str | None = None
    directory_urls: bool = True
    autolink: bool = True
    drafts: str = "auto"  # auto (shown only under serve) | show | hide
    tlp_max: Tlp = "clear"  # briefs marked above this TLP label are left out
    search: str = "auto"
    search_threshold: int = 500
    history: bool = True  # revision history from git
    page_size: int = paths.LISTING_PAGE_SIZE  # items per page of Timeline, Sources, Quotes
    workers: int = 1  # processes loading files and rendering entity pages (never under serve)
    state_file: Path | None = None  # where a build keeps the core's state for the next one
    site_dir: Path | None = None  # where MkDocs was told to write the site


def crash_text(exc: BaseException) -> str:
    """An unexpected failure as one line a user can read (the traceback goes to the debug log)."""
    return f"the build failed unexpectedly: {type(exc).__name__}: {exc}".strip()


def is_entity_page(path: str) -> bool:
    """A brief, actor or source page, or a listing's page after its first: linked from
    the listings, deliberately not in the nav."""
    return paths.is_listing_continuation(path) or any(
        collection.member_of(path) is not None
        for collection in (paths.BRIEFS, paths.ACTORS, paths.SOURCE_PAGES)
    )


class BuildSession:
    def __init__(self, log: logging.Logger) -> None:
        self.log = log
        self.command = ""  # build, serve or gh-deploy; "" when MkDocs sent no startup event
        self.dirty = False
        self.cache = LoadCache()  # parsed files, reused across serve rebuilds
        self.progress = Progress()
        self.counts: tuple[int, int, int, int, int] | None = None
        self.search: Backend = "material"
        self.pages: dict[str, str] = {}  # the last good pages, kept across serve rebuilds
        self.files: dict[str, str] = {}  # feeds and API documents, likewise (under serve)
        self.spool: Path | None = None  # outside serve: where feeds and API documents wait
        self.spooled: list[str] = []  # the paths of those files, relative to `spool`
        self.html: dict[str, str] = {}  # brief id -> HTML MkDocs built, for the site feeds
        self.feed_briefs: frozenset[str] = frozenset()  # the briefs the site feeds carry
        self.urls = Urls(None)
        self.tag_sets: dict[str, tuple[str, list[str]]] = {}  # tagged briefs' titles, tags
        self.rendered: Rendered | None = None  # the last good build, for the next to reuse
        self.changed: set[str] | None = None  # outputs to rebuild; None: all of them
        self.errors: list[Diagnostic] = []  # content errors shown instead of a new build
        self.crash: str | None = None  # an unexpected failure shown like an error
        self.crash_pending = False  # the next build only shows the crash
        self.failure: BaseException | None = None  # what made this build fail, first cause
        self.banner: str | None = None  # this build's error banner, made once
        self.good = False  # a good build happened; until then `pages` is the error page
        self.kept_search_entries: list[Any] | None = None
        self.staging: Staging | None = None
        self.done = False  # this build reached its end (MkDocs may still abort it)
        self.history_cache = RevisionCache()  # loaded revisions by blob, across serve rebuilds
        self.history_note = ""  # why the site has no history, for the summary line
        self.withheld_note = ""  # how many briefs the build left out and why
        self.shallow_noticed = False
        self.pending_history: PendingHistory | None = None

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    @property
    def broken(self) -> bool:
        """This build shows problems (banner or error page) instead of new content."""
        return bool(self.errors or self.crash)

    def start(self, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def stage(self, site_dir: Path) -> Path:
        """The directory to build into: a staging dir for `build`, else `site_dir` itself."""
        self.done = False
        if self.command != "build" or is_serve_dir(site_dir):
            return site_dir
        self.staging = Staging(site_dir)
        return self.staging.begin(keep_files=self.dirty)

    def prepare(self, settings: Settings) -> None:
        """Load, validate and generate every output.

        Outside serve, invalid content raises BriefingError before anything is written. Under
        serve nothing raises: errors and crashes are shown on the pages instead.
        """
        self.progress = Progress()
        self.failure, self.banner = None, None
        if self.crash_pending:  # the last attempt crashed: show that, touch no content
            self.crash_pending = False
            self._show_problems()
            return
        was_broken, self.crash = self.broken, None
        self._start_history(settings)
        # The preview keeps its state in memory; a build, in the cache folder if it may.
        state = None
        if not self.serving and settings.state_file is not None:
            state = load_state(settings.state_file)
            if state.rendered is not None:
                self.log.info("briefing: rendering only what changed since the last build")
        try:
            content, warnings = load_content(
                settings.content_dir,
                settings.root,
                self.cache if self.serving else state.files if state else None,
                self.progress,
                self._workers(settings),
            )
            self.errors = []
            for diag in warnings:
                self.log.warning(format_diagnostic(diag))
            self._generate(content, len(warnings), settings, was_broken, state)
        except BriefingError as exc:
            if not self.serving:
                self.drop_spool()
                raise
            self.errors = exc.diagnostics
            for diag in exc.diagnostics:
                self.log.warning(format_diagnostic(diag))
            self._show_problems()
        except Exception as exc:
            if not self.serving:
                self.drop_spool()
                raise
            self.crashed(exc)
            self.crash_pending = False
            self._show_problems()
        finally:
            self._stop_history()

    def _workers(self, settings: Settings) -> int:
        """Forked workers for the core: none under serve, whose server threads run on (a
        fork must not copy a lock another thread holds), and whose rebuilds are small."""
        return 1 if self.serving else settings.workers

    def _generate(
        self,
        content: Content,
        warnings: int,
        settings: Settings,
        was_broken: bool,
        state: CoreState | None,
    ) -> None:
        drafts = settings.drafts == "show" or (settings.drafts == "auto" and self.serving)
        content = content.shown(drafts, settings.tlp_max)
        self.withheld_note = withheld_summary(content)
        for note in withheld_links(content):
            self.log.info(note)  # info, not a warning: a --strict build still succeeds
        options = Options(
            site_name=settings.site_name,
            site_url=settings.site_url,
            autolink=settings.autolink,
            directory_urls=settings.directory_urls,
            page_size=settings.page_size,
        )
        self.search = choose_backend(
            settings.search, len(content.briefs), settings.search_threshold
        )
        history = self._history(settings, content)
        previous = self.rendered if self.serving else state.rendered if state else None
        write_file = self._spool_writer(settings)
        site = build_site(
            content,
            options,
            PLACEHOLDER.format,
            self.progress,
            history,
            previous,
            self.serving or state is not None,
            write_file,
            self._workers(settings),
        )
        if state is not None and settings.state_file is not None:
            state.rendered = site.rendered
            save_state(settings.state_file, state)
        else:
            self.rendered = site.rendered
        self.progress.finish()
        events = sum(len(b.events) for b in content.briefs.values())
        briefs, actors = len(content.briefs), len(content.actors)
        self.counts = (briefs, actors, events, len(site.pages), warnings)
        # Only the outputs whose text changed are rebuilt, and the tags page, whose listing
        # Material makes from the tagged pages' titles (skipped pages are handed to it by
        # `material_compat.TaggedPages`), when a title or tags change.
        tag_sets = {b.id: (b.title, b.tags) for b in content.briefs.values() if b.tags}
        self.changed = None
        if self.dirty and self.good and not was_broken:
            self.changed = changed_outputs(
                {**self.pages, **self.files}, {**site.pages, **site.files}
            )
            if tag_sets != self.tag_sets:
                self.changed.add(paths.TAGS)
            # The site feeds carry briefs' HTML, filled in after MkDocs made it (`finish`).
            if any(paths.brief_path(b) in self.changed for b in site.feed_briefs):
                self.changed.update((paths.ATOM_FEED, paths.JSON_FEED))
        self.tag_sets = tag_sets
        self.pages, self.files, self.feed_briefs = site.pages, site.files, site.feed_briefs
        self.spooled = site.written
        self.urls = Urls(settings.site_url)
        self.good = True

    def _spool_writer(self, settings: Settings) -> Callable[[str, str], None] | None:
        """Outside serve, feeds and API documents go to a folder as they are made and MkDocs
        moves them from there into the site (`_SpooledFile`): at 5,000 briefs holding them
        all costs hundreds of MB at the build's peak. The preview keeps them, to tell which
        ones changed. A `mkdocs build` spools beside the site, any other command in /tmp."""
        self.drop_spool()
        if self.serving:
            return None
        site_dir = settings.site_dir
        if self.command == "build" and site_dir is not None and not is_serve_dir(site_dir):
            self.spool = spool_beside(site_dir)  # its files are moved into the staged site
        else:
            self.spool = Path(tempfile.mkdtemp(prefix="briefing-files-"))
        return file_writer(self.spool)

    def drop_spool(self) -> None:
        if self.spool is not None:
            shutil.rmtree(self.spool, ignore_errors=True)
        self.spool, self.spooled = None, []

    def spooled_files(self) -> dict[str, Path]:
        """The feeds and API documents written to the spool: path -> file to copy."""
        spool = self.spool
        return {} if spool is None else {path: spool / path for path in self.spooled}

    def handed_over(self) -> None:
        """MkDocs now holds the pages: a one-off build need not keep its own references
        (the preview keeps them, to tell what the next save changed)."""
        if not self.serving and self.good and not self.broken:
            self.pages = {}

    def _start_history(self, settings: Settings) -> None:
        """A build (not the preview, which keeps its revision cache in this process and
        shows uncommitted edits) reads the history in a child while the content loads."""
        if settings.history and not self.serving:
            self.pending_history = PendingHistory(settings.content_dir)

    def _stop_history(self) -> None:
        if self.pending_history is not None:
            self.pending_history.close()
            self.pending_history = None

    def _history(self, settings: Settings, content: Content) -> SiteHistory | None:
        """The briefs' revisions from git (None when turned off); notes why there are none."""
        self.history_note = ""
        if not settings.history:
            return None
        if self.pending_history is not None:
            history = self.pending_history.result(content.briefs)
        else:
            history = read_history(
                settings.content_dir,
                working_copy=self.serving,
                cache=self.history_cache,
                current=content.briefs,
            )
        self.history_note = history.note
        if history.shallow and not self.shallow_noticed:
            self.log.info(SHALLOW_NOTICE)  # info, not a warning: a shallow CI clone still builds
            self.shallow_noticed = True
        return history

    def _show_problems(self) -> None:
        self.drop_spool()
        self.changed = None  # every page shows the banner
        if not self.good:  # no last good version yet: the error page instead
            self.pages, self.files = {paths.HOME: ERROR_PAGE_MARKDOWN}, {}

    def crashed(self, exc: BaseException, last_resort: bool = False) -> None:
        """An unexpected failure: the next build shows it, on the last good pages if any.

        `last_resort` (the build showing the last good pages failed too) drops them for
        the bare error page.
        """
        exc, self.failure = self.failure or exc, None  # the cause, not MkDocs' Abort
        self.crash, self.crash_pending = crash_text(exc), True
        self.log.error(f"briefing: {self.crash}")
        self.log.debug("briefing: the failure in detail", exc_info=exc)
        if last_resort:
            self.good = False

    def problems(self) -> list[str]:
        return describe(self.errors) + ([self.crash] if self.crash else [])

    def outputs(self) -> dict[str, str]:
        """Every generated file (pages, feeds, API documents) by path."""
        return {**self.pages, **self.files}

    def unchanged(self, path: str) -> bool:
        return self.changed is not None and path not in self.changed

    def changed_page_urls(self, directory_urls: bool) -> set[str] | None:
        """URLs of the pages this build rewrites; None when it rewrites all of them."""
        if self.changed is None:
            return None
        paths = (path for path in self.changed if path.endswith(".md"))
        return {page_url(path, directory_urls) for path in paths}

    def page_html(self, src_uri: str, html: str) -> str:
        """A page's HTML as shown: with the banner (or error report) when broken."""
        if self.broken:
            if self.good:
                if self.banner is None:  # one banner per build, shown on every page
                    self.banner = error_banner_html(self.problems())
                return self.banner + html
            if src_uri == paths.HOME:
                return html + error_report_html(self.problems(), self.errors)
            return html
        brief_id = paths.brief_of(src_uri)
        if brief_id is not None and brief_id in self.feed_briefs:
            self.html[brief_id] = absolutize_html(html, self.urls.brief(brief_id))
        return html

    def finish(self, site_dir: Path) -> None:
        """After MkDocs wrote the pages: the summary line, and the feeds' HTML filled in."""
        self.drop_spool()  # MkDocs copied the spooled files before this event
        if self.broken:
            shown = "the last good pages" if self.good else "the error page"
            self.log.info(f"briefing: {len(self.problems())} problem(s), showing {shown}")
            return
        if self.counts:
            note = f"; no history: {self.history_note}" if self.history_note else ""
            withheld = f"; {self.withheld_note}" if self.withheld_note else ""
            self.log.info(summary(*self.counts, self.progress.elapsed()) + withheld + note)
        for name, as_json in ((paths.ATOM_FEED, False), (paths.JSON_FEED, True)):
            path = site_dir / name
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                filled = fill_placeholders(text, lambda b: self.html.get(b, ""), as_json)
                path.write_text(filled, encoding="utf-8")

    @property
    def needs_pagefind(self) -> bool:
        return self.search == "pagefind" and not self.broken

    def completed(self) -> None:
        """The build ran its last event; MkDocs may still abort it (--strict) after this."""
        self.done = True

    def failed(self, error: BaseException) -> None:
        """The build failed: the staged site is dropped, the published one stays."""
        self.done = False
        self.failure = self.failure or error
        self.drop_spool()
        if self.staging is not None:
            self.staging.discard()
            self.staging = None

    def shutdown(self) -> None:
        """The end of the MkDocs command: publish the staged site if its build succeeded."""
        self.drop_spool()
        if self.staging is None:
            return
        if self.done:
            self.staging.commit()
        else:  # interrupted (Ctrl-C) before the build finished
            self.staging.discard()
        self.staging = None
