"""``kamerspoor fetch`` on KOOP's own recorded answers (../shared/corpus/koop-recorded), replayed locally.

The recordings are the services' real shapes: an SRU dossier answer that lists an Aanhangsel and two
attachments among its Kamerstukken and has no nextRecordPosition, a metadata.xml as ``<metadata_gegevens>``,
and a motion's XML whose only metadata is a link to that file. One of its records (kst-32545-144) points
its files at kst-32545-143: fetching it must fail on its own, with a clear line, and nothing stored.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kamerspoor.cli import main
from replay import ReplayServer
from replay.recordings import add_koop_recorded, koop_env


@pytest.fixture
def koop(shared):
    folder = shared / "corpus" / "koop-recorded"
    if not (folder / "sru-dossier-32545.xml").is_file():
        pytest.skip("../shared/corpus/koop-recorded is absent")
    return folder


@pytest.fixture
def env(koop, tmp_path):
    with ReplayServer(tmp_path / "rec") as server:
        add_koop_recorded(server, koop)
        yield koop_env(server, tmp_path / "cache")


def run(args, env):
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


def _stored(out, kst):
    return json.loads((out / "kst" / kst / "document.json").read_text(encoding="utf-8"))


def _check_motion(meta):
    assert meta["id"] == "kst-32545-143"
    assert (meta["dossier"], meta["number"], meta["kind"]) == ("32545", 143, "motie")
    assert meta["submitters"] == ["I. (Inge) van Dijk", "P.A. Grinwis"]  # both signatories
    assert meta["date"] == "2021-07-06" and meta["session_year"] == "2020-2021"
    assert meta["title"].startswith("Motie van de leden Inge van Dijk en Grinwis over")


def test_fetch_one_recorded_motion_stores_its_metadata(env, koop, tmp_path):
    out = tmp_path / "out"
    r = run(["fetch", "kst-32545-143", "--out", str(out)], env)
    assert r.exit_code == 0, r.output
    assert [json.loads(x)["id"] for x in r.stdout.splitlines()] == ["kst-32545-143"]
    _check_motion(_stored(out, "kst-32545-143"))
    folder = out / "kst" / "kst-32545-143"
    assert (folder / "metadata.xml").read_bytes() == (koop / "kst-32545-143.metadata.xml").read_bytes()
    assert (folder / "kst-32545-143.xml").read_bytes() == (koop / "kst-32545-143.xml").read_bytes()


def test_fetch_the_recorded_dossier_skips_what_is_no_kamerstuk_and_reports_the_broken_record(env, tmp_path):
    out = tmp_path / "out"
    r = run(["fetch", "--dossier", "32545", "--out", str(out)], env)
    assert r.exit_code == 1, r.output  # one record failed; the others went on
    assert [json.loads(x)["id"] for x in r.stdout.splitlines()] == ["kst-32545-143"]
    assert "dossier 32545: 1 Kamerstuk of 3 records found; 3 skipped, not Kamerstukken (ah 1, blg 2); 1 failed" \
        in r.stderr
    assert "kst-32545-144:" in r.stderr and "metadata names 'kst-32545-143', expected 'kst-32545-144'" in r.stderr
    assert "Traceback" not in r.output
    _check_motion(_stored(out, "kst-32545-143"))
    assert sorted(p.name for p in (out / "kst").iterdir()) == ["kst-32545-143"]


def test_fetched_with_db_the_store_holds_the_metadata_of_metadata_xml(env, tmp_path):
    store_mod = pytest.importorskip("kamerspoor.store")
    out, db = tmp_path / "out", tmp_path / "k.db"
    r = run(["fetch", "kst-32545-143", "--out", str(out), "--db", str(db)], env)
    assert r.exit_code == 0, r.output
    with store_mod.open_store(str(db)) as store:
        doc = store.document("kst-32545-143")["document"]
    assert (doc["dossier"], doc["number"], doc["kind"], doc["date"]) == ("32545", 143, "motie", "2021-07-06")
    assert doc["submitters"] == ["Inge van Dijk", "Grinwis"]  # surnames as the record keeps them
    # the title comes from metadata.xml (the XML itself has only "MOTIE VAN DE LEDEN ...")
    assert doc["title"] == ("Motie van de leden Inge van Dijk en Grinwis over het definiëren van een "
                            "grensspaarsaldo voor negatieve spaarrente")
