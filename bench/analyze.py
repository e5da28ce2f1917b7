"""Benchmark of `analyze`: CPU seconds of the whole pipeline against the bare-parse floor, and per stage.

    .venv/bin/python bench/analyze.py [--limit N] [--repeat R] [--chunk C]

Measures, on one core, in CPU seconds of this process (so other work on a loaded machine skews them less):
  1. the floor: read the bytes + lxml parse + itertext, over the officielebekendmakingen XML corpus
     (../shared/corpus/tk-2023-2025/publications, 8,041 motions): what any reader of these files pays;
  2. kamerspoor's read stage alone over the same files;
  3. the full pipeline (kamerspoor.pipeline.analyze_path) over the same files;
  4. the full pipeline over the real letter (../shared/corpus/kst-35207-32.pdf.txt) R times: ms per letter;
  5. the CPU share of each stage (read, clean, parse, references, motion/answers, commitments, tags) on
     both.
The three XML measurements run interleaved in chunks of C files, so a change in the machine's load hits
them alike; their ratio is the figure. Exits 0 with a message when ../shared is absent. Numbers are
printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KAMERSPOOR_SHARED", ROOT.parent / "shared"))
PUBLICATIONS = SHARED / "corpus" / "tk-2023-2025" / "publications"
LETTER = SHARED / "corpus" / "kst-35207-32.pdf.txt"


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def bare_parse(path: Path) -> int:
    """The floor: the file's bytes, parsed by lxml (the same safe parser settings), its text walked."""
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    with open(path, "rb") as fh:
        root = etree.fromstring(fh.read(), parser)
    return len("".join(root.itertext()))


class StageClock:
    """CPU seconds spent in each stage of ``pipeline.analyze_raw``, by wrapping the functions it calls."""

    STAGES = (("clean", "clean_stage", "clean"), ("parse", "parse_stage", "parse"),
              ("references", "references", "find_references"), ("motion", "motion_doc", "parse_motion"),
              ("answers", "answers", "find_answers"), ("commitments", "commitments", "find_commitments"),
              ("tags", "tags", "tag_paragraphs"))

    def __init__(self) -> None:
        from kamerspoor import pipeline

        self.pipeline = pipeline
        self.spent: dict[str, float] = {}
        self.saved: list[tuple[object, str, Callable]] = []

    def _wrap(self, label: str, owner: object, attr: str) -> None:
        func = getattr(owner, attr)
        spent = self.spent

        def timed(*args, **kwargs):
            t = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - t

        self.saved.append((owner, attr, func))
        setattr(owner, attr, timed)

    def __enter__(self) -> StageClock:
        self._wrap("read", self.pipeline.read_stage, "read_path")
        for label, module, attr in self.STAGES:
            self._wrap(label, getattr(self.pipeline, module), attr)
        return self

    def __exit__(self, *exc) -> None:
        for owner, attr, func in reversed(self.saved):
            setattr(owner, attr, func)

    def report(self, total: float, n: int) -> None:
        rest = total - sum(self.spent.values())
        parts = [*sorted(self.spent.items(), key=lambda kv: -kv[1]), ("record (rest)", rest)]
        for label, cpu in parts:
            print(f"    {label:<16} {cpu:7.2f} s cpu {100 * cpu / total:5.1f}%  {1000 * cpu / n:7.3f} ms/doc")


def _timed(func: Callable, paths: list[Path], failures: dict[str, str]) -> float:
    cpu = time.process_time()
    for p in paths:
        try:
            func(p)
        except Exception as e:  # noqa: BLE001 - a benchmark reports failures, it does not stop on them
            failures.setdefault(type(e).__name__, f"{p.name}: {e}")
    return time.process_time() - cpu


def _xml(files: list[Path], chunk: int) -> None:
    from kamerspoor import pipeline, read

    size = sum(p.stat().st_size for p in files)
    rows = {"floor: bytes + lxml parse + itertext": bare_parse, "kamerspoor read alone": read.read_path,
            "pipeline analyze_path": pipeline.analyze_path}
    cpu = dict.fromkeys(rows, 0.0)
    failures: dict[str, str] = {}
    for p in files[:50]:  # warm the OS cache and the imports so the first measurement is not penalised
        pipeline.analyze_path(p)
    for k in range(0, len(files), chunk):
        part = files[k:k + chunk]
        for label, func in rows.items():
            cpu[label] += _timed(func, part, failures)
    n = len(files)
    for label, spent in cpu.items():
        print(f"  {label:<38} {spent:7.2f} s cpu {n / spent:8.0f} docs/s {size / 1e6 / spent:7.2f} MB/s "
              f"{spent / cpu['floor: bytes + lxml parse + itertext']:6.1f}x the floor")
    for key, first in failures.items():
        print(f"  ! failed with {key}, e.g. {first[:160]}")
    with StageClock() as clock:
        total = _timed(pipeline.analyze_path, files, failures)
    print(f"  stages of the pipeline ({total:.2f} s cpu, a second pass):")
    clock.report(total, n)


def _letter(repeat: int) -> None:
    from kamerspoor import pipeline

    pipeline.analyze_path(LETTER)
    failures: dict[str, str] = {}
    with StageClock() as clock:
        total = _timed(pipeline.analyze_path, [LETTER] * repeat, failures)
    print(f"  pipeline analyze_path: {1000 * total / repeat:.1f} ms cpu per letter ({repeat} times, "
          f"{LETTER.stat().st_size / 1e3:.0f} kB)")
    clock.report(total, repeat)
    for key, first in failures.items():
        print(f"  ! failed with {key}, e.g. {first[:160]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="use only the first N XML files")
    ap.add_argument("--repeat", type=int, default=100, help="times the letter is analysed (default 100)")
    ap.add_argument("--chunk", type=int, default=250, help="XML files per interleaved chunk (default 250)")
    args = ap.parse_args(argv)

    if not PUBLICATIONS.is_dir():
        print(f"bench/analyze.py: {PUBLICATIONS} is absent (../shared is not in this checkout); nothing measured.")
        return 0
    files = sorted(PUBLICATIONS.glob("*.xml"))[: args.limit]
    if not files:
        print(f"bench/analyze.py: no XML files in {PUBLICATIONS}; nothing measured.")
        return 0
    size = sum(p.stat().st_size for p in files)
    print(f"corpus: {len(files)} XML files, {size / 1e6:.1f} MB; python {sys.version.split()[0]}, one process")
    _xml(files, args.chunk)
    if LETTER.is_file() and args.repeat > 0:
        print(f"letter: {LETTER.name}")
        _letter(args.repeat)
    print(f"peak resident memory: {_peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
