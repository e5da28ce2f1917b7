"""Ingest writes a batch of files per transaction: a batch is stored whole or not at all.

The kill tests run the real ingest in a child process and kill it with SIGKILL while a batch is half written
(its documents inserted, their paragraphs not yet), on SQLite and on PostgreSQL; then the store holds the
batches before it and nothing of that one, and a second run leaves exactly what one uninterrupted run leaves.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from kamerspoor.ingest import IngestReport, ingest
from kamerspoor.ingest.run import Prepared, write_all
from kamerspoor.store import open_store

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "tests" / "fixtures" / "store" / "kst-99902-11.json"
TABLES = ("documents", "submitters", "paragraphs", "motions", "files")


def _corpus(folder: Path, n: int) -> list[Path]:
    """``n`` motion records, each its own document (dossier 99 903, numbers 1..n), one file each."""
    base = json.loads(RECORD.read_text(encoding="utf-8"))
    folder.mkdir()
    paths = []
    for k in range(1, n + 1):
        rec = json.loads(json.dumps(base))
        rec["document"].update(id=f"kst-99903-{k}", dossier="99903", number=k, title=f"Motie {k} van het lid Kaya")
        rec["motion"] = None
        path = folder / f"kst-99903-{k}.json"
        path.write_text(json.dumps(rec), encoding="utf-8")
        paths.append(path)
    return paths


def _snapshot(db: str) -> dict[str, list]:
    """Per table, its rows that say what a document holds (sorted, without the times of writing)."""
    with open_store(db) as s:
        return {
            "documents": s.query("SELECT id, content_hash, title FROM documents ORDER BY id"),
            "submitters": s.query("SELECT doc_id, position, name FROM submitters ORDER BY doc_id, position"),
            "paragraphs": s.query("SELECT doc_id, idx, text, lemmas FROM paragraphs ORDER BY doc_id, idx"),
            "files": s.query("SELECT path, content_hash, doc_ids FROM files ORDER BY path"),
            "search": sorted((h.id, h.paragraph) for h in s.search("journalisten", limit=1000).results),
        }


_CHILD = """
import os, signal, sys
from kamerspoor.ingest import ingest
from kamerspoor.store import open_store
from kamerspoor.store.connection import Connection

calls = 0
insert_rows = Connection.insert_rows
def dying(self, sql, rows):  # the third batch's paragraphs: its documents are in, its paragraphs not yet
    global calls
    if sql.startswith("INSERT INTO paragraphs"):
        calls += 1
        if calls == 3:
            os.kill(os.getpid(), signal.SIGKILL)
    return insert_rows(self, sql, rows)
import kamerspoor.store.postgres as pg
pg.PostgresStore.insert_rows = dying
Connection.insert_rows = dying
store = open_store(sys.argv[1])
ingest(store, [sys.argv[2]], jobs=1, batch=int(sys.argv[3]))
print("not killed")
"""


def _killed_run(db: str, folder: Path, batch: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _CHILD, db, str(folder), str(batch)], capture_output=True,
                          text=True, timeout=300)


def _ingest(db: str, folder: Path, batch: int) -> IngestReport:
    with open_store(db) as s:
        return ingest(s, [folder], jobs=1, batch=batch)


def _counts(db: str) -> dict[str, int]:
    with open_store(db) as s:
        return {t: s.count(f"SELECT count(*) FROM {t}") for t in TABLES}


def test_a_run_killed_in_the_middle_of_a_batch_leaves_the_batches_before_it_and_a_rerun_completes(
        db_url: str, tmp_path: Path):
    folder = tmp_path / "records"
    _corpus(folder, 14)
    killed = _killed_run(db_url, folder, batch=4)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert "not killed" not in killed.stdout
    # two whole batches of four files; of the third, whose documents were inserted, nothing
    after_kill = _counts(db_url)
    assert after_kill == {"documents": 8, "submitters": 8, "paragraphs": 8 * 6, "motions": 0, "files": 8}
    with open_store(db_url) as s:
        per_doc = s.query("SELECT d.id, count(p.idx) AS n FROM documents d LEFT JOIN paragraphs p "
                          "ON p.doc_id = d.id GROUP BY d.id")
    assert len(per_doc) == 8 and all(r["n"] == 6 for r in per_doc)  # no half document

    again = _ingest(db_url, folder, batch=4)
    assert (again.added, again.unchanged, again.failed) == (6, 8, [])
    reference = str(tmp_path / "reference.db")
    one_run = _ingest(reference, folder, batch=4)
    assert one_run.added == 14
    assert _snapshot(db_url) == _snapshot(reference)  # no duplicate, nothing missing, the same index
    assert _counts(db_url) == {"documents": 14, "submitters": 14, "paragraphs": 84, "motions": 0, "files": 14}


def test_a_batch_the_database_refuses_part_of_is_written_again_file_by_file(store, tmp_path: Path):
    folder = tmp_path / "records"
    paths = _corpus(folder, 5)
    from kamerspoor.ingest.run import prepare

    preps = [prepare(str(p)) for p in paths]
    refused = preps[2].rows[1][0]
    refused.submitters.append(refused.submitters[0])  # one submitter twice at one position: the key refuses it
    report = IngestReport()
    commits: list[int] = []
    write_all(store, iter(preps), report, batch=100, written=commits.append)
    assert commits == [5]
    assert report.added == 4
    assert [p for p, _ in report.failed] == [str(paths[2])]
    assert "could not be stored" in report.failed[0][1]
    assert store.count("SELECT count(*) FROM documents") == 4
    assert store.count("SELECT count(*) FROM paragraphs") == 4 * 6
    assert store.file_hash(str(paths[2])) is None  # not marked: the next run tries it again
    assert len(store.search("journalisten", limit=100).results) == 4 * 2


def test_batches_close_at_their_size_and_the_same_document_twice_in_one_batch_is_written_once(store, tmp_path):
    folder = tmp_path / "records"
    paths = _corpus(folder, 6)
    from kamerspoor.ingest.run import prepare

    preps: list[Prepared] = [prepare(str(p)) for p in paths]
    twin = prepare(str(paths[0]))
    twin.path = str(folder / "copy-of-1.json")
    commits: list[int] = []
    report = IngestReport()
    write_all(store, iter([*preps, twin]), report, batch=4, written=commits.append)
    assert commits == [4, 3]
    assert (report.added, report.unchanged) == (6, 1)
    assert store.count("SELECT count(*) FROM documents") == 6
    assert store.count("SELECT count(*) FROM paragraphs") == 36
    assert store.count("SELECT count(*) FROM files") == 7


def test_a_new_version_of_a_file_in_the_same_batch_as_the_file_that_now_yields_its_document(store, tmp_path):
    """File A yielded kst-99903-1 and now yields kst-99903-2; file B now yields kst-99903-1. In one batch, A
    first: A's old document is removed (no file had it yet), then written again for B, as file by file."""
    folder = tmp_path / "records"
    a, b = _corpus(folder, 2)
    assert ingest(store, [a], jobs=1).added == 1  # A: kst-99903-1
    first, second = json.loads(a.read_text(encoding="utf-8")), json.loads(b.read_text(encoding="utf-8"))
    a.write_text(json.dumps(second), encoding="utf-8")
    b.write_text(json.dumps(first), encoding="utf-8")
    report = ingest(store, [folder], jobs=1, batch=100)
    assert (report.failed, report.added, report.removed) == ([], 2, 1)
    assert {r["id"] for r in store.query("SELECT id FROM documents")} == {"kst-99903-1", "kst-99903-2"}
    assert store.count("SELECT count(*) FROM paragraphs") == 12
    assert store.file_ids(str(a)) == ["kst-99903-2"] and store.file_ids(str(b)) == ["kst-99903-1"]
    hits = store.search("journalisten", limit=100).results
    assert sorted(h.id for h in hits) == ["kst-99903-1", "kst-99903-1", "kst-99903-2", "kst-99903-2"]
