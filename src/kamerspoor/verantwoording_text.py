"""The accountability report as Markdown (readable as plain text in a terminal) and as CSV rows (one per
adopted motion), for ``kamerspoor report``; the JSON is the report itself (:func:`kamerspoor.verantwoording.build`).

One function per part of the Markdown, each returning its lines, as in :mod:`kamerspoor.report`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kamerspoor import labels, matrix
from kamerspoor.store import owners
from kamerspoor.verantwoording import OUTCOMES

CSV_COLUMNS = ["id", "title", "vote_date", "appreciation", "ministry", "ministry_name", "dossier", "parties",
               "themes", "outcome", "stance", "letter", "letter_date", "evidence", "named_in", "later_named",
               "days_since_vote"]
LIST_LIMIT = 25  # motions listed per outcome in the Markdown (the JSON and CSV have them all)


def csv_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per adopted motion."""
    return [{**r, "parties": "; ".join(r["parties"]), "themes": "; ".join(r["themes"]),
             "named_in": "; ".join(n["letter"] for n in r["named_in"]), "later_named": "; ".join(r["later_named"])}
            for r in report["motions"]]


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "-"


def _cell(s: Any, limit: int = 90) -> str:
    s = " ".join(str(s or "").split()).replace("|", "/")
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _title(report: dict[str, Any]) -> list[str]:
    f = report["filters"]
    parts = []
    if f.get("ministry"):
        parts.append(owners.name(f["ministry"]) or f["ministry"])
    for key, word in (("dossier", "dossier"), ("theme", "thema"), ("party", "partij")):
        if f.get(key):
            parts.append(f"{word} {f[key]}")
    if f.get("query"):
        parts.append(f"moties met «{f['query']}»")
    period = f"{f.get('since') or 'begin'} tot en met {f.get('until') or f['today']}"
    return [f"# Verantwoording: wat werd er van de aangenomen moties{' — ' + ', '.join(parts) if parts else ''}",
            "", f"Periode van de stemmingen: {period}.", ""]


def _coverage(report: dict[str, Any]) -> list[str]:
    c = report["coverage"]
    return ["## Wat deze verzameling bevat", "",
            f"Brieven met tekst: {c['letters_with_text']} ({c['letters_first'] or '-'} tot {c['letters_last'] or '-'}); "
            f"brieven waarvan alleen de gegevens bekend zijn: {c['letters_metadata_only']}; "
            f"stemmingen: {c['votes']} ({c['votes_first'] or '-'} tot {c['votes_last'] or '-'}); "
            f"moties met tekst: {c['motions_in_store']}; Zaken: {c['zaken']}; "
            f"toezeggingen uit het register: {c['official_commitments']}.",
            "Geen antwoord betekent: geen antwoord in deze verzameling, niet: geen antwoord van het kabinet.", ""]


def _totals(report: dict[str, Any]) -> list[str]:
    t = report["totals"]
    n = t["adopted"]
    out = ["## Samenvatting", "", f"- Aangenomen moties: {n}; met antwoord (een standpunt in een brief, of genoemd in "
                                  f"het onderwerp van een brief): {t['answered']} ({_pct(t['answered'], n)})"]
    out += [f"- {labels.label('outcome', o)}: {t['outcomes'][o]} ({_pct(t['outcomes'][o], n)})" for o in OUTCOMES]
    return [*out, ""]


def _ministries(report: dict[str, Any]) -> list[str]:
    rows = [f"| {g['name']} | {g['adopted']} | {g['answered']} | {_pct(g['answered'], g['adopted'])} | "
            + " | ".join(str(g["outcomes"][o]) for o in OUTCOMES) + " |" for g in report["by_ministry"]]
    if not rows:
        return []
    head = "| Ministerie | Aangenomen | Met antwoord | Aandeel | " + " | ".join(labels.label("outcome", o) for o in OUTCOMES)
    return ["## Per ministerie", "", head + " |", "|" + "---|" * (4 + len(OUTCOMES)), *rows, ""]


def _appreciation(report: dict[str, Any]) -> list[str]:
    rows = [f"| {g['appreciation']} | {g['adopted']} | " + " | ".join(str(g["outcomes"][o]) for o in OUTCOMES) + " |"
            for g in report["appreciation"]]
    if not rows:
        return []
    head = "| Appreciatie kabinet | Aangenomen | " + " | ".join(labels.label("outcome", o) for o in OUTCOMES) + " |"
    out = ["## Appreciatie van het kabinet tegenover de uitkomst", "", head, "|" + "---|" * (2 + len(OUTCOMES)), *rows]
    against = report["advised_against"]
    if against:
        out += ["", f"Ontraden maar aangenomen ({len(against)}): wat volgde?", ""]
        out += [f"- {r['key']} {_cell(r['title'], 70)}: {_outcome_text(r)}" for r in against[:LIST_LIMIT]]
    return [*out, ""]


def _outcome_text(r: dict[str, Any]) -> str:
    if r["outcome"] == "none":
        days = f", {r['days_since_vote']} dagen na de stemming" if r["days_since_vote"] is not None else ""
        return f"{labels.label('outcome', 'none')}{days}"
    if r["outcome"] == "named":
        return "genoemd in " + ", ".join(f"brief {n['letter']} ({n['date'] or 'datum onbekend'})" for n in r["named_in"])
    stance = labels.label("stance", r["stance"])
    text = f"{stance} in {r['letter']} ({r['letter_date'] or 'datum onbekend'}): {_cell(r['evidence'], 160)}"
    return text + (f" {later_text(r)}" if r["outcome"] == "in_progress" else "")


def later_text(r: dict[str, Any]) -> str:
    """What followed an answer "in progress": a later letter known by its subject, or nothing in this store."""
    if r["later_named"]:
        return "Later genoemd in " + ", ".join(r["later_named"]) + " (alleen de gegevens van de brief bekend)."
    return "Geen latere brief in deze verzameling."


def _motions(report: dict[str, Any]) -> list[str]:
    out = ["## De moties", ""]
    for o in OUTCOMES:
        rows = [r for r in report["motions"] if r["outcome"] == o]
        if not rows:
            continue
        out += [f"### {labels.label('outcome', o)} ({len(rows)})", ""]
        out += [f"- {r['key']} ({r['vote_date']}, {r['ministry_name']}) {_cell(r['title'], 80)}: {_outcome_text(r)}"
                for r in rows[:LIST_LIMIT]]
        if len(rows) > LIST_LIMIT:
            out.append(f"- … en {len(rows) - LIST_LIMIT} meer (alle in --format json of csv)")
        out.append("")
    return out


def _commitments(report: dict[str, Any]) -> list[str]:
    c = report["commitments"]
    counts = ", ".join(f"{labels.label('commitment_status', k)} {n}" for k, n in c["counts"].items() if n)
    out = ["## Toezeggingen in de brieven van deze periode", "", f"{len(c['items'])} toezeggingen: {counts or 'geen'}.", ""]
    for r in c["items"][:LIST_LIMIT]:
        context = f" (na: «{_cell(r['context'], 120)}»)" if r["context"] else ""
        register = f"; register {r['official_number']}: {r['official_status']}" if r["official_number"] else ""
        out.append(f"- [{labels.label('commitment_status', r['state'])}] {r['doc_id']}: {_cell(r['text'], 160)}"
                   f"{context}{' — vóór ' + r['due'] if r['due'] else ''}{register}")
    reg = report["register"]
    if reg["synced"]:
        counts = ", ".join(f"{labels.label('commitment_status', k)} {n}" for k, n in reg["counts"].items() if n)
        out += ["", f"Register van toezeggingen (Tweede Kamer): {reg['total']} in deze periode: {counts or 'geen'}."]
    return [*out, ""]


def _matrix(report: dict[str, Any]) -> list[str]:
    lines = matrix.to_markdown(report["matrix"])
    return ["## Welke motie kreeg welk antwoord, via welke instrumenten, op welke thema's", "", *lines, ""] if lines else []


PARTS: list[Callable[[dict[str, Any]], list[str]]] = [_title, _coverage, _totals, _ministries, _appreciation,
                                                      _motions, _commitments, _matrix]


def to_markdown(report: dict[str, Any]) -> str:
    out: list[str] = []
    for part in PARTS:
        out += part(report)
    return "\n".join(out).rstrip() + "\n"
