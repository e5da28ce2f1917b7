"""The watch pages in a real browser (Playwright driving Debian's Chromium): from a motion's page to /volgen, a
watch added and removed with the server's token, refused without it; the watch's feed parses and gains an
entry when a letter is ingested and `watch run` looks again. Saves screenshots under artifacts/screenshots/.
Skipped with a reason when Chromium or the playwright package is missing."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "store"
TOKEN = "browser-geheim"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def site(example_db_copy):
    from kamerspoor.web import create_app
    from kamerspoor.web.server import running

    with running(create_app(example_db_copy, token=TOKEN)) as url:
        yield url, example_db_copy


@pytest.fixture
def page(browser_page, site):
    return browser_page(site[0])


def atom_entries(xml: bytes) -> list[dict[str, str]]:
    """The entries of an Atom feed (id, title), each with the elements RFC 4287 requires."""
    root = ET.fromstring(xml)
    assert root.tag == f"{ATOM}feed" and root.find(f"{ATOM}updated") is not None
    return [{"id": e.find(f"{ATOM}id").text, "title": e.find(f"{ATOM}title").text,
             "updated": e.find(f"{ATOM}updated").text} for e in root.findall(f"{ATOM}entry")]


def test_a_motion_is_followed_from_its_page_with_the_token(page, shot):
    expect = sync_api.expect
    page.goto("/motie/99902-8")
    feed = page.locator("link[rel=alternate][type='application/atom+xml']")
    assert feed.get_attribute("href") == "/feeds/motion/99902-8.atom"
    page.get_by_role("link", name="volgen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/volgen\?soort=motie&doel=99902-8"))
    expect(page.get_by_label("Welke")).to_have_value("99902-8")
    page.get_by_role("button", name="Volgen").click()  # no token yet
    expect(page.locator("#w-status")).to_contain_text("Geen toegang")
    page.get_by_label("Token van de server").fill(TOKEN)
    page.get_by_label("E-mail (niet verplicht)").fill("lezer@example.org")
    page.get_by_role("button", name="Volgen").click()
    expect(page.locator("#watches .notice")).to_contain_text("U volgt nu motie 99902-8")
    expect(page.locator("#w-status")).to_be_hidden()
    row = page.locator("#watches tbody tr").first
    expect(row).to_contain_text("motie 99902-8")
    expect(row).to_contain_text("l…@example.org")  # the address is never shown whole
    shot(page, "watches")
    page.get_by_role("button", name=re.compile("Watch 1 .* verwijderen")).click()
    expect(page.locator("#watches .notice")).to_contain_text("Watch 1 is verwijderd")
    expect(page.locator("#watches tbody")).to_contain_text("Nog geen watches")


def test_a_bad_watch_is_explained_on_the_page(page):
    expect = sync_api.expect
    page.goto("/volgen?soort=thema&doel=weer")
    page.get_by_label("Token van de server").fill(TOKEN)
    page.get_by_role("button", name="Volgen").click()
    expect(page.locator("#watches .error")).to_contain_text("not in the taxonomy")
    expect(page.locator("#watches tbody")).to_contain_text("Nog geen watches")


def test_the_watch_feed_parses_and_gains_an_entry_after_an_ingest(page, site):
    from kamerspoor import watches
    from kamerspoor.ingest import put_record
    from kamerspoor.store import open_store

    expect = sync_api.expect
    page.goto("/dossier/99902")
    page.get_by_role("link", name="volgen", exact=True).click()
    page.get_by_label("Token van de server").fill(TOKEN)
    page.get_by_role("button", name="Volgen").click()
    expect(page.locator("#watches .notice")).to_contain_text("U volgt nu dossier 99902")
    href = page.locator("#watches a.feed").first.get_attribute("href")
    before = atom_entries(page.request.get(href).body())
    rec = json.loads((FIXTURES / "kst-99902-20.json").read_text(encoding="utf-8"))
    rec["document"].update(id="kst-99902-30", number=30, date="2025-10-01", title="Brief over een nieuw fonds")
    with open_store(site[1]) as s:
        put_record(s, rec)
        (result,) = watches.run(s, base_url=site[0])
    assert [i["item"] for i in result.new] == ["doc:kst-99902-30"]
    after = atom_entries(page.request.get(href).body())
    assert len(after) == len(before) + 1 and after[0]["title"] == "Kamerbrief: Brief over een nieuw fonds"


def test_a_ministry_is_followed_from_its_report_and_its_feed_gains_a_letter(page, site, shot):
    from kamerspoor import watches
    from kamerspoor.ingest import put_record
    from kamerspoor.store import open_store

    expect = sync_api.expect
    page.goto("/verantwoording")
    page.locator("table.by-ministry").get_by_role("link", name="Buitenlandse Zaken", exact=True).click()
    expect(page).to_have_url(re.compile(r"/verantwoording\?ministerie=bz"))
    feed = page.locator("link[rel=alternate][type='application/atom+xml']")
    assert feed.get_attribute("href") == "/feeds/ministry/bz.atom"
    before = atom_entries(page.request.get("/feeds/ministry/bz.atom").body())
    page.get_by_role("link", name="volgen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/volgen\?soort=ministerie&doel=bz"))
    page.get_by_label("Token van de server").fill(TOKEN)
    page.get_by_role("button", name="Volgen").click()
    expect(page.locator("#watches .notice")).to_contain_text("U volgt nu ministerie Buitenlandse Zaken")
    shot(page, "watches-ministry")
    rec = json.loads((FIXTURES / "kst-99902-20.json").read_text(encoding="utf-8"))
    rec["document"].update(id="kst-99902-31", number=31, date="2025-10-02",
                           title="Brief van de minister van Buitenlandse Zaken over een nieuw fonds")
    with open_store(site[1]) as s:
        put_record(s, rec)
        (result,) = watches.run(s, base_url=site[0])
    assert "doc:kst-99902-31" in [i["item"] for i in result.new]
    after = atom_entries(page.request.get("/feeds/ministry/bz.atom").body())
    assert len(after) > len(before) and any(e["title"].endswith("over een nieuw fonds") for e in after)
    page.goto("/moties?ministerie=bz")
    expect(page.get_by_label("Ministerie")).to_have_value("bz")
