"""An analysis record (:class:`kamerspoor.record.Record`), a Zaak or a votes summary -> rows for the store's tables.

Pure Python and picklable, so ingest can prepare rows in worker processes (the search columns, with their
stems and compound parts, are the costly part) and the database connection only writes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kamerspoor.record import Commitment, Record
from kamerspoor.rules.dates import due_by
from kamerspoor.rules.identifiers import kst_id, norm_dossier
from kamerspoor.rules.motion_phrases import replaced_in_subject
from kamerspoor.store import dutch, owners


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(obj: Any) -> str:
    return hashlib.sha256(canonical_json(obj).encode("utf-8")).hexdigest()


def _j(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


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


def document_id(record: Record, source: str | None = None) -> str:
    """The record's official id (``kst-35207-32``), else one derived from the dossier and number, else from
    where it came from (or its content), so a new version of the same file replaces the old one."""
    doc = record.document
    if doc.id:
        return doc.id
    official = kst_id(doc.dossier, doc.number)
    if official:
        return official
    basis = source or record.canonical_json()
    return "doc-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def document_rows(record: Record, source: str | None = None, ingested_at: str = "") -> DocumentRows:
    """Rows for one analysis record (checked already: built by the pipeline or loaded by
    :func:`kamerspoor.record.from_json`). ``source`` is the file it was read from (for ids and the files
    table)."""
    doc = record.document
    did = document_id(record, source)
    record_json = record.canonical_json()
    digest = hashlib.sha256(record_json.encode("utf-8")).hexdigest()
    dossier = norm_dossier(doc.dossier)
    ministry = owners.of_document(doc.kind.value, doc.title, record.text, doc.date, dossier,
                                  [c.actor for c in record.commitments])
    rows = DocumentRows(
        id=did,
        content_hash=digest,
        document=(did, dossier, doc.number, doc.session_year, doc.kind.value, doc.title, doc.date,
                  _j(doc.submitters), source, digest, ministry),
        record_json=record_json,
    )
    rows.submitters = [(did, i, s) for i, s in enumerate(doc.submitters)]
    rows.sections = [(did, i, s.level, s.number, s.heading, s.start, s.end) for i, s in enumerate(record.sections)]
    rows.paragraphs = _paragraph_rows(did, record)
    rows.footnotes = [(did, i, f.marker, f.text, _j(f.urls), f.anchor) for i, f in enumerate(record.footnotes)]
    rows.citations = [(did, i, norm_dossier(r.dossier), r.number, kst_id(r.dossier, r.number), r.text, r.start)
                      for i, r in enumerate(record.references)]
    motion = record.motion
    if motion is not None:
        rep = motion.replaces
        rows.motion = (did, dossier, doc.number, motion.proposed, motion.debate, _j(motion.considerations),
                       _j(motion.requests), kst_id(rep.dossier, rep.number) if rep else None)
    rows.answers = [(did, i, norm_dossier(a.dossier), a.number, kst_id(a.dossier, a.number), _j(a.submitters),
                     a.stance.value, a.evidence, a.start, ministry) for i, a in enumerate(record.motions)]
    rows.party_positions = [(did, i, pp.party, pp.proposal, pp.stance.value, pp.evidence, pp.source_url)
                            for i, pp in enumerate(record.party_positions)]
    rows.commitments = [(did, i, c.text, c.actor, c.due, due_by(c.due), _value(c.kind), _value(c.status),
                         c.paragraph, _j(c.answers.to_dict() if c.answers else []), c.start,
                         owners.of_commitment(c.actor, doc.date, ministry), _context(record, c))
                        for i, c in enumerate(record.commitments)]
    rows.tags = _tag_rows(did, record)
    return rows


def _context(record: Record, c: Commitment) -> str | None:
    """The sentence before a commitment that refers back to it (see kamerspoor.rules.commitment_phrases.context)."""
    from kamerspoor.rules.commitment_phrases import context

    paragraphs = record.paragraphs
    p0 = paragraphs[c.paragraph].start if c.paragraph is not None and 0 <= c.paragraph < len(paragraphs) else None
    return context(record.text, c.start, c.start + len(c.text), p0)


def _value(v: StrEnum | None) -> str | None:
    return None if v is None else v.value


def _paragraph_rows(did: str, record: Record) -> list[tuple]:
    text = record.text
    out = []
    for i, p in enumerate(record.paragraphs):
        ptext = text[p.start:p.end]
        out.append((did, i, p.section, p.start, p.end, ptext, *dutch.index_columns(ptext)))
    return out


def _tag_rows(did: str, record: Record) -> list[tuple]:
    """One row per (kind, tag, paragraph); a tag found in no paragraph is kept with paragraph -1."""
    seen = set()
    out = []
    for kind, tags in (("theme", record.themes), ("instrument", record.instruments)):
        for t in tags:
            for p in t.paragraphs or [-1]:
                if (kind, t.id, p) not in seen:
                    seen.add((kind, t.id, p))
                    out.append((did, kind, t.id, p))
    return out


@dataclass
class ZaakRows:
    id: str
    content_hash: str
    row: tuple
    actors: list[tuple] = field(default_factory=list)
    changed: str | None = None  # ApiGewijzigdOp: when Tweede Kamer open data last changed it
    ministry: str | None = None  # kamerspoor.store.owners.of_zaak


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
    actor_records = zaak.get("ZaakActor") if isinstance(zaak.get("ZaakActor"), list) else None
    ministry = owners.of_zaak(actor_records, f["document_id"], f["titel"], f["gestart_op"])
    return ZaakRows(f["id"], digest, row, actors, changed if isinstance(changed, str) else None, ministry)


def vote_rows(summaries: dict) -> list[tuple]:
    """The votes summary as ``tkapi.read_votes_summary`` reads it (one entry per motion Zaak) -> rows of the
    votes table."""
    from kamerspoor.store.tk import vote_fields

    return [(v["zaak_nummer"], v["zaak_id"], v["date"], v["result"], v["besluit_soort"], v["voor"], v["tegen"],
             v["niet_deelgenomen"], canonical_json(v["record"]), v["seats"], v["status"],
             json.dumps(v["contradictions"], ensure_ascii=False)) for v in vote_fields(summaries)]
