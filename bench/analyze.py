"""Benchmark of `analyze`: documents/s and MB/s of the whole pipeline, against the floor of reading alone.

    .venv/bin/python bench/analyze.py [--limit N] [--repeat R]

Measures, on one core:
  1. read alone (file read + sniff + XML parse + paragraphs/metadata) over the officielebekendmakingen XML
     corpus (../shared/corpus/tk-2023-2025/publications, 8,041 motions): the floor;
  2. the full pipeline (kamerspoor.pipeline.analyze_path) over the same files;
  3. the full pipeline over the real letter (../shared/corpus/kst-35207-32.pdf.txt) R times;
and prints the ratio pipeline/floor and the peak resident memory. Exits 0 with a message when ../shared
is absent. Numbers are printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KAMERSPOOR_SHARED", ROOT.parent / "shared"))
PUBLICATIONS = SHARED / "corpus" / "tk-2023-2025" / "publications"
LETTER = SHARED / "corpus" / "kst-35207-32.pdf.txt"


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _run(label: str, func, paths: list[Path]) -> float:
    """Call func on every path; print docs/s and MB/s; return the CPU seconds.

    Rates are per CPU second of this process (one core), so other work on the machine does not skew them.
    """
    size = sum(p.stat().st_size for p in paths)
    failures: dict[str, int] = {}
    first: dict[str, str] = {}
    start, cpu = time.perf_counter(), time.process_time()
    for p in paths:
        try:
            func(p)
        except Exception as e:  # noqa: BLE001 - a benchmark reports failures, it does not stop on them
            key = type(e).__name__
            failures[key] = failures.get(key, 0) + 1
            first.setdefault(key, f"{p.name}: {e}")
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    n = len(paths)
    print(f"{label:<36} {n:>6} docs {elapsed:7.2f} s wall {cpu:7.2f} s cpu {n / cpu:9.0f} docs/s "
          f"{size / 1e6 / cpu:8.2f} MB/s")
    for key, count in failures.items():
        print(f"  ! {count} failed with {key}, e.g. {first[key][:160]}")
    return cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="use only the first N XML files")
    ap.add_argument("--repeat", type=int, default=200, help="times the letter is analysed (default 200)")
    args = ap.parse_args(argv)

    if not PUBLICATIONS.is_dir():
        print(f"bench/analyze.py: {PUBLICATIONS} is absent (../shared is not in this checkout); nothing measured.")
        return 0

    from kamerspoor import pipeline, read

    files = sorted(PUBLICATIONS.glob("*.xml"))[: args.limit]
    if not files:
        print(f"bench/analyze.py: no XML files in {PUBLICATIONS}; nothing measured.")
        return 0
    size = sum(p.stat().st_size for p in files)
    print(f"corpus: {len(files)} XML files, {size / 1e6:.1f} MB; python {sys.version.split()[0]}, one process")

    for p in files[:50]:  # warm the OS cache and the imports so the first measurement is not penalised
        p.read_bytes()
    floor = _run("read alone (XML parse, the floor)", read.read_path, files)
    full = _run("pipeline analyze_path (XML)", pipeline.analyze_path, files)
    print(f"ratio pipeline / read alone: {full / floor:.1f}x")
    budget = 20.0 * len(files) / 8041
    verdict = "within" if full < budget else "OVER"
    print(f"budget for these files: {budget:.1f} s (8,041 files in 20 s); pipeline took {full:.1f} s cpu "
          f"-> {verdict} budget")

    if LETTER.is_file() and args.repeat > 0:
        _run("read alone (letter, PDF text)", read.read_path, [LETTER] * args.repeat)
        _run("pipeline analyze_path (letter)", pipeline.analyze_path, [LETTER] * args.repeat)
    print(f"peak resident memory: {_peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
