"""Tweede Kamer open-data records as the store needs them: a Zaak, the votes summary, the log of deletions.

Reading and validating them is ``kamerspoor.tkapi``'s job; this module only recognises such files and turns
tkapi's objects into the plain fields the store's rows are made of.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kamerspoor import tkapi


def is_zaak(obj: Any) -> bool:
    return isinstance(obj, dict) and "Nummer" in obj and "Soort" in obj


def is_votes_summary(obj: Any) -> bool:
    return (isinstance(obj, list) and bool(obj) and isinstance(obj[0], dict) and "motion_number" in obj[0]
            and ("vote_totals" in obj[0] or "final_status" in obj[0]))


def is_deletions(obj: Any) -> bool:
    """The log of deletions ``kamerspoor sync`` writes (``tk/deleted.jsonl``): ``{"entity", "id"}`` per line."""
    return (isinstance(obj, list) and bool(obj)
            and all(isinstance(x, dict) and "entity" in x and "id" in x and "document" not in x for x in obj))


def check_deletions(obj: Any, path: str | None = None) -> list[dict]:
    """The deletions of a log, each ``{"entity", "id", "ApiGewijzigdOp"}``; InputError naming the line otherwise."""
    from kamerspoor.model import InputError

    if not isinstance(obj, list):
        raise InputError(path, "a log of deletions must hold one JSON object per line")
    for i, d in enumerate(obj, 1):
        if not isinstance(d, dict):
            raise InputError(path, "not an object", i)
        for key in ("entity", "id"):
            if not isinstance(d.get(key), str) or not d[key].strip():
                raise InputError(path, f"deletion without {key!r}", i)
        stamp = d.get("ApiGewijzigdOp")
        if stamp is not None and not isinstance(stamp, str):
            raise InputError(path, "ApiGewijzigdOp must be a timestamp", i)
    return obj


def zaak_fields(zaak: dict, name: str | None = None) -> dict:
    """id, nummer, soort, titel, onderwerp, gestart_op, vergaderjaar, kabinetsappreciatie, document_id (the
    kst id of the motion document), replaces_zaak (a Zaak id or nummer it replaces), indieners."""
    z = tkapi.read_zaak(zaak, name=name)
    own = [d for d in z.documents if d.soort and d.soort.lower().startswith("motie")]
    kst = next((d.kst_id for d in own or z.documents if d.kst_id), None)
    return {
        "id": z.id or z.nummer,
        "nummer": z.nummer,
        "soort": z.soort,
        "titel": z.titel,
        "onderwerp": z.onderwerp,
        "gestart_op": z.gestart_op.isoformat() if z.gestart_op else None,
        "vergaderjaar": z.vergaderjaar,
        "kabinetsappreciatie": str(z.kabinetsappreciatie) if z.kabinetsappreciatie else None,
        "document_id": kst,
        "replaces_zaak": z.vervangen_vanuit[0] if z.vervangen_vanuit else None,
        "verwijderd": z.verwijderd,
        "indieners": [(a.naam, a.fractie, a.relatie) for a in z.indieners],
    }


def votes_summary(path: str | Path) -> list[dict]:
    """The votes summary file -> one dict per Zaak: zaak_nummer, zaak_id, date, result, besluit_soort, voor,
    tegen, niet_deelgenomen, record (tkapi's Stemmingsuitslag as a dict)."""
    out = []
    for nummer, s in tkapi.read_votes_summary(path).items():
        out.append({
            "zaak_nummer": nummer,
            "zaak_id": s.zaak_id,
            "date": s.datum.isoformat() if s.datum else None,
            "result": s.uitslag.value if s.uitslag else None,
            "besluit_soort": s.besluit_soort,
            "voor": s.voor,
            "tegen": s.tegen,
            "niet_deelgenomen": s.niet_deelgenomen,
            "record": s.to_dict(),
        })
    return out
