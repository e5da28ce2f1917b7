"""Benchmark: votes recomputed from the Tweede Kamer's own Stemming rows (../shared/corpus/tk-2023-2025).

Reads every raw OData page in ``stemmingen/``, groups the rows per Besluit (a hoofdelijke stemming can span two
pages), counts each Besluit with ``kamerspoor.tkvotes`` and, independently, straight from the JSON (a party row
by FractieGrootte, a member row as one), and checks that both agree, per Besluit, per party and per member.
Then checks the votes summary (a third party's totals) the same way, and compares it with the rows where both
cover a motion.

    .venv/bin/python bench/votes.py [--shared PATH]

Prints counts (Besluiten recomputed, complete, incomplete, contradictory; motions decided; the summary's
statuses) and the time taken next to the time to only parse the JSON (the floor), as a ratio. Then ingests the
Stemming pages, the Zaken and the votes summary into a fresh SQLite store and checks that what the store shows
(per Besluit: totals, per party, per member) is what the JSON says, and that a second ingest adds no row; prints
how many motions the store gives a complete vote and how many a flagged contradiction. Exits 1 when the counts
disagree anywhere; exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from kamerspoor import tkapi, tkvotes
from kamerspoor.ingest import ingest
from kamerspoor.store import open_store

ROOT = Path(__file__).resolve().parent.parent


def raw_counts(files: list[Path]) -> tuple[dict[str, Counter], dict[str, dict[str, Counter]], dict[str, Counter]]:
    """Straight from the JSON: per Besluit the seats per Soort, per party, and the members' votes."""
    totals: dict[str, Counter] = {}
    parties: dict[str, dict[str, Counter]] = {}
    members: dict[str, Counter] = {}
    for f in files:
        for row in json.loads(f.read_text(encoding="utf-8"))["value"]:
            if row.get("Verwijderd"):
                continue
            key = row["Besluit_Id"].lower()
            member = bool(row.get("Persoon_Id") or row.get("SidActorLid"))
            seats = 1 if member else row["FractieGrootte"]
            totals.setdefault(key, Counter())[row["Soort"]] += seats
            party = row.get("ActorFractie") or row.get("ActorNaam")
            parties.setdefault(key, {}).setdefault(party, Counter())[row["Soort"]] += seats
            if member:
                members.setdefault(key, Counter())[row["Soort"]] += 1
    return totals, parties, members


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    corpus = args.shared / "corpus" / "tk-2023-2025"
    files = sorted((corpus / "stemmingen").glob("*.json"))
    if not files:
        print(f"bench/votes.py: no Stemming pages under {corpus / 'stemmingen'}; nothing to measure")
        return 0

    t0 = time.perf_counter()
    for f in files:
        json.loads(f.read_text(encoding="utf-8"))
    floor = time.perf_counter() - t0

    t0 = time.perf_counter()
    groups = tkvotes.group_by_besluit(tkvotes.iter_stemming_files(files))
    results = {k: tkvotes.vote_result(g.rows, g.besluit) for k, g in groups.items()}
    took = time.perf_counter() - t0

    totals, parties, members = raw_counts(files)
    disagree = []
    for key, r in results.items():
        mine_parties = {p.fractie: Counter(p.votes) for p in r.parties}
        mine_members = Counter(m.soort for m in r.members)
        if (Counter(r.totals) != totals.get(key) or mine_parties != parties.get(key)
                or mine_members != members.get(key, Counter())):
            disagree.append(key)
    rows = sum(len(g.rows) for g in groups.values())
    status = Counter(r.status for r in results.values())
    hoofdelijk = [r for r in results.values() if r.hoofdelijk]
    motions = [r for r in results.values() if r.zaak is not None and (r.zaak.soort or "").lower() == "motie"]
    print(f"Stemming rows: {rows:,} in {len(files)} pages; Besluiten recomputed: {len(results)}")
    print(f"  recomputed two ways (kamerspoor vs straight from the JSON; totals, per party, per member): "
          f"{len(results) - len(disagree)} of {len(results)} agree")
    print(f"  complete: {status['complete']}, incomplete: {status['incomplete']} (part of the Kamer in these "
          f"pages), contradictory: {status['contradictory']}")
    print(f"  hoofdelijke stemmingen: {len(hoofdelijk)} ({sum(r.complete for r in hoofdelijk)} with every member)")
    print(f"  rows marked Vergissing (kept, flagged): {sum(len(r.mistakes) for r in results.values())}")
    print(f"  Besluiten that decide one motion (its Agendapunt's one Zaak, or the one at its place): {len(motions)}, of which complete "
          f"{sum(r.status == 'complete' for r in motions)}, contradictory {sum(bool(r.contradictions) for r in motions)}")

    summary_path = corpus / "votes" / "motion_votes_summary.json"
    if summary_path.is_file():
        summary = tkapi.read_votes_summary(summary_path)
        checked = {k: tkvotes.summary_result(s) for k, s in summary.items()}
        sstatus = Counter(r.status for r in checked.values())
        print(f"votes summary: {len(checked)} motions; complete {sstatus['complete']}, incomplete "
              f"{sstatus['incomplete']} (never shown as a result), contradictory {sstatus['contradictory']}")
        both = [(r, checked[r.zaak.nummer]) for r in motions if r.zaak and r.zaak.nummer in checked]
        same = sum(1 for r, s in both if r.totals == s.totals)
        print(f"  motions in both the rows and the summary: {len(both)}; same totals {same} (the rows win)")
    print(f"time: {took:.3f} s to count, {floor:.3f} s to parse the JSON alone (floor): ratio {took / floor:.2f}x")
    disagree += store_check(corpus, totals, parties, members)
    if disagree:
        print(f"DISAGREE: {len(disagree)} Besluiten, e.g. {disagree[:5]}")
        return 1
    return 0


def _store_tables(store) -> dict[str, int]:
    return {t: store.count(f"SELECT count(*) FROM {t}") for t in ("stemmingen", "besluiten", "besluit_fracties",
                                                                   "besluit_leden", "zaken", "votes")}


def store_check(corpus: Path, totals: dict[str, Counter], parties: dict[str, dict[str, Counter]],
                members: dict[str, Counter]) -> list[str]:
    """Ingest the Stemming pages, Zaken and votes summary into a fresh store; the Besluiten whose stored vote
    differs from the JSON (and "second ingest" when a second run adds rows)."""
    inputs = [p for p in (corpus / "stemmingen", corpus / "zaken", corpus / "votes") if p.exists()]
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "votes.db") as store:
        t0 = time.perf_counter()
        report = ingest(store, inputs, jobs=1)
        took = time.perf_counter() - t0
        first = _store_tables(store)
        again = ingest(store, inputs, jobs=1)
        second = _store_tables(store)
        stored = store.besluit_votes()
        disagree = [b["id"] for b in stored if Counter(_nonzero(b)) != totals.get(b["id"])
                    or {p["fractie"]: Counter(_nonzero(p)) for p in b["parties"]} != parties.get(b["id"])
                    or Counter(m["soort"] for m in b["members"]) != members.get(b["id"], Counter())]
        disagree += sorted(set(totals) - {b["id"] for b in stored})
        motions = {b["motion_id"]: b for b in stored if b["motion_id"]}
        print(f"store (SQLite, after ingest of {report.files:,} files in {took:.1f} s): {len(stored)} Besluiten, "
              f"{first['stemmingen']:,} Stemming rows, {first['besluit_fracties']:,} party rows, "
              f"{first['besluit_leden']:,} member rows; {len(stored) - len(disagree)} of {len(stored)} as the JSON "
              "says (totals, per party, per member)")
        print(f"  second ingest: {again.unchanged} of {again.files} files unchanged, rows "
              f"{'the same' if first == second else f'{first} -> {second}'}")
        print(f"  motions with a vote from Stemming rows: {len(motions)}; complete "
              f"{sum(b['status'] == 'complete' for b in motions.values())}, incomplete "
              f"{sum(b['status'] == 'incomplete' for b in motions.values())}, contradiction flagged "
              f"{sum(b['status'] == 'contradictory' for b in motions.values())}")
    return disagree + (["second ingest"] if first != second else [])


def _nonzero(v: dict) -> dict[str, int]:
    counts = {tkvotes.VOOR: v["voor"], tkvotes.TEGEN: v["tegen"], tkvotes.NIET_DEELGENOMEN: v["niet_deelgenomen"]}
    return {k: n for k, n in counts.items() if n}


if __name__ == "__main__":
    sys.exit(main())
