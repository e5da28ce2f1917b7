"""Tweede Kamer open data beyond the Zaak -> rows for the store: Stemming rows and their Besluit, the vote counted
from them, Persoon / Fractie / FractieZetelPersoon, and cabinet letters known from their Document record.

Pure and picklable, like :mod:`kamerspoor.store.rows`: ingest makes these rows in worker processes from what
:mod:`kamerspoor.tkvotes`, :mod:`kamerspoor.tkpersons` and :mod:`kamerspoor.tkletters` read, and the store only
writes them.

A letter known from its Document record alone becomes a document without text (a *placeholder*): an analysis
record with the letter's subject as title, its date, session year and kind, and no text; its id is the kst id
when the record gives one (``HuidigeDocumentVersie.ExterneIdentifier``), else ``tk-<DocumentNummer>`` until the
store can tell its kst id. ``kamerspoor fetch`` of that kst id later replaces the placeholder (same id, another
content hash), and the letter's metadata and links, kept in tables of their own, stay.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from kamerspoor import tkletters, tkpersons, tkvotes
from kamerspoor.record import Document, Kind, Record, TextWarning
from kamerspoor.rules import identifiers, kinds
from kamerspoor.store.rows import DocumentRows, canonical_json, content_hash, document_rows

TEXT_NOT_IN_STORE = "text_not_in_store"  # the warning kind of a placeholder's record


# -- persons and parties -------------------------------------------------------------------------------------

@dataclass
class PersonRows:
    personen: list[tuple] = field(default_factory=list)  # (id, achternaam, tussenvoegsel, initialen, roepnaam, ...)
    fracties: list[tuple] = field(default_factory=list)  # (id, afkorting, naam, zetels, actief_van, actief_tot)
    namen: list[tuple] = field(default_factory=list)  # (fractie_id, naam, sleutel)
    lidmaatschappen: list[tuple] = field(default_factory=list)  # (id, persoon_id, fractie_id, fractie, van, tot)
    unlinked: int = 0  # FractieZetelPersoon records without the links to say whose seat or which party

    def __len__(self) -> int:
        return len(self.personen) + len(self.fracties) + len(self.lidmaatschappen)


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def person_rows(personen: Iterable[tkpersons.Persoon] = (), fracties: Iterable[tkpersons.Fractie] = (),
                lidmaatschappen: Iterable[tuple[str, tkpersons.Lidmaatschap]] = (), unlinked: int = 0) -> PersonRows:
    """Rows for persons, parties (with every name they go by) and memberships given as (record id, period)."""
    out = PersonRows(unlinked=unlinked)
    out.personen = [(p.id, p.achternaam, p.tussenvoegsel, p.initialen, p.roepnaam, p.voornamen, p.functie, p.nummer)
                    for p in {p.id: p for p in personen}.values()]
    names: dict[tuple[str, str], tuple] = {}
    for f in {f.id: f for f in fracties}.values():
        out.fracties.append((f.id, f.afkorting, f.naam, f.zetels, _iso(f.actief_van), _iso(f.actief_tot)))
        for n in (f.afkorting, f.naam, *sorted(f.aliases)):
            if n and tkpersons.fold(n):
                names.setdefault((f.id, tkpersons.fold(n)), (f.id, n, tkpersons.fold(n)))
    out.namen = list(names.values())
    out.lidmaatschappen = [(rid, m.persoon_id, m.fractie_id, m.fractie, _iso(m.van), _iso(m.tot))
                           for rid, m in lidmaatschappen if m.fractie_id]
    return out


def read_person_records(records: list[dict], where: str | None = None) -> PersonRows:
    """Persoon, Fractie and FractieZetelPersoon records (any mix, as a page or one per file) -> rows. Which is
    which: a Persoon has an Achternaam, a Fractie an AantalZetels or NaamNL, a FractieZetelPersoon Van/Functie."""
    personen, fracties, zetels = [], [], []
    for r in records:
        if not isinstance(r, dict) or r.get("Verwijderd") is True:
            continue
        if "Achternaam" in r:
            personen.append(tkpersons.read_persoon(r, where))
        elif "NaamNL" in r or "AantalZetels" in r:
            fracties.append(tkpersons.read_fractie(r, where))
        elif "Van" in r or "FractieZetel" in r or "FractieZetel_Id" in r:
            zetels.append(r)
    periods, unlinked = tkpersons.read_fractiezetelpersonen(zetels)
    linked = [r for r in zetels if _linked(r)]
    return person_rows(personen, fracties, [(str(r["Id"]).lower(), m) for r, m in zip(linked, periods, strict=True)],
                       unlinked)


def _linked(r: dict) -> bool:
    zetel: dict = r["FractieZetel"] if isinstance(r.get("FractieZetel"), dict) else {}
    fractie: dict = zetel["Fractie"] if isinstance(zetel.get("Fractie"), dict) else {}
    persoon = r.get("Persoon_Id") or (r["Persoon"].get("Id") if isinstance(r.get("Persoon"), dict) else None)
    return bool(str(persoon or "").strip() and str(zetel.get("Fractie_Id") or fractie.get("Id") or "").strip())


# -- Stemming rows and their Besluit ---------------------------------------------------------------------------

@dataclass
class StemmingRows:
    stemmingen: list[tuple] = field(default_factory=list)  # the stemmingen table's columns, one per row
    besluiten: list[tuple] = field(default_factory=list)  # (id, zaak_id, zaak_nummer, zaken_exact, agendapunt_id,
    #                                                         besluit_soort, besluit_tekst, stemmings_soort, zaak_how)
    persons: PersonRows = field(default_factory=PersonRows)

    @property
    def ids(self) -> list[str]:
        return [r[0] for r in self.stemmingen]


def _besluit_row(b: tkvotes.Besluit) -> tuple:
    z = b.zaak
    how = None if z is None else "Besluit.Zaak" if b.zaken_exact else "place" if b.by_place else "agendapunt"
    return (b.id, z.id if z else None, z.nummer if z else None, int(b.zaken_exact and z is not None), b.agendapunt_id,
            b.besluit_soort, b.besluit_tekst, b.stemmings_soort, how)


def stemming_rows(pairs: Iterable[tuple[tkvotes.Stemming, tkvotes.Besluit | None]],
                  besluiten: Iterable[tkvotes.Besluit] = (), persons: PersonRows | None = None) -> StemmingRows:
    """Stemming rows (each with its expanded Besluit, or None) and Besluiten -> rows; a row marked Verwijderd
    is left out, a row read twice is kept once."""
    out = StemmingRows(persons=persons or PersonRows())
    rows: dict[str, tuple] = {}
    found: dict[str, tuple] = {b.id: _besluit_row(b) for b in besluiten}
    for s, b in pairs:
        if b is not None:
            found.setdefault(b.id, _besluit_row(b))
        if s.verwijderd or not s.besluit_id:
            continue
        rows.setdefault(s.id, (s.id, s.besluit_id, s.soort, s.actor_naam, s.actor_fractie, s.fractie_grootte,
                               s.persoon_id, s.sid_actor_lid, s.fractie_id, int(s.vergissing), _iso(s.datum)))
    out.stemmingen = list(rows.values())
    out.besluiten = list(found.values())
    return out


def read_besluit_votes(besluit: dict, zaak: tkvotes.ZaakRef | None = None,
                       where: str | None = None) -> tuple[tkvotes.Besluit, list[tkvotes.Stemming]]:
    """An OData Besluit with its ``Stemming`` rows expanded (``kamerspoor sync``'s ``tk/Besluit`` files, and the
    Besluiten inside a synced Zaak, which then decide that Zaak exactly) -> the Besluit and its rows."""
    b = tkvotes.read_besluit(besluit, where)
    if zaak is not None:
        b = replace(b, zaken=(zaak,), zaken_exact=True)
    rows = besluit["Stemming"] if isinstance(besluit.get("Stemming"), list) else []
    return b, [tkvotes.read_stemming({**r, "Besluit_Id": b.id}, where)[0] for r in rows if isinstance(r, dict)]


def stemming_from_row(r: dict) -> tkvotes.Stemming:
    """A stored stemmingen row -> the Stemming it was made from."""
    return tkvotes.Stemming(id=r["id"], besluit_id=r["besluit_id"], soort=r["soort"], actor_naam=r["actor_naam"],
                            actor_fractie=r["actor_fractie"], fractie_grootte=r["fractie_grootte"],
                            persoon_id=r["persoon_id"], sid_actor_lid=r["sid_actor_lid"], fractie_id=r["fractie_id"],
                            vergissing=bool(r["vergissing"]),
                            datum=date.fromisoformat(r["datum"]) if r["datum"] else None)


def besluit_from_row(r: dict) -> tkvotes.Besluit:
    """A stored besluiten row -> the Besluit (with the one Zaak it decides, when known)."""
    zaak = (tkvotes.ZaakRef(id=r["zaak_id"], nummer=r["zaak_nummer"]),) if r["zaak_id"] or r["zaak_nummer"] else ()
    return tkvotes.Besluit(id=r["id"], besluit_soort=r["besluit_soort"], besluit_tekst=r["besluit_tekst"],
                           stemmings_soort=r["stemmings_soort"], agendapunt_id=r["agendapunt_id"], zaken=zaak,
                           zaken_exact=bool(r["zaken_exact"]), by_place=r.get("zaak_how") == "place")


# -- the vote counted ------------------------------------------------------------------------------------------

@dataclass
class VoteRows:
    besluit_id: str
    vote: tuple  # (date, result, hoofdelijk, voor, tegen, niet_deelgenomen, seats, kamer_size, complete, status,
    #               contradictions, notes, mistakes)
    fracties: list[tuple] = field(default_factory=list)
    leden: list[tuple] = field(default_factory=list)


def vote_rows(result: tkvotes.VoteResult, day: str | None) -> VoteRows:
    """A vote counted by :func:`kamerspoor.tkvotes.vote_result` -> the besluiten columns and party and member rows."""
    t = result.totals
    vote = (day, result.uitslag.value if result.uitslag else None, int(result.hoofdelijk), t.get(tkvotes.VOOR, 0),
            t.get(tkvotes.TEGEN, 0), t.get(tkvotes.NIET_DEELGENOMEN, 0), result.seats, result.kamer_size,
            int(result.complete), result.status, _j(result.contradictions), _j(result.notes), _j(result.mistakes))
    bid = str(result.besluit_id)
    fracties = [(bid, i, p.fractie, p.fractie_id, p.votes.get(tkvotes.VOOR, 0), p.votes.get(tkvotes.TEGEN, 0),
                 p.votes.get(tkvotes.NIET_DEELGENOMEN, 0), int(p.by_members), int(p.vergissing))
                for i, p in enumerate(result.parties)]
    leden = [(bid, i, m.naam, m.fractie, m.soort, m.persoon_id, int(m.vergissing)) for i, m in enumerate(result.members)]
    return VoteRows(bid, vote, fracties, leden)


def _j(v: object) -> str:
    return json.dumps(v, ensure_ascii=False)


# -- cabinet letters -------------------------------------------------------------------------------------------

@dataclass
class LetterRows:
    doc_id: str
    letter: tuple  # the letters table's columns without placeholder_hash
    placeholder: DocumentRows  # the document without text
    links: list[tuple] = field(default_factory=list)  # (letter_id, idx, motion_id, how, relation, members, about,
    #                                                     mention)


def letter_id(kst_id: str | None, nummer: str | None, tk_id: str) -> str:
    """The document id of a letter: its kst id, else tk-<DocumentNummer> (else tk-<the Document's Id>)."""
    return kst_id or f"tk-{nummer or tk_id}"


def placeholder(doc_id: str, brief: tkletters.Brief, dossier: str | None = None, number: int | None = None,
                source: str | None = None) -> DocumentRows:
    """The document a letter is while its text is not in the store."""
    kind = kinds.refine(Kind.BRIEF.value, [brief.onderwerp]) or Kind.BRIEF.value
    doc = Document(id=doc_id, dossier=dossier, number=number, session_year=brief.vergaderjaar, kind=Kind(kind),
                   title=brief.onderwerp or brief.titel, date=brief.datum.isoformat() if brief.datum else None)
    note = (f"Tweede Kamer open data: Document {brief.nummer or brief.id} (Brief regering); only its metadata is "
            "in the store, not its text")
    return document_rows(Record(document=doc, text="", warnings=[TextWarning(TEXT_NOT_IN_STORE, note)]), source)


def letter_rows(brief: tkletters.Brief, record: dict, source: str | None = None, kst_id: str | None = None,
                kst_how: str | None = None) -> LetterRows:
    """A cabinet letter from its Document record -> its metadata, the placeholder document and the motions its
    subject names (by number, t.v.v., or by member and subject: matched to a Zaak by the store's links later).
    ``kst_id``: its kst id found otherwise (``kst_how``), when the record does not give one."""
    kst, how = (brief.kst_id, "record") if brief.kst_id else (kst_id, kst_how if kst_id else None)
    did = letter_id(kst, brief.nummer, brief.id)
    parsed = identifiers.parse_kst_id(kst) if kst else None
    dossier, number = parsed if parsed else (None, None)
    doc = placeholder(did, brief, dossier, number if isinstance(number, int) else None, source=source)
    letter = (did, brief.id, brief.nummer, brief.onderwerp, brief.titel, _iso(brief.datum), brief.vergaderjaar,
              brief.volgnummer, kst, how, int(brief.advice), content_hash(record), canonical_json(record))
    links = []
    for i, m in enumerate(brief.subject.motions):
        how = "member_subject" if m.how == "member_subject" else "tvv" if m.replaced else "number"
        links.append((did, i, m.kst_id, how, m.relation, _j(list(m.members)), m.about, m.text))
    return LetterRows(did, letter, doc, links)
