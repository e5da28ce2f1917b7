"""The accountability report and the page of a motion the store does not hold, over HTTP: a real uvicorn server
on loopback over the fictional examples (see tests/test_verantwoording.py for what they hold)."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from kamerspoor.web import create_app
from kamerspoor.web.server import running


@pytest.fixture(scope="module")
def client(example_db: str):
    with running(create_app(example_db)) as url, httpx.Client(base_url=url, timeout=30) as c:
        yield c


def test_report_json_has_every_part(client):
    body = client.get("/api/report").json()
    assert set(body) >= {"filters", "coverage", "totals", "by_ministry", "timeline", "appreciation",
                         "advised_against", "motions", "commitments", "register", "matrix"}
    assert body["totals"]["adopted"] == 7
    only = client.get("/api/report", params={"ministry": "bz", "since": "2025-06-01"}).json()
    assert {m["key"] for m in only["motions"]} == {"99940-5", "99940-6", "99940-7", "99940-8"}
    assert only["filters"]["ministry"] == "bz"
    searched = client.get("/api/report", params={"q": "journalisten"}).json()
    assert [m["key"] for m in searched["motions"]] == ["99940-5"] and searched["filters"]["query"] == "journalisten"
    page = client.get("/verantwoording", params={"q": "journalisten"}).text
    assert 'href="/motie/99940-5"' in page and 'href="/motie/99901-8"' not in page
    assert 'href="/api/report?query=journalisten"' not in page and "q=journalisten" in page


def test_report_csv_has_a_row_per_adopted_motion(client):
    r = client.get("/api/report", params={"format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 7 and {"id", "outcome", "ministry", "evidence", "days_since_vote"} <= set(rows[0])
    page = client.get("/verantwoording.csv", params={"ministerie": "bz"})
    assert len(list(csv.DictReader(io.StringIO(page.text)))) == 4


@pytest.mark.parametrize(("params", "word"), [({"since": "2025-13-01"}, "since"), ({"ministry": "Astrologie"}, "ministry"),
                                              ({"theme": "astrology"}, "theme"), ({"q": '"open'}, "quote")])
def test_report_bad_parameters_are_400s(client, params, word):
    r = client.get("/api/report", params=params)
    assert r.status_code == 400 and word in r.json()["error"]
    assert client.get("/verantwoording", params={"van": "gisteren"}).status_code == 400


def test_report_page_links_each_ministry_and_motion(client):
    html = client.get("/verantwoording").text
    assert 'href="/verantwoording?ministerie=bz"' in html
    assert 'href="/motie/99940-5"' in html and "Geen latere brief in deze verzameling." in html
    assert "geen antwoord in deze verzameling" in html and "Wat deze verzameling bevat" in html
    assert "<script" not in html.split("</head>")[1]  # the charts are SVG, no script
    assert "style=" not in html  # the site's CSP allows no inline style


def test_a_cited_motion_not_in_the_store_says_so_and_how_to_fetch_it(client):
    r = client.get("/api/motions/99901-7")
    assert r.status_code == 404
    body = r.json()
    assert body["in_store"] is False and body["fetch"] == "kamerspoor fetch kst-99901-7"
    assert [c["letter"] for c in body["cited_by"]] == ["kst-99901-14"]
    assert body["related_note"] == "no embeddings in the store"
    page = client.get("/motie/99901-7")
    assert page.status_code == 404 and "staat niet in kamerspoor" in page.text
    assert "kamerspoor fetch kst-99901-7" in page.text and 'href="/document/kst-99901-14#p-' in page.text


def test_document_page_shows_the_answer_matrix(client):
    html = client.get("/document/kst-99940-9").text
    matrix = html[html.index('class="answer-matrix"'):html.index("</table>", html.index('class="answer-matrix"'))]
    assert "Sancties" in matrix and matrix.count("cell-in_progress") == 3


def test_report_charts_are_svg_with_equal_bars_per_ministry_and_a_column_per_quarter(client):
    import re
    import xml.etree.ElementTree as ET

    html = client.get("/verantwoording").text
    svgs = re.findall(r"<svg class=\"chart [^\"]+\".*?</svg>", html, re.S)
    bars, timeline = (ET.fromstring(s) for s in svgs)
    ns = "{http://www.w3.org/2000/svg}"
    assert bars.get("class") == "chart ministry-bars" and timeline.get("class") == "chart outcome-timeline"
    rows = bars.findall(f"{ns}a") or bars.findall("a")
    assert [a.get("href") for a in rows] == ["/verantwoording?ministerie=bz", "/verantwoording?ministerie=onbekend"]
    widths = [round(sum(float(r.get("width")) for r in a.iter() if r.tag.endswith("rect")), 1) for a in rows]
    assert len(set(widths)) == 1  # every ministry's bar is its whole: the coloured part is the share
    assert "25% van 4" in "".join(rows[0].itertext()) and "Buitenlandse Zaken" in "".join(rows[0].itertext())
    labels = [t.text for t in timeline.iter() if t.tag.endswith("text")]
    assert "2025-K1" in labels and "2025-K2" in labels
