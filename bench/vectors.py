"""Benchmark of the approximate vector index (usearch HNSW) against the exact numpy scan, on synthetic vectors.

    .venv/bin/python bench/vectors.py [--sizes 100000,1000000] [--queries 200] [--dtypes i8,f16]

Vectors: 384 dimensions like multilingual-e5-small's, L2-normalised, drawn around 2,000 random centres (a
centre plus Gaussian noise of the same norm), so that neighbours exist as they do among paragraph vectors;
queries are new points drawn the same way. For each size it prints, side by side in the same run:

- the floor: the exact scan the semantic layer does today (float32 matrix-vector product and a partial sort),
  latency per query p50/p95 in milliseconds, memory of the matrix;
- the HNSW index (usearch, connectivity 16, expansion 128 at build and at search, one thread) for each
  stored precision (the graph opened as a view of its file, as a serving process opens it): build time (CPU seconds), memory, file size, recall@10 against the exact top 10 of the
  graph alone and as kamerspoor searches it (:class:`kamerspoor.semantic.ann.Ann`: 40 candidates from the
  graph, scored exactly from the matrix), the latency of the latter p50/p95, and the ratio of the exact
  scan's p50 to it; then the same with the float32 matrix memory-mapped from its .npy file as kamerspoor serves
  it since the vectors are files (``mapped``), and how much of the process's own memory that adds.

Then it extrapolates to 10^7 vectors from the two largest sizes measured (the scan grows linearly, the
index's build about linearly and its latency about with log n), unless 10^7 was measured itself
(``--sizes ...,10000000`` needs about 6 GB of memory for i8 and an hour of one core for the build).

sqlite-vec and pgvector are reported as unavailable when they are: Python's sqlite3 must be built with
loadable extensions for sqlite-vec (its vec0 tables are scanned in full, so it would be a floor, not an
index), and pgvector is not packaged by Debian 12 for PostgreSQL 15.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one thread for the scan too: the index searches with one

import numpy as np  # noqa: E402

DIM = 384
NOISE = 0.7  # norm of a vector's noise relative to its centre's
CENTRES = 2000
EF = 128  # usearch's expansion at search time


def synthetic(n: int, seed: int, centres: np.ndarray, chunk: int = 200_000) -> np.ndarray:
    """``n`` clustered unit vectors, float32."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, DIM), np.float32)
    for s in range(0, n, chunk):
        m = min(chunk, n - s)
        x = centres[rng.integers(0, len(centres), m)] + NOISE * rng.standard_normal((m, DIM), np.float32) / np.sqrt(DIM)
        out[s:s + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def exact_top(x: np.ndarray, q: np.ndarray, k: int) -> np.ndarray:
    s = x @ q
    part = np.argpartition(-s, k - 1)[:k]
    return part[np.argsort(-s[part])]


def truth(x: np.ndarray, qs: np.ndarray, k: int, chunk: int = 500_000) -> np.ndarray:
    """Exact top-k rows of every query, computed in blocks of rows."""
    best_s = np.full((len(qs), k), -np.inf, np.float32)
    best_i = np.zeros((len(qs), k), np.int64)
    for s in range(0, len(x), chunk):
        sims = qs @ x[s:s + chunk].T
        cand_i = np.argpartition(-sims, k - 1, axis=1)[:, :k] + s
        cand_s = np.take_along_axis(sims, cand_i - s, axis=1)
        all_s = np.concatenate([best_s, cand_s], axis=1)
        all_i = np.concatenate([best_i, cand_i], axis=1)
        order = np.argsort(-all_s, axis=1)[:, :k]
        best_s, best_i = np.take_along_axis(all_s, order, axis=1), np.take_along_axis(all_i, order, axis=1)
    return best_i


def _latencies(fn, qs: np.ndarray) -> tuple[float, float, float]:
    """(p50 ms, p95 ms, CPU ms per query)."""
    fn(qs[0])
    lat = []
    c0 = time.process_time()
    for q in qs:
        t = time.perf_counter()
        fn(q)
        lat.append((time.perf_counter() - t) * 1000)
    cpu = (time.process_time() - c0) * 1000 / len(qs)
    return float(np.percentile(lat, 50)), float(np.percentile(lat, 95)), cpu


def bench_exact(x: np.ndarray, qs: np.ndarray, k: int) -> dict:
    p50, p95, cpu = _latencies(lambda q: exact_top(x, q, k), qs)
    return {"p50 ms": round(p50, 2), "p95 ms": round(p95, 2), "CPU ms/query": round(cpu, 2),
            "memory MB": round(x.nbytes / 1e6)}


def bench_usearch(x: np.ndarray, qs: np.ndarray, gold: np.ndarray, k: int, dtype: str, tmp: str) -> dict:
    from usearch.index import Index

    from kamerspoor.semantic.ann import Ann

    idx = Index(ndim=DIM, metric="cos", dtype=dtype, connectivity=16, expansion_add=128, expansion_search=EF)
    c0, t0 = time.process_time(), time.perf_counter()
    idx.add(np.arange(len(x), dtype=np.uint64), x, threads=1)
    build_cpu, build_wall = time.process_time() - c0, time.perf_counter() - t0
    path = os.path.join(tmp, f"i-{dtype}-{len(x)}.usearch")
    idx.save(path)
    mem = idx.memory_usage
    del idx
    view = Index.restore(path, view=True)  # memory-mapped, as a serving process opens it
    view.expansion_search = EF
    graph = view.search(qs, k, threads=1).keys
    raw = float(np.mean([len(set(graph[i].tolist()) & set(gold[i].tolist())) / k for i in range(len(qs))]))
    ann = Ann(view, len(x))  # as kamerspoor searches: 4k candidates from the graph, scored exactly

    def one(q):
        return ann.top(x, q, k)

    p50, p95, cpu = _latencies(one, qs)
    found = [[r for r, _ in ann.top(x, q, k)] for q in qs]
    recall = float(np.mean([len(set(found[i]) & set(gold[i].tolist())) / k for i in range(len(qs))]))
    mapped = served_mapped(x, qs, k, view, tmp)
    out = {"build CPU s": round(build_cpu, 1), "build wall s": round(build_wall, 1),
           "vectors per CPU s": round(len(x) / max(build_cpu, 1e-9)), "memory MB": round(mem / 1e6),
           "file MB": round(os.path.getsize(path) / 1e6), "p50 ms": round(p50, 3), "p95 ms": round(p95, 3),
           "CPU ms/query": round(cpu, 3), "recall@10 (graph alone)": round(raw, 4),
           "recall@10 (4k candidates scored exactly)": round(recall, 4), **mapped}
    os.remove(path)
    return out


def _anon_mb() -> float:
    """This process's own resident memory (RssAnon), MB: what a serving process holds, not the shared file pages."""
    for line in open("/proc/self/status"):
        if line.startswith("RssAnon"):
            return int(line.split()[1]) / 1024
    return float("nan")


def served_mapped(x: np.ndarray, qs: np.ndarray, k: int, view, tmp: str) -> dict:
    """As a serving process answers since the vectors are files: the float32 matrix memory-mapped from a .npy
    (kamerspoor.semantic.ann.open_matrix), the graph a view of its file; latency and the process's own memory
    added by opening both and answering the queries (the matrix's pages stay the OS's file cache)."""
    from kamerspoor.semantic.ann import Ann, open_matrix

    path = os.path.join(tmp, f"m-{len(x)}.npy")
    np.save(path, x)
    before = _anon_mb()
    m = open_matrix(Path(path), len(x), DIM)
    assert m is not None
    ann = Ann(view, len(x))
    p50, p95, _ = _latencies(lambda q: ann.top(m, q, k), qs)
    grown = _anon_mb() - before
    os.remove(path)
    return {"mapped p50 ms": round(p50, 3), "mapped p95 ms": round(p95, 3),
            "mapped: own memory added MB": round(grown, 1)}


def availability() -> dict:
    import sqlite3

    out = {}
    c = sqlite3.connect(":memory:")
    out["sqlite-vec"] = ("loadable" if hasattr(c, "enable_load_extension") else
                         "unavailable: this Python's sqlite3 cannot load extensions")
    out["pgvector"] = "not packaged by Debian 12 (bookworm, bookworm-backports) for PostgreSQL 15"
    return out


def _print(title: str, rows: dict) -> None:
    print(f"\n== {title}")
    for key, v in rows.items():
        print(f"  {key:<28} {v}")


def extrapolate(results: dict[int, dict], target: int, dtypes: list[str]) -> dict:
    """The two largest sizes measured, carried to ``target``: the scan linearly, the graph's build as n log n,
    its latency as a + b log n through the two sizes, its memory per vector from their difference."""
    sizes = sorted(results)
    a, b = sizes[-2], sizes[-1]
    f = target / b
    ex_b = results[b]["exact"]
    out = {"from sizes": f"{a:,} and {b:,}",
           "exact CPU ms/query (linear)": round(ex_b["CPU ms/query"] * f, 1),
           "exact memory MB (float32)": round(ex_b["memory MB"] * f)}
    for dt in dtypes:
        ra, rb = results[a][dt], results[b][dt]
        out[f"{dt} build CPU hours (n log n)"] = round(rb["build CPU s"] * f * np.log(target) / np.log(b) / 3600, 2)
        slope = (rb["CPU ms/query"] - ra["CPU ms/query"]) / np.log(b / a)
        out[f"{dt} CPU ms/query (a + b log n)"] = round(rb["CPU ms/query"] + max(slope, 0) * np.log(f), 3)
        per_vector = max(rb["memory MB"] - ra["memory MB"], 0) / (b - a)
        out[f"{dt} memory MB"] = round(rb["memory MB"] + per_vector * (target - b))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--dtypes", default="i8,f16", help="stored precision of the index (usearch dtypes)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    dtypes = args.dtypes.split(",")
    k = 10
    rng = np.random.default_rng(16)
    centres = rng.standard_normal((CENTRES, DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    qs = synthetic(args.queries, 99, centres)
    _print("other indexes", availability())
    results: dict[int, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            x = synthetic(n, n, centres)
            gold = truth(x, qs, k)
            r = {"exact": bench_exact(x, qs, k)}
            _print(f"{n:,} vectors: exact numpy scan (floor)", r["exact"])
            for dt in dtypes:
                r[dt] = bench_usearch(x, qs, gold, k, dt, tmp)
                r[dt]["exact p50 / index p50"] = round(r["exact"]["p50 ms"] / max(r[dt]["p50 ms"], 1e-9), 1)
                _print(f"{n:,} vectors: usearch HNSW {dt}", r[dt])
            results[n] = r
            del x
            sys.stdout.flush()
    if len(sizes) >= 2 and max(sizes) < 10_000_000:
        _print("10,000,000 vectors: extrapolated (not measured)", extrapolate(results, 10_000_000, dtypes))
    print(f"\npeak memory of this run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
