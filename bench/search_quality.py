"""Benchmark: search quality on a judged set of Dutch queries; precision@10 and recall of the search as it was
(stems), with lemmas, and with derived forms (China/Chinese, Oeigoeren/Oeigoerse).

    .venv/bin/python bench/search_quality.py --db /tmp/yours.db     # a store of the shared corpus (SQLite)
    .venv/bin/python bench/search_quality.py --db postgresql://...  # the same, PostgreSQL: the search as it is

Each query below comes with the word forms that count as relevant, written out by hand from Dutch grammar
(the inflections of the query's lemma: singular and plural, the finite forms and participle of a verb), so the
judgement does not come from the lemma table the search uses. The rule: a paragraph is **relevant** to a word
when one of its words is one of those forms, or is a compound whose head is one (the word ends in the form,
and what comes before it, without a linking s, e or en, is a known Dutch word of three letters or more:
"mensenrechtenverdedigers" for "verdedigers"). A paragraph is relevant to several words when it is relevant
to each; to a phrase when it has the forms one after another.

On SQLite three searches run on the same store. "stems" is the first search: the Snowball stems and the stems
of compound parts (``{stems parts} : stem``, phrases on the stems), ranked by bm25 with its weights (text 1.0,
stems 1.0, parts 0.4); with ``--before-db`` it runs on a copy of the store as that kamerspoor wrote it (opened
read-only, so it is not upgraded; bm25 counts the tokens of all columns, so its scores differ slightly from
the replay). "lemmas" is the search before derived forms (``to_fts5(node, derived=False)``, the family
column weighed 0). "derived" is ``Store.search`` as it is. "kept": the share of the lemma search's hits the
derived search still finds.

On PostgreSQL (or with ``--now``) only the store's search as it is is measured: run it on a store written by
the older kamerspoor (before) and on one written by this one (after), since the family terms are part of
each paragraph's ``tsv``.

Printed per query and in total: precision@10 (relevant among the first ten hits), recall of the relevant
paragraphs in the whole corpus (every paragraph judged by the rule above). Numbers are printed, not asserted.
The relevant paragraphs of "China" and "Oeigoeren" (the name, its adjective and inflection, its inhabitants)
were also read by hand: every added hit on the shared corpus names China or the Oeigoeren.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kamerspoor.store import dutch, open_store  # noqa: E402
from kamerspoor.store.search import And, Node, Not, Or, Phrase, Term, parse_query, to_fts5, to_tsquery  # noqa: E402

K = 10
OLD_BM25 = "bm25(paragraphs_fts, 1.0, 0.0, 1.0, 0.0, 0.4, 0.0)"  # columns text, lemmas, stems, heads, parts, family
LEMMA_BM25 = "bm25(paragraphs_fts, 1.0, 1.0, 0.2, 0.5, 0.1, 0.0)"  # the search before derived forms

# query -> the relevant forms of each of its words (a phrase: one set per word, in order)
JUDGED: list[tuple[str, list[set[str]]]] = [
    ("verdedigers", [{"verdediger", "verdedigers"}]),
    ("verdediging", [{"verdediging", "verdedigingen"}]),
    ("verdedigt", [{"verdedigen", "verdedig", "verdedigt", "verdedigde", "verdedigden", "verdedigd"}]),
    ("motie", [{"motie", "moties"}]),
    ("moties", [{"motie", "moties"}]),
    ("verzoekt", [{"verzoeken", "verzoekt", "verzocht", "verzochten"}]),
    ("onderzocht", [{"onderzoeken", "onderzoekt", "onderzocht", "onderzochten"}]),
    ("stemde", [{"stemmen", "stemt", "stemde", "stemden", "gestemd"}]),
    ("woningen", [{"woning", "woningen"}]),
    ("maatregel", [{"maatregel", "maatregelen"}]),
    ("regering", [{"regering", "regeringen"}]),
    ("kinderen", [{"kind", "kinderen", "kinds"}]),
    ("gesprekken", [{"gesprek", "gesprekken"}]),
    ("afspraken", [{"afspraak", "afspraken"}]),
    ("vluchtelingen", [{"vluchteling", "vluchtelingen"}]),
    ("asielzoekers", [{"asielzoeker", "asielzoekers"}]),
    ("boeren", [{"boer", "boeren"}]),
    ("stikstof", [{"stikstof"}]),
    ("journalist", [{"journalist", "journalisten"}]),
    ("organisaties", [{"organisatie", "organisaties"}]),
    ("wetten", [{"wet", "wetten"}]),
    ("huurders", [{"huurder", "huurders"}]),
    ("gemeenten", [{"gemeente", "gemeenten", "gemeentes"}]),
    ("ondernemers", [{"ondernemer", "ondernemers"}]),
    ("subsidies", [{"subsidie", "subsidies"}]),
    ("belasting", [{"belasting", "belastingen"}]),
    ("mensenrechten", [{"mensenrecht", "mensenrechten"}]),
    ("zorgverzekeraars", [{"zorgverzekeraar", "zorgverzekeraars"}]),
    ("leraren", [{"leraar", "leraren"}]),
    ("sanctie", [{"sanctie", "sancties"}]),
    ("steun oekraïne", [{"steun"}, {"oekraïne"}]),
    ("boeren stikstof", [{"boer", "boeren"}, {"stikstof"}]),
    ('"verzoekt de regering"', [{"verzoeken", "verzoekt", "verzocht"}, {"de"}, {"regering", "regeringen"}]),
    ('"sancties tegen rusland"', [{"sanctie", "sancties"}, {"tegen"}, {"rusland"}]),
    # names with their derived forms (rules/derivations.yaml): the adjective, its inflection, the inhabitants
    ("China", [{"china", "chinees", "chinese", "chinezen"}]),
    ("Oeigoeren", [{"oeigoer", "oeigoeren", "oeigoers", "oeigoerse"}]),
]

LINKS = ("en", "s", "e")


def head_matches(word: str, forms: set[str], vocab: frozenset[str]) -> bool:
    """``word`` is one of ``forms``, or a compound whose head is one of them."""
    if word in forms:
        return True
    for f in forms:
        if len(word) > len(f) + 2 and word.endswith(f):
            first = word[: -len(f)]
            if first in vocab or any(first.endswith(k) and first[: -len(k)] in vocab
                                     and len(first) - len(k) >= 3 for k in LINKS):
                return True
    return False


def relevant(words: list[str], judged: list[set[str]], phrase: bool, vocab: frozenset[str]) -> bool:
    if phrase:
        n = len(judged)
        return any(all(words[i + j] in judged[j] for j in range(n)) for i in range(len(words) - n + 1))
    return all(any(head_matches(w, forms, vocab) for w in words) for forms in judged)


def old_fts5(node: Node) -> str:
    """The old search's MATCH expression (before lemmas): stems and parts only."""
    if isinstance(node, Term):
        if node.prefix:
            return f'(text : "{node.word}" * OR stems : "{node.word}" *)'
        return f'({{stems parts}} : "{dutch.stem(node.word)}")'
    if isinstance(node, Phrase):
        return 'stems : "' + " ".join(dutch.stems(list(node.words))) + '"'
    if isinstance(node, Or):
        return "(" + " OR ".join(old_fts5(x) for x in node.items) + ")"
    if isinstance(node, And):
        pos = [old_fts5(x) for x in node.items if not isinstance(x, Not)]
        return "(" + " AND ".join(pos) + ")"
    raise TypeError(node)


def hits_now(store, node: Node) -> set[int]:
    """Every paragraph (rowid) the store's search matches for ``node``, on either database."""
    if store.dialect == "sqlite":
        return {r for (r,) in store.conn.execute("SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ?",
                                                 (to_fts5(node),))}
    sql, params = to_tsquery(node)
    return {r["rowid"] for r in store.query(f"SELECT p.rowid FROM paragraphs p WHERE p.tsv @@ {sql}", params)}


def measure_now(store, only: list[str] | None = None) -> None:
    """P@10 and recall of the store's search as it is (``Store.search``), on SQLite or PostgreSQL: run it on a
    store written by an older kamerspoor for the "before" and on one written by this one for the "after"."""
    vocab = dutch.vocabulary()
    rowid_of = {(r["doc_id"], int(r["idx"])): r["rowid"] for r in store.query("SELECT rowid, doc_id, idx FROM paragraphs")}
    texts = {r["rowid"]: dutch.tokens(r["text"]) for r in store.query("SELECT rowid, text FROM paragraphs")}
    judged = [(q, j) for q, j in JUDGED if not only or q in only]
    print(f"{store.dialect}: {len(texts)} paragraphs, {len(judged)} judged queries; the store's search as it is")
    print(f"{'query':<28} {'relevant':>8}  {'hits':>6}  {'P@10':>5}  {'recall':>6}")
    p_sum = r_sum = 0.0
    for q, forms in judged:
        node = parse_query(q)
        rel = {r for r, words in texts.items() if relevant(words, forms, q.startswith('"'), vocab)}
        hits = hits_now(store, node)
        top = [rowid_of[(h.id, h.paragraph)] for h in store.search(q, limit=K).results]
        p = sum(r in rel for r in top) / max(1, len(top))
        rec = len(rel & hits) / len(rel) if rel else 1.0
        p_sum, r_sum = p_sum + p, r_sum + rec
        print(f"{q:<28} {len(rel):>8}  {len(hits):>6}  {p:>5.2f}  {rec:>6.3f}")
    print(f"{'mean':<28} {'':>8}  {'':>6}  {p_sum / len(judged):>5.3f}  {r_sum / len(judged):>6.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="/tmp/kamerspoor-bench.db",
                    help="a store of the shared corpus (SQLite file or postgresql:// URL)")
    ap.add_argument("--before-db", help="a copy of the store written by the old kamerspoor (read only)")
    ap.add_argument("--now", action="store_true", help="only the store's search as it is (any database)")
    args = ap.parse_args()
    store = open_store(args.db)
    if args.now or store.dialect != "sqlite":
        measure_now(store)
        store.close()
        return
    compare(store, args.before_db)
    store.close()


def compare(store, before_db: str | None) -> None:
    """On SQLite: the three searches side by side on the same store, replayed with FTS5's bm25 (P@10, recall,
    the previous search's hits kept)."""
    conn = store.conn
    old_conn, old_bm25 = conn, OLD_BM25
    if before_db:
        import sqlite3

        old_conn = sqlite3.connect(f"file:{before_db}?mode=ro", uri=True)
        old_bm25 = "bm25(paragraphs_fts, 1.0, 1.0, 0.4)"  # its columns: text, stems, parts
        same = old_conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0] == len(
            conn.execute("SELECT rowid FROM paragraphs").fetchall())
        if not same:
            sys.exit("bench/search_quality.py: --before-db holds other paragraphs than --db")
    vocab = dutch.vocabulary()
    rowid_of = {(d, i): r for r, d, i in conn.execute("SELECT rowid, doc_id, idx FROM paragraphs")}
    texts = {r: dutch.tokens(t) for r, t in conn.execute("SELECT rowid, text FROM paragraphs")}

    def run(c, match: str, bm25: str) -> tuple[set[int], list[int]]:
        hits = {r for (r,) in c.execute("SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ?", (match,))}
        top = [r for (r,) in c.execute(f"SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ? ORDER BY {bm25} "
                                       "LIMIT ?", (match, K))]
        return hits, top

    print(f"{len(texts)} paragraphs, {len(JUDGED)} judged queries; P@{K} and recall of all relevant paragraphs; "
          "stems (the first search), lemmas (before derived forms), derived (Store.search now)")
    print(f"{'query':<28} {'relevant':>8}  {'hits stems':>10} {'lemmas':>6} {'derived':>7}  {'P@10 stems':>10} "
          f"{'lemmas':>6} {'derived':>7}  {'recall stems':>12} {'lemmas':>6} {'derived':>7}  {'kept':>5}")
    sums = [0.0] * 7
    for q, judged in JUDGED:
        node = parse_query(q)
        rel = {r for r, words in texts.items() if relevant(words, judged, q.startswith('"'), vocab)}
        runs = [run(old_conn, old_fts5(node), old_bm25), run(conn, to_fts5(node, derived=False), LEMMA_BM25)]
        hits, _ = run(conn, to_fts5(node), LEMMA_BM25)
        runs.append((hits, [rowid_of[(h.id, h.paragraph)] for h in store.search(q, limit=K).results]))
        p = [sum(r in rel for r in top) / max(1, len(top)) for _, top in runs]
        rec = [len(rel & h) / len(rel) if rel else 1.0 for h, _ in runs]
        kept = len(runs[1][0] & runs[2][0]) / len(runs[1][0]) if runs[1][0] else 1.0
        sums = [a + b for a, b in zip(sums, [*p, *rec, kept], strict=True)]
        print(f"{q:<28} {len(rel):>8}  {len(runs[0][0]):>10} {len(runs[1][0]):>6} {len(runs[2][0]):>7}  "
              f"{p[0]:>10.2f} {p[1]:>6.2f} {p[2]:>7.2f}  {rec[0]:>12.3f} {rec[1]:>6.3f} {rec[2]:>7.3f}  {kept:>5.3f}")
    m = [x / len(JUDGED) for x in sums]
    print(f"{'mean':<28} {'':>8}  {'':>10} {'':>6} {'':>7}  {m[0]:>10.3f} {m[1]:>6.3f} {m[2]:>7.3f}  "
          f"{m[3]:>12.3f} {m[4]:>6.3f} {m[5]:>7.3f}  {m[6]:>5.3f}")

if __name__ == "__main__":
    main()
