"""Every distinct text embedded once: vectors kept by the hash of the text, per model, in the store.

Only about a third of a corpus's paragraph texts are distinct (formulas such as "De Kamer,", a request
quoted again in the cabinet's letter, a motion's request that is also one of its paragraphs). The embed run
(:func:`kamerspoor.semantic.index.embed_store`) goes through a :class:`CachingEmbedder`: each text is looked
up by the blake2b-128 hash of its normalised form (:func:`text_key`) in table ``text_vectors`` (migration
``901_text_vectors.sql``), and only texts not found go through the model; their vectors are written back, in
their own short transactions, so an interrupted run keeps them too. Re-running embed after adding one
document sends only that document's new texts through the model, and a changed document only its changed
paragraphs.

The hash, not the text, is the key: 16 bytes per text next to the 768 bytes of its vector. Rows outlive the
documents they came from (a text that comes back is not embedded again); ``prune_text_vectors`` removes
those of other models.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from kamerspoor.semantic.embed import DIM, Embedder, from_blobs, normalise_text, to_blob
from kamerspoor.store import Store


def text_key(text: str) -> bytes:
    """The hash a text's vector is kept under: blake2b-128 of the text as the model sees it."""
    return hashlib.blake2b(normalise_text(text).encode("utf-8"), digest_size=16).digest()


def lookup(store: Store, model: str, keys: Iterable[bytes]) -> dict[bytes, np.ndarray]:
    """The vectors of ``model`` known for ``keys`` (those not found are left out)."""
    rows = store.text_vectors(model, list(dict.fromkeys(keys)))
    if not rows:
        return {}
    vecs = from_blobs([v for _, v in rows])
    return {h: v for (h, _), v in zip(rows, vecs, strict=True)}


def remember(store: Store, model: str, keys: Sequence[bytes], vectors: np.ndarray) -> None:
    """Keep vectors under their keys (a key already there keeps its vector)."""
    if not len(keys):
        return
    store.put_text_vectors(model, list(zip(keys, to_blob(vectors), strict=True)))


def prune_text_vectors(store: Store, keep_model: str) -> int:
    """Remove the kept vectors of every model but ``keep_model``; returns how many rows went."""
    return store.drop_text_vectors(keep_model)


class CachingEmbedder:
    """An :class:`Embedder` whose ``passages`` look every text up in the store first.

    ``computed`` counts the texts that went through the model, ``reused`` those found in the store or
    repeated within the call."""

    def __init__(self, store: Store, inner: Embedder, chunk: int = 2048) -> None:
        self.store, self.inner, self.chunk = store, inner, chunk
        self.model, self.dim = inner.model, DIM
        self.computed = 0
        self.reused = 0

    def passages(self, texts: Sequence[str], batch: int = 0,
                 progress: Callable[[int], None] | None = None) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        out = np.zeros((len(texts), DIM), np.float32)
        known = lookup(self.store, self.model, keys)
        first: dict[bytes, int] = {}
        for i, k in enumerate(keys):
            if k not in known:
                first.setdefault(k, i)
        todo = list(first.items())
        for s in range(0, len(todo), self.chunk):  # written back per chunk: an interrupted run keeps them
            part = todo[s:s + self.chunk]
            vecs = self.inner.passages([texts[i] for _, i in part], progress=progress)
            remember(self.store, self.model, [k for k, _ in part], vecs)
            known.update((k, v) for (k, _), v in zip(part, vecs, strict=True))
        self.computed += len(todo)
        self.reused += len(texts) - len(todo)
        if progress and len(texts) > len(todo):
            progress(len(texts) - len(todo))
        for i, k in enumerate(keys):
            out[i] = known[k]
        return out

    def queries(self, texts: Sequence[str], batch: int = 0) -> np.ndarray:
        return self.inner.queries(texts)

    def query(self, text: str) -> np.ndarray:
        return self.inner.query(text)


def caching(store: Store, embedder: Embedder | CachingEmbedder) -> CachingEmbedder:
    """``embedder`` with the store's kept vectors in front (an embedder that already has them is kept)."""
    return embedder if isinstance(embedder, CachingEmbedder) else CachingEmbedder(store, embedder)
