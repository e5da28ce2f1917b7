"""Votes from Stemming rows: party rows by their seats, member rows as one, Vergissing kept and flagged, a vote
complete only when it covers the Kamer, contradictions named, the rows winning over a summary.

The rows are fictional but in the shape of the open data's Stemming pages (../shared/corpus/tk-2023-2025/stemmingen/).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest

from kamerspoor import tkvotes
from kamerspoor.fetch import tkodata
from kamerspoor.model import InputError
from kamerspoor.rules.votes import besluit_count, kamer_size
from kamerspoor.tkapi import Stemmingsuitslag, Uitslag

BESLUIT = "b0000000-0000-4000-8000-000000000001"
# fictional parties with their seats (150 together)
PARTIES = [("Partij A", 37), ("Partij B", 25), ("Partij C", 24), ("Partij D", 20), ("Partij E", 9), ("Partij F", 8),
           ("Partij G", 7), ("Partij H", 5), ("Partij I", 5), ("Partij J", 3), ("Partij K", 7)]
SEATS = dict(PARTIES)


def zaak(n: int) -> dict:
    return {"Id": f"a0000000-0000-4000-8000-00000000000{n}", "Nummer": f"2024Z0000{n}", "Soort": "Motie",
            "Onderwerp": f"Motie van het lid Voorbeeld over proef {n}", "Verwijderd": False}


def besluit(soort="Stemmen - aangenomen", tekst="Aangenomen.", stemmingssoort="Met handopsteken", zaken=1) -> dict:
    return {"Id": BESLUIT, "Agendapunt_Id": "c0000000-0000-4000-8000-000000000001", "StemmingsSoort": stemmingssoort,
            "BesluitSoort": soort, "BesluitTekst": tekst, "Opmerking": None, "Status": "Besluit",
            "AgendapuntZaakBesluitVolgorde": 1, "Verwijderd": False,
            "Agendapunt": {"Id": "c0000000-0000-4000-8000-000000000001", "Nummer": "2024P00001",
                           "Onderwerp": "Stemmingen over moties", "Zaak": [zaak(i + 1) for i in range(zaken)]}}


def party_row(i: int, party: str, soort: str, vergissing: bool = False, b: dict | None = None) -> dict:
    return {"Id": f"d0000000-0000-4000-8000-{i:012d}", "Besluit_Id": BESLUIT, "Soort": soort,
            "FractieGrootte": SEATS[party], "ActorNaam": party, "ActorFractie": party, "Vergissing": vergissing,
            "SidActorLid": None, "SidActorFractie": f"S-1-5-21-{i}", "Persoon_Id": None,
            "Fractie_Id": f"f0000000-0000-4000-8000-{PARTIES.index((party, SEATS[party])):012d}",
            "GewijzigdOp": "2024-06-11T16:40:00+02:00", "ApiGewijzigdOp": "2024-06-11T14:41:00Z",
            "Verwijderd": False, "Besluit": b or besluit(), "Fractie": {"Afkorting": party}, "Persoon": None}


def member_rows(counts: dict[str, int], b: dict) -> list[dict]:
    """One row per member of every party, as a hoofdelijke stemming lists them: the first ``counts['Voor']``
    members vote voor, the next ``counts['Tegen']`` tegen, the rest do not take part. Each row carries its
    party's ActorFractie and FractieGrootte, as the real rows do."""
    votes = ["Voor"] * counts["Voor"] + ["Tegen"] * counts["Tegen"] + ["Niet deelgenomen"] * counts["Niet deelgenomen"]
    members = [(party, n) for party, seats in PARTIES for n in range(seats)]
    assert len(votes) == len(members) == 150
    rows = []
    for i, ((party, n), soort) in enumerate(zip(members, votes, strict=True)):
        row = party_row(1000 + i, party, soort, b=b)
        row.update(ActorNaam=f"Lid{n} ({party}), X.", Persoon_Id=f"e0000000-0000-4000-8000-{i:012d}",
                   SidActorLid=f"S-1-5-21-lid-{i}")
        rows.append(row)
    return rows


def party_vote(votes: dict[str, str], b: dict | None = None, vergissing: str | None = None) -> list[dict]:
    return [party_row(i, p, votes.get(p, "Voor"), vergissing == p, b) for i, (p, _) in enumerate(PARTIES)]


def result_of(rows: list[dict]) -> tkvotes.VoteResult:
    groups = tkvotes.group_by_besluit(tkvotes.read_stemming_page({"value": rows}))
    (g,) = groups.values()
    return tkvotes.vote_result(g.rows, g.besluit)


# -- rules ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tekst, count", [
    ("Aangenomen (70-66)", (70, 66)), ("Verworpen. (72-74)", (72, 74)), ("Aangenomen 75-73.", (75, 73)),
    ("Gestaakt. (72-72)", (72, 72)), ("Verworpen (hoofdelijke stemming: 51-87).", (51, 87)),
    ("Verworpen. (Hoofdelijk 70-79)", (70, 79)), ("Aangenomen.", None), ("Verworpen.", None), (None, None),
    ("Aangenomen. Zie de stemmingslijst van 2024-06-11.", None), ("Bedrag 1.000-2.000", None),
])
def test_a_besluit_text_states_its_count_voor_then_tegen(tekst, count):
    assert besluit_count(tekst) == count


def test_the_kamer_has_150_seats_since_1956():
    assert kamer_size(date(2024, 6, 11)) == 150 and kamer_size() == 150
    assert kamer_size(date(1952, 1, 1)) == 100


# -- counting -------------------------------------------------------------------------------------------------------

def test_a_party_vote_counts_each_party_by_its_seats():
    r = result_of(party_vote({"Partij B": "Tegen", "Partij E": "Tegen", "Partij J": "Tegen"}))
    assert r.totals == {"Voor": 113, "Tegen": 37} and r.seats == 150
    assert r.complete and r.status == "complete" and r.result == {"Voor": 113, "Tegen": 37}
    assert r.uitslag is Uitslag.AANGENOMEN and not r.hoofdelijk and r.members == []
    assert [(p.fractie, p.votes) for p in r.parties[:2]] == [("Partij A", {"Voor": 37}), ("Partij B", {"Tegen": 25})]
    assert r.zaak is not None and r.zaak.nummer == "2024Z00001"


def test_a_hoofdelijke_stemming_counts_each_member_once():
    b = besluit(tekst="Aangenomen (72-70)", stemmingssoort="Hoofdelijk")
    rows = member_rows({"Voor": 72, "Tegen": 70, "Niet deelgenomen": 8}, b)
    r = result_of(rows)
    assert r.totals == {"Voor": 72, "Tegen": 70, "Niet deelgenomen": 8}
    assert r.hoofdelijk and r.complete and r.status == "complete" and len(r.members) == 150
    first = r.members[0]
    assert (first.naam, first.fractie, first.soort) == ("Lid0 (Partij A), X.", "Partij A", "Voor")
    party_a = next(p for p in r.parties if p.fractie == "Partij A")
    assert party_a.by_members and party_a.votes == {"Voor": 37}
    mixed = next(p for p in r.parties if p.fractie == "Partij D")  # its members come 87th to 106th: all tegen
    assert sum(mixed.votes.values()) == 20 and set(mixed.votes) == {"Tegen"}
    # the old count took FractieGrootte for every row that names a party
    naive = Counter()
    for row in rows:
        naive[row["Soort"]] += row["FractieGrootte"]
    assert naive["Voor"] > 1000 and tkodata.vote_totals({**b, "Stemming": rows}) == r.totals


def test_a_hoofdelijke_stemming_over_two_pages_is_whole_only_with_both():
    b = besluit(tekst="Verworpen (70-72)", soort="Stemmen - verworpen", stemmingssoort="Hoofdelijk")
    rows = member_rows({"Voor": 70, "Tegen": 72, "Niet deelgenomen": 8}, b)
    page1, page2 = {"value": rows[:100]}, {"value": rows[100:]}
    part = result_of(page1["value"])
    assert part.status == "incomplete" and part.result is None and part.seats == 100
    assert len(part.members) == 100 and part.totals == {"Voor": 70, "Tegen": 30}  # what is known is kept
    groups = tkvotes.group_by_besluit([*tkvotes.read_stemming_page(page1), *tkvotes.read_stemming_page(page2)])
    whole = tkvotes.vote_result(groups[BESLUIT].rows, groups[BESLUIT].besluit)
    assert whole.status == "complete" and whole.result == {"Voor": 70, "Tegen": 72, "Niet deelgenomen": 8}


def test_a_vote_marked_vergissing_counts_as_cast_and_is_flagged():
    r = result_of(party_vote({"Partij H": "Tegen"}, vergissing="Partij H"))
    assert r.totals == {"Voor": 145, "Tegen": 5} and r.complete
    assert r.mistakes == ["Partij H"] and [p.fractie for p in r.parties if p.vergissing] == ["Partij H"]


def test_a_vote_that_covers_part_of_the_kamer_is_incomplete_never_a_result():
    rows = party_vote({"Partij B": "Tegen"})[:-2]  # the last two parties (10 seats) are missing
    r = result_of(rows)
    assert r.seats == 140 and not r.complete and r.status == "incomplete" and r.result is None
    assert r.totals == {"Voor": 115, "Tegen": 25}


def test_a_deleted_row_does_not_count_and_a_row_read_twice_counts_once():
    rows = party_vote({})
    rows.append(dict(rows[0]))  # the same row again (two pages overlap)
    rows[1] = {**rows[1], "Verwijderd": True}
    r = result_of(rows)
    assert r.seats == 150 - SEATS["Partij B"] and r.totals == {"Voor": 125}


def test_an_actor_with_two_different_votes_is_a_contradiction():
    rows = party_vote({})
    rows.append({**rows[2], "Id": "d0000000-0000-4000-8000-999999999999", "Soort": "Tegen"})
    r = result_of(rows)
    assert r.status == "contradictory" and r.result is None
    assert r.contradictions == ["Partij C has two votes: Voor and Tegen"]


def test_an_outcome_the_count_cannot_carry_is_a_contradiction():
    r = result_of(party_vote({"Partij A": "Tegen", "Partij B": "Tegen", "Partij C": "Tegen"}))  # 64 voor, 86 tegen
    assert r.uitslag is Uitslag.AANGENOMEN and r.status == "contradictory"
    assert r.contradictions == ["adopted, but 64 voor against 86 tegen"]


def test_a_count_stated_in_the_besluit_that_the_rows_disagree_with_is_a_contradiction():
    b = besluit(tekst="Aangenomen (74-68)", stemmingssoort="Hoofdelijk")
    r = result_of(member_rows({"Voor": 72, "Tegen": 70, "Niet deelgenomen": 8}, b))
    assert r.contradictions == ["the rows count 72-70, the Besluit states 74-68"]
    part = result_of(member_rows({"Voor": 72, "Tegen": 70, "Niet deelgenomen": 8}, b)[:60])
    assert part.status == "incomplete"  # 60 voor so far, under the 74 stated: no contradiction yet


def test_a_besluit_decides_its_agendapunts_one_zaak_or_the_one_at_its_place_among_several():
    one = result_of(party_vote({}, b=besluit(zaken=1)))
    assert one.zaak is not None and one.zaak.nummer == "2024Z00001"
    third = tkvotes.read_besluit({**besluit(zaken=3), "AgendapuntZaakBesluitVolgorde": 3})
    assert not third.zaken_exact and third.zaak is not None and third.zaak.nummer == "2024Z00003" and third.by_place
    assert not tkvotes.read_besluit(besluit(zaken=1)).by_place  # an Agendapunt's only Zaak needs no check
    for place in (None, 0, 4, "2", True):  # no place, or none the Agendapunt has: not known
        assert tkvotes.read_besluit({**besluit(zaken=3), "AgendapuntZaakBesluitVolgorde": place}).zaak is None
    exact = tkvotes.read_besluit({"Id": BESLUIT, "Zaak": [zaak(2)], "Agendapunt": besluit(zaken=3)["Agendapunt"]})
    assert exact.zaken_exact and exact.zaak is not None and exact.zaak.nummer == "2024Z00002"


def test_a_summary_total_is_checked_like_the_rows():
    def summary(soort, voor, tegen, nd=None):
        return Stemmingsuitslag(zaak_nummer="2024Z00009", uitslag=Uitslag(soort), besluit_soort=f"Stemmen - {soort}",
                                voor=voor, tegen=tegen, niet_deelgenomen=nd)
    partial = tkvotes.summary_result(summary("aangenomen", 52, 55))
    assert partial.status == "incomplete" and partial.result is None  # 43 seats unknown: could still be adopted
    assert tkvotes.summary_result(summary("aangenomen", 70, 80)).contradictions == [
        "adopted, but 70 voor against 80 tegen"]
    hopeless = tkvotes.summary_result(summary("aangenomen", 40, 90))  # 20 seats left cannot give voor a majority
    assert hopeless.contradictions == ["adopted, but 40 voor against 90 tegen with 20 seats not counted"]
    doubled = tkvotes.summary_result(summary("verworpen", 1116, 1983, 25))
    assert doubled.status == "contradictory" and "more than the Kamer's 150" in doubled.contradictions[0]
    assert tkvotes.summary_result(summary("verworpen", 66, 84)).result == {"Voor": 66, "Tegen": 84}


def test_the_rows_win_over_the_summary():
    rows = result_of(party_vote({"Partij B": "Tegen"}))
    summ = tkvotes.summary_result(Stemmingsuitslag(zaak_nummer="2024Z00001", uitslag=Uitslag.AANGENOMEN,
                                                   besluit_soort="Stemmen - aangenomen", voor=100, tegen=20))
    best = tkvotes.best_result(rows, summ)
    assert best is rows and best.result == {"Voor": 125, "Tegen": 25}
    assert best.notes == ["the votes summary says {'Voor': 100, 'Tegen': 20} (incomplete)"]
    assert tkvotes.best_result(None, summ) is summ


def test_a_page_that_is_not_stemming_rows_is_refused_with_the_file(tmp_path):
    bad = tmp_path / "page.json"
    bad.write_text(json.dumps({"value": [{"Id": "x", "FractieGrootte": "veel"}]}))
    with pytest.raises(InputError, match="FractieGrootte is not a number"):
        tkvotes.read_stemming_page(bad)
    bad.write_text("{")
    with pytest.raises(InputError, match="not valid JSON"):
        tkvotes.read_stemming_page(bad)


# -- the real pages -------------------------------------------------------------------------------------------------

def test_every_real_besluit_counts_the_same_two_independent_ways(shared):
    files = sorted((shared / "corpus" / "tk-2023-2025" / "stemmingen").glob("*.json"))
    assert files
    raw: dict[str, Counter] = {}
    for f in files:  # way 1: straight from the JSON, without kamerspoor
        for row in json.loads(f.read_text(encoding="utf-8"))["value"]:
            if row.get("Verwijderd"):
                continue
            seats = 1 if (row.get("Persoon_Id") or row.get("SidActorLid")) else row["FractieGrootte"]
            raw.setdefault(row["Besluit_Id"].lower(), Counter())[row["Soort"]] += seats
    groups = tkvotes.group_by_besluit(tkvotes.iter_stemming_files(files))
    assert set(groups) == set(raw)
    statuses = Counter()
    for key, g in groups.items():  # way 2: kamerspoor's count, and its parties and members adding up to it
        r = tkvotes.vote_result(g.rows, g.besluit)
        assert r.totals == dict(raw[key]), key
        by_party = Counter()
        for p in r.parties:
            by_party.update(p.votes)
        assert dict(by_party) == r.totals
        if r.hoofdelijk:
            assert dict(Counter(m.soort for m in r.members)) == r.totals
        statuses[r.status] += 1
    assert statuses["complete"] > 0 and sum(statuses.values()) == len(groups)


def test_signatories_whose_parties_voted_against_rule_out_a_link_by_place():
    # (voor, tegen) seats of each signatory's party
    assert tkvotes.signatories_oppose([(0, 37), (0, 25), (5, 0)])  # two of three parties against
    assert not tkvotes.signatories_oppose([(37, 0), (0, 25)])  # as many for as against: not ruled out
    assert not tkvotes.signatories_oppose([(20, 4)])  # a split party that voted mostly voor
    assert not tkvotes.signatories_oppose([])  # nothing known
