"""Tweede Kamer open data in the store: Stemming rows counted per party and per member, persons and parties that
give a motion's signatories their party, cabinet letters known from their Document record only; on SQLite and
(KAMERSPOOR_TEST_PG_URL) PostgreSQL; and what the motion page, the API and the CLI show of them.

Everything is fictional and built here in the open data's shapes (dossier 99 902 of tests/fixtures/store: motion
nr. 8 of De Wit c.s., nr. 11 the gewijzigde motie of Kaya; five made-up parties of 150 seats together).
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamerspoor.cli import main
from kamerspoor.ingest import ingest
from kamerspoor.store import open_store
from kamerspoor.store.fulltext import SearchFilters
from kamerspoor.web import create_app
from kamerspoor.web.server import running

ROOT = Path(__file__).resolve().parent.parent
STORE_FIXTURES = ROOT / "tests" / "fixtures" / "store"
ZAAK_8, ZAAK_11 = "00000000-0000-4000-8000-000000009908", "00000000-0000-4000-8000-000000009911"
PARTIES = [("Partij voor de Toekomst", "PvdT", 50), ("Partij Noord", "PN", 40), ("Partij Zuid", "PZ", 30),
           ("Partij Oost", "PO", 20), ("Partij West", "PW", 10)]
NAMED = {0: ("Wit", "de", "D."), 1: ("Jansen", None, "J."), 50: ("Kaya", None, "A."), 90: ("Smit", None, "S.")}
PARTY_VOTE, HOOFDELIJK = "b1000000-0000-4000-8000-000000000001", "b1000000-0000-4000-8000-000000000002"


def fractie_id(i: int) -> str:
    return f"f1000000-0000-4000-8000-{i:012d}"


def persoon_id(i: int) -> str:
    return f"e1000000-0000-4000-8000-{i:012d}"


def party_of(member: int) -> int:
    """Members 0-49 sit for the first party, 50-89 the second, and so on."""
    start = 0
    for i, (_, _, seats) in enumerate(PARTIES):
        if member < start + seats:
            return i
        start += seats
    raise ValueError(member)


def surname(i: int) -> tuple[str, str | None, str]:
    return NAMED.get(i, (f"Lid{i:03d}", None, "X."))


def besluit(bid: str, volgorde: int, hoofdelijk: bool = False, soort: str = "Stemmen - aangenomen") -> dict:
    return {"Id": bid, "Agendapunt_Id": "c1000000-0000-4000-8000-000000000001", "BesluitSoort": soort,
            "StemmingsSoort": "Hoofdelijk" if hoofdelijk else "Met handopsteken", "BesluitTekst": soort[9:] + ".",
            "AgendapuntZaakBesluitVolgorde": volgorde, "Verwijderd": False,
            "Agendapunt": {"Id": "c1000000-0000-4000-8000-000000000001", "Onderwerp": "Stemmingen over moties",
                           "Zaak": [{"Id": ZAAK_8, "Nummer": "2025Z99908", "Soort": "Motie", "Verwijderd": False},
                                    {"Id": ZAAK_11, "Nummer": "2025Z99911", "Soort": "Motie", "Verwijderd": False}]}}


def party_rows() -> list[dict]:
    """The first two parties voor (90 seats), the others tegen (60): 2025Z99908 as the votes summary has it."""
    return [{"Id": f"d1000000-0000-4000-8000-{i:012d}", "Besluit_Id": PARTY_VOTE, "Soort": "Voor" if i < 2 else "Tegen",
             "FractieGrootte": seats, "ActorNaam": name, "ActorFractie": name, "Vergissing": False, "SidActorLid": None,
             "Persoon_Id": None, "Fractie_Id": fractie_id(i), "GewijzigdOp": "2025-03-18T16:00:00+01:00",
             "Verwijderd": False, "Besluit": besluit(PARTY_VOTE, 1)}
            for i, (name, _, seats) in enumerate(PARTIES)]


def member_rows() -> list[dict]:
    """A hoofdelijke stemming on 2025Z99911: 70 voor (members 0-69), 80 tegen, as the votes summary has it. Each
    row carries its party and the party's size, as the Kamer's rows do."""
    rows = []
    for i in range(150):
        p = party_of(i)
        name, tussen, initialen = surname(i)
        rows.append({"Id": f"d2000000-0000-4000-8000-{i:012d}", "Besluit_Id": HOOFDELIJK,
                     "Soort": "Voor" if i < 70 else "Tegen", "FractieGrootte": PARTIES[p][2],
                     "ActorNaam": f"{name}, {initialen}" if not tussen else f"{name}, {initialen} {tussen}",
                     "ActorFractie": PARTIES[p][0], "Vergissing": i == 69, "SidActorLid": f"S-1-5-21-{i}",
                     "Persoon_Id": persoon_id(i), "Fractie_Id": fractie_id(p),
                     "GewijzigdOp": "2025-03-25T16:00:00+01:00", "Verwijderd": False,
                     "Besluit": besluit(HOOFDELIJK, 2, hoofdelijk=True, soort="Stemmen - verworpen")})
    return rows


def personen() -> list[dict]:
    out = []
    for i in range(150):
        name, tussen, initialen = surname(i)
        out.append({"Id": persoon_id(i), "Nummer": 90000 + i, "Achternaam": name, "Tussenvoegsel": tussen,
                    "Initialen": initialen, "Roepnaam": None, "Functie": "Tweede Kamerlid", "Verwijderd": False})
    return out


def fracties() -> list[dict]:
    return [{"Id": fractie_id(i), "Afkorting": short, "NaamNL": name, "AantalZetels": seats,
             "DatumActief": "2023-12-06T00:00:00+01:00", "DatumInactief": None, "Verwijderd": False}
            for i, (name, short, seats) in enumerate(PARTIES)]


def brief(n: int, onderwerp: str, soort: str = "Brief regering") -> dict:
    return {"Id": f"a9000000-0000-4000-8000-{n:012d}", "Soort": soort, "DocumentNummer": f"2025D999{n:02d}",
            "Titel": "Mensenrechtenbeleid", "Onderwerp": onderwerp, "Datum": f"2025-05-0{n % 9 + 1}T00:00:00+02:00",
            "Vergaderjaar": "2024-2025", "Volgnummer": 30 + n, "Verwijderd": False}


LETTERS = [brief(1, "Reactie op de motie van het lid De Wit c.s. over een fonds voor mensenrechtenverdedigers "
                    "(Kamerstuk 99902-8)"),
           brief(2, "Appreciatie gewijzigde motie van het lid Kaya over een jaarlijkse rapportage (Kamerstuk 99902-11)"),
           brief(3, "Uitvoering van de motie van het lid Kaya over een jaarlijkse rapportage"),
           brief(4, "Motie van het lid Smit over iets anders", soort="Motie")]


def page(rows: list[dict]) -> dict:
    return {"@odata.context": "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/$metadata#Stemming", "value": rows}


def write(path: Path, obj) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj), encoding="utf-8")
    return path


@pytest.fixture
def opendata(tmp_path: Path) -> Path:
    """The open data folder: two Stemming pages (the hoofdelijke stemming's rows span both), persons and
    parties, and a page of Document records."""
    root = tmp_path / "tk"
    members = member_rows()
    write(root / "stemmingen" / "page1.json", page(party_rows() + members[:100]))
    write(root / "stemmingen" / "page2.json", page(members[100:]))
    write(root / "personen" / "personen.json", personen())
    write(root / "personen" / "fracties.json", fracties())
    write(root / "documenten" / "brieven.json", {"value": LETTERS})
    return root


def table_counts(store) -> dict[str, int]:
    tables = ("stemmingen", "besluiten", "besluit_fracties", "besluit_leden", "personen", "fracties", "letters",
              "letter_motions", "submitter_parties", "documents")
    return {t: store.count(f"SELECT count(*) FROM {t}") for t in tables}


def test_a_party_vote_counts_seats_and_a_hoofdelijke_stemming_each_member_once(store, opendata) -> None:
    ingest(store, [STORE_FIXTURES], jobs=1)
    report = ingest(store, [opendata / "stemmingen" / "page1.json"], jobs=1)
    assert not report.failed
    part = store.motion("kst-99902-11")["vote"]
    # a page cut the hoofdelijke stemming: what is known, not a result
    assert (part["source"], part["status"], part["seats"], part["complete"]) == ("Stemming", "incomplete", 100, False)
    ingest(store, [opendata / "stemmingen" / "page2.json"], jobs=1)
    whole = store.motion("kst-99902-11")["vote"]
    assert (whole["status"], whole["voor"], whole["tegen"], whole["hoofdelijk"]) == ("complete", 70, 80, True)
    assert len(whole["members"]) == 150 and whole["members"][0]["soort"] == "Voor"
    assert {p["fractie"]: (p["voor"], p["tegen"]) for p in whole["parties"]}["Partij Noord"] == (20, 20)
    assert sum(p["seats"] for p in whole["parties"]) == 150  # not 150 times each party's size
    assert len(whole["mistakes"]) == 1  # member 69's Vergissing: kept and counted, as the Kamer keeps it
    party = store.motion("kst-99902-8")["vote"]  # the Besluit at place 1 of its Agendapunt's two Zaken
    assert (party["status"], party["voor"], party["tegen"], party["hoofdelijk"]) == ("complete", 90, 60, False)
    assert {p["fractie"]: p["voor"] for p in party["parties"]} == {"Partij voor de Toekomst": 50, "Partij Noord": 40,
                                                                  "Partij Zuid": 0, "Partij Oost": 0, "Partij West": 0}
    assert party["summary"]["voor"] == 90  # the votes summary beside the rows, which win


def test_ingesting_the_same_open_data_again_duplicates_nothing(store, opendata) -> None:
    ingest(store, [STORE_FIXTURES, opendata], jobs=1)
    before = table_counts(store)
    assert before["besluit_leden"] == 150 and before["letters"] == 3
    again = ingest(store, [STORE_FIXTURES, opendata], jobs=1)
    assert again.unchanged == again.files and table_counts(store) == before
    changed = json.loads((opendata / "stemmingen" / "page2.json").read_text())
    changed["value"].append(changed["value"][0])  # a row read twice is counted once
    write(opendata / "stemmingen" / "page2.json", changed)
    ingest(store, [opendata], jobs=1)
    assert table_counts(store) == before


def test_signatories_get_the_party_they_sat_for_so_the_party_filter_finds_the_motion(store, opendata) -> None:
    ingest(store, [STORE_FIXTURES, opendata], jobs=1)
    smit = store.motion("kst-99902-12")  # no Zaak, no ZaakActor: only the motion's own "Smit"
    assert [(s["name"], s["fractie"]) for s in smit["submitter_parties"]] == [("Smit", "Partij Zuid")]
    found = store.search("dialoog", SearchFilters(party="PZ", kind="motie")).results  # by the party's short name too
    assert "kst-99902-12" in [h.id for h in found]
    assert "kst-99902-12" not in [h.id for h in store.search("dialoog", SearchFilters(party="Partij West")).results]


def test_a_letter_known_by_its_metadata_is_a_document_linked_by_its_subject(store, opendata) -> None:
    ingest(store, [STORE_FIXTURES, opendata], jobs=1)
    letters = {(x["letter"], x["how"], x["relation"], x["text_in_store"]) for x in store.motion("kst-99902-8")["letters"]}
    # its kst id from the dossier title its Zaken give one dossier, and its Volgnummer
    assert letters == {("kst-99902-31", "number", "answer", False)}
    kaya = {(x["letter"], x["how"], x["relation"]) for x in store.motion("kst-99902-11")["letters"]}
    assert kaya == {("kst-99902-32", "number", "appreciatie"), ("kst-99902-33", "member_subject", "answer")}
    info = store.letter("kst-99902-31")
    assert info["nummer"] == "2025D99901" and not info["text_in_store"]
    assert store.document("kst-99902-31") is not None  # a document without text, that fetch can fill
    answers = [a["letter"] for a in store.motion("kst-99902-8")["answers"]]
    assert "kst-99902-31" not in answers  # links from a subject line are kept apart from answers read in a text


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read().decode()


def test_the_motion_page_and_the_api_show_the_vote_per_party_members_and_letters(db_url, opendata) -> None:
    with open_store(db_url) as s:
        ingest(s, [STORE_FIXTURES, opendata], jobs=1)
    with running(create_app(db_url)) as url:
        html, api, dossier = get(f"{url}/motie/99902-11"), json.loads(get(f"{url}/api/motions/99902-11")), \
            get(f"{url}/dossier/99902")
    assert '<svg class="chart vote-parties"' in html and "https://" not in html.split('<svg class="chart vote-parties"')[1][:2000]
    assert "Partij Noord: 20 voor" in html and "volledig (alle leden genoemd)" in html
    assert "Kaya" in html and "Leden (150)" in html
    assert "gekoppeld via zijn plaats in het agendapunt" in html and api["vote"]["zaak_how"] == "place"
    assert "Appreciatie gewijzigde motie van het lid Kaya" in html and "alleen metadata" in html
    assert "gekoppeld via lid en onderwerp in het onderwerp" in html
    assert "1 brief van het kabinet noemt deze motie in het onderwerp" in html  # the appreciation is not counted
    assert api["vote"]["status"] == "complete" and len(api["vote"]["members"]) == 150
    assert {x["how"] for x in api["letters"]} == {"number", "member_subject"}
    assert "70 voor, 80 tegen" in dossier


def test_an_incomplete_vote_is_shown_as_what_is_known_never_as_the_result(db_url, opendata) -> None:
    with open_store(db_url) as s:
        ingest(s, [STORE_FIXTURES, opendata / "stemmingen" / "page1.json"], jobs=1)
    with running(create_app(db_url)) as url:
        html = get(f"{url}/motie/99902-11")
    assert "onvolledig: 100 van de 150 zetels geteld; dit is geen uitslag" in html
    r = CliRunner().invoke(main, ["motion", "99902-11", "--db", db_url], catch_exceptions=False)
    assert "(incomplete: " in r.output and "100 of 150 seats counted" in r.output


def test_the_votes_command_lists_parties_members_and_letters(db_url, opendata) -> None:
    with open_store(db_url) as s:
        ingest(s, [STORE_FIXTURES, opendata], jobs=1)
    r = CliRunner().invoke(main, ["votes", "99902-11", "--db", db_url], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "verworpen (70-80)" in r.output and "Lid149" in r.output and "member_subject" in r.output
    out = json.loads(CliRunner().invoke(main, ["votes", "99902-11", "--db", db_url, "--format", "json"]).stdout)
    assert out["vote"]["voor"] == 70 and len(out["vote"]["parties"]) == 5
    missing = CliRunner().invoke(main, ["votes", "99999-1", "--db", db_url])
    assert missing.exit_code == 1


def test_the_text_of_a_letter_known_by_its_metadata_replaces_it_and_metadata_never_replaces_a_text(store, opendata,
                                                                                                     tmp_path) -> None:
    ingest(store, [STORE_FIXTURES, opendata], jobs=1)
    record = json.loads((STORE_FIXTURES / "kst-99902-20.json").read_text(encoding="utf-8"))
    record["document"].update(id="kst-99902-31", number=31)  # its text arrives (kamerspoor fetch, or a file)
    ingest(store, [write(tmp_path / "fetched" / "kst-99902-31.json", record)], jobs=1)
    assert store.letter("kst-99902-31")["text_in_store"]
    assert store.document("kst-99902-31")["text"] == record["text"]
    assert [x["letter"] for x in store.motion("kst-99902-8")["letters"]] == ["kst-99902-31"]  # the link is kept
    letters = json.loads((opendata / "documenten" / "brieven.json").read_text(encoding="utf-8"))
    letters["value"][0]["Onderwerp"] += " en een nadere reactie"  # a newer Document record
    write(opendata / "documenten" / "brieven.json", letters)
    ingest(store, [opendata], jobs=1)
    assert store.document("kst-99902-31")["text"] == record["text"]
    assert store.letter("kst-99902-31")["onderwerp"].endswith("en een nadere reactie")


def test_in_a_browser_the_vote_chart_shows_and_the_member_list_opens(db_url, opendata, request) -> None:
    if db_url.startswith("postgresql"):
        pytest.skip("the page is the same on both databases (compared in tests/test_api.py); one browser run")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (.ci/browser.sh installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    chromium = request.getfixturevalue("chromium")
    with open_store(db_url) as s:
        ingest(s, [STORE_FIXTURES, opendata], jobs=1)
    with running(create_app(db_url)) as url:
        context = chromium.new_context(base_url=url, locale="nl-NL")
        try:
            page = context.new_page()
            page.goto("/motie/99902-11")
            chart = page.locator("svg.vote-parties")
            sync_api.expect(chart).to_be_visible()
            assert chart.locator("rect").count() == 6  # a part per vote a party cast: only Partij Noord is split
            members = page.locator("details.vote-members")
            sync_api.expect(members.locator("td", has_text="Lid149")).to_be_hidden()
            members.locator("summary").click()
            sync_api.expect(members.locator("td", has_text="Lid149")).to_be_visible()
            assert page.evaluate("() => performance.getEntriesByType('resource')"
                                 ".filter(r => !r.name.startsWith(location.origin)).length") == 0  # nothing from a CDN
            axe = pytest.importorskip("axe_playwright_python.sync_playwright")
            found = axe.Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]},
                                                 "resultTypes": ["violations"]}).response["violations"]
            assert not [v["id"] for v in found if v["impact"] in ("serious", "critical")], found
        finally:
            context.close()


def test_the_entity_records_sync_writes_under_tk_are_read_one_per_file(store, tmp_path) -> None:
    out = tmp_path / "out"
    rows = [{k: v for k, v in r.items() if k != "Besluit"} for r in party_rows()]
    b = {k: v for k, v in besluit(PARTY_VOTE, 2).items() if k != "Agendapunt"}  # place 2, but Besluit.Zaak says 8
    write(out / "tk" / "Besluit" / f"{PARTY_VOTE}.json",
          {**b, "Stemming": rows, "Zaak": [{"Id": ZAAK_8, "Nummer": "2025Z99908"}]})
    for p in personen()[:3]:
        write(out / "tk" / "Persoon" / f"{p['Id']}.json", p)
    for f in fracties():
        write(out / "tk" / "Fractie" / f"{f['Id']}.json", f)
    write(out / "tk" / "Document" / f"{LETTERS[0]['Id']}.json", LETTERS[0])
    report = ingest(store, [STORE_FIXTURES, out], jobs=1)
    assert not report.failed, report.failed
    vote = store.motion("kst-99902-8")["vote"]
    assert (vote["source"], vote["status"], vote["voor"], vote["tegen"]) == ("Stemming", "complete", 90, 60)
    assert [x["letter"] for x in store.motion("kst-99902-8")["letters"]] == ["kst-99902-31"]
    assert store.count("SELECT count(*) FROM personen") == 3 and store.count("SELECT count(*) FROM fracties") == 5


def test_a_link_by_place_the_signatories_parties_voted_against_is_dropped_and_an_exact_link_kept(store, opendata,
                                                                                                   tmp_path) -> None:
    opposed = page([{**r, "Soort": "Tegen" if r["Soort"] == "Voor" else "Voor"} for r in party_rows()])
    for r in opposed["value"]:
        r["Besluit"] = besluit(PARTY_VOTE, 1, soort="Stemmen - verworpen")
    write(opendata / "stemmingen" / "page1.json", page(member_rows()[:100]))
    write(opendata / "stemmingen" / "page3.json", opposed)  # De Wit's and Jansen's party against "their" motion
    report = ingest(store, [STORE_FIXTURES, opendata], jobs=1)
    assert report.to_dict()["besluit_links_rejected"] == 1
    row = store.query_one("SELECT zaak_id, zaak_how, rejected_zaak_id FROM besluiten WHERE id = ?", (PARTY_VOTE,))
    assert row == {"zaak_id": None, "zaak_how": "place_rejected", "rejected_zaak_id": ZAAK_8}
    assert store.motion("kst-99902-8")["vote"]["source"] == "summary"  # not the other motion's vote
    assert store.motion("kst-99902-11")["vote"]["source"] == "Stemming"  # at its place, its signatory voted voor
    again = ingest(store, [opendata], jobs=1)
    assert again.unchanged == again.files and store.motion("kst-99902-8")["vote"]["source"] == "summary"
    # the same Besluit with its Zaak given exactly (as sync writes tk/Besluit) is linked, and a page by place
    # does not undo that
    b = {k: v for k, v in besluit(PARTY_VOTE, 1, soort="Stemmen - verworpen").items() if k != "Agendapunt"}
    write(tmp_path / "tk" / "Besluit" / f"{PARTY_VOTE}.json",
          {**b, "Stemming": [{k: v for k, v in r.items() if k != "Besluit"} for r in opposed["value"]],
           "Zaak": [{"Id": ZAAK_11, "Nummer": "2025Z99911"}]})
    ingest(store, [tmp_path / "tk"], jobs=1)
    write(opendata / "stemmingen" / "page3.json", {**opposed, "note": "read again"})
    ingest(store, [opendata], jobs=1)
    row = store.query_one("SELECT zaak_id, zaak_how FROM besluiten WHERE id = ?", (PARTY_VOTE,))
    assert row == {"zaak_id": ZAAK_11, "zaak_how": "Besluit.Zaak"}
