"""The motion list by ministry, the answer state shared by list, page and report, and ministry watches.

A motion's ministry is decided once (store.owners.of_motion) for the report and the motion list; a ministry filter
takes an id, a name or an abbreviation as the report's does. A letter known only by its open-data Document record
whose subject names a motion makes that motion "named" in the list, on its page and in the report alike. A ministry
watch sees the letters the ministry signs and the motions addressed to it, and reports only what is new.

The stores: the examples (dossier 99 940: a letter of Buitenlandse Zaken answering motion 5; motion 7 without an
answer, its dossier's letters signed by BZ) and the store fixtures (dossier 99 902: motions without a ministry), on
SQLite and (with KAMERSPOOR_TEST_PG_URL) PostgreSQL; the API and the pages through a real HTTP server."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from kamerspoor import verantwoording as V
from kamerspoor import watches
from kamerspoor.cli import main
from kamerspoor.ingest import ingest, put_record
from kamerspoor.model import InputError
from kamerspoor.store import MotionFilters, StoreError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "store"
TODAY = "2026-01-01"
BZ = {"kst-99940-5", "kst-99940-7"}
ATOM = "{http://www.w3.org/2005/Atom}"


def record(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def signed_letter(number: int, title: str) -> dict:
    """The fixture letter of dossier 99 902 (it answers motions 8, 11 and 12) as another number with ``title``,
    whose title line names the ministry that signs it."""
    rec = record("kst-99902-20")
    rec["document"].update(id=f"kst-99902-{number}", number=number, title=title, date="2025-10-01")
    return rec


def brief_naming(path: Path, motion: str, relation_words: str = "Uitvoering van de motie van het lid De Wit") -> Path:
    """A file of open-data Document records (the shape of tests/fixtures/report): one "Brief regering" whose
    subject names ``motion`` (dossier-number) by number; its text is not in the store."""
    path.write_text(json.dumps({"value": [{
        "Id": "00000000-0000-4000-8000-0000009940c1", "Soort": "Brief regering", "DocumentNummer": "2025D99461",
        "Titel": "Mensenrechten in het buitenlands beleid (fictief voorbeeld)",
        "Onderwerp": f"{relation_words} over een meldpunt (Kamerstuk {motion})",
        "Datum": "2025-11-20T00:00:00+01:00", "Vergaderjaar": "2025-2026", "Kamer": 2, "Volgnummer": 14,
        "Verwijderd": False}]}), encoding="utf-8")
    return path


@pytest.fixture
def examples(store):
    report = ingest(store, [ROOT / "examples", FIXTURES], jobs=1)
    assert not report.failed, report.failed
    return store


def ids(store, **filters) -> set[str]:
    return {m["id"] for m in store.motion_list(MotionFilters(**filters), limit=100)[1]}


def report_rows(store, **filters) -> dict[str, dict]:
    return {r["id"]: r for r in V.build(store, V.Filters(today=TODAY, **filters))["motions"]}


# -- the ministry filter --------------------------------------------------------------------------------------

def test_the_ministry_filter_takes_an_id_a_name_or_an_abbreviation_as_the_report_does(examples) -> None:
    for written in ("bz", "Buitenlandse Zaken", "BZ", "BuZa", "ministerie van Buitenlandse Zaken"):
        assert ids(examples, ministry=written) == BZ, written
    everything = ids(examples)
    assert ids(examples, ministry="onbekend") == everything - BZ
    assert ids(examples, ministry="def") == set()
    # the adopted motions in the store the report counts for BZ are the ones the list gives
    in_store = {i for i, r in report_rows(examples, ministry="Buitenlandse Zaken").items() if r["in_store"]}
    assert in_store == ids(examples, ministry="bz", vote="aangenomen") == BZ
    with pytest.raises(StoreError, match="ministry 'Ministerie van Weer'"):
        examples.motion_list(MotionFilters(ministry="Ministerie van Weer"))


def test_a_motion_without_a_ministry_of_its_own_takes_the_answering_letters_as_in_the_report(examples) -> None:
    assert ids(examples, ministry="def") == set()
    put_record(examples, signed_letter(21, "Brief van de minister van Defensie over mensenrechtenverdedigers"))
    # the letter answers 8, 11 (and so 9, which 11 replaces) and 12: none has a Zaak or budget chapter ministry
    assert ids(examples, ministry="Defensie") == {"kst-99902-8", "kst-99902-9", "kst-99902-11", "kst-99902-12"}
    rows = report_rows(examples)
    assert (rows["kst-99902-8"]["ministry"], rows["kst-99902-8"]["ministry_source"]) == ("def", "letter")
    assert ids(examples, ministry="def", vote="aangenomen") == {i for i, r in rows.items()
                                                                 if r["ministry"] == "def" and r["in_store"]}


# -- one answer state for list, page and report ------------------------------------------------------------------

STATE_OF_OUTCOME = {"answered": "answered", "in_progress": "answered", "declined": "answered", "noted": "named",
                    "named": "named", "none": "none"}


def test_a_motion_named_only_in_a_letters_subject_is_named_not_unanswered(examples, tmp_path) -> None:
    assert "kst-99940-7" in ids(examples, answer="none")  # its only letter gives advice before the vote
    ingest(examples, [brief_naming(tmp_path / "brieven.json", "99940-7")], jobs=1)
    assert "kst-99940-7" in ids(examples, answer="named") and "kst-99940-7" in ids(examples, answer="any")
    assert "kst-99940-7" not in ids(examples, answer="none") | ids(examples, answer="answered")
    row = next(m for m in examples.motion_list(MotionFilters(dossier="99940"))[1] if m["id"] == "kst-99940-7")
    assert row["answer_state"] == "named" and row["strongest"]["named"] and row["answers"] == 0
    assert row["strongest"]["letter"] == examples.motion("99940-7")["letters"][-1]["letter"]
    assert report_rows(examples)["kst-99940-7"]["outcome"] == "named"


def test_the_commands_say_a_motion_named_only_in_a_letters_subject_is_named(example_db_copy, tmp_path) -> None:
    from kamerspoor.store import open_store

    with open_store(example_db_copy) as s:
        ingest(s, [brief_naming(tmp_path / "brieven.json", "99940-7")], jobs=1)
        letter = s.motion("99940-7")["letters"][-1]["letter"]
    run = CliRunner().invoke
    out = run(main, ["motions", "--db", example_db_copy, "--answer", "named", "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert [line.split(",")[0] for line in out.stdout.splitlines()[1:]] == ["kst-99940-7"]
    out = run(main, ["motions", "--db", example_db_copy, "--dossier", "99940", "--answer", "named"])
    assert f"named in letter {letter}" in out.stdout
    out = run(main, ["motion", "99940-7", "--db", example_db_copy])
    assert f"answers:    named in the subject of {letter}" in out.stdout and "no answer in this store" not in out.stdout


def test_list_and_report_give_every_adopted_motion_the_same_answer_state(examples, tmp_path) -> None:
    ingest(examples, [brief_naming(tmp_path / "brieven.json", "99940-7")], jobs=1)
    put_record(examples, signed_letter(21, "Brief van de minister van Defensie"))
    rows = report_rows(examples)
    listed = {m["id"]: m["answer_state"] for m in examples.motion_list(MotionFilters(vote="aangenomen"), 100)[1]}
    assert listed and listed == {i: STATE_OF_OUTCOME[r["outcome"]] for i, r in rows.items() if r["in_store"]}
    for state in ("answered", "named", "none"):
        assert ids(examples, vote="aangenomen", answer=state) == {i for i, s in listed.items() if s == state}


# -- ministry watches ------------------------------------------------------------------------------------------

def test_a_ministry_watch_sees_its_letters_and_motions_and_reports_only_what_is_new(examples) -> None:
    w, created = watches.add(examples, "ministry", "Buitenlandse Zaken")
    assert created and w["target"] == "bz" and watches.describe("ministry", "bz") == "ministerie Buitenlandse Zaken"
    assert {i["item"] for i in examples.watch_items(w["id"])} == {"doc:kst-99940-9", "doc:kst-99940-5",
                                                                  "doc:kst-99940-7"}
    assert all(not r.new for r in watches.run(examples))  # the baseline is never news
    put_record(examples, signed_letter(21, "Brief van de minister van Buitenlandse Zaken"))
    new = {i["item"] for r in watches.run(examples) for i in r.new}
    # the letter, and the motions it answers that had no ministry (addressed to BZ now, as the report says)
    assert new == {"doc:kst-99902-21", "doc:kst-99902-8", "doc:kst-99902-9", "doc:kst-99902-11", "doc:kst-99902-12"}
    assert all(not r.new for r in watches.run(examples))  # nothing twice
    again, created_again = watches.add(examples, "ministry", "BZ")
    assert not created_again and again["id"] == w["id"]


def test_a_ministry_that_is_none_cannot_be_followed() -> None:
    for target in ("Ministerie van Weer", "onbekend"):
        with pytest.raises(InputError, match="ministry"):
            watches.normalise("ministry", target)
    assert watches.normalise("ministry", " jenv ") == "jenv"
    assert watches.page_path("ministry", "bz") == "/verantwoording?ministerie=bz"
    assert watches.feed_path("ministry", "bz") == "/feeds/ministry/bz.atom"


def test_the_commands_filter_motions_and_follow_a_ministry(example_db_copy) -> None:
    from kamerspoor.cli_watch import KINDS

    assert tuple(KINDS) == watches.KINDS
    run = CliRunner().invoke
    db = ["--db", example_db_copy]
    out = run(main, ["motions", *db, "--ministry", "Buitenlandse Zaken", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert {m["id"] for m in json.loads(out.stdout)["results"]} == BZ
    out = run(main, ["motions", *db, "--ministry", "Weer"])
    assert out.exit_code == 2 and "ministry 'Weer'" in out.output
    out = run(main, ["watch", "add", "ministry", "BuZa", *db, "--format", "json"])
    assert out.exit_code == 0 and json.loads(out.stdout)["target"] == "bz"
    listed = json.loads(run(main, ["watch", "list", *db, "--format", "json"]).stdout)
    assert [(w["kind"], w["label"]) for w in listed] == [("ministry", "ministerie Buitenlandse Zaken")]
    assert run(main, ["watch", "add", "ministry", "Weer", *db]).exit_code == 2


# -- the API, the feeds and the pages -------------------------------------------------------------------------------

@pytest.fixture
def site(example_db_copy):
    from kamerspoor.web import create_app
    from kamerspoor.web.server import running

    with running(create_app(example_db_copy, token="geheim")) as url, httpx.Client(base_url=url, timeout=30) as c:
        yield c


def entries(xml: bytes) -> list[str]:
    root = ET.fromstring(xml)
    assert root.tag == f"{ATOM}feed" and root.find(f"{ATOM}id").text and root.find(f"{ATOM}updated").text
    return [e.find(f"{ATOM}link").get("href").rsplit("/", 1)[1] for e in root.findall(f"{ATOM}entry")]


def test_the_api_filters_motions_by_ministry_and_adds_ministry_watches(site) -> None:
    for written in ("bz", "BZ", "Buitenlandse Zaken"):
        body = site.get("/api/motions", params={"ministry": written}).json()
        assert {m["id"] for m in body["results"]} == BZ and body["total"] == 2, written
    r = site.get("/api/motions", params={"ministry": "Weer"})
    assert r.status_code == 400 and "ministry 'Weer'" in r.json()["error"]
    csv = site.get("/api/motions", params={"ministry": "onbekend", "format": "csv"}).text
    assert {line.split(",")[0] for line in csv.splitlines()[1:]}.isdisjoint(BZ)
    token = {"Authorization": "Bearer geheim"}
    r = site.post("/api/watches", json={"kind": "ministry", "target": "Buitenlandse Zaken"}, headers=token)
    assert r.status_code == 201 and r.json()["target"] == "bz" and r.json()["items"] == 3
    assert r.json()["subject_feed"] == "/feeds/ministry/bz.atom"
    r = site.post("/api/watches", json={"kind": "ministry", "target": "Weer"}, headers=token)
    assert r.status_code == 400 and "Weer" in r.json()["error"]


def test_the_ministry_feed_parses_and_is_linked_where_the_ministry_is_shown(site) -> None:
    feed = site.get("/feeds/ministry/bz.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert set(entries(feed.content)) == {"kst-99940-9", "kst-99940-5", "kst-99940-7"}
    assert entries(site.get("/feeds/ministry/BZ.atom").content) == entries(feed.content)
    assert site.get("/feeds/ministry/weer.atom").status_code == 404
    link = '<link rel="alternate" type="application/atom+xml" title="kamerspoor: ministerie Buitenlandse Zaken" ' \
           'href="/feeds/ministry/bz.atom">'
    for page in ("/verantwoording?ministerie=bz", "/moties?ministerie=BZ"):
        html = site.get(page).text
        assert link in html and 'href="/volgen?soort=ministerie&amp;doel=bz"' in html, page
    party = site.get("/moties", params={"partij": "Partij voor de Toekomst"}).text  # a party's page links its feed
    assert 'href="/feeds/partij.atom?partij=Partij+voor+de+Toekomst"' in party
    report = site.get("/verantwoording").text
    table = report[report.index('class="by-ministry"'):]
    assert 'href="/feeds/ministry/bz.atom"' in table[:table.index("</table>")]


def test_the_motions_page_offers_the_ministries_and_filters_by_one(site) -> None:
    html = site.get("/moties", params={"ministerie": "Buitenlandse Zaken"}).text
    assert '<option value="bz" selected>Buitenlandse Zaken</option>' in html
    assert '<option value="onbekend">ministerie onbekend</option>' in html
    rows = html[html.index("<tbody>"):html.index("</tbody>")]
    assert rows.count("<tr>") == 2 and "/motie/99940-5" in rows and "/motie/99940-7" in rows
    assert site.get("/moties", params={"ministerie": "Weer"}).status_code == 400
    fragment = site.get("/moties", params={"ministerie": "onbekend"}, headers={"HX-Request": "true"}).text
    assert "<html" not in fragment and "/motie/99940-5" not in fragment and "/motie/99902-8" in fragment


def test_the_volgen_page_follows_a_ministry(site) -> None:
    page = site.get("/volgen", params={"soort": "ministerie", "doel": "bz"}).text
    assert '<option value="ministerie" selected>ministerie</option>' in page
    r = site.post("/volgen", data={"soort": "ministerie", "doel": "JenV"},
                  headers={"Authorization": "Bearer geheim", "HX-Request": "true"})
    assert r.status_code == 200 and "U volgt nu ministerie Justitie en Veiligheid." in r.text
    assert 'href="/verantwoording?ministerie=jenv"' in r.text


def test_the_pages_show_a_motion_named_only_in_a_letters_subject_as_named(example_db_copy, tmp_path) -> None:
    from kamerspoor.store import open_store
    from kamerspoor.web import create_app
    from kamerspoor.web.server import running

    with open_store(example_db_copy) as s:
        ingest(s, [brief_naming(tmp_path / "brieven.json", "99940-7")], jobs=1)
    with running(create_app(example_db_copy, cache=False)) as url, httpx.Client(base_url=url, timeout=30) as c:
        badge = '<span class="label stance-noted" title="De tekst van de brief staat niet in deze verzameling'
        rows = c.get("/moties", params={"beantwoord": "genoemd", "dossier": "99940"}).text
        rows = rows[rows.index("<tbody>"):rows.index("</tbody>")]
        assert rows.count("<tr>") == 1 and "/motie/99940-7" in rows and badge in rows
        assert "genoemd in een brief zonder tekst" in rows
        page = c.get("/motie/99940-7").text
        assert badge in page and "geen antwoord in deze verzameling" not in page.split("Antwoord:", 1)[1][:400]
        nee = c.get("/moties", params={"beantwoord": "nee", "dossier": "99940"}).text
        assert "/motie/99940-7" not in nee[nee.index("<tbody>"):]


# -- commitments with context, theme and motion (issue 14, "What must work" 3) ---------------------------------------

def starting(rows: list[dict], words: str) -> dict:
    (row,) = [r for r in rows if r["text"].startswith(words)]
    return row


FUND, MET, JOURNALISTS, LATER = ("Het kabinet zal uw Kamer voor 1 juli 2025", "Ik zal uw Kamer voor 1 december 2025",
                                 "Het kabinet blijft de positie", "Hierover zal")


def test_commitments_are_listed_with_context_theme_motion_and_state_everywhere(site, example_db) -> None:
    import csv
    import io

    from kamerspoor.store import open_store

    rows = site.get("/api/commitments", params={"status": "all", "today": TODAY}).json()["results"]
    fund, met, journalists, later = (starting(rows, w) for w in (FUND, MET, JOURNALISTS, LATER))
    assert (fund["answers"]["motion"], fund["state"]) == ("99902-8", "overdue")
    assert (met["themes"], met["answers"]["motion"], met["state"]) == (["freedom_of_expression"], "99940-5",
                                                                         "fulfilled")
    assert journalists["state"] == "unknown"  # the letter's "Openstaand" says nothing: no due date passed
    assert later["context"].startswith("Daarnaast laat het kabinet een onafhankelijk onderzoek uitvoeren")
    themed = site.get("/api/commitments", params={"status": "all", "theme": "freedom_of_expression"}).json()
    assert [c["text"] for c in themed["results"]] == [met["text"]]
    html = site.get("/toezeggingen", params={"status": "alle"}).text
    row = html[html.index(met["text"][:40]):]
    assert 'href="/thema/freedom_of_expression"' in row[:row.index("</tr>")]
    row = html[html.index("voortgang van het fonds"):]
    assert 'href="/motie/99902-8"' in row[:row.index("</tr>")]
    assert '<span class="context">Daarnaast laat het kabinet' in html
    with open_store(example_db) as s:
        report = V.build(s, V.Filters(today=TODAY))["commitments"]["items"]
    assert (starting(report, MET)["themes"], starting(report, FUND)["motions"]) == (["freedom_of_expression"],
                                                                                   ["99902-8"])
    out = CliRunner().invoke(main, ["commitments", "--db", example_db, "--today", TODAY, "--format", "csv"])
    listed = list(csv.DictReader(io.StringIO(out.stdout)))
    assert (starting(listed, MET)["themes"], starting(listed, MET)["motions"], starting(listed, MET)["state"]) == \
        ("freedom_of_expression", "kst-99940-5", "fulfilled")
    assert (starting(listed, FUND)["state"], starting(listed, JOURNALISTS)["state"]) == ("overdue", "unknown")
    assert starting(listed, LATER)["context"].startswith("Daarnaast laat het kabinet")
