"""The plugin driven in-process, hook by hook, as MkDocs calls it (no subprocess).

Each test loads the project's real mkdocs.yml from a copy, then calls the Briefing
plugin's hooks in MkDocs' order: a good build, a bad build, a recovery, a first build
that fails, an injected crash, and the staging of `mkdocs build`.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from helpers import copy_project, site_dirs
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel, get_files

from generator import session as session_module
from generator.feeds import PLACEHOLDER
from generator.plugin import BriefingPlugin, _SpooledFile

BRIEF = "north-korea-weapon-test-shoigu-visit"
BRIEF_PAGE = f"briefs/{BRIEF}.md"
BANNER = 'class="admonition failure"'
# An unknown key that would close a Markdown code span and a fence, then run a script.
HOSTILE_KEY = "x`` ```\n<script>alert(1)</script>"


class Build:
    """One project copy, its loaded config and its Briefing plugin."""

    def __init__(self, project: Path, command: str, dirty: bool = False) -> None:
        self.project = project
        # MkDocs caches plugins with startup events for serve rebuilds, process-wide; each
        # Build is one MkDocs process, with fresh plugins.
        plugins_option: Any = dict(MkDocsConfig._schema)["plugins"]
        plugins_option.plugin_cache.clear()
        self.config: Any = load_config(config_file=str(project / "mkdocs.yml"))
        plugin = self.config.plugins["briefing"]
        assert isinstance(plugin, BriefingPlugin)
        self.plugin = plugin
        plugin.on_startup(command=command, dirty=dirty)
        # MkDocs names the plugin running an event (File.generated records it).
        self.config.plugins._current_plugin = "briefing"

    def run(self) -> tuple[Files, dict[str, str]]:
        """on_config, on_files, on_page_content for every page, on_post_build."""
        for configure in self.plugin.on_config.methods:  # a CombinedEvent, in order
            self.config = configure(self.config)
        files = self.plugin.on_files(get_files(self.config), config=self.config)
        html: dict[str, str] = {}
        for file in files.documentation_pages():
            page = SimpleNamespace(file=file)
            html[file.src_uri] = self.plugin.on_page_content(
                f"<h1>{file.src_uri}</h1>", page=page, config=self.config, files=files
            )
        site = Path(self.config.site_dir)
        site.mkdir(parents=True, exist_ok=True)
        feed = self.plugin.session.files.get("feed.xml")
        spooled = self.plugin.session.spooled_files().get("feed.xml")
        if spooled is not None:  # outside serve, MkDocs copies it from the spool
            feed = spooled.read_text(encoding="utf-8")
        if feed is not None:  # what MkDocs would have copied from the generated file
            (site / "feed.xml").write_text(feed, encoding="utf-8")
        # A CombinedEvent: MkDocs registers and calls its parts, highest priority first.
        for method in self.plugin.on_post_build.methods:
            method(config=self.config)
        return files, html

    def edit(self, old: str, new: str) -> None:
        path = self.project / "content" / "briefs" / f"{BRIEF}.yml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_good_bad_and_recovered_serve_builds(project: Path) -> None:
    build = Build(project, "serve")
    files, html = build.run()
    brief = files.get_file_from_path(BRIEF_PAGE)
    assert brief is not None and brief.inclusion is InclusionLevel.NOT_IN_NAV
    index = files.get_file_from_path("index.md")
    assert index is not None and index.inclusion is not InclusionLevel.NOT_IN_NAV
    assert not any(BANNER in page for page in html.values())
    # The feed placeholders were filled with the brief's HTML from on_page_content.
    feed = (Path(build.config.site_dir) / "feed.xml").read_text(encoding="utf-8")
    assert PLACEHOLDER.format(BRIEF) not in feed and BRIEF_PAGE in feed

    # A bad save: every page keeps its last good content, under an escaped banner that
    # lists each problem with its hint line.
    build.edit("summary:", "sumary:")
    build.edit("\ntags:", f"\n{json_key(HOSTILE_KEY)}: 1\ntags:")
    files, html = build.run()
    assert files.get_file_from_path(BRIEF_PAGE) is not None
    for page in html.values():
        assert page.count(BANNER) == 1
        assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "unknown field &#x27;sumary&#x27;" in page
        assert "hint: did you mean &#x27;summary&#x27;?" in page  # the hint line too

    # The fix: no banner anywhere, every page rebuilt.
    build.edit("sumary:", "summary:")
    build.edit(f"{json_key(HOSTILE_KEY)}: 1\n", "")
    files, html = build.run()
    assert files.get_file_from_path(BRIEF_PAGE) is not None
    assert not any(BANNER in page for page in html.values())
    assert not build.plugin.session.errors


def json_key(key: str) -> str:
    """A YAML double-quoted key (JSON escapes are valid YAML)."""
    return json.dumps(key)


def test_first_serve_build_with_errors_shows_an_escaped_error_page(project: Path) -> None:
    build = Build(project, "serve")
    build.edit("\ntags:", f"\n{json_key(HOSTILE_KEY)}: 1\ntags:")
    files, html = build.run()
    assert [f.src_uri for f in files.documentation_pages()] == ["index.md"]
    page = html["index.md"]
    assert BANNER not in page and '<pre class="briefing-errors">' in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert f"content/briefs/{BRIEF}.yml:" in page


def test_content_warnings_are_mkdocs_warnings(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    build = Build(project, "build")
    lonely = project / "content" / "actors" / "lonely.yml"
    lonely.write_text("name: Lonely\nkind: person\n", encoding="utf-8")
    caplog.set_level(logging.INFO)
    build.run()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any("no brief mentions actor 'lonely'" in r.getMessage() for r in warnings), caplog.text
    summary = [r for r in caplog.records if "briefs," in r.getMessage()]
    assert summary and summary[0].levelno == logging.INFO


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_only_generated_pages_are_published_from_content(project: Path) -> None:
    content = project / "content"
    (content / "evil.md").write_text("<script>alert(1)</script>\n", encoding="utf-8")
    shim = "assets/javascripts/vendor/iframe-worker-shim.js"
    (content / shim).parent.mkdir(parents=True)
    (content / shim).write_text("alert(2)\n", encoding="utf-8")
    files, _ = Build(project, "build").run()
    assert files.get_file_from_path("evil.md") is None
    theirs = files.get_file_from_path(shim)
    assert theirs is not None and Path(theirs.abs_src_path or "").parts[-5] == "theme"
    assert all(f.src_dir is None or "content" not in Path(f.src_dir).parts for f in files)


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_an_unexpected_failure_shows_in_the_preview_and_fails_a_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = Build(project, "serve")
    build.run()

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("injected <b>failure</b>")

    monkeypatch.setattr(session_module, "build_site", broken)
    build.edit("## Overview", "## Overview again")
    files, html = build.run()  # under serve: the last good pages, with the failure
    assert files.get_file_from_path(BRIEF_PAGE) is not None
    assert "RuntimeError: injected &lt;b&gt;failure&lt;/b&gt;" in html[BRIEF_PAGE]
    assert BANNER in html[BRIEF_PAGE]

    monkeypatch.undo()
    _, html = build.run()  # the next save recovers
    assert BANNER not in html[BRIEF_PAGE]

    monkeypatch.setattr(session_module, "build_site", broken)
    with pytest.raises(PluginError, match="RuntimeError: injected"):
        Build(project, "build").run()


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_build_stages_and_publishes_only_on_success(project: Path) -> None:
    site = project / "site"
    site.mkdir()
    (site / "old.html").write_text("last good", encoding="utf-8")

    failed = Build(project, "build")
    failed.run()
    assert Path(failed.config.site_dir) != site  # built elsewhere
    failed.plugin.on_build_error(error=RuntimeError("--strict abort"))
    failed.plugin.on_shutdown()
    assert site_dirs(project) == ["site"]
    assert (site / "old.html").read_text(encoding="utf-8") == "last good"

    good = Build(project, "build")
    good.run()
    good.plugin.on_shutdown()
    assert site_dirs(project) == ["site"]
    assert not (site / "old.html").exists() and (site / "feed.xml").is_file()


def test_invalid_content_fails_a_build_before_anything_is_staged(project: Path) -> None:
    build = Build(project, "build")
    build.edit("summary:", "sumary:")
    with pytest.raises(PluginError, match="unknown field 'sumary'"):
        build.run()
    build.plugin.on_build_error(error=RuntimeError("invalid"))
    build.plugin.on_shutdown()
    assert not any("site" in p.name for p in project.iterdir())


def test_a_dirty_build_stages_a_copy_of_the_site(project: Path) -> None:
    """`mkdocs build --dirty` only adds to the site, so its staging dir starts as a copy."""
    site = project / "site"
    site.mkdir()
    (site / "kept.html").write_text("from the last build", encoding="utf-8")
    build = Build(project, "build", dirty=True)
    build.run()
    staged = Path(build.config.site_dir)
    assert staged != site and (staged / "kept.html").is_file()
    build.plugin.on_shutdown()
    assert (site / "kept.html").is_file() and (site / "feed.xml").is_file()
    assert not staged.exists()


def test_spooled_documents_are_moved_into_the_site(tmp_path: Path) -> None:
    """Feeds and API documents wait beside the site and are moved into it, not copied."""
    spool, site = tmp_path / "spool", tmp_path / "site"
    (spool / "api").mkdir(parents=True)
    (spool / "api" / "briefs.json").write_text("[]", encoding="utf-8")
    plugins = SimpleNamespace(_current_plugin="briefing")
    config = SimpleNamespace(site_dir=str(site), use_directory_urls=True, plugins=plugins)
    source = str(spool / "api" / "briefs.json")
    spooled = _SpooledFile.generated(config, "api/briefs.json", abs_src_path=source)  # type: ignore[call-overload]
    spooled.copy_file()
    assert (site / "api" / "briefs.json").read_text(encoding="utf-8") == "[]"
    assert not (spool / "api" / "briefs.json").exists()
