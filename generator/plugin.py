"""The MkDocs glue: an adapter of MkDocs events to the build session (`session.py`).

Holds no state of its own beyond its session. Validation happens in `on_config`, before
anything is written; `mkdocs build` writes into a staging directory that replaces `site/`
only when the whole build succeeded, `--strict` included, so any failed build leaves the
last good site in place. Under `mkdocs serve` neither a content error nor an unexpected
failure stops the server: the last good pages stay up with the problems shown on every
page, and the next good save recovers by itself. Every use of Material's internals is in
`material_compat.py`.

Registered for both `mkdocs.plugins` and `properdocs.plugins`: under ProperDocs the
`mkdocs.*` imports here resolve to ProperDocs' own modules.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from . import material_compat
from .collector import PausedCollector
from .core_state import FILE_NAME as STATE_FILE
from .diagnostics import BriefingError
from .held_html import HELD_MIN_PAGES, HeldHtml
from .mkdocs_render import PageRenderer, worker_count
from .model import TLP_LEVELS
from .paths import LISTING_PAGE_SIZE, PAGEFIND_SCRIPT
from .raw_blocks import NAME as RAW_BLOCKS
from .search import LazyPagefind, SearchError, empty_material_index, index_with_pagefind
from .search_ahead import IndexingAhead, shard_sizes
from .session import BuildSession, Settings, crash_text, is_entity_page
from .site import MARKDOWN_EXTENSIONS
from .theme_env import ThemeEnvironments, shadows_theme_file
from .watcher import natively_watched, shown_path, watch_natively

log = logging.getLogger("mkdocs.plugins.briefing")


class BriefingConfig(Config):
    content = c.Optional(c.Type(str))  # default: the docs_dir
    autolink = c.Type(bool, default=True)
    drafts = c.Choice(("auto", "show", "hide"), default="auto")  # auto: shown only in serve
    tlp_max = c.Choice(TLP_LEVELS, default="clear")  # briefs marked above it are left out
    search = c.Choice(("auto", "material", "pagefind"), default="auto")
    search_threshold = c.Type(int, default=500)  # briefs from which `auto` uses Pagefind
    # Pages per Pagefind run: its memory grows with them (~475 MB at 1,500 pages).
    search_shard_pages = c.Type(int, default=2000)
    history = c.Type(bool, default=True)  # revision history from git
    page_size = c.Type(int, default=LISTING_PAGE_SIZE)  # items per Timeline/Sources/Quotes page
    # Processes loading files, rendering entity pages and converting pages: 0 = one per core.
    # Off (1) by default (README, "Faster builds"); the page cache works either way.
    workers = c.Type(int, default=1)
    cache = c.Type(bool, default=True)  # keep converted pages between builds
    cache_dir = c.Type(str, default=".cache/briefing")  # relative to mkdocs.yml
    # How `mkdocs serve` notices saves: native file events where they reach (watcher.py).
    watcher = c.Choice(("auto", "native", "poll"), default="auto")


class _GeneratedFile(File):
    """A generated file that a dirty rebuild skips when its content did not change."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged and super().is_modified()


class _SpooledFile(File):
    """A feed or API document the core wrote to the spool. The spool sits beside the staged
    site, on the same file system, so the file is moved into the site instead of copied
    (2,100 files at 1,000 briefs that were written, copied, then deleted)."""

    def copy_file(self, dirty: bool = False) -> None:
        source, destination = self.abs_src_path, Path(self.abs_dest_path)
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(str(source), destination)
        except OSError:  # another file system (a build without staging): copy it
            super().copy_file(dirty)


class _QuietDirtyWarning(logging.Filter):
    # MkDocs warns that dirty builds give inaccurate links; Briefing decides per file what
    # to rebuild from the content itself, so the warning does not apply.
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


@contextmanager
def _no_traceback(session: BuildSession) -> Iterator[None]:
    """Report an unexpected failure as a MkDocs error message, never as a traceback."""
    try:
        yield
    except (PluginError, SearchError):
        raise
    except Exception as exc:
        session.failure = exc  # the preview shows this, not the error MkDocs makes of it
        log.debug("briefing: the failure in detail", exc_info=exc)
        raise PluginError(f"Briefing: {crash_text(exc)}") from None


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.session = BuildSession(log)
        self.renderer = PageRenderer(workers=1, cache_dir=None)
        self.tagged = material_compat.TaggedPages()
        self.lazy_pagefind = LazyPagefind(log)
        self.environments = ThemeEnvironments()
        self.collector = PausedCollector()
        self.search_ahead: IndexingAhead | None = None
        self.held: HeldHtml | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance alive across `mkdocs serve` rebuilds.
        self.session.start(command, dirty)
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirtyWarning())

    @event_priority(100)  # first: Material's search plugin makes environments in its own
    def _config_theme(self, config: Any) -> Any:
        if self.session.serving:
            root = Path(config.config_file_path or ".").resolve().parent
            self.environments.attach(config.theme, root)
        return config

    # Late, so that use_directory_urls is final (the offline plugin turns it off).
    @event_priority(-100)
    def _config_content(self, config: Any) -> Any:
        # The last build's index would be overwritten anyway; its thread ends on its own.
        self.lazy_pagefind.stop(wait=False)
        if self.session.serving and self.session.good:  # a rebuild, not the first build
            self.collector.pause()
        for name, ext_config in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs.setdefault(name, ext_config)
        if RAW_BLOCKS not in config.markdown_extensions:  # the same HTML, converted sooner
            config.markdown_extensions.append(RAW_BLOCKS)
        root = Path(config.config_file_path or ".").resolve().parent
        settings = Settings(
            root=root,
            content_dir=root / (self.config.content or config.docs_dir),
            site_name=config.site_name,
            site_url=config.site_url,
            directory_urls=config.use_directory_urls,
            autolink=self.config.autolink,
            drafts=self.config.drafts,
            tlp_max=self.config.tlp_max,
            search=self.config.search,
            search_threshold=self.config.search_threshold,
            history=self.config.history,
            page_size=max(self.config.page_size, 1),
            workers=worker_count(self.config.workers),
            state_file=root / self.config.cache_dir / STATE_FILE if self.config.cache else None,
            site_dir=Path(config.site_dir),
        )
        with _no_traceback(self.session):
            try:
                with self.collector.core_build():
                    self.session.prepare(settings)
            except BriefingError as exc:
                raise PluginError("Briefing content is invalid:\n" + str(exc)) from None
            # Only now, with the content valid, may the build start writing.
            config.site_dir = str(self.session.stage(Path(config.site_dir)))
        self._configure_renderer(root)
        if self.session.search == "pagefind":
            if PAGEFIND_SCRIPT not in config.extra_javascript:
                config.extra_javascript.append(PAGEFIND_SCRIPT)
            material_compat.stop_search_collection(config.plugins)
        return config

    on_config = CombinedEvent(_config_theme, _config_content)

    def _configure_renderer(self, root: Path) -> None:
        # The preview renders only the changed pages and shows banners on them: converting
        # ahead (and caching) pays off for full builds only.
        if self.session.serving:
            self.renderer = PageRenderer(workers=1, cache_dir=None)
            return
        cache_dir = root / self.config.cache_dir if self.config.cache else None
        self.renderer = PageRenderer(worker_count(self.config.workers), cache_dir)

    def on_files(self, files: Files, *, config: Any) -> Files:
        with _no_traceback(self.session):
            return self._files(files, config)

    def _files(self, files: Files, config: Any) -> Files:
        """Only generated pages are published: nothing else from the docs dir.

        A `.md` page or a script in content/ would otherwise be copied into the site
        verbatim, unsanitized, or shadow the theme's own assets.
        """
        outputs = self.session.outputs()
        spooled = self.session.spooled_files()
        # MkDocs gives every file it found in the docs dir `src_dir = config.docs_dir`.
        dropped = {file.src_uri for file in files if file.src_dir == config.docs_dir}
        replaced = dropped | outputs.keys() | spooled.keys()
        kept = [f for f in files if f.src_uri not in replaced]
        for path, text in outputs.items():
            # Brief and actor pages are linked from the listings, not the nav: saying so
            # keeps MkDocs from listing each of them as "not included in the nav".
            entity = is_entity_page(path)
            inclusion = InclusionLevel.NOT_IN_NAV if entity else InclusionLevel.UNDEFINED
            generated = _GeneratedFile.generated(config, path, content=text, inclusion=inclusion)
            assert isinstance(generated, _GeneratedFile)
            generated.unchanged = self.session.unchanged(path)
            kept.append(generated)
        for path, source in spooled.items():  # moved from the spool, never held
            kept.append(_SpooledFile.generated(config, path, abs_src_path=str(source)))
        self.session.handed_over()
        if self.session.dirty:
            self._keep_search_entries(config)
        published = Files(kept)
        if shadows_theme_file(config, dropped):  # MkDocs left the theme's own file out
            published.add_files_from_theme(config.theme.get_env(), config)
        return published

    def _keep_search_entries(self, config: Any) -> None:
        """Keep Material's search entries of the pages this dirty build skips.

        Material merges dirty builds assuming one page changed; here several (or all) may,
        so the entries of changed pages are dropped and the rest handed back in
        on_post_build.
        """
        previous = material_compat.take_previous_search_entries(config.plugins)
        changed_urls = self.session.changed_page_urls(config.use_directory_urls)
        if previous is None or changed_urls is None:  # nothing to keep
            return
        self.session.kept_search_entries = [
            entry for entry in previous if entry["location"].split("#")[0] not in changed_urls
        ]

    @event_priority(-100)  # last: the files and pages are final
    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        with _no_traceback(self.session):
            self.renderer.start(config, files)
        large = len(files.documentation_pages()) >= HELD_MIN_PAGES
        self.held = HeldHtml() if large and not self.session.serving else None
        return nav

    def on_pre_page(self, page: Any, *, config: Any, files: Files) -> Any:
        self.renderer.adopt(page)
        if self.held is not None:
            self.held.next_page(page)
        return page

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        if self.session.dirty:
            self.tagged.read(page)
        return markdown

    @event_priority(110)  # before Material's tags plugin renders its listings
    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        env.bytecode_cache = self.environments.templates  # compiled once per `mkdocs serve`
        if self.held is not None:
            self.held.hold_converted()  # the last page's
        if self.session.dirty:
            pages = [file.page for file in files.documentation_pages() if file.page]
            self.tagged.add_skipped(config.plugins, pages)
        self._start_search_ahead(Path(config.site_dir), len(files.documentation_pages()))
        return env

    def _start_search_ahead(self, site_dir: Path, pages: int) -> None:
        """A large build's Pagefind indexes pages as MkDocs writes them (`search_ahead.py`);
        the preview indexes after serving the edit (`LazyPagefind`)."""
        if not self.session.needs_pagefind or self.session.serving:
            return
        most = self.config.search_shard_pages
        sizes = shard_sizes(pages, most)
        if sizes:
            with _no_traceback(self.session):
                try:
                    self.search_ahead = IndexingAhead(site_dir, sizes, most)
                except SearchError as exc:
                    raise PluginError(str(exc)) from None

    @event_priority(100)  # first: every plugin sees the page's HTML
    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        if self.held is not None:
            self.held.give_back(page)
        return context

    @event_priority(-100)  # last: the HTML as MkDocs writes it
    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        if self.held is not None:
            self.held.written(page)
        if self.search_ahead is not None:
            self.search_ahead.written(page.file.dest_uri)
        return output

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        with _no_traceback(self.session):
            html = self.session.page_html(page.file.src_uri, html)
        # MkDocs keeps every page's Markdown (and the generated file's text) until the
        # build ends, though nothing reads it once the page is converted: dropped, they
        # are not all held at once at the build's peak. "" rather than None: MkDocs takes
        # a page without Markdown for one without a title.
        page.markdown = ""
        if isinstance(page.file, _GeneratedFile):
            page.file.content_string = ""
        return html

    @event_priority(50)  # before Material's search writes its index
    def _post_build_feeds(self, *, config: Any) -> None:
        with _no_traceback(self.session):
            if self.session.kept_search_entries is not None:
                material_compat.prepend_search_entries(
                    config.plugins, self.session.kept_search_entries
                )
                self.session.kept_search_entries = None
            self.renderer.close(prune=self.session.command == "build" and not self.session.dirty)
            self.session.finish(Path(config.site_dir))

    @event_priority(-100)  # after Material's search has written its index
    def _post_build_search(self, *, config: Any) -> None:
        if self.session.needs_pagefind:
            site_dir = Path(config.site_dir)
            if self.session.serving:  # the preview serves the page first, search follows
                self.lazy_pagefind.start(site_dir, self.config.search_shard_pages)
            else:
                try:
                    if self.search_ahead is not None:
                        self.search_ahead.finish()
                        self.search_ahead = None  # else stopped at the build's error or end
                    else:
                        index_with_pagefind(site_dir, self.config.search_shard_pages)
                except SearchError as exc:
                    raise PluginError(str(exc)) from None
            empty_material_index(site_dir)
        self.session.completed()
        self.collector.resume_later()

    on_post_build = CombinedEvent(_post_build_feeds, _post_build_search)

    def _stop_search_ahead(self) -> None:
        ahead, self.search_ahead = self.search_ahead, None
        if ahead is not None:
            ahead.stop()

    def on_build_error(self, *, error: Exception) -> None:
        self.held = None
        self._stop_search_ahead()
        self.collector.resume_later()
        self.renderer.close()
        self.session.failed(error)

    def on_shutdown(self) -> None:
        self._stop_search_ahead()
        self.collector.resume()
        self.lazy_pagefind.stop()
        self.renderer.close()
        self.session.shutdown()

    @event_priority(-100)  # last, so other plugins see the builder MkDocs made
    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        root = Path(config.config_file_path or ".").resolve().parent
        if self.config.content:
            server.watch(str(root / self.config.content))
        if watch_natively(server, self.config.watcher, log):
            named = (shown_path(Path(path), root) for path in natively_watched(server.observer))
            native = ", ".join(f"'{path}'" for path in named)
            if native:  # where saves go unnoticed (a mount we took for local), say how to poll
                log.info(f"briefing: file events watch {native} (`watcher: poll` to poll)")
        # LiveReloadServer (MkDocs 1.6.1, ProperDocs 1.6.7) runs `server.builder` on every
        # change and, if it raises, never answers a request again until a build succeeds.
        server.builder = self._recovering(server.builder)
        return server

    def _recovering(self, builder: Callable[..., None]) -> Callable[..., None]:
        """`builder`, but a failure rebuilds with the error shown instead of hanging."""

        def build(config: Any = None) -> None:
            try:
                builder(config)
            except Exception as exc:
                self.session.crashed(exc)
                try:
                    builder()  # the last good pages with the failure in the banner
                except Exception as again:
                    self.session.crashed(again, last_resort=True)
                    builder()  # the bare error page

        return build
