"""The MkDocs glue: run the Briefing core and hand MkDocs the generated pages.

Only adapts MkDocs events. Validation happens in `on_config`, before MkDocs cleans
`site/`, so a failed `mkdocs build` leaves the last good site in place. Under
`mkdocs serve` a content error never stops the server: the last good pages stay up with
the errors shown on every page, and the next good save recovers by itself.

Under `mkdocs serve --dirty` (what `make serve` runs) a save rebuilds only the pages
whose Markdown changed: unchanged files are read from a cache, every page is generated
again (cheap), and MkDocs is told which generated files did not change.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from .api import Urls
from .context import page_url
from .diagnostics import BriefingError, Diagnostic, format_diagnostic, format_report
from .feeds import PLACEHOLDER, absolutize_html, fill_placeholders
from .history import SHALLOW_NOTICE, RevisionCache, SiteHistory, read_history
from .model import Content
from .progress import Progress, summary
from .prose import escape
from .search import (
    PAGEFIND_SCRIPT,
    SearchError,
    choose_backend,
    empty_material_index,
    index_with_pagefind,
)
from .site import MARKDOWN_EXTENSIONS, Options, build_site, changed_outputs
from .validate import LoadCache, load_content

log = logging.getLogger("mkdocs.plugins.briefing")


class BriefingConfig(Config):
    content = c.Optional(c.Type(str))  # default: the docs_dir
    autolink = c.Type(bool, default=True)
    drafts = c.Choice(("auto", "show", "hide"), default="auto")  # auto: shown only in serve
    search = c.Choice(("auto", "material", "pagefind"), default="auto")
    search_threshold = c.Type(int, default=500)  # briefs from which `auto` uses Pagefind
    history = c.Type(bool, default=True)  # revision history from git


class _GeneratedFile(File):
    """A generated file that a dirty rebuild skips when its content did not change."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged and super().is_modified()


class _QuietDirtyWarning(logging.Filter):
    # MkDocs warns that dirty builds give inaccurate links; Briefing decides per file what
    # to rebuild from the content itself, so the warning does not apply.
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.cache = LoadCache()
        self.changed: set[str] | None = None  # outputs to rebuild; None: all of them
        self.tag_sets: object = None
        self.kept_search_entries: list[Any] | None = None
        self.progress = Progress()
        self.counts: tuple[int, int, int, int, int] | None = None
        self.search = "material"
        self.pages: dict[str, str] = {}  # the last good pages, kept across serve rebuilds
        self.files: dict[str, str] = {}  # feeds and API documents, likewise
        self.html: dict[str, str] = {}  # brief id -> HTML MkDocs built, for the site feeds
        self.feed_briefs: frozenset[str] = frozenset()  # the briefs the site feeds carry
        self.urls = Urls(None)
        self.errors: list[Diagnostic] = []
        self.good = False  # a good build happened; until then self.pages is the error page
        self.history_cache = RevisionCache()  # loaded revisions by blob, across serve rebuilds
        self.history_note = ""  # why the site has no history, for the summary line
        self.shallow_noticed = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance alive across `mkdocs serve` rebuilds.
        self.serving = command == "serve"
        self.dirty = dirty
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirtyWarning())

    # Late, so that use_directory_urls is final (the offline plugin turns it off).
    @event_priority(-100)
    def on_config(self, config: Any) -> Any:
        for name, ext_config in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs.setdefault(name, ext_config)
        root = Path(config.config_file_path or ".").resolve().parent
        content_dir = root / (self.config.content or config.docs_dir)
        show_drafts = self.config.drafts == "show" or (
            self.config.drafts == "auto" and self.serving
        )
        self.progress = Progress()
        try:
            # The parse cache pays off only across serve rebuilds; a build keeps no copy.
            cache = self.cache if self.serving else None
            content, warnings = load_content(content_dir, root, cache, self.progress)
        except BriefingError as exc:
            self.errors = exc.diagnostics
            self.changed = None  # every page shows the banner
            if not self.serving:
                raise PluginError("Briefing content is invalid:\n" + str(exc)) from None
            for diag in exc.diagnostics:
                log.warning(format_diagnostic(diag))
            if not self.good:  # no last good version yet: the error page instead
                self.pages = {"index.md": _error_page(exc.diagnostics)}
            return config
        was_broken, self.errors = bool(self.errors), []
        for diag in warnings:
            log.info(format_diagnostic(diag))  # info: warnings must not fail --strict
        if not show_drafts:
            content = content.published()
        options = Options(
            site_name=config.site_name,
            site_url=config.site_url,
            autolink=self.config.autolink,
            directory_urls=config.use_directory_urls,
        )
        self.search = choose_backend(
            self.config.search, len(content.briefs), self.config.search_threshold
        )
        if self.search == "pagefind":
            if PAGEFIND_SCRIPT not in config.extra_javascript:
                config.extra_javascript.append(PAGEFIND_SCRIPT)
            # Material's index would be thrown away: don't let it collect every page's text
            # (at 5,000 briefs that is ~100 MB held in memory). Its search box stays.
            index = getattr(config.plugins.get("material/search"), "search_index", None)
            if index is not None:
                index.add_entry_from_context = lambda page: None
        history = self._history(content_dir, content)
        site = build_site(content, options, PLACEHOLDER.format, self.progress, history)
        self.feed_briefs = site.feed_briefs
        self.progress.finish()
        events = sum(len(b.events) for b in content.briefs.values())
        self.counts = (
            len(content.briefs),
            len(content.actors),
            events,
            len(site.pages),
            len(warnings),
        )
        # Material assembles tag listings (brief titles under each tag) from every tagged
        # page it renders, so a change of tags or titles needs every page rebuilt;
        # otherwise only the outputs whose text changed.
        tag_sets = sorted((b.id, b.title, tuple(b.tags)) for b in content.briefs.values())
        self.changed = None
        if self.dirty and self.good and not was_broken and tag_sets == self.tag_sets:
            self.changed = changed_outputs(
                {**self.pages, **self.files}, {**site.pages, **site.files}
            )
        self.tag_sets = tag_sets
        self.pages, self.files = site.pages, site.files
        self.urls = Urls(config.site_url)
        self.good = True
        return config

    def _history(self, content_dir: Path, content: Content) -> SiteHistory | None:
        if not self.config.history:
            self.history_note = ""
            return None
        history = read_history(
            content_dir, working_copy=self.serving, cache=self.history_cache, current=content.briefs
        )
        self.history_note = history.note
        if history.shallow and not self.shallow_noticed:
            log.info(SHALLOW_NOTICE)  # info, not a warning: a shallow CI clone still builds
            self.shallow_noticed = True
        return history

    def on_files(self, files: Files, *, config: Any) -> Files:
        for path, text in {**self.pages, **self.files}.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            generated = _GeneratedFile.generated(config, path, content=text)
            assert isinstance(generated, _GeneratedFile)
            generated.unchanged = self.changed is not None and path not in self.changed
            files.append(generated)
        if self.dirty:
            self._keep_search_entries(config)
        return files

    def _keep_search_entries(self, config: Any) -> None:
        """Keep Material's search entries of the pages this dirty build skips.

        Material merges dirty builds assuming one page changed; here several (or all) may,
        so the entries of changed pages are dropped and the rest handed back in
        on_post_build.
        """
        search = config.plugins.get("material/search")
        previous = getattr(search, "search_index_prev", None)
        if previous is None:
            return
        if self.changed is None:  # every page is rebuilt: nothing to keep
            search.search_index_prev = None
            return
        changed_urls = {
            page_url(path, config.use_directory_urls)
            for path in self.changed or ()
            if path.endswith(".md")
        }
        self.kept_search_entries = [
            entry
            for entry in previous.entries
            if entry["location"].split("#")[0] not in changed_urls
        ]
        search.search_index_prev = None

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        # Keep each brief's HTML for the site feeds (kept across serve rebuilds).
        parts = page.file.src_uri.split("/")
        if len(parts) == 2 and parts[0] == "briefs":
            brief_id = parts[1].removesuffix(".md")
            if brief_id in self.feed_briefs:
                self.html[brief_id] = absolutize_html(html, self.urls.brief(brief_id))
        return html

    @event_priority(50)  # before Material's search writes its index
    def _post_build_feeds(self, *, config: Any) -> None:
        if self.kept_search_entries is not None:
            search = config.plugins.get("material/search")
            search.search_index.entries[:0] = self.kept_search_entries
            self.kept_search_entries = None
        if self.errors:
            log.info(f"briefing: {len(self.errors)} content error(s), showing the last good pages")
        elif self.counts:
            note = f"; no history: {self.history_note}" if self.history_note else ""
            log.info(summary(*self.counts, self.progress.elapsed()) + note)
        site_dir = Path(config.site_dir)
        for name, as_json in (("feed.xml", False), ("feed.json", True)):
            path = site_dir / name
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                filled = fill_placeholders(text, lambda b: self.html.get(b, ""), as_json)
                path.write_text(filled, encoding="utf-8")

    @event_priority(-100)  # after Material's search has written its index
    def _post_build_search(self, *, config: Any) -> None:
        if self.search != "pagefind" or self.errors:
            return
        site_dir = Path(config.site_dir)
        try:
            index_with_pagefind(site_dir)
        except SearchError as exc:
            raise PluginError(str(exc)) from None
        empty_material_index(site_dir)

    on_post_build = CombinedEvent(_post_build_feeds, _post_build_search)

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        if self.errors and self.good:  # the error page itself lists them, without a banner
            return _error_banner(self.errors) + markdown
        return markdown

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        if self.config.content:
            root = Path(config.config_file_path or ".").resolve().parent
            server.watch(str(root / self.config.content))
        return server


def _error_banner(diags: list[Diagnostic]) -> str:
    items = "\n".join(f"    - `{format_diagnostic(d).splitlines()[0]}`" for d in diags)
    return (
        f'!!! failure "Content errors: showing the last good version"\n\n'
        f"    Fix these and save; the preview recovers by itself.\n\n{items}\n\n"
    )


def _error_page(diags: list[Diagnostic]) -> str:
    return f"# {escape('Briefing: content errors')}\n\n```text\n{format_report(diags)}\n```\n"
