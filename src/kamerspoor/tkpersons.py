"""Members and parties of the Tweede Kamer from open data: ``Persoon``, ``Fractie``, ``FractieZetelPersoon``
and the member rows of ``Stemming``; who was in which party when, and who a name in a motion or a letter is.

- ``read_personen`` / ``read_fracties`` read OData pages (``{"value": [...]}``) or bare lists of records, as
  in ``../shared/corpus/tk-2023-2025/personen/`` and as ``kamerspoor sync`` writes them one per file.
- Member -> party over time comes from two sources. ``FractieZetelPersoon`` records with their links
  (``Persoon_Id`` and ``FractieZetel.Fractie_Id``) give exact periods (``Van``/``TotEnMet``); records without
  those links (the corpus's ``active_members_*`` files keep only the dates) cannot say whose seat or which
  party, and are counted, not guessed. The member rows of hoofdelijke stemmingen each name a person, a party
  and a day: ``memberships_from_stemmingen`` turns them into observed periods (first to last day seen in that
  party), which is how a member who left a party shows up in the new one.
- Party names: a Fractie has an ``Afkorting`` and a ``NaamNL``; Stemming rows name it in ``ActorFractie``,
  which can differ ("NSC" for the Fractie whose Afkorting is "Nieuw Sociaal Contract", "GroenLinks" for "GL"),
  so the names seen in the rows are kept as aliases and all of them resolve (``Kamerleden.fractie``).
- A member as cited ("Inge van Dijk", "Van Campen", "Dijk", "Diederik van Dijk c.s." without the c.s.):
  ``Kamerleden.find`` matches the whole surname with its tussenvoegsel first ("Dijk" is Jimmy Dijk, not one
  of four Van Dijks), then a first name or initials before it; several candidates are all returned.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kamerspoor.model import InputError
from kamerspoor.tkapi import load_json
from kamerspoor.tkapi import odata_day as _day
from kamerspoor.tkapi import odata_str as _s
from kamerspoor.tkvotes import Stemming


def fold(text: str | None) -> str:
    """Case, diacritics and punctuation folded, spaces single: "Gündoğan" -> "gundogan", "Van der Plas" ->
    "van der plas"."""
    s = unicodedata.normalize("NFKD", text or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


@dataclass(frozen=True)
class Persoon:
    """A person of the open data: the parts of the name that the letters cite, the office and the Kamer's
    number (every field given by :func:`read_persoon`)."""

    id: str
    achternaam: str
    tussenvoegsel: str | None
    initialen: str | None
    roepnaam: str | None
    voornamen: str | None
    functie: str | None  # "Tweede Kamerlid", "Oud Kamerlid", ...
    nummer: int | None

    @property
    def surname(self) -> str:
        """The surname as cited: "van Dijk", "Nijhof-Leeuw"."""
        return " ".join(x for x in (self.tussenvoegsel, self.achternaam) if x)

    @property
    def naam(self) -> str:
        """"Inge van Dijk" (roepnaam and surname), or "I. van Dijk" without a roepnaam."""
        return " ".join(x for x in (self.roepnaam or self.initialen, self.surname) if x)


@dataclass
class Fractie:
    id: str
    afkorting: str | None
    naam: str | None = None  # NaamNL
    zetels: int | None = None  # AantalZetels (now, not on the day of a vote)
    actief_van: date | None = None
    actief_tot: date | None = None
    aliases: set[str] = field(default_factory=set)  # other names seen (ActorFractie)

    @property
    def label(self) -> str:
        return self.afkorting or self.naam or self.id


@dataclass(frozen=True)
class Lidmaatschap:
    """A member in a party for a period; ``bron`` says how it is known."""

    persoon_id: str
    fractie: str  # the party's name as the source gives it
    van: date | None
    tot: date | None  # None: still
    fractie_id: str | None = None
    bron: str = "FractieZetelPersoon"  # or "Stemming": observed in votes, from the first to the last day seen

    def covers(self, on: date) -> bool:
        return (self.van is None or self.van <= on) and (self.tot is None or on <= self.tot)


# -- reading ----------------------------------------------------------------------------------------------------

def _records(source: str | Path | dict | list) -> tuple[list, str | None]:
    where = None
    if isinstance(source, str | Path):
        where = str(source)
        source = load_json(source)
    if isinstance(source, dict):
        source = source["value"] if isinstance(source.get("value"), list) else [source]
    if not isinstance(source, list):
        raise InputError(where, "expected OData records: an object with a 'value' list, a list, or one record")
    return [r for r in source if isinstance(r, dict) and r.get("Verwijderd") is not True], where


def _id(value: Any) -> str | None:
    return (_s(value) or "").lower() or None


def read_persoon(r: dict, where: str | None = None) -> Persoon:
    if not _id(r.get("Id")) or not _s(r.get("Achternaam")):
        raise InputError(where, "a Persoon record needs an Id and an Achternaam")
    nummer = r.get("Nummer")
    return Persoon(id=str(_id(r["Id"])), achternaam=str(_s(r["Achternaam"])), tussenvoegsel=_s(r.get("Tussenvoegsel")),
                   initialen=_s(r.get("Initialen")), roepnaam=_s(r.get("Roepnaam")), voornamen=_s(r.get("Voornamen")),
                   functie=_s(r.get("Functie")), nummer=nummer if isinstance(nummer, int) else None)


def read_personen(source: str | Path | dict | list) -> list[Persoon]:
    records, where = _records(source)
    return [read_persoon(r, where) for r in records]


def read_fractie(r: dict, where: str | None = None) -> Fractie:
    if not _id(r.get("Id")) or not (_s(r.get("Afkorting")) or _s(r.get("NaamNL"))):
        raise InputError(where, "a Fractie record needs an Id and an Afkorting or NaamNL")
    zetels = r.get("AantalZetels")
    return Fractie(id=str(_id(r["Id"])), afkorting=_s(r.get("Afkorting")), naam=_s(r.get("NaamNL")),
                   zetels=zetels if isinstance(zetels, int) else None, actief_van=_day(r.get("DatumActief")),
                   actief_tot=_day(r.get("DatumInactief")))


def read_fracties(source: str | Path | dict | list) -> list[Fractie]:
    records, where = _records(source)
    return [read_fractie(r, where) for r in records]


def read_fractiezetelpersonen(source: str | Path | dict | list) -> tuple[list[Lidmaatschap], int]:
    """FractieZetelPersoon records -> (periods, how many records lacked the links to say whose or which party).

    The party is ``FractieZetel.Fractie`` (expanded) or ``FractieZetel.Fractie_Id``."""
    records, _ = _records(source)
    out, unlinked = [], 0
    for r in records:
        zetel: dict = r["FractieZetel"] if isinstance(r.get("FractieZetel"), dict) else {}
        fractie: dict = zetel["Fractie"] if isinstance(zetel.get("Fractie"), dict) else {}
        persoon = _id(r.get("Persoon_Id")) or _id((r.get("Persoon") or {}).get("Id"))
        fractie_id = _id(zetel.get("Fractie_Id")) or _id(fractie.get("Id"))
        if not persoon or not fractie_id:
            unlinked += 1
            continue
        out.append(Lidmaatschap(persoon_id=persoon, fractie=_s(fractie.get("Afkorting")) or fractie_id,
                                fractie_id=fractie_id, van=_day(r.get("Van")), tot=_day(r.get("TotEnMet"))))
    return out, unlinked


def memberships_from_stemmingen(rows: Iterable[Stemming]) -> list[Lidmaatschap]:
    """Observed periods from member rows: per person, consecutive days seen in the same party become one
    period from the first to the last of those days."""
    seen: dict[str, list[tuple[date, str, str | None]]] = {}
    for s in rows:
        if s.persoon_id and s.datum and s.actor_fractie and not s.verwijderd:
            seen.setdefault(s.persoon_id, []).append((s.datum, s.actor_fractie, s.fractie_id))
    out = []
    for persoon, days in seen.items():
        days.sort()
        first = last = days[0]
        for day in days[1:]:
            if day[1:] != first[1:]:
                out.append(Lidmaatschap(persoon_id=persoon, fractie=first[1], fractie_id=first[2], van=first[0],
                                        tot=last[0], bron="Stemming"))
                first = day
            last = day
        out.append(Lidmaatschap(persoon_id=persoon, fractie=first[1], fractie_id=first[2], van=first[0],
                                tot=last[0], bron="Stemming"))
    return out


def read_expanded(source: str | Path | dict | list) -> tuple[list[Persoon], list[Fractie]]:
    """The Persoon and Fractie records expanded inside the rows of any OData page (a Stemming page carries
    both), each once; a Fractie gets the row's ActorFractie as an alias. An expanded Persoon whose fields are
    all empty (the open data withholds some persons' details) names no one and is left out."""
    records, where = _records(source)
    personen: dict[str, Persoon] = {}
    fracties: dict[str, Fractie] = {}
    for r in records:
        if isinstance(r.get("Persoon"), dict) and _s(r["Persoon"].get("Achternaam")) \
                and r["Persoon"].get("Verwijderd") is not True:
            p = read_persoon(r["Persoon"], where)
            personen.setdefault(p.id, p)
        if isinstance(r.get("Fractie"), dict) and r["Fractie"].get("Verwijderd") is not True:
            f = fracties.setdefault(str(_id(r["Fractie"].get("Id"))), read_fractie(r["Fractie"], where))
            if _s(r.get("ActorFractie")):
                f.aliases.add(str(_s(r["ActorFractie"])))
    return list(personen.values()), list(fracties.values())


# -- a member's party on a day ---------------------------------------------------------------------------

# how a party was found for a member on a day (Kamerleden.party_near)
EXACT = "FractieZetelPersoon"  # a seat period with its dates covers the day
SEEN = "seen in votes"  # the member voted for the party on days before and after (or on) the day
NEAREST = "nearest vote"  # the member's nearest vote in time, for a party that existed on the day


@dataclass(frozen=True)
class Signatory:
    """A name as a motion cites its signatory, resolved to a member and the party they sat for."""

    name: str
    persoon: Persoon | None
    fractie: str | None  # the party's name as the votes give it (else its Afkorting)
    fractie_id: str | None
    how: str  # EXACT, SEEN or NEAREST; else why not: "no member by that name", "several members", ...


def _active(f: Fractie | None, on: date) -> bool | None:
    """Whether a party existed on ``on`` (None: not known)."""
    if f is None or (f.actief_van is None and f.actief_tot is None):
        return None
    return (f.actief_van is None or f.actief_van <= on) and (f.actief_tot is None or on <= f.actief_tot)


def _same_party(a: Lidmaatschap, b: Lidmaatschap) -> bool:
    return (a.fractie_id or fold(a.fractie)) == (b.fractie_id or fold(b.fractie))


# -- the index ---------------------------------------------------------------------------------------------------

@dataclass
class Kamerleden:
    """Persons, parties and memberships together: party names resolved, members found by name, a member's
    party on a day. Lookups go through indexes of folded names, rebuilt after anything is added."""

    personen: dict[str, Persoon] = field(default_factory=dict)
    fracties: dict[str, Fractie] = field(default_factory=dict)
    lidmaatschappen: list[Lidmaatschap] = field(default_factory=list)
    _index: dict[str, dict] | None = field(default=None, repr=False, compare=False)

    def add_personen(self, personen: Iterable[Persoon]) -> None:
        for p in personen:
            self.personen.setdefault(p.id, p)
        self._index = None

    def add_fracties(self, fracties: Iterable[Fractie]) -> None:
        for f in fracties:
            known = self.fracties.setdefault(f.id, f)
            known.aliases |= f.aliases
            if f.afkorting and known.afkorting != f.afkorting:
                known.aliases.add(f.afkorting)  # a later record or another page names it otherwise
        self._index = None

    def add_stemmingen(self, rows: Iterable[Stemming]) -> None:
        """Rows of votes: the memberships their member rows show, and every ActorFractie as an alias of its
        Fractie."""
        rows = list(rows)
        for s in rows:
            if s.fractie_id and s.actor_fractie and s.fractie_id in self.fracties:
                self.fracties[s.fractie_id].aliases.add(s.actor_fractie)
        self.lidmaatschappen += memberships_from_stemmingen(rows)
        self._index = None

    def _indexes(self) -> dict[str, dict]:
        if self._index is None:
            fracties: dict[str, Fractie] = {}
            for f in self.fracties.values():
                fracties.setdefault(f.id, f)
                for n in (f.afkorting, f.naam, *sorted(f.aliases)):
                    if n:
                        fracties.setdefault(fold(n), f)
            surnames: dict[str, list[Persoon]] = {}
            for p in sorted(self.personen.values(), key=lambda p: p.id):
                surnames.setdefault(fold(p.surname), []).append(p)
            periods: dict[str, list[Lidmaatschap]] = {}
            for m in self.lidmaatschappen:
                periods.setdefault(m.persoon_id, []).append(m)
            self._index = {"fracties": fracties, "surnames": surnames, "periods": periods}
        return self._index

    def fractie(self, name: str) -> Fractie | None:
        """A party by its id, Afkorting, NaamNL or a name seen in vote rows (case and diacritics folded)."""
        index = self._indexes()["fracties"]
        return index.get(name.lower()) or index.get(fold(name))

    def party_of(self, persoon_id: str, on: date) -> Lidmaatschap | None:
        """The member's party on ``on``: an exact period first (FractieZetelPersoon), else a period observed in
        votes that covers the day; None when neither does (between two parties, or never seen)."""
        periods = [m for m in self._indexes()["periods"].get(persoon_id.lower(), []) if m.covers(on)]
        periods.sort(key=lambda m: m.bron != "FractieZetelPersoon")
        return periods[0] if periods else None

    def find(self, name: str) -> list[Persoon]:
        """The persons a cited name can be: the whole surname first ("Dijk", "Van Campen", "Nijhof-Leeuw"), else
        a first name or initials followed by the surname ("Inge van Dijk", "I. van Dijk")."""
        surnames = self._indexes()["surnames"]
        key = fold(name)
        if key in surnames:
            return list(surnames[key])
        words = key.split()
        out = []
        for cut in range(1, len(words)):
            first, surname = " ".join(words[:cut]), " ".join(words[cut:])
            for p in surnames.get(surname, []):
                names = {fold(p.roepnaam), *fold(p.voornamen).split()}
                if first in names or first.replace(" ", "") == fold(p.initialen).replace(" ", ""):
                    out.append(p)
        return out

    def party_near(self, persoon_id: str, on: date) -> tuple[Lidmaatschap, str] | None:
        """The member's party on ``on`` and how it is known: a period covering the day (``party_of``); else the
        periods before and after it when they are the same party, or when only one of the two parties existed on the
        day (a party ends where its successor begins: PvdA and GroenLinks became GroenLinks-PvdA); else the nearest
        period on one side when its party existed on the day. None when the member is unknown or the day falls
        between two parties that both existed then."""
        covering = self.party_of(persoon_id, on)
        if covering is not None:
            return covering, EXACT if covering.bron == EXACT else SEEN
        periods = self._indexes()["periods"].get(persoon_id.lower(), [])
        before = max((m for m in periods if m.tot and m.tot < on), key=lambda m: m.tot or on, default=None)
        after = min((m for m in periods if m.van and m.van > on), key=lambda m: m.van or on, default=None)
        if before is not None and after is not None:
            return self._between(before, after, on)
        side = before or after
        if side is not None and _active(self.fracties.get(side.fractie_id or ""), on) is not False:
            return side, NEAREST
        return None

    def _between(self, before: Lidmaatschap, after: Lidmaatschap, on: date) -> tuple[Lidmaatschap, str] | None:
        """The party of a day between two periods: theirs when the same, else the only one of the two that existed
        on the day; None when both did."""
        if _same_party(before, after):
            return before, SEEN
        then = (_active(self.fracties.get(before.fractie_id or ""), on),
                _active(self.fracties.get(after.fractie_id or ""), on))
        pick = before if then == (True, False) else after if then == (False, True) else None
        return (pick, NEAREST) if pick is not None else None

    def _label(self, m: Lidmaatschap) -> str:
        """A party's name as the votes give it (ActorFractie), else its Afkorting."""
        if m.bron != EXACT:
            return m.fractie
        f = self.fracties.get(m.fractie_id or "")
        return (f.afkorting or f.naam or m.fractie) if f else m.fractie

    def resolve(self, name: str, on: date | None) -> Signatory:
        """A cited signatory ("De Kort", "Inge van Dijk") -> the member and their party on ``on``. Several members by
        that name resolve when only one of them sat in the Kamer then, or when they all sat for the same party."""
        candidates = self.find(name)
        if not candidates:
            return Signatory(name, None, None, None, "no member by that name")
        if on is None:
            return Signatory(name, candidates[0] if len(candidates) == 1 else None, None, None, "no date")
        found = [(p, near) for p in candidates if (near := self.party_near(p.id, on)) is not None]
        if not found:
            return Signatory(name, candidates[0] if len(candidates) == 1 else None, None, None,
                             "no party known on the day")
        parties = {(m.fractie_id or fold(m.fractie)) for _, (m, _) in found}
        if len(found) > 1 and len(parties) > 1:
            return Signatory(name, None, None, None, "several members by that name")
        persoon, (m, how) = found[0]
        return Signatory(name, persoon if len(found) == 1 else None, self._label(m), m.fractie_id, how)
