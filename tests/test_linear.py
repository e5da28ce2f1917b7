"""Every stage is linear in its input: adversarial shapes at growing sizes keep their cost per byte flat.

The shapes are ``bench/hostile_shapes.py``'s shapes by size (one long token, many short lines, one long line, many paragraphs,
footnote markers, citations, motion mentions, dates, deep XML and HTML, many XML paragraphs); each goes
through the whole pipeline (read, clean, parse, extract) at 2 kB and 32 kB. This is a check of complexity,
not of speed: the CPU time per byte at the larger size may be at most three times that at the smaller (a
quadratic stage makes it up to 16 times; the code before this test had 3.6 for many short lines, 8.9 for one
long line, 11.6 for one long token), and the peak memory per byte (traced allocations) at most four times.
Each time is the least of a few runs, so a loaded machine does not make the test fail; the figures for
larger sizes, up to the input limit, are printed by ``bench/hostile.py``.
"""

from __future__ import annotations

import time
import tracemalloc

import pytest

from bench_shapes import hostile_shapes
from kamerspoor.bytecache import ByteLRU, byte_lru

hostile = hostile_shapes()

KB = 1024
SIZES = (2 * KB, 8 * KB, 32 * KB)
MAX_TIME_RATIO = 3.0  # per byte, largest size / smallest: linear stays near 1 (fixed costs make it less)
MAX_MEMORY_RATIO = 4.0


def _cpu_per_byte(make, size: int, runs: int) -> float:
    """The least CPU time per byte of a few runs; each run's input is a few bytes longer than the last, so no
    cache holds what a run needs (a cache that did would hide what the work costs)."""
    best = float("inf")
    for run in range(runs):
        data = make(size + 7 * (run + 1))
        start = time.process_time()
        hostile.analyze(data)
        best = min(best, (time.process_time() - start) / len(data))
    return max(best, 1e-9)


def _peak(data: bytes) -> int:
    tracemalloc.start()
    try:
        hostile.analyze(data)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(hostile.SIZED_SHAPES))
def test_cost_per_byte_stays_flat_as_the_input_grows(shape: str) -> None:
    make = hostile.SIZED_SHAPES[shape]
    hostile.analyze(make(SIZES[0]))  # tables loaded
    per_byte = [_cpu_per_byte(make, SIZES[0], 3), _cpu_per_byte(make, SIZES[-1], 2)]
    assert per_byte[1] <= MAX_TIME_RATIO * per_byte[0], (
        f"{shape}: {per_byte[1] / per_byte[0]:.1f}x the CPU time per byte at {SIZES[-1] // KB} kB "
        f"as at {SIZES[0] // KB} kB")
    small, large = make(SIZES[0] + 3), make(SIZES[-1] + 3)
    memory = [_peak(data) / len(data) for data in (small, large)]
    assert memory[1] <= MAX_MEMORY_RATIO * memory[0] + 64, (
        f"{shape}: {memory[1] / memory[0]:.1f}x the peak memory per byte at {len(large) // KB} kB")


def test_the_shapes_are_the_sizes_asked_for() -> None:
    for name, make in hostile.SIZED_SHAPES.items():
        for size in SIZES:
            assert 0.7 * size <= len(make(size)) <= 1.3 * size + 200, name


def test_a_byte_budget_cache_forgets_the_oldest_entries_past_its_budget() -> None:
    cache = ByteLRU(10_000)
    for k in range(200):
        cache.put(f"woord{k}", k)
    kept = len(cache)
    assert cache.used <= 10_000 and kept < 200
    assert cache.get(f"woord{199}") == 199 and cache.get("woord0") is None
    oldest = 200 - kept
    assert cache.get(f"woord{oldest}") == oldest  # used again: now the newest
    cache.put("woord200", 200)
    assert cache.get(f"woord{oldest}") == oldest and cache.get(f"woord{oldest + 1}") is None
    cache.put("x" * 5_000, 1)  # over a tenth of the budget: not kept
    assert cache.get("x" * 5_000) is None


def test_a_cached_function_keeps_bytes_not_entries() -> None:
    calls = []

    @byte_lru(100_000)
    def length(word: str) -> int:
        calls.append(word)
        return len(word)

    assert length("motie") == length("motie") == 5 and calls == ["motie"]
    for k in range(100):  # a hundred 30 kB "words" would be 3 MB; the cache keeps at most its budget
        length("a" * 30_000 + str(k))
    assert length.cache.used <= 100_000  # type: ignore[attr-defined]
