"""How documents point at each other: official ids, due dates, replaced motions.

Links are stored as the official id they name (``kst-<dossier>-<number>``), never as a row id, so a letter
that arrives before the motion it answers is linked the moment the motion arrives (the join finds it), and
a new version of a document keeps every link to it. The only link that needs work after both ends are in
the store is an answer that names its motion by its submitters alone ("de motie van het lid Van Dijk");
``kamerspoor.ingest.links`` settles those after every ingest run.
"""

from __future__ import annotations

import calendar
import re

# the identifiers of Kamerstukken have one home (kamerspoor.rules.identifiers); the store names them here
from kamerspoor.rules.identifiers import kst_id, norm_dossier, parse_kst_id
from kamerspoor.rules.motion_phrases import REPLACES_TVV

__all__ = ["answered_motions", "due_by", "kst_id", "norm_dossier", "parse_kst_id", "pick_motion",
           "replaced_in_subject", "surname_key"]



def answered_motions(answers: object) -> set[str]:
    """The kst ids of the motions a commitment is made in answer to. The record gives them as a list of
    ``{"dossier", "number"}`` (or ids), or as one object ``{"motion": "99901-11", "motions": [...]}`` (the
    extract stage's shape, next to ``"party"``); None or anything else names no motion."""
    items = answers if isinstance(answers, list) else [answers]
    out: set[str] = set()
    for x in items:
        if isinstance(x, dict):
            if x.get("dossier") is not None:
                out.add(kst_id(x.get("dossier"), x.get("number")) or "")
            named: list = x["motions"] if isinstance(x.get("motions"), list) else []
            out |= answered_motions([*named, *([x["motion"]] if x.get("motion") else [])])
        elif isinstance(x, str):
            parsed = parse_kst_id(x)
            if parsed:
                out.add(kst_id(*parsed) or "")
    out.discard("")
    return out


def due_by(due: str | None) -> str | None:
    """The last day a commitment may be kept: ``"2020"`` -> ``"2020-12-31"``, ``"2020-07"`` -> ``"2020-07-31"``."""
    if not due:
        return None
    due = str(due)
    if re.fullmatch(r"\d{4}", due):
        return f"{due}-12-31"
    m = re.fullmatch(r"(\d{4})-(\d{2})", due)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12:
            return f"{due}-{calendar.monthrange(y, mo)[1]:02d}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", due):
        return due
    return None


def replaced_in_subject(onderwerp: str | None) -> str | None:
    """A Zaak's Onderwerp names the motion a gewijzigde motie replaces: "... (t.v.v. 19637-3370)"."""
    if not onderwerp:
        return None
    m = REPLACES_TVV.search(onderwerp)
    return kst_id(m.group("dossier"), m.group("number")) if m else None


def surname_key(name: str) -> str:
    """Compare names as cited: "het lid Van der Lee" and "Van der Lee" and "T. van der Lee" -> "van der lee"."""
    n = re.sub(r"^(?:[A-Z]\.\s*)+", "", name.strip())
    return re.sub(r"\s+", " ", n).lower()
