"""Benchmark of the semantic layer on the real shared corpus (../shared/corpus).

    .venv/bin/python bench/answers.py [--db PATH] [--sample 256] [--skip-embed]

Prints, as numbers:

1. Embedding throughput: a random sample of the corpus's distinct paragraph texts embedded in batches
   (paragraphs/s, characters/s), and the time this extrapolates to for every distinct text of the store.
2. The embed run itself (``embed_store``, incremental: a second run costs nothing) and the index size
   (vectors, bytes of vectors, bytes on disk of the two tables when SQLite can tell).
3. Gewijzigde moties: every motion in the store that replaces another motion in the store (the link taken
   from the motion itself or its Zaak: "t.v.v. 30950-495", "TER VERVANGING VAN DIE GEDRUKT ONDER NR. 22").
   The link is hidden and every other motion is ranked by meaning against the new motion's requests and
   considerations; recall@1, recall@5 and MRR over all of them, for three ways of comparing two motions
   (see ``motion_scores``). "strict" counts only the motion named as replaced; "chain" also counts a motion
   further up the same chain (nr. 40 replaces nr. 35 which replaced nr. 22: nr. 22 is the same motion too).
4. Letters: every answer in a letter to a motion that is in the store, the citation hidden: all motions
   ranked against the answer's paragraph. The shared corpus has one letter (2020) whose motions are not among
   the corpus's motions (2023-2025), so this runs again with the fictional examples/ added to a copy of the
   store (its letter answers two fictional motions, ranked among all the real ones), and says how many.
5. Search: 30 queries written in other words than the motion they look for (QUERIES below), bm25 alone
   (the store's search as typed, and with its words joined by OR) against hybrid (bm25 + vectors, reciprocal
   rank fusion): recall@10 and MRR@20 of the motion, counted per document.

Without --db it ingests ../shared/corpus into a temporary SQLite file first (about a minute).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# 30 paraphrased queries, each with the motion (in ../shared/corpus/tk-2023-2025) it describes, written so
# that few of the motion's own words occur in it.
QUERIES: list[tuple[str, str]] = [
    ("ngo's een plek geven in de buitenlandfinanciering van de Unie", "kst-21501-04-278"),
    ("prijs van warmte laten afhangen van verbruik bij collectieve verwarming op lage temperatuur", "kst-36576-87"),
    ("geen strengere eis voor duurzame kerosine dan Brussel voorschrijft", "kst-29665-553"),
    ("scholen voor speciaal onderwijs minder verschillende volgsystemen laten gebruiken", "kst-29240-149"),
    ("wat doet de spoorvervoerder extra naast zijn vervoersconcessie en wat kost dat", "kst-29984-1252"),
    ("Turkije mag niet meewegen bij het benoemen van de volkerenmoord op Armeniërs", "kst-21501-02-3122"),
    ("geen openbaar verhoor van kandidaat-ministers voor hun aanstelling", "kst-36471-104"),
    ("buitenlandse politiek gericht op gelijkheid van vrouwen terugbrengen", "kst-36725-XVII-36"),
    ("Israël aansporen burgers en vluchtelingen in het zuiden van Gaza te beschermen", "kst-23432-527"),
    ("geen extra Nederlandse kop op de Europese zorgplichtrichtlijn voor ondernemingen", "kst-36550-XVII-17"),
    ("vroeg ingrijpen om gebruik van sterke synthetische verdovende middelen te voorkomen", "kst-36600-VI-99"),
    ("broeikasgasuitstoot tegen 2040 bijna helemaal terugdringen", "kst-22112-4141"),
    ("diversiteitsregels niet langer eisen voor geld aan kunstinstellingen", "kst-31490-369"),
    ("toezicht dat zich richt op waar de grootste gevaren liggen niet bij voorbaat afwijzen", "kst-24724-233"),
    ("extra toeschouwer bij preventief visiteren afschaffen", "kst-29628-1271"),
    ("minder vee laten fokken om mestoverschot en dierenleed tegen te gaan", "kst-36618-28"),
    ("register van uiteindelijke belanghebbenden beter gevuld krijgen", "kst-36584-17"),
    ("inspectie moet blijven optreden tegen te lage inzameling van petflessen", "kst-32852-363"),
    ("gevolgen van terreurbestrijdingsregels voor moslims in kaart brengen", "kst-36225-29"),
    ("verbod op betogingen in vreemde talen zoals Arabisch", "kst-30821-318"),
    ("staatspensioen altijd gekoppeld houden aan het wettelijk minimumloon", "kst-36488-14"),
    ("gezondheidsgevolgen van fabrieken meewegen bij vergunningverlening zoals nu al met milieugevolgen",
     "kst-28089-287"),
    ("gemeente vergoedt winkeliers volledig bij winkeldiefstal", "kst-19637-3379"),
    ("een Nederlander naar het heelal sturen", "kst-24446-95"),
    ("uitbuiting van truckers door Baltische vervoerders", "kst-30573-235"),
    ("banen van de rijksoverheid eerlijker spreiden over het land", "kst-29697-149"),
    ("kinderen onder de twaalf gratis met bus en trein", "kst-36683-9"),
    ("belasting op sigaretten elk jaar automatisch met de inflatie laten stijgen", "kst-32793-756"),
    ("vlag van Oekraïne uithangen bij het parlement op de verjaardag van de invasie", "kst-28676-481"),
    ("landelijk telefoonnummer voor slachtoffers van geweld tegen vrouwen", "kst-36658-14"),
]


def _print(title: str, rows: dict) -> None:
    print(f"\n== {title}")
    for k, v in rows.items():
        print(f"  {k:<34} {v}")


def _open(db: str | None):
    from kamerspoor.ingest import ingest
    from kamerspoor.store import open_store

    if db:
        store = open_store(db)
        if int(store.query_value("SELECT count(*) FROM motions") or 0) == 0:
            sys.exit(f"{db}: no motions in the store; ingest ../shared/corpus first (or leave out --db)")
        return store
    if not (SHARED / "corpus").is_dir():
        sys.exit("../shared/corpus not found: this benchmark needs the shared corpus")
    path = Path(tempfile.mkdtemp(prefix="kamerspoor-answers-")) / "shared.db"
    store = open_store(path)
    t = time.perf_counter()
    ingest(store, [str(SHARED / "corpus")])
    print(f"ingested ../shared/corpus into {path} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return store


def throughput(store, sample: int) -> dict:
    from kamerspoor.semantic.embed import get_embedder
    from kamerspoor.semantic.index import _dedupe_key

    texts = sorted({_dedupe_key(r["text"]) for r in store.query("SELECT text FROM paragraphs")} - {""})
    reqs = store.query("SELECT requests, considerations FROM motions")
    import json

    extra = {_dedupe_key(t) for r in reqs for col in ("requests", "considerations") for t in json.loads(r[col])}
    distinct = len(set(texts) | extra)
    rnd = random.Random(8)
    pick = rnd.sample(texts, min(sample, len(texts)))
    emb = get_embedder()
    emb.passages(pick[:8])  # warm up
    t = time.perf_counter()
    emb.passages(pick)
    dt = time.perf_counter() - t
    chars = sum(len(x) for x in pick)
    t = time.perf_counter()
    for q in pick[:20]:
        emb.query(q[:200])
    one = (time.perf_counter() - t) / min(20, len(pick))
    return {"sample paragraphs": len(pick), "mean characters": round(chars / len(pick)),
            "paragraphs/s (batches of 32)": round(len(pick) / dt, 1), "characters/s": round(chars / dt),
            "one query (ms)": round(one * 1000, 1),
            "distinct texts in store": distinct,
            "extrapolated full embed (s)": round(distinct / (len(pick) / dt))}


def index_size(store) -> dict:
    from kamerspoor.semantic.index import index_stats

    st = index_stats(store)
    out = {"vectors": st["vectors"], "by kind": st["by_kind"],
           "vector bytes (float16)": st["vector_bytes"],
           "vector MB": round(st["vector_bytes"] / 1e6, 1)}
    if store.dialect == "sqlite":
        try:
            n = store.query_value("SELECT sum(pgsize) FROM dbstat WHERE name IN "
                                  "('embeddings', 'sqlite_autoindex_embeddings_1', 'embedded_documents', "
                                  "'sqlite_autoindex_embedded_documents_1')")
            out["on disk MB (dbstat)"] = round(int(n or 0) / 1e6, 1)
        except Exception as e:  # dbstat is a compile-time option of SQLite
            out["on disk"] = f"unknown ({e})"
    return out


def _motion_vectors(store) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(motion ids, (n_texts, dim) matrix of their requests and considerations, owner row of each text)."""
    from kamerspoor.semantic.index import load_index

    idx = load_index(store, ["request", "consideration"])
    ids = sorted(set(idx.doc_ids.tolist()))
    pos = {m: i for i, m in enumerate(ids)}
    owner = np.array([pos[d] for d in idx.doc_ids], dtype=np.int64)
    order = np.argsort(owner, kind="stable")
    return ids, idx.matrix[order], owner[order]


def motion_scores(q: np.ndarray, mat: np.ndarray, owner: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """Scores of every motion against the query motion's text vectors ``q`` (k, dim):
    ``maxsim``: mean over the query's texts of the best match among the motion's texts (late interaction);
    ``centroid``: cosine of the mean vectors; ``best``: the single best pair."""
    sims = mat @ q.T                                             # (n_texts, k)
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    have = owner[starts]
    best_per_q = np.maximum.reduceat(sims, starts, axis=0)       # (n_have, k)
    out = {}
    ms = np.full(n, -np.inf)
    ms[have] = best_per_q.mean(axis=1)
    out["maxsim"] = ms
    bp = np.full(n, -np.inf)
    bp[have] = best_per_q.max(axis=1)
    out["best"] = bp
    sums = np.add.reduceat(mat, starts, axis=0)
    cent = sums / np.linalg.norm(sums, axis=1, keepdims=True)
    qc = q.mean(axis=0)
    qc /= np.linalg.norm(qc)
    ce = np.full(n, -np.inf)
    ce[have] = cent @ qc
    out["centroid"] = ce
    return out


def _rank_of(scores: np.ndarray, target: int, exclude: list[int]) -> int:
    s = scores.copy()
    s[exclude] = -np.inf
    return int((s > s[target]).sum()) + 1


def _summary(ranks: list[int]) -> dict:
    r = np.array(ranks)
    if not len(r):
        return {"n": 0}
    return {"n": len(r), "recall@1": round(float((r <= 1).mean()), 3), "recall@5": round(float((r <= 5).mean()), 3),
            "MRR": round(float((1 / r).mean()), 3)}


def gewijzigde_moties(store) -> dict:
    ids, mat, owner = _motion_vectors(store)
    pos = {m: i for i, m in enumerate(ids)}
    pairs = store.query(
        "SELECT m.id AS new, m.replaces_id AS old FROM motions m WHERE m.replaces_id IS NOT NULL "
        "UNION SELECT z.document_id, z.replaces_id FROM zaken z WHERE z.replaces_id IS NOT NULL "
        "AND z.document_id IS NOT NULL")
    pairs = sorted({(p["new"], p["old"]) for p in pairs if p["new"] != p["old"]})
    replaces: dict[str, set[str]] = {}
    for new, old in pairs:
        replaces.setdefault(new, set()).add(old)

    def ancestors(m: str) -> set[str]:
        seen, todo = set(), [m]
        while todo:
            for o in replaces.get(todo.pop(), ()):
                if o not in seen:
                    seen.add(o)
                    todo.append(o)
        return seen

    usable = [(n, o) for n, o in pairs if n in pos and o in pos]
    strict: dict[str, list[int]] = {"maxsim": [], "best": [], "centroid": []}
    chain: dict[str, list[int]] = {"maxsim": [], "best": [], "centroid": []}
    t = time.perf_counter()
    for new, old in usable:
        qi = pos[new]
        q = mat[owner == qi]
        scores = motion_scores(q, mat, owner, len(ids))
        anc = [pos[a] for a in ancestors(new) if a in pos]
        for how, s in scores.items():
            strict[how].append(_rank_of(s, pos[old], [qi]))
            s2 = s.copy()
            s2[qi] = -np.inf
            best_anc = max(anc, key=lambda a: s2[a])
            chain[how].append(_rank_of(s2, best_anc, [qi]))
    dt = time.perf_counter() - t
    out = {"pairs (new replaces old)": len(pairs), "both motions in store": len(usable),
           "candidate motions": len(ids)}
    for how in strict:
        out[f"{how} strict"] = _summary(strict[how])
        out[f"{how} chain"] = _summary(chain[how])
    out["ranking time per motion (ms)"] = round(dt / max(1, len(usable)) * 1000, 1)
    return out


def letters(store) -> dict:
    """Every answer in a non-motion document to a motion in the store: rank all motions against the answer's
    paragraph (its vector), the citation hidden."""
    from kamerspoor.semantic.embed import get_embedder

    ids, mat, owner = _motion_vectors(store)
    pos = {m: i for i, m in enumerate(ids)}
    rows = store.query("SELECT a.doc_id, a.motion_id, a.start FROM answers a JOIN documents d ON d.id = a.doc_id "
                       "WHERE d.kind <> 'motie' AND a.motion_id IS NOT NULL")
    ranks: dict[str, list[int]] = {"maxsim": [], "best": [], "centroid": []}
    emb = get_embedder()
    for r in rows:
        if r["motion_id"] not in pos or r["start"] is None:
            continue
        p = store.query_one('SELECT text FROM paragraphs WHERE doc_id = ? AND start <= ? ORDER BY start DESC LIMIT 1',
                            (r["doc_id"], r["start"]))
        if not p:
            continue
        q = emb.queries([p["text"]])
        for how, s in motion_scores(q, mat, owner, len(ids)).items():
            ranks[how].append(_rank_of(s, pos[r["motion_id"]], []))
    out = {"answers in letters": len(rows), "to a motion in the store": len(ranks["maxsim"]),
           "candidate motions": len(ids)}
    for how, rk in ranks.items():
        out[how] = _summary(rk)
    return out


def _doc_rank(ids: list[str], target: str) -> int | None:
    seen: list[str] = []
    for d in ids:
        if d not in seen:
            seen.append(d)
        if d == target:
            return len(seen)
    return None


def search_comparison(store) -> dict:
    from kamerspoor.semantic.hybrid import _or_query, hybrid_search

    res: dict[str, list] = {"bm25 (as typed)": [], "bm25 (words OR)": [], "hybrid": [], "vectors only": []}
    from kamerspoor.semantic.hybrid import vector_ranking

    t_h = 0.0
    for q, target in QUERIES:
        a = [h.id for h in store.search(q, limit=50).results]
        orq = _or_query(q)
        b = [h.id for h in store.search(orq, limit=50).results] if orq else a
        t = time.perf_counter()
        c = [h.id for h in hybrid_search(store, q, limit=50).results]
        t_h += time.perf_counter() - t
        v = [d for d, _, _ in vector_ranking(store, q, depth=50)]
        for name, ranked in zip(res, (a, b, c, v), strict=True):
            res[name].append(_doc_rank(ranked, target))
    out = {}
    for name, rk in res.items():
        r10 = np.mean([x is not None and x <= 10 for x in rk])
        mrr = np.mean([1 / x if x is not None and x <= 20 else 0 for x in rk])
        found1 = np.mean([x == 1 for x in rk])
        out[name] = {"recall@1": round(float(found1), 3), "recall@10": round(float(r10), 3),
                     "MRR@20": round(float(mrr), 3)}
    out["hybrid latency (ms/query)"] = round(t_h / len(QUERIES) * 1000, 1)
    return out


def examples_letters(shared_store) -> dict:
    """The fictional examples/ (a letter answering motions nr. 8 and nr. 11 of dossier 99 901) added to a copy
    of the shared store, so that each answered motion is ranked among all 8,000 real motions as well."""
    import shutil

    from kamerspoor.ingest import ingest
    from kamerspoor.semantic.index import embed_store
    from kamerspoor.store import open_store

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "ex.db"
        if shared_store.dialect == "sqlite":
            shared_store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copy(shared_store.url, path)
        store = open_store(path)
        ingest(store, [str(ROOT / "examples")])
        embed_store(store)
        out = letters(store)
        store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="a store with ../shared/corpus ingested (default: ingest into a temporary file)")
    ap.add_argument("--sample", type=int, default=256, help="paragraphs for the throughput measurement")
    ap.add_argument("--skip-embed", action="store_true", help="use the vectors already in the store")
    ap.add_argument("--kinds", default="paragraph,request,consideration",
                    help="kinds to embed (request,consideration suffice for the motion benchmark)")
    args = ap.parse_args()

    from kamerspoor.semantic.index import embed_store

    store = _open(args.db)
    from kamerspoor.semantic.embed import get_embedder

    _print(f"embedding throughput ({get_embedder().model}, CPU; bench/embed.py compares the engines)",
           throughput(store, args.sample))
    if not args.skip_embed:
        t = time.perf_counter()
        rep = embed_store(store, kinds=args.kinds.split(","))
        _print("embed run", {**rep.to_dict(), "wall seconds": round(time.perf_counter() - t, 1)})
    _print("index size", index_size(store))
    _print("gewijzigde moties: replaced motion ranked by meaning among all motions", gewijzigde_moties(store))
    _print("letters (shared corpus): answered motion ranked by meaning", letters(store))
    _print("letters (fictional examples/ added to a copy of the store): answered motion ranked by meaning",
           examples_letters(store))
    if int(store.query_value("SELECT count(*) FROM embeddings WHERE kind = 'paragraph'") or 0):
        _print("search: 30 paraphrased queries, motion found per document", search_comparison(store))
    else:
        print("\nsearch comparison skipped: no paragraph vectors (embed with --kinds paragraph,...)")
    store.close()


if __name__ == "__main__":
    main()
