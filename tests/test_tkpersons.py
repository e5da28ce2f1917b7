"""Members and parties from open data: Persoon and Fractie pages, memberships over time, names as cited.

Fictional records in the shape of ../shared/corpus/tk-2023-2025/personen/ and of the Stemming pages.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from kamerspoor import tkpersons, tkvotes
from kamerspoor.model import InputError


def persoon(i: int, achternaam: str, roepnaam: str, initialen: str, tussenvoegsel: str | None = None) -> dict:
    return {"Id": f"e0000000-0000-4000-8000-{i:012d}", "Nummer": 50000 + i, "Titels": None, "Initialen": initialen,
            "Tussenvoegsel": tussenvoegsel, "Achternaam": achternaam, "Voornamen": f"{roepnaam} Maria",
            "Roepnaam": roepnaam, "Geslacht": None, "Functie": "Tweede Kamerlid", "Verwijderd": False,
            "Fractielabel": None}


PERSONEN = {"value": [
    persoon(1, "Dijk", "Jan", "J."), persoon(2, "Dijk", "Ina", "I.M.", "van"), persoon(3, "Dijk", "Otto", "O.", "van"),
    persoon(4, "Velde-Smit", "Roos", "R.A."), persoon(5, "Boer", "Teun", "T.", "de"),
]}


def fractie(i: int, afkorting: str, naam: str, zetels: int, inactief: str | None = None) -> dict:
    return {"Id": f"f0000000-0000-4000-8000-{i:012d}", "Nummer": 3000 + i, "Afkorting": afkorting, "NaamNL": naam,
            "NaamEN": naam, "AantalZetels": zetels, "AantalStemmen": None, "DatumActief": "2001-01-01T00:00:00+01:00",
            "DatumInactief": inactief, "Verwijderd": False}


FRACTIES = [fractie(1, "Nieuwe Beweging", "Nieuwe Beweging", 20), fractie(2, "PvV", "Partij van Voorbeelden", 30),
            fractie(3, "Oud", "Oude Partij", 0, "2023-10-26T00:00:00+02:00")]


def member_row(i: int, persoon_i: int, actor_fractie: str, fractie_i: int, day: str) -> dict:
    return {"Id": f"d0000000-0000-4000-8000-{i:012d}", "Besluit_Id": f"b0000000-0000-4000-8000-{i:012d}",
            "Soort": "Voor", "FractieGrootte": 20, "ActorNaam": "Lid, X.", "ActorFractie": actor_fractie,
            "Vergissing": False, "SidActorLid": f"S-1-5-{persoon_i}", "Persoon_Id": f"e0000000-0000-4000-8000-{persoon_i:012d}",
            "Fractie_Id": f"f0000000-0000-4000-8000-{fractie_i:012d}", "GewijzigdOp": f"{day}T16:00:00+01:00",
            "Verwijderd": False, "Fractie": FRACTIES[fractie_i - 1], "Persoon": PERSONEN["value"][persoon_i - 1]}


@pytest.fixture
def leden() -> tkpersons.Kamerleden:
    k = tkpersons.Kamerleden()
    k.add_personen(tkpersons.read_personen(PERSONEN))
    k.add_fracties(tkpersons.read_fracties(FRACTIES))
    rows = [member_row(1, 3, "Oud", 3, "2023-03-01"), member_row(2, 3, "Oud", 3, "2023-06-01"),
            member_row(3, 3, "PvV", 2, "2024-02-01"), member_row(4, 3, "PvV", 2, "2024-09-01"),
            member_row(5, 2, "NB", 1, "2024-02-01")]  # "NB": the rows name Nieuwe Beweging otherwise
    k.add_stemmingen(s for s, _ in tkvotes.read_stemming_page({"value": rows}))
    return k


def test_personen_and_fracties_are_read_from_odata_pages_and_lists():
    personen = tkpersons.read_personen(PERSONEN)
    assert [p.naam for p in personen[:2]] == ["Jan Dijk", "Ina van Dijk"] and personen[1].surname == "van Dijk"
    f = tkpersons.read_fracties(FRACTIES)[2]
    assert (f.afkorting, f.naam, f.zetels, f.actief_tot) == ("Oud", "Oude Partij", 0, date(2023, 10, 26))
    with pytest.raises(InputError, match="needs an Id and an Achternaam"):
        tkpersons.read_personen([{"Id": "e0000000-0000-4000-8000-000000000009"}])


def test_a_party_resolves_by_abbreviation_name_or_the_name_the_vote_rows_use(leden):
    for name in ("Nieuwe Beweging", "nieuwe beweging", "NB", "f0000000-0000-4000-8000-000000000001"):
        assert leden.fractie(name).label == "Nieuwe Beweging"
    assert leden.fractie("Partij van Voorbeelden").label == "PvV"
    assert leden.fractie("Onbekende Partij") is None


def test_a_members_party_over_time_is_observed_in_the_votes(leden):
    otto = "e0000000-0000-4000-8000-000000000003"
    assert leden.party_of(otto, date(2023, 4, 15)).fractie == "Oud"
    later = leden.party_of(otto, date(2024, 5, 1))
    assert (later.fractie, later.bron, later.van, later.tot) == ("PvV", "Stemming", date(2024, 2, 1), date(2024, 9, 1))
    assert leden.party_of(otto, date(2023, 12, 1)) is None  # between two parties: not known, not guessed


def test_exact_periods_from_fractiezetelpersoon_win_and_records_without_links_are_counted():
    records = [{"Id": "a1", "Functie": "Lid", "Van": "2023-12-06T00:00:00+01:00", "TotEnMet": None,
                "Persoon_Id": "e0000000-0000-4000-8000-000000000005",
                "FractieZetel": {"Id": "z1", "Fractie_Id": "f0000000-0000-4000-8000-000000000002"}},
               {"Id": "a2", "Functie": "Lid", "Van": "2023-12-06T00:00:00+01:00", "TotEnMet": None}]
    periods, unlinked = tkpersons.read_fractiezetelpersonen({"value": records})
    assert unlinked == 1 and len(periods) == 1
    k = tkpersons.Kamerleden(lidmaatschappen=periods)
    m = k.party_of("e0000000-0000-4000-8000-000000000005", date(2025, 1, 1))
    assert m.fractie_id == "f0000000-0000-4000-8000-000000000002" and m.bron == "FractieZetelPersoon"


@pytest.mark.parametrize("cited, found", [
    ("Dijk", ["Jan Dijk"]),  # the whole surname first: not one of the Van Dijks
    ("Van Dijk", ["Ina van Dijk", "Otto van Dijk"]),  # ambiguous: every candidate
    ("Ina van Dijk", ["Ina van Dijk"]), ("I.M. van Dijk", ["Ina van Dijk"]),
    ("Velde-Smit", ["Roos Velde-Smit"]), ("De Boer", ["Teun de Boer"]), ("Klaas de Boer", []),
])
def test_a_member_is_found_by_the_name_as_cited(leden, cited, found):
    assert [p.naam for p in leden.find(cited)] == found


def test_expanded_persons_without_details_name_no_one():
    rows = [member_row(1, 1, "PvV", 2, "2024-01-01"), {**member_row(2, 2, "PvV", 2, "2024-01-01"),
                                                        "Persoon": {**PERSONEN["value"][1], "Achternaam": None}}]
    personen, fracties = tkpersons.read_expanded({"value": rows})
    assert [p.naam for p in personen] == ["Jan Dijk"] and [f.label for f in fracties] == ["PvV"]


def test_real_persons_parties_and_member_rows_resolve(shared):
    corpus = shared / "corpus" / "tk-2023-2025"
    k = tkpersons.Kamerleden()
    for f in sorted((corpus / "personen").glob("*.json")):
        records = json.loads(f.read_text(encoding="utf-8"))
        if records and "Achternaam" in records[0]:
            k.add_personen(tkpersons.read_personen(records))
        elif records and "Afkorting" in records[0]:
            k.add_fracties(tkpersons.read_fracties(records))
    pages = sorted((corpus / "stemmingen").glob("*.json"))
    for f in pages:
        personen, fracties = tkpersons.read_expanded(f)
        k.add_personen(personen)
        k.add_fracties(fracties)
    rows = [s for s, _ in tkvotes.iter_stemming_files(pages)]
    k.add_stemmingen(rows)
    members = [s for s in rows if s.persoon_id]
    assert members
    for s in rows:  # every party a row names resolves, whatever name it uses
        assert k.fractie(s.actor_fractie) is not None, s.actor_fractie
    for s in members:
        assert k.party_of(s.persoon_id, s.datum).fractie == s.actor_fractie
        p = k.personen.get(s.persoon_id)
        if p is not None:  # a person named in the pages is found by their surname as cited
            assert p in k.find(p.surname) and k.find(p.naam) == [p]
    by_person: dict[str, list] = {}
    for m in k.lidmaatschappen:
        by_person.setdefault(m.persoon_id, []).append(m)
    for periods in by_person.values():  # one party at a time
        periods.sort(key=lambda m: m.van)
        assert all(a.tot < b.van for a, b in zip(periods, periods[1:], strict=False))
