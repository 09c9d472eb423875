"""The preview's garbage collector pause (`generator/collector.py`)."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator

import pytest

from generator.collector import PausedCollector, frozen


@pytest.fixture
def collector() -> Iterator[PausedCollector]:
    paused = PausedCollector()
    paused.DELAY = 0.05
    yield paused
    paused.resume()
    assert gc.isenabled()


def test_a_rebuild_runs_paused_and_the_collector_resumes_after_it(
    collector: PausedCollector,
) -> None:
    collector.pause()
    assert not gc.isenabled()
    collector.resume_later()
    deadline = time.monotonic() + 5
    while not gc.isenabled() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gc.isenabled()


@pytest.mark.slow  # waits out the delay
def test_a_new_rebuild_keeps_it_paused(collector: PausedCollector) -> None:
    collector.DELAY = 0.5
    collector.pause()
    collector.resume_later()
    collector.pause()  # the next save, before the delay ran out
    time.sleep(0.7)
    assert not gc.isenabled()


def test_rebuilds_in_a_row_collect_before_the_next(
    collector: PausedCollector, monkeypatch: pytest.MonkeyPatch
) -> None:
    collected: list[int] = []

    def collect(*args: int) -> int:
        collected.append(1)
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    for _ in range(PausedCollector.MAX_PAUSED):
        collector.pause()
    assert collected == []
    collector.pause()
    assert collected == [1]


def test_a_build_that_did_not_pause_leaves_it_alone(collector: PausedCollector) -> None:
    collector.resume_later()
    assert collector.timer is None and gc.isenabled()


def test_a_full_build_core_runs_paused_then_frozen_until_the_build_ends(
    collector: PausedCollector,
) -> None:
    assert gc.get_freeze_count() == 0
    with collector.core_build():
        assert not gc.isenabled()
        made: list[list[int]] = [[] for _ in range(1000)]  # what the core keeps for MkDocs' phases
    assert gc.isenabled()
    # Out of MkDocs' collections until the build ends, then collected as ever.
    assert gc.get_freeze_count() >= len(made)
    collector.resume_later()
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_a_failed_core_still_leaves_the_collector_running(collector: PausedCollector) -> None:
    with pytest.raises(ValueError), collector.core_build():
        raise ValueError("content")
    assert gc.isenabled()
    collector.resume()  # on_shutdown, after on_build_error
    assert gc.get_freeze_count() == 0


def test_a_rebuild_core_stays_paused_and_freezes_nothing(collector: PausedCollector) -> None:
    collector.pause()
    with collector.core_build():
        assert not gc.isenabled()
    assert not gc.isenabled() and gc.get_freeze_count() == 0


def test_a_frozen_block_inside_another_leaves_the_outer_freeze() -> None:
    with frozen():
        outer = gc.get_freeze_count()
        with frozen():
            assert gc.get_freeze_count() >= outer
        assert gc.get_freeze_count() >= outer > 0
    assert gc.get_freeze_count() == 0
