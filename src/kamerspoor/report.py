"""A readable Markdown report of one analysis record (``kamerspoor analyze --format md``)."""

from __future__ import annotations

from kamerspoor import labels
from kamerspoor.taxonomy import label

STANCE_NL = labels.table("stance")


def _ref(dossier: str | None, number: int | None) -> str:
    if not dossier:
        return "(zonder nummer)"
    return f"{dossier}, nr. {number}" if number is not None else dossier


def _one_line(s: str | None, limit: int = 300) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def to_markdown(record: dict) -> str:
    """Render the record as Markdown: metadata, sections with their themes, motions, parties, commitments."""
    d = record.get("document") or {}
    out: list[str] = []
    title = d.get("title") or d.get("id") or "Document"
    out.append(f"# {title}")
    out.append("")
    meta = [
        ("Id", d.get("id")),
        ("Dossier", d.get("dossier")),
        ("Nummer", d.get("number")),
        ("Vergaderjaar", d.get("session_year")),
        ("Soort", d.get("kind")),
        ("Datum", d.get("date")),
        ("Indieners/ondertekenaars", ", ".join(d.get("submitters") or []) or None),
    ]
    for k, v in meta:
        if v not in (None, ""):
            out.append(f"- **{k}**: {v}")
    out.append("")

    text = record.get("text") or ""
    paragraphs = record.get("paragraphs") or []
    sections = record.get("sections") or []
    tags_by_para: dict[int, set[str]] = {}
    for kind in ("themes", "instruments"):
        for t in record.get(kind) or []:
            for p in t.get("paragraphs") or []:
                tags_by_para.setdefault(p, set()).add(t.get("id"))
    if sections:
        out.append("## Inhoud")
        out.append("")
        for i, s in enumerate(sections):
            ids: set[str] = set()
            for j, p in enumerate(paragraphs):
                if p.get("section") == i:
                    ids |= tags_by_para.get(j, set())
            indent = "  " * (max(1, s.get("level") or 1) - 1)
            num = f"{s['number']}. " if s.get("number") else ""
            chips = f" — {', '.join(label(x) for x in sorted(ids))}" if ids else ""
            out.append(f"{indent}- {num}{s.get('heading')}{chips}")
        out.append("")

    motion = record.get("motion")
    if motion:
        out.append("## Motie")
        out.append("")
        if motion.get("proposed"):
            out.append(f"- **Voorgesteld**: {motion['proposed']}")
        if motion.get("debate"):
            out.append(f"- **Debat**: {motion['debate']}")
        rep = motion.get("replaces")
        if rep:
            out.append(f"- **Vervangt**: {_ref(rep.get('dossier'), rep.get('number'))}")
        if motion.get("considerations"):
            out.append("")
            out.append("### Overwegingen")
            out.extend(f"- {_one_line(c)}" for c in motion["considerations"])
        out.append("")
        out.append("### Verzoeken")
        out.extend(f"- {_one_line(r)}" for r in motion.get("requests") or []) or None
        out.append("")

    motions = record.get("motions") or []
    if motions:
        out.append("## Moties en het antwoord van het kabinet")
        out.append("")
        out.append("| Motie | Indieners | Standpunt | Onderbouwing |")
        out.append("|---|---|---|---|")
        for m in motions:
            out.append(
                f"| {_ref(m.get('dossier'), m.get('number'))} | {', '.join(m.get('submitters') or [])} "
                f"| {STANCE_NL.get(m.get('stance'), m.get('stance'))} | {_one_line(m.get('evidence'), 200).replace('|', '/')} |"
            )
        out.append("")

    parties = record.get("party_positions") or []
    if parties:
        out.append("## Voorstellen van fracties")
        out.append("")
        for p in parties:
            src = f" ([bron]({p['source_url']}))" if p.get("source_url") else ""
            out.append(f"- **{p.get('party')}** — {STANCE_NL.get(p.get('stance'), p.get('stance'))}: "
                       f"{_one_line(p.get('evidence'), 240)}{src}")
        out.append("")

    commitments = record.get("commitments") or []
    if commitments:
        out.append("## Toezeggingen")
        out.append("")
        for c in commitments:
            due = f" (uiterlijk {c['due']})" if c.get("due") else ""
            actor = f"{c['actor']}: " if c.get("actor") else ""
            out.append(f"- {actor}{_one_line(c.get('text'))}{due}")
        out.append("")

    refs = record.get("references") or []
    if refs:
        seen = []
        for r in refs:
            k = _ref(r.get("dossier"), r.get("number"))
            if k not in seen:
                seen.append(k)
        out.append("## Aangehaalde Kamerstukken")
        out.append("")
        out.append(", ".join(seen))
        out.append("")

    footnotes = record.get("footnotes") or []
    if footnotes:
        out.append("## Voetnoten")
        out.append("")
        for f in footnotes:
            out.append(f"{f.get('marker')}. {_one_line(f.get('text'))}")
        out.append("")

    warnings = record.get("warnings") or []
    if warnings:
        out.append("## Waarschuwingen")
        out.append("")
        for w in warnings:
            at = f" (positie {w['start']})" if w.get("start") is not None else ""
            out.append(f"- {w.get('kind')}: {_one_line(w.get('text'), 120)}{at}")
        out.append("")

    if text:
        out.append("## Tekst")
        out.append("")
        out.append(text)
    return "\n".join(out).rstrip() + "\n"
