"""An approximate vector index for large stores: an HNSW graph (usearch) beside the exact scan.

Below :data:`MIN_VECTORS` vectors (200,000; ``KAMERSPOOR_ANN_MIN`` sets it) the semantic layer scans every
vector exactly (one matrix-vector product: a few milliseconds at 10^5). Above it the exact scan grows
linearly (bench/vectors.py: about 25 ms per query at 10^6 and 250 ms at 10^7 on one core) while an HNSW
graph answers in well under a millisecond per query at 10^6 with recall@10 about 0.98, so
:func:`attach` puts one beside the loaded vectors. Results stay exact where it matters: the graph proposes
candidates (four times as many as asked: its int8 distances may swap near ties, and a filter drops some)
and their cosines are computed exactly from the matrix; when a filter leaves fewer than asked, the caller scans exactly.

Why usearch: it is on PyPI with wheels (no compiler, no server extension), stores vectors as int8 (a quarter
of float32), saves the graph to one file that a serving process memory-maps (``view``), and works the same
for both databases. pgvector is not packaged by Debian 12 for PostgreSQL 15, and sqlite-vec needs a Python
whose sqlite3 loads extensions (and its vec0 tables are scanned in full).

Where the graph lives: a derived file, rebuilt when the vectors change (the store's embedding generation is
in its name), never the source of truth. For a SQLite store beside the database (``<db>.ann/``); for
PostgreSQL (or an in-memory SQLite) in ``$KAMERSPOOR_CACHE_DIR`` (default ``~/.cache/kamerspoor``) under a
hash of the URL. Building is single-threaded and costs about 2,000-5,000 vectors per CPU-second;
``kamerspoor embed`` builds it at the end of its run (:func:`kamerspoor.semantic.index.build_index`), so no
query pays for it, and serving processes open the file as a view (memory-mapped: the graph's pages are the
operating system's, shared by every worker, and read as they are needed).

The vectors themselves: from :data:`MAP_MIN` vectors (20,000; ``KAMERSPOOR_MAP_MIN``) the float32 matrix is
a ``.npy`` file in the same folder, opened memory-mapped (:func:`open_matrix`), never read whole into a
process's memory: 10^7 vectors of 384 float32 are 15 GB on disk, of which a query touches the rows the graph
proposes. It is written once per generation of the vectors, streamed from the store in chunks
(:func:`write_matrix`), so building it needs no more memory than a chunk either.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np


def _env_count(name: str, default: int) -> int:
    v = os.environ.get(name, "")
    return int(v) if v.strip().isdigit() else default


MIN_VECTORS = _env_count("KAMERSPOOR_ANN_MIN", 200_000)
MAP_MIN = _env_count("KAMERSPOOR_MAP_MIN", 20_000)
CONNECTIVITY = 16
EXPANSION = 128
DTYPE = "i8"
OVERSAMPLE = 4  # candidates per result asked for: int8 distances reorder near ties, a filter drops some


def cache_dir(dialect: str, url: str) -> Path:
    """Where the graphs of a store are kept."""
    if dialect == "sqlite" and url and url != ":memory:" and not url.startswith("file:"):
        return Path(url + ".ann")
    base = Path(os.environ.get("KAMERSPOOR_CACHE_DIR") or Path.home() / ".cache" / "kamerspoor")
    return base / "ann" / hashlib.blake2b(url.encode(), digest_size=8).hexdigest()


def tag_of(generation: tuple, n: int) -> str:
    """The part of a derived file's name that changes with the vectors (their generation and number)."""
    return hashlib.blake2b(repr((generation, n, DTYPE, CONNECTIVITY)).encode(), digest_size=8).hexdigest()


def matrix_path(dialect: str, url: str, kinds: tuple[str, ...], generation: tuple, n: int) -> Path:
    return cache_dir(dialect, url) / f"{'-'.join(kinds)}-{tag_of(generation, n)}.npy"


def open_matrix(path: Path, n: int, dim: int) -> np.ndarray | None:
    """The memory-mapped matrix at ``path`` when it is there with ``n`` rows of ``dim``; else None."""
    try:
        m = np.load(path, mmap_mode="r")
    except (OSError, ValueError):
        return None
    return m if m.shape == (n, dim) and m.dtype == np.float32 else None


def write_matrix(path: Path, n: int, dim: int, chunks: Iterator[np.ndarray]) -> np.ndarray | None:
    """Write the rows of ``chunks`` (float32 arrays of ``dim`` columns, ``n`` rows in all) to a ``.npy`` file at
    ``path`` (atomically: a temporary file renamed) and return it memory-mapped; None when the folder cannot be
    written or the chunks do not add up to ``n`` rows (the vectors changed meanwhile). Older matrices of the
    same kinds are removed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.tmp{os.getpid()}.npy")
        out = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.float32, shape=(n, dim))
    except OSError:
        return None
    at = 0
    for chunk in chunks:
        if at + len(chunk) > n:
            break
        out[at:at + len(chunk)] = chunk
        at += len(chunk)
    out.flush()
    del out
    if at != n:
        tmp.unlink(missing_ok=True)
        return None
    os.replace(tmp, path)
    stem = path.stem.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{stem}-*.npy"):
        if old != path and old.stem.rsplit("-", 1)[0] == stem:
            old.unlink(missing_ok=True)
    return open_matrix(path, n, dim)


class Ann:
    """An HNSW graph over the rows of a vector matrix (keys are row numbers)."""

    def __init__(self, index: Any, size: int) -> None:
        self.index, self.size = index, size

    def top(self, matrix: np.ndarray, query: np.ndarray, k: int,
            mask: np.ndarray | None = None) -> list[tuple[int, float]] | None:
        """The ``k`` best rows (row, exact cosine), best first; None when a filter leaves too few candidates
        (then the caller scans exactly)."""
        if k <= 0:
            return []
        want = min(self.size, k * OVERSAMPLE)
        self.index.expansion_search = max(EXPANSION, want)
        rows = np.asarray(self.index.search(np.asarray(query, np.float32), want, threads=1).keys, np.int64)
        if mask is not None:
            rows = rows[mask[rows]]
            if len(rows) < k and int(mask.sum()) > len(rows):
                return None
        scores = matrix[rows] @ np.asarray(query, np.float32)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(int(rows[i]), float(scores[i])) for i in order]


def attach(dialect: str, url: str, kinds: tuple[str, ...], generation: tuple,
           matrix: np.ndarray) -> Ann | None:
    """The graph of these vectors when there are at least :data:`MIN_VECTORS`: opened from its file, or
    built and saved; None below the threshold (the exact scan is used)."""
    if len(matrix) < max(MIN_VECTORS, 1):
        return None
    from usearch.index import Index

    folder = cache_dir(dialect, url)
    stem = "-".join(kinds)
    path = folder / f"{stem}-{tag_of(generation, len(matrix))}.usearch"
    if path.exists():
        view = Index.restore(str(path), view=True)
        if view is not None and len(view) == len(matrix):
            return Ann(view, len(matrix))
    index = Index(ndim=matrix.shape[1], metric="cos", dtype=DTYPE, connectivity=CONNECTIVITY,
                  expansion_add=EXPANSION, expansion_search=EXPANSION)
    for s in range(0, len(matrix), 100_000):  # a chunk at a time: a memory-mapped matrix stays on disk
        part = np.asarray(matrix[s:s + 100_000], np.float32)
        index.add(np.arange(s, s + len(part), dtype=np.uint64), part, threads=1)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        index.save(str(tmp))
        os.replace(tmp, path)
        for old in folder.glob(f"{stem}-*.usearch"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only place: the graph serves this process only
        return Ann(index, len(matrix))
    view = Index.restore(str(path), view=True)  # served from the file: the built graph's memory goes
    return Ann(view, len(matrix)) if view is not None else Ann(index, len(matrix))
