"""Revision history from git: real repositories in tmp_path, real `mkdocs build --strict`.

Each test makes its own repository with fixed commit dates, so nothing here depends on
this project's own git history or on the example content.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import xml.etree.ElementTree as ET
from datetime import UTC, date
from pathlib import Path

import pytest
from gitrepo import CORRECTION, brief_yaml, commit, git, new_project, three_commits, write_brief
from helpers import examples, mkdocs, set_plugin_options
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import history_child
from generator.api import Urls
from generator.changes import Change, Revision
from generator.cli import main
from generator.feeds import render_html
from generator.history import SHALLOW_NOTICE, SiteHistory, read_history
from generator.history_child import PendingHistory, fork_available
from generator.history_pages import HistoryPages
from generator.index import build_index
from generator.model import Content
from generator.site import MARKDOWN_EXTENSIONS, Options, build_site
from generator.validate import load_content

MOVE = "likelihood: likely → very likely"
SUBJECTS = (
    "Add missile test brief",
    "Raise likelihood after new imagery",
    "Correct the launch site",
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The issue's three-commit repository, built with `mkdocs build --strict`."""
    project = new_project(tmp_path_factory.mktemp("history") / "project")
    three_commits(project)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    (project / "build.log").write_text(result.stderr, encoding="utf-8")
    return project


@pytest.mark.slow
def test_brief_page_lists_three_revisions_with_the_judgment_move(built: Path) -> None:
    html = (built / "site" / "briefs" / "missile-test" / "index.html").read_text("utf-8")
    assert 'id="history"' in html
    section = html[html.index('id="history"') :]
    positions = [section.index(subject) for subject in SUBJECTS]
    assert positions == sorted(positions, reverse=True)  # newest first
    assert f'<span class="bf-move">{MOVE}</span>' in section
    assert "summary changed" in section
    assert "1 correction added" in section
    assert "5 March 2025" in section


@pytest.mark.slow
def test_updated_comes_from_the_last_change_of_meaning(built: Path) -> None:
    html = (built / "site" / "briefs" / "missile-test" / "index.html").read_text("utf-8")
    assert "Updated 5 March 2025" in html


@pytest.mark.slow
def test_changes_page_lists_the_revisions_and_links_the_history(built: Path) -> None:
    html = (built / "site" / "changes" / "index.html").read_text("utf-8")
    for subject in SUBJECTS:
        assert subject in html
    assert MOVE in html
    assert 'href="../briefs/missile-test/#history"' in html
    assert '<link rel="alternate feed" type="application/atom+xml"' in html
    assert 'What&#39;s new" href="feed.xml">' in html  # changes/feed.xml, autodiscovered
    nav = (built / "site" / "index.html").read_text("utf-8")
    assert "What&#39;s new" in nav or "What's new" in nav


@pytest.mark.slow
def test_changes_feed_and_history_document(built: Path) -> None:
    feed = ET.parse(built / "site" / "changes" / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles == [f"Missile test: {s}" for s in reversed(SUBJECTS)]
    doc = json.loads(
        (built / "site" / "api" / "briefs" / "missile-test" / "history.json").read_text()
    )
    assert [r["subject"] for r in doc["revisions"]] == list(reversed(SUBJECTS))
    assert doc["revisions"][1]["changes"][0] == {
        "kind": "move",
        "text": MOVE,
        "judgment": 1,
        "judgment_text": "North Korea will test again within the year.",
    }
    schema = json.loads((built / "site" / "api" / "schema" / "history.schema.json").read_text())
    assert set(schema["required"]) == {"version", "brief", "revisions"}


@pytest.mark.slow
def test_actor_page_lists_judgment_changes(built: Path) -> None:
    html = (built / "site" / "actors" / "kcna" / "index.html").read_text("utf-8")
    assert 'id="judgment-changes"' in html
    assert MOVE in html


@pytest.mark.slow
def test_copy_without_git_builds_strict_without_history(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "zip"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns(".git", "site"))
    result = mkdocs(copy, "build", "--strict")
    assert result.returncode == 0, result.stderr
    html = (copy / "site" / "briefs" / "missile-test" / "index.html").read_text("utf-8")
    assert 'id="history"' not in html
    assert result.stderr.count("no history: content is not in a git repository") == 1
    assert (copy / "site" / "changes" / "index.html").is_file()


@pytest.mark.slow
def test_no_git_on_path_builds_and_says_so_once(built: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    copy = tmp_path / "copy"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns("site"))
    result = mkdocs(copy, "build", "--strict", env={"PATH": str(empty)})
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("no history: git is not installed") == 1
    html = (copy / "site" / "briefs" / "missile-test" / "index.html").read_text("utf-8")
    assert 'id="history"' not in html


@pytest.mark.slow
def test_shallow_clone_builds_with_one_info_notice(built: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{built}", str(clone))
    result = mkdocs(clone, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("fetch-depth: 0") == 1
    assert f"INFO    -  {SHALLOW_NOTICE}" in result.stderr
    history = read_history(clone / "content")
    assert history.shallow
    assert [r.subject for r in history.of("missile-test")] == [SUBJECTS[-1]]


def test_publish_workflow_fetches_the_full_history(root: Path) -> None:
    workflow = (root / ".github" / "workflows" / "publish.yml").read_text("utf-8")
    assert "fetch-depth: 0" in workflow


# --- Repository states, read directly (no site build) -----------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return new_project(tmp_path / "project")


def subjects(project: Path, brief_id: str = "missile-test") -> list[str]:
    return [r.subject for r in read_history(project / "content").of(brief_id)]


def test_renames_are_followed(project: Path) -> None:
    three_commits(project)
    briefs = project / "content" / "briefs"
    git(project, "mv", str(briefs / "missile-test.yml"), str(briefs / "missile-launch.yml"))
    commit(project, "Rename the brief", "2025-03-06T09:00:00+00:00")
    assert subjects(project, "missile-launch") == ["Rename the brief", *reversed(SUBJECTS)]
    assert subjects(project, "missile-test") == []
    rename = read_history(project / "content").of("missile-launch")[0]
    assert not rename.meaningful  # same content under a new name


def test_detached_head(project: Path) -> None:
    three_commits(project)
    git(project, "checkout", "-q", "--detach", "HEAD~1")
    assert subjects(project) == list(reversed(SUBJECTS[:2]))


def test_file_deleted_and_re_added(project: Path) -> None:
    write_brief(project, brief_yaml())
    commit(project, "Add", "2025-03-01T09:00:00+00:00")
    (project / "content" / "briefs" / "missile-test.yml").unlink()
    commit(project, "Delete", "2025-03-02T09:00:00+00:00")
    write_brief(project, brief_yaml("very likely"))
    commit(project, "Re-add", "2025-03-03T09:00:00+00:00")
    revisions = read_history(project / "content").of("missile-test")
    assert [r.subject for r in revisions] == ["Re-add", "Delete", "Add"]
    assert [c.kind for r in revisions for c in r.changes] == ["added", "deleted", "added"]


def test_merge_commits(project: Path) -> None:
    write_brief(project, brief_yaml())
    commit(project, "Add", "2025-03-01T09:00:00+00:00")
    git(project, "checkout", "-q", "-b", "desk")
    write_brief(project, brief_yaml("very likely"))
    commit(project, "Desk raises likelihood", "2025-03-02T09:00:00+00:00")
    git(project, "checkout", "-q", "main")
    write_brief(project, brief_yaml(), "other.yml")
    commit(project, "Another brief", "2025-03-03T09:00:00+00:00")
    git(
        project,
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge desk",
        "desk",
        when="2025-03-04T09:00:00+00:00",
    )
    revisions = read_history(project / "content").of("missile-test")
    assert [r.subject for r in revisions] == ["Desk raises likelihood", "Add"]
    assert revisions[0].moves[0].text == MOVE


def test_non_utf8_commit_message(project: Path) -> None:
    write_brief(project, brief_yaml())
    git(project, "add", "-A")
    message = project / "message"
    message.write_bytes("Añadir informe \x01<b>".encode("latin-1"))
    git(project, "-c", "i18n.commitEncoding=latin-1", "commit", "-q", "-F", str(message))
    [subject] = subjects(project)
    assert subject.startswith("A") and "informe" in subject
    content, _ = load_content(project / "content", project)
    urls = Urls("https://briefing.example.org/")
    pages = HistoryPages(read_history(project / "content"), build_index(content), urls)
    ET.fromstring(pages.atom("Briefing"))  # well-formed despite the control character
    assert "<b>" not in pages.brief_section("briefs/missile-test.md", "missile-test")


def test_revision_with_invalid_yaml_is_shown_not_fatal(project: Path) -> None:
    write_brief(project, brief_yaml())
    commit(project, "Add", "2025-03-01T09:00:00+00:00")
    write_brief(project, "title: [unclosed\n")
    commit(project, "Break it", "2025-03-02T09:00:00+00:00")
    write_brief(project, brief_yaml("very likely"))
    commit(project, "Fix it", "2025-03-03T09:00:00+00:00")
    revisions = read_history(project / "content").of("missile-test")
    assert [c.text for c in revisions[1].changes] == ["could not be read at this revision"]
    assert revisions[0].moves[0].text == MOVE  # compared with the last readable version


def test_whitespace_and_comments_are_not_a_change_of_meaning(project: Path) -> None:
    write_brief(project, brief_yaml())
    commit(project, "Add", "2025-03-01T09:00:00+00:00")
    write_brief(project, brief_yaml(comment="# reviewed\n") + "\n\n")
    commit(project, "Comment", "2025-03-09T09:00:00+00:00")
    history = read_history(project / "content")
    assert [r.meaningful for r in history.of("missile-test")] == [False, True]
    assert history.meaning_updated("missile-test") is None  # adding is not updating
    write_brief(project, brief_yaml("very likely"))
    commit(project, "Raise", "2025-03-10T09:00:00+00:00")
    write_brief(project, brief_yaml("very likely", comment="# checked\n"))
    commit(project, "Comment again", "2025-03-11T09:00:00+00:00")
    assert read_history(project / "content").meaning_updated("missile-test") == date(2025, 3, 10)


def test_uncommitted_edits_are_the_newest_revision_in_preview(project: Path) -> None:
    three_commits(project)
    write_brief(
        project, brief_yaml("almost certain", "North Korea tested a new missile.", CORRECTION)
    )
    write_brief(project, brief_yaml(), "untracked.yml")
    assert subjects(project) == list(reversed(SUBJECTS))  # a build ignores the working copy
    history = read_history(project / "content", working_copy=True)
    newest = history.of("missile-test")[0]
    assert not newest.committed and newest.subject == "not yet committed"
    assert newest.moves[0].text == "likelihood: very likely → almost certain"
    assert [c.kind for c in history.of("untracked")[0].changes] == ["added"]


def test_drafts_never_appear(project: Path) -> None:
    three_commits(project)
    write_brief(project, brief_yaml() + "status: draft\n", "secret-plan.yml")
    commit(project, "Add a draft", "2025-03-07T09:00:00+00:00")
    content, _ = load_content(project / "content", project)
    site = build_site(content, Options(), history=read_history(project / "content"))
    assert "secret-plan" not in site.pages["changes.md"]
    assert "secret-plan" not in site.files["changes/feed.xml"] + site.files["changes/feed.json"]
    assert "api/briefs/secret-plan/history.json" not in site.files
    assert "secret-plan" not in site.pages["actors/kcna.md"].split("## Judgment changes")[-1]


def test_history_off_keeps_pages_free_of_git(project: Path) -> None:
    three_commits(project)
    content, _ = load_content(project / "content", project)
    history = read_history(project / "content")
    site = build_site(content, Options(history=False), history=history)
    assert "## History" not in site.pages["briefs/missile-test.md"]
    assert "api/briefs/missile-test/history.json" not in site.files


def test_check_warns_when_updated_is_older_than_the_meaning(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_brief(project, brief_yaml() + 'updated: "2025-03-02"\n')
    commit(project, "Add", "2025-03-01T09:00:00+00:00")
    write_brief(project, brief_yaml("very likely") + 'updated: "2025-03-02"\n')
    commit(project, "Raise", "2025-03-04T09:00:00+00:00")
    # `briefing check` in-process, as the console script runs it (test_cli runs the script).
    monkeypatch.chdir(project)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    assert main(["check"]) == 0
    stderr = capsys.readouterr().err
    assert "content/briefs/missile-test.yml:10:" in stderr
    assert "meaning changed on 2025-03-04" in stderr
    assert main(["check", "--strict"]) == 1


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_generate_writes_the_history_the_plugin_build_shows(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    three_commits(project)
    out = tmp_path / "out"
    assert main(["generate", "--config", str(project / "mkdocs.yml"), "--out", str(out)]) == 0
    page = (out / "docs" / "briefs" / "missile-test.md").read_text(encoding="utf-8")
    section = page[page.index("## History { #history }") :]
    positions = [section.index(subject) for subject in SUBJECTS]
    assert positions == sorted(positions, reverse=True)
    assert f'<span class="bf-move">{MOVE}</span>' in section
    assert MOVE in (out / "docs" / "changes.md").read_text(encoding="utf-8")
    assert (out / "docs" / "api" / "briefs" / "missile-test" / "history.json").is_file()
    assert "no history" not in capsys.readouterr().err

    set_plugin_options(project, history="false")  # as the plugin build, off when told
    assert main(["generate", "--config", str(project / "mkdocs.yml"), "--out", str(out)]) == 0
    assert "## History" not in (out / "docs" / "briefs" / "missile-test.md").read_text("utf-8")
    assert not (out / "docs" / "api" / "briefs" / "missile-test" / "history.json").exists()


def test_generate_outside_a_repository_says_why_there_is_no_history(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    three_commits(project)
    shutil.rmtree(project / ".git")
    out = tmp_path / "out"
    assert main(["generate", "--config", str(project / "mkdocs.yml"), "--out", str(out)]) == 0
    assert "## History" not in (out / "docs" / "briefs" / "missile-test.md").read_text("utf-8")
    assert "no history: content is not in a git repository" in capsys.readouterr().err


# --- The History list as HTML: what Python-Markdown makes of the Markdown list ----------

_MARKDOWN_CHARS = st.sampled_from("\\`*_[](){}#+-.!|~<>&;:\"' \t\n·“”→0aZ")
# Texts come from git (decoded with replacement) and validated YAML: never a lone surrogate.
_TEXT = st.text(st.one_of(_MARKDOWN_CHARS, st.characters(codec="utf-8")), max_size=30)
_CHANGE = st.builds(
    Change,
    kind=st.sampled_from(["summary", "sources", "judgment-added", "move"]),
    text=st.one_of(_TEXT, _TEXT.map("2 sources added: {}".format)),
    judgment=st.one_of(st.none(), st.integers(1, 20)),
    words=_TEXT,
)
_REVISION = st.builds(
    Revision,
    commit=st.one_of(st.just(""), st.text("0123456789abcdef", min_size=40, max_size=40)),
    moment=st.datetimes(timezones=st.just(UTC)),
    subject=_TEXT,
    changes=st.lists(_CHANGE, max_size=3).map(tuple),
)


@given(st.lists(_REVISION, min_size=1, max_size=4))
@settings(max_examples=examples(150), deadline=None)
def test_history_html_is_what_markdown_makes_of_the_history_list(
    revisions: list[Revision],
) -> None:
    content = Content({}, {})
    pages = HistoryPages(SiteHistory(True), build_index(content), Urls(None))
    html = pages.history_html(revisions)
    if html is not None:
        assert html == render_html(pages.history_markdown(revisions), MARKDOWN_EXTENSIONS)


# --- Read in a forked child while the content loads ---------------------------------------


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite's own threads (the session's browser) would make the build read the
    history in process: these tests fork regardless; their child only runs git."""
    monkeypatch.setattr(threading, "active_count", lambda: 1)


@pytest.mark.skipif(not fork_available(), reason="fork is not the start method here")
@pytest.mark.usefixtures("forking")
def test_history_read_in_a_child_is_the_history_read_in_process(project: Path) -> None:
    three_commits(project)
    content, _ = load_content(project / "content", project)
    pending = PendingHistory(project / "content")
    assert pending.process is not None  # really forked
    from_child = pending.result(content.briefs)
    assert pending.process is None  # joined
    assert from_child == read_history(project / "content", current=content.briefs)
    assert [r.subject for r in from_child.of("missile-test")] == list(reversed(SUBJECTS))


def _die(*args: object) -> None:
    os._exit(3)  # the child dies without a word


@pytest.mark.skipif(not fork_available(), reason="fork is not the start method here")
@pytest.mark.usefixtures("forking")
def test_a_child_that_dies_leaves_the_history_to_the_parent(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    three_commits(project)
    monkeypatch.setattr(history_child, "_read_in_child", _die)
    pending = PendingHistory(project / "content")
    assert pending.process is not None
    history = pending.result()
    assert [r.subject for r in history.of("missile-test")] == list(reversed(SUBJECTS))


def test_without_fork_the_history_is_read_when_needed(project: Path) -> None:
    three_commits(project)
    pending = PendingHistory(project / "content", fork=False)
    assert pending.process is None
    assert pending.result() == read_history(project / "content")


@pytest.mark.skipif(not fork_available(), reason="fork is not the start method here")
@pytest.mark.usefixtures("forking")
def test_a_build_that_stops_early_ends_its_child(project: Path) -> None:
    three_commits(project)
    pending = PendingHistory(project / "content")
    process = pending.process
    assert process is not None
    pending.close()
    assert not process.is_alive() and pending.process is None
