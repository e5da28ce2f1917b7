"""Votes from the Tweede Kamer's own ``Stemming`` rows: per party, per member, and whether the count is whole.

An OData ``Stemming`` is one row of the vote taken in a ``Besluit`` (``../shared/corpus/tk-2023-2025/stemmingen/``
holds raw pages, each row expanded with Besluit -> Agendapunt -> Zaak, Fractie and Persoon):

- a party row (``Persoon_Id`` and ``SidActorLid`` empty) counts its ``FractieGrootte`` seats;
- a member row (``Persoon_Id`` or ``SidActorLid`` set: every row of a hoofdelijke stemming) counts one, although
  it carries ``ActorFractie`` and ``FractieGrootte`` as well. Counting those seats for every row turned a real
  150-member vote of 72 voor, 70 tegen and 8 niet deelgenomen into 1,983 voor and 1,116 tegen;
- a row marked ``Vergissing`` (the party or member said afterwards that the vote was a mistake) counts as cast,
  as the Kamer keeps it, and is flagged;
- a row marked ``Verwijderd`` does not count; a row read twice (the same Id on two pages) counts once.

A ``VoteResult`` has totals, parties, members and ``complete``: the seats add up to the Kamer's size on the day
(``rules.votes.kamer_size``: 150), which for a hoofdelijke stemming means every member is listed. It names its
contradictions: more seats than the Kamer has, an actor with two votes, a party counted both whole and by its
members, an outcome the count cannot carry (adopted although the seats not yet counted could not give voor a
majority), a count stated in the BesluitTekst that the rows disagree with. An incomplete or contradictory vote
keeps what is known, but its ``result`` is None: it is never shown as the count of the outcome.

The same check reads a total from elsewhere (the votes summary in ../shared, summed by a third party):
``summary_result``; where both exist the rows win (``best_result``).

Which motion a Besluit decides: ``Besluit.Zaak`` when expanded (exact: sync's Zaak -> Besluit -> Stemming), else the
Zaken of its ``Agendapunt``, and then only when it has exactly one: an Agendapunt listing many Zaken (motions voted
one after another) does not say which of them a Besluit decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kamerspoor.model import InputError
from kamerspoor.rules.votes import besluit_count, kamer_size
from kamerspoor.tkapi import Stemmingsuitslag, Uitslag, load_json, uitslag
from kamerspoor.tkapi import odata_day as _day
from kamerspoor.tkapi import odata_str as _str

VOOR, TEGEN, NIET_DEELGENOMEN = "Voor", "Tegen", "Niet deelgenomen"
SOORTEN = (VOOR, TEGEN, NIET_DEELGENOMEN)


@dataclass(frozen=True)
class ZaakRef:
    """A Zaak as a Besluit or Agendapunt names it."""

    id: str | None
    nummer: str | None
    soort: str | None = None
    onderwerp: str | None = None


@dataclass(frozen=True)
class Besluit:
    id: str
    besluit_soort: str | None = None  # "Stemmen - aangenomen"
    besluit_tekst: str | None = None  # "Aangenomen (70-66)"
    stemmings_soort: str | None = None  # "Met handopsteken", "Hoofdelijk"
    agendapunt_id: str | None = None
    zaken: tuple[ZaakRef, ...] = ()
    zaken_exact: bool = False  # from Besluit.Zaak (exact) rather than from the Agendapunt's Zaken
    by_place: bool = False  # the Zaak at the Besluit's place among its Agendapunt's several Zaken (to be checked)

    @property
    def hoofdelijk(self) -> bool:
        return (self.stemmings_soort or "").strip().lower() == "hoofdelijk"

    @property
    def uitslag(self) -> Uitslag | None:
        return uitslag(self.besluit_soort)

    @property
    def zaak(self) -> ZaakRef | None:
        """The one Zaak this Besluit decides, or None when that is not known (none, or several listed)."""
        return self.zaken[0] if len(self.zaken) == 1 else None


@dataclass(frozen=True)
class Stemming:
    """One row of a vote."""

    id: str
    besluit_id: str | None
    soort: str | None  # Voor, Tegen, Niet deelgenomen
    actor_naam: str | None = None  # the party, or the member ("Bamenga, P.")
    actor_fractie: str | None = None
    fractie_grootte: int | None = None
    persoon_id: str | None = None
    sid_actor_lid: str | None = None
    fractie_id: str | None = None
    vergissing: bool = False
    verwijderd: bool = False
    datum: date | None = None  # GewijzigdOp: the day the row was recorded

    @property
    def is_member(self) -> bool:
        return bool(self.persoon_id or self.sid_actor_lid)

    @property
    def seats(self) -> int | None:
        """1 for a member's row, FractieGrootte for a party's (None when a party row does not give it)."""
        if self.is_member:
            return 1
        return self.fractie_grootte if self.fractie_grootte and self.fractie_grootte > 0 else None

    @property
    def actor_key(self) -> str:
        if self.is_member:
            return "lid:" + (self.persoon_id or self.sid_actor_lid or "").lower()
        return "fractie:" + (self.fractie_id or self.actor_fractie or self.actor_naam or "").lower()


# -- reading ---------------------------------------------------------------------------------------------------

def _zaken(value: Any) -> tuple[ZaakRef, ...]:
    items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    return tuple(ZaakRef(id=_str(z.get("Id")), nummer=_str(z.get("Nummer")), soort=_str(z.get("Soort")),
                         onderwerp=_str(z.get("Onderwerp")))
                 for z in items if isinstance(z, dict) and z.get("Verwijderd") is not True)


def read_besluit(obj: dict, where: str | None = None) -> Besluit:
    """An OData Besluit (with ``Zaak`` or ``Agendapunt.Zaak`` expanded, or neither) -> Besluit."""
    if not isinstance(obj, dict) or not _str(obj.get("Id")):
        raise InputError(where, "a Besluit must be an object with an Id")
    exact = "Zaak" in obj and obj["Zaak"] is not None
    agendapunt: dict = obj["Agendapunt"] if isinstance(obj.get("Agendapunt"), dict) else {}
    place = None if exact else _place(agendapunt.get("Zaak"), obj.get("AgendapuntZaakBesluitVolgorde"))
    zaken = _zaken(obj["Zaak"] if exact else agendapunt.get("Zaak") if place is None else place)
    return Besluit(id=str(obj["Id"]).lower(), besluit_soort=_str(obj.get("BesluitSoort")),
                   besluit_tekst=_str(obj.get("BesluitTekst")), stemmings_soort=_str(obj.get("StemmingsSoort")),
                   agendapunt_id=_str(obj.get("Agendapunt_Id")) or _str(agendapunt.get("Id")),
                   zaken=zaken, zaken_exact=exact, by_place=place is not None and len(zaken) == 1)


def _place(value: Any, volgorde: Any) -> dict | None:
    """Of an Agendapunt with several Zaken, the one at the Besluit's place (``AgendapuntZaakBesluitVolgorde``,
    from 1, in the order the Agendapunt lists its Zaken); None when there is no such place.

    The place is the open data's only link between an Agendapunt's Besluiten and its Zaken where Besluit.Zaak is
    not expanded (the Stemming pages), and it is not always right: on the shared corpus, of 106 Besluiten so
    linked to a motion whose signatories' parties are known, those parties voted voor in 88 and tegen in 16.
    A link by place is therefore checked after ingest (:func:`signatories_oppose`) and dropped when it fails.
    (The votes summary agrees with the place in 101 of 104 party votes, but it seems to be made the same way.)"""
    items = value if isinstance(value, list) else []
    if len(items) > 1 and isinstance(volgorde, int) and not isinstance(volgorde, bool) and 1 <= volgorde <= len(items):
        item = items[volgorde - 1]
        return item if isinstance(item, dict) else None
    return None


def signatories_oppose(party_votes: Iterable[tuple[int, int]]) -> bool:
    """True when the parties of a motion's own signatories voted against it: of the (voor, tegen) seats of each
    signatory's party, more parties voted mostly tegen than mostly voor. Members do not vote against the motion
    they signed (a party may split); so a Besluit linked to the motion only by its place on the Agendapunt
    (:attr:`Besluit.by_place`) that the signatories' parties opposed is taken to be another motion's."""
    tegen = voor = 0
    for v, t in party_votes:
        tegen += t > v
        voor += v > t
    return tegen > voor


def _grootte(value: Any, where: str | None) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(where, f"FractieGrootte is not a number: {value!r}")
    try:
        return int(value)
    except ValueError:
        raise InputError(where, f"FractieGrootte is not a number: {value!r}") from None


def read_stemming(row: dict, where: str | None = None) -> tuple[Stemming, Besluit | None]:
    """One OData Stemming row -> (Stemming, its expanded Besluit or None)."""
    if not isinstance(row, dict) or not _str(row.get("Id")):
        raise InputError(where, "a Stemming must be an object with an Id")
    besluit = read_besluit(row["Besluit"], where) if isinstance(row.get("Besluit"), dict) else None
    s = Stemming(id=str(row["Id"]).lower(),
                 besluit_id=(_str(row.get("Besluit_Id")) or (besluit.id if besluit else "") or "").lower() or None,
                 soort=_str(row.get("Soort")), actor_naam=_str(row.get("ActorNaam")),
                 actor_fractie=_str(row.get("ActorFractie")),
                 fractie_grootte=_grootte(row.get("FractieGrootte"), where),
                 persoon_id=(_str(row.get("Persoon_Id")) or "").lower() or None,
                 sid_actor_lid=_str(row.get("SidActorLid")),
                 fractie_id=(_str(row.get("Fractie_Id")) or "").lower() or None,
                 vergissing=row.get("Vergissing") is True, verwijderd=row.get("Verwijderd") is True,
                 datum=_day(row.get("GewijzigdOp")))
    return s, besluit


def _load(source: str | Path | dict) -> tuple[Any, str | None]:
    if isinstance(source, dict):
        return source, None
    return load_json(source), str(source)


def read_stemming_page(source: str | Path | dict) -> list[tuple[Stemming, Besluit | None]]:
    """An OData page of Stemming rows (``{"value": [...]}``, or a bare list) -> its rows."""
    obj, where = _load(source)
    rows = obj.get("value") if isinstance(obj, dict) else obj
    if not isinstance(rows, list):
        raise InputError(where, "expected an OData page of Stemming rows (an object with a 'value' list)")
    return [read_stemming(r, f"{where} row {i}" if where else f"row {i}") for i, r in enumerate(rows)]


@dataclass
class BesluitVotes:
    """The rows of one Besluit gathered from any number of pages."""

    besluit: Besluit | None
    rows: list[Stemming] = field(default_factory=list)


def group_by_besluit(rows: Iterable[tuple[Stemming, Besluit | None]]) -> dict[str, BesluitVotes]:
    """Rows (from one page or many: a hoofdelijke stemming's 150 rows can span two pages) per Besluit id."""
    out: dict[str, BesluitVotes] = {}
    for s, b in rows:
        key = s.besluit_id or (b.id if b else "")
        group = out.setdefault(key, BesluitVotes(b))
        if group.besluit is None and b is not None:
            group.besluit = b
        group.rows.append(s)
    return out


def iter_stemming_files(paths: Iterable[str | Path]) -> Iterator[tuple[Stemming, Besluit | None]]:
    for p in paths:
        yield from read_stemming_page(p)


# -- counting ----------------------------------------------------------------------------------------------------

@dataclass
class PartyVote:
    fractie: str
    votes: dict[str, int] = field(default_factory=dict)  # Soort -> seats (party row) or members (member rows)
    fractie_id: str | None = None
    by_members: bool = False  # counted from its members' rows (a hoofdelijke stemming)
    vergissing: bool = False

    @property
    def seats(self) -> int:
        return sum(self.votes.values())


@dataclass
class MemberVote:
    naam: str | None
    fractie: str | None
    soort: str
    persoon_id: str | None = None
    vergissing: bool = False


@dataclass
class VoteResult:
    besluit_id: str | None
    source: str  # "Stemming" (the Kamer's own rows) or "summary" (a total from elsewhere)
    uitslag: Uitslag | None = None
    besluit_soort: str | None = None
    besluit_tekst: str | None = None
    hoofdelijk: bool = False
    totals: dict[str, int] = field(default_factory=dict)
    parties: list[PartyVote] = field(default_factory=list)
    members: list[MemberVote] = field(default_factory=list)
    seats: int = 0
    kamer_size: int = 150
    contradictions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # rows not counted, and why
    mistakes: list[str] = field(default_factory=list)  # actors whose vote is marked Vergissing
    zaak: ZaakRef | None = None

    @property
    def complete(self) -> bool:
        return self.seats == self.kamer_size

    @property
    def status(self) -> str:
        return "contradictory" if self.contradictions else "complete" if self.complete else "incomplete"

    @property
    def result(self) -> dict[str, int] | None:
        """The totals, only when they are the whole vote and agree with themselves; else None."""
        return dict(self.totals) if self.status == "complete" else None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["uitslag"] = self.uitslag.value if self.uitslag else None
        d.update(complete=self.complete, status=self.status)
        return d


def _soort(value: str | None) -> str | None:
    for s in SOORTEN:
        if value and value.strip().lower() == s.lower():
            return s
    return None


def _counted_rows(rows: Iterable[Stemming], result: VoteResult) -> list[tuple[Stemming, str, int]]:
    """The rows that count, each once, with their Soort and seats; what does not count goes to the notes,
    an actor with two votes to the contradictions."""
    seen_ids: set[str] = set()
    by_actor: dict[str, str] = {}
    out = []
    for s in rows:
        if s.verwijderd or s.id in seen_ids:
            continue
        seen_ids.add(s.id)
        soort, seats = _soort(s.soort), s.seats
        who = s.actor_naam or s.actor_fractie or s.id
        if soort is None:
            result.notes.append(f"{who}: vote {s.soort!r} is not Voor, Tegen or Niet deelgenomen (not counted)")
            continue
        if seats is None:
            result.notes.append(f"{who}: party row without FractieGrootte (not counted)")
            continue
        earlier = by_actor.get(s.actor_key)
        if earlier is not None:
            if earlier != soort:
                result.contradictions.append(f"{who} has two votes: {earlier} and {soort}")
            else:
                result.notes.append(f"{who}: a second row with the same vote (counted once)")
            continue
        by_actor[s.actor_key] = soort
        out.append((s, soort, seats))
    return out


def _count(rows: list[tuple[Stemming, str, int]], result: VoteResult) -> None:
    parties: dict[str, PartyVote] = {}
    for s, soort, seats in rows:
        result.totals[soort] = result.totals.get(soort, 0) + seats
        result.seats += seats
        name = s.actor_fractie or (None if s.is_member else s.actor_naam) or "?"
        party = parties.setdefault(name.lower(), PartyVote(fractie=name, fractie_id=s.fractie_id,
                                                           by_members=s.is_member))
        if party.by_members != s.is_member:
            result.contradictions.append(f"{name} is counted both as a party and by its members")
        party.votes[soort] = party.votes.get(soort, 0) + seats
        if s.vergissing:
            party.vergissing = True
            result.mistakes.append(s.actor_naam or name)
        if s.is_member:
            result.members.append(MemberVote(naam=s.actor_naam, fractie=s.actor_fractie, soort=soort,
                                             persoon_id=s.persoon_id, vergissing=s.vergissing))
    result.parties = sorted(parties.values(), key=lambda p: (-p.seats, p.fractie.lower()))


def _check(result: VoteResult) -> None:
    """The contradictions of a count: too many seats, an outcome the count cannot carry, a stated count the
    rows disagree with. Seats not yet counted (``missing``) may still go either way."""
    missing = result.kamer_size - result.seats
    if missing < 0:
        result.contradictions.append(f"{result.seats} seats counted, more than the Kamer's {result.kamer_size}")
        missing = 0
    _check_outcome(result, missing)
    _check_stated(result, missing)


def _check_outcome(result: VoteResult, missing: int) -> None:
    voor, tegen = result.totals.get(VOOR, 0), result.totals.get(TEGEN, 0)
    left = f" with {missing} seats not counted" if missing else ""
    u = result.uitslag
    if u is Uitslag.AANGENOMEN and voor + missing <= tegen:
        result.contradictions.append(f"adopted, but {voor} voor against {tegen} tegen{left}")
    elif u in (Uitslag.VERWORPEN, Uitslag.NIET_AANGENOMEN) and voor > tegen + missing:
        result.contradictions.append(f"not adopted, but {voor} voor against {tegen} tegen{left}")
    elif u is Uitslag.GESTAAKT and abs(voor - tegen) > missing:
        result.contradictions.append(f"a tie, but {voor} voor against {tegen} tegen{left}")


def _check_stated(result: VoteResult, missing: int) -> None:
    """The count the BesluitTekst states ("Aangenomen (70-66)"): the outcome must fit it, the rows must add up
    to it when whole, and may never exceed it."""
    stated = besluit_count(result.besluit_tekst)
    if stated is None:
        return
    voor, tegen = result.totals.get(VOOR, 0), result.totals.get(TEGEN, 0)
    u = result.uitslag
    if (u is Uitslag.AANGENOMEN and stated[0] <= stated[1]) or (u is Uitslag.VERWORPEN and stated[0] > stated[1]):
        result.contradictions.append(f"the Besluit says {result.besluit_soort!r} with a count of "
                                     f"{stated[0]}-{stated[1]}")
    if (missing == 0 and (voor, tegen) != stated) or voor > stated[0] or tegen > stated[1]:
        result.contradictions.append(f"the rows count {voor}-{tegen}, the Besluit states {stated[0]}-{stated[1]}")


def vote_result(rows: Iterable[Stemming], besluit: Besluit | None = None, on: date | None = None) -> VoteResult:
    """The vote of one Besluit from its Stemming rows (see the module doc for how rows count)."""
    rows = list(rows)
    day = on or max((s.datum for s in rows if s.datum), default=None)
    result = VoteResult(besluit_id=besluit.id if besluit else next((s.besluit_id for s in rows), None),
                        source="Stemming", kamer_size=kamer_size(day))
    if besluit is not None:
        result.uitslag, result.besluit_soort = besluit.uitslag, besluit.besluit_soort
        result.besluit_tekst, result.hoofdelijk, result.zaak = besluit.besluit_tekst, besluit.hoofdelijk, besluit.zaak
    _count(_counted_rows(rows, result), result)
    result.hoofdelijk = result.hoofdelijk or (bool(result.members) and all(p.by_members for p in result.parties))
    _check(result)
    return result


def besluit_result(besluit: dict, on: date | None = None, where: str | None = None) -> VoteResult:
    """The vote of an OData Besluit with its ``Stemming`` rows expanded (as sync writes a Zaak's Besluiten)."""
    b = read_besluit(besluit, where)
    stemmingen: list = besluit["Stemming"] if isinstance(besluit.get("Stemming"), list) else []
    rows = [read_stemming({"Besluit_Id": b.id, **r}, where)[0] for r in stemmingen if isinstance(r, dict)]
    return vote_result(rows, b, on)


def summary_result(s: Stemmingsuitslag) -> VoteResult:
    """A vote total from the votes summary (a third party's sums), checked like the rows: complete only when it
    covers the Kamer, contradictory when its outcome and count disagree."""
    result = VoteResult(besluit_id=None, source="summary", uitslag=s.uitslag, besluit_soort=s.besluit_soort,
                        kamer_size=kamer_size(s.datum), zaak=ZaakRef(id=s.zaak_id, nummer=s.zaak_nummer))
    for soort, n in ((VOOR, s.voor), (TEGEN, s.tegen), (NIET_DEELGENOMEN, s.niet_deelgenomen)):
        if n:
            result.totals[soort] = n
            result.seats += n
    _check(result)
    return result


def best_result(from_rows: VoteResult | None, from_summary: VoteResult | None) -> VoteResult | None:
    """The Kamer's own rows win over the summary where both exist; a summary that disagrees is noted."""
    if from_rows is None:
        return from_summary
    if from_summary is not None and from_summary.totals != from_rows.totals:
        from_rows.notes.append(f"the votes summary says {from_summary.totals} ({from_summary.status})")
    return from_rows
