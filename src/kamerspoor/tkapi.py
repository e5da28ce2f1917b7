"""Tweede Kamer open data (gegevensmagazijn): Zaak records and motion votes, read from files.

- ``read_zaak(path_or_dict) -> Zaak``: an OData ``Zaak`` (Soort "Motie") with expanded ``Document``
  (``HuidigeDocumentVersie.ExterneIdentifier`` = the kst id), optional ``ZaakActor`` (indieners) and
  ``VervangenVanuit``, and ``Kabinetsappreciatie``.
- ``read_votes_summary(path) -> {Zaak nummer: Stemmingsuitslag}``: the outcome and vote totals per Zaak.
- ``motion_votes(corpus_dir) -> {kst id: {...}}``: kst id -> Zaak -> vote, for a corpus directory holding
  ``zaken/*.json`` and ``votes/motion_votes_summary.json``.

Dutch nouns are kept (Zaak, Stemmingsuitslag, Kabinetsappreciatie); controlled vocabularies are enums.
The votes summary is a third party's sums: ``kamerspoor.tkvotes.summary_result`` checks one (complete, or
contradicting itself); the Kamer's own Stemming rows are read by ``kamerspoor.tkvotes``, persons and parties by
``kamerspoor.tkpersons``, cabinet letters by ``kamerspoor.tkletters``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from kamerspoor.model import InputError, Kind
from kamerspoor.rules import kinds
from kamerspoor.rules.motion_phrases import REPLACES_TVV

VOTES_FILE = Path("votes") / "motion_votes_summary.json"
ZAKEN_DIR = Path("zaken")


class Kabinetsappreciatie(StrEnum):
    """The cabinet's advice on a motion before the vote (Zaak.Kabinetsappreciatie, since 2019)."""

    OORDEEL_KAMER = "Oordeel Kamer"
    ONTRADEN = "Ontraden"
    ONTRADEN_TENZIJ_GEWIJZIGD = "Ontraden, tenzij gewijzigd"
    OVERGENOMEN = "Overgenomen"
    OVERBODIG = "Overbodig"
    ONTIJDIG = "Ontijdig"
    AANHOUDEN = "Verzocht motie aan te houden"
    GEEN = "Geen (expliciete) appreciatie"
    NIET_BESCHIKBAAR = "Niet beschikbaar bij gewijzigde moties en/of amendementen"
    NOG_TE_ONTVANGEN = "Nog te ontvangen"
    NOG_NIET_BEKEND = "Nog niet bekend"


class Uitslag(StrEnum):
    """Outcome of the vote on a motion (from Besluit.BesluitSoort "Stemmen - aangenomen" etc.)."""

    AANGENOMEN = "aangenomen"
    VERWORPEN = "verworpen"
    NIET_AANGENOMEN = "niet aangenomen"  # a tie in a vote that decides: not adopted
    GESTAAKT = "gestaakt"  # a tie: the vote is held again at the next sitting
    AANGEHOUDEN = "aangehouden"  # held: the submitter postponed the vote
    UITGESTELD = "uitgesteld"  # the vote was postponed by the Kamer
    INGETROKKEN = "ingetrokken"  # withdrawn by the submitter

    @property
    def adopted(self) -> bool:
        return self is Uitslag.AANGENOMEN


_UITSLAG_WORDS = {
    "aangenomen": Uitslag.AANGENOMEN,
    "verworpen": Uitslag.VERWORPEN,
    "niet aangenomen": Uitslag.NIET_AANGENOMEN,
    "gestaakt": Uitslag.GESTAAKT,
    "staken": Uitslag.GESTAAKT,
    "aangehouden": Uitslag.AANGEHOUDEN,
    "aanhouden": Uitslag.AANGEHOUDEN,
    "uitgesteld": Uitslag.UITGESTELD,
    "uitstellen": Uitslag.UITGESTELD,
    "ingetrokken": Uitslag.INGETROKKEN,
    "intrekken": Uitslag.INGETROKKEN,
}


def uitslag(besluit_soort: str | None) -> Uitslag | None:
    """"Stemmen - aangenomen" -> Uitslag.AANGENOMEN; None when the text names no known outcome."""
    if not besluit_soort:
        return None
    text = besluit_soort.lower()
    text = text.split(" - ", 1)[1] if " - " in text else text
    text = text.strip().rstrip(".")
    if text in _UITSLAG_WORDS:
        return _UITSLAG_WORDS[text]
    for word, value in sorted(_UITSLAG_WORDS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{word}\b", text):
            return value
    return None


@dataclass
class ZaakActor:
    naam: str | None
    fractie: str | None = None
    relatie: str | None = None  # "Indiener", "Medeindiener", ...


@dataclass
class ZaakDocument:
    id: str | None
    soort: str | None  # "Motie", "Motie (gewijzigd/nader)"
    nummer: str | None  # DocumentNummer, "2025D06779"
    datum: date | None
    kst_id: str | None  # HuidigeDocumentVersie.ExterneIdentifier, "kst-19637-3384"


@dataclass
class Zaak:
    id: str | None
    nummer: str  # "2025Z02986"
    soort: str | None = None  # "Motie"
    titel: str | None = None  # the dossier title ("Vreemdelingenbeleid")
    onderwerp: str | None = None  # "Gewijzigde motie van het lid Podt c.s. over ... (t.v.v. 19637-3370)"
    kabinetsappreciatie: Kabinetsappreciatie | str | None = None  # unknown values kept as written
    gestart_op: date | None = None
    vergaderjaar: str | None = None  # "2024-2025"
    volgnummer: int | None = None
    afgedaan: bool | None = None
    verwijderd: bool = False
    documents: list[ZaakDocument] = field(default_factory=list)
    indieners: list[ZaakActor] = field(default_factory=list)
    vervangen_vanuit: list[str] = field(default_factory=list)  # Zaak ids or nummers it replaces

    @property
    def kst_ids(self) -> list[str]:
        return [d.kst_id for d in self.documents if d.kst_id]


@dataclass
class Stemmingsuitslag:
    zaak_nummer: str
    uitslag: Uitslag | None  # None: the file names an outcome we do not know (see besluit_soort)
    besluit_soort: str | None  # as written: "Stemmen - verworpen"
    voor: int | None = None
    tegen: int | None = None
    niet_deelgenomen: int | None = None
    zaak_id: str | None = None
    datum: date | None = None
    fracties: int | None = None  # vote lines (one per fractie) counted
    issues: list[str] = field(default_factory=list)  # notes of the file's compiler ("vote_dedup:removed_1")

    def to_dict(self) -> dict:
        d = asdict(self)
        d["uitslag"] = self.uitslag.value if self.uitslag else None
        d["datum"] = self.datum.isoformat() if self.datum else None
        return d


# -- reading -------------------------------------------------------------------------------------------------

def _date(value, where: str | None) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InputError(where, f"date is not a string: {value!r}")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(where, f"not a date: {value!r}") from None


def _int(value, where: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InputError(where, f"{name} is not a number: {value!r}")
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise InputError(where, f"{name} is not a number: {value!r}") from None


def odata_str(value: Any) -> str | None:
    """An OData field as text: stripped, None when missing or blank (the readers of every entity use it)."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def odata_day(value: Any) -> date | None:
    """An OData date or timestamp field as a date; None when missing or not a date."""
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


_str = odata_str


def load_json(path: str | Path) -> Any:
    """The JSON value of an OData file; InputError naming the file when it cannot be read or is not JSON."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(str(path), f"cannot read file: {e.strerror or e}") from None
    try:
        return json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        line = getattr(e, "lineno", None)
        raise InputError(str(path), f"not valid JSON: {getattr(e, 'msg', e)}", line) from None


def _list(value, where: str | None, name: str) -> list:
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list):
        raise InputError(where, f"{name} is neither an object nor a list")
    return value


def _kabinetsappreciatie(value) -> Kabinetsappreciatie | str | None:
    value = _str(value)
    if value is None:
        return None
    try:
        return Kabinetsappreciatie(value)
    except ValueError:
        return value


def read_zaak(source: str | Path | dict, *, name: str | None = None) -> Zaak:
    """One OData Zaak record (a file path or an already parsed dict) -> Zaak.

    Raises InputError naming the file when the JSON is bad or the record has no Nummer.
    """
    if isinstance(source, dict):
        record, where = source, name
    else:
        where = str(source)
        record = load_json(source)
    if not isinstance(record, dict):
        raise InputError(where, "a Zaak record must be a JSON object")
    nummer = _str(record.get("Nummer"))
    if not nummer:
        raise InputError(where, "Zaak record has no Nummer")

    documents = []
    for doc in _list(record.get("Document"), where, "Document"):
        if not isinstance(doc, dict):
            raise InputError(where, "Document entry is not an object")
        versie = doc.get("HuidigeDocumentVersie") or {}
        if not isinstance(versie, dict):
            raise InputError(where, "HuidigeDocumentVersie is not an object")
        kst = _str(versie.get("ExterneIdentifier"))
        if not kst:  # fall back on the publication identifiers
            for pub in _list(versie.get("DocumentPublicatie"), where, "DocumentPublicatie"):
                if isinstance(pub, dict) and _str(pub.get("Identifier")):
                    kst = _str(pub.get("Identifier"))
                    break
        documents.append(ZaakDocument(
            id=_str(doc.get("Id")), soort=_str(doc.get("Soort")), nummer=_str(doc.get("DocumentNummer")),
            datum=_date(doc.get("Datum"), where), kst_id=kst,
        ))

    indieners = []
    for actor in _list(record.get("ZaakActor"), where, "ZaakActor"):
        if not isinstance(actor, dict):
            continue
        indieners.append(ZaakActor(
            naam=_str(actor.get("ActorNaam")), fractie=_str(actor.get("ActorFractie")),
            relatie=_str(actor.get("Relatie")),
        ))

    vervangen = []
    for item in _list(record.get("VervangenVanuit"), where, "VervangenVanuit"):
        if isinstance(item, dict):
            ref = _str(item.get("Nummer")) or _str(item.get("Id"))
        else:
            ref = _str(item)
        if ref:
            vervangen.append(ref)
    if replaced_id := _str(record.get("VervangenVanuit_Id")):
        vervangen.append(replaced_id)

    return Zaak(
        id=_str(record.get("Id")),
        nummer=nummer,
        soort=_str(record.get("Soort")),
        titel=_str(record.get("Titel")),
        onderwerp=_str(record.get("Onderwerp")),
        kabinetsappreciatie=_kabinetsappreciatie(record.get("Kabinetsappreciatie")),
        gestart_op=_date(record.get("GestartOp"), where),
        vergaderjaar=_str(record.get("Vergaderjaar")),
        volgnummer=_int(record.get("Volgnummer"), where, "Volgnummer"),
        afgedaan=record.get("Afgedaan") if isinstance(record.get("Afgedaan"), bool) else None,
        verwijderd=bool(record.get("Verwijderd")),
        documents=documents,
        indieners=indieners,
        vervangen_vanuit=vervangen,
    )


def read_votes_summary(path: str | Path) -> dict[str, Stemmingsuitslag]:
    """The votes summary (a JSON list, one entry per Zaak) -> {Zaak nummer: Stemmingsuitslag}."""
    where = str(path)
    data = load_json(path)
    if isinstance(data, dict):  # tolerate {"motions": [...]} style wrappers
        data = next((v for v in data.values() if isinstance(v, list)), None)
    if not isinstance(data, list):
        raise InputError(where, "votes summary must be a JSON list of entries")
    out: dict[str, Stemmingsuitslag] = {}
    for i, entry in enumerate(data):
        if not isinstance(entry, dict):
            raise InputError(where, f"entry {i} is not an object")
        nummer = _str(entry.get("motion_number"))
        if not nummer:
            raise InputError(where, f"entry {i} has no motion_number")
        totals = entry.get("vote_totals") or {}
        if not isinstance(totals, dict):
            raise InputError(where, f"entry {i} ({nummer}): vote_totals is not an object")
        soort = _str(entry.get("final_status"))
        issues = [s for s in (_str(entry.get("issues_joined")) or "").split(";") if s.strip()]
        out[nummer] = Stemmingsuitslag(
            zaak_nummer=nummer,
            uitslag=uitslag(soort),
            besluit_soort=soort,
            voor=_int(totals.get("Voor"), where, f"entry {i} Voor"),
            tegen=_int(totals.get("Tegen"), where, f"entry {i} Tegen"),
            niet_deelgenomen=_int(totals.get("Niet deelgenomen"), where, f"entry {i} Niet deelgenomen"),
            zaak_id=_str(entry.get("motion_id")),
            datum=_date(entry.get("motion_date"), where),
            fracties=_int(entry.get("vote_count"), where, f"entry {i} vote_count"),
            issues=[s.strip() for s in issues],
        )
    return out


def replaced_motion(onderwerp: str | None) -> dict | None:
    """"Gewijzigde motie van het lid Podt c.s. over ... (t.v.v. 19637-3370)" -> {"dossier": "19637",
    "number": 3370}: the motion a modified motion replaces, as the Zaak names it."""
    m = REPLACES_TVV.search(onderwerp or "")
    return {"dossier": m.group("dossier"), "number": int(m.group("number"))} if m else None


def read_zaken(paths: Iterable[str | Path]) -> list[Zaak]:
    return [read_zaak(p) for p in paths]


def motion_votes(corpus_dir: str | Path) -> dict[str, dict]:
    """kst id -> {"zaak": nummer, "zaak_id", "soort", "onderwerp", "kabinetsappreciatie", "gestart_op",
    "vergaderjaar", "document_soort", "replaces": {"dossier", "number"} | None, "vote": {...} | None} for every Zaak in ``corpus_dir/zaken``.

    ``vote`` is ``Stemmingsuitslag.to_dict()`` when ``corpus_dir/votes/motion_votes_summary.json`` has the
    Zaak, else None. A deleted Zaak (Verwijderd) is skipped.
    """
    root = Path(corpus_dir)
    zaken_dir = root / ZAKEN_DIR
    if not zaken_dir.is_dir():
        raise InputError(str(zaken_dir), "no zaken directory (expected zaken/*.json)")
    votes_path = root / VOTES_FILE
    votes = read_votes_summary(votes_path) if votes_path.is_file() else {}
    out: dict[str, dict] = {}
    for path in sorted(zaken_dir.glob("*.json")):
        zaak = read_zaak(path)
        if zaak.verwijderd:
            continue
        vote = votes.get(zaak.nummer)
        # the motion's own documents; a letter filed under the same Zaak is not the motion
        own = [d for d in zaak.documents if d.soort and kinds.from_type(d.soort) is Kind.MOTIE]
        for doc in own or zaak.documents:
            if not doc.kst_id:
                continue
            out[doc.kst_id] = {
                "zaak": zaak.nummer,
                "zaak_id": zaak.id,
                "soort": zaak.soort,
                "document_soort": doc.soort,
                "onderwerp": zaak.onderwerp,
                "kabinetsappreciatie": str(zaak.kabinetsappreciatie) if zaak.kabinetsappreciatie else None,
                "gestart_op": zaak.gestart_op.isoformat() if zaak.gestart_op else None,
                "vergaderjaar": zaak.vergaderjaar,
                "replaces": replaced_motion(zaak.onderwerp),
                "vote": vote.to_dict() if vote else None,
            }
    return out
