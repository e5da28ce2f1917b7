"""Tweede Kamer OData v4 sync: nextLink paging, Verwijderd, resume, incremental, Zaak <-> kst id <-> vote."""

from __future__ import annotations

import json
import random

import pytest

from kamerspoor.fetch import Client, FetchError, tkodata
from kamerspoor.model import InputError
from replay import Fault, ReplayServer
from replay.recordings import (
    FICTIONAL_SINCE,
    ODATA,
    add_fictional,
    add_real_zaken,
    odata_params,
    settings_for,
)

Z1 = "11111111-1111-4111-8111-111111111111"
Z2 = "22222222-2222-4222-8222-222222222222"
Z3 = "33333333-3333-4333-8333-333333333333"


@pytest.fixture
def server(tmp_path):
    with ReplayServer(tmp_path / "rec") as s:
        add_fictional(s)
        yield s


@pytest.fixture
def settings(server, tmp_path):
    return settings_for(server, tmp_path / "cache")


def test_since_must_be_a_date():
    assert tkodata.odata_since("2019-01-01") == "2019-01-01T00:00:00Z"
    assert tkodata.odata_since("2024-03-21T09:30:00.5000000Z") == "2024-03-21T09:30:00.5000000Z"
    for bad in ("2019-13-01", "gisteren", "2019-01-01' or 1 eq 1"):
        with pytest.raises(InputError, match="is not a date"):
            tkodata.odata_since(bad)


def test_zaak_pages_are_followed_and_deletions_followed(server, settings, tmp_path):
    out = tmp_path / "out"
    (out / "zaken").mkdir(parents=True)
    (out / "zaken" / f"{Z3}.json").write_text("{}")  # synced earlier, deleted since
    with Client(settings) as c:
        r = tkodata.sync_entity(c, out, "Zaak", FICTIONAL_SINCE)
    assert (r.pages, r.written, r.deleted, r.complete) == (2, 2, 1, True)
    assert r.high_water == "2024-03-22T07:00:00.0000000Z"
    assert sorted(p.stem for p in (out / "zaken").glob("*.json")) == [Z1, Z2]
    z1 = json.loads((out / "zaken" / f"{Z1}.json").read_text(encoding="utf-8"))
    # the deleted child Document (kst-99990-77) is dropped from the expansion
    assert [d["HuidigeDocumentVersie"]["ExterneIdentifier"] for d in z1["Document"]] == ["kst-99990-1"]
    deleted = [json.loads(line) for line in (out / "tk" / "deleted.jsonl").read_text().splitlines()]
    assert deleted == [{"entity": "Zaak", "id": Z3, "ApiGewijzigdOp": "2024-03-22T07:00:00.0000000Z"}]
    assert r.kst_ids == {"kst-99990-1", "kst-99990-4"}


def test_zaak_document_kst_id_and_vote_are_linked(server, settings, tmp_path):
    out = tmp_path / "out"
    with Client(settings) as c:
        tkodata.sync(c, out, FICTIONAL_SINCE, ["Zaak"])
    index = json.loads((out / "tk" / "kst_index.json").read_text(encoding="utf-8"))
    assert index["kst-99990-1"] == [{"Id": Z1, "Nummer": "2024Z00001", "Soort": "Motie"}]
    assert "kst-99990-77" not in index
    z1 = json.loads((out / "zaken" / f"{Z1}.json").read_text(encoding="utf-8"))
    s = tkodata.motion_summary(z1)
    assert s["kst"] == ["kst-99990-1"] and s["submitters"] == ["A.B. Voorbeeld"]
    assert s["kabinetsappreciatie"] == "Oordeel Kamer" and s["besluit"] == "Stemmen - aangenomen"
    # Partij D's vote is marked Vergissing: it counts as cast, as the Kamer keeps it, and is flagged
    assert s["votes"] == {"Voor": 100, "Tegen": 50}
    votes = json.loads((out / "votes" / "motion_votes_summary.json").read_text(encoding="utf-8"))
    assert len(votes) == 1 and votes[0]["vote_totals"] == {"Voor": 100, "Tegen": 50}
    assert {k: votes[0][k] for k in ("motion_id", "motion_number", "final_status", "vote_count", "vote_status")} == {
        "motion_id": Z1, "motion_number": "2024Z00001", "final_status": "Stemmen - aangenomen", "vote_count": 5,
        "vote_status": "complete"}
    assert [p["fractie"] for p in votes[0]["vote_parties"] if p["vergissing"]] == ["Partij D"]
    assert votes[0]["vote_members"] == [] and votes[0]["vote_contradictions"] == []
    try:
        from kamerspoor.tkapi import motion_votes
    except ImportError:
        return
    linked = motion_votes(out)  # the output folder reads like the corpus: zaken/ + votes/
    assert linked["kst-99990-1"]["zaak"] == "2024Z00001" and linked["kst-99990-1"]["vote"]["voor"] == 100
    assert linked["kst-99990-4"]["vote"] is None


def test_a_later_sync_asks_only_for_changes_after_the_high_water_mark(server, settings, tmp_path):
    with Client(settings) as c:
        tkodata.sync_entity(c, tmp_path / "out", "Zaak", FICTIONAL_SINCE)
    z = tkodata.ENTITIES["Zaak"]
    later = {"$filter": f"{z.filter} and ApiGewijzigdOp ge 2024-03-22T07:00:00.0000000Z", "$expand": z.expand}
    server.add(f"{ODATA}/Zaak", {"value": []}, later)
    with Client(settings) as c:
        r = tkodata.sync_entity(c, tmp_path / "out", "Zaak", None)
    assert (r.pages, r.written) == (1, 0)
    assert server.log[-1].startswith(f"{ODATA}/Zaak?") and "2024-03-22T07%3A00%3A00.0000000Z" in server.log[-1]


def test_the_same_sync_again_after_the_maximum_age_sees_what_changed(server, tmp_path):
    settings = settings_for(server, tmp_path / "cache", list_max_age=0)
    out = tmp_path / "out"
    with Client(settings) as c:
        tkodata.sync_entity(c, out, "Toezegging", FICTIONAL_SINCE)
    t = tkodata.ENTITIES["Toezegging"]
    page = json.loads(server.body_of(server.index[next(k for k in server.index if "/Toezegging" in k)]))
    extra = {**page["value"][0], "Id": "44444444-4444-4444-8444-444444444444", "Nummer": "TZ202400999"}
    server.add(f"{ODATA}/Toezegging", {**page, "value": page["value"] + [extra]},
               odata_params(t.filter, FICTIONAL_SINCE, t.expand))
    with Client(settings) as c:
        r = tkodata.sync_entity(c, out, "Toezegging", FICTIONAL_SINCE)
    assert r.written == 4 and (out / "tk" / "Toezegging" / f"{extra['Id']}.json").is_file()


def test_without_since_and_without_an_earlier_sync_the_error_says_what_to_do(settings, tmp_path):
    with Client(settings) as c, pytest.raises(InputError, match="give --since YYYY-MM-DD"):
        tkodata.sync_entity(c, tmp_path / "out", "Zaak", None)


def test_a_failed_page_resumes_at_that_page(server, settings, tmp_path):
    server.fail(f"{ODATA}/Zaak", *[Fault.http(500)] * 3, params={
        "$filter": "Soort eq 'Motie' and ApiGewijzigdOp ge 2024-01-01T00:00:00Z", "$skip": "2"})
    out = tmp_path / "out"
    with Client(settings) as c, pytest.raises(FetchError, match="gave up after 3 attempts: HTTP 500"):
        tkodata.sync_entity(c, out, "Zaak", FICTIONAL_SINCE)
    state = json.loads((tmp_path / "cache" / "state" / "odata-Zaak.json").read_text())
    assert state["complete"] is False and "$skip=2" in state["next"]
    assert len(list((out / "zaken").glob("*.json"))) == 2  # page 1 complete, nothing of page 2
    first_pages = sum(1 for k in server.log if "skip" not in k and k.startswith(f"{ODATA}/Zaak"))
    with Client(settings) as c:
        r = tkodata.sync_entity(c, out, "Zaak", FICTIONAL_SINCE)
    assert r.resumed and r.pages == 1 and r.deleted == 1
    assert sum(1 for k in server.log if "skip" not in k and k.startswith(f"{ODATA}/Zaak")) == first_pages


def test_a_truncated_page_then_success(server, settings, tmp_path):
    server.fail(f"{ODATA}/Zaak", Fault.truncate())
    with Client(settings) as c:
        r = tkodata.sync_entity(c, tmp_path / "out", "Zaak", FICTIONAL_SINCE)
    assert r.written == 2


def test_an_html_page_instead_of_json_stores_nothing(server, settings, tmp_path):
    server.fail(f"{ODATA}/Zaak", *[Fault.html()] * 3)
    with Client(settings) as c, pytest.raises(FetchError, match="expected JSON but got an HTML page"):
        tkodata.sync_entity(c, tmp_path / "out", "Zaak", FICTIONAL_SINCE)
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "cache" / "state" / "odata-Zaak.json").exists()


def test_json_that_is_not_an_odata_collection_is_refused(server, settings, tmp_path):
    t = tkodata.ENTITIES["Persoon"]
    server.add(f"{ODATA}/Persoon", {"value": [{"Id": "not-a-guid"}]}, odata_params(t.filter, "2024-01-01", None))
    with Client(settings) as c, pytest.raises(FetchError, match="OData entity #0 has no valid Id"):
        tkodata.sync_entity(c, tmp_path / "out", "Persoon", "2024-01-01")
    assert not (tmp_path / "out" / "tk" / "Persoon").exists()


def test_toezeggingen_are_synced_into_their_folder(server, settings, tmp_path):
    with Client(settings) as c:
        r = tkodata.sync_entity(c, tmp_path / "out", "Toezegging", FICTIONAL_SINCE)
    assert r.written == 3
    assert len(list((tmp_path / "out" / "tk" / "Toezegging").glob("*.json"))) == 3


def test_real_zaken_sync_unchanged_over_pages(shared, tmp_path):
    files = sorted((shared / "corpus" / "tk-2023-2025" / "zaken").glob("*.json"))
    sample = random.Random(7).sample(files, 25)
    with ReplayServer(tmp_path / "rec") as s, Client(settings_for(s, tmp_path / "cache")) as c:
        zaken = add_real_zaken(s, sample, "2019-01-01", page_size=10)
        r = tkodata.sync_entity(c, tmp_path / "out", "Zaak", "2019-01-01")
        tkodata.write_indexes(tmp_path / "out")
    assert (r.pages, r.written, r.deleted) == (3, 25, 0)
    index = json.loads((tmp_path / "out" / "tk" / "kst_index.json").read_text(encoding="utf-8"))
    for z in zaken:
        got = json.loads((tmp_path / "out" / "zaken" / f"{z['Id']}.json").read_text(encoding="utf-8"))
        assert got == tkodata.drop_deleted(z)
        for d in z["Document"]:
            kst = d["HuidigeDocumentVersie"]["ExterneIdentifier"]
            if kst and kst.startswith("kst-") and not d.get("Verwijderd"):
                assert {"Id": z["Id"], "Nummer": z["Nummer"], "Soort": z["Soort"]} in index[kst]
    try:
        from kamerspoor.tkapi import read_zaak
    except ImportError:
        return
    for z in zaken[:5]:  # the synced files read like the corpus's
        assert read_zaak(tmp_path / "out" / "zaken" / f"{z['Id']}.json").nummer == z["Nummer"]


def test_fractiezetelpersoon_is_synced_and_says_who_sat_for_which_party(server, settings, tmp_path):
    from datetime import date

    from kamerspoor.tkpersons import Kamerleden, read_fractiezetelpersonen

    q = tkodata.ENTITIES["FractieZetelPersoon"]
    fractie = {"Id": "f0000000-0000-4000-8000-000000000001", "Afkorting": "PvV", "NaamNL": "Partij van Voorbeelden"}

    def seat(i, persoon, van, tot):
        return {"Id": f"a0000000-0000-4000-8000-00000000000{i}", "Functie": "Lid", "Van": van, "TotEnMet": tot,
                "Persoon_Id": persoon, "FractieZetel_Id": f"c0000000-0000-4000-8000-00000000000{i}",
                "ApiGewijzigdOp": "2024-02-01T10:00:00Z", "Verwijderd": False,
                "FractieZetel": {"Id": f"c0000000-0000-4000-8000-00000000000{i}", "Gewicht": i,
                                 "Fractie_Id": fractie["Id"], "Fractie": fractie}}
    page = {"value": [seat(1, Z1, "2023-12-06T00:00:00+01:00", None),
                      seat(2, Z2, "2023-12-06T00:00:00+01:00", "2024-05-31T00:00:00+02:00")]}
    server.add(f"{ODATA}/FractieZetelPersoon", page, odata_params(q.filter, FICTIONAL_SINCE, q.expand))
    out = tmp_path / "out"
    with Client(settings) as c:
        r = tkodata.sync_entity(c, out, "FractieZetelPersoon", FICTIONAL_SINCE)
    assert r.written == 2
    periods = []
    for f in sorted((out / "tk" / "FractieZetelPersoon").glob("*.json")):
        periods += read_fractiezetelpersonen(f)[0]
    k = Kamerleden(lidmaatschappen=periods)
    assert k.party_of(Z1, date(2025, 1, 1)).fractie == "PvV"
    assert k.party_of(Z2, date(2025, 1, 1)) is None and k.party_of(Z2, date(2024, 3, 1)).fractie == "PvV"
