"""The HTTP client: cache, retries with backoff, pacing, and a clear error for every way a download fails."""

from __future__ import annotations

import socket

import httpx
import pytest

from kamerspoor.fetch import Client, FetchError, NotFound, OfflineError, Settings
from kamerspoor.fetch.http import check_body
from kamerspoor.model import InputError
from replay import Fault, ReplayServer
from replay.recordings import settings_for

XML = b"<?xml version='1.0'?><metadata><meta name='DC.identifier' content='kst-1-2'/></metadata>"


@pytest.fixture
def server(tmp_path):
    with ReplayServer(tmp_path / "rec") as s:
        s.add("/doc.xml", XML)
        s.add("/data.json", {"value": [1, 2]})
        yield s


@pytest.fixture
def client(server, tmp_path):
    with Client(settings_for(server, tmp_path / "cache")) as c:
        yield c


def cache_files(tmp_path):
    return sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file())


def test_a_second_get_is_answered_from_the_cache(server, client):
    first = client.get(server.base_url + "/doc.xml", kind="xml")
    second = client.get(server.base_url + "/doc.xml", kind="xml")
    assert not first.from_cache and second.from_cache
    assert second.body == XML and second.parsed.tag == "metadata"
    assert server.count("/doc.xml") == 1


def test_refresh_asks_the_server_again(server, client):
    client.get(server.base_url + "/doc.xml", kind="xml")
    client.get(server.base_url + "/doc.xml", kind="xml", refresh=True)
    assert server.count("/doc.xml") == 2


def test_429_then_success_is_retried_and_stored(server, client, tmp_path):
    server.fail("/doc.xml", Fault.http(429, retry_after=0))
    got = client.get(server.base_url + "/doc.xml", kind="xml")
    assert got.body == XML
    assert server.count("/doc.xml") == 2
    assert client.cached(server.base_url + "/doc.xml", "xml") is not None


def test_retry_after_is_obeyed_within_the_cap(server, tmp_path):
    waits = []
    with Client(settings_for(server, tmp_path / "cache", max_wait=5.0), sleep=waits.append) as c:
        server.fail("/doc.xml", Fault.http(429, retry_after=3))
        c.get(server.base_url + "/doc.xml", kind="xml")
    assert waits == [3.0]


def test_backoff_doubles_between_attempts(server, tmp_path):
    waits = []
    with Client(settings_for(server, tmp_path / "cache", retries=3, backoff=0.5, max_wait=10),
                sleep=waits.append) as c:
        server.fail("/doc.xml", Fault.http(503), Fault.http(502), Fault.http(500))
        c.get(server.base_url + "/doc.xml", kind="xml")
    assert waits == [0.5, 1.0, 2.0]


def test_server_errors_that_persist_end_in_a_clear_message_and_nothing_stored(server, client, tmp_path):
    server.fail("/doc.xml", *[Fault.http(503)] * 3)
    with pytest.raises(FetchError) as e:
        client.get(server.base_url + "/doc.xml", kind="xml")
    assert "gave up after 3 attempts: HTTP 503" in str(e.value)
    assert "/doc.xml" in str(e.value)
    assert cache_files(tmp_path) == []


def test_a_timeout_then_success(server, client):
    server.fail("/doc.xml", Fault.timeout(0.7))
    assert client.get(server.base_url + "/doc.xml", kind="xml").body == XML
    assert server.count("/doc.xml") == 2


def test_timeouts_that_persist_end_in_a_clear_message(server, tmp_path):
    with Client(settings_for(server, tmp_path / "cache", timeout=0.2, retries=1)) as c:
        server.fail("/doc.xml", Fault.timeout(0.6), Fault.timeout(0.6))
        with pytest.raises(FetchError) as e:
            c.get(server.base_url + "/doc.xml", kind="xml")
    assert "timed out after 0.2 s" in str(e.value)
    assert cache_files(tmp_path) == []


def test_a_truncated_body_is_retried(server, client):
    server.fail("/doc.xml", Fault.truncate())
    assert client.get(server.base_url + "/doc.xml", kind="xml").body == XML
    assert server.count("/doc.xml") == 2


def test_a_body_truncated_every_time_is_reported_and_not_stored(server, client, tmp_path):
    server.fail("/doc.xml", *[Fault.truncate()] * 3)
    with pytest.raises(FetchError) as e:
        client.get(server.base_url + "/doc.xml", kind="xml")
    assert "truncated body" in str(e.value)
    assert cache_files(tmp_path) == []


def test_a_body_cut_off_without_content_length_is_caught_by_parsing(server, client, tmp_path):
    server.fail("/doc.xml", *[Fault.cut()] * 3)
    with pytest.raises(FetchError) as e:
        client.get(server.base_url + "/doc.xml", kind="xml")
    assert "XML is broken or cut off" in str(e.value)
    assert cache_files(tmp_path) == []


def test_an_html_error_page_where_xml_was_expected(server, client, tmp_path):
    server.fail("/doc.xml", *[Fault.html()] * 3)
    with pytest.raises(FetchError) as e:
        client.get(server.base_url + "/doc.xml", kind="xml")
    assert "expected XML but got an HTML page (503 Service Unavailable - onderhoud)" in str(e.value)
    assert cache_files(tmp_path) == []


def test_an_html_error_page_once_then_the_real_answer(server, client):
    server.fail("/doc.xml", Fault.html())
    assert client.get(server.base_url + "/doc.xml", kind="xml").body == XML


def test_json_that_is_cut_off(server, client):
    server.fail("/data.json", *[Fault.cut()] * 3)
    with pytest.raises(FetchError, match="JSON is broken or cut off"):
        client.get(server.base_url + "/data.json", kind="json")


def test_not_found_is_not_retried(server, client):
    with pytest.raises(NotFound, match="HTTP 404"):
        client.get(server.base_url + "/missing.xml", kind="xml")
    assert server.count("/missing.xml") == 1


def test_a_client_error_names_the_odata_message(server, client):
    server.add("/bad", {"error": {"code": "", "message": "The query specified in the URI is not valid."}},
               status=400)
    with pytest.raises(FetchError, match="HTTP 400: The query specified in the URI is not valid"):
        client.get(server.base_url + "/bad", kind="json")


def test_an_unreachable_host_is_an_offline_error(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings(cache_dir=tmp_path / "cache", retries=1, backoff=0.01, interval=0, timeout=0.5)
    with Client(settings) as c, pytest.raises(OfflineError) as e:
        c.get(f"http://127.0.0.1:{port}/doc.xml", kind="xml")
    assert "offline?" in str(e.value) and "cannot connect" in str(e.value)


def test_a_name_that_does_not_resolve_fails_at_once_as_offline(tmp_path):
    calls = []

    def handler(request):
        calls.append(request.url)
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution", request=request)

    settings = Settings(cache_dir=tmp_path / "cache", retries=3, backoff=0.01, interval=0)
    with Client(settings, transport=httpx.MockTransport(handler)) as c, pytest.raises(OfflineError) as e:
        c.get("https://repository.overheid.nl/sru", kind="xml")
    assert len(calls) == 1
    assert "cannot resolve host 'repository.overheid.nl': offline?" in str(e.value)


def test_offline_still_serves_what_is_cached(server, tmp_path):
    settings = settings_for(server, tmp_path / "cache")
    with Client(settings) as c:
        c.get(server.base_url + "/doc.xml", kind="xml")
    url = server.base_url + "/doc.xml"
    server.stop()
    with Client(settings) as c:
        assert c.get(url, kind="xml").from_cache


def test_a_damaged_cache_entry_is_fetched_again(server, client):
    url = server.base_url + "/doc.xml"
    client.get(url, kind="xml")
    client.cache_path(url).with_suffix(".body").write_bytes(b"<metadata><me")
    assert client.get(url, kind="xml").body == XML
    assert server.count("/doc.xml") == 2


def test_requests_to_one_host_are_paced(server, tmp_path):
    waits = []
    with Client(settings_for(server, tmp_path / "cache", interval=10.0), sleep=waits.append) as c:
        c.get(server.base_url + "/doc.xml", kind="xml")
        c.get(server.base_url + "/data.json", kind="json")
    assert len(waits) == 1 and 9.0 < waits[0] <= 10.0


def test_pdf_check():
    assert check_body("pdf", b"%PDF-1.4\n...\n%%EOF\n", "application/pdf") is None
    with pytest.raises(ValueError, match="cut off"):
        check_body("pdf", b"%PDF-1.4\n...", "application/pdf")
    with pytest.raises(ValueError, match="HTML page"):
        check_body("pdf", b"<html><title>Fout</title></html>", "text/html")


def test_settings_from_the_environment(tmp_path):
    s = Settings.from_env({"KAMERSPOOR_SRU_URL": "http://mirror.example/sru/", "KAMERSPOOR_CACHE": str(tmp_path),
                           "KAMERSPOOR_HTTP_RETRIES": "7", "KAMERSPOOR_TK_ODATA_URL": "http://m/OData"})
    assert s.sru_url == "http://mirror.example/sru" and s.retries == 7 and s.cache_dir == tmp_path
    assert s.tk_odata_url == "http://m/OData"
    assert s.oep_url == "https://repository.overheid.nl/frbr/officielepublicaties"
    with pytest.raises(InputError, match="KAMERSPOOR_HTTP_TIMEOUT='soon' is not a number"):
        Settings.from_env({"KAMERSPOOR_HTTP_TIMEOUT": "soon"})
