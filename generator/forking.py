"""Work split over forked processes that inherit the build's state instead of receiving it.

Loading a thousand files and rendering a thousand brief pages are each a loop over
independent items, run on one core while the others wait. `fork_map` runs such a loop in
`workers` forked processes: each inherits (copy-on-write) everything the parent had built
when the pool started, the index, the linker, the history, so only the items and the
results (file paths in, page texts out) cross between processes. The results come back in
the order of the items, so the output is the same bytes as the serial loop's.

Fork only: a spawned worker would have to be sent the whole site. Where fork is missing,
with one worker or few items, or when the pool fails (a worker killed by the system), the
loop runs here, serially: parallel is only ever faster, never different.

Pure: no MkDocs import. Callers must not fork while other threads run (`mkdocs serve`),
so the plugin asks for one worker there.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from .collector import frozen, paused

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 64  # below this, starting processes costs more than they save
_CHUNKS_PER_WORKER = 8  # small enough to balance uneven items, few enough round trips

_task: Callable[[Any], Any] | None = None  # set before the fork, read by the workers


def _run_chunk(chunk: Sequence[Any]) -> list[Any]:
    assert _task is not None
    return [_task(item) for item in chunk]


def fork_map(
    task: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int,
    done: Callable[[int], None] | None = None,
) -> list[Result]:
    """`[task(item) for item in items]`, in `workers` forked processes when that pays.

    `task` and the state it reads are inherited, not pickled; each item and result is
    pickled. `done(n)` is told how many items are finished as chunks come back.
    """
    if workers <= 1 or len(items) < MIN_ITEMS or not _can_fork():
        return _serial(task, items, done)
    size = max(1, -(-len(items) // (workers * _CHUNKS_PER_WORKER)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    global _task
    _task = task
    try:
        # The parent only unpickles results meanwhile: objects that all stay, so collecting
        # finds nothing, yet each full collection walks every result received so far (at
        # 5,000 briefs, 6 s of a 40 s load). The workers collect if the caller did.
        with paused() as collecting, frozen():
            # An executor, not multiprocessing.Pool: a worker killed by the system breaks
            # it (BrokenProcessPool) where a Pool would wait for the lost chunk forever.
            context = multiprocessing.get_context("fork")
            start = gc.enable if collecting else None
            with ProcessPoolExecutor(workers, mp_context=context, initializer=start) as pool:
                results: list[Result] = []
                for chunk_results in pool.map(_run_chunk, chunks):
                    results.extend(chunk_results)
                    if done is not None:
                        done(len(results))
                return results
    except (OSError, BrokenProcessPool):
        pass  # no processes to be had (or one was killed): the same, here, below
    finally:
        _task = None
    return _serial(task, items, done)


def _serial(
    task: Callable[[Item], Result], items: Sequence[Item], done: Callable[[int], None] | None
) -> list[Result]:
    results = []
    for item in items:
        results.append(task(item))
        if done is not None:
            done(len(results))
    return results


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
