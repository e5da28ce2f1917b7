"""Benchmark: official toezeggingen beside the letters' commitments; print the time to store and match them.

    .venv/bin/python bench/officials.py                                 # 20000 officials, 2000 letters, SQLite
    .venv/bin/python bench/officials.py --db postgresql://... --officials 5000 --letters 500

Synthetic and fictional: promises are made of pseudo-words drawn with a Zipf distribution (a few subjects are
common, most are rare, as in the register), and one commitment in three of every letter restates an official
promise in other words. Three runs on a fresh store: letters first and then the register (every letter
matched again where a new official promise shares its words), the register again unchanged, and letters
arriving after the register (each matched as it is stored). Numbers are printed, not asserted; matches beyond
the restated promises come from the common words of the synthetic vocabulary (this measures speed, not
the quality of matching, which tests/test_fetch_toezeggingen.py shows on written examples).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from kamerspoor.ingest import put_official_commitments, write_documents  # noqa: E402
from kamerspoor.store import is_postgres_url, open_store  # noqa: E402
from kamerspoor.store.rows import document_rows  # noqa: E402
from stores import remove_store  # noqa: E402

SYLLABLES = ["ka", "me", "ro", "vel", "dor", "pin", "sta", "gen", "wa", "ter", "lo", "bra", "mun", "zie", "hof",
             "lan", "tu", "ber", "gro", "fie"]


def vocabulary(n: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) + rng.choice(["ing", "heid", "en", ""]))
    return sorted(words)


def subject(vocab: list[str], rng: random.Random, k: int = 8) -> list[str]:
    return [vocab[min(len(vocab) - 1, int(rng.paretovariate(1.1)) - 1)] if rng.random() < 0.15
            else rng.choice(vocab) for _ in range(k)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="/tmp/kamerspoor-bench-officials.db")
    ap.add_argument("--officials", type=int, default=20000)
    ap.add_argument("--letters", type=int, default=2000)
    ap.add_argument("--per-letter", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(7)
    vocab = vocabulary(5000, rng)
    officials, subjects = [], []
    for i in range(args.officials):
        words = subject(vocab, rng)
        subjects.append(words)
        officials.append({"id": f"o-{i:06d}", "number": f"TZ{i:06d}", "text": "De minister informeert de Kamer over "
                          + " ".join(words) + ".", "status": "Openstaand", "status_official": "Openstaand",
                          "made": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "due": None, "minister": "A. Minister",
                          "minister_surname": "Minister", "function": "minister", "ministry": "Voorbeeldzaken",
                          "fulfilled_by": None, "source": "tk:Toezegging"})

    def letters(offset: int) -> list:
        out = []
        for n in range(args.letters):
            commitments = []
            for k in range(args.per_letter):
                words = subjects[rng.randrange(len(subjects))][::-1] if k == 0 else subject(vocab, rng)
                commitments.append({"text": "Ik zal uw Kamer informeren over " + " ".join(words) + ".",
                                    "actor": "de minister", "due": None, "start": 0})
            rec = {"document": {"id": f"kst-99999-{offset + n}", "kind": "brief", "date": "2024-06-01",
                                "submitters": ["A. Minister"]}, "text": "", "paragraphs": [],
                   "commitments": commitments}
            out.append(document_rows(rec))
        return out

    remove_store(args.db)
    store = open_store(args.db)
    first = letters(0)
    t0 = time.perf_counter()
    for rows in first:
        write_documents(store, [rows], kind="document")
    t_letters = time.perf_counter() - t0
    t0 = time.perf_counter()
    counts = put_official_commitments(store, officials)
    t_officials = time.perf_counter() - t0
    t0 = time.perf_counter()
    put_official_commitments(store, officials)
    t_again = time.perf_counter() - t0
    later = letters(args.letters)
    t0 = time.perf_counter()
    for rows in later:
        write_documents(store, [rows], kind="document")
    t_after = time.perf_counter() - t0
    stats = store.stats()
    store.close()
    n_c = args.letters * args.per_letter
    print(f"store: {'postgresql' if is_postgres_url(args.db) else 'sqlite'}; {args.officials} officials, "
          f"{args.letters} letters x {args.per_letter} commitments")
    print(f"letters without officials:   {t_letters:.2f} s ({args.letters / t_letters:.0f} letters/s)")
    print(f"officials after letters:     {t_officials:.2f} s (stored {counts['added']}, "
          f"{counts['letters']} letters matched again)")
    print(f"officials again, unchanged:  {t_again:.2f} s")
    print(f"letters after officials:     {t_after:.2f} s ({args.letters / t_after:.0f} letters/s, "
          f"{1000 * t_after / n_c:.2f} ms per commitment, matching included)")
    print(f"matched: {stats['commitments_matched']} of {stats['commitments']} commitments "
          f"({2 * args.letters} restate an official promise)")


if __name__ == "__main__":
    main()
