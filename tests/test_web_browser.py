"""The web interface in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium).

Each test saves a screenshot of the page it ends on under artifacts/screenshots/ (gitignored). Skipped with
a reason when Chromium or the playwright package is missing (CI installs Chromium with .ci/browser.sh).
"""

from __future__ import annotations

import re

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture
def page(browser_page, example_site):
    return browser_page(example_site)


def test_search_refines_with_facets_without_reloading(page, shot):
    expect = sync_api.expect
    page.goto("/zoeken")
    page.get_by_label("Zoek in de documenten").fill("kabinet")
    page.get_by_role("button", name="Zoeken").click()
    heading = page.locator("#h-hits")
    expect(heading).to_contain_text("gevonden")
    expect(page).to_have_url(re.compile(r"/zoeken\?q=kabinet"))  # htmx pushed the address
    before = int(heading.inner_text().split()[0])
    page.locator(".facet a", has_text="99902").first.click()
    expect(page.locator(".active-filters")).to_contain_text("99902")
    after = int(page.locator("#h-hits").inner_text().split()[0])
    assert 0 < after < before
    expect(page.locator("li.hit mark").first).to_be_visible()
    shot(page, "search")


def test_a_result_opens_the_document_at_its_paragraph(page, shot):
    expect = sync_api.expect
    page.goto("/zoeken?q=kustversterking")
    page.locator("li.hit a").first.click()
    expect(page).to_have_url(re.compile(r"/document/kst-\d+-\d+\?q=kustversterking#p-\d+"))
    target = page.url.rsplit("#", 1)[1]
    expect(page.locator(f"#{target}")).to_be_visible()
    expect(page.locator(f"#{target} mark.hit").first).to_be_visible()
    page.goto("/document/kst-99901-14")
    expect(page.locator(".toc")).to_contain_text("Reactie op moties")
    expect(page.locator("a.label.stance-executed").first).to_contain_text("uitgevoerd")
    page.locator("sup.fn a").first.click()
    expect(page).to_have_url(re.compile(r"#fn-0$"))
    shot(page, "document")


def test_the_document_page_shows_the_policy_map_with_links(page, shot):
    expect = sync_api.expect
    page.goto("/document/kst-99901-14")
    svg = page.locator("svg").filter(has=page.locator("a[href^='/motie/99901-8']")).first
    expect(svg).to_be_visible()
    svg.scroll_into_view_if_needed()
    shot(page, "document-map")
    svg.locator("a[href^='/motie/99901-8']").first.click()
    expect(page).to_have_url(re.compile(r"/motie/99901-8$"))
    expect(page.locator("h1")).to_contain_text("99901-8")


def test_a_motion_label_leads_to_the_motion_and_its_answers(page, shot):
    expect = sync_api.expect
    page.goto("/document/kst-99902-20")
    page.locator("article a.label", has_text="motie 99902-8").click()
    expect(page).to_have_url(re.compile(r"/motie/99902-8$"))
    expect(page.get_by_role("heading", name=re.compile("Het spoor"))).to_be_visible()
    expect(page.locator(".vote-aangenomen")).to_be_visible()
    answer = page.locator("ol.trail li").first
    expect(answer).to_contain_text("conform deze motie")
    shot(page, "motion")
    answer.locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/document/kst-99902-20#p-\d+$"))


def test_commitments_filter_by_status_and_dossier(page, shot):
    expect = sync_api.expect
    page.goto("/toezeggingen?status=alle")
    rows = page.locator("table.commitment-table tbody tr")
    expect(rows).to_have_count(7)  # 4 in dossiers 99 901 and 99 902, 3 in 99 940
    page.get_by_label("Dossier").select_option("99901")
    expect(rows).to_have_count(2)
    expect(page).to_have_url(re.compile(r"dossier=99901"))
    page.get_by_label("Status").select_option("verlopen")
    expect(page.locator("table.commitment-table")).to_contain_text("verlopen")
    assert page.locator("a[download]").get_attribute("href").startswith("/toezeggingen.csv?")
    shot(page, "commitments")


def test_pages_work_without_javascript(browser_page, example_site):
    page = browser_page(example_site, java_script_enabled=False)
    page.goto("/toezeggingen")
    page.get_by_label("Status").select_option("alle")
    page.get_by_role("button", name="Toon").click()
    sync_api.expect(page.locator("table.commitment-table tbody tr")).to_have_count(7)
    page.goto("/zoeken")
    page.get_by_label("Zoek in de documenten").fill("fonds")
    page.get_by_role("button", name="Zoeken").click()
    sync_api.expect(page.locator("#h-hits")).to_contain_text("gevonden")


def test_keyboard_reaches_the_skip_link_first_and_pages_fit_a_phone(browser_page, example_site, shot):
    page = browser_page(example_site, viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto("/dossier/99902")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Naar de inhoud"
    shot(page, "dossier-phone")
    for path in ("/dossier/99902", "/document/kst-99901-14", "/motie/99902-8", "/toezeggingen?status=alle",
                 "/zoeken?q=kabinet", "/themas", "/moties", "/volgen"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1, f"{path} is {width}px wide on a 390px screen"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/dossier/99902")
    shot(page, "dossier")
    page.goto("/thema/local_government")
    shot(page, "theme")


def test_from_home_to_the_report_a_ministry_an_adopted_motion_and_the_letter_that_answers_it(page, shot):
    expect = sync_api.expect
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Verantwoording").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verantwoording")
    expect(page.locator(".coverage")).to_contain_text("brieven met tekst")
    shot(page, "verantwoording")
    page.locator("table.by-ministry").get_by_role("link", name="Buitenlandse Zaken").click()
    expect(page).to_have_url(re.compile(r"/verantwoording\?ministerie=bz"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Buitenlandse Zaken")
    shot(page, "verantwoording-bz")
    page.locator("ol.report-motions").get_by_role("link", name="99940-5").click()
    expect(page).to_have_url(re.compile(r"/motie/99940-5$"))
    expect(page.locator("#h-trail")).to_contain_text("(1)")
    page.locator("li.answer").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/document/kst-99940-9#p-\d+"))
    expect(page.get_by_role("heading", level=1)).to_have_text("BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN")
    expect(page.locator("table.answer-matrix td.cell-in_progress").first).to_have_text("in uitvoering")
    shot(page, "letter-answering-99940-5")
