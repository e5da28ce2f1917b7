"""Benchmark: what derived forms (``kamerspoor.rules.derivations``) add to search, measured offline.

    .venv/bin/python bench/derivations.py [--shared PATH] [--cache FILE] [--sample N] [--seed S]

The paragraphs are those the store indexes for the shared corpus's motions: every ``publications/*.xml`` of
../shared/corpus/tk-2023-2025 through the pipeline (the record's paragraphs), and the letter kst-35207-32.
``--cache FILE`` keeps them in a JSON file between runs (outside the repository).

A single-word query matches a paragraph **today** as the store's search does (``store/search.py``, Term): one of
its words has the query word's lemma (``dutch.norm``) or has it as the lemma of a compound head, or has its
Snowball stem or has it as the stem of a compound part. **With derivations** it also matches when the paragraph's
family terms (``derivations.text_terms``) hold one of ``derivations.query_terms(word)``, or one of its words has
the lemma of the query word's family base (the base itself: "economie" for "economische"): the two lines the
store's Term translation would add.

Per query: paragraphs found today, with derivations, the ones added, and how many of the added paragraphs hold
none of the query's relevant forms (written out by hand below from Dutch grammar: the name, its adjective and
its inflection, inhabitants; the noun and its adjective): those are false hits. ``--sample N`` prints N added
paragraphs per query with the word that brought them, to judge by eye.

Then the judged queries of ``bench/search_quality.py`` (same relevance rule, same paragraphs), ranked: the
paragraphs go into an in-memory FTS5 table with the store's columns, tokenizer and bm25 weights
(``store/sqlite.py``) plus the family column, and each query runs as ``store.search.to_fts5`` writes it today and
as the wiring would write it (``derived_fts5``: a Term also matches ``family`` on its query terms and ``lemmas``
on its family base; the family column weighs 0.3, below a compound head). Printed: hits, the added hits that are
relevant, and precision@10 both ways. Numbers are printed, not asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from kamerspoor import pipeline  # noqa: E402
from kamerspoor.rules import derivations  # noqa: E402
from kamerspoor.store import dutch  # noqa: E402

# query -> its relevant forms (lower case): a paragraph holding one of them (or a compound ending in one) is found
# rightly
QUERIES: dict[str, set[str]] = {
    "China": {"china", "chinees", "chinese", "chinezen"},
    "Oeigoeren": {"oeigoer", "oeigoeren", "oeigoers", "oeigoerse"},
    "Rusland": {"rusland", "russisch", "russische", "rus", "russen", "russin"},
    "Turkije": {"turkije", "turks", "turkse", "turk", "turken"},
    "Europa": {"europa", "europees", "europese", "europeaan", "europeanen"},
    "Israël": {"israël", "israel", "israëlisch", "israëlische", "israëli", "israëliër", "israëliërs"},
    "Oekraïne": {"oekraïne", "oekraine", "oekraïens", "oekraïense", "oekraïner", "oekraïners"},
    "Groningen": {"groningen", "gronings", "groningse", "groninger", "groningers"},
    "Leiden": {"leiden", "leids", "leidse", "leidenaar", "leidenaren"},
    "economie": {"economie", "economieën", "economisch", "economische"},
    "democratie": {"democratie", "democratieën", "democratisch", "democratische"},
    "racisme": {"racisme", "racistisch", "racistische", "racist", "racisten"},
    "terrorisme": {"terrorisme", "terroristisch", "terroristische", "terrorist", "terroristen"},
    "antisemitisme": {"antisemitisme", "antisemitisch", "antisemitische", "antisemiet", "antisemieten"},
    "techniek": {"techniek", "technieken", "technisch", "technische"},
}


@dataclass
class Paragraph:
    words: list[str]
    norms: set[str]
    stems: set[str]
    heads: set[str]
    parts: set[str]
    family: set[str]


def read_paragraphs(shared: Path, cache: Path | None) -> list[str]:
    if cache and cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    files = sorted((shared / "corpus" / "tk-2023-2025" / "publications").glob("*.xml"))
    files += [p for p in [shared / "corpus" / "kst-35207-32.pdf.txt"] if p.exists()]
    texts = []
    for f in files:
        record = pipeline.analyze_path(f)
        texts += [record.text[p.start:p.end] for p in record.paragraphs]
    if cache:
        cache.write_text(json.dumps(texts), encoding="utf-8")
    return texts


def index(text: str) -> Paragraph:
    words = dutch.tokens(text)
    long = [w for w in words if len(w) >= dutch.MIN_COMPOUND]
    return Paragraph(words, set(dutch.norms(words)), set(dutch.stems(words)),
                     {h for w in long for h in dutch.head_norms(w)}, {p for w in long for p in dutch.part_stems(w)},
                     set(derivations.text_terms(text)))


def found_today(p: Paragraph, word: str) -> bool:
    lemma, stem = dutch.norm(word), dutch.stem(word)
    return lemma in p.norms or lemma in p.heads or stem in p.stems or stem in p.parts


def found_derived(p: Paragraph, word: str) -> bool:
    if found_today(p, word):
        return True
    if not p.family.isdisjoint(derivations.query_terms(word)):
        return True
    return any(dutch.norm(base) in p.norms for base in derivations.terms(word, True))


def relevant(p: Paragraph, forms: set[str]) -> bool:
    """One of the paragraph's words is one of the forms, or a compound whose head is one (the rule of
    bench/search_quality.py: "mensenrechtenverdedigers" for "verdedigers", not "virus" for "rus")."""
    from search_quality import head_matches

    vocab = dutch.vocabulary()
    return any(head_matches(w, forms, vocab) for w in p.words)


def cause(p: Paragraph, text: str, word: str) -> str:
    """The word of the paragraph that brought it in through the derivations."""
    wanted = set(derivations.query_terms(word))
    bases = {dutch.norm(b) for b in derivations.terms(word, True)}
    for m in derivations.WORD.finditer(text):
        w = m.group()
        if wanted & set(derivations.terms(w, derivations._is_proper(text, m))) or dutch.norm(w.lower()) in bases:
            return w
    return "?"


def measure_queries(texts: list[str], paras: list[Paragraph], sample: int, rng: random.Random) -> None:
    print(f"{'query':<14} {'today':>6} {'derived':>8} {'added':>6} {'false':>6}   relevant paragraphs today/derived")
    for q, forms in QUERIES.items():
        word = q.lower()
        today = {i for i, p in enumerate(paras) if found_today(p, word)}
        derived = {i for i, p in enumerate(paras) if found_derived(p, word)}
        added = derived - today
        false = [i for i in added if not relevant(paras[i], forms)]
        rel = {i for i, p in enumerate(paras) if relevant(p, forms)}
        print(f"{q:<14} {len(today):>6} {len(derived):>8} {len(added):>6} {len(false):>6}   "
              f"{len(rel & today)}/{len(rel)} -> {len(rel & derived)}/{len(rel)}")
        for i in rng.sample(sorted(set(added) - set(false)), min(sample, len(added) - len(false))):
            print(f"      [{cause(paras[i], texts[i], word)}] {_around(texts[i], cause(paras[i], texts[i], word))!r}")
        for i in false[:sample]:
            print(f"      FALSE [{cause(paras[i], texts[i], word)}] {_around(texts[i], cause(paras[i], texts[i], word))!r}")


def _around(text: str, word: str, width: int = 70) -> str:
    at = max(0, text.find(word))
    return text[max(0, at - width):at + len(word) + width]


# the store's columns and weights (store/sqlite.py: text, lemmas, stems, heads, parts), and the family column
# the wiring adds, weighted below a compound head: a derived form ranks below the word itself
BM25_TODAY = "bm25(p, 1.0, 1.0, 0.2, 0.5, 0.1, 0.0)"
BM25_DERIVED = "bm25(p, 1.0, 1.0, 0.2, 0.5, 0.1, 0.3)"


def derived_fts5(node) -> str:
    """The store's MATCH expression (``store.search.to_fts5``) with the two lines the wiring adds to a Term:
    the family column holds one of the word's query terms, or the lemmas hold its family base."""
    from kamerspoor.store.search import And, Not, Or, Phrase, Term, to_fts5

    if isinstance(node, Term) and not node.prefix:
        extra = [f'family : "{t}"' for t in derivations.query_terms(node.word)]
        extra += [f'lemmas : "{dutch.norm(b)}"' for b in derivations.terms(node.word, True)]
        return "(" + " OR ".join([to_fts5(node), *extra]) + ")"
    if isinstance(node, Term | Phrase):
        return to_fts5(node)
    if isinstance(node, Or):
        return "(" + " OR ".join(derived_fts5(x) for x in node.items) + ")"
    if isinstance(node, And):
        pos = [derived_fts5(x) for x in node.items if not isinstance(x, Not)]
        out = "(" + " AND ".join(pos) + ")"
        for n in (x.item for x in node.items if isinstance(x, Not)):
            out = f"({out} NOT {derived_fts5(n)})"
        return out
    raise TypeError(node)


def fts_index(texts: list[str]):
    """An in-memory FTS5 table with the store's columns and tokenizer, and the family column."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE p USING fts5(text, lemmas, stems, heads, parts, family, "
                 "tokenize='unicode61 remove_diacritics 2')")
    conn.executemany("INSERT INTO p(rowid, text, lemmas, stems, heads, parts, family) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     ((i, t, *dutch.index_columns(t), " ".join(derivations.text_terms(t))) for i, t in enumerate(texts)))
    return conn


def measure_judged(texts: list[str], paras: list[Paragraph]) -> None:
    """Precision@10 and hits of the judged queries, ranked by FTS5's bm25 as the store ranks them, today and with
    the derivations wired in (same relevance rule as bench/search_quality.py)."""
    from kamerspoor.store.search import parse_query, to_fts5
    from search_quality import JUDGED, K
    from search_quality import relevant as judged_relevant

    t0 = time.perf_counter()
    conn = fts_index(texts)
    print(f"\njudged queries of bench/search_quality.py, ranked by bm25 in an FTS5 index of these paragraphs with "
          f"the store's columns and the family column (built in {time.perf_counter() - t0:.0f} s)")
    print(f"{'query':<28} {'hits today':>10} {'derived':>8} {'added relevant':>14}  {'P@10 today':>10} {'derived':>8}")
    vocab = dutch.vocabulary()
    sums = [0.0, 0.0]
    for q, judged in JUDGED:
        node, phrase = parse_query(q), q.startswith('"')
        rows = {}
        for name, match, bm25 in (("today", to_fts5(node), BM25_TODAY), ("derived", derived_fts5(node), BM25_DERIVED)):
            hits = [r for (r,) in conn.execute(f"SELECT rowid FROM p WHERE p MATCH ? ORDER BY {bm25}", (match,))]
            rows[name] = hits
        rel = {i for i in set(rows["today"]) | set(rows["derived"]) if judged_relevant(paras[i].words, judged, phrase, vocab)}
        added = set(rows["derived"]) - set(rows["today"])
        p = [sum(r in rel for r in rows[n][:K]) / max(1, len(rows[n][:K])) for n in ("today", "derived")]
        sums = [sums[0] + p[0], sums[1] + p[1]]
        print(f"{q:<28} {len(rows['today']):>10} {len(rows['derived']):>8} {len(added & rel):>6}/{len(added):<7}  "
              f"{p[0]:>10.2f} {p[1]:>8.2f}")
    print(f"{'mean P@10':<28} {'':>10} {'':>8} {'':>14}  {sums[0] / len(JUDGED):>10.3f} {sums[1] / len(JUDGED):>8.3f}")
    for q in QUERIES:  # the queries, ranked: how many of the first ten say the word itself
        node = parse_query(q)
        hits = [r for (r,) in conn.execute(f"SELECT rowid FROM p WHERE p MATCH ? ORDER BY {BM25_DERIVED}",
                                           (derived_fts5(node),))]
        own = sum(found_today(paras[i], q.lower()) for i in hits[:K])
        print(f"  {q}: {len(hits)} hits in FTS5 with derivations; of the first {min(K, len(hits))}, {own} match the "
              "word as today's search does (a derived form ranks below the word itself)")


def measure_rules(texts: list[str], top: int) -> None:
    """Every word a suffix rule gave a term in the paragraphs (not the table's), most frequent first: the rules'
    own false friends show here."""
    from collections import Counter

    table = derivations.table()
    by_rule: dict[str, Counter] = {r.id: Counter() for r in table.rules}
    for text in texts:
        for m in derivations.WORD.finditer(text):
            w = m.group().lower()
            if derivations.fold(w) in table.families:
                continue
            proper = derivations._is_proper(text, m)
            for rule in table.rules:  # the first rule that gives a term is the one that counts
                if (rule.get("proper", False) and not proper) or not rule.pattern.fullmatch(w):
                    continue
                single = derivations.Derivations({}, (rule,), table.exceptions, table.zipf)
                term = single.by_rule(w, proper)
                if term:
                    by_rule[rule.id][f"{w}->{term}"] += 1
                    break
    print("\nwords the suffix rules gave a term (word->term: paragraphs), per rule")
    for rid, counts in by_rule.items():
        shown = ", ".join(f"{k}: {n}" for k, n in counts.most_common(top))
        print(f"  {rid} ({len(counts)} words): {shown}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--cache", type=Path, help="a JSON file to keep the paragraphs in between runs")
    ap.add_argument("--sample", type=int, default=3)
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    if not (args.shared / "corpus" / "tk-2023-2025" / "publications").is_dir() and not (args.cache and args.cache.exists()):
        print(f"bench/derivations.py: no motions under {args.shared}/corpus/tk-2023-2025; nothing to measure")
        return 0
    t0 = time.perf_counter()
    texts = read_paragraphs(args.shared, args.cache)
    t1 = time.perf_counter()
    paras = [index(t) for t in texts]
    t2 = time.perf_counter()
    floor = sum(len(dutch.tokens(t)) for t in texts) and time.perf_counter() - t2
    t3 = time.perf_counter()
    family = sum(len(derivations.text_terms(t)) for t in texts)
    t4 = time.perf_counter()
    print(f"{len(texts)} paragraphs (read in {t1 - t0:.1f} s, indexed in {t2 - t1:.1f} s); "
          f"{family} family terms; text_terms {t4 - t3:.2f} s against tokenising alone {floor:.2f} s "
          f"(floor): ratio {(t4 - t3) / max(floor, 1e-9):.1f}")
    measure_queries(texts, paras, args.sample, random.Random(args.seed))
    measure_rules(texts, 40)
    measure_judged(texts, paras)
    return 0


if __name__ == "__main__":
    sys.exit(main())
