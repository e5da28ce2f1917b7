"""officielebekendmakingen: SRU search with paging, Kamerstuk XML + metadata.xml, PDF fallback, resume."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from kamerspoor.fetch import Client, FetchError, NotFound, oep
from kamerspoor.model import InputError
from replay import Fault, ReplayServer
from replay.recordings import (
    FIXTURES,
    SRU,
    add_fictional,
    add_real_documents,
    kst_paths,
    real_publications,
    settings_for,
    sru_params,
)


@pytest.fixture
def server(tmp_path):
    with ReplayServer(tmp_path / "rec") as s:
        add_fictional(s)
        yield s


@pytest.fixture
def client(server, tmp_path):
    with Client(settings_for(server, tmp_path / "cache")) as c:
        yield c


def test_kst_ids_split_into_dossier_and_number():
    assert oep.split_kst_id("kst-35207-32") == ("35207", "32")
    assert oep.split_kst_id("kst-36800-XIV-80") == ("36800-XIV", "80")
    with pytest.raises(InputError, match="'35207-32' is not a Kamerstuk id"):
        oep.split_kst_id("35207-32")


def test_repository_urls_keep_a_dossier_suffix():
    urls = oep.kst_urls("https://repository.overheid.nl/frbr/officielepublicaties", "kst-36800-XIV-80")
    assert urls["xml"] == ("https://repository.overheid.nl/frbr/officielepublicaties/kst/36800-XIV/"
                           "kst-36800-XIV-80/1/xml/kst-36800-XIV-80.xml")
    assert urls["metadata"].endswith("/kst-36800-XIV-80/1/metadata/metadata.xml")


def test_dossier_query_is_cql_on_dossier_and_publication():
    assert oep.dossier_query("35207") == ("c.product-area==officielepublicaties AND w.dossiernummer==35207 "
                                          "AND w.publicatienaam=Kamerstuk")
    assert 'w.dossiernummer=="36800-XIV"' in oep.dossier_query("36800-XIV")
    with pytest.raises(InputError, match="not a dossier number"):
        oep.dossier_query("35207 OR 1=1")


def _page(n: int) -> oep.SruPage:
    return oep.parse_sru(etree.fromstring((FIXTURES / f"sru_99990_page{n}.xml").read_bytes()))


def test_an_sru_page_gives_every_record_with_total_and_next_position():
    page = _page(1)
    assert page.total == 5 and page.next_position is None  # like the real answers: no nextRecordPosition
    first, attachment = page.records
    assert (first.id, first.dossier, first.number, first.type, first.session_year) == (
        "kst-99990-1", "99990", "1", "Motie", "2023-2024")
    assert first.urls["metadata"].endswith("/kst-99990-1/1/metadata/metadata.xml")
    assert set(first.urls) == {"html", "metadata", "metadataowms", "odt", "pdf", "xml"}
    assert first.is_kamerstuk and first.collection == "kst"
    assert attachment.id == "blg-990001" and not attachment.is_kamerstuk and attachment.collection == "blg"
    assert _page(2).next_position == 5 and _page(2).records[1].collection == "ah"


def test_the_next_page_starts_after_the_records_received_when_the_answer_gives_no_position():
    assert oep.next_start(1, _page(1)) == 3  # startRecord 1 + 2 records, within numberOfRecords 5
    assert oep.next_start(3, _page(2)) == 5  # nextRecordPosition
    assert oep.next_start(5, _page(3)) is None  # 5 + 1 is past numberOfRecords
    assert oep.next_start(7, oep.SruPage(records=[], total=9, next_position=None)) is None
    # a position that does not move on never leads to asking the same page again
    assert oep.next_start(3, oep.SruPage(records=_page(2).records, total=9, next_position=3)) is None


def test_only_kamerstuk_ids_are_kamerstukken():
    assert oep.is_kamerstuk_id("kst-36800-XIV-80") and oep.is_kamerstuk_id("kst-21501-02-2973")
    for other in ("blg-1007826", "ah-tk-20202021-3235", "h-tk-20232024-12-4", "stcrt-2024-1", "", None):
        assert not oep.is_kamerstuk_id(other)


def test_sru_diagnostics_become_a_clear_error():
    root = etree.fromstring((FIXTURES / "sru_diagnostic.xml").read_bytes())
    with pytest.raises(FetchError, match=r"SRU error: Query syntax error \(w.dossiernummer=\)"):
        oep.parse_sru(root)


def test_metadata_xml_in_the_repository_shape_gives_the_document_fields():
    root = etree.fromstring((FIXTURES / "metadata-kst-99990-1.xml").read_bytes())
    assert etree.QName(root).localname == "metadata_gegevens"
    doc = oep.parse_metadata(root)
    assert doc["id"] == "kst-99990-1" and doc["dossier"] == "99990" and doc["number"] == 1
    assert doc["kind"] == "motie" and doc["type"] == "Motie" and doc["session_year"] == "2023-2024"
    assert doc["submitters"] == ["A.B. Voorbeeld", "C. (Carla) Tweede"]
    assert doc["title"] == "Motie van het lid Voorbeeld over een proefregeling"
    assert doc["date"] == "2024-03-12"  # a motion has no datumBrief: the day it was proposed (DCTERMS.issued)
    brief = oep.parse_metadata(etree.fromstring((FIXTURES / "metadata-kst-99990-2.xml").read_bytes()))
    assert brief["kind"] == "brief" and brief["date"] == "2024-06-20"  # the letter's own date, not issued
    assert brief["recipients"] == ["Tweede Kamer der Staten-Generaal"]


def test_the_inline_meta_shape_of_a_publication_is_read_the_same_way():
    root = etree.fromstring((FIXTURES / "kst-99990-1.xml").read_bytes())
    doc = oep.parse_metadata(root)
    assert (doc["id"], doc["dossier"], doc["number"], doc["kind"]) == ("kst-99990-1", "99990", 1, "motie")


def test_a_dossier_is_fetched_over_all_sru_pages_skipping_what_is_no_kamerstuk(server, client, tmp_path):
    out = tmp_path / "out"
    res = oep.fetch_dossier(client, out, "99990")
    assert res.total == 5 and not res.failures
    assert [d.id for d in res.documents] == ["kst-99990-1", "kst-99990-2", "kst-99990-3"]
    assert res.skipped == {"blg": 1, "ah": 1} and res.skipped_total == 2
    assert not any("blg-" in k or "ah-tk" in k for k in server.log)  # never asked for
    one = out / "kst" / "kst-99990-1"
    assert (one / "kst-99990-1.xml").read_bytes() == (FIXTURES / "kst-99990-1.xml").read_bytes()
    assert (one / "metadata.xml").is_file()
    meta = json.loads((one / "document.json").read_text(encoding="utf-8"))
    assert meta["dossier"] == "99990" and meta["number"] == 1 and meta["kind"] == "motie"
    assert meta["submitters"] == ["A.B. Voorbeeld", "C. (Carla) Tweede"] and meta["date"] == "2024-03-12"
    assert meta["sources"]["xml"].endswith("/xml/kst-99990-1.xml")
    # the XML of nr. 2 carries only a link to its metadata; metadata.xml gives the fields
    two = json.loads((out / "kst" / "kst-99990-2" / "document.json").read_text(encoding="utf-8"))
    assert two["date"] == "2024-06-20" and two["submitters"] == ["D.E. Minister"]
    assert oep.fetched_documents(out) == [one / "kst-99990-1.xml", out / "kst/kst-99990-2/kst-99990-2.xml",
                                          out / "kst/kst-99990-3/kst-99990-3.pdf"]


def test_a_document_without_xml_falls_back_to_the_pdf(server, client, tmp_path):
    doc = oep.fetch_document(client, tmp_path / "out", "kst-99990-3")
    assert doc.file.name == "kst-99990-3.pdf" and doc.file.read_bytes().startswith(b"%PDF")
    assert server.count(kst_paths("kst-99990-3")["xml"]) == 1


def test_a_document_that_does_not_exist_is_not_found_and_leaves_nothing(server, client, tmp_path):
    with pytest.raises(NotFound, match="kst-99990-9 has neither XML nor PDF"):
        oep.fetch_document(client, tmp_path / "out", "kst-99990-9")
    assert not (tmp_path / "out" / "kst" / "kst-99990-9").exists()


def test_running_again_fetches_nothing(server, tmp_path):
    settings = settings_for(server, tmp_path / "cache")
    with Client(settings) as c:
        oep.fetch_dossier(c, tmp_path / "out", "99990")
        first = c.network_requests
    assert first == 3 + 2 * 2 + 3  # three SRU pages, XML + metadata for nrs 1 and 2, metadata + XML 404 + PDF
    with Client(settings) as c:
        res = oep.fetch_dossier(c, tmp_path / "out", "99990")
        assert c.network_requests == 0
    assert all(d.skipped for d in res.documents)


def test_a_page_that_fails_leaves_the_resume_point_at_the_last_completed_page(server, tmp_path):
    cql = oep.dossier_query("99990")
    server.fail(SRU, *[Fault.http(503)] * 3, params=sru_params(cql, 3))
    settings = settings_for(server, tmp_path / "cache")
    with Client(settings) as c, pytest.raises(FetchError, match="HTTP 503"):
        oep.fetch_dossier(c, tmp_path / "out", "99990")
    state = json.loads((tmp_path / "cache" / "state" / "sru-99990.json").read_text())
    assert state == {"query": cql, "next": 3, "complete": False}
    assert (tmp_path / "out" / "kst" / "kst-99990-1").is_dir()
    assert not (tmp_path / "out" / "kst" / "kst-99990-2").exists()
    page1 = len([k for k in server.log if "startRecord=1" in k])
    with Client(settings) as c:
        res = oep.fetch_dossier(c, tmp_path / "out", "99990")
    assert res.resumed_from == 3 and [d.id for d in res.documents] == ["kst-99990-2", "kst-99990-3"]
    assert len([k for k in server.log if "startRecord=1" in k]) == page1  # page 1 not asked again
    state = json.loads((tmp_path / "cache" / "state" / "sru-99990.json").read_text())
    assert state["complete"] is True


def test_a_document_answered_with_an_html_page_is_reported_and_retried_next_run(server, tmp_path):
    xml2 = kst_paths("kst-99990-2")["xml"]
    server.fail(xml2, *[Fault.html()] * 3)
    settings = settings_for(server, tmp_path / "cache")
    failures = []
    with Client(settings) as c:
        res = oep.fetch_dossier(c, tmp_path / "out", "99990", on_failure=lambda k, e: failures.append(k))
    assert failures == ["kst-99990-2"] and "HTML page" in res.failures[0][1]
    assert not (tmp_path / "out" / "kst" / "kst-99990-2").exists()
    assert [d.id for d in res.documents] == ["kst-99990-1"]  # the page stays open: page 3 waits
    with Client(settings) as c:
        res = oep.fetch_dossier(c, tmp_path / "out", "99990")
    assert res.resumed_from == 3 and not res.failures
    assert [d.id for d in res.documents] == ["kst-99990-2", "kst-99990-3"]
    assert (tmp_path / "out" / "kst" / "kst-99990-2" / "kst-99990-2.xml").is_file()


def test_a_service_that_repeats_a_page_is_not_followed_round(server, client, tmp_path):
    cql = oep.dossier_query("99990")
    repeated = {**sru_params(cql, 1), "startRecord": "3"}
    server.add(SRU, (FIXTURES / "sru_99990_page1.xml").read_bytes(), repeated)  # page 2 answers as page 1
    res = oep.fetch_dossier(client, tmp_path / "out", "99990")
    assert [d.id for d in res.documents] == ["kst-99990-1"]
    assert server.count(SRU) == 2  # page 1, then the repeat: no third request
    assert res.skipped == {"blg": 1}


def test_search_answers_are_asked_again_once_older_than_the_setting_documents_never(server, tmp_path):
    clock = [1_000_000.0]
    settings = settings_for(server, tmp_path / "cache", list_max_age=600)
    with Client(settings, now=lambda: clock[0]) as c:
        oep.fetch_dossier(c, tmp_path / "out", "99990")
    clock[0] += 300  # within the maximum age: everything from the cache
    with Client(settings, now=lambda: clock[0]) as c:
        oep.fetch_dossier(c, tmp_path / "out", "99990", refresh=False)
        assert c.network_requests == 0
    clock[0] += 600  # older than that: the three pages are asked again, conditionally; unchanged, so 304
    with Client(settings, now=lambda: clock[0]) as c:
        res = oep.fetch_dossier(c, tmp_path / "out", "99990")
        assert (c.network_requests, c.revalidated) == (3, 3)
    assert server.not_modified == 3 and len(res.documents) == 3
    assert all(k.startswith(SRU) for k in server.log[-3:])  # no document was asked for again


def test_a_second_dossier_fetch_finds_what_was_published_since(server, tmp_path):
    cql = oep.dossier_query("99990")
    settings = settings_for(server, tmp_path / "cache", list_max_age=0)
    with Client(settings) as c:
        assert len(oep.fetch_dossier(c, tmp_path / "out", "99990").documents) == 3
    # nr. 4 is published: the last page now has it, and numberOfRecords grew
    page3 = (FIXTURES / "sru_99990_page3.xml").read_text(encoding="utf-8")
    record3 = page3[page3.index("<sru:record>"):page3.index("</sru:record>") + len("</sru:record>")]
    record4 = record3.replace("kst-99990-3", "kst-99990-4").replace(
        "<overheidwetgeving:ondernummer>3<", "<overheidwetgeving:ondernummer>4<")
    grown = page3.replace(record3, record3 + record4).replace(
        "<sru:numberOfRecords>5<", "<sru:numberOfRecords>6<")
    server.add(SRU, grown, sru_params(cql, 5))
    server.add(kst_paths("kst-99990-4")["metadata"], (FIXTURES / "metadata-kst-99990-3.xml").read_text(
        encoding="utf-8").replace("kst-99990-3", "kst-99990-4"))
    server.add(kst_paths("kst-99990-4")["pdf"], (FIXTURES / "kst-99990-3.pdf").read_bytes())
    with Client(settings) as c:
        res = oep.fetch_dossier(c, tmp_path / "out", "99990")
    assert [d.id for d in res.documents if not d.skipped] == ["kst-99990-4"]
    assert res.total == 6


def test_xml_that_is_not_a_publication_is_refused(server, client, tmp_path):
    server.add(kst_paths("kst-99990-5")["xml"], b"<?xml version='1.0'?><foutmelding>geen toegang</foutmelding>")
    with pytest.raises(FetchError, match="expected an officiele-publicatie XML, got <foutmelding>"):
        oep.fetch_document(client, tmp_path / "out", "kst-99990-5")
    assert not (tmp_path / "out" / "kst" / "kst-99990-5").exists()


def test_refetching_replaces_the_folder_whole(server, client, tmp_path):
    out = tmp_path / "out"
    oep.fetch_document(client, out, "kst-99990-1")
    (out / "kst" / "kst-99990-1" / "stale.txt").write_text("old")
    oep.fetch_document(client, out, "kst-99990-1", refresh=True)
    assert sorted(p.name for p in (out / "kst" / "kst-99990-1").iterdir()) == [
        "document.json", "kst-99990-1.xml", "metadata.xml"]
    assert not [p for p in (out / "kst").iterdir() if p.name.startswith(".")]


def test_real_kamerstukken_round_trip_through_the_replay_server(shared, tmp_path):
    pubs = real_publications(shared / "corpus" / "tk-2023-2025", 12)
    assert len(pubs) == 12
    with ReplayServer(tmp_path / "rec") as s, Client(settings_for(s, tmp_path / "cache")) as c:
        add_real_documents(s, pubs)
        for kst, src in pubs.items():
            doc = oep.fetch_document(c, tmp_path / "out", kst)
            assert doc.file.read_bytes() == src.read_bytes()
            meta = json.loads((doc.folder / "document.json").read_text(encoding="utf-8"))
            dossier, number = oep.split_kst_id(kst)
            assert meta["dossier"] == dossier and str(meta["number"]) == number
            assert meta["kind"] in {"motie", "brief", "verslag", "nota", "other"}
            assert meta["session_year"].count("-") == 1


def test_a_429_on_the_search_and_a_timeout_on_a_document_are_ridden_out(server, client, tmp_path):
    cql = oep.dossier_query("99990")
    server.fail(SRU, Fault.http(429, retry_after=0), params=sru_params(cql, 1))
    server.fail(kst_paths("kst-99990-2")["xml"], Fault.timeout(0.7))
    res = oep.fetch_dossier(client, tmp_path / "out", "99990")
    assert not res.failures and len(res.documents) == 3
    assert server.count(kst_paths("kst-99990-2")["xml"]) == 2


def test_losing_the_network_mid_dossier_stops_at_once_and_keeps_the_resume_point(server, client, tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = sock.getsockname()[1]
    cql = oep.dossier_query("99990")
    page = (FIXTURES / "sru_99990_page1.xml").read_bytes().replace(
        b"{{BASE}}/frbr/officielepublicaties/kst/99990/kst-99990-1/1/xml/kst-99990-1.xml",
        f"http://127.0.0.1:{dead}/kst-99990-1.xml".encode())
    server.add(SRU, page, sru_params(cql, 1))
    with pytest.raises(oep.OfflineError, match="offline"):
        oep.fetch_dossier(client, tmp_path / "out", "99990")
    assert server.count(SRU) == 1  # stopped at once: page 2 was never asked for
    assert not (tmp_path / "out" / "kst" / "kst-99990-1").exists()
    state = json.loads((tmp_path / "cache" / "state" / "sru-99990.json").read_text())
    assert state == {"query": cql, "next": 1, "complete": False}
