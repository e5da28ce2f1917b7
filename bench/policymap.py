"""Benchmark of the policy map: how long drawing a letter's map takes, step by step.

    .venv/bin/python bench/policymap.py [--repeat R]

Analyzes the real letter (../shared/corpus/kst-35207-32.pdf.txt; the fictional examples/kst-99901-14.pdf.txt
when ../shared is absent) once, then times, R times each (median and worst, in milliseconds):
  build_graph, to_json, to_graphml, the SVG with Graphviz dot (cache cleared, so dot runs every time),
  the SVG with the pure-Python layout, PNG, and map_svg end to end (graph + layout + SVG);
then the same for a dossier of 5 letters (copies of the letter under other numbers), and the whole
`kamerspoor map FILE` command in a fresh process (imports and analysis included).
Numbers are printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import msgspec

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KAMERSPOOR_SHARED", ROOT.parent / "shared"))
LETTER = SHARED / "corpus" / "kst-35207-32.pdf.txt"
EXAMPLE = ROOT / "examples" / "kst-99901-14.pdf.txt"


def _time(label: str, func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    med = statistics.median(times)
    print(f"{label:<44} median {med:8.1f} ms   worst {max(times):8.1f} ms   ({repeat} runs)")
    return med


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args(argv)

    from kamerspoor import analyze_path, policymap

    path = LETTER if LETTER.is_file() else EXAMPLE
    record = analyze_path(path)
    graph = policymap.build_graph(record)
    print(f"document: {path.name}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; "
          f"Graphviz dot: {shutil.which('dot') or 'absent (pure-Python layout only)'}")

    def dot_svg(g=graph) -> None:
        policymap._run_dot.cache_clear()
        policymap.to_svg(g, engine="graphviz")

    def end_to_end(r=record) -> None:
        policymap._run_dot.cache_clear()
        policymap.map_svg(r)

    _time("build_graph", lambda: policymap.build_graph(record), args.repeat)
    _time("to_json", lambda: policymap.to_json(graph), args.repeat)
    _time("to_graphml", lambda: policymap.to_graphml(graph), args.repeat)
    _time("to_svg, pure-Python layout", lambda: policymap.to_svg(graph, engine="python"), args.repeat)
    if shutil.which("dot"):
        _time("to_svg, Graphviz dot (uncached)", dot_svg, args.repeat)
        _time("to_png, Graphviz dot (uncached)",
              lambda: (policymap._run_dot.cache_clear(), policymap.to_png(graph)), max(args.repeat // 4, 3))
        _time("to_svg, Graphviz dot (cached, same map again)", lambda: policymap.to_svg(graph), args.repeat)
    _time("map_svg(record) end to end, uncached", end_to_end, args.repeat)

    dossier = []
    for i in range(5):
        doc = record.document
        copy_of = msgspec.structs.replace(doc, id=f"{doc.id or 'doc'}-copy{i}", number=(doc.number or 0) + i)
        dossier.append(msgspec.structs.replace(record, document=copy_of))
    dgraph = policymap.build_graph(dossier)
    print(f"dossier of {len(dossier)} letters: {dgraph.number_of_nodes()} nodes, {dgraph.number_of_edges()} edges")
    _time("dossier map_svg end to end, uncached", lambda: end_to_end(dossier), max(args.repeat // 4, 3))

    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "map", str(path), "--format", "svg"],
                          capture_output=True, timeout=300)
    wall = time.perf_counter() - start
    print(f"{'`kamerspoor map FILE` in a new process':<44} {wall * 1000:8.1f} ms   (exit {proc.returncode}, "
          f"{len(proc.stdout)} bytes of SVG; imports + analysis included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
