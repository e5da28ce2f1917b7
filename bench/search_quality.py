"""Benchmark: search quality on a judged set of Dutch queries; precision@10 and recall before and after lemmas.

    .venv/bin/python bench/search_quality.py --db /tmp/yours.db     # a store of the shared corpus (SQLite)

Each query below comes with the word forms that count as relevant, written out by hand from Dutch grammar
(the inflections of the query's lemma: singular and plural, the finite forms and participle of a verb), so the
judgement does not come from the lemma table the search uses. The rule: a paragraph is **relevant** to a word
when one of its words is one of those forms, or is a compound whose head is one (the word ends in the form,
and what comes before it, without a linking s, e or en, is a known Dutch word of three letters or more:
"mensenrechtenverdedigers" for "verdedigers"). A paragraph is relevant to several words when it is relevant
to each; to a phrase when it has the forms one after another.

"before" is the old search: the Snowball stems and the stems of compound parts (``{stems parts} : stem``,
phrases on the stems), ranked by bm25 with the old weights (text 1.0, stems 1.0, parts 0.4). The store keeps
those two columns as they were, so both run on the same database; or, with ``--before-db``, the old search
runs on a copy of the store as an older kamerspoor wrote it (opened read-only, so it is not upgraded; bm25
counts the tokens of all columns, so its scores differ slightly from the replay). "after" is ``Store.search``.

Printed per query and in total: precision@10 (relevant among the first ten hits), recall of the relevant
paragraphs in the whole corpus (every paragraph judged by the rule above), and the share of the old hits the
new search still finds. Numbers are printed, not asserted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kamerspoor.store import dutch, open_store  # noqa: E402
from kamerspoor.store.search import And, Node, Not, Or, Phrase, Term, parse_query, to_fts5  # noqa: E402

K = 10
OLD_BM25 = "bm25(paragraphs_fts, 1.0, 0.0, 1.0, 0.0, 0.4)"  # columns text, lemmas, stems, heads, parts

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="/tmp/kamerspoor-bench.db", help="a SQLite store of the shared corpus")
    ap.add_argument("--before-db", help="a copy of the store written by the old kamerspoor (read only)")
    args = ap.parse_args()
    store = open_store(args.db)
    if store.dialect != "sqlite":
        sys.exit("bench/search_quality.py: runs on a SQLite store (the old ranking is replayed with FTS5's bm25)")
    conn = store.conn
    old_conn, old_bm25 = conn, OLD_BM25
    if args.before_db:
        import sqlite3

        old_conn = sqlite3.connect(f"file:{args.before_db}?mode=ro", uri=True)
        old_bm25 = "bm25(paragraphs_fts, 1.0, 1.0, 0.4)"  # its columns: text, stems, parts
        same = old_conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0] == len(
            conn.execute("SELECT rowid FROM paragraphs").fetchall())
        if not same:
            sys.exit("bench/search_quality.py: --before-db holds other paragraphs than --db")
    vocab = dutch.vocabulary()
    rowid_of = {(d, i): r for r, d, i in conn.execute("SELECT rowid, doc_id, idx FROM paragraphs")}
    texts = {r: dutch.tokens(t) for r, t in conn.execute("SELECT rowid, text FROM paragraphs")}

    print(f"{len(texts)} paragraphs, {len(JUDGED)} judged queries; P@{K} and recall of all relevant paragraphs")
    print(f"{'query':<28} {'relevant':>8}  {'hits old':>8} {'new':>6}  {'P@10 old':>8} {'new':>5}  "
          f"{'recall old':>10} {'new':>5}  {'old hits kept':>13}")
    sums = {"p_old": 0.0, "p_new": 0.0, "r_old": 0.0, "r_new": 0.0, "kept": 0.0}
    n_rel = 0
    for q, judged in JUDGED:
        node = parse_query(q)
        phrase = q.startswith('"')
        rel = {r for r, words in texts.items() if relevant(words, judged, phrase, vocab)}
        old_hits = {r for (r,) in old_conn.execute("SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ?",
                                               (old_fts5(node),))}
        new_hits = {r for (r,) in conn.execute("SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ?",
                                               (to_fts5(node),))}
        old_top = [r for (r,) in old_conn.execute(
            f"SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ? ORDER BY {old_bm25} LIMIT ?",
            (old_fts5(node), K))]
        new_top = [rowid_of[(h.id, h.paragraph)] for h in store.search(q, limit=K).results]
        p_old = sum(r in rel for r in old_top) / max(1, len(old_top))
        p_new = sum(r in rel for r in new_top) / max(1, len(new_top))
        r_old = len(rel & old_hits) / len(rel) if rel else 1.0
        r_new = len(rel & new_hits) / len(rel) if rel else 1.0
        kept = len(old_hits & new_hits) / len(old_hits) if old_hits else 1.0
        for k, v in (("p_old", p_old), ("p_new", p_new), ("r_old", r_old), ("r_new", r_new), ("kept", kept)):
            sums[k] += v
        n_rel += len(rel)
        print(f"{q:<28} {len(rel):>8}  {len(old_hits):>8} {len(new_hits):>6}  {p_old:>8.2f} {p_new:>5.2f}  "
              f"{r_old:>10.3f} {r_new:>5.3f}  {kept:>13.3f}")
    n = len(JUDGED)
    print(f"{'mean':<28} {n_rel / n:>8.0f}  {'':>8} {'':>6}  {sums['p_old'] / n:>8.3f} {sums['p_new'] / n:>5.3f}  "
          f"{sums['r_old'] / n:>10.3f} {sums['r_new'] / n:>5.3f}  {sums['kept'] / n:>13.3f}")
    store.close()


if __name__ == "__main__":
    main()
