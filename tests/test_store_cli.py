"""The store's commands as a user runs them: ingest (idempotent, resumable, bad files), search, motion,
commitments, dossier, export, stats, in every --format; on SQLite and (KAMERSPOOR_TEST_PG_URL) PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamerspoor.cli import main
from kamerspoor.store import open_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "store"
EXAMPLES = ROOT / "examples"
PG_URL = os.environ.get("KAMERSPOOR_TEST_PG_URL")


@pytest.fixture
def db(db_url: str) -> str:
    """A fresh store URL on each database (conftest's ``db_url``)."""
    return db_url


def cli(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The fixture records laid out like a corpus folder (records, zaken/, votes/)."""
    root = tmp_path / "corpus"
    (root / "zaken").mkdir(parents=True)
    (root / "votes").mkdir()
    for f in FIXTURES.glob("kst-*.json"):
        shutil.copy(f, root / f.name)
    for f in FIXTURES.glob("zaak-*.json"):
        shutil.copy(f, root / "zaken" / f.name)
    shutil.copy(FIXTURES / "motion_votes_summary.json", root / "votes" / "motion_votes_summary.json")
    (root / "notes.md").write_text("not a document\n")
    return root


@pytest.fixture
def loaded(db: str, corpus: Path) -> str:
    code, out, err = cli("ingest", str(corpus), "--db", db, "--format", "json")
    assert code == 0, err
    return db


def stats(db: str) -> dict:
    code, out, _ = cli("stats", "--db", db, "--format", "json")
    assert code == 0
    return json.loads(out)


# -- ingest --------------------------------------------------------------------------------------------------

def test_ingest_reads_a_folder_and_a_second_run_changes_nothing(db: str, corpus: Path) -> None:
    code, out, err = cli("ingest", str(corpus), "--db", db, "--format", "json")
    assert code == 0, err
    first = json.loads(out)
    assert (first["added"], first["zaken"], first["votes"], first["skipped"], first["failed"]) == (5, 2, 2, 1, [])
    assert first["linked"] == 1  # the answer naming motion nr. 12 by its submitter
    before = stats(db)
    code, out, err = cli("ingest", str(corpus), "--db", db, "--format", "json")
    assert code == 0, err
    second = json.loads(out)
    assert (second["added"], second["replaced"], second["unchanged"]) == (0, 0, 8)
    assert stats(db) == before
    assert before["documents"] == 5 and before["motions_with_vote"] == 2


def test_ingest_replaces_a_changed_file_and_drops_what_it_no_longer_yields(db: str, tmp_path: Path) -> None:
    f = tmp_path / "letter.json"
    rec = json.loads((FIXTURES / "kst-99902-20.json").read_text())
    f.write_text(json.dumps(rec))
    assert cli("ingest", str(f), "--db", db)[0] == 0
    rec["document"]["title"] = "Tweede versie"
    f.write_text(json.dumps(rec))
    code, out, _ = cli("ingest", str(f), "--db", db, "--format", "json")
    assert json.loads(out)["replaced"] == 1
    rec["document"].update(id="kst-99902-21", number=21)  # the file now holds another document
    f.write_text(json.dumps(rec))
    code, out, _ = cli("ingest", str(f), "--db", db, "--format", "json")
    assert (json.loads(out)["added"], json.loads(out)["removed"]) == (1, 1)
    s = open_store(db)
    assert [d["id"] for d in s.documents()] == ["kst-99902-21"]
    s.close()


def test_bad_files_are_listed_with_their_reason_and_the_exit_code_says_so(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "kst-99902-8.json", folder / "good.json")
    (folder / "broken.json").write_text('{"document": {"id": ')
    (folder / "empty.txt").write_text("   \n")
    (folder / "other.json").write_text('{"hello": "world"}')
    (folder / "records.jsonl").write_text(json.dumps(json.loads((FIXTURES / "kst-99902-9.json").read_text()))
                                         + "\nnot json\n")
    code, out, err = cli("ingest", str(folder), str(tmp_path / "missing.txt"), "--db", db)
    assert code == 1
    assert "Traceback" not in err
    assert "5 file(s) failed" in err
    assert f"{folder / 'broken.json'}: line 1: not valid JSON" in err
    assert f"{folder / 'empty.txt'}: empty" in err
    assert f"{folder / 'other.json'}: JSON that is neither an analysis record, a Zaak, a votes summary" in err
    assert f"{folder / 'records.jsonl'}: line 2: not valid JSON" in err
    assert f"{tmp_path / 'missing.txt'}: no such file or folder" in err
    assert stats(db)["documents"] == 1  # the good file went in all the same


def test_ingest_killed_mid_run_leaves_whole_documents_and_a_second_run_completes(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    base = json.loads((FIXTURES / "kst-99902-20.json").read_text())
    n = 400
    for i in range(n):
        rec = json.loads(json.dumps(base))
        rec["document"].update(id=f"kst-99904-{i}", dossier="99904", number=i)
        (folder / f"r{i:04d}.json").write_text(json.dumps(rec))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "kamerspoor.cli", "ingest", str(folder), "--db", db,
                             "--jobs", "1", "--batch", "10", "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)
    s = open_store(db)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and int(s.query_value("SELECT count(*) FROM documents") or 0) < 20:
            time.sleep(0.005)
        still_running = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert still_running, "ingest finished before it could be killed; make the test corpus larger"
        done = int(s.query_value("SELECT count(*) FROM documents"))
        assert 0 < done < n and done % 10 == 0  # whole batches of ten
        per_doc = s.query("SELECT d.id, (SELECT count(*) FROM paragraphs p WHERE p.doc_id = d.id) AS paras, "
                          "(SELECT count(*) FROM answers a WHERE a.doc_id = d.id) AS answers FROM documents d")
        assert {(r["paras"], r["answers"]) for r in per_doc} == {(len(base["paragraphs"]), len(base["motions"]))}
        assert int(s.query_value("SELECT count(*) FROM files")) == done
    finally:
        s.close()
    code, out, err = cli("ingest", str(folder), "--db", db, "--format", "json", "--jobs", "2")
    assert code == 0, err
    report = json.loads(out)
    assert report["unchanged"] == done and report["added"] == n - done
    s = open_store(db)
    try:
        assert int(s.query_value("SELECT count(*) FROM documents")) == n
        assert int(s.query_value("SELECT count(*) FROM paragraphs")) == n * len(base["paragraphs"])
        assert s.search("mensenrechtenverdedigers").total == n
    finally:
        s.close()


def test_ingest_runs_the_pipeline_on_the_example_documents(db: str) -> None:
    code, out, err = cli("ingest", str(EXAMPLES), "--db", db, "--format", "json")
    assert code == 0, err
    s = stats(db)
    assert s["documents"] == 6
    assert s["documents_by_kind"].get("motie") == 4
    assert json.loads(out)["skipped"] == 1  # README.md


def test_the_example_motion_shows_the_answer_and_the_commitment_made_on_it(db: str) -> None:
    code, _, err = cli("ingest", str(EXAMPLES), "--db", db)
    assert code == 0, err
    code, out, err = cli("motion", "99901-11", "--db", db, "--format", "json")
    assert code == 0, err
    m = json.loads(out)
    assert m["replaces"] == ["kst-99901-9"]
    assert [(a["letter"], a["stance"]) for a in m["answers"]] == [("kst-99901-14", "declined")]
    # the record names the motion a commitment answers as {"motion": "99901-11"}
    assert [c["due"] for c in m["commitments"]] == ["2026-07-01"]
    assert "regionale afspraken" in m["commitments"][0]["text"]
    code, out, _ = cli("motion", "99901-11", "--db", db)
    assert "replaces:   kst-99901-9" in out and "declined" in out and "commitments made in answer" in out
    code, out, _ = cli("motion", "99901-8", "--db", db, "--format", "json")
    assert json.loads(out)["commitments"] == []  # the commitments of the letter answer nr. 11 and a party


# -- reading commands ----------------------------------------------------------------------------------------

def test_search_json_is_one_document_with_total_and_results(loaded: str) -> None:
    code, out, err = cli("search", "mensenrechtenverdedigers", "--db", loaded, "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["total"] == 2
    assert set(d["results"][0]) >= {"id", "paragraph", "snippet", "score"}
    assert "<mark>" in d["results"][0]["snippet"]


def test_search_filters_and_pages_from_the_command_line(loaded: str) -> None:
    code, out, _ = cli("search", "verdedigers", "--db", loaded, "--kind", "brief", "--since", "2025-01-01",
                       "--theme", "human_rights_defenders", "--format", "json")
    assert {(r["id"], r["paragraph"]) for r in json.loads(out)["results"]} == {("kst-99902-20", 0),
                                                                              ("kst-99902-20", 1)}
    code, out, _ = cli("search", "de", "--db", loaded, "--limit", "2", "--page", "2", "--format", "json")
    d = json.loads(out)
    assert len(d["results"]) == 2 and d["offset"] == 2


def test_search_table_and_csv(loaded: str) -> None:
    code, out, err = cli("search", "fonds", "--db", loaded)
    assert code == 0 and out.splitlines()[0].split()[:2] == ["id", "paragraph"]
    assert "*fonds*" in out
    code, out, _ = cli("search", "fonds", "--db", loaded, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {r["id"] for r in rows} >= {"kst-99902-20", "kst-99902-8"}


def test_a_bad_query_exits_2_with_a_clear_message(loaded: str) -> None:
    code, out, err = cli("search", '"unclosed', "--db", loaded)
    assert code == 2
    assert err.strip() == "kamerspoor: search query: the quote at position 1 is not closed"
    code, _, err = cli("search", "fonds", "--db", loaded, "--since", "gisteren")
    assert code == 2 and "expected a date" in err


def test_motion_shows_vote_answers_and_commitments(loaded: str) -> None:
    code, out, err = cli("motion", "99902-8", "--db", loaded, "--format", "json")
    assert code == 0, err
    m = json.loads(out)
    assert m["vote"]["result"] == "aangenomen"
    assert m["answers"][0]["letter"] == "kst-99902-20"
    assert m["zaak"]["indieners"][0]["fractie"] == "Partij voor de Toekomst"
    code, out, _ = cli("motion", "99902-8", "--db", loaded)
    assert "aangenomen (90-60)" in out and "executed" in out
    code, out, _ = cli("motion", "99902-8", "--db", loaded, "--format", "csv")
    assert list(csv.DictReader(io.StringIO(out)))[0]["stance"] == "executed"
    code, _, err = cli("motion", "12345-1", "--db", loaded)
    assert code == 1 and "not in the store" in err


def test_commitments_open_overdue_as_csv(loaded: str) -> None:
    code, out, _ = cli("commitments", "--open", "--overdue", "--today", "2025-12-31", "--db", loaded,
                       "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["doc_id"], r["due"]) for r in rows] == [("kst-99902-20", "2025-07-01")]
    code, out, _ = cli("commitments", "--db", loaded, "--format", "json")
    assert len(json.loads(out)) == 2


def test_dossier_timeline_in_every_format(loaded: str) -> None:
    code, out, _ = cli("dossier", "99902", "--db", loaded, "--format", "json")
    assert [d["id"] for d in json.loads(out)["documents"]][-1] == "kst-99902-20"
    code, out, _ = cli("dossier", "99902", "--db", loaded)
    assert "verworpen (70-80)" in out
    code, out, _ = cli("dossier", "99902", "--db", loaded, "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(out)))) == 5


def test_export_json_and_csv(loaded: str) -> None:
    code, out, _ = cli("export", "--db", loaded, "--format", "json")
    records = json.loads(out)
    assert len(records) == 5 and all(r["schema"] == "analysis/1" for r in records)
    code, out, _ = cli("export", "--db", loaded, "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(out)))) == 5


def test_stats_table_and_csv(loaded: str) -> None:
    code, out, _ = cli("stats", "--db", loaded)
    assert "documents: motie" in out
    code, out, _ = cli("stats", "--db", loaded, "--format", "csv")
    assert {r["what"]: r["count"] for r in csv.DictReader(io.StringIO(out))}["votes"] == "2"


def test_an_unusable_database_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = cli("stats", "--db", str(tmp_path / "nowhere" / "x.db"))
    assert code == 2 and "does not exist" in err
    (tmp_path / "junk.db").write_bytes(b"this is not sqlite" * 100)
    code, _, err = cli("stats", "--db", str(tmp_path / "junk.db"))
    assert code == 2 and "not a usable SQLite database" in err
    code, _, err = cli("stats", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 2 and "cannot connect" in err


# -- real documents ------------------------------------------------------------------------------------------

def test_a_sample_of_the_real_corpus_links_motions_to_zaken_and_votes(shared: Path, tmp_path: Path) -> None:
    corpus = shared / "corpus" / "tk-2023-2025"
    zaken = sorted((corpus / "zaken").glob("*.json"))[:40]
    kst = []
    for z in zaken:
        d = json.loads(z.read_text())
        for doc in d.get("Document") or []:  # publications/ files are named after the DocumentPublicatie id
            kst += [p["Id"] for p in (doc.get("HuidigeDocumentVersie") or {}).get("DocumentPublicatie") or []]
    pubs = [corpus / "publications" / f"{k}.xml" for k in kst if (corpus / "publications" / f"{k}.xml").exists()]
    assert pubs
    db = str(tmp_path / "real.db")
    code, out, err = cli("ingest", *map(str, pubs + zaken), str(corpus / "votes" / "motion_votes_summary.json"),
                         "--db", db, "--format", "json")
    assert code == 0, err
    s = stats(db)
    assert s["zaken"] == len(zaken)
    assert s["documents"] == len(pubs)
    assert s["motions_with_vote"] > 0


@pytest.mark.parametrize("args", [["commitments", "--today", "2099-13-01"], ["search", "wet", "--since", "2019-02-30"],
                                  ["search", "wet", "--until", "2019-13"]])
def test_an_impossible_date_is_a_one_line_error_with_exit_code_2(tmp_path: Path, args: list[str]) -> None:
    code, out, err = cli(*args, "--db", str(tmp_path / "s.db"))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "expected a date" in err


def test_a_database_that_cannot_be_reached_is_one_line() -> None:
    code, out, err = cli("stats", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "cannot connect" in err


def test_reindex_rewrites_the_search_index_and_search_still_finds(loaded: str) -> None:
    code, out, err = cli("reindex", "--db", loaded)
    assert code == 0, err
    n = int(err.strip().splitlines()[-1].split()[1])
    assert n > 0 and f"{n} paragraph(s) reindexed" in err
    code, out, err = cli("search", "mensenrechtenverdedigers", "--db", loaded, "--format", "json")
    assert code == 0 and json.loads(out)["total"] > 0


def test_the_examples_show_the_whole_trail_of_a_motion(tmp_path: Path) -> None:
    db = str(tmp_path / "ex.db")
    code, out, err = cli("ingest", str(ROOT / "examples"), "--db", db)
    assert code == 0, err
    code, out, err = cli("motion", "99901-11", "--db", db, "--format", "json")
    assert code == 0, err
    m = json.loads(out)
    assert m["zaak"]["kabinetsappreciatie"] == "Ontraden"
    assert (m["vote"]["result"], m["vote"]["voor"], m["vote"]["tegen"]) == ("aangenomen", 78, 72)
    assert [(a["letter"], a["stance"]) for a in m["answers"]] == [("kst-99901-14", "declined")]
    assert [c["due"] for c in m["commitments"]] == ["2026-07-01"]
