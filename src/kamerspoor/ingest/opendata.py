"""Tweede Kamer open data beyond the Zaak: the handlers of Stemming rows, persons and parties, and cabinet
letters' Document records, and the links made after a run, once both ends are in the store.

Inputs (raw OData pages as in ``../shared/corpus/tk-2023-2025/``, or one entity per file as ``kamerspoor sync``
writes ``tk/<Entity>/<Id>.json``):

- ``stemmingen``: Stemming rows (a page, each row with its Besluit expanded), or Besluiten with their
  ``Stemming`` expanded (``tk/Besluit``). The rows are stored, and the vote of every Besluit they touch is
  counted again from all its stored rows (:func:`kamerspoor.tkvotes.vote_result`), in the same transaction: a
  hoofdelijke stemming whose 150 rows span two pages is whole once both are in. The Persoon and Fractie records
  expanded in the rows are stored too.
- ``personen``: Persoon, Fractie and FractieZetelPersoon records, in any mix.
- ``letters``: Document records of Soort "Brief regering" (:mod:`kamerspoor.tkletters`).

After a run (``resolve_open_data``), when open data changed: each motion's signatories are resolved to a member
and the party they sat for on the motion's date (:meth:`kamerspoor.tkpersons.Kamerleden.resolve`), so the
``party`` filter finds motions whose Zaak has no ZaakActor; a Besluit linked to a motion only by its place on the
Agendapunt is unlinked when the motion's own signatories' parties voted against it
(:func:`kamerspoor.tkvotes.signatories_oppose`; checked after every run); a letter without a kst id gets one when the store's
Zaken give its dossier title exactly one dossier (its Volgnummer is its number there: checked on all 8,042 motion
documents of the shared corpus); a motion named "van het lid X over Y" is matched to the motion Zaak whose
Onderwerp names the same first member and the same words after "over".
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar

from kamerspoor import tkletters, tkpersons, tkvotes
from kamerspoor.ingest.handlers import Handler
from kamerspoor.ingest.report import IngestReport
from kamerspoor.rules import identifiers
from kamerspoor.store import Store
from kamerspoor.store.tkrows import (
    LetterRows,
    PersonRows,
    StemmingRows,
    besluit_from_row,
    letter_rows,
    person_rows,
    placeholder,
    read_besluit_votes,
    read_person_records,
    stemming_from_row,
    stemming_rows,
    vote_rows,
)


def _records(content: Any) -> list:
    """The records of an OData page (``{"value": [...]}``), a bare list, or one record."""
    if isinstance(content, dict) and isinstance(content.get("value"), list):
        return content["value"]
    if isinstance(content, list):
        return content
    return [content]


def _all(content: Any, test) -> bool:
    records = _records(content)
    return bool(records) and all(isinstance(r, dict) and test(r) for r in records)


# -- votes -------------------------------------------------------------------------------------------------

def _is_stemming(r: dict) -> bool:
    return "Besluit_Id" in r and "Soort" in r and ("ActorFractie" in r or "FractieGrootte" in r or "Persoon_Id" in r)


def _is_besluit(r: dict) -> bool:
    return "BesluitSoort" in r and isinstance(r.get("Stemming"), list)


def count_votes(store: Store, besluit_ids: Iterable[str]) -> int:
    """Count the votes of these Besluiten again from all their stored rows and store them (inside the caller's
    transaction); returns how many were counted."""
    ids = sorted(set(besluit_ids))
    if not ids:
        return 0
    rows, besluiten = store.stemming_rows(ids), store.besluit_rows(ids)
    counted, emptied = [], []
    for bid in ids:
        if not rows[bid]:
            emptied.append(bid)
            continue
        stemmingen = [stemming_from_row(r) for r in rows[bid]]
        b = besluiten.get(bid)
        result = tkvotes.vote_result(stemmingen, besluit_from_row(b) if b else None)
        result.besluit_id = bid
        day = max((s.datum for s in stemmingen if s.datum), default=None)
        counted.append(vote_rows(result, day.isoformat() if day else None))
    store.put_vote_results(counted, emptied)
    return len(counted)


def write_votes(store: Store, rows: StemmingRows, path: str | None, digest: str | None,
                kind: str = "stemmingen") -> int:
    """Stemming rows, Besluiten and the persons they carry, and the votes they touch counted again: one
    transaction. Returns how many votes were counted."""
    with store.transaction():
        if len(rows.persons):
            store.put_persons(rows.persons)
        touched = store.put_stemmingen(rows, path, digest, kind)
        if any(r[6] for r in rows.stemmingen):  # member rows: who sat for which party when
            store.mark_pending("submitter_parties")
        return count_votes(store, touched)


class StemmingJSON(Handler):
    """Stemming rows (an OData page with the Besluit expanded) or Besluiten with their Stemming rows."""

    name = "stemmingen"
    description = "Stemming rows"

    def shape(self, obj: Any) -> bool:
        return _all(obj, _is_stemming) or _all(obj, _is_besluit)

    def prepare(self, path: str, content: Any) -> StemmingRows:
        records = _records(content)
        if all(isinstance(r, dict) and _is_besluit(r) for r in records):
            pairs: list[tuple[tkvotes.Stemming, tkvotes.Besluit | None]] = []
            besluiten = []
            for i, r in enumerate(records):
                b, stemmingen = read_besluit_votes(r, where=f"{path} record {i}")
                besluiten.append(b)
                pairs += [(s, b) for s in stemmingen]
            return stemming_rows(pairs, besluiten)
        page = {"value": records}
        pairs = tkvotes.read_stemming_page(page)
        personen, fracties = tkpersons.read_expanded(page)
        return stemming_rows(pairs, persons=person_rows(personen, fracties))

    def write(self, store: Store, rows: StemmingRows, path: str, digest: str | None, report: IngestReport) -> None:
        report.add("stemmingen", len(rows.stemmingen))
        report.add("votes_counted", write_votes(store, rows, path, digest))


def zaak_votes(zaak: dict, where: str | None = None) -> StemmingRows | None:
    """The Besluiten with Stemming rows inside a synced Zaak (``Besluit($expand=Stemming)``): they decide that
    Zaak exactly. None when the Zaak has none."""
    besluiten = [b for b in zaak.get("Besluit") or [] if isinstance(b, dict) and b.get("Stemming")]
    if not besluiten:
        return None
    ref = tkvotes.ZaakRef(id=zaak.get("Id"), nummer=zaak.get("Nummer"), soort=zaak.get("Soort"),
                          onderwerp=zaak.get("Onderwerp"))
    pairs: list[tuple[tkvotes.Stemming, tkvotes.Besluit | None]] = []
    found = []
    for b in besluiten:
        besluit, stemmingen = read_besluit_votes(b, ref, where)
        found.append(besluit)
        pairs += [(s, besluit) for s in stemmingen]
    return stemming_rows(pairs, found)


# -- persons and parties -------------------------------------------------------------------------------------

def _is_person_record(r: dict) -> bool:
    return "Id" in r and ("Achternaam" in r or "AantalZetels" in r or "NaamNL" in r
                          or ("Van" in r and "Functie" in r) or "FractieZetel" in r or "FractieZetel_Id" in r)


class PersonsJSON(Handler):
    """Persoon, Fractie and FractieZetelPersoon records (a page, a list, or one record)."""

    name = "personen"
    description = "Persoon or Fractie records"

    def shape(self, obj: Any) -> bool:
        return _all(obj, _is_person_record)

    def prepare(self, path: str, content: Any) -> PersonRows:
        return read_person_records(_records(content), path)

    def write(self, store: Store, rows: PersonRows, path: str, digest: str | None, report: IngestReport) -> None:
        with store.transaction():
            changed = store.put_persons(rows)
            store.mark_file(path, digest, self.name, [r[0] for r in rows.personen + rows.fracties])
        report.add("personen", changed)
        report.add("memberships_unlinked", rows.unlinked)


# -- letters ---------------------------------------------------------------------------------------------------

class LettersJSON(Handler):
    """Document records of cabinet letters ("Brief regering"): metadata, a document without text, the motions
    their subject names."""

    name = "letters"
    description = "Document records of cabinet letters"
    KINDS: ClassVar[tuple[str, ...]] = (tkletters.BRIEF_REGERING,)

    def shape(self, obj: Any) -> bool:
        return _all(obj, lambda r: "DocumentNummer" in r and "Soort" in r) \
            and any(r.get("Soort") in self.KINDS for r in _records(obj))

    def prepare(self, path: str, content: Any) -> list[tuple[tkletters.Brief, LetterRows]]:
        records = [r for r in _records(content) if r.get("Verwijderd") is not True and r.get("Soort") in self.KINDS]
        out = []
        for i, r in enumerate(records):
            b = tkletters.read_brief(r, f"{path} record {i}")
            out.append((b, letter_rows(b, r, path)))
        return out

    def write(self, store: Store, rows: list[tuple[tkletters.Brief, LetterRows]], path: str, digest: str | None,
              report: IngestReport) -> None:
        known = store.letter_ids([str(r.letter[1]) for _, r in rows])
        many = []
        for brief, r in rows:
            k = known.get(str(r.letter[1]))
            if k and k["kst_id"] and not brief.kst_id and k["doc_id"] != r.doc_id:  # its kst id found earlier
                r = letter_rows(brief, _record_of(r), path, k["doc_id"], k["kst_how"])
            many.append(r)
        counts = store.put_letters(many, path, digest)
        report.add("letters", counts["added"] + counts["changed"])
        report.unchanged += counts["unchanged"]
        report.deleted += counts["removed"]


def _record_of(rows: LetterRows) -> dict:
    return json.loads(rows.letter[12])


# -- after a run -----------------------------------------------------------------------------------------------

def kamerleden(store: Store) -> tkpersons.Kamerleden:
    """The members, parties and memberships in the store (and the parties members voted for, day by day)."""
    rows = store.kamerleden_rows()
    k = tkpersons.Kamerleden()
    k.add_personen(tkpersons.read_persoon({"Id": r["id"], "Achternaam": r["achternaam"], "Tussenvoegsel": r["tussenvoegsel"],
                                           "Initialen": r["initialen"], "Roepnaam": r["roepnaam"],
                                           "Voornamen": r["voornamen"], "Functie": r["functie"], "Nummer": r["nummer"]})
                   for r in rows["personen"])
    fracties = {r["id"]: tkpersons.Fractie(id=r["id"], afkorting=r["afkorting"], naam=r["naam"], zetels=r["zetels"],
                                           actief_van=_day(r["actief_van"]), actief_tot=_day(r["actief_tot"]))
                for r in rows["fracties"]}
    for n in rows["fractie_namen"]:
        if n["fractie_id"] in fracties:
            fracties[n["fractie_id"]].aliases.add(n["naam"])
    k.add_fracties(fracties.values())
    k.lidmaatschappen += [tkpersons.Lidmaatschap(persoon_id=r["persoon_id"], fractie=r["fractie"] or r["fractie_id"],
                                                 fractie_id=r["fractie_id"], van=_day(r["van"]), tot=_day(r["tot"]))
                          for r in rows["lidmaatschappen"]]
    k.add_stemmingen(tkvotes.Stemming(id="", besluit_id=None, soort=None, actor_fractie=r["actor_fractie"],
                                      persoon_id=r["persoon_id"], fractie_id=r["fractie_id"], datum=_day(r["datum"]))
                     for r in rows["seen"])
    return k


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def resolve_submitter_parties(store: Store, everything: bool = False) -> int:
    """Resolve the signatories of motions (new or changed ones; every motion with ``everything``) to a member and
    a party; returns how many signatories got a party."""
    motions = store.motions_to_resolve(everything)
    if not motions:
        return 0
    leden = kamerleden(store)
    rows, resolved = [], 0
    for m in motions:
        on = _day(m["date"])
        for i, name in enumerate(m["submitters"]):
            s = leden.resolve(name, on)
            rows.append((m["id"], i, name, s.persoon.id if s.persoon else None, s.fractie, s.fractie_id, s.how))
            resolved += s.fractie is not None
    store.put_submitter_parties(rows, [m["id"] for m in motions])
    return resolved


def dossier_of_titles(store: Store) -> dict[str, str]:
    """Dossier title -> the one dossier the store's Zaken give it (titles given to several dossiers left out)."""
    found: dict[str, set[str]] = {}
    for r in store.dossier_titles():
        parsed = identifiers.parse_kst_id(r["document_id"])
        if parsed:
            found.setdefault(tkpersons.fold(r["titel"]), set()).add(parsed[0])
    return {t: next(iter(d)) for t, d in found.items() if len(d) == 1}


def resolve_letter_ids(store: Store) -> int:
    """Give letters without a kst id the one their dossier title and number give (see the module doc); returns
    how many."""
    titles = dossier_of_titles(store)
    done = 0
    for r in store.letters_without_kst():
        dossier = titles.get(tkpersons.fold(r["titel"]))
        kst = identifiers.kst_id(dossier, r["volgnummer"]) if dossier else None
        if not kst:
            continue
        record = json.loads(r["record"]) if isinstance(r["record"], str) else r["record"]
        brief = tkletters.read_brief(record, f"stored letter {r['doc_id']}")
        store.rekey_letter(r["doc_id"], kst, "dossier_title", placeholder(kst, brief, dossier, r["volgnummer"]))
        done += 1
    return done


def _subject_key(members: list[str], about: str | None) -> tuple[str, str] | None:
    if not members or not about:
        return None
    surname = tkpersons.fold(members[0]).split()
    return (surname[-1], tkpersons.fold(about)) if surname and tkpersons.fold(about) else None


def resolve_letter_motions(store: Store) -> int:
    """Match motions a letter names by member and subject to the motion Zaak whose Onderwerp names the same first
    member and the same words after "over" (one such motion only); returns how many links were made."""
    links = store.member_subject_links()
    if not links:
        return 0
    index: dict[tuple[str, str], set[str]] = {}
    for z in store.motion_subjects():
        for m in tkletters.read_subject(z["onderwerp"]).motions:
            key = _subject_key(list(m.members), m.about)
            if key:
                index.setdefault(key, set()).add(z["document_id"])
    made = 0
    with store.transaction():
        for link in links:
            key = _subject_key(link["members"], link["about"])
            found = index.get(key, set()) if key else set()
            motion = next(iter(found)) if len(found) == 1 else None
            if motion != link["motion_id"]:
                store.link_letter_motion(link["letter_id"], link["idx"], motion)
            made += motion is not None
    return made


def check_place_links(store: Store) -> int:
    """Drop the links of Besluiten to a motion made only by their place on the Agendapunt when the motion's own
    signatories' parties voted against it (:func:`kamerspoor.tkvotes.signatories_oppose`); returns how many."""
    rejected = [bid for bid, votes in store.place_link_votes().items() if tkvotes.signatories_oppose(votes)]
    if rejected:
        with store.transaction():
            for bid in rejected:
                store.reject_place_link(bid)
    return len(rejected)


def resolve_open_data(store: Store, report: IngestReport | None = None) -> None:
    """The links after a run, for what open data changed (``tk_pending``, written with the change)."""
    if store.pending("letters"):
        ids = resolve_letter_ids(store)
        matched = resolve_letter_motions(store)
        with store.transaction():
            store.clear_pending("letters")
        if report is not None:
            report.add("letters_kst_from_title", ids)
            report.add("letter_motions_matched", matched)
    everything = store.pending("submitter_parties")
    resolved = resolve_submitter_parties(store, everything)
    if everything:
        with store.transaction():
            store.clear_pending("submitter_parties")
    if report is not None and resolved:
        report.add("submitters_with_party", resolved)
    rejected = check_place_links(store)
    if report is not None and rejected:
        report.add("besluit_links_rejected", rejected)
