"""Benchmark: what the semantic index costs a serving process at archive scale, on synthetic vectors.

    .venv/bin/python bench/semantic_index.py [--sizes 100000,1000000] [--per-doc 10] [--queries 20]

For each size N it writes a SQLite store of N synthetic paragraph vectors (384-d, L2-normalised, clustered
around 2,000 random centres as bench/vectors.py draws them; ``--per-doc`` paragraphs per fictional document,
a quarter of the documents letters and the rest motions, dated over ten years), then in a fresh process:

- ``load_index``: CPU seconds, and the memory it allocates (tracemalloc, numpy's arrays included) that the
  index keeps, and the most it held at once while reading, without the matrix (a memory-mapped file, whose
  pages are the operating system's cache): the memory of what each row belongs to (ids, kinds, dates);
- the floor in the same process: the per-row arrays as bare numpy (an int32 document number, an int32
  paragraph, a uint8 kind per row), which any index needs;
- a motion's suggestions by meaning as the motion page asks them (the z-score's background, the rows of the
  motion's own documents, the suggestible mask, the top rows per text): p50/p95 milliseconds over
  ``--queries`` motions, the HNSW graph left out (``KAMERSPOOR_ANN_MIN`` above N: the exact top rows; what the
  graph costs is bench/vectors.py's), or with ``--ann`` the graph used (built on the first load, not counted).

Run it against an older kamerspoor (``PYTHONPATH=<its src>``) for a before/after: the store is the same.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

DIM = 384


def write_store(path: Path, n: int, per_doc: int, seed: int = 1) -> None:
    """A store of ``n`` synthetic paragraph vectors (schema by kamerspoor, rows written here directly)."""
    from kamerspoor.store import open_store

    with open_store(str(path)):
        pass  # the schema
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((2000, DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    con = sqlite3.connect(path)
    docs = (n + per_doc - 1) // per_doc
    con.executemany("INSERT INTO documents (id, dossier, number, kind, date, content_hash, record, ingested_at) "
                    "VALUES (?, '99999', ?, ?, ?, 'x', '{}', '2026-01-01')",
                    [(f"kst-99999-{d}", d, "brief" if d % 4 == 0 else "motie",
                      f"{2015 + d % 10}-{1 + d % 12:02d}-{1 + d % 28:02d}") for d in range(docs)])
    con.executemany("INSERT INTO embedded_documents VALUES (?, 'x', 'synthetic', ?, 'paragraph', '2026-01-01')",
                    [(f"kst-99999-{d}", DIM) for d in range(docs)])
    for s in range(0, n, 100_000):
        m = min(100_000, n - s)
        x = centres[rng.integers(0, len(centres), m)] + 0.7 * rng.standard_normal((m, DIM), np.float32) / np.sqrt(DIM)
        x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype("<f2")
        con.executemany("INSERT INTO embeddings VALUES (?, 'paragraph', ?, ?)",
                        [(f"kst-99999-{(s + i) // per_doc}", (s + i) % per_doc, x[i].tobytes()) for i in range(m)])
        con.commit()
    con.close()


def measure(db: str, queries: int) -> dict:
    """In this (fresh) process: load_index's cost, the floor's, and the suggestions' latency."""
    from kamerspoor.semantic import answers
    from kamerspoor.semantic.index import load_index
    from kamerspoor.store import open_store

    store = open_store(db)
    n = store.count_vectors(["paragraph"])
    load_index(store, ["paragraph"])  # the matrix file written once (its own pass over the store), then dropped
    from kamerspoor.semantic import index as index_module

    index_module.clear_cache()
    t0 = time.process_time()
    load_index(store, ["paragraph"])
    cpu = time.process_time() - t0
    index_module.clear_cache()
    gc.collect()
    tracemalloc.start()
    idx = load_index(store, ["paragraph"])
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    floor = {"doc": np.zeros(n, np.int32), "paragraph": np.zeros(n, np.int32), "kind": np.zeros(n, np.uint8)}
    floor_mb = sum(a.nbytes for a in floor.values()) / 2**20
    rng = np.random.default_rng(5)
    lat = []
    motions = [f"kst-99999-{d}" for d in range(1, n // 10, 4)]
    for q in range(queries):
        texts = np.asarray(idx.matrix[rng.integers(0, n, 2)], np.float32)
        mid = motions[q % len(motions)]
        t = time.perf_counter()
        _suggestions(idx, texts, mid, answers)
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    return {"n": n, "load_cpu_s": round(cpu, 2), "own_mb": round(kept / 2**20, 1),
            "peak_mb": round(peak / 2**20, 1), "floor_mb": round(floor_mb, 1),
            "p50_ms": round(lat[len(lat) // 2], 1), "p95_ms": round(lat[int(0.95 * (len(lat) - 1))], 1)}


def _suggestions(idx, texts: np.ndarray, motion: str, answers) -> None:  # noqa: ANN001 - either version
    """What the motion page's suggestions by meaning do with the index (either version of it)."""
    if hasattr(idx, "rows_of"):
        own = idx.rows_of([motion])
        every = None if idx.ann is not None else (idx.matrix @ texts.T).max(axis=1)
        answers.background(idx.matrix, texts, ~own, scores=every)
        mask = ~idx.of_doc_kind("motie") & ~own & idx.dated_from("2018-01-01")
        answers._closest(idx, texts, every, mask, 15)
        return
    sims = idx.matrix @ texts.T  # before: every row scored, the background over every row
    score = sims.max(axis=1)
    back = ~np.isin(idx.doc_ids, [motion])
    float(score[back].mean()), float(score[back].std())
    mask = (idx.doc_kinds != "motie") & back & np.array([d is None or d >= "2018-01-01" for d in idx.dates])
    s = np.where(mask, score, -np.inf)
    np.argpartition(-s, 14)[:15]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100000")
    ap.add_argument("--per-doc", type=int, default=10)
    ap.add_argument("--queries", type=int, default=20)
    ap.add_argument("--dir", help="where the stores are kept (reused when there)")
    ap.add_argument("--ann", action="store_true",
                    help="with the HNSW graph (built once, beside the store, not counted): the suggestions as a large "
                         "store serves them")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.queries)))
        return
    folder = Path(args.dir or tempfile.mkdtemp(prefix="kamerspoor-semantic-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'vectors':>10} {'load CPU s':>10} {'own MB':>8} {'peak MB':>8} {'floor MB':>9} {'ratio':>6} "
          f"{'p50 ms':>7} {'p95 ms':>7}")
    for n in (int(x) for x in args.sizes.split(",")):
        db = folder / f"synthetic-{n}.db"
        if not db.exists():
            write_store(db, n, args.per_doc)
        env = {**os.environ, "KAMERSPOOR_ANN_MIN": str(1000 if args.ann else 10 * n + 1)}
        out = subprocess.run([sys.executable, __file__, "--measure", str(db), "--queries", str(args.queries)],
                             env=env, capture_output=True, text=True, timeout=3600)
        if out.returncode != 0:
            print(f"{n:>10} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['n']:>10,} {r['load_cpu_s']:>10} {r['own_mb']:>8} {r['peak_mb']:>8} {r['floor_mb']:>9} "
              f"{r['own_mb'] / max(r['floor_mb'], 0.1):>6.1f} {r['p50_ms']:>7} {r['p95_ms']:>7}")


if __name__ == "__main__":
    main()
