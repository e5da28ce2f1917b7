"""The vector index: embeddings of every paragraph and every motion request and consideration, in the store.

Storage (migration ``900_embeddings.sql`` of each database): table ``embeddings(doc_id, kind, paragraph,
vector)`` with ``kind`` one of :class:`TextKind`, ``paragraph`` the paragraph's ``idx`` (or the position in the
motion's list of requests or considerations) and ``vector`` the L2-normalised float16 vector as bytes (BLOB on
SQLite, BYTEA on PostgreSQL); table ``embedded_documents`` records which version of each document
(``documents.content_hash``) was embedded with which model, so :func:`embed_store` embeds only documents that
are new, changed or embedded with another model. Both tables reference ``documents`` with ``ON DELETE
CASCADE``: a replaced or deleted document takes its vectors with it.

Why no vector extension: search is a brute-force cosine (one matrix-vector product in numpy) over the
vectors of the kinds asked for, loaded once per process and reloaded when an embed run changed them. For
the shared corpus (8,042 documents, ~120,000 vectors with the motions' requests and considerations) the
matrix is ~90 MB as float32 and a query scans it in tens of milliseconds. sqlite-vec (0.1.9 on PyPI, still
pre-1.0) would also scan every vector (its vec0 tables are flat) and needs a loadable extension that
Python's sqlite3 may not be built to allow; pgvector is not packaged by Debian 12 for PostgreSQL 15. One
numpy code path serves both databases the same way. From 200,000 vectors on, an HNSW graph (usearch, in
:mod:`kamerspoor.semantic.ann`) proposes the candidates of :meth:`VectorIndex.top` and they are scored
exactly. Texts are embedded once per model across documents and runs (:mod:`kamerspoor.semantic.vectors`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from kamerspoor.semantic import ann
from kamerspoor.semantic.ann import Ann, attach
from kamerspoor.semantic.embed import DIM, Embedder, from_blobs, get_embedder, to_blob
from kamerspoor.semantic.vectors import CachingEmbedder, caching
from kamerspoor.store import Store


class TextKind(StrEnum):
    """What an embedded text is."""

    PARAGRAPH = "paragraph"          # a paragraph of any document (paragraphs.idx)
    REQUEST = "request"              # a motion's "verzoekt de regering ..." (motion.requests[i])
    CONSIDERATION = "consideration"  # a motion's "constaterende dat ..." (motion.considerations[i])


ALL_KINDS: tuple[TextKind, ...] = (TextKind.PARAGRAPH, TextKind.REQUEST, TextKind.CONSIDERATION)
MOTION_KINDS: tuple[TextKind, ...] = (TextKind.REQUEST, TextKind.CONSIDERATION)

# texts this short are kept across batches of an embed run: "De Kamer,", "gehoord de beraadslaging," and
# other formulas recur in every motion and are embedded once
_REUSE_MAX_CHARS = 200


def _kinds(kinds: Iterable[str] | None) -> tuple[TextKind, ...]:
    if kinds is None:
        return ALL_KINDS
    out = []
    for k in kinds:
        try:
            out.append(TextKind(k))
        except ValueError:
            raise ValueError(f"unknown kind of text {k!r} (expected one of {', '.join(ALL_KINDS)})") from None
    return tuple(dict.fromkeys(out))


def _dedupe_key(text: str) -> str:
    """The text as embedded: whitespace runs made one space, trailing punctuation left off, so that a motion's
    request ("verzoekt de regering ...") and the paragraph that holds it ("verzoekt de regering ...;") are
    embedded once."""
    return " ".join(text.split()).rstrip(";,.: ")


def _json_list(v) -> list:
    import json

    if v is None:
        return []
    if isinstance(v, str):
        v = json.loads(v)
    return [str(x) for x in v] if isinstance(v, list) else []


def document_texts(store: Store, doc_ids: Sequence[str],
                   kinds: Iterable[str] | None = None) -> dict[str, list[tuple[str, int, str]]]:
    """The texts to embed per document: ``{doc_id: [(kind, paragraph, text), ...]}``; empty texts left out."""
    kinds = _kinds(kinds)
    out: dict[str, list[tuple[str, int, str]]] = {d: [] for d in doc_ids}
    if TextKind.PARAGRAPH in kinds:
        for doc_id, idx, text in store.paragraph_texts(list(doc_ids)):
            if text and text.strip():
                out[doc_id].append((TextKind.PARAGRAPH.value, idx, text))
    if TextKind.REQUEST in kinds or TextKind.CONSIDERATION in kinds:
        for mid, requests, considerations in store.motion_texts(list(doc_ids)):
            for kind, texts in ((TextKind.REQUEST, requests), (TextKind.CONSIDERATION, considerations)):
                if kind in kinds:
                    for i, t in enumerate(_json_list(texts)):
                        if t.strip():
                            out[mid].append((kind.value, i, t))
    return out


@dataclass
class EmbedReport:
    documents: int = 0        # documents embedded in this run
    texts: int = 0            # texts stored
    embedded: int = 0         # texts that went through the model (the rest were repeats)
    up_to_date: int = 0       # documents skipped: already embedded in this version with this model
    seconds: float = 0.0
    model: str = ""
    kinds: list[str] = field(default_factory=list)

    @property
    def texts_per_second(self) -> float:
        return round(self.embedded / self.seconds, 1) if self.seconds else 0.0

    def to_dict(self) -> dict:
        return {**asdict(self), "texts_per_second": self.texts_per_second}


def pending_documents(store: Store, kinds: Iterable[str] | None = None,
                      model: str | None = None) -> tuple[list[str], int]:
    """(ids of documents to embed, how many are up to date): new documents, new versions of documents,
    documents embedded with another model or without some of ``kinds``."""
    kinds = _kinds(kinds)
    model = model or Embedder.model
    rows = store.embedding_status()
    todo, ok = [], 0
    for r in rows:
        have = set((r["kinds"] or "").split(","))
        if (r["done_hash"] == r["content_hash"] and r["model"] == model
                and all(k.value in have for k in kinds)):
            ok += 1
        else:
            todo.append(r["id"])
    return todo, ok


def embed_store(store: Store, kinds: Iterable[str] | None = None,
                embedder: Embedder | CachingEmbedder | None = None,
                progress: Callable[[int], None] | None = None, on_total: Callable[[int], None] | None = None,
                docs_per_batch: int = 200) -> EmbedReport:
    """Embed every document of the store that needs it (see :func:`pending_documents`).

    Work goes in batches of ``docs_per_batch`` documents, each written in one transaction, so an interrupted
    run keeps what it finished and the next run goes on from there. ``on_total(n)`` is told how many texts
    there are to embed, ``progress(k)`` after every ``k`` more."""
    kinds = _kinds(kinds)
    embedder = caching(store, embedder or get_embedder())  # texts already embedded (any document, any run) reused
    computed = embedder.computed
    t0 = time.perf_counter()
    todo, ok = pending_documents(store, kinds, embedder.model)
    report = EmbedReport(up_to_date=ok, model=embedder.model, kinds=[k.value for k in kinds])
    if todo:
        versions = _EmbeddedVersions(store, embedder.model)
        if on_total:
            on_total(sum(len(v) for v in document_texts(store, todo, kinds).values()))
        vectors = _Vectors(embedder, progress)
        for s in range(0, len(todo), docs_per_batch):
            _embed_batch(store, todo[s:s + docs_per_batch], kinds, versions, vectors, report)
    report.embedded = embedder.computed - computed  # through the model: the kept vectors served the rest
    report.seconds = round(time.perf_counter() - t0, 2)
    return report


#: (doc_id, kind, paragraph, text as embedded) of one text to store
_Row = tuple[str, str, int, str]


class _EmbeddedVersions:
    """Which version of each document was embedded with which model and kinds, and its current version."""

    def __init__(self, store: Store, model: str) -> None:
        self.model = model
        self.done = store.embedded_documents()
        self.current = store.content_hashes()

    def have(self, doc_id: str) -> set[str] | None:
        """The kinds embedded for the current version with this model; None: embed it afresh."""
        prev = self.done.get(doc_id)
        if not (prev and prev["content_hash"] == self.current.get(doc_id) and prev["model"] == self.model):
            return None
        return set((prev["kinds"] or "").split(","))

    def need(self, doc_id: str, kinds: tuple[TextKind, ...]) -> tuple[set[str], bool]:
        """(the kinds to embed now, afresh?): all asked for, or only the missing ones of a current version."""
        have = self.have(doc_id)
        return {k.value for k in kinds} - (have or set()), have is None


class _Vectors:
    """Texts -> stored vectors; short texts ("De Kamer,", "gehoord de beraadslaging,") recur in every motion
    and are kept across the batches of a run, so each is embedded once."""

    def __init__(self, embedder: Embedder | CachingEmbedder, progress: Callable[[int], None] | None) -> None:
        self.embedder = embedder
        self.progress = progress
        self.reuse: dict[str, np.ndarray] = {}

    def blobs(self, rows: list[_Row], report: EmbedReport) -> list[bytes]:
        """One vector (as stored) per row; texts not seen in this run go through the model."""
        unique = list(dict.fromkeys(t for *_, t in rows if t not in self.reuse))
        vecs = (self.embedder.passages(unique, progress=self.progress) if unique
                else np.zeros((0, DIM), np.float32))
        report.embedded += len(unique)
        by_text = dict(zip(unique, vecs, strict=True))
        if self.progress:
            self.progress(len(rows) - len(unique))
        blobs = to_blob(np.stack([by_text[t] if t in by_text else self.reuse[t] for *_, t in rows])) if rows else []
        for t, v in by_text.items():
            if len(t) <= _REUSE_MAX_CHARS and len(self.reuse) < 50_000:
                self.reuse[t] = v
        return blobs


def _embed_batch(store: Store, batch: list[str], kinds: tuple[TextKind, ...], versions: _EmbeddedVersions,
                 vectors: _Vectors, report: EmbedReport) -> None:
    """Embed the texts of some documents and store them in one transaction."""
    texts = document_texts(store, batch, kinds)
    need = {d: versions.need(d, kinds) for d in batch}
    rows = [(d, k, i, _dedupe_key(t)) for d in batch for (k, i, t) in texts[d]
            if k in need[d][0] and _dedupe_key(t)]
    blobs = vectors.blobs(rows, report)
    _write_batch(store, batch, need, rows, blobs, versions)
    report.documents += len(batch)
    report.texts += len(rows)


def _write_batch(store: Store, batch: list[str], need: dict[str, tuple[set[str], bool]], rows: list[_Row],
                 blobs: list[bytes], versions: _EmbeddedVersions) -> None:
    """Replace the documents' vectors of the kinds embedded now and record the version and kinds embedded, in
    one transaction."""
    cleared: list[tuple[str, list[str] | None]] = []
    embedded: list[tuple[str, str | None, str, int, str]] = []
    for d in batch:
        wanted, fresh = need[d]
        cleared.append((d, None if fresh else sorted(wanted)))
        have = set() if fresh else (versions.have(d) or set())
        embedded.append((d, versions.current.get(d), versions.model, DIM, ",".join(sorted((have | wanted) - {""}))))
    store.put_embeddings(cleared, [(d, k, i, b) for (d, k, i, _), b in zip(rows, blobs, strict=True)], embedded)


def index_stats(store: Store) -> dict:
    """How many vectors of each kind, how many documents are embedded, and the bytes the vectors take."""
    counts = store.embedding_counts()
    kinds = counts["by_kind"]
    vectors = sum(kinds.values())
    return {"vectors": vectors, "by_kind": kinds, "documents_embedded": counts["documents_embedded"],
            "documents": counts["documents"],
            "vector_bytes": vectors * DIM * 2, "dim": DIM, "model": Embedder.model}


# -- searching --------------------------------------------------------------------------------------------

@dataclass
class VectorIndex:
    """Vectors of some kinds, with what each row belongs to, in compact arrays: at 10^7 rows an array of Python
    strings per row (id, kind, document kind, date) would be gigabytes of objects, so each document's id, kind
    and date are kept once (``docs``, ``doc_kind_of``, ``doc_dates``) and each row holds small integers:
    ``doc_of`` (its document's place in ``docs``), ``kind_of`` (its kind's place in :data:`ALL_KINDS`) and its
    ``paragraphs`` number. The rows of a document are consecutive (the store reads them by document):
    ``doc_start[d]:doc_start[d + 1]`` are those of document ``d``. ``doc_ids``, ``kinds``, ``doc_kinds`` and
    ``dates`` give the per-row values as arrays for small indexes and tests; the search paths use
    :meth:`rows_of`, :meth:`row`, :meth:`doc_id` and the per-document masks."""

    docs: np.ndarray         # object array: each document's id once, in row order
    doc_of: np.ndarray       # int32 per row: its document's place in ``docs``
    kind_of: np.ndarray      # uint8 per row: its kind's place in ALL_KINDS
    paragraphs: np.ndarray   # int32 per row
    doc_kind_names: tuple[str, ...]  # the kinds of document there are (brief, motie, ...)
    doc_kind_of: np.ndarray  # uint8 per document: its kind's place in ``doc_kind_names``
    doc_dates: np.ndarray    # <U10 per document: its date, YYYY-MM-DD ("": no date)
    matrix: np.ndarray       # (n, DIM) float32, L2-normalised rows
    ann: Ann | None = None   # an HNSW graph over the rows, for large stores (semantic/ann.py)
    doc_start: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))  # per document, and the end
    _order: np.ndarray | None = None  # ``docs`` sorted, for looking documents up by id

    def __len__(self) -> int:
        return len(self.doc_of)

    # -- per-row values (small indexes, tests) ----------------------------------------------------------------
    @property
    def doc_ids(self) -> np.ndarray:
        return self.docs[self.doc_of] if len(self.doc_of) else np.zeros(0, dtype=object)

    @property
    def kinds(self) -> np.ndarray:
        return np.array([k.value for k in ALL_KINDS], dtype=object)[self.kind_of]

    @property
    def doc_kinds(self) -> np.ndarray:
        return np.array(self.doc_kind_names or ("",), dtype=object)[self.doc_kind_of[self.doc_of]]

    @property
    def dates(self) -> np.ndarray:
        return np.array([str(x) or None for x in self.doc_dates[self.doc_of]], dtype=object)

    # -- lookups --------------------------------------------------------------------------------------------
    def doc_id(self, row: int) -> str:
        return str(self.docs[self.doc_of[row]])

    def doc_codes(self, ids: Iterable[str]) -> np.ndarray:
        """The places in ``docs`` of those of ``ids`` that have vectors."""
        if self._order is None:
            self._order = np.argsort(self.docs, kind="stable") if len(self.docs) else np.zeros(0, np.int64)
        want = np.array(sorted(set(ids)), dtype=object)
        if not len(want) or not len(self.docs):
            return np.zeros(0, np.int64)
        ordered = self.docs[self._order]
        at = np.minimum(np.searchsorted(ordered, want), len(ordered) - 1)
        return self._order[at[ordered[at] == want]]

    def rows_of(self, ids: Iterable[str]) -> np.ndarray:
        """A mask of the rows of the documents ``ids``."""
        mask = np.zeros(len(self), dtype=bool)
        for d in self.doc_codes(ids):
            mask[self.doc_start[d]:self.doc_start[d + 1]] = True
        return mask

    def row(self, doc_id: str, paragraph: int, kind: str = "paragraph") -> int | None:
        """The row of a document's paragraph (or request, consideration), None when it has no vector."""
        codes = self.doc_codes([doc_id])
        if not len(codes):
            return None
        a, b = int(self.doc_start[codes[0]]), int(self.doc_start[codes[0] + 1])
        k = ALL_KINDS.index(TextKind(kind))
        hit = np.flatnonzero((self.paragraphs[a:b] == paragraph) & (self.kind_of[a:b] == k))
        return a + int(hit[0]) if len(hit) else None

    def of_doc_kind(self, kind: str) -> np.ndarray:
        """A mask of the rows whose document is of ``kind``."""
        if kind not in self.doc_kind_names:
            return np.zeros(len(self), dtype=bool)
        return (self.doc_kind_of == self.doc_kind_names.index(kind))[self.doc_of]

    def dated_from(self, since: str) -> np.ndarray:
        """A mask of the rows whose document is dated ``since`` or later, or has no date."""
        ok = (self.doc_dates == "") | (self.doc_dates >= since)
        return ok[self.doc_of]

    # -- searching --------------------------------------------------------------------------------------------
    def scores(self, query: np.ndarray) -> np.ndarray:
        """Cosine similarity of every vector to ``query`` (one L2-normalised vector)."""
        if not len(self):
            return np.zeros(0, np.float32)
        return self.matrix @ np.asarray(query, np.float32)

    def top(self, query: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The ``k`` best rows (row, score), best first; ``mask`` keeps only rows where it is True."""
        hit = self.ann.top(self.matrix, query, k, mask) if self.ann is not None else None
        if hit is not None:
            return hit
        s = self.scores(query)
        if mask is not None:
            s = np.where(mask, s, -np.inf)
        k = min(k, int(np.isfinite(s).sum()))
        if k <= 0:
            return []
        part = np.argpartition(-s, k - 1)[:k]
        part = part[np.argsort(-s[part], kind="stable")]
        return [(int(i), float(s[i])) for i in part]


_cache: dict[tuple, tuple[tuple, VectorIndex]] = {}
_cache_lock = threading.Lock()


def _generation(store: Store) -> tuple:
    return store.embedding_generation()


def load_index(store: Store, kinds: Iterable[str] | None = None) -> VectorIndex:
    """The vectors of ``kinds`` (default: paragraphs) in ``store``; kept per process and store until an embed
    run changes them. From :data:`kamerspoor.semantic.ann.MAP_MIN` vectors on the matrix is a memory-mapped file
    (written by ``kamerspoor embed``, or here, streamed, when it is missing), never read whole into memory;
    what each row belongs to is read in chunks into compact arrays (:class:`VectorIndex`)."""
    kinds = _kinds(kinds or (TextKind.PARAGRAPH,))
    key = (store.dialect, store.url, kinds)
    gen = _generation(store)
    with _cache_lock:
        hit = _cache.get(key)
        if hit and hit[0] == gen:
            return hit[1]
    names = tuple(k.value for k in kinds)
    matrix = _mapped_matrix(store, names, gen, store.count_vectors(list(names)))
    rows = _RowReader(with_vectors=matrix is None)
    for chunk in store.vector_chunks(list(names), with_vectors=matrix is None, chunk=10_000):
        rows.add(chunk)
    if matrix is not None and len(matrix) != rows.n:  # an embed run between the two reads: read it all
        matrix, rows = None, _RowReader(with_vectors=True)
        for chunk in store.vector_chunks(list(names)):
            rows.add(chunk)
    idx = rows.index(matrix)
    idx.ann = attach(store.dialect, store.url, names, gen, idx.matrix)
    with _cache_lock:
        _cache[key] = (gen, idx)
    return idx


_KIND_CODE = {k.value: i for i, k in enumerate(ALL_KINDS)}


class _RowReader:
    """The store's vector rows ((doc_id, kind, paragraph, document kind, date[, vector]) by document), a chunk
    at a time, into the compact arrays of :class:`VectorIndex`: no Python object per row is kept."""

    def __init__(self, with_vectors: bool) -> None:
        self.with_vectors = with_vectors
        self.n = 0
        self.docs: list[str] = []
        self.doc_start: list[int] = []
        self.doc_kind: list[int] = []
        self.doc_date: list[str | None] = []
        self.kind_names: dict[str, int] = {}
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.vectors: list[np.ndarray] = []

    def add(self, chunk: list[tuple[Any, ...]]) -> None:
        doc_of = np.empty(len(chunk), np.int32)
        last = self.docs[-1] if self.docs else None
        for i, r in enumerate(chunk):
            if r[0] != last:
                last = r[0]
                self.docs.append(last)
                self.doc_start.append(self.n + i)
                self.doc_kind.append(self.kind_names.setdefault(r[3] or "", len(self.kind_names)))
                self.doc_date.append(str(r[4]) if r[4] else None)
            doc_of[i] = len(self.docs) - 1
        kind_of = np.fromiter((_KIND_CODE[r[1]] for r in chunk), np.uint8, len(chunk))
        paragraphs = np.fromiter((r[2] for r in chunk), np.int32, len(chunk))
        self.parts.append((doc_of, kind_of, paragraphs))
        if self.with_vectors:
            self.vectors.append(from_blobs([r[5] for r in chunk]))
        self.n += len(chunk)

    def index(self, matrix: np.ndarray | None) -> VectorIndex:
        def cat(i: int, dtype: type) -> np.ndarray:
            return np.concatenate([p[i] for p in self.parts]) if self.parts else np.zeros(0, dtype)

        if matrix is None:
            matrix = np.concatenate(self.vectors) if self.vectors else from_blobs([])
        docs = np.empty(len(self.docs), dtype=object)
        docs[:] = self.docs
        dates = np.array([d or "" for d in self.doc_date], dtype="<U10")
        return VectorIndex(docs=docs, doc_of=cat(0, np.int32), kind_of=cat(1, np.uint8), paragraphs=cat(2, np.int32),
                           doc_kind_names=tuple(self.kind_names), doc_kind_of=np.array(self.doc_kind, np.uint8),
                           doc_dates=dates, matrix=matrix, doc_start=np.array([*self.doc_start, self.n], np.int64))


def _mapped_matrix(store: Store, kinds: tuple[str, ...], gen: tuple, n: int) -> np.ndarray | None:
    """The memory-mapped matrix of these vectors (opened, or written from the store in chunks), or None below
    :data:`ann.MAP_MIN` vectors, for an in-memory store, or where no file can be written."""
    if n < max(ann.MAP_MIN, 1) or store.url in ("", ":memory:"):
        return None
    path = ann.matrix_path(store.dialect, store.url, kinds, gen, n)
    have = ann.open_matrix(path, n, DIM)
    if have is not None:
        return have
    chunks = (from_blobs([r[5] for r in rows]) for rows in store.vector_chunks(list(kinds)))
    return ann.write_matrix(path, n, DIM, chunks)


def build_index(store: Store, kinds: Iterable[str] | None = None) -> VectorIndex:
    """Write the derived files of the vectors now (the memory-mapped matrix, the HNSW graph when there are
    enough vectors), so that no query pays for them: ``kamerspoor embed`` calls it at the end of its run."""
    return load_index(store, kinds)


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()
