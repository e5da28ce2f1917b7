"""Motion lists filter and sort by vote outcome, the cabinet's advice, answered or not, stance, party, dossier and
date; titles come from the Zaak's subject; a motion's badge is its strongest answer worded as that answer is.
The store's read API on SQLite and (with KAMERSPOOR_TEST_PG_URL) PostgreSQL, the JSON API, the page and the CLI
on the example store (dossier 99 902: motions 8, 9, 11 replacing 9, 12; a letter answering 8, 11 and 12)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from kamerspoor.cli import main
from kamerspoor.ingest import ingest, put_record
from kamerspoor.store import MotionFilters, StoreError
from kamerspoor.store.motions import appreciation_of, strongest_answer

FIXTURES = Path(__file__).parent / "fixtures" / "store"
MOTIONS = ("kst-99902-8", "kst-99902-9", "kst-99902-11", "kst-99902-12")


def record(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def letter(number: int, date: str, answers: list[tuple[int, str]]) -> dict:
    """A letter of dossier 99 902 answering motions (number, stance), in the shape of the fixture letter."""
    rec = record("kst-99902-20")
    rec["document"].update(id=f"kst-99902-{number}", number=number, date=date)
    first = rec["motions"][0]
    rec["motions"] = [{**first, "dossier": "99902", "number": n, "stance": stance, "submitters": []}
                      for n, stance in answers]
    rec["commitments"] = []
    return rec


@pytest.fixture
def full(store):
    for name in (*MOTIONS, "kst-99902-20"):
        put_record(store, record(name))
    ingest(store, [FIXTURES / "zaak-99902-8.json", FIXTURES / "zaak-99902-11.json",
                   FIXTURES / "motion_votes_summary.json"], jobs=1)
    return store


def ids(store, **filters) -> list[str]:
    return [m["id"] for m in store.motion_list(MotionFilters(**filters), limit=100)[1]]


def test_motions_filter_by_vote_advice_answer_stance_party_dossier_and_date(full) -> None:
    assert ids(full, vote="aangenomen") == ["kst-99902-8"]
    assert ids(full, vote="verworpen") == ["kst-99902-11"]
    assert set(ids(full, vote="none")) == {"kst-99902-9", "kst-99902-12"}
    assert ids(full, appreciation="oordeel_kamer", sort="date") == ["kst-99902-8", "kst-99902-11"]
    assert set(ids(full, appreciation="none")) == {"kst-99902-9", "kst-99902-12"}
    assert set(ids(full, answer="any")) == set(MOTIONS)  # 9 through the gewijzigde motie 11 that replaces it
    assert set(ids(full, answer="answered")) == set(MOTIONS) and ids(full, answer="named") == []
    assert ids(full, stance="in_progress") == ["kst-99902-12"]
    assert set(ids(full, stance="declined")) == {"kst-99902-9", "kst-99902-11"}
    assert ids(full, party="partij voor de toekomst") == ["kst-99902-8"]  # the Zaak's indiener's fractie
    assert ids(full, since="2025-03-14") == ["kst-99902-11"]
    assert ids(full, until="2025-03-13", vote="aangenomen") == ["kst-99902-8"]
    assert ids(full, dossier="12345") == []
    total, page = full.motion_list(MotionFilters(), limit=1, offset=3)
    assert total == 4 and len(page) == 1


def test_a_motion_without_answers_is_listed_as_unanswered_and_filtered_so(full) -> None:
    put_record(full, record("kst-99902-20") | {"motions": []} | {"commitments": []})  # the letter answers nothing
    assert ids(full, answer="any") == [] and ids(full, answer="answered") == []
    assert set(ids(full, answer="none")) == set(MOTIONS)
    assert all(m["strongest"] is None and m["answers"] == 0 for m in full.motion_list()[1])


def test_a_motion_only_named_without_a_stance_is_named_not_answered(full) -> None:
    put_record(full, letter(21, "2025-06-01", [(12, "noted")]))
    put_record(full, letter(20, "2025-04-01", [(8, "executed")]))  # the letter now answers 8 alone
    assert ids(full, answer="named") == ["kst-99902-12"]
    assert "kst-99902-12" not in ids(full, answer="answered") and "kst-99902-12" in ids(full, answer="any")
    assert set(ids(full, answer="none")) == {"kst-99902-9", "kst-99902-11"}
    with pytest.raises(StoreError, match="answer 'maybe'"):
        full.motion_list(MotionFilters(answer="maybe"))


def test_motions_are_found_by_words_in_their_text_with_the_other_filters(full) -> None:
    assert ids(full, q="mensenrechtenverdedigers") == ["kst-99902-8"]
    assert ids(full, q="mensenrechtenverdedigers", vote="verworpen") == []
    assert ids(full, q="woordjedatnergensstaat") == []


def test_motions_sort_by_vote_advice_answers_and_date(full) -> None:
    assert ids(full, sort="-date")[0] == "kst-99902-11"
    assert ids(full, sort="vote")[:2] == ["kst-99902-8", "kst-99902-11"]  # aangenomen, verworpen, then none
    assert ids(full, sort="-vote")[:2] == ["kst-99902-11", "kst-99902-8"]
    assert ids(full, sort="appreciation")[-2:] in (["kst-99902-9", "kst-99902-12"], ["kst-99902-12", "kst-99902-9"])
    with pytest.raises(StoreError, match="sort 'x'"):
        full.motion_list(MotionFilters(sort="x"))


def test_titles_are_the_zaaks_subject_where_known(full) -> None:
    by_id = {m["id"]: m for m in full.motion_list()[1]}
    assert by_id["kst-99902-8"]["title"] == "Motie van het lid De Wit c.s. over een fonds voor mensenrechtenverdedigers"
    assert by_id["kst-99902-12"]["title"] == "Motie van het lid Smit"  # no Zaak: the printed title
    assert full.motion("99902-8")["title"].startswith("Motie van het lid De Wit c.s. over een fonds")
    assert full.document_row("kst-99902-8")["title"].endswith("over een fonds voor mensenrechtenverdedigers")
    hit = full.search("mensenrechtenverdedigers").results
    assert {h.title for h in hit if h.id == "kst-99902-8"} == {by_id["kst-99902-8"]["title"]}
    assert full.record("kst-99902-8").document.title == "Motie van het lid De Wit"  # the record keeps the print


def test_the_badge_is_the_strongest_answer_worded_as_it_is(full) -> None:
    put_record(full, letter(21, "2025-06-01", [(12, "already_policy")]))
    put_record(full, letter(22, "2025-07-01", [(12, "noted")]))
    best = {m["id"]: m["strongest"] for m in full.motion_list()[1]}
    # in progress (letter 20), then al beleid (21), then a mention without a stance (22): al beleid is the badge
    assert best["kst-99902-12"] == {"stance": "already_policy", "letter": "kst-99902-21", "letter_date": "2025-06-01"}
    assert best["kst-99902-8"]["stance"] == "executed"


def test_the_strongest_answer_is_a_final_one_then_the_latest() -> None:
    def a(stance: str, date: str) -> dict:
        return {"stance": stance, "letter": f"kst-1-{date}", "letter_date": date}

    assert strongest_answer([]) is None
    assert strongest_answer([a("in_progress", "2025-01-01"), a("noted", "2025-03-01")])["stance"] == "in_progress"
    assert strongest_answer([a("executed", "2025-01-01"), a("declined", "2025-02-01")])["stance"] == "declined"
    assert strongest_answer([a("partial", "2025-05-01"), a("already_policy", "2025-01-01")])["stance"] == \
        "already_policy"


def test_the_advice_is_matched_as_written_or_by_its_name() -> None:
    assert appreciation_of("oordeel_kamer") == appreciation_of("Oordeel Kamer") == "Oordeel Kamer"
    assert appreciation_of("ontraden") == "Ontraden" and appreciation_of("none") == "none"


# -- the JSON API, the page and the command ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(example_db):
    from kamerspoor.web import create_app
    from kamerspoor.web.server import running

    with running(create_app(example_db)) as url, httpx.Client(base_url=url, timeout=30) as c:
        yield c


def test_the_api_filters_sorts_and_gives_csv(client) -> None:
    body = client.get("/api/motions", params={"vote": "aangenomen", "dossier": "99902"}).json()
    assert [m["id"] for m in body["results"]] == ["kst-99902-8"] and body["total"] == 1
    m = body["results"][0]
    assert (m["appreciation"], m["strongest"]["stance"], m["answers"]) == ("Oordeel Kamer", "executed", 1)
    assert m["title"].startswith("Motie van het lid De Wit c.s. over")
    body = client.get("/api/motions", params={"answer": "none", "dossier": "99902"}).json()
    assert body["total"] == 0
    body = client.get("/api/motions", params={"q": "mensenrechtenverdedigers", "vote": "aangenomen",
                                              "answer": "answered"}).json()
    assert [m["id"] for m in body["results"]] == ["kst-99902-8"]
    csv = client.get("/api/motions", params={"dossier": "99902", "stance": "declined", "format": "csv"}).text
    assert csv.splitlines()[0].split(",")[-2:] == ["strongest_stance", "strongest_letter"]
    assert {line.split(",")[0] for line in csv.splitlines()[1:]} == {"kst-99902-9", "kst-99902-11"}
    for bad in ({"vote": "maybe"}, {"sort": "colour"}, {"since": "2025-13-01"}, {"stance": "x"}, {"answer": "x"},
                {"q": '"open'}):
        r = client.get("/api/motions", params=bad)
        assert r.status_code == 400 and list(bad)[0] in r.json()["error"]


def test_the_motions_page_filters_and_shows_badges_and_titles(client) -> None:
    html = client.get("/moties", params={"uitslag": "verworpen", "dossier": "99902"}).text
    table = html[html.index('id="motions"'):]
    assert "Gewijzigde motie van het lid Kaya over een jaarlijkse rapportage" in table
    assert "/motie/99902-11" in table and "/motie/99902-8" not in table
    assert 'class="label stance-declined"' in table and ">afgewezen<" in table
    html = client.get("/moties", params={"beantwoord": "ja", "dossier": "99902", "sorteer": "-answers"}).text
    assert html.count('href="/motie/99902-') == 4
    assert client.get("/moties", params={"beantwoord": "misschien"}).status_code == 400
    fragment = client.get("/moties", params={"uitslag": "aangenomen"}, headers={"HX-Request": "true"}).text
    assert "<html" not in fragment and "/motie/99902-8" in fragment


def test_unanswered_says_no_answer_in_this_collection(example_db_copy) -> None:
    from kamerspoor.store import open_store
    from kamerspoor.web import create_app
    from kamerspoor.web.server import running

    rec = record("kst-99902-12")
    rec["document"].update(id="kst-99902-13", number=13)
    with open_store(example_db_copy) as s:
        put_record(s, rec)
    with running(create_app(example_db_copy, cache=False)) as url, httpx.Client(base_url=url, timeout=30) as c:
        # dossier 99 902's: the examples of other dossiers have unanswered motions of their own
        html = c.get("/moties", params={"beantwoord": "nee", "dossier": "99902"}).text
        rows = html[html.index("<tbody>"):html.index("</tbody>")]
        assert rows.count("<tr>") == 1 and "/motie/99902-13" in rows
        assert '<span class="label state-unanswered">geen antwoord in deze verzameling</span>' in rows
        page = c.get("/motie/99902-13").text
        assert "geen antwoord in deze verzameling" in page and "onbeantwoord" not in page + html


def test_the_motions_command_filters_and_prints_json_and_tables(example_db) -> None:
    run = CliRunner().invoke
    out = run(main, ["motions", "--db", example_db, "--dossier", "99902", "--vote", "aangenomen", "--format", "json"])
    assert out.exit_code == 0, out.output
    body = json.loads(out.output)
    assert [m["id"] for m in body["results"]] == ["kst-99902-8"] and body["results"][0]["strongest"]["stance"] == \
        "executed"
    out = run(main, ["motions", "--db", example_db, "--dossier", "99902", "--answer", "none"])
    assert out.exit_code == 0 and "(none)" in out.output
    out = run(main, ["motions", "--db", example_db, "-q", "mensenrechtenverdedigers", "--vote", "aangenomen",
                     "--answer", "answered", "--format", "csv"])
    assert out.exit_code == 0 and [line.split(",")[0] for line in out.output.splitlines()[1:]] == ["kst-99902-8"]
    out = run(main, ["motions", "--db", example_db, "--sort", "colour"])
    assert out.exit_code == 2 and "sort 'colour'" in out.output
