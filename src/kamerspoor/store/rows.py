"""An analysis record (../shared/spec/analysis.md), a Zaak or a votes summary -> rows for the store's tables.

Pure Python and picklable, so ingest can prepare rows in worker processes (the search columns, with their
stems and compound parts, are the costly part) and the database connection only writes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from kamerspoor.store import dutch
from kamerspoor.store.links import due_by, kst_id, norm_dossier, replaced_in_subject


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(obj: Any) -> str:
    return hashlib.sha256(canonical_json(obj).encode("utf-8")).hexdigest()


def _j(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _int(v: Any) -> int | None:
    try:
        return int(v) if v not in (None, "") else None
    except (TypeError, ValueError):
        return None


@dataclass
class DocumentRows:
    """Everything the store writes for one document, in one transaction."""

    id: str
    content_hash: str
    document: tuple
    record_json: str
    submitters: list[tuple] = field(default_factory=list)
    sections: list[tuple] = field(default_factory=list)
    paragraphs: list[tuple] = field(default_factory=list)
    footnotes: list[tuple] = field(default_factory=list)
    citations: list[tuple] = field(default_factory=list)
    motion: tuple | None = None
    answers: list[tuple] = field(default_factory=list)
    party_positions: list[tuple] = field(default_factory=list)
    commitments: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)


def document_id(record: dict, source: str | None = None) -> str:
    """The record's official id (``kst-35207-32``), else one derived from the dossier and number, else from
    where it came from (or its content), so a new version of the same file replaces the old one."""
    doc = record.get("document") or {}
    if doc.get("id"):
        return str(doc["id"])
    official = kst_id(doc.get("dossier"), doc.get("number"))
    if official:
        return official
    basis = source or canonical_json(record)
    return "doc-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def document_rows(record: dict, source: str | None = None, ingested_at: str = "") -> DocumentRows:
    """Rows for one analysis record. ``source`` is the file it was read from (for ids and the files table)."""
    if not isinstance(record, dict) or not isinstance(record.get("document"), dict):
        raise ValueError("not an analysis record: no 'document' object")
    doc = record["document"]
    did = document_id(record, source)
    text = record.get("text") or ""
    digest = content_hash(record)
    submitters = [str(s) for s in (doc.get("submitters") or [])]
    dossier = norm_dossier(doc.get("dossier"))
    rows = DocumentRows(
        id=did,
        content_hash=digest,
        document=(did, dossier, _int(doc.get("number")), doc.get("session_year"), doc.get("kind") or "other",
                  doc.get("title"), doc.get("date"), _j(submitters), source, digest),
        record_json=canonical_json(record),
    )
    rows.submitters = [(did, i, s) for i, s in enumerate(submitters)]
    for i, s in enumerate(record.get("sections") or []):
        rows.sections.append((did, i, _int(s.get("level")) or 1, s.get("number"), s.get("heading") or "",
                              _int(s.get("start")) or 0, _int(s.get("end")) or 0))
    for i, p in enumerate(record.get("paragraphs") or []):
        start, end = _int(p.get("start")) or 0, _int(p.get("end")) or 0
        ptext = text[start:end]
        rows.paragraphs.append((did, i, _int(p.get("section")), start, end, ptext, *dutch.index_columns(ptext)))
    for i, f in enumerate(record.get("footnotes") or []):
        rows.footnotes.append((did, i, str(f.get("marker") or ""), f.get("text") or "", _j(f.get("urls") or []),
                               _int(f.get("anchor"))))
    for i, r in enumerate(record.get("references") or []):
        rows.citations.append((did, i, norm_dossier(r.get("dossier")), _int(r.get("number")),
                               kst_id(r.get("dossier"), r.get("number")), r.get("text"), _int(r.get("start"))))
    motion = record.get("motion")
    if isinstance(motion, dict):
        rep = motion.get("replaces") or {}
        rows.motion = (did, dossier, _int(doc.get("number")), motion.get("proposed"), motion.get("debate"),
                       _j(motion.get("considerations") or []), _j(motion.get("requests") or []),
                       kst_id(rep.get("dossier"), rep.get("number")) if isinstance(rep, dict) else None)
    for i, a in enumerate(record.get("motions") or []):
        rows.answers.append((did, i, norm_dossier(a.get("dossier")), _int(a.get("number")),
                             kst_id(a.get("dossier"), a.get("number")), _j(a.get("submitters") or []),
                             a.get("stance"), a.get("evidence"), _int(a.get("start"))))
    for i, pp in enumerate(record.get("party_positions") or []):
        rows.party_positions.append((did, i, str(pp.get("party") or ""), pp.get("proposal"), pp.get("stance"),
                                     pp.get("evidence"), pp.get("source_url")))
    for i, c in enumerate(record.get("commitments") or []):
        due = c.get("due")
        rows.commitments.append((did, i, c.get("text") or "", c.get("actor"), due, due_by(due), c.get("kind"),
                                 c.get("status"), _int(c.get("paragraph")), _j(c.get("answers") or []),
                                 _int(c.get("start"))))
    seen = set()
    for kind, key in (("theme", "themes"), ("instrument", "instruments")):
        for t in record.get(key) or []:
            tag = t.get("id") if isinstance(t, dict) else t
            if not tag:
                continue
            paras = (t.get("paragraphs") if isinstance(t, dict) else None) or [-1]
            for p in paras:
                k = (kind, str(tag), _int(p))
                if k[2] is None or k in seen:
                    continue
                seen.add(k)
                rows.tags.append((did, kind, str(tag), k[2]))
    return rows


@dataclass
class ZaakRows:
    id: str
    content_hash: str
    row: tuple
    actors: list[tuple] = field(default_factory=list)
    changed: str | None = None  # ApiGewijzigdOp: when Tweede Kamer open data last changed it


def zaak_rows(zaak: dict, name: str | None = None) -> ZaakRows:
    """A Tweede Kamer Zaak (OData JSON) -> its rows; the kst id of its current document links it to the motion,
    "(t.v.v. 19637-3370)" in its Onderwerp or its VervangenVanuit relation to the motion it replaces."""
    from kamerspoor.store.tk import zaak_fields

    f = zaak_fields(zaak, name=name)
    digest = content_hash(zaak)
    row = (f["id"], f["nummer"], f["soort"], f["titel"], f["onderwerp"], f["gestart_op"], f["vergaderjaar"],
           f["kabinetsappreciatie"], f["document_id"], replaced_in_subject(f["onderwerp"]), f["replaces_zaak"],
           1 if f["verwijderd"] else 0, digest, canonical_json(zaak))
    actors = [(f["id"], i, naam, fractie, relatie) for i, (naam, fractie, relatie) in enumerate(f["indieners"])]
    changed = zaak.get("ApiGewijzigdOp")
    return ZaakRows(f["id"], digest, row, actors, changed if isinstance(changed, str) else None)


def vote_rows(path: str) -> list[tuple]:
    """The votes summary file (one entry per motion Zaak) -> rows of the votes table."""
    from kamerspoor.store.tk import votes_summary

    return [(v["zaak_nummer"], v["zaak_id"], v["date"], v["result"], v["besluit_soort"], v["voor"], v["tegen"],
             v["niet_deelgenomen"], canonical_json(v["record"])) for v in votes_summary(path)]
