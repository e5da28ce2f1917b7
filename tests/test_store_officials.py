"""Official toezeggingen beside the extracted commitments, deletions from Tweede Kamer open data, and ingest of
a ``kamerspoor fetch``/``sync`` output folder; on SQLite and (KAMERSPOOR_TEST_PG_URL) PostgreSQL.

The official records are the fictional register of tests/fixtures/fetch/odata_toezegging.json in the shape
``kamerspoor sync`` writes them (``official_commitments.json``); the letter is a fictional analysis record.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamerspoor.cli import main
from kamerspoor.fetch import layout_role
from kamerspoor.fetch import toezeggingen as tz
from kamerspoor.ingest import find_files, ingest, put_official_commitments, put_record
from kamerspoor.ingest.officials import OfficialIndex
from kamerspoor.store import open_store

TESTS = Path(__file__).parent
STORE_FIXTURES = TESTS / "fixtures" / "store"
FETCH_FIXTURES = TESTS / "fixtures" / "fetch"
PG_URL = os.environ.get("KAMERSPOOR_TEST_PG_URL")

PROEF = "TZ202406-101"  # "... informeert de Kamer voor 1 oktober 2024 over de uitkomsten van de proefregeling."
DORP = "TZ202405-044"  # "... voor de zomer te informeren over de evaluatie van de subsidieregeling voor dorpshuizen."
ZAAK_8 = "00000000-0000-4000-8000-000000009908"  # tests/fixtures/store/zaak-99902-8.json, vote 2025Z99908


def officials() -> list[dict]:
    page = json.loads((FETCH_FIXTURES / "odata_toezegging.json").read_text(encoding="utf-8"))
    return [tz.official_commitment(t) for t in page["value"]]


def by_number(items: list[dict]) -> dict[str, dict]:
    return {o["number"]: o for o in items}


def letter(number: int = 5, date: str = "2024-06-20") -> dict:
    """A fictional letter of the minister of Voorbeeldzaken with three commitments: the first and the third are
    promises of the register (in other words), the second is not; the first answers motion 99903 nr. 2."""
    paras = [
        "De motie van het lid Visser (Kamerstuk 99 903, nr. 2) verzoekt de regering de proefregeling te evalueren. "
        "Ik zal uw Kamer voor 1 oktober 2024 informeren over de uitkomsten van de proefregeling.",
        "Het kabinet blijft de veiligheid van fietspaden in 2025 onderzoeken.",
        "Voor de zomer ontvangt uw Kamer de evaluatie van de subsidieregeling voor dorpshuizen.",
    ]
    text = "\n\n".join(paras)
    starts = [text.index(p) for p in paras]
    sentences = [paras[0][paras[0].index("Ik zal"):], paras[1], paras[2]]
    commitments = []
    for i, (s, actor, due, answers) in enumerate(zip(
            sentences, ["de minister van Voorbeeldzaken", "het kabinet", "de minister"],
            ["2024-10-01", "2025", "2024-07-01"], [{"motion": "99903-2"}, None, None], strict=True)):
        commitments.append({"text": s, "actor": actor, "due": due, "start": text.index(s), "kind": "inform",
                            "status": "Openstaand", "answers": answers, "paragraph": i})
    return {
        "document": {"id": f"kst-99903-{number}", "dossier": "99903", "number": number, "session_year": "2023-2024",
                     "kind": "brief", "title": "Brief over de proefregeling", "date": date,
                     "submitters": ["D.E. Minister"]},
        "text": text,
        "sections": [],
        "paragraphs": [{"start": a, "end": a + len(p), "section": None} for a, p in zip(starts, paras, strict=True)],
        "footnotes": [], "references": [],
        "motions": [{"dossier": "99903", "number": 2, "submitters": ["Visser"], "stance": "in_progress",
                     "evidence": "Ik zal uw Kamer voor 1 oktober 2024 informeren.", "start": 0}],
        "party_positions": [],
        "commitments": commitments,
        "themes": [], "instruments": [], "warnings": [], "motion": None,
    }


def matched(store, doc_id: str = "kst-99903-5") -> list[str | None]:
    return [c["official_number"] for c in store.commitments() if c["doc_id"] == doc_id]


def write_json(path: Path, obj) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


# -- official commitments --------------------------------------------------------------------------------------

def test_official_commitments_are_stored_beside_ours_and_a_second_time_changes_nothing(store) -> None:
    counts = put_official_commitments(store, officials())
    assert (counts["added"], counts["unchanged"]) == (3, 0)
    listed = store.official_commitments()
    assert [o["number"] for o in listed] == ["TZ202311-007", DORP, PROEF]  # by date made
    proef = by_number(listed)[PROEF]
    assert (proef["status"], proef["due"], proef["minister"], proef["ministry"]) == (
        "Openstaand", "2024-10-01", "D.E. Minister", "Voorbeeldzaken")
    assert by_number(listed)[DORP]["status_official"] == "Deels Voldaan"
    assert store.official_commitment(PROEF)["id"] == proef["id"]  # by number or by id
    assert store.official_commitment(proef["id"])["number"] == PROEF
    assert store.official_commitment("TZ000000-000") is None
    counts = put_official_commitments(store, officials())
    assert (counts["added"], counts["replaced"], counts["unchanged"]) == (0, 0, 3)
    assert store.stats()["official_commitments"] == 3


@pytest.mark.parametrize("officials_first", [True, False])
def test_each_commitment_is_matched_to_the_official_one_that_is_the_same_promise(store, officials_first) -> None:
    if officials_first:
        put_official_commitments(store, officials())
        put_record(store, letter())
    else:
        put_record(store, letter())
        assert matched(store) == [None, None, None]
        put_official_commitments(store, officials())
    assert matched(store) == [PROEF, None, DORP]
    first = store.commitments()[0]
    assert (first["official_status"], first["official_due"]) == ("Openstaand", "2024-10-01")
    assert first["match_score"] > tz.THRESHOLD
    dorp = store.commitments()[2]
    assert (dorp["official_status"], dorp["official_status_register"]) == ("Deels voldaan", "Deels Voldaan")
    # and seen from the register
    listed = by_number(store.official_commitments())
    assert [(m["doc_id"], m["idx"]) for m in listed[PROEF]["matched"]] == [("kst-99903-5", 0)]
    assert listed["TZ202311-007"]["matched"] == []
    assert [o["number"] for o in store.official_commitments(matched=False)] == ["TZ202311-007"]
    assert store.stats()["commitments_matched"] == 2


def test_the_match_shows_on_the_commitment_the_record_and_the_motion_it_answers(store) -> None:
    put_official_commitments(store, officials())
    put_record(store, letter())
    c = store.commitment("kst-99903-5", 0)
    assert c["official"]["number"] == PROEF and c["official"]["matched"][0]["doc_id"] == "kst-99903-5"
    assert c["answers"] == ["kst-99903-2"]
    assert store.commitment("kst-99903-5", 1)["official"] is None
    rec = store.document("kst-99903-5")
    assert rec["commitments"][0]["matched_official"]["official"]["number"] == PROEF
    assert "matched_official" not in rec["commitments"][1]
    m = store.motion("99903-2")
    assert [(c["idx"], c["official_number"]) for c in m["commitments"]] == [(0, PROEF)]


def test_the_commitments_dashboard_shows_the_matched_official_toezegging(store) -> None:
    from kamerspoor.web.views import commitment_rows

    put_official_commitments(store, officials())
    put_record(store, letter())
    rows = {r["idx"]: r for r in commitment_rows(store) if r["doc_id"] == "kst-99903-5"}
    assert rows[0]["official_number"] == PROEF and rows[0]["official_status"] == "Openstaand"
    assert rows[1]["official_number"] is None


def test_a_new_version_of_the_letter_is_matched_again(store) -> None:
    put_official_commitments(store, officials())
    put_record(store, letter())
    new = copy.deepcopy(letter())
    new["commitments"] = new["commitments"][1:]  # the promise about the proefregeling is gone
    assert put_record(store, new) == "replaced"
    assert matched(store) == [None, DORP]
    assert put_record(store, copy.deepcopy(new)) == "unchanged"
    assert matched(store) == [None, DORP]


def test_an_official_commitment_gone_from_a_new_file_is_removed_and_its_match_undone(store, tmp_path) -> None:
    f = write_json(tmp_path / "out" / "official_commitments.json", officials())
    put_record(store, letter())
    report = ingest(store, [f], jobs=1)
    assert report.ok and report.officials == 3
    assert matched(store) == [PROEF, None, DORP]
    write_json(f, [o for o in officials() if o["number"] != PROEF])
    report = ingest(store, [f], jobs=1)
    assert report.deleted == 1 and report.unchanged == 2
    assert matched(store) == [None, None, DORP]
    assert store.official_commitment(PROEF) is None
    changed = [dict(o, status="Voldaan", status_official="Voldaan") if o["number"] == DORP else o
               for o in officials() if o["number"] != PROEF]
    write_json(f, changed)
    report = ingest(store, [f], jobs=1)
    assert report.officials == 1
    assert store.commitments()[2]["official_status"] == "Voldaan"


@pytest.mark.parametrize("bad, problem", [
    ([{"id": "x", "source": "tk:Toezegging"}], "item 0 (x): official commitment without a text"),
    ({"id": "x"}, "official commitments must be a JSON list"),
    ([{"text": "t"}], "item 0: official commitment without an id"),
])
def test_a_bad_official_commitments_file_is_a_clear_failure(store, tmp_path, bad, problem) -> None:
    f = write_json(tmp_path / "official_commitments.json", bad)
    report = ingest(store, [f], jobs=1)
    assert report.failed == [(str(f), problem)]


def test_the_index_leaves_out_only_what_could_never_match() -> None:
    regs = officials()
    index = OfficialIndex(regs)
    c = letter()["commitments"]
    assert [o["number"] for o in index.candidates(c[0]["text"])] == [PROEF]
    assert index.candidates(c[1]["text"]) == []
    plain = tz.match_commitments(c, regs, letter_date="2024-06-20", signatories=["D.E. Minister"])
    fast = index.match(c, letter_date="2024-06-20", signatories=["D.E. Minister"])
    assert [m and m.official_id for m in fast] == [m and m.official_id for m in plain]


# -- deletions -------------------------------------------------------------------------------------------------

def deletions(path: Path, *items: tuple[str, str, str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({"entity": e, "id": i, "ApiGewijzigdOp": t}) + "\n" for e, i, t in items),
                    encoding="utf-8")
    return path


@pytest.fixture
def with_zaken(store):
    put_record(store, json.loads((STORE_FIXTURES / "kst-99902-8.json").read_text(encoding="utf-8")))
    report = ingest(store, [STORE_FIXTURES / "zaak-99902-8.json", STORE_FIXTURES / "zaak-99902-11.json",
                            STORE_FIXTURES / "motion_votes_summary.json"], jobs=1)
    assert report.ok and store.motion("99902-8")["vote"] is not None
    return store


def test_a_deleted_zaak_leaves_the_store_with_its_vote_and_a_second_run_changes_nothing(with_zaken, tmp_path) -> None:
    store = with_zaken
    log = deletions(tmp_path / "tk" / "deleted.jsonl", ("Zaak", ZAAK_8, "2025-06-01T00:00:00.0000000Z"),
                    ("Persoon", "p-1", "2025-06-01T00:00:00.0000000Z"))
    report = ingest(store, [log], jobs=1)
    assert report.ok and report.deleted == 1
    m = store.motion("99902-8")
    assert m["zaak"] is None and m["vote"] is None and m["in_store"]  # the Kamerstuk itself stays
    s = store.stats()
    assert (s["zaken"], s["votes"]) == (1, 1)
    assert store.query_value("SELECT count(*) FROM zaak_actors WHERE zaak_id = ?", (ZAAK_8,)) == 0
    again = ingest(store, [log], jobs=1)
    assert again.ok and again.deleted == 0 and again.unchanged == 1
    # a log that grew is read again; what was deleted stays deleted
    deletions(log, ("Zaak", ZAAK_8, "2025-06-01T00:00:00.0000000Z"), ("Zaak", "no-such-zaak", "2025-06-02T00:00:00Z"))
    again = ingest(store, [log], jobs=1)
    assert again.ok and again.deleted == 0 and store.stats()["zaken"] == 1


def test_a_stale_copy_of_a_deleted_zaak_does_not_bring_it_back(with_zaken, tmp_path) -> None:
    store = with_zaken
    ingest(store, [deletions(tmp_path / "tk" / "deleted.jsonl", ("Zaak", ZAAK_8, "2025-06-01T00:00:00Z"))], jobs=1)
    stale = shutil.copy(STORE_FIXTURES / "zaak-99902-8.json", tmp_path / "zaak-copy.json")
    votes = shutil.copy(STORE_FIXTURES / "motion_votes_summary.json", tmp_path / "motion_votes_summary.json")
    report = ingest(store, [stale, votes], jobs=1)
    assert report.ok and report.deleted == 1 and report.zaken == 0 and report.votes == 1
    assert store.motion("99902-8")["zaak"] is None and store.motion("99902-8")["vote"] is None
    # a version changed after the deletion is a Zaak again
    newer = json.loads(Path(stale).read_text(encoding="utf-8"))
    newer["ApiGewijzigdOp"] = "2025-07-01T00:00:00Z"
    report = ingest(store, [write_json(tmp_path / "zaak-newer.json", newer)], jobs=1)
    assert report.zaken == 1 and store.motion("99902-8")["zaak"]["nummer"] == "2025Z99908"


def test_deletions_before_the_zaak_arrives_keep_it_out(store, tmp_path) -> None:
    log = deletions(tmp_path / "tk" / "deleted.jsonl", ("Zaak", ZAAK_8, "2025-06-01T00:00:00Z"))
    report = ingest(store, [log, STORE_FIXTURES / "zaak-99902-8.json", STORE_FIXTURES / "zaak-99902-11.json"],
                    jobs=1)
    assert report.ok and report.zaken == 1 and store.stats()["zaken"] == 1


def test_a_vote_gone_from_a_new_votes_summary_is_removed(with_zaken, tmp_path) -> None:
    store = with_zaken
    summary = json.loads((STORE_FIXTURES / "motion_votes_summary.json").read_text(encoding="utf-8"))
    f = write_json(tmp_path / "votes" / "motion_votes_summary.json", summary)
    ingest(store, [f], jobs=1)
    write_json(f, [v for v in summary if v["motion_number"] != "2025Z99908"])
    assert ingest(store, [f], jobs=1).votes == 1
    assert store.motion("99902-8")["vote"] is None and store.stats()["votes"] == 1


def test_a_deleted_toezegging_is_removed_and_its_commitment_unmatched(store, tmp_path) -> None:
    put_official_commitments(store, officials())
    put_record(store, letter())
    proef = store.official_commitment(PROEF)["id"]
    report = ingest(store, [deletions(tmp_path / "tk" / "deleted.jsonl", ("Toezegging", proef, "2024-07-01T00:00Z"))],
                    jobs=1)
    assert report.deleted == 1
    assert matched(store) == [None, None, DORP]
    # an official_commitments.json from before the deletion does not bring it back
    report = ingest(store, [write_json(tmp_path / "old" / "official_commitments.json", officials())], jobs=1)
    assert store.official_commitment(PROEF) is None and matched(store) == [None, None, DORP]


def test_a_bad_line_in_the_log_of_deletions_is_named(store, tmp_path) -> None:
    log = tmp_path / "tk" / "deleted.jsonl"
    log.parent.mkdir()
    log.write_text('{"entity": "Zaak", "id": "a"}\n{"entity": "Zaak"}\n', encoding="utf-8")
    report = ingest(store, [log], jobs=1)
    assert report.failed == [(str(log), "line 2: deletion without 'id'")]


# -- a fetch output folder -------------------------------------------------------------------------------------

def fetch_layout(root: Path) -> Path:
    """An output folder as ``kamerspoor fetch``/``sync`` leave it (fictional content)."""
    kst = root / "kst" / "kst-99990-1"
    kst.mkdir(parents=True)
    shutil.copy(FETCH_FIXTURES / "kst-99990-1.xml", kst / "kst-99990-1.xml")
    shutil.copy(FETCH_FIXTURES / "metadata-kst-99990-1.xml", kst / "metadata.xml")
    write_json(kst / "document.json", {"id": "kst-99990-1"})
    pdf_only = root / "kst" / "kst-99990-3"
    pdf_only.mkdir()
    shutil.copy(FETCH_FIXTURES / "kst-99990-3.pdf", pdf_only / "kst-99990-3.pdf")
    write_json(pdf_only / "document.json", {"id": "kst-99990-3"})
    shutil.copy(STORE_FIXTURES / "zaak-99902-8.json", (root / "zaken").mkdir() or root / "zaken" / f"{ZAAK_8}.json")
    shutil.copy(STORE_FIXTURES / "motion_votes_summary.json",
                (root / "votes").mkdir() or root / "votes" / "motion_votes_summary.json")
    write_json(root / "tk" / "Toezegging" / "e0000001.json", {"Id": "e0000001", "Tekst": "t"})
    write_json(root / "tk" / "Persoon" / "p1.json", {"Id": "p1", "Achternaam": "Voorbeeld", "Initialen": "V.",
                                                     "Functie": "Tweede Kamerlid", "Verwijderd": False})
    write_json(root / "tk" / "kst_index.json", {"kst-99990-1": []})
    deletions(root / "tk" / "deleted.jsonl", ("Zaak", "gone", "2024-03-22T07:00:00Z"))
    write_json(root / "official_commitments.json", officials())
    return root


def test_the_files_of_a_fetch_output_folder_that_are_not_documents_are_not_read(tmp_path) -> None:
    out = fetch_layout(tmp_path / "out")
    mine = tmp_path / "mine" / "tk"  # a folder of one's own that happens to be called tk
    mine.mkdir(parents=True)
    shutil.copy(FETCH_FIXTURES / "kst-99990-2.xml", mine / "brief.xml")
    found = sorted(Path(p).relative_to(tmp_path).as_posix() for p, _ in find_files([out, tmp_path / "mine"]))
    assert found == ["mine/tk/brief.xml", "out/kst/kst-99990-1/kst-99990-1.xml", "out/kst/kst-99990-3/kst-99990-3.pdf",
                     "out/official_commitments.json", "out/tk/Persoon/p1.json", "out/tk/deleted.jsonl",
                     "out/votes/motion_votes_summary.json", f"out/zaken/{ZAAK_8}.json"]
    assert layout_role(out / "kst" / "kst-99990-1" / "metadata.xml") == "skip"
    assert layout_role(out / "tk" / "Toezegging" / "e0000001.json") == "skip"
    assert layout_role(out / "tk" / "Persoon" / "p1.json") is None  # a record ingest reads, by its shape
    assert layout_role(mine / "brief.xml") is None


def test_ingest_of_a_fetch_output_folder_reads_every_kind_and_matches(db_url, tmp_path) -> None:
    out = fetch_layout(tmp_path / "out")
    write_json(out / "letters" / "kst-99903-5.json", letter())
    r = CliRunner().invoke(main, ["ingest", str(out), "--db", db_url, "--format", "json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    # metadata.xml, 2 document.json, tk/kst_index.json and the entity folder tk/Toezegging (tk/Persoon is read)
    assert report["failed"] == [] and report["skipped"] == 5 and report["personen"] == 1
    assert {Path(p["path"]).name for p in report["skipped_paths"]} == {"metadata.xml", "document.json",
                                                                      "kst_index.json", "Toezegging"}
    assert (report["added"], report["zaken"], report["votes"], report["officials"]) == (3, 1, 2, 3)
    with open_store(db_url) as store:
        assert {d["id"] for d in store.documents()} == {"kst-99990-1", "kst-99990-3", "kst-99903-5"}
        assert matched(store) == [PROEF, None, DORP]
    again = json.loads(CliRunner().invoke(main, ["ingest", str(out), "--db", db_url, "--format", "json"]).stdout)
    assert (again["added"], again["replaced"], again["officials"], again["deleted"]) == (0, 0, 0, 0)


# -- the command line ------------------------------------------------------------------------------------------

@pytest.fixture
def loaded(db_url: str) -> str:
    with open_store(db_url) as store:
        put_official_commitments(store, officials())
        put_record(store, letter())
    return db_url


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def test_commitments_show_the_official_number_status_and_due_beside_ours(loaded: str) -> None:
    code, out, err = run("commitments", "--db", loaded, "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["due"], r["official"], r["official_status"], r["official_due"]) for r in rows] == [
        ("2024-10-01", PROEF, "Openstaand", "2024-10-01"), ("2025", "", "", ""),
        ("2024-07-01", DORP, "Deels voldaan", "2024-07-01")]
    code, out, _ = run("commitments", "--db", loaded)
    assert out.splitlines()[0].split()[6:10] == ["status", "official", "official_status", "official_due"]
    assert PROEF in out.splitlines()[2]
    code, out, _ = run("commitments", "--db", loaded, "--format", "json")
    assert json.loads(out)[0]["official_number"] == PROEF and json.loads(out)[1]["official_id"] is None
    code, out, _ = run("motion", "99903-2", "--db", loaded)
    assert PROEF in out


def test_commitments_official_lists_the_register(loaded: str) -> None:
    code, out, err = run("commitments", "--official", "--db", loaded)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["number", "made", "due", "status"]
    assert [ln.split()[0] for ln in lines[2:]] == ["TZ202311-007", DORP, PROEF]
    assert "kst-99903-5#0" in lines[4]
    code, out, _ = run("commitments", "--official", "--open", "--overdue", "--today", "2024-12-01", "--db", loaded,
                       "--format", "csv")
    assert [r["number"] for r in csv.DictReader(io.StringIO(out))] == [PROEF]
    code, out, _ = run("commitments", "--official", "--db", loaded, "--format", "json")
    assert by_number(json.loads(out))[PROEF]["matched"][0]["idx"] == 0
    code, _, err = run("commitments", "--official", "--dossier", "99903", "--db", loaded)
    assert code == 2 and "--dossier does not apply to --official" in err


def test_sync_with_db_stores_the_register_and_follows_deletions(db_url, tmp_path) -> None:
    from replay import ReplayServer
    from replay.recordings import ODATA, add_fictional

    with ReplayServer(tmp_path / "rec") as server:
        add_fictional(server)
        env = {"KAMERSPOOR_TK_ODATA_URL": server.base_url + ODATA, "KAMERSPOOR_CACHE": str(tmp_path / "cache"),
               "KAMERSPOOR_HTTP_INTERVAL": "0", "KAMERSPOOR_HTTP_RETRIES": "1"}
        out = tmp_path / "out"
        with open_store(db_url) as store:  # a stale copy of the Zaak the sync finds deleted, stored before
            zaak = json.loads((FETCH_FIXTURES / "odata_zaak_page2.json").read_text(encoding="utf-8"))["value"]
            deleted = [z for z in zaak if z.get("Verwijderd")]
            assert deleted
            stale = dict(deleted[0], Verwijderd=False, ApiGewijzigdOp="2024-01-01T00:00:00Z")
            ingest(store, [write_json(tmp_path / "stale" / "zaak.json", stale)], jobs=1)
            assert store.stats()["zaken"] == 1
        r = CliRunner().invoke(main, ["sync", "--since", "2024-01-01", "--entity", "Zaak", "--entity", "Toezegging",
                                      "--out", str(out), "--db", db_url], env=env, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "officials 3" in r.stderr and "deleted 1" in r.stderr
    with open_store(db_url) as store:
        s = store.stats()
        assert (s["zaken"], s["official_commitments"]) == (2, 3)
        assert deleted[0]["Id"] not in {z["id"] for z in store.query("SELECT id FROM zaken")}
