"""A readable Markdown report of one analysis record (``kamerspoor analyze --format md``).

One function per part of the report, each returning its lines (empty when the record has nothing for
it), so a new part is one function and one entry in :data:`PARTS`.
"""

from __future__ import annotations

from collections.abc import Callable

from kamerspoor import labels
from kamerspoor.record import Record
from kamerspoor.taxonomy import label

STANCE_NL = labels.table("stance")


def _ref(dossier: str | None, number: int | None) -> str:
    if not dossier:
        return "(zonder nummer)"
    return f"{dossier}, nr. {number}" if number is not None else dossier


def _one_line(s: str | None, limit: int = 300) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _part(heading: str, lines: list[str]) -> list[str]:
    return [heading, "", *lines, ""] if lines else []


def _metadata(record: Record) -> list[str]:
    d = record.document
    meta = [
        ("Id", d.id),
        ("Dossier", d.dossier),
        ("Nummer", d.number),
        ("Vergaderjaar", d.session_year),
        ("Soort", d.kind.value),
        ("Datum", d.date),
        ("Indieners/ondertekenaars", ", ".join(d.submitters) or None),
    ]
    out = [f"# {d.title or d.id or 'Document'}", ""]
    out += [f"- **{k}**: {v}" for k, v in meta if v not in (None, "")]
    return [*out, ""]


def _contents(record: Record) -> list[str]:
    """The sections, indented by level, each with the themes and instruments of its paragraphs."""
    tags_by_para: dict[int, set[str]] = {}
    for t in [*record.themes, *record.instruments]:
        for j in t.paragraphs:
            tags_by_para.setdefault(j, set()).add(t.id)
    ids_by_section: dict[int, set[str]] = {}
    for j, p in enumerate(record.paragraphs):
        if p.section is not None:
            ids_by_section.setdefault(p.section, set()).update(tags_by_para.get(j, ()))
    lines = []
    for i, s in enumerate(record.sections):
        ids = ids_by_section.get(i)
        num = f"{s.number}. " if s.number else ""
        chips = f" — {', '.join(label(x) for x in sorted(ids))}" if ids else ""
        lines.append(f"{'  ' * (s.level - 1)}- {num}{s.heading}{chips}")
    return _part("## Inhoud", lines)


def _motion(record: Record) -> list[str]:
    motion = record.motion
    if motion is None:
        return []
    out = ["## Motie", ""]
    if motion.proposed:
        out.append(f"- **Voorgesteld**: {motion.proposed}")
    if motion.debate:
        out.append(f"- **Debat**: {motion.debate}")
    if motion.replaces:
        out.append(f"- **Vervangt**: {_ref(motion.replaces.dossier, motion.replaces.number)}")
    if motion.considerations:
        out += ["", "### Overwegingen", *(f"- {_one_line(c)}" for c in motion.considerations)]
    out += ["", "### Verzoeken", *(f"- {_one_line(r)}" for r in motion.requests), ""]
    return out


def _answers(record: Record) -> list[str]:
    rows = [f"| {_ref(m.dossier, m.number)} | {', '.join(m.submitters)} | {labels.label('stance', m.stance)} "
            f"| {_one_line(m.evidence, 200).replace('|', '/')} |" for m in record.motions]
    if not rows:
        return []
    return _part("## Moties en het antwoord van het kabinet",
                 ["| Motie | Indieners | Standpunt | Onderbouwing |", "|---|---|---|---|", *rows])


def _parties(record: Record) -> list[str]:
    lines = []
    for p in record.party_positions:
        src = f" ([bron]({p.source_url}))" if p.source_url else ""
        lines.append(f"- **{p.party}** — {labels.label('stance', p.stance)}: {_one_line(p.evidence, 240)}{src}")
    return _part("## Voorstellen van fracties", lines)


def _commitments(record: Record) -> list[str]:
    lines = []
    for c in record.commitments:
        due = f" (uiterlijk {c.due})" if c.due else ""
        actor = f"{c.actor}: " if c.actor else ""
        lines.append(f"- {actor}{_one_line(c.text)}{due}")
    return _part("## Toezeggingen", lines)


def _references(record: Record) -> list[str]:
    cited = list(dict.fromkeys(_ref(r.dossier, r.number) for r in record.references))
    return _part("## Aangehaalde Kamerstukken", [", ".join(cited)] if cited else [])


def _footnotes(record: Record) -> list[str]:
    return _part("## Voetnoten", [f"{f.marker}. {_one_line(f.text)}" for f in record.footnotes])


def _warnings(record: Record) -> list[str]:
    lines = []
    for w in record.warnings:
        at = f" (positie {w.start})" if w.start is not None else ""
        lines.append(f"- {w.kind}: {_one_line(w.text, 120)}{at}")
    return _part("## Waarschuwingen", lines)


def _text(record: Record) -> list[str]:
    return ["## Tekst", "", record.text] if record.text else []


PARTS: list[Callable[[Record], list[str]]] = [_metadata, _contents, _motion, _answers, _parties, _commitments,
                                              _references, _footnotes, _warnings, _text]


def to_markdown(record: Record) -> str:
    """Render the record as Markdown: metadata, sections with their themes, motions, parties, commitments."""
    out: list[str] = []
    for part in PARTS:
        out += part(record)
    return "\n".join(out).rstrip() + "\n"
