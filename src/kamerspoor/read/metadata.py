"""The record's ``document`` fields from what a structured source states about itself (XML and HTML).

Two kinds of statement, and the metadata wins where both say something:

- the ``<meta>`` fields of the publication (officielebekendmakingen's OVERHEIDop/DC/DCTERMS fields, in the
  XML itself, in a ``metadata.xml`` beside it, or in the HTML page's head): :func:`collect_metas`;
- what the document's own elements say (kop, dossier, stuknummer, title, dagtekening, the names under a
  letter): a :class:`Stated`, filled by the reader of the format.

:func:`document_fields` turns both into the fields, one small stage per field group: identity (kst-id,
dossier, number), session, kind and title, date, submitters, dossier title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kamerspoor.model import Kind
from kamerspoor.rules import kinds
from kamerspoor.rules.identifiers import kst_id
from kamerspoor.rules.person_names import surname

#: name -> the values of every ``<meta>`` with that name, in document order
Metas = dict[str, list[str]]

_KAMERSTUKTYPE = "DC.type@OVERHEIDop.KamerstukTypen"
_KST_ID = re.compile(r"\b(kst-\d+(?:-[0-9A-Za-z]+)*-\d+[a-z]?)\b")
_SESSION = re.compile(r"(\d{4})\s*[-–—/]\s*(\d{4})")
_DIGITS = re.compile(r"\d+")
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass(slots=True)
class Stated:
    """What a document's own elements say about it (beside its metadata)."""

    dossier: str | None = None
    number: int | None = None
    title: str | None = None
    session_year: str | None = None
    date: str | None = None           # a date in the document (datumtekst), else the first dagtekening
    letter_date: str | None = None    # the date under "Den Haag," in a letter's <dagtekening>
    dossier_title: str | None = None
    signatories: list[str] = field(default_factory=list)  # the names under a letter (ondertekening)


def collect_metas(metas: Iterable[Any]) -> Metas:
    """The ``name`` (or ``property``) and ``content`` of ``<meta>`` elements; a DC.type in the scheme
    OVERHEIDop.KamerstukTypen is kept apart as the Kamerstuk's type."""
    out: Metas = {}
    for m in metas:
        name = m.get("name") or m.get("property")
        content = m.get("content")
        if not name or content is None:
            continue
        content = content.strip()
        out.setdefault(name, []).append(content)
        if name == "DC.type" and m.get("scheme") == "OVERHEIDop.KamerstukTypen":
            out.setdefault(_KAMERSTUKTYPE, []).append(content)
    return out


def document_fields(metas: Metas, stated: Stated) -> dict[str, Any]:
    """The record's document fields: what the metadata states, else what the document's own elements say."""
    md: dict[str, Any] = {}
    doc_id, dossier, number = _identity(metas, stated)
    if doc_id:
        md["id"] = doc_id
    if dossier:
        md["dossier"] = dossier
    if number is not None:
        md["number"] = number
    session = session_year(_first(metas, "OVERHEIDop.vergaderjaar")) or stated.session_year
    if session:
        md["session_year"] = session
    md.update(_kind_and_title(metas, stated))
    date = _date(metas, stated)
    if date:
        md["date"] = date
    md.update(_submitters(metas, stated))
    dossier_title = _first(metas, "OVERHEIDop.dossiertitel") or stated.dossier_title
    if dossier_title:
        md["dossier_title"] = dossier_title
    return md


def _identity(metas: Metas, stated: Stated) -> tuple[str | None, str | None, int | None]:
    """(kst-id, dossier, number): each from the metadata, else from the kst-id, else from the elements; a
    kst-id is built from the other two only when the elements name the dossier."""
    doc_id = _kst_id(metas)
    id_dossier = id_number = None
    if doc_id:
        id_dossier, _, nr = doc_id[4:].rpartition("-")
        id_number = _first_int(nr)
    dossier = _dossier(metas) or id_dossier or stated.dossier
    number = _first_int(_first(metas, "OVERHEIDop.ondernummer"))
    if number is None:
        number = id_number if id_number is not None else stated.number
    if not doc_id and dossier and number is not None and stated.dossier:
        doc_id = kst_id(dossier, number)
    return doc_id, dossier, number


def _kst_id(metas: Metas) -> str | None:
    """The kst-id the metadata states: DC.identifier when it is one, else one named in a link to the record."""
    doc_id = _first(metas, "DC.identifier")
    if doc_id and _KST_ID.fullmatch(doc_id):
        return doc_id
    for key in ("OVERHEIDop.externMetadataRecord", "DC.identifier", "canonical"):
        m = _KST_ID.search(" ".join(metas.get(key, ())))
        if m:
            return m.group(1)
    return None


def _dossier(metas: Metas) -> str | None:
    """OVERHEIDop.dossiernummer without spaces; of several, the first; "36455-(R2188)": the rijkswet number
    in brackets is not part of the dossier number."""
    dossier = _first(metas, "OVERHEIDop.dossiernummer")
    if not dossier:
        return None
    dossier = re.sub(r"\s+", "", re.split(r"[;,]", dossier)[0])
    return re.sub(r"-?\([^)]*\)", "", dossier).strip("-") or None


def _kind_and_title(metas: Metas, stated: Stated) -> dict[str, Any]:
    """``kind`` from the Kamerstuk's type, else from its title; ``title`` from the metadata, else the elements."""
    out: dict[str, Any] = {}
    title = _first(metas, "OVERHEIDop.documenttitel") or stated.title
    ktype = _first(metas, _KAMERSTUKTYPE)
    if ktype:
        out["kind"] = kind_from_type(ktype)
    elif stated.title or title:
        out["kind"] = kind_from_title(stated.title or title or "")
    if title:
        out["title"] = title
    return out


def _date(metas: Metas, stated: Stated) -> str | None:
    """A letter's own date (its dagtekening) comes before the day it was published (DCTERMS.issued)."""
    return (iso_date(_first(metas, "OVERHEIDop.datumBrief")) or iso_date(stated.letter_date)
            or iso_date(_first(metas, "DCTERMS.issued")) or iso_date(stated.date))


def _submitters(metas: Metas, stated: Stated) -> dict[str, Any]:
    """The indieners as the metadata writes them and their surnames; else the names under a letter."""
    indieners = [v for v in metas.get("OVERHEIDop.indiener", ()) if v]
    if indieners:
        return {"indieners_raw": indieners, "submitters": [surname(v) for v in indieners]}
    if stated.signatories:
        return {"submitters": [surname(v) for v in stated.signatories]}
    return {}


def _first(metas: Metas, key: str) -> str | None:
    for v in metas.get(key, ()):
        if v:
            return v
    return None


def _first_int(text: str | None) -> int | None:
    m = _DIGITS.search(text or "")
    return int(m.group()) if m else None


def session_year(text: str | None) -> str | None:
    """"2024-2025", "2024–2025", "2024/2025" -> "2024-2025"; None when there is no session in ``text``."""
    m = _SESSION.search(text or "")
    return f"{m.group(1)}-{m.group(2)}" if m else None


def iso_date(text: str | None) -> str | None:
    """The YYYY-MM-DD that ``text`` starts with ("2025-04-02T10:00:00" -> "2025-04-02"), else None."""
    m = _ISO_DATE.match(text or "")
    return m.group(1) if m else None


def kind_from_type(value: str) -> Kind:
    """OVERHEIDop.KamerstukTypen ("Motie", "Brief", "Nota naar aanleiding van het verslag", ...) -> Kind."""
    return kinds.from_type(value)


def kind_from_title(title: str) -> Kind:
    """The title of a Kamerstuk ("GEWIJZIGDE MOTIE VAN HET LID ...", "BRIEF VAN DE MINISTER ...") -> Kind."""
    return kinds.from_title(title)
