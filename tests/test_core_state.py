"""The core's state kept between builds (`generator/core_state.py`).

A build from the kept state must make the very bytes a cold build of the same content
makes, after any edit; a state file that is damaged, of another version or of the wrong
shape is never used.
"""

from __future__ import annotations

import gc
import pickle
import re
from pathlib import Path

import pytest
from helpers import EXAMPLE_BRIEF, copy_project, mkdocs
from test_parallel_render import assert_same_site

from generator import core_state
from generator.core_state import CoreState, load_state, save_state
from generator.diagnostics import BriefingError
from generator.validate import LoadCache, load_content

KEPT = {"BRIEFING_WORKERS": "2", "BRIEFING_CACHE": "true"}
COLD = {"BRIEFING_WORKERS": "1", "BRIEFING_CACHE": "false"}
REUSED = "rendering only what changed since the last build"


def state_file(project: Path) -> Path:
    return project / ".cache" / "briefing" / core_state.FILE_NAME


def build(project: Path, site: Path, env: dict[str, str]) -> str:
    result = mkdocs(project, "build", "--strict", "-d", str(site), env=env)
    assert result.returncode == 0, result.stderr
    return result.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def kept_state(tmp_path: Path) -> CoreState:
    content = tmp_path / "content"
    (content / "briefs").mkdir(parents=True)
    (content / "actors").mkdir()
    files = LoadCache(by_content=True)
    load_content(content, tmp_path, files)
    return CoreState(files)


def test_a_saved_state_is_read_back(tmp_path: Path) -> None:
    path = tmp_path / "state.pickle"
    save_state(path, kept_state(tmp_path))
    assert isinstance(load_state(path), CoreState) and load_state(path).files.by_content


@pytest.mark.parametrize("collecting", [True, False])
def test_reading_the_state_leaves_the_collector_as_it_was(tmp_path: Path, collecting: bool) -> None:
    """A full build's core runs with the collector paused (collector.py); reading the
    state, which pauses it for itself, must not turn it back on."""
    path = tmp_path / "state.pickle"
    save_state(path, kept_state(tmp_path))
    if not collecting:
        gc.disable()
    try:
        load_state(path)
        assert gc.isenabled() == collecting
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"\x00\xff garbage",
        lambda data: data.replace(b"core state ", b"core state 0", 1),  # another version
        lambda data: data.split(b"\n", 1)[0] + b"\n" + pickle.dumps({"not": "a state"}),
        lambda data: data.split(b"\n", 1)[0] + b"\n" + pickle.dumps(CoreState(LoadCache())),
    ],
)
def test_a_damaged_or_foreign_state_is_never_used(tmp_path: Path, damage: object) -> None:
    path = tmp_path / "state.pickle"
    save_state(path, kept_state(tmp_path))
    assert callable(damage)
    path.write_bytes(damage(path.read_bytes()))
    state = load_state(path)
    assert state.rendered is None and state.files.by_content and not state.files._files


def test_the_kept_files_are_those_of_the_last_load(tmp_path: Path) -> None:
    copy = copy_project(tmp_path / "copy")
    files = LoadCache(by_content=True)
    load_content(copy / "content", copy, files)
    kept = set(files._files)
    gone = copy / "content" / "actors" / "kcna.yml"
    assert gone in kept
    gone.rename(tmp_path / "kcna.yml")
    with pytest.raises(BriefingError):  # the brief cites the actor that went
        load_content(copy / "content", copy, files)
    assert set(files._files) == kept - {gone}


def test_a_missing_or_unwritable_state_costs_nothing_but_time(tmp_path: Path) -> None:
    assert load_state(tmp_path / "none.pickle").rendered is None
    (tmp_path / "file").write_text("", encoding="utf-8")
    save_state(tmp_path / "file" / "state.pickle", kept_state(tmp_path))  # no error


EDITS = [
    ("briefs", "summary: |\n  ", "summary: |\n  Edited first. "),
    ("briefs", "title: ", "title: Retitled "),
    ("actors", "description: ", "description: Described again. "),
    ("briefs", "tags:\n", "tags:\n- a-new-tag\n"),
    ("briefs", "date: ", "date: NEWEST"),  # moves the brief to the top of every listing
]


@pytest.mark.slow
def test_builds_from_the_kept_state_are_cold_builds(tmp_path: Path) -> None:
    from benchmark.corpus import write_project  # a slow module's import, kept out of collection

    project = tmp_path / "project"
    write_project(project, 40)
    build(project, tmp_path / "first", KEPT)
    assert state_file(project).is_file()
    briefs = sorted((project / "content" / "briefs").glob("*.yml"))
    actors = sorted((project / "content" / "actors").glob("*.yml"))
    for number, (folder, old, new) in enumerate(EDITS):
        edited = (briefs if folder == "briefs" else actors)[number * 5]
        if new == "date: NEWEST":
            newest = max(re.findall(r"^date: (.*)$", b.read_text("utf-8"), re.M)[0] for b in briefs)
            text = edited.read_text(encoding="utf-8")
            old, new = re.findall(r"^date: .*$", text, re.M)[0], f"date: {newest}"
        edit(edited, old, new)
        log = build(project, tmp_path / f"kept-{number}", KEPT)
        assert REUSED in log
        build(project, tmp_path / f"cold-{number}", COLD)
        assert_same_site(tmp_path / f"cold-{number}", tmp_path / f"kept-{number}")


@pytest.mark.slow
def test_the_example_from_a_damaged_state_is_the_cold_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    build(project, tmp_path / "first", KEPT)
    edit(project / "content" / "briefs" / f"{EXAMPLE_BRIEF}.yml", "title: ", "title: New ")
    data = state_file(project).read_bytes()
    state_file(project).write_bytes(data[: len(data) - 100])
    log = build(project, tmp_path / "damaged", KEPT)
    assert REUSED not in log
    build(project, tmp_path / "cold", COLD)
    assert_same_site(tmp_path / "cold", tmp_path / "damaged")
    assert REUSED in build(project, tmp_path / "kept", KEPT)  # written again, used again
