"""Benchmark: 200 varied searches on an ingested store; p50/p95/p99 latency and the ratio to the bare query.

    .venv/bin/python bench/ingest.py && .venv/bin/python bench/search.py        # SQLite
    .venv/bin/python bench/search.py --db postgresql://...                      # PostgreSQL

Queries are drawn (fixed seed) from the stored paragraphs: single words, two words, phrases of two or three
words, parts of compound words, prefixes, OR, and the same with filters (kind, dossier, date range). Each is
run through ``Store.search`` (parse, translate, rank, count, page of 10, Python snippets) and bare: the same
full-text expression straight through the driver with the database's own snippets and ranking, page of 10
(SQLite: ``MATCH ... ORDER BY rank`` with ``snippet()``; PostgreSQL: ``@@ ... ORDER BY ts_rank`` with
``ts_headline``). Latency per query is the median of 3 runs after a warm-up pass.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kamerspoor.store import (  # noqa: E402
    SearchFilters,
    dutch,  # noqa: E402
    is_postgres_url,
    open_store,
)
from kamerspoor.store.search import parse_query, to_fts5, to_tsquery  # noqa: E402

LIMIT = 10


def make_queries(store, n: int, seed: int = 7) -> list[tuple[str, SearchFilters, str]]:
    rng = random.Random(seed)
    paras = store.query("SELECT p.text, d.dossier, d.date FROM paragraphs p JOIN documents d ON d.id = p.doc_id "
                        "WHERE length(p.text) > 80 ORDER BY p.rowid")
    rng.shuffle(paras)
    kinds = ["word", "word", "two", "phrase", "compound", "prefix", "or", "filter_kind", "filter_dossier",
             "filter_date"]
    out: list[tuple[str, SearchFilters, str]] = []
    i = 0
    while len(out) < n and i < len(paras) * 4:
        p = paras[i % len(paras)]
        i += 1
        words = [w for w in dutch.tokens(p["text"]) if w.isalpha()]
        long = [w for w in words if len(w) >= 5]
        if len(long) < 3:
            continue
        kind = kinds[len(out) % len(kinds)]
        f = SearchFilters()
        if kind in ("word", "filter_kind", "filter_dossier", "filter_date"):
            q = rng.choice(long)
            if kind == "filter_kind":
                f.kind = "motie"
            elif kind == "filter_dossier":
                f.dossier = p["dossier"]
            elif kind == "filter_date" and p["date"]:
                f.since, f.until = p["date"][:4] + "-01-01", p["date"][:4] + "-12-31"
        elif kind == "two":
            q = " ".join(rng.sample(long, 2))
        elif kind == "phrase":
            k = rng.randrange(0, max(1, len(words) - 3))
            q = '"' + " ".join(words[k:k + rng.choice((2, 3))]) + '"'
        elif kind == "compound":
            parts = [dutch.split_compound(w) for w in long]
            parts = [x for x in parts if x]
            if not parts:
                continue
            q = rng.choice(parts)[1]  # the tail of a compound: finds the compound and the word itself
        elif kind == "prefix":
            q = rng.choice(long)[:4] + "*"
        else:
            q = " OR ".join(rng.sample(long, 2))
        out.append((q, f, kind))
    return out


def bare_sqlite(store, q: str):
    match = to_fts5(parse_query(q))

    def run():
        return store.conn.execute(
            "SELECT rowid, snippet(paragraphs_fts, -1, '<mark>', '</mark>', '…', 30) FROM paragraphs_fts "
            "WHERE paragraphs_fts MATCH ? ORDER BY rank LIMIT ?", (match, LIMIT)).fetchall()
    return run


def bare_postgres(store, q: str):
    tsq, params = to_tsquery(parse_query(q))

    def run():
        return store.execute(
            f"SELECT p.rowid, ts_headline('dutch', p.text, q.q) FROM (SELECT {tsq} AS q) q, paragraphs p "
            "WHERE p.tsv @@ q.q ORDER BY ts_rank(p.tsv, q.q) DESC LIMIT ?", [*params, LIMIT]).fetchall()
    return run


def timed(fn, reps: int = 3) -> float:
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts) * 1000


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="/tmp/kamerspoor-bench.db")
    ap.add_argument("-n", type=int, default=200)
    args = ap.parse_args()
    store = open_store(args.db)
    queries = make_queries(store, args.n)
    bare = bare_postgres if is_postgres_url(args.db) else bare_sqlite
    ours, plain, totals = [], [], []
    by_kind: dict[str, list[float]] = {}
    for q, f, _ in queries:  # warm-up
        store.search(q, f, limit=LIMIT)
        bare(store, q)()
    for q, f, kind in queries:
        t_ours = timed(lambda q=q, f=f: store.search(q, f, limit=LIMIT))
        t_bare = timed(bare(store, q))
        ours.append(t_ours)
        plain.append(t_bare)
        by_kind.setdefault(kind, []).append(t_ours)
        totals.append(store.search(q, f, limit=LIMIT).total)
    unfiltered = [i for i, (_, f, _) in enumerate(queries) if f == SearchFilters()]
    print(f"database   {store.dialect}; {len(queries)} queries, page of {LIMIT}; "
          f"{int(store.query_value('SELECT count(*) FROM paragraphs'))} paragraphs")
    print(f"hits       median total {statistics.median(totals):.0f}, max {max(totals)}, "
          f"{sum(1 for t in totals if t == 0)} queries without hits")
    for name, xs in (("kamerspoor", ours), ("bare", plain)):
        print(f"{name:<10} p50 {pct(xs, 50):7.2f} ms   p95 {pct(xs, 95):7.2f} ms   p99 {pct(xs, 99):7.2f} ms")
    print(f"ratio      p50 {pct(ours, 50) / pct(plain, 50):.2f}   p95 {pct(ours, 95) / pct(plain, 95):.2f}   "
          f"p99 {pct(ours, 99) / pct(plain, 99):.2f}")
    u_ours, u_plain = [ours[i] for i in unfiltered], [plain[i] for i in unfiltered]
    print(f"unfiltered ratio p50 {pct(u_ours, 50) / pct(u_plain, 50):.2f}   p95 {pct(u_ours, 95) / pct(u_plain, 95):.2f}"
          f"   ({len(unfiltered)} queries)")
    for kind, xs in sorted(by_kind.items()):
        print(f"  {kind:<15} n={len(xs):3d}  p50 {pct(xs, 50):6.2f} ms  p95 {pct(xs, 95):6.2f} ms")
    store.close()


if __name__ == "__main__":
    main()
