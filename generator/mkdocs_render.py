"""Pages converted in a process pool and kept in a persistent cache, for MkDocs to use.

MkDocs converts each page's Markdown on one core (`Page.render`). Here, as soon as the nav
is known (`start`, from the plugin's `on_nav`), every page's source is converted by the same
pipeline `Page.render` runs: Python-Markdown with `markdown_extensions` and `mdx_configs`,
plus MkDocs' own tree processors that make links relative, validate them, collect anchors
and take the title. Workers (`ProcessPoolExecutor`, one per core, forked so that they see
the configuration and the logging setup as they are) do it while MkDocs goes on, and what
the page cache (`render_cache.py`) already holds is not converted at all.

`PageRenderer.adopt` (from `on_pre_page`) gives the page a `render` that takes the result
instead of converting again: the HTML, `page.toc`, the title from the first heading, the
anchors `validation.anchors` checks, the links to other pages' anchors, and the log
messages of the conversion, logged again here with the same logger and text, so a broken
link still warns (and fails `--strict`) naming its page. A page whose Markdown another
plugin changed after reading it, or whose result is missing, is rendered by MkDocs itself.

Everything MkDocs-specific of the pool lives here, not in the core; under ProperDocs the
`mkdocs.*` imports resolve to ProperDocs' own modules.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from types import MethodType, SimpleNamespace
from typing import Any

import markdown
from mkdocs.structure.pages import (
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

from .anchor_scan import anchor_ids
from .collector import frozen
from .render_cache import RenderCache, digest, fingerprint, page_key

PAGES_LOG = logging.getLogger("mkdocs.structure.pages")
log = logging.getLogger("mkdocs.plugins.briefing")
_CHUNK = 8  # pages per task: fewer round trips, still balanced over the workers
Payload = dict[str, Any]


@dataclass(frozen=True)
class _Target:
    """What a link's conversion reads of a file: MkDocs' `File` stripped to that."""

    src_uri: str
    url: str
    inclusion: Any  # mkdocs.structure.files.InclusionLevel


class _RecordingFiles:
    """MkDocs' `Files.get_file_from_path`, noting every lookup for the cache to check later."""

    def __init__(self, targets: dict[str, _Target]) -> None:
        self.targets = targets
        self.lookups: dict[str, list[Any] | None] = {}

    def get_file_from_path(self, path: str) -> _Target | None:
        uri = PurePath(path).as_posix()
        found = self.targets.get(uri)
        self.lookups[uri] = None if found is None else [found.url, found.inclusion.value]
        return found


@dataclass(frozen=True)
class _Setup:
    """What a worker needs besides the pages: the Markdown configuration and the files."""

    extensions: list[str]
    configs: dict[str, Any]
    targets: dict[str, _Target]
    config: Any  # the parts of MkDocs' config the link processor reads
    cache_dir: str | None


class _CapturedLogs(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[list[Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append([record.name, record.levelno, record.getMessage()])


_worker: tuple[_Setup, _CapturedLogs] | None = None


class _AnchorScan(_RawHTMLPreprocessor):
    """MkDocs' scan of a page's raw HTML for anchors, by `anchor_ids` where it can."""

    def run(self, lines: list[str]) -> list[str]:
        found = anchor_ids("\n".join(lines))
        if found is None:
            return super().run(lines)
        self.present_anchor_ids = found  # type: ignore[assignment]  # as MkDocs' (None too)
        return lines


def _init_worker(setup: _Setup) -> None:
    """Route every log record of the worker to a capture, not to the inherited handlers."""
    global _worker
    capture = _CapturedLogs()
    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.handlers, logger.propagate = [], True
    logging.root.handlers = [capture]
    _worker = (setup, capture)


def convert(setup: _Setup, capture: _CapturedLogs, src_uri: str, source: str) -> Payload:
    """One page as `Page.render` would make it, as plain data (JSON-able, for the cache)."""
    capture.records = []
    text, _meta = meta.get_data(source)
    md = markdown.Markdown(extensions=setup.extensions, extension_configs=setup.configs)
    files = _RecordingFiles(setup.targets)
    page_file = setup.targets[src_uri]
    raw_html = _AnchorScan()
    raw_html._register(md)
    anchors = _ExtractAnchorsTreeprocessor(page_file, files, setup.config)  # type: ignore[arg-type]
    anchors._register(md)
    links = _RelativePathTreeprocessor(page_file, files, setup.config)  # type: ignore[arg-type]
    links._register(md)
    title = _ExtractTitleTreeprocessor()
    title._register(md)
    html = md.convert(text)
    return {
        "html": html,
        "toc": getattr(md, "toc_tokens", []),
        "title": title.title,
        "anchors": sorted(anchors.present_anchor_ids | raw_html.present_anchor_ids),
        "links": {target.src_uri: found for target, found in links.links_to_anchors.items()},
        "logs": capture.records,
        "lookups": files.lookups,
        "markdown_digest": digest(text),
    }


def _convert_chunk(jobs: list[tuple[str, str, str]]) -> list[Payload | None]:
    """Convert in a worker; a page that fails is left to MkDocs (which reports the error)."""
    assert _worker is not None
    setup, capture = _worker
    cache = RenderCache(Path(setup.cache_dir)) if setup.cache_dir else None
    results: list[Payload | None] = []
    for src_uri, source, key in jobs:
        try:
            payload = convert(setup, capture, src_uri, source)
        except Exception:
            results.append(None)
            continue
        if cache is not None:
            cache.store(key, payload)
        results.append(payload)
    return results


def _setup(config: Any, files: Any, cache_dir: Path | None) -> _Setup:
    targets = {f.src_uri: _Target(f.src_uri, f.url, f.inclusion) for f in files}
    links = config.validation.links
    settings = SimpleNamespace(  # plain values: a spawned worker gets them pickled
        use_directory_urls=config.use_directory_urls,
        validation=SimpleNamespace(
            links=SimpleNamespace(
                absolute_links=links.absolute_links,
                unrecognized_links=links.unrecognized_links,
                not_found=links.not_found,
            )
        ),
    )
    return _Setup(
        extensions=list(config.markdown_extensions),
        configs=dict(config.mdx_configs or {}),
        targets=targets,
        config=settings,
        cache_dir=str(cache_dir) if cache_dir else None,
    )


def _lookups_hold(payload: Payload, files: Any) -> bool:
    """The link targets the cached conversion saw are still what the files say."""
    for path, seen in payload["lookups"].items():
        found = files.get_file_from_path(path)
        now = None if found is None else [found.url, found.inclusion.value]
        if now != seen:
            return False
    return True


@dataclass
class PageRenderer:
    """Converts a build's pages ahead of MkDocs: in `workers` processes, through `cache_dir`."""

    workers: int
    cache_dir: Path | None
    ready: dict[str, Payload] = field(default_factory=dict)
    pending: dict[str, tuple[Future[list[Payload | None]], int]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    pool: ProcessPoolExecutor | None = None
    setup: _Setup | None = None

    @property
    def active(self) -> bool:
        """Serial (one worker) without a cache is exactly MkDocs' own rendering: nothing to do."""
        return self.workers > 1 or self.cache_dir is not None

    def start(self, config: Any, files: Any) -> None:
        """Look every page up in the cache and send the others to the workers."""
        self.close()
        if not self.active or not all(isinstance(e, str) for e in config.markdown_extensions):
            return  # an Extension object may keep state its plugin reads: MkDocs must run it
        self.setup = _setup(config, files, self.cache_dir)
        cache = RenderCache(self.cache_dir) if self.cache_dir else None
        config_print = fingerprint(self.setup.extensions, self.setup.configs, _settings(config))
        jobs: list[tuple[str, str, str]] = []
        for file in files.documentation_pages():
            try:
                source = file.content_string
            except (OSError, ValueError):
                continue  # MkDocs reports it when it reads the page
            key = page_key(config_print, file.src_uri, file.url, file.inclusion.value, source)
            self.keys[file.src_uri] = key
            cached = cache.load(key) if cache else None
            if cached is not None and _lookups_hold(cached, files):
                self.ready[file.src_uri] = cached
            else:
                jobs.append((file.src_uri, source, key))
        pool = self.workers > 1 and len(jobs) > 1
        if pool:
            self._submit(jobs)
        where = f"in {self.workers} processes" if pool else "in this process"
        log.info(f"briefing: {len(self.ready)} pages from the cache, {len(jobs)} converted {where}")

    def _submit(self, jobs: list[tuple[str, str, str]]) -> None:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        assert self.setup is not None
        setup: _Setup = self.setup
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(setup,),
        )
        # The workers fork on the first submit: frozen, the build's objects stay out of
        # their garbage collections (which would also copy every page of memory they touch).
        with frozen():
            for start in range(0, len(jobs), _CHUNK):
                chunk = jobs[start : start + _CHUNK]
                future = self.pool.submit(_convert_chunk, chunk)
                for index, (src_uri, _source, _key) in enumerate(chunk):
                    self.pending[src_uri] = (future, index)

    def adopt(self, page: Any) -> None:
        """Give `page` a `render` that uses the converted result (from `on_pre_page`)."""
        if self.setup is not None and page.file.src_uri in self.keys:
            page.render = MethodType(self._render, page)

    def _result(self, page: Any) -> Payload | None:
        src_uri = page.file.src_uri
        if src_uri in self.ready:
            return self.ready.pop(src_uri)
        if src_uri in self.pending:
            future, index = self.pending.pop(src_uri)
            try:
                return future.result()[index]
            except Exception:  # a worker died: MkDocs renders the page itself
                return None
        return self._convert_here(src_uri, page.file.content_string)

    def _convert_here(self, src_uri: str, source: str) -> Payload | None:
        assert self.setup is not None
        capture = _CapturedLogs()
        pages_log_handlers = PAGES_LOG.handlers
        PAGES_LOG.addHandler(capture)
        PAGES_LOG.propagate = False  # logged once, below, like a worker's records
        try:
            payload = convert(self.setup, capture, src_uri, source)
        except Exception:
            return None
        finally:
            PAGES_LOG.handlers, PAGES_LOG.propagate = pages_log_handlers, True
        if self.cache_dir is not None:
            RenderCache(self.cache_dir).store(self.keys[src_uri], payload)
        return payload

    def _render(self, page: Any, config: Any, files: Any) -> None:
        payload = self._result(page)
        if payload is None or payload["markdown_digest"] != digest(page.markdown or ""):
            log.debug(f"briefing: MkDocs renders {page.file.src_uri} itself")
            type(page).render(page, config, files)  # another plugin changed the Markdown
            return
        try:
            toc = get_toc(payload["toc"])
            targets = {uri: files.get_file_from_path(uri) for uri in payload["links"]}
            links = {targets[uri]: found for uri, found in payload["links"].items()}
            links.pop(None, None)
        except Exception:  # a cache entry of the right shape but not of MkDocs' making
            type(page).render(page, config, files)
            return
        for name, level, message in payload["logs"]:
            logging.getLogger(name).log(level, message)
        page.content, page.toc = payload["html"], toc
        page._title_from_render = payload["title"]
        page.present_anchor_ids = set(payload["anchors"])
        if PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = links

    def close(self, prune: bool = False) -> None:
        """Stop the workers; `prune` (after a full build) drops entries no page used."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if prune and self.cache_dir is not None and self.keys:
            RenderCache(self.cache_dir).prune(self.keys.values())
        self.pool, self.setup = None, None
        self.ready, self.pending, self.keys = {}, {}, {}


def _settings(config: Any) -> list[Any]:
    links = config.validation.links
    return [
        config.use_directory_urls,
        [links.absolute_links, links.unrecognized_links, links.not_found],
        PAGES_LOG.getEffectiveLevel() > logging.DEBUG,
    ]


def worker_count(option: int) -> int:
    """`workers: 0` means one per core this process may use."""
    if option > 0:
        return option
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
