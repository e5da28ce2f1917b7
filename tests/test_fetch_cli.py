"""``kamerspoor fetch`` and ``kamerspoor sync`` against the replay server: output, messages, exit codes."""

from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner

from kamerspoor.cli import main
from replay import Fault, ReplayServer
from replay.recordings import ODATA, REPO, SRU, add_fictional


@pytest.fixture
def server(tmp_path):
    with ReplayServer(tmp_path / "rec") as s:
        add_fictional(s)
        yield s


@pytest.fixture
def env(server, tmp_path):
    return {"KAMERSPOOR_SRU_URL": server.base_url + SRU, "KAMERSPOOR_OEP_URL": server.base_url + REPO,
            "KAMERSPOOR_TK_ODATA_URL": server.base_url + ODATA, "KAMERSPOOR_CACHE": str(tmp_path / "cache"),
            "KAMERSPOOR_HTTP_TIMEOUT": "0.5", "KAMERSPOOR_HTTP_RETRIES": "2", "KAMERSPOOR_HTTP_BACKOFF": "0.01",
            "KAMERSPOOR_HTTP_INTERVAL": "0", "KAMERSPOOR_SRU_PAGE_SIZE": "2"}


def run(args, env):
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


def test_fetch_a_dossier_prints_a_line_per_document(env, tmp_path):
    out = tmp_path / "out"
    r = run(["fetch", "--dossier", "99990", "--out", str(out)], env)
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["kst-99990-1", "kst-99990-2", "kst-99990-3"]
    assert "dossier 99990: 3 Kamerstukken of 5 records found; 2 skipped, not Kamerstukken (ah 1, blg 1)" in r.stderr
    again = run(["fetch", "--dossier", "99990", "--out", str(out)], env)
    assert "0 requests" in again.stderr
    assert all(json.loads(x)["skipped"] for x in again.stdout.splitlines())


def test_fetch_single_documents_reports_the_missing_one_and_keeps_the_others(env, tmp_path):
    out = tmp_path / "out"
    r = run(["fetch", "kst-99990-1", "kst-99990-8", "kst-99990-2", "--out", str(out)], env)
    assert r.exit_code == 1
    assert [json.loads(x)["id"] for x in r.stdout.splitlines()] == ["kst-99990-1", "kst-99990-2"]
    assert "kamerspoor: kst-99990-8:" in r.stderr and "neither XML nor PDF" in r.stderr
    assert "Traceback" not in r.output


def test_fetch_with_a_bad_id_is_a_usage_error(env, tmp_path):
    r = run(["fetch", "35207-32", "--out", str(tmp_path / "out")], env)
    assert r.exit_code == 2 and "'35207-32' is not a Kamerstuk id" in r.stderr


def test_fetch_when_offline_says_so_and_stores_nothing(env, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**env, "KAMERSPOOR_OEP_URL": f"http://127.0.0.1:{port}/frbr/officielepublicaties"}
    r = run(["fetch", "kst-99990-1", "--out", str(tmp_path / "out")], env)
    assert r.exit_code == 1
    assert "offline?" in r.stderr and "Traceback" not in r.output
    assert not (tmp_path / "out").exists()


def test_fetch_an_html_error_page_ends_in_a_clear_message(server, env, tmp_path):
    server.fail(SRU, *[Fault.html()] * 3)
    r = run(["fetch", "--dossier", "99990", "--out", str(tmp_path / "out")], env)
    assert r.exit_code == 1
    assert "expected XML but got an HTML page" in r.stderr
    assert not (tmp_path / "out").exists()


def test_sync_writes_zaken_and_official_commitments(env, tmp_path):
    out = tmp_path / "out"
    r = run(["sync", "--since", "2024-01-01", "--entity", "Zaak", "--entity", "Toezegging", "--out", str(out)], env)
    assert r.exit_code == 0, r.output
    stats = {x["entity"]: x for x in map(json.loads, r.stdout.splitlines())}
    assert (stats["Zaak"]["pages"], stats["Zaak"]["written"], stats["Zaak"]["deleted"]) == (2, 2, 1)
    assert stats["Toezegging"]["written"] == 3
    official = json.loads((out / "official_commitments.json").read_text(encoding="utf-8"))
    assert [o["status"] for o in official] == ["Openstaand", "Deels voldaan", "Voldaan"]
    assert (out / "tk" / "kst_index.json").is_file()


def test_sync_with_documents_fetches_the_motions(env, tmp_path):
    out = tmp_path / "out"
    r = run(["sync", "--since", "2024-01-01", "--entity", "Zaak", "--documents", "--out", str(out)], env)
    # kst-99990-1 is published; kst-99990-4 is not in the recordings: reported, exit 1
    assert r.exit_code == 1
    assert (out / "kst" / "kst-99990-1" / "kst-99990-1.xml").is_file()
    assert "kst-99990-4:" in r.stderr


def test_sync_usage_errors(env, tmp_path):
    r = run(["sync", "--since", "last week", "--out", str(tmp_path / "out")], env)
    assert r.exit_code == 2 and "is not a date" in r.stderr
    r = run(["sync", "--entity", "Zaak", "--out", str(tmp_path / "out")], env)
    assert r.exit_code == 2 and "give --since" in r.stderr


def test_fetch_and_sync_with_db_ingest_the_output_folder(env, tmp_path):
    store_mod = pytest.importorskip("kamerspoor.store")
    out, db = tmp_path / "out", tmp_path / "k.db"
    r = run(["fetch", "--dossier", "99990", "--out", str(out), "--db", str(db)], env)
    assert r.exit_code == 0, r.output
    assert "ingested into" in r.stderr
    r = run(["sync", "--since", "2024-01-01", "--entity", "Zaak", "--out", str(out), "--db", str(db)], env)
    assert r.exit_code == 0, r.output
    with store_mod.open_store(str(db)) as store:
        stats = store.stats()
    assert stats["documents"] == 3  # two XML, one PDF; metadata.xml and document.json are not documents
    assert stats["zaken"] == 2 and stats["votes"] == 1


def test_fetch_max_age_asks_the_search_again_but_not_the_documents(env, tmp_path):
    out = tmp_path / "out"
    assert run(["fetch", "--dossier", "99990", "--out", str(out)], env).exit_code == 0
    again = run(["fetch", "--dossier", "99990", "--out", str(out), "--max-age", "0"], env)
    assert again.exit_code == 0, again.output
    assert "kamerspoor: 3 requests, 0 from cache, 3 unchanged lists" in again.stderr  # the three SRU pages


def test_a_negative_list_max_age_is_a_usage_error(env, tmp_path):
    r = run(["fetch", "kst-99990-1", "--out", str(tmp_path / "out")], {**env, "KAMERSPOOR_LIST_MAX_AGE": "-5"})
    assert r.exit_code == 2 and "maximum age must be 0 or more seconds" in r.stderr
    r = run(["fetch", "kst-99990-1", "--out", str(tmp_path / "out"), "--max-age", "-1"], env)
    assert r.exit_code == 2


def test_fetch_with_a_postgresql_db_never_prints_its_password(env, tmp_path):
    from conftest import PG_URL

    if not PG_URL:
        pytest.skip("KAMERSPOOR_TEST_PG_URL is not set (start a server with .ci/postgres.sh)")
    from kamerspoor.store import open_store

    with open_store(PG_URL) as store:
        store.drop_all()
    scheme, rest = PG_URL.split("://", 1)
    user, host = rest.split("@", 1) if "@" in rest else ("postgres", rest)
    with_password = f"{scheme}://{user.split(':')[0]}:s3cr3t-pw@{host}"  # the loopback server trusts its users
    r = run(["fetch", "--dossier", "99990", "--out", str(tmp_path / "out"), "--db", with_password], env)
    assert r.exit_code == 0, r.output
    assert "ingested into" in r.stderr and ":***@" in r.stderr
    assert "s3cr3t-pw" not in r.output


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://me:secret@db.example/k", "postgresql://me:***@db.example/k"),
    ("postgresql://me:se@cret@db.example:5432/k", "postgresql://me:***@db.example:5432/k"),
    ("postgresql://me@db.example/k?password=secret&sslmode=require",
     "postgresql://me@db.example/k?password=***&sslmode=require"),
    ("postgresql://me@db.example/k", "postgresql://me@db.example/k"),
    ("mysql://me:secret@db.example/k", "mysql://me:***@db.example/k"),
    ("kamerspoor.db", "kamerspoor.db"),
])
def test_a_database_url_is_shown_without_its_password(url, shown):
    from kamerspoor.dburl import safe_url

    assert safe_url(url) == shown


def test_a_store_that_cannot_be_opened_is_named_without_its_password():
    for url in ("mysql://me:secret@127.0.0.1/k", "postgresql://me:secret@127.0.0.1:1/k"):
        r = CliRunner().invoke(main, ["stats", "--db", url])
        assert r.exit_code != 0 and "me:***@127.0.0.1" in r.stderr, r.output
        assert "secret" not in r.output and "Traceback" not in r.output
