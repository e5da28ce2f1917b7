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


def test_an_sru_page_gives_records_total_and_next_position():
    root = etree.fromstring((FIXTURES / "sru_99990_page1.xml").read_bytes())
    page = oep.parse_sru(root)
    assert page.total == 3 and page.next_position == 3
    first = page.records[0]
    assert (first.id, first.dossier, first.number, first.type, first.session_year) == (
        "kst-99990-1", "99990", "1", "Motie", "2023-2024")
    assert first.urls["metadata"].endswith("/kst-99990-1/1/metadata/metadata.xml")
    assert set(first.urls) == {"xml", "metadata", "pdf"}


def test_sru_diagnostics_become_a_clear_error():
    root = etree.fromstring((FIXTURES / "sru_diagnostic.xml").read_bytes())
    with pytest.raises(FetchError, match=r"SRU error: Query syntax error \(w.dossiernummer=\)"):
        oep.parse_sru(root)


def test_metadata_xml_gives_the_document_fields():
    root = etree.fromstring((FIXTURES / "metadata-kst-99990-1.xml").read_bytes())
    doc = oep.parse_metadata(root)
    assert doc["id"] == "kst-99990-1" and doc["dossier"] == "99990" and doc["number"] == 1
    assert doc["kind"] == "motie" and doc["type"] == "Motie" and doc["session_year"] == "2023-2024"
    assert doc["submitters"] == ["A.B. Voorbeeld", "C. Tweede"]
    assert doc["title"] == "Motie van het lid Voorbeeld over een proefregeling"
    brief = oep.parse_metadata(etree.fromstring((FIXTURES / "metadata-kst-99990-2.xml").read_bytes()))
    assert brief["kind"] == "brief" and brief["date"] == "2024-06-20"


def test_a_dossier_is_fetched_over_all_sru_pages(server, client, tmp_path):
    out = tmp_path / "out"
    res = oep.fetch_dossier(client, out, "99990")
    assert res.total == 3 and not res.failures
    assert [d.id for d in res.documents] == ["kst-99990-1", "kst-99990-2", "kst-99990-3"]
    one = out / "kst" / "kst-99990-1"
    assert (one / "kst-99990-1.xml").read_bytes() == (FIXTURES / "kst-99990-1.xml").read_bytes()
    assert (one / "metadata.xml").is_file()
    meta = json.loads((one / "document.json").read_text(encoding="utf-8"))
    assert meta["dossier"] == "99990" and meta["number"] == 1 and meta["kind"] == "motie"
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
    assert first == 2 + 2 * 2 + 3  # two SRU pages, XML + metadata for nrs 1 and 2, metadata + XML 404 + PDF
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
    assert (tmp_path / "out" / "kst" / "kst-99990-2").is_dir()
    assert not (tmp_path / "out" / "kst" / "kst-99990-3").exists()
    page1 = len([k for k in server.log if "startRecord=1" in k])
    with Client(settings) as c:
        res = oep.fetch_dossier(c, tmp_path / "out", "99990")
    assert res.resumed_from == 3 and [d.id for d in res.documents] == ["kst-99990-3"]
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
    assert [d.id for d in res.documents] == ["kst-99990-1"]  # the page stays open: page 2 waits
    with Client(settings) as c:
        res = oep.fetch_dossier(c, tmp_path / "out", "99990")
    assert res.resumed_from == 1 and not res.failures
    assert (tmp_path / "out" / "kst" / "kst-99990-2" / "kst-99990-2.xml").is_file()


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
        b"{{BASE}}/frbr/officielepublicaties/kst/99990/kst-99990-2/1/xml/kst-99990-2.xml",
        f"http://127.0.0.1:{dead}/kst-99990-2.xml".encode())
    server.add(SRU, page, sru_params(cql, 1))
    with pytest.raises(oep.OfflineError, match="offline"):
        oep.fetch_dossier(client, tmp_path / "out", "99990")
    assert server.count(SRU) == 1  # stopped at once: page 2 was never asked for
    assert not (tmp_path / "out" / "kst" / "kst-99990-2").exists()
    state = json.loads((tmp_path / "cache" / "state" / "sru-99990.json").read_text())
    assert state == {"query": cql, "next": 1, "complete": False}
