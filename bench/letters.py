"""Benchmark: cabinet letters from open data and the motions their subjects name (../shared/corpus/tk-2023-2025).

Reads every "Brief regering" Document record in ``documenten/`` with ``kamerspoor.tkletters`` and counts: the
letters; those whose subject names a motion by number, by member and subject, either; advice before the vote
("Appreciatie motie ...") against answers after it; and how many of the numbered motions are motions of the
corpus (``publications/`` by kst id, and through ``zaken/`` for a modified motion named "t.v.v." the number of
the motion it replaces). Motions named by member and subject are matched to a corpus Zaak whose Onderwerp names
the same member(s) and the same words after "over" (case and diacritics folded): a first measure of what the
store's matching can reach.

    .venv/bin/python bench/letters.py [--shared PATH] [--sample N] [--seed S]

``--sample N`` prints N links (letter subject -> the motion's title) drawn at random, to check by hand.
Exits 0; prints a message and exits 0 when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from kamerspoor import tkletters
from kamerspoor.rules.motion_phrases import REPLACES_TVV
from kamerspoor.tkpersons import fold

ROOT = Path(__file__).resolve().parent.parent
_ID = re.compile(rb'content="[^"]*?(kst-\d+(?:-[0-9A-Za-z]+)*?-\d+)(?:/metadata\.xml)?"')
_TITLE = re.compile(rb'name="OVERHEIDop\.documenttitel"[^>]*content="([^"]*)"')


def corpus_motions(corpus: Path) -> dict[str, str]:
    """kst id -> title of every motion in publications/ (DC.identifier or the externMetadataRecord link), with
    the Zaak's Onderwerp as title where the XML has none."""
    out: dict[str, str] = {}
    for f in (corpus / "publications").glob("*.xml"):
        head = f.read_bytes()[:6000]
        m = _ID.search(head)
        if m:
            t = _TITLE.search(head)
            out[m.group(1).decode()] = t.group(1).decode("utf-8", "replace") if t else ""
    return out


def corpus_zaken(corpus: Path) -> list[dict]:
    return [json.loads(f.read_text(encoding="utf-8")) for f in sorted((corpus / "zaken").glob("*.json"))]


def kst_of(zaak: dict) -> list[str]:
    out = []
    for d in zaak.get("Document") or []:
        ext = ((d or {}).get("HuidigeDocumentVersie") or {}).get("ExterneIdentifier")
        if isinstance(ext, str) and ext.startswith("kst-") and (d.get("Soort") or "").lower().startswith("motie"):
            out.append(ext)
    return out


def member_subject_index(zaken: list[dict]) -> dict[tuple[str, str], list[str]]:
    """(folded surname of the first mover, folded words after "over") -> the kst ids of the Zaken so named."""
    index: dict[tuple[str, str], list[str]] = {}
    for z in zaken:
        subject = tkletters.read_subject(z.get("Onderwerp"))
        for m in subject.motions:
            if m.members and m.about:
                index.setdefault((fold(m.members[0]).split()[-1], fold(m.about)), []).extend(kst_of(z))
    return index


def count(letters: list[tkletters.Brief], motions: dict[str, str], replaced_by: dict[str, list[str]],
          by_subject: dict[tuple[str, str], list[str]]) -> tuple[Counter, list[tuple[str, str, str]]]:
    """The counts printed, and every link (how, letter subject, kst id) to a motion of the corpus."""
    n = Counter()
    links: list[tuple[str, str, str]] = []  # (how, letter subject, kst id)
    for b in letters:
        s = b.subject
        numbered = {m.kst_id for m in s.by_number}
        n["by number"] += bool(numbered)
        n["by member+subject only"] += bool(s.by_member_subject) and not numbered
        n["named any"] += bool(s.motions)
        n["advice"] += s.advice
        n["advice naming a motion"] += s.advice and bool(s.motions)
        n["numbers"] += len(numbered)
        n["member+subject mentions"] += len(s.by_member_subject)
        found = set()
        for m in s.by_number:
            # "t.v.v. X": the letter is about the modified motion that replaces X, when the corpus has it
            targets = [k for k in replaced_by.get(m.kst_id, []) if k in motions] if m.replaced else []
            hits = targets or [k for k in [m.kst_id] if k in motions]
            n["numbers in publications"] += bool(hits)
            for k in hits:  # a check on the number: the member the subject names is in the motion's title
                if m.members:
                    n["numbered links with a member"] += 1
                    n["member in the title"] += fold(m.members[0]).split()[-1] in fold(motions[k]).split()
            n["numbers t.v.v."] += m.replaced
            found |= {("number", k) for k in hits}
        for m in s.by_member_subject:
            if m.members and m.about:
                key = (fold(m.members[0]).split()[-1], fold(m.about))
                hits = [k for k in by_subject.get(key, []) if k in motions]
                n["member+subject matched"] += bool(hits)
                found |= {("member+subject", k) for k in hits}
        n["letters naming a corpus motion"] += bool(found)
        n["letters naming a corpus motion by number"] += any(h == "number" for h, _ in found)
        links += [(how, b.onderwerp or "", k) for how, k in sorted(found)]

    return n, links


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    corpus = args.shared / "corpus" / "tk-2023-2025"
    files = sorted((corpus / "documenten").glob("*.json"))
    if not files:
        print(f"bench/letters.py: no Document records under {corpus / 'documenten'}; nothing to measure")
        return 0

    t0 = time.perf_counter()
    letters = list(tkletters.iter_brieven(files))
    took = time.perf_counter() - t0
    motions = corpus_motions(corpus)
    zaken = corpus_zaken(corpus)
    replaced_by: dict[str, list[str]] = {}  # kst id of a motion -> the modified motions that replace it
    for z in zaken:
        m = REPLACES_TVV.search(z.get("Onderwerp") or "")
        if m:
            replaced_by.setdefault(f"kst-{m.group('dossier')}-{m.group('number')}", []).extend(kst_of(z))
    by_subject = member_subject_index(zaken)
    for z in zaken:  # a title for the motions whose XML carries only a link to its metadata
        for k in kst_of(z):
            if k in motions and not motions[k]:
                motions[k] = z.get("Onderwerp") or ""

    n, links = count(letters, motions, replaced_by, by_subject)
    print(f"letters (Brief regering) read: {len(letters)} from {len(files)} files in {took:.2f} s")
    print(f"  naming a motion: {n['named any']} (by number: {n['by number']}, by member and subject only: "
          f"{n['by member+subject only']})")
    print(f"  advice before the vote (Appreciatie): {n['advice']} subjects, {n['advice naming a motion']} naming a motion")
    print(f"  motion numbers named: {n['numbers']} ({n['numbers t.v.v.']} t.v.v.); motions of publications/: "
          f"{n['numbers in publications']}")
    print(f"  numbered links whose subject names a member: {n['numbered links with a member']}; that member in "
          f"the motion's title: {n['member in the title']}")
    print(f"  member+subject mentions: {n['member+subject mentions']}; matched to a corpus Zaak: "
          f"{n['member+subject matched']}")
    print(f"  letters naming a motion of publications/: {n['letters naming a corpus motion']} "
          f"({n['letters naming a corpus motion by number']} by number); links: {len(links)}")
    if args.sample:
        rng = random.Random(args.seed)
        for how, subject, kst in rng.sample(links, min(args.sample, len(links))):
            print(f"\n[{how}] {subject}\n  -> {kst}: {motions.get(kst, '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
