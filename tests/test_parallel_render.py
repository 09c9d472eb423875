"""The process pool and the page cache (issue 15) give the same bytes as MkDocs' own rendering.

Every comparison is of whole sites: each file under the built folder, byte for byte, between
a serial build (`workers: 1`, no cache: MkDocs renders every page itself) and a build by the
pool, from a warm cache, or from a corrupted one. The TOC sidebar, anchors and links are in
those bytes; the log tests check that a broken link is reported the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import EXAMPLE_BRIEF, copy_project, mkdocs

pytestmark = pytest.mark.slow

SERIAL = {"BRIEFING_WORKERS": "1", "BRIEFING_CACHE": "false"}
POOL = {"BRIEFING_WORKERS": "2"}  # the cache at its default place in the project
REPORT = re.compile(r"briefing: (\d+) pages from the cache, (\d+) converted")


def build(project: Path, site: Path, env: dict[str, str]) -> str:
    result = mkdocs(project, "build", "--strict", "-d", str(site), env=env)
    assert result.returncode == 0, result.stderr
    return result.stderr


def counts(log: str) -> tuple[int, int]:
    """(pages from the cache, pages converted) as the build reported them."""
    found = REPORT.search(log)
    assert found, log
    return int(found[1]), int(found[2])


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def assert_same_site(expected: Path, actual: Path) -> None:
    want, got = site_files(expected), site_files(actual)
    assert sorted(got) == sorted(want)
    assert [name for name in sorted(want) if want[name] != got[name]] == []


def cache_files(project: Path) -> list[Path]:
    return sorted((project / ".cache" / "briefing").glob("*/*.json"))


def test_pool_and_warm_cache_build_the_serial_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    build(project, tmp_path / "serial", SERIAL)
    cold = build(project, tmp_path / "pool", POOL)
    cached, converted = counts(cold)
    assert cached == 0 and converted > 10
    assert "in 2 processes" in cold
    assert_same_site(tmp_path / "serial", tmp_path / "pool")
    assert len(cache_files(project)) == converted
    assert counts(build(project, tmp_path / "warm", POOL)) == (converted, 0)
    assert_same_site(tmp_path / "serial", tmp_path / "warm")


def test_a_corrupted_cache_never_changes_the_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    build(project, tmp_path / "serial", SERIAL)
    build(project, tmp_path / "filled", POOL)
    entries = cache_files(project)
    other = json.loads(entries[0].read_text(encoding="utf-8"))
    for number, entry in enumerate(entries):
        text = entry.read_text(encoding="utf-8")
        damage = number % 4
        if damage == 0:  # truncated
            entry.write_text(text[: len(text) // 2], encoding="utf-8")
        elif damage == 1:  # garbage
            entry.write_bytes(b"\x00\xff not json at all")
        elif damage == 2:  # valid JSON, the right shape, wrong content
            data = json.loads(text)
            data["payload"]["html"] = "<p>poisoned</p>"
            entry.write_text(json.dumps(data), encoding="utf-8")
        else:  # another page's whole entry under this page's name
            entry.write_text(json.dumps({**other, "key": entry.stem}), encoding="utf-8")
    log = build(project, tmp_path / "rebuilt", POOL)
    assert counts(log)[0] == 0
    assert_same_site(tmp_path / "serial", tmp_path / "rebuilt")
    assert "poisoned" not in (tmp_path / "rebuilt" / "index.html").read_text(encoding="utf-8")


def add_hook(project: Path, code: str) -> None:
    (project / "hook.py").write_text(code, encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - hook.py\n")


def strict_warnings(project: Path) -> tuple[list[str], list[str]]:
    """The WARNING lines of a failing --strict build, serial and by the pool."""
    logs = []
    for env in (SERIAL, POOL):
        result = mkdocs(project, "build", "--strict", env=env)
        assert result.returncode == 1
        logs.append([line for line in result.stderr.splitlines() if "WARNING" in line])
    return logs[0], logs[1]


def test_a_broken_link_is_reported_alike_by_the_pool(tmp_path: Path) -> None:
    """A page that goes missing after generation: its links fail --strict with MkDocs' message."""
    project = copy_project(tmp_path / "project")
    add_hook(
        project,
        "def on_files(files, config):\n"
        "    files.remove(files.get_file_from_path('actors/kcna.md'))\n"
        "    return files\n",
    )
    serial, pool = strict_warnings(project)
    assert any("contains a link" in line and "actors/kcna.md" in line for line in serial)
    assert pool == serial


def test_a_missing_anchor_is_reported_alike_by_the_pool(tmp_path: Path) -> None:
    """Another plugin rewrites the brief page (MkDocs renders that one itself): the links
    of the pool's pages to its event anchors fail `validation.anchors` as in a serial build."""
    project = copy_project(tmp_path / "project")
    add_hook(
        project,
        "def on_page_markdown(markdown, page, config, files):\n"
        f"    if page.file.src_uri == 'briefs/{EXAMPLE_BRIEF}.md':\n"
        "        return '# Rewritten\\n'\n"
        "    return markdown\n",
    )
    serial, pool = strict_warnings(project)
    assert any("does not contain an anchor '#event-6'" in line for line in serial)
    assert pool == serial


def test_a_second_build_after_one_edit_converts_only_what_changed(tmp_path: Path) -> None:
    from benchmark.corpus import write_project  # a slow module's import, kept out of collection

    project = tmp_path / "project"
    write_project(project, 100)
    build(project, tmp_path / "serial", SERIAL)
    cached, pages = counts(build(project, tmp_path / "pool", POOL))
    assert cached == 0 and pages > 100
    assert_same_site(tmp_path / "serial", tmp_path / "pool")

    brief = sorted((project / "content" / "briefs").glob("*.yml"))[0]
    text = brief.read_text(encoding="utf-8")
    edited = text.replace("summary: |\n  ", "summary: |\n  Edited. ", 1)
    assert edited != text
    brief.write_text(edited, encoding="utf-8")
    cached, converted = counts(build(project, tmp_path / "warm", POOL))
    assert 0 < converted < pages // 10 and cached + converted == pages
    build(project, tmp_path / "serial-edited", SERIAL)
    assert_same_site(tmp_path / "serial-edited", tmp_path / "warm")
    assert len(cache_files(project)) == pages  # the entries of the old version are pruned
