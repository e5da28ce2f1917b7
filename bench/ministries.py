"""Benchmark: how many records resolve to a ministry (``kamerspoor.rules.ministries``).

    .venv/bin/python bench/ministries.py [--shared PATH] [--register DIR] [--sample N] [--seed S]

Measured on what the records carry, each with its own date deciding the name of the time:

- the 4,469 "Brief regering" Document records of ``../shared/corpus/tk-2023-2025/documenten/`` (metadata only:
  no signer, no actor): ``resolve_subject`` on the Titel (the dossier's title: "Vaststelling van de
  begrotingsstaten van het Ministerie van Defensie (X) ...") and on the Onderwerp;
- the motion Zaken of ``zaken/``: ``resolve_dossier`` on the kst id of the motion (a budget dossier's chapter,
  "kst-36600-XVII-74") and ``resolve_subject`` on the Zaak's Titel;
- the official commitments (toezeggingen register): ``resolve_name`` on ``Ministerie``, else ``resolve_title`` on
  ``Functie``, from a folder ``sync`` wrote (``--register DIR`` reads ``DIR/tk/Toezegging/*.json``); ../shared
  holds no register records, so without it the recording of tests/fixtures/fetch is read (fictional ministries,
  which must not resolve);
- letters with text: the letters of tests/fixtures/heldout (written in the real forms) and
  ../shared/corpus/kst-35207-32.pdf.txt, through the pipeline: ``resolve_letter`` on the title line, else the
  signature.

``--sample N`` prints N resolved Brief regering records at random, to judge by eye. The time to resolve is
printed next to the time to read the same records (the floor), as a ratio. Exits 0; without ../shared only the
fixtures are measured.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kamerspoor import pipeline  # noqa: E402
from kamerspoor.rules import ministries as M  # noqa: E402

FIXTURE_REGISTER = ROOT / "tests" / "fixtures" / "fetch" / "odata_toezegging.json"


def brieven(corpus: Path) -> tuple[list[dict], float]:
    t0 = time.perf_counter()
    records = [r for f in sorted((corpus / "documenten").glob("*.json"))
               for r in json.loads(f.read_text(encoding="utf-8"))]
    return [r for r in records if r.get("Soort") == "Brief regering"], time.perf_counter() - t0


def resolve_brief(record: dict) -> tuple[str, list[M.Resolved]]:
    """(which field named the ministry, the ministries) of one Brief regering record."""
    for name in ("Titel", "Onderwerp"):
        found = M.resolve_subject(record.get(name), record.get("Datum"))
        if found:
            return name, found
    return "", []


def measure_brieven(corpus: Path, sample: int, rng: random.Random) -> None:
    records, read = brieven(corpus)
    if not records:
        print("Brief regering: no records under", corpus / "documenten")
        return
    t0 = time.perf_counter()
    results = [(r, *resolve_brief(r)) for r in records]
    took = time.perf_counter() - t0
    via = Counter(field for _, field, found in results if found)
    per = Counter(found[0].abbreviation for _, _, found in results if found)
    several = sum(len(found) > 1 for _, _, found in results)
    n_ok = sum(via.values())
    print(f"Brief regering records: {len(records)}; resolved {n_ok} ({n_ok / len(records):.1%}): "
          f"by Titel {via['Titel']}, by Onderwerp {via['Onderwerp']}; naming more than one ministry {several}")
    print("  first ministry, by its abbreviation of the time:", ", ".join(f"{k} {v}" for k, v in per.most_common()))
    print(f"  time: resolve {took:.3f} s, read the JSON {read:.3f} s (floor); ratio {took / max(read, 1e-9):.2f}")
    resolved = [(r, f, found) for r, f, found in results if found]
    for r, f, found in rng.sample(resolved, min(sample, len(resolved))):
        print(f"    {r['Datum'][:10]} [{f}] {(r.get(f) or '')[:90]!r} -> {', '.join(x.name for x in found)}")


def measure_zaken(corpus: Path) -> None:
    files = sorted((corpus / "zaken").glob("*.json"))
    if not files:
        return
    n = Counter()
    for f in files:
        z = json.loads(f.read_text(encoding="utf-8"))
        day = z.get("GestartOp")
        ids = [((d or {}).get("HuidigeDocumentVersie") or {}).get("ExterneIdentifier") or ""
               for d in z.get("Document") or []]
        by_chapter = next((r for r in (M.resolve_dossier(i, day) for i in ids if i) if r), None)
        by_title = M.resolve_subject(z.get("Titel"), day)
        n["zaken"] += 1
        n["chapter"] += by_chapter is not None
        n["title"] += bool(by_title)
        n["either"] += by_chapter is not None or bool(by_title)
        n["disagree"] += by_chapter is not None and bool(by_title) and by_chapter.id != by_title[0].id
    print(f"motion Zaken: {n['zaken']}; resolved {n['either']} ({n['either'] / n['zaken']:.1%}): by the budget "
          f"chapter of their kst id {n['chapter']}, by the Zaak's Titel {n['title']}; the two disagree {n['disagree']}")


def measure_register(folder: Path | None) -> None:
    if folder is not None:
        files = sorted((folder / "tk" / "Toezegging").glob("*.json"))
        records = [json.loads(f.read_text(encoding="utf-8")) for f in files]
        where = f"{folder}/tk/Toezegging"
    else:
        records = json.loads(FIXTURE_REGISTER.read_text(encoding="utf-8"))["value"]
        where = f"{FIXTURE_REGISTER.relative_to(ROOT)} (fictional ministries: none may resolve)"
    n = Counter()
    for t in records:
        day = t.get("Aanmaakdatum")
        by_name = M.resolve_name(t.get("Ministerie"), day)
        by_function = M.resolve_title(t.get("Functie"), day)
        n["records"] += 1
        n["Ministerie"] += by_name is not None
        n["Functie"] += bool(by_function)
        n["either"] += by_name is not None or bool(by_function)
    print(f"official commitments ({where}): {n['records']}; resolved {n['either']}: by Ministerie {n['Ministerie']}, "
          f"by Functie {n['Functie']}")


def measure_letters(shared: Path) -> None:
    paths = sorted((ROOT / "tests" / "fixtures" / "heldout").glob("kst-*.txt"))
    paths += [p for p in [shared / "corpus" / "kst-35207-32.pdf.txt"] if p.exists()]
    n = Counter()
    unresolved = []
    for p in paths:
        record = pipeline.analyze_path(p)
        doc = record.document
        if doc.kind not in ("brief", "antwoord", "nota"):
            continue
        found = M.resolve_letter(doc.title, record.text, doc.date)
        n["letters"] += 1
        n["title"] += bool(M.resolve_title(doc.title, doc.date))
        n["resolved"] += bool(found)
        if not found:
            unresolved.append(f"{p.name} ({doc.title!r})")
    print(f"letters with text (fixtures in the real forms, and kst-35207-32): {n['letters']}; resolved "
          f"{n['resolved']} (by the title line {n['title']}, the rest by the signature)")
    for u in unresolved:
        print("    not resolved:", u)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--register", type=Path, help="a sync output folder holding tk/Toezegging/*.json")
    ap.add_argument("--sample", type=int, default=12)
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    corpus = args.shared / "corpus" / "tk-2023-2025"
    rng = random.Random(args.seed)
    if corpus.is_dir():
        measure_brieven(corpus, args.sample, rng)
        measure_zaken(corpus)
    else:
        print(f"bench/ministries.py: {corpus} is absent; only the fixtures are measured")
    measure_register(args.register)
    measure_letters(args.shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())
