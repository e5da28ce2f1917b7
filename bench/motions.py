"""Benchmark: the motion pipeline on the real Tweede Kamer corpus (../shared/corpus/tk-2023-2025).

Runs ``kamerspoor.pipeline.analyze_path`` on every motion XML in ``publications/`` and measures agreement
with what the XML itself states (metadata, stuk title, datumtekst, the <al> layout), the share of motions
with requests and considerations, and the share linked to a Zaak and a vote (``kamerspoor.tkapi``).

    .venv/bin/python bench/motions.py [--limit N] [--show K] [--shared PATH]

Prints one line per metric (ok/total, percent, the 99.5% target) and the first K failures of each.
Exits 0; prints a clear message and exits 0 when ../shared is absent.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from lxml import etree

from kamerspoor import tkapi
from kamerspoor.extract.motion_doc import parse_motion
from kamerspoor.pipeline import analyze_path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 99.5
_WS = re.compile(r"\s+")
_KST = re.compile(r"kst-[0-9A-Za-z-]+?-\d+(?=/|$|\.)")
# the Kamer's finite verbs that open the decision part (for the bench's own layout check)
_DECISION = re.compile(r"^(?:en\s+)?(?:verzoekt|spreekt|roept|draagt|zegt|besluit|keurt|erkent|wijst|neemt|"
                       r"betreurt|veroordeelt|steunt|vraagt)\b", re.IGNORECASE)


def _text(el) -> str:
    return _WS.sub(" ", "".join(el.itertext())).strip() if el is not None else ""


def norm(name: str) -> str:
    """Case, diacritics and punctuation folded: "Kostić" -> "kostic", "Van der Graaf" -> "van der graaf"."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z]+", " ", s.lower()).strip()


def indiener_surname(indiener: str) -> str:
    """"M.G.F. Rikkers-Oosterkamp" -> "rikkers oosterkamp", "J.J. van der Werf" -> "van der werf"."""
    bare = re.sub(r"\([^)]*\)", " ", indiener)  # "D.J.H. (Diederik) van Dijk"
    return norm(re.sub(r"^(?:[A-Z][a-z]?\.\s*)+", "", bare.strip()))


def same_person(signatory: str, surname: str) -> bool:
    s = norm(signatory)  # "Inge van Dijk" signs for "I. van Dijk"
    return bool(surname) and (s == surname or s.endswith(" " + surname))


def close(a: str, b: str) -> bool:
    """Same name up to a typo in one of them ("SIX DIJKSTA" vs "Six Dijkstra")."""
    return difflib.SequenceMatcher(None, norm(a), norm(b)).ratio() >= 0.85


def expected(path: Path) -> dict:
    """What the XML file states about itself, read independently of kamerspoor.read."""
    tree = etree.parse(str(path))
    meta: dict[str, list[str]] = defaultdict(list)
    for m in tree.iterfind(".//metadata/meta"):
        meta[m.get("name")].append(m.get("content") or "")
    kst = (meta.get("DC.identifier") or [None])[0]
    if not kst and meta.get("OVERHEIDop.externMetadataRecord"):
        m = _KST.search(meta["OVERHEIDop.externMetadataRecord"][0])
        kst = m.group(0) if m else None
    dossier = number = None
    if kst:
        dossier, _, num = kst[4:].rpartition("-")
        number = int(num) if num.isdigit() else None
    if not dossier and meta.get("OVERHEIDop.dossiernummer"):
        # the kst id comes first: a rijkswet's dossiernummer reads "36455-(R2188)" for kst-36455-11
        dossier = meta["OVERHEIDop.dossiernummer"][0]
    year = (meta.get("OVERHEIDop.vergaderjaar") or [None])[0]
    if not year:
        for regel in tree.iterfind(".//kamerstukkop/tekstregel"):
            if regel.get("inhoud") == "vergaderjaar":
                m = re.search(r"(\d{4})\s*[-–]\s*(\d{4})", _text(regel))
                year = f"{m.group(1)}-{m.group(2)}" if m else None
    stuk = tree.find(".//stuk")
    title = _text(stuk.find("titel")) if stuk is not None else ""
    datum = stuk.find("datumtekst/datum") if stuk is not None else None
    als = [_text(al) for al in stuk.iter("al")] if stuk is not None else []
    # considerations by layout: any <al> after "gehoord de beraadslaging" before the first decision verb
    has_cons = False
    after_heard = False
    for al in als:
        if al.lower().startswith("gehoord de beraadslaging"):
            after_heard = True
            continue
        if after_heard:
            if _DECISION.match(al):
                break
            has_cons = True
    m = re.search(r"\bVAN\s+(?:HET\s+LID|DE\s+LEDEN)\s+(.+?)(?:\s+C\.?\s?S\b\.?|\s+EN\s+|,|\s+TER\s+VERVANGING|$)",
                  title)
    repl = re.search(r"TER\s+VERVANGING\s+VAN\s+DIE\s+GEDRUKT\s+ONDER\s+NR\.\s*(\d+)", title)
    return {
        "kst": kst, "dossier": dossier, "number": number, "session_year": year,
        "indieners": meta.get("OVERHEIDop.indiener") or [],
        "title_first": m.group(1) if m else None,
        "proposed": datum.get("isodatum") if datum is not None else None,
        "has_considerations": has_cons,
        "replaces": int(repl.group(1)) if repl else None,
    }


class Metric:
    def __init__(self, name: str, target: float | None = TARGET, note: str = ""):
        self.name, self.target, self.note = name, target, note
        self.ok = self.total = 0
        self.failures: list[str] = []

    def add(self, ok: bool, failure: str = "") -> None:
        self.total += 1
        if ok:
            self.ok += 1
        else:
            self.failures.append(failure)

    def line(self) -> str:
        pct = 100.0 * self.ok / self.total if self.total else 0.0
        mark = "" if self.target is None else ("  ok" if pct >= self.target else f"  BELOW {self.target}%")
        note = f"  ({self.note})" if self.note else ""
        return f"{self.name:<44} {self.ok:>5}/{self.total:<5} {pct:6.2f}%{mark}{note}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N files (sorted by name)")
    ap.add_argument("--show", type=int, default=10, help="failures shown per metric")
    ap.add_argument("--shared", default=os.environ.get("KAMERSPOOR_SHARED", str(ROOT.parent / "shared")))
    args = ap.parse_args(argv)

    corpus = Path(args.shared) / "corpus" / "tk-2023-2025"
    if not (corpus / "publications").is_dir():
        print(f"bench/motions.py: no real corpus at {corpus} (../shared absent); nothing measured.")
        return 0
    files = sorted((corpus / "publications").glob("*.xml"))
    if args.limit:
        files = files[: args.limit]

    t0 = time.perf_counter()
    links = tkapi.motion_votes(corpus)
    t_links = time.perf_counter() - t0

    M = {k: Metric(*v) for k, v in {
        "errors": ("pipeline runs without error",),
        "json": ("record is JSON-serialisable",),
        "dossier": ("document.dossier = XML dossier (read.py)",),
        "number": ("document.number = XML ondernummer (read.py)",),
        "year": ("document.session_year = XML vergaderjaar (read.py)",),
        "kind": ("document.kind = motie (read.py)",),
        "submitters": ("document.submitters[0] among XML indieners", TARGET, "where the XML names indieners"),
        "submitters_order": ("document.submitters = printed signatories", None,
                             "order included; XML indiener metadata lists them in reverse"),
        "sig_first": ("first signatory among XML indieners", TARGET, "where the XML names indieners"),
        "sig_all": ("signatories = XML indieners (as a set)", TARGET, "where the XML names indieners"),
        "sig_title": ("first signatory = member named in stuk title", TARGET, "all files; tolerates title typos"),
        "signed": ("motion has >= 1 signatory",),
        "requests": ("motion has >= 1 request",),
        "considerations": ("motion has >= 1 consideration", None, "not every motion has one"),
        "cons_layout": ("considerations present iff XML layout has them",),
        "proposed": ("motion.proposed = XML datumtekst date", TARGET, "where the XML has one"),
        "replaces": ("motion.replaces = title 'TER VERVANGING ... NR.'", TARGET, "gewijzigde moties"),
        "replaces_zaak": ("motion.replaces = Zaak onderwerp (t.v.v.)", None,
                          "where the Zaak says t.v.v.; for a nader gewijzigde it may name the first motion"),
        "zaak": ("linked to a Zaak (tkapi.motion_votes)",),
        "zaak_same": ("linked Zaak = the one for the XML's own kst id",),
        "vote": ("linked to a vote", None, "the summary has no vote for every Zaak"),
        "kabinetsappreciatie": ("linked Zaak has a kabinetsappreciatie", None),
    }.items()}

    t_pipeline = t_parse = 0.0
    tvv = re.compile(r"\(t\.v\.v\.\s*([0-9A-Z-]+?)-(\d+)\)")
    for path in files:
        name = path.name
        exp = expected(path)
        t1 = time.perf_counter()
        try:
            typed = analyze_path(path)
        except Exception as e:  # noqa: BLE001 - a benchmark counts failures, it does not stop on them
            t_pipeline += time.perf_counter() - t1
            M["errors"].add(False, f"{name}: {type(e).__name__}: {e}")
            continue
        t_pipeline += time.perf_counter() - t1
        M["errors"].add(True)
        record = typed.to_dict()  # the JSON object of the contract, as the checks below read it
        try:
            json.dumps(record)
            M["json"].add(True)
        except (TypeError, ValueError) as e:
            M["json"].add(False, f"{name}: {e}")
        doc = record["document"]
        motion = record.get("motion") or {}

        def check(key: str, got, want, label: str, _name: str = name) -> None:
            M[key].add(got == want, f"{_name}: {label} expected {want!r}, got {got!r}")

        if exp["dossier"]:
            check("dossier", doc.get("dossier"), exp["dossier"], "dossier")
        if exp["number"] is not None:
            check("number", doc.get("number"), exp["number"], "number")
        if exp["session_year"]:
            check("year", doc.get("session_year"), exp["session_year"], "session_year")
        check("kind", str(doc.get("kind")), "motie", "kind")

        t2 = time.perf_counter()
        _, signatories, _ = parse_motion(record["text"], dict(doc), None)
        t_parse += time.perf_counter() - t2
        surnames = [indiener_surname(i) for i in exp["indieners"]]
        if surnames:
            subs = doc.get("submitters") or []
            M["submitters"].add(bool(subs) and any(same_person(subs[0], s) for s in surnames),
                                f"{name}: submitters {subs!r}, indieners {exp['indieners']!r}")
            M["sig_first"].add(bool(signatories) and any(same_person(signatories[0], s) for s in surnames),
                               f"{name}: signatories {signatories!r}, indieners {exp['indieners']!r}")
            M["sig_all"].add(len(signatories) == len(surnames)
                             and all(any(same_person(g, s) for s in surnames) for g in signatories),
                             f"{name}: signatories {signatories!r}, indieners {exp['indieners']!r}")
        if exp["title_first"]:
            M["sig_title"].add(bool(signatories) and close(signatories[0], exp["title_first"]),
                               f"{name}: title names {exp['title_first']!r}, first signatory "
                               f"{signatories[:1]!r}")
        M["submitters_order"].add(list(doc.get("submitters") or []) == signatories,
                                  f"{name}: submitters {doc.get('submitters')!r}, printed {signatories!r}")
        M["signed"].add(bool(signatories), f"{name}: no signatories")
        M["requests"].add(bool(motion.get("requests")), f"{name}: no request found")
        M["considerations"].add(bool(motion.get("considerations")), f"{name}: no considerations")
        M["cons_layout"].add(bool(motion.get("considerations")) == exp["has_considerations"],
                             f"{name}: layout has considerations={exp['has_considerations']}, "
                             f"got {len(motion.get('considerations') or [])}")
        if exp["proposed"]:
            check("proposed", motion.get("proposed"), exp["proposed"], "proposed")
        if exp["replaces"] is not None:
            want = {"dossier": exp["dossier"], "number": exp["replaces"]}
            check("replaces", motion.get("replaces"), want, "replaces")

        kst = doc.get("id") or (f"kst-{doc['dossier']}-{doc['number']}"
                                if doc.get("dossier") and doc.get("number") else None)
        link = links.get(kst) if kst else None
        M["zaak"].add(link is not None, f"{name}: no Zaak for {kst!r}")
        if exp["kst"]:
            own = links.get(exp["kst"])
            M["zaak_same"].add(link is not None and own is not None and link["zaak"] == own["zaak"],
                               f"{name}: record id {kst!r} -> {link and link['zaak']}, XML id "
                               f"{exp['kst']!r} -> {own and own['zaak']}")
        if link is not None:
            M["vote"].add(link["vote"] is not None, f"{name}: Zaak {link['zaak']} has no vote in the summary")
            M["kabinetsappreciatie"].add(bool(link["kabinetsappreciatie"]), f"{name}: Zaak {link['zaak']}")
            m = tvv.search(link["onderwerp"] or "")
            if m:
                want = {"dossier": m.group(1), "number": int(m.group(2))}
                check("replaces_zaak", motion.get("replaces"), want, f"replaces (Zaak {link['zaak']})")

    n = len(files)
    print(f"motions: {n} XML files from {corpus}")
    print(f"tkapi.motion_votes: {len(links)} kst ids linked to a Zaak in {t_links:.2f} s")
    print(f"pipeline (analyze_path): {t_pipeline:.1f} s, {1000 * t_pipeline / max(n, 1):.1f} ms/file; "
          f"parse_motion alone: {1000 * t_parse / max(n, 1):.3f} ms/file")
    print()
    for metric in M.values():
        if metric.total:
            print(metric.line())
    for metric in M.values():
        if metric.failures and args.show:
            print(f"\n-- {metric.name}: first {min(args.show, len(metric.failures))} of "
                  f"{len(metric.failures)} failures")
            for f in metric.failures[: args.show]:
                print(f"   {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
