"""Work in forked processes (`generator/forking.py`) gives what the serial loop gives.

The core's parallel cold build (files loaded and entity pages rendered by forked workers)
is compared with the serial one on a 100-brief benchmark corpus: the same content, the
same diagnostics, the same pages and documents, byte for byte.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from generator import forking
from generator.feeds import PLACEHOLDER
from generator.forking import fork_map
from generator.site import Options, build_site
from generator.validate import load_content

ITEMS = list(range(forking.MIN_ITEMS * 3))


def test_results_come_back_in_order_from_state_the_workers_inherit() -> None:
    inherited = {n: f"value {n}" * 50 for n in ITEMS}  # never pickled: the workers fork

    def task(n: int) -> tuple[str, int]:
        return inherited[n], os.getpid()

    results = fork_map(task, ITEMS, 2)
    assert [text for text, _ in results] == [inherited[n] for n in ITEMS]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids and len(pids) >= 1


@pytest.mark.parametrize("workers, items", [(1, ITEMS), (2, ITEMS[: forking.MIN_ITEMS - 1])])
def test_one_worker_or_few_items_run_here(workers: int, items: list[int]) -> None:
    assert fork_map(lambda n: (n, os.getpid()), items, workers) == [(n, os.getpid()) for n in items]


def test_progress_is_told_how_many_items_are_done() -> None:
    seen: list[int] = []
    fork_map(lambda n: n, ITEMS, 2, seen.append)
    assert seen == sorted(seen) and seen[-1] == len(ITEMS)


def test_a_worker_killed_by_the_system_leaves_the_work_to_this_process() -> None:
    parent = os.getpid()

    def task(n: int) -> tuple[int, bool]:
        if n == 7 and os.getpid() != parent:
            os._exit(9)  # as the OOM killer would end it: no exception, no result
        return n * n, gc.isenabled()

    # Done here as the caller runs: collecting, when memory may be what ran short.
    assert fork_map(task, ITEMS, 2) == [(n * n, True) for n in ITEMS]


def test_an_error_in_a_task_is_raised_as_in_the_serial_loop() -> None:
    def task(n: int) -> int:
        if n == 70:
            raise ValueError("item 70")
        return n

    with pytest.raises(ValueError, match="item 70"):
        fork_map(task, ITEMS, 2)


@pytest.mark.parametrize("collecting", [True, False])
def test_the_workers_collect_as_the_caller_does_and_the_caller_gets_its_collector_back(
    collecting: bool,
) -> None:
    """The parent never collects while results arrive; the workers do if the caller did
    (a full build's core pauses the collector for itself and its workers)."""
    if not collecting:
        gc.disable()
    try:
        seen = fork_map(lambda n: (gc.isenabled(), gc.get_freeze_count() > 0), ITEMS, 2)
        assert {enabled for enabled, _ in seen} == {collecting}
        assert all(inherited_frozen for _, inherited_frozen in seen)
        assert gc.isenabled() == collecting and gc.get_freeze_count() == 0
    finally:
        gc.enable()


@pytest.mark.slow
def test_the_parallel_core_builds_the_serial_site(tmp_path: Path) -> None:
    from benchmark.corpus import write_corpus  # a slow module's import, kept out of collection

    write_corpus(tmp_path, 100)
    built = []
    for workers in (1, 2):
        content, warnings = load_content(tmp_path / "content", tmp_path, workers=workers)
        files: dict[str, str] = {}
        site = build_site(
            content.shown(True, "clear"),
            Options(site_url="https://example.org/"),
            PLACEHOLDER.format,
            write_file=files.__setitem__,
            workers=workers,
        )
        built.append((content, warnings, site.pages, files))
    serial, parallel = built
    assert parallel[0] == serial[0] and parallel[1] == serial[1]
    assert len(serial[2]) > 2 * forking.MIN_ITEMS
    assert parallel[2] == serial[2] and list(parallel[2]) == list(serial[2])
    assert parallel[3] == serial[3] and list(parallel[3]) == list(serial[3])


@pytest.mark.slow
def test_the_parallel_core_builds_the_serial_site_with_history(tmp_path: Path) -> None:
    """Brief pages show their git history: rendered in workers, the same bytes."""
    from benchmark.history import make_repository  # slow module imports, out of collection

    from generator.history import read_history

    project = tmp_path / "project"
    make_repository(project, forking.MIN_ITEMS + 6, 3)
    content, _ = load_content(project / "content", project)
    shown = content.shown(False, "clear")
    history = read_history(project / "content", current=shown.briefs)
    assert history.available and len(history.briefs) > forking.MIN_ITEMS
    built = []
    for workers in (1, 2):
        files: dict[str, str] = {}
        site = build_site(
            shown,
            Options(),
            PLACEHOLDER.format,
            None,
            history,
            write_file=files.__setitem__,
            workers=workers,
        )
        built.append((site.pages, files))
    assert built[1] == built[0]
    assert any("## History" in text for text in built[0][0].values())
