"""Benchmark: does each full-text column pay for itself? The judged queries of bench/search_quality.py with
the search as it is, and with one column left out at a time.

    .venv/bin/python bench/search_columns.py --db /tmp/yours.db     # a SQLite store of the shared corpus

"all" is the store's search (``to_fts5`` of the query, ranked by the store's bm25 weights). "without c" is
the same MATCH expression with column c taken out of every column filter (an alternative whose filter held
only c then matches nothing) and c's bm25 weight set to 0, so it shows what the search would find if the
index had no column c. Printed per variant: mean precision@10 and mean recall over the judged queries (the
judgement is search_quality.py's, written by hand from Dutch grammar), how many queries lose recall, and the
column's share of the index (its FTS5 bytes and insert CPU are in bench/ingest_writer.py). A column whose
removal costs nothing on the judged set does not pay for its bytes and its writing. Numbers are printed,
not asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kamerspoor.store import dutch, open_store  # noqa: E402
from kamerspoor.store.search import parse_query, to_fts5  # noqa: E402

K = 10
_FILTER = re.compile(r'(\{[^}]*\}|\b[a-z]+\b) : ("[^"]*"(?: \*)?)')
NOWHERE = 'text : "qqzzxqq"'  # a token no Dutch paragraph holds: the alternative matches nothing


def _quality_bench():
    spec = importlib.util.spec_from_file_location("search_quality", ROOT / "bench" / "search_quality.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def without(match: str, column: str | None) -> str:
    """``match`` with ``column`` taken out of every column filter."""
    if column is None:
        return match

    def drop(m: re.Match[str]) -> str:
        cols = m.group(1).strip("{}").split()
        kept = [c for c in cols if c != column]
        if not kept:
            return NOWHERE
        return f"{{{' '.join(kept)}}} : {m.group(2)}" if len(kept) > 1 else f"{kept[0]} : {m.group(2)}"

    return _FILTER.sub(drop, match)


def bm25(columns: list[str], weights: list[float], column: str | None) -> str:
    w = [0.0 if c == column else x for c, x in zip(columns, weights, strict=True)]
    return "bm25(paragraphs_fts, " + ", ".join(str(x) for x in w) + ")"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="/tmp/kamerspoor-bench.db", help="a SQLite store of the shared corpus")
    args = ap.parse_args()
    quality = _quality_bench()
    store = open_store(args.db)
    if store.dialect != "sqlite":
        sys.exit("bench/search_columns.py: runs on a SQLite store")
    conn = store.conn
    columns = [r[1] for r in conn.execute("PRAGMA table_info(paragraphs_fts)")]
    from kamerspoor.store.sqlite import BM25

    weights = [float(x) for x in BM25[BM25.index(",") + 1:-1].split(",")]
    if len(weights) != len(columns):
        sys.exit(f"bench/search_columns.py: {len(columns)} columns but {len(weights)} bm25 weights")
    vocab = dutch.vocabulary()
    texts = {r: dutch.tokens(t) for r, t in conn.execute("SELECT rowid, text FROM paragraphs")}
    judged = []
    for q, forms in quality.JUDGED:
        phrase = q.startswith('"')
        rel = {r for r, words in texts.items() if quality.relevant(words, forms, phrase, vocab)}
        judged.append((q, to_fts5(parse_query(q)), rel))
    print(f"{len(texts)} paragraphs, {len(judged)} judged queries (bench/search_quality.py); P@{K} and recall")
    print(f"{'variant':<18}{'P@10':>7}{'recall':>8}{'queries losing recall':>23}{'losing P@10':>13}")
    base: dict[str, tuple[float, float]] = {}
    for column in [None, *columns]:
        p_sum = r_sum = 0.0
        lose_r = lose_p = 0
        for q, match, rel in judged:
            m = without(match, column)
            hits = {r for (r,) in conn.execute("SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ?", (m,))}
            top = [r for (r,) in conn.execute("SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ? "
                                              f"ORDER BY {bm25(columns, weights, column)} LIMIT ?", (m, K))]
            p = sum(r in rel for r in top) / max(1, len(top))
            rc = len(rel & hits) / len(rel) if rel else 1.0
            if column is None:
                base[q] = (p, rc)
            else:
                lose_r += rc < base[q][1] - 1e-9
                lose_p += p < base[q][0] - 1e-9
            p_sum, r_sum = p_sum + p, r_sum + rc
        n = len(judged)
        name = "all" if column is None else f"without {column}"
        extra = "" if column is None else f"{lose_r:>23}{lose_p:>13}"
        print(f"{name:<18}{p_sum / n:7.3f}{r_sum / n:8.3f}{extra}")
    store.close()


if __name__ == "__main__":
    main()
