"""The semantic layer's tables: sentence embeddings of paragraphs and motion texts, which version of each
document was embedded with which model (migration ``900_embeddings.sql``), and the vector of every distinct
text per model, by the hash of the text (``901_text_vectors.sql``); :mod:`kamerspoor.semantic` decides what to
embed and how. Vectors are bytes (BLOB on SQLite, BYTEA on PostgreSQL); a document's embeddings go with it
(``ON DELETE CASCADE``), kept text vectors outlive it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypedDict, cast

from kamerspoor.store.connection import Connection, json_column, now_iso

_CHUNK = 500  # ids per statement


class EmbeddingStatus(TypedDict):
    id: str
    content_hash: str
    done_hash: str | None  # the content hash of the version embedded, None: never embedded
    model: str | None
    kinds: str | None  # comma-separated kinds of text embedded


class EmbeddedDocument(TypedDict):
    doc_id: str
    content_hash: str | None
    model: str
    kinds: str | None


class EmbeddingCounts(TypedDict):
    by_kind: dict[str, int]
    documents_embedded: int
    documents: int


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for s in range(0, len(ids), _CHUNK):
        yield ids[s:s + _CHUNK]


class EmbeddingStore(Connection):
    def paragraph_texts(self, doc_ids: list[str]) -> Iterator[tuple[str, int, str]]:
        """(doc_id, idx, text) of every paragraph of ``doc_ids``, by document and position."""
        for chunk in _chunks(doc_ids):
            cond, params = self.in_clause("doc_id", chunk)
            for r in self.query(f"SELECT doc_id, idx, text FROM paragraphs WHERE {cond} ORDER BY doc_id, idx", params):
                yield r["doc_id"], int(r["idx"]), r["text"]

    def motion_texts(self, doc_ids: list[str]) -> Iterator[tuple[str, list[Any], list[Any]]]:
        """(motion id, requests, considerations) of the motions among ``doc_ids``."""
        for chunk in _chunks(doc_ids):
            cond, params = self.in_clause("id", chunk)
            for r in self.query(f"SELECT id, requests, considerations FROM motions WHERE {cond}", params):
                yield r["id"], json_column(r["requests"], []), json_column(r["considerations"], [])

    def embedding_status(self) -> list[EmbeddingStatus]:
        """Every document with the version, model and kinds of text it was embedded with (None: never)."""
        return cast(list[EmbeddingStatus], self.query(
            "SELECT d.id, d.content_hash, e.content_hash AS done_hash, e.model, e.kinds "
            "FROM documents d LEFT JOIN embedded_documents e ON e.doc_id = d.id ORDER BY d.id"))

    def embedded_documents(self) -> dict[str, EmbeddedDocument]:
        """The documents embedded so far, by id."""
        return {r["doc_id"]: cast(EmbeddedDocument, r)
                for r in self.query("SELECT doc_id, content_hash, model, kinds FROM embedded_documents")}

    def content_hashes(self) -> dict[str, str]:
        """The content hash of every document's current version, by id."""
        return {r["id"]: r["content_hash"] for r in self.query("SELECT id, content_hash FROM documents")}

    def put_embeddings(self, cleared: list[tuple[str, list[str] | None]], vectors: list[tuple[str, str, int, bytes]],
                       embedded: list[tuple[str, str | None, str, int, str]]) -> None:
        """In one transaction: take out the vectors ``cleared`` ((doc_id, kinds of text, None: every kind)), add
        ``vectors`` ((doc_id, kind, paragraph, vector bytes)) and record ``embedded`` ((doc_id, content hash,
        model, dimensions, kinds))."""
        with self.transaction():
            for doc_id, kinds in cleared:
                if kinds is None:
                    self.execute("DELETE FROM embeddings WHERE doc_id = ?", (doc_id,))
                for k in kinds or []:
                    self.execute("DELETE FROM embeddings WHERE doc_id = ? AND kind = ?", (doc_id, k))
            if vectors:
                self.executemany("INSERT INTO embeddings (doc_id, kind, paragraph, vector) VALUES (?, ?, ?, ?)",
                                 vectors)
            self.executemany(
                "INSERT INTO embedded_documents (doc_id, content_hash, model, dim, kinds, embedded_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (doc_id) DO UPDATE SET content_hash = excluded.content_hash, "
                "model = excluded.model, dim = excluded.dim, kinds = excluded.kinds, "
                "embedded_at = excluded.embedded_at", [(*e, now_iso()) for e in embedded])

    def embedding_counts(self) -> EmbeddingCounts:
        """Vectors per kind of text, documents embedded, documents in the store."""
        kinds = {r["kind"]: int(r["n"]) for r in self.query("SELECT kind, count(*) AS n FROM embeddings GROUP BY kind")}
        return {"by_kind": kinds, "documents_embedded": self.count("SELECT count(*) FROM embedded_documents"),
                "documents": self.count("SELECT count(*) FROM documents")}

    def embedding_generation(self) -> tuple[int, str | None, int]:
        """Changes whenever an embed run changed the vectors: (documents embedded, last embedded at, vectors)."""
        r = self.query_one("SELECT count(*) AS n, max(embedded_at) AS t FROM embedded_documents")
        n = self.count("SELECT count(*) FROM embeddings")
        return (r["n"] if r else 0, r["t"] if r else None, n)

    def vectors(self, kinds: list[str]) -> list[tuple[str, str, int, str, str | None, bytes]]:
        """(doc_id, kind of text, paragraph, document kind, document date, vector bytes) of every vector of
        ``kinds``, by document, kind and paragraph."""
        cond, params = self.in_clause("e.kind", kinds)
        return self.execute(
            "SELECT e.doc_id, e.kind, e.paragraph, d.kind, d.date, e.vector FROM embeddings e "
            f"JOIN documents d ON d.id = e.doc_id WHERE {cond} ORDER BY e.doc_id, e.kind, e.paragraph",
            params).fetchall()

    def count_vectors(self, kinds: list[str]) -> int:
        """How many vectors of ``kinds`` there are."""
        cond, params = self.in_clause("kind", kinds)
        return self.count(f"SELECT count(*) FROM embeddings WHERE {cond}", params)

    def vector_chunks(self, kinds: list[str], with_vectors: bool = True,
                      chunk: int = 50_000) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of :meth:`vectors` (without the vector bytes unless ``with_vectors``) in chunks, from one
        statement (one snapshot of the store): a caller that streams the vectors to a file never holds them all."""
        cond, params = self.in_clause("e.kind", kinds)
        vec = ", e.vector" if with_vectors else ""
        cur = self.execute(
            f"SELECT e.doc_id, e.kind, e.paragraph, d.kind, d.date{vec} FROM embeddings e "
            f"JOIN documents d ON d.id = e.doc_id WHERE {cond} ORDER BY e.doc_id, e.kind, e.paragraph", params)
        while True:
            rows = cur.fetchmany(chunk)
            if not rows:
                return
            yield rows

    # -- vectors kept per distinct text (kamerspoor.semantic.vectors) --------------------------------------
    def text_vectors(self, model: str, keys: list[bytes]) -> list[tuple[bytes, bytes]]:
        """(text hash, vector bytes) of the vectors of ``model`` kept for ``keys`` (those not kept left out)."""
        out: list[tuple[bytes, bytes]] = []
        for s in range(0, len(keys), _CHUNK):
            chunk = keys[s:s + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            out += [(bytes(h), v) for h, v in self.execute(
                f"SELECT text_hash, vector FROM text_vectors WHERE model = ? AND text_hash IN ({marks})",
                [model, *chunk]).fetchall()]
        return out

    def put_text_vectors(self, model: str, rows: list[tuple[bytes, bytes]]) -> None:
        """Keep vectors ((text hash, vector bytes)) of ``model`` in one transaction; a hash already kept keeps its
        vector."""
        with self.transaction():
            self.executemany("INSERT INTO text_vectors (model, text_hash, vector) VALUES (?, ?, ?) "
                             "ON CONFLICT (model, text_hash) DO NOTHING", [(model, h, v) for h, v in rows])

    def drop_text_vectors(self, keep_model: str) -> int:
        """Remove the kept text vectors of every model but ``keep_model``; returns how many rows went."""
        with self.transaction():
            n = self.count("SELECT count(*) FROM text_vectors WHERE model <> ?", (keep_model,))
            self.execute("DELETE FROM text_vectors WHERE model <> ?", (keep_model,))
        return n
