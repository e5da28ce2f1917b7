"""The web interface and JSON API, against a real uvicorn server on loopback.

The store is built from the fictional documents in examples/ (dossier 99 901) and the store fixtures in
tests/fixtures/store/ (dossier 99 902: four motions, a letter answering them, two Zaken and a votes summary).
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import time

import httpx
import pytest

from kamerspoor.ingest import put_record
from kamerspoor.store import open_store
from kamerspoor.web import create_app
from kamerspoor.web.render import Span, render_spans
from kamerspoor.web.server import free_port, running

TOKEN = "test-token-7f3a"

# A fictional letter (dossier 99 903 does not exist) answering motion 99 901, nr. 8 of the examples.
UPLOAD = """Tweede Kamer der Staten-Generaal 2
Vergaderjaar 2025–2026

99 903 Waterveiligheid

Nr. 2 BRIEF VAN DE MINISTER VAN INFRASTRUCTUUR EN WATERSTAAT

Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 2 februari 2026

Met deze brief informeer ik uw Kamer over de voortgang van de kustversterking.

De motie van het lid De Vries c.s. (Kamerstuk 99 901, nr. 8) verzoekt de regering de financiering van de
kustversterking zeker te stellen. Het kabinet heeft, conform deze motie, de middelen voor de duinversterking
vrijgemaakt.

De Minister van Infrastructuur en Waterstaat,
Pietersen
"""


@pytest.fixture(scope="module")
def base_url(example_db: str) -> str:
    with running(create_app(example_db, token=TOKEN)) as url:
        yield url


@pytest.fixture(scope="module")
def client(base_url: str):
    with httpx.Client(base_url=base_url, timeout=20) as c:
        yield c


def error_of(r: httpx.Response) -> str:
    assert r.headers["content-type"].startswith("application/json"), r.text[:200]
    return r.json()["error"]


# -- documents ------------------------------------------------------------------------------------------

def test_document_is_served_as_its_analysis_record(client):
    r = client.get("/api/documents/kst-99901-14")
    assert r.status_code == 200
    rec = r.json()
    assert rec["id"] == "kst-99901-14"
    for key in ("schema", "document", "text", "sections", "paragraphs", "footnotes", "references", "motions",
                "party_positions", "commitments", "themes", "instruments", "warnings", "motion"):
        assert key in rec
    assert {(m["number"], m["stance"]) for m in rec["motions"]} == {(8, "executed"), (11, "declined")}


def test_document_list_is_paged_with_a_bounded_page_size(client):
    r = client.get("/api/documents", params={"limit": 2, "offset": 1})
    body = r.json()
    assert r.status_code == 200 and body["limit"] == 2 and body["offset"] == 1
    assert body["total"] == 11 and len(body["results"]) == 2
    assert client.get("/api/documents", params={"limit": 101}).status_code == 400
    assert "limit" in error_of(client.get("/api/documents", params={"limit": 0}))
    assert client.get("/api/documents", params={"offset": -1}).status_code == 400


def test_document_list_filters_by_kind_and_gives_csv(client):
    body = client.get("/api/documents", params={"kind": "motie", "limit": 100}).json()
    assert body["total"] == 8 and {d["kind"] for d in body["results"]} == {"motie"}
    r = client.get("/api/documents", params={"kind": "brief", "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["id"] for row in rows} == {"kst-99901-14", "kst-99902-20", "kst-99940-9"}


def test_unknown_document_is_a_404_with_a_message(client):
    r = client.get("/api/documents/kst-1-1")
    assert r.status_code == 404 and "kst-1-1" in error_of(r)


# -- motions and answers ------------------------------------------------------------------------------

def test_motion_gives_request_vote_advice_parties_and_answers(client):
    m = client.get("/api/motions/99902-8").json()
    assert m["id"] == "kst-99902-8"
    assert m["requests"] and m["requests"][0].startswith("verzoekt de regering")
    assert m["vote"]["result"] == "aangenomen" and (m["vote"]["voor"], m["vote"]["tegen"]) == (90, 60)
    assert m["zaak"]["kabinetsappreciatie"]
    assert any(a["fractie"] for a in m["zaak"]["indieners"])
    assert [(a["letter"], a["stance"]) for a in m["answers"]] == [("kst-99902-20", "executed")]
    assert m["answers"][0]["paragraph"] is not None
    assert m["state"] == "executed"
    assert len(m["commitments"]) == 1 and m["commitments"][0]["due"] == "2025-07-01"


def test_motion_accepts_the_official_id_and_finds_commitments_made_on_it(client):
    m = client.get("/api/motions/kst-99901-11").json()
    assert m["id"] == "kst-99901-11" and m["state"] == "declined"
    assert [c["due"] for c in m["commitments"]] == ["2026-07-01"]


def test_motion_candidates_are_suggestions_apart_from_the_cited_answers(client):
    r = client.get("/api/motions/99901-8/candidates")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"candidates", "notes", "notes_nl"}
    assert all(c["how"] != "number" for c in body["candidates"])  # cited answers are on the motion itself
    assert all(c["suggestion"] == (c["how"] == "meaning") for c in body["candidates"])
    assert client.get("/api/motions/99901-777/candidates").status_code == 404
    page = client.get("/motie/99901-8").text
    assert "Mogelijke antwoorden" in page and "suggesties, niet gecontroleerd" in page


def test_unknown_motion_is_404(client):
    assert client.get("/api/motions/12345-6").status_code == 404


def test_answers_filter_by_stance_and_come_as_csv(client):
    body = client.get("/api/answers", params={"stance": "declined"}).json()
    assert body["total"] == 2 and {a["stance"] for a in body["results"]} == {"declined"}
    assert "stance" in error_of(client.get("/api/answers", params={"stance": "maybe"}))
    rows = list(csv.DictReader(io.StringIO(client.get("/api/answers", params={"format": "csv"}).text)))
    assert len(rows) == client.get("/api/answers").json()["total"]
    assert {"letter", "motion", "stance", "evidence"} <= set(rows[0])


# -- commitments -------------------------------------------------------------------------------------------

def test_overdue_commitments_are_judged_on_the_given_day(client):
    before = client.get("/api/commitments", params={"status": "overdue", "today": "2025-06-30"}).json()
    after = client.get("/api/commitments", params={"status": "overdue", "today": "2025-07-02"}).json()
    assert before["total"] == 0
    assert [(c["doc_id"], c["due"]) for c in after["results"]] == [("kst-99902-20", "2025-07-01")]
    assert after["results"][0]["overdue"] is True


def test_commitments_are_grouped_by_ministry_theme_and_dossier(client):
    body = client.get("/api/commitments", params={"status": "all"}).json()
    assert body["total"] == 7
    assert {g["value"] for g in body["by_dossier"]} == {"99901", "99902", "99940"}
    assert sum(g["count"] for g in body["by_ministry"]) == 7
    only = client.get("/api/commitments", params={"dossier": "99 902"}).json()
    assert {c["dossier"] for c in only["results"]} == {"99902"}


def test_commitments_csv_has_one_row_per_commitment(client):
    r = client.get("/api/commitments", params={"status": "all", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 7 and rows[0]["text"] and "ministry" in rows[0]


def test_commitments_reject_a_bad_date_and_an_unknown_theme(client):
    assert "today" in error_of(client.get("/api/commitments", params={"today": "2025-02-30"}))
    assert "theme" in error_of(client.get("/api/commitments", params={"theme": "astrology"}))


# -- search ------------------------------------------------------------------------------------------------

def test_search_hits_link_to_their_paragraph(client):
    body = client.get("/api/search", params={"q": "kustversterking"}).json()
    assert body["total"] >= 2
    for hit in body["results"]:
        assert hit["url"] == f"/document/{hit['id']}#p-{hit['paragraph']}"
        assert "<mark>" in hit["snippet"]


def test_search_facets_count_matching_documents(client):
    body = client.get("/api/search", params={"q": "kabinet", "facets": "true"}).json()
    kinds = {f["value"]: f["count"] for f in body["facets"]["kind"]}
    assert kinds == {"brief": 3}
    assert {f["value"] for f in body["facets"]["dossier"]} == {"99901", "99902", "99940"}
    stances = {f["value"] for f in body["facets"]["stance"]}
    assert {"executed", "declined"} <= stances


def test_search_filters_by_year_and_dossier(client):
    all_hits = client.get("/api/search", params={"q": "kabinet"}).json()["total"]
    y2025 = client.get("/api/search", params={"q": "kabinet", "year": "2025"}).json()["total"]
    y2024 = client.get("/api/search", params={"q": "kabinet", "year": "2024"}).json()["total"]
    assert 0 < y2025 <= all_hits
    assert y2024 < all_hits
    assert client.get("/api/search", params={"q": "kabinet", "year": "1999"}).json()["total"] == 0
    assert client.get("/api/search", params={"q": "kabinet", "dossier": "99901"}).json()["total"] < all_hits


@pytest.mark.parametrize("q, words", [('"niet gesloten', "quote"), ("(kust", "not closed"), ("-kust", "excluded"),
                                      ("kust)", "no matching")])
def test_malformed_search_query_is_a_400_with_a_message(client, q, words):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 400 and words in error_of(r)


def test_bad_dates_years_kinds_and_themes_are_400s(client):
    for params, word in (({"since": "2025-13-01"}, "since"), ({"until": "gisteren"}, "until"),
                         ({"year": "20x5"}, "year"), ({"kind": "roman"}, "kind"),
                         ({"theme": "astrology"}, "known theme"), ({"limit": "veel"}, "limit")):
        r = client.get("/api/search", params={"q": "kust", **params})
        assert r.status_code == 400, params
        assert word in error_of(r), (params, r.text)
    assert "q" in error_of(client.get("/api/search"))


# -- dossiers, themes, schema -----------------------------------------------------------------------------

def test_dossier_counts_its_motions_by_state(client):
    d = client.get("/api/dossiers/99902").json()
    assert [doc["date"] for doc in d["documents"]] == sorted(doc["date"] for doc in d["documents"])
    assert d["motion_states"]["counts"] == {"executed": 1, "in_progress": 1, "declined": 1, "unanswered": 1}
    assert client.get("/api/dossiers/424242").status_code == 404
    listed = client.get("/api/dossiers").json()
    assert {x["dossier"] for x in listed["results"]} == {"99901", "99902", "99940"}


def test_themes_list_the_taxonomy_with_counts(client):
    body = client.get("/api/themes").json()
    ids = {t["id"] for t in body["results"]}
    assert "freedom_of_religion" in ids and "local_government" in ids
    local = next(t for t in body["results"] if t["id"] == "local_government")
    assert local["kind"] == "instrument" and local["paragraphs"] >= 1
    t = client.get("/api/themes/local_government").json()
    assert t["total_paragraphs"] == local["paragraphs"]
    assert all(p["url"].startswith("/document/") for p in t["paragraphs"])
    assert client.get("/api/themes/astrology").status_code == 404


def test_openapi_schema_describes_every_endpoint_with_400_not_422(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for p in ("/api/documents", "/api/documents/{doc_id}", "/api/motions", "/api/motions/{motion_id}",
              "/api/answers", "/api/commitments", "/api/search", "/api/dossiers", "/api/dossiers/{dossier}",
              "/api/themes", "/api/themes/{theme_id}"):
        assert p in paths, p
    assert not any(p.startswith("/zoeken") for p in paths)
    ops = [op for path in paths.values() for op in path.values()]
    assert all("422" not in op["responses"] for op in ops)
    limit = next(p for p in paths["/api/search"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 100


# -- uploads -------------------------------------------------------------------------------------------------

def test_upload_without_or_with_a_wrong_token_is_401(client):
    files = {"file": ("brief.txt", UPLOAD.encode(), "text/plain")}
    assert client.post("/api/documents", files=files).status_code == 401
    r = client.post("/api/documents", files=files, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401 and "token" in error_of(r)


def test_upload_with_the_token_stores_the_document_and_links_its_answers(example_db_copy):
    with running(create_app(example_db_copy, token=TOKEN)) as url, httpx.Client(base_url=url, timeout=30) as c:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        r = c.post("/api/documents", files={"file": ("brief.txt", UPLOAD.encode(), "text/plain")}, headers=auth)
        assert r.status_code == 201, r.text
        doc_id = r.json()["id"]
        assert c.get(f"/api/documents/{doc_id}").status_code == 200
        answers = c.get("/api/motions/99901-8").json()["answers"]
        assert doc_id in {a["letter"] for a in answers}
        assert c.get("/api/search", params={"q": "duinversterking"}).json()["total"] >= 1
        empty = c.post("/api/documents", files={"file": ("leeg.txt", b"  \n", "text/plain")}, headers=auth)
        assert empty.status_code == 400 and "empty" in error_of(empty)


def test_a_server_without_token_is_read_only(example_db_copy):
    with running(create_app(example_db_copy)) as url:
        r = httpx.post(f"{url}/api/documents", files={"file": ("b.txt", UPLOAD.encode())},
                       headers={"Authorization": "Bearer anything"})
        assert r.status_code == 401


# -- pages ----------------------------------------------------------------------------------------------------

def test_search_page_lists_hits_with_facets_and_links_to_paragraphs(client):
    r = client.get("/zoeken", params={"q": "kabinet"})
    assert r.status_code == 200 and 'lang="nl"' in r.text
    assert re.search(r'href="/document/kst-9990\d-\d+\?q=kabinet#p-\d+"', r.text)
    assert "Verfijnen" in r.text and "Kamerbrief" in r.text
    fragment = client.get("/zoeken", params={"q": "kabinet"}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "gevonden" in fragment.text


def test_search_page_explains_a_bad_query(client):
    r = client.get("/zoeken", params={"q": "(kust"})
    assert r.status_code == 400 and "not closed" in r.text and '<form class="search"' in r.text


def test_document_page_shows_sections_footnotes_stances_and_links(client):
    r = client.get("/document/kst-99901-14")
    html = r.text
    assert r.status_code == 200
    assert 'href="#s-0"' in html and "Reactie op moties" in html          # table of contents
    assert 'href="#fn-0"' in html and 'id="fn-0"' in html                  # footnotes as links
    assert 'class="label stance-executed"' in html and "uitgevoerd" in html
    assert 'class="label stance-declined"' in html and "afgewezen" in html
    assert 'class="label stance-already_policy"' in html                   # party proposal
    assert html.count('<mark class="commitment">') >= 2
    assert 'href="/document/kst-99901-8"' in html                          # cited and ingested: internal
    assert "https://zoek.officielebekendmakingen.nl/kst-99901-7.html" in html  # cited, not ingested
    assert 'href="/motie/99901-8"' in html
    assert 'class="chip chip-instrument" href="/thema/local_government"' in html


def test_motion_page_shows_the_trail_of_answers(client):
    html = client.get("/motie/99902-8").text
    assert "verzoekt de regering" in html and "aangenomen" in html and "90 voor" in html
    assert "Oordeel Kamer" in html or "Appreciatie" in html
    assert re.search(r'href="/document/kst-99902-20#p-\d+"', html)
    assert "Het kabinet heeft, conform deze motie" in html


def test_dossier_page_charts_its_motions(client):
    html = client.get("/dossier/99902").text
    assert '<svg class="chart state-bar"' in html and "geen antwoord in deze verzameling" in html
    timeline = html[html.index('id="h-time"'):]
    assert timeline.index("/document/kst-99902-8") < timeline.index("/document/kst-99902-20")  # by date


def test_commitments_page_filters_and_downloads_csv(client):
    html = client.get("/toezeggingen", params={"status": "alle", "dossier": "99901"}).text
    assert "Zuinig met water" in html and "voortgang van het fonds" not in html
    r = client.get("/toezeggingen.csv", params={"status": "alle"})
    assert r.headers["content-type"].startswith("text/csv") and len(r.text.strip().splitlines()) == 8
    assert client.get("/toezeggingen", params={"status": "misschien"}).status_code == 400


def test_theme_page_and_lists_render(client):
    for path in ("/", "/themas", "/thema/local_government", "/documenten?kind=motie", "/moties", "/dossiers"):
        r = client.get(path)
        assert r.status_code == 200, path
    assert "Lokale overheden" in client.get("/thema/local_government").text


def test_unknown_pages_are_a_dutch_404(client):
    r = client.get("/document/kst-1-1")
    assert r.status_code == 404 and "Niet gevonden" in r.text
    assert client.get("/motie/1-1").status_code == 404


def test_htmx_is_vendored_with_its_licence(client):
    r = client.get("/static/htmx.min.js")
    assert r.status_code == 200 and "0BSD" in r.text[:400] and "htmx" in r.text[:200]
    assert client.get("/static/style.css").status_code == 200
    stances = client.get("/static/stances.css")  # the stances' colours, made from data/labels.yaml
    assert stances.status_code == 200 and stances.headers["content-type"].startswith("text/css")
    assert ".stance-declined.label" in stances.text and "mark.evidence.stance-declined" in stances.text


# -- rendering -----------------------------------------------------------------------------------------------

def test_crossing_spans_are_cut_so_the_html_nests():
    text = "aaa bbb ccc"
    out = render_spans(text, 0, len(text), [Span(0, 7, "<b>", "</b>"), Span(4, 11, "<i>", "</i>")])
    assert out == "<b>aaa <i>bbb</i></b><i> ccc</i>"


def test_points_come_before_a_span_at_the_same_place_and_text_is_escaped():
    out = render_spans("a<b", 0, 3, [Span(1, 3, "<m>", "</m>"), Span(1, 1, "[x]")])
    assert out == "a[x]<m>&lt;b</m>"


# -- the command --------------------------------------------------------------------------------------------

def test_serve_command_starts_the_server_and_prints_the_address(example_db_copy):
    port = free_port()
    env = {**os.environ, "KAMERSPOOR_TOKEN": ""}
    proc = subprocess.Popen([sys.executable, "-m", "kamerspoor.cli", "serve", "--db", example_db_copy,
                             "--port", str(port), "--no-open"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, env=env)
    try:
        line = proc.stderr.readline()
        assert f"http://127.0.0.1:{port}/" in line
        deadline = time.monotonic() + 20
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not answer"
                time.sleep(0.1)
        assert r.json()["documents"] == 11
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_cached_answers_follow_an_ingest_beside_the_server(example_db_copy):
    with running(create_app(example_db_copy)) as url, httpx.Client(base_url=url) as c:
        before = c.get("/api/documents").json()["total"]
        assert c.get("/api/documents").json()["total"] == before  # now from the cache
        store = open_store(example_db_copy)
        try:
            put_record(store, {"schema": "analysis/1", "text": "Een korte brief over dijken.",
                              "document": {"id": "kst-99904-1", "dossier": "99904", "number": 1, "kind": "brief",
                                           "title": "Dijken", "date": "2026-01-05", "submitters": []},
                              "paragraphs": [{"start": 0, "end": 28, "section": None}]})
        finally:
            store.close()
        assert c.get("/api/documents").json()["total"] == before + 1
        assert c.get("/api/search", params={"q": "dijken"}).json()["total"] == 1


def test_the_motion_page_marks_an_overdue_commitment_and_speaks_dutch_about_suggestions(client):
    page = client.get("/motie/99901-11").text
    assert "overdue-label" in page  # "voor 1 juli 2026", judged on today's date
    assert "no embeddings" not in page
    body = client.get("/api/motions/99901-11").json()
    assert [c["overdue"] for c in body["commitments"]] == [body["commitments"][0]["due"] < __import__("datetime").date.today().isoformat()]


# -- the same answers from both databases ---------------------------------------------------------------------

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAME_ON_BOTH = ["/api/documents?limit=100", "/api/documents?kind=motie&dossier=99%20902", "/api/motions?limit=100",
                "/api/motions/99902-8", "/api/motions/99902-9", "/api/motions/99901-8", "/api/answers?limit=100",
                "/api/answers?stance=declined", "/api/commitments?today=2025-08-01", "/api/dossiers",
                "/api/dossiers/99902", "/api/dossiers/99901", "/api/themes", "/api/themes/human_rights_defenders", "/api/themes/local_government",
                "/api/documents/kst-99902-20", "/", "/documenten", "/moties", "/motie/99902-8", "/dossiers",
                "/dossier/99902", "/toezeggingen?status=alle", "/themas", "/thema/human_rights_defenders"]


@pytest.mark.skipif(not os.environ.get("KAMERSPOOR_TEST_PG_URL"), reason="KAMERSPOOR_TEST_PG_URL is not set "
                    "(start a server with .ci/postgres.sh)")
def test_the_api_and_the_pages_answer_the_same_from_postgresql_as_from_sqlite(example_db: str) -> None:
    from kamerspoor.ingest import ingest

    url = os.environ["KAMERSPOOR_TEST_PG_URL"]
    with open_store(url) as s:
        s.drop_all()
    with open_store(url) as s:
        report = ingest(s, [os.path.join(ROOT, "examples"), os.path.join(ROOT, "tests", "fixtures", "store")],
                        jobs=1)
    assert not report.failed, report.failed
    with running(create_app(example_db, cache=False)) as lite, running(create_app(url, cache=False)) as pg, \
            httpx.Client(timeout=20) as c:
        for path in SAME_ON_BOTH:
            a, b = c.get(lite + path), c.get(pg + path)
            assert (a.status_code, b.status_code) == (200, 200), path
            assert a.text == b.text, path
        for q in ("journalisten", "kust", "verzoekt regering", "fonds OR dialoog"):  # each database ranks its own way
            a, b = (c.get(base + "/api/search", params={"q": q, "facets": "true", "limit": 100}).json()
                    for base in (lite, pg))
            assert (a["total"], a["facets"]) == (b["total"], b["facets"]), q
            assert sorted((h["id"], h["paragraph"]) for h in a["results"]) == \
                sorted((h["id"], h["paragraph"]) for h in b["results"]), q
