"""Analysis on a Dask cluster (kamerspoor.distributed): a LocalCluster of two worker processes on this machine.

The cluster is started once for the module (about two seconds); the tests that kill workers start their own,
so the module's cluster never runs with a worker being restarted. Each test has a timeout (pytest-timeout):
a cluster that stops answering fails its test with the threads' stacks instead of holding up the suite.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from functools import partial
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="Dask distributed is not installed (the 'dask' extra)")
import cloudpickle  # noqa: E402  (comes with distributed)

from kamerspoor import distributed as kd  # noqa: E402
from kamerspoor.ingest import find_files, ingest, prepare  # noqa: E402
from kamerspoor.pipeline import analyze_path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "tests" / "fixtures" / "heldout"
INPUTS = [ROOT / "examples", ROOT / "tests" / "fixtures" / "store"]

pytestmark = pytest.mark.timeout(240)

# the helpers below run on the workers, which cannot import this test module: send them by value
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def client():
    with kd.connect("local:2") as c:
        kd.warm(c, kd._import_pipeline)
        yield c


def _document_paths() -> list[str]:
    return [str(p) for p in sorted(DOCUMENTS.rglob("*")) if p.suffix in (".xml", ".txt", ".html", ".pdf")]


@pytest.fixture(scope="module")
def documents() -> list[str]:
    paths = _document_paths()
    assert len(paths) >= 10, "the held-out fixtures are the documents of these tests"
    return paths[:10]


@pytest.fixture(scope="module")
def records(documents) -> dict:
    """The in-process pipeline's record of each document."""
    return {p: analyze_path(p) for p in documents}


def _bad_files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "empty.xml").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf \x00\x01\x02")
    (tmp_path / "half.xml").write_text("<officiele-publicatie><metadata>", encoding="utf-8")
    paths = [str(tmp_path / n) for n in ("empty.xml", "broken.pdf", "half.xml")] + [str(tmp_path / "gone.xml")]
    return {p: _in_process_problem(p) for p in paths}


def _in_process_problem(path: str) -> str:
    try:
        analyze_path(path)
    except Exception as e:
        return kd._problem(e)
    raise AssertionError(f"{path} was meant to be a bad file")


# -- compact bytes -------------------------------------------------------------------------------------------

def test_prepared_rows_come_back_from_bytes_equal_to_the_originals():
    found = [p for p, problem in find_files(INPUTS) if problem is None]
    kinds = set()
    for path in found:
        prep = prepare(path)
        kinds.add(prep.kind)
        back = kd.unpack(kd.pack(prep))
        assert back == prep, path
        if prep.kind == "document":
            assert all(type(r) is tuple for d in back.rows for r in d.paragraphs)
    assert {"document", "records", "zaak", "votes"} <= kinds


def test_a_typed_record_comes_back_from_bytes_equal(records):
    for path, record in records.items():
        assert kd.unpack(kd.pack({"record": record})) == {"record": record}, path


def test_bytes_rebuild_only_kamerspoor_types():
    import msgpack

    foreign = msgpack.ExtType(2, msgpack.packb(["collections:OrderedDict"], use_bin_type=True))
    with pytest.raises(ValueError, match="not a kamerspoor type"):
        kd.unpack(msgpack.packb(foreign, use_bin_type=True))
    with pytest.raises(TypeError, match="cannot send a set"):
        kd.pack({1, 2})


def test_chunks_are_bounded_by_files_and_bytes(tmp_path: Path):
    paths = []
    for i in range(7):
        p = tmp_path / f"f{i}.txt"
        p.write_bytes(b"x" * 400)
        paths.append(str(p))
    by_count = list(kd.file_chunks(paths, str, files=3, size=10**6))
    by_size = list(kd.file_chunks(paths, str, files=100, size=1000))
    assert [len(c) for c in by_count] == [3, 3, 1]
    assert [len(c) for c in by_size] == [2, 2, 2, 1]
    assert sum(by_size, []) == paths
    big = list(kd.file_chunks(paths[:2], str, files=100, size=10))  # a file larger than a chunk: alone
    assert [len(c) for c in big] == [1, 1]


# -- on the cluster ------------------------------------------------------------------------------------------

def test_every_file_is_analysed_once_with_the_in_process_records(client, documents, records, tmp_path: Path):
    bad = _bad_files(tmp_path)
    stats = kd.TaskStats()
    seen: dict[str, tuple] = {}
    for path, record, problem in kd.analyse(client, documents + list(bad), chunk_files=4, stats=stats):
        assert path not in seen, f"{path} came back twice"
        seen[path] = (record, problem)
    assert set(seen) == set(documents) | set(bad)
    for path in documents:
        record, problem = seen[path]
        assert problem is None, (path, problem)
        assert record == records[path], path
    for path, reason in bad.items():
        assert seen[path] == (None, reason), path  # reported as the pipeline says it, not fatal
    assert stats.tasks == -(-len(seen) // 4) and stats.split == 0
    assert len(stats.pids) == 2  # both worker processes took chunks


def test_the_seam_keeps_a_bounded_number_of_tasks_in_flight(client, documents):
    highest = 0

    def chunks():
        nonlocal highest
        for i, path in enumerate(documents):
            highest = max(highest, i - done)  # chunks handed out but not yet yielded back
            yield [path]

    done = 0
    for _ in kd.map_chunks(client, kd.analyse_chunk, chunks(), in_flight=3):
        done += 1
    assert done == len(documents)
    assert highest <= 3


def _stall_first_time(marker: str, paths: list[str]) -> bytes:
    """The first chunk to run writes its worker's pid to ``marker`` and waits to be killed; later ones (and
    the same chunk, run again) analyse."""
    if not os.path.exists(marker):
        Path(marker + ".tmp").write_text(str(os.getpid()))
        os.replace(marker + ".tmp", marker)
        time.sleep(120)
    return kd.analyse_chunk(paths)


def _kill_when_written(marker: Path, killed: list[int]) -> None:
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    pid = int(marker.read_text())
    os.kill(pid, signal.SIGKILL)
    killed.append(pid)


def test_a_killed_workers_task_is_run_again_on_another_worker(documents, records, tmp_path: Path):
    marker = tmp_path / "stalled-pid"
    killed: list[int] = []
    killer = threading.Thread(target=_kill_when_written, args=(marker, killed), daemon=True)
    killer.start()
    stats = kd.TaskStats()
    fn = partial(_stall_first_time, str(marker))
    with kd.connect("local:2") as client:  # its own: the module's cluster keeps its workers
        got = {path: (record, problem) for path, record, problem in
               kd.analyse(client, documents, chunk_files=3, fn=fn, stats=stats)}
        client.wait_for_workers(2, timeout=60)  # the nanny restarts what was killed
    killer.join(timeout=5)
    assert killed, "no worker was killed"
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)  # the worker process is gone
    assert sorted(got) == sorted(documents)  # the killed worker's chunk too, once
    assert all(problem is None for _, problem in got.values())
    assert all(got[p][0] == records[p] for p in documents)
    assert stats.tasks == -(-len(documents) // 3) and stats.split == 0  # Dask reran it; we submitted once


def _die_on(poison: str, paths: list[str]) -> bytes:
    if poison in paths:
        os.kill(os.getpid(), signal.SIGKILL)
    return kd.analyse_chunk(paths)


def _allowed_failures(n: int, dask_scheduler=None) -> int:
    before = dask_scheduler.allowed_failures
    dask_scheduler.allowed_failures = n
    return before


@pytest.mark.slow
def test_a_file_that_kills_every_worker_fails_alone(documents, records):
    # its own cluster: the module's keeps its two workers whatever the time the nannies take to restart here
    poison = documents[1]
    with kd.connect("local:2") as client:
        client.run_on_scheduler(_allowed_failures, 0)  # marked bad at the first death: fewer restarts
        stats = kd.TaskStats()
        got = {path: (record, problem) for path, record, problem in
               kd.analyse(client, documents[:6], chunk_files=3, fn=partial(_die_on, poison), stats=stats)}
    assert sorted(got) == sorted(documents[:6])
    assert got[poison][0] is None and "worker died" in got[poison][1]
    others = [p for p in documents[:6] if p != poison]
    assert all(got[p][1] is None and got[p][0] == records[p] for p in others)
    assert stats.split >= 1  # its chunk, and a chunk waiting on the same worker if there was one


def _set_status(name: str, dask_worker=None) -> None:
    from distributed.core import Status

    dask_worker.status = Status[name]


def _slow(seconds: float, paths: list[str]) -> bytes:
    time.sleep(seconds)
    return kd.analyse_chunk(paths)


def test_a_run_whose_workers_are_all_paused_stops_in_one_line(client, documents, monkeypatch):
    monkeypatch.setattr(kd, "STALL_CHECK", 0.2)
    monkeypatch.setattr(kd, "STALL_LIMIT", 1.5)
    client.run(_set_status, "paused")  # as Dask does to a worker above its memory limit
    try:
        started = time.monotonic()
        with pytest.raises(kd.ClusterError, match=r"no Dask worker has run a task for \d+ s \(workers paused"):
            list(kd.analyse(client, documents[:2], chunk_files=1))
        assert time.monotonic() - started < 30
    finally:
        client.run(_set_status, "running")
    assert kd.check_workers(client, documents[0]) == 2


def test_a_task_longer_than_the_stall_limit_on_a_running_worker_is_waited_for(client, documents, records,
                                                                              monkeypatch):
    monkeypatch.setattr(kd, "STALL_CHECK", 0.2)
    monkeypatch.setattr(kd, "STALL_LIMIT", 0.5)
    got = list(kd.analyse(client, documents[:1], fn=partial(_slow, 2.0)))
    assert got == [(documents[0], records[documents[0]], None)]


def test_workers_that_cannot_see_the_files_are_named(client, documents, tmp_path: Path):
    assert kd.check_workers(client, documents[0]) == 2
    with pytest.raises(kd.ClusterError, match="cannot read .*same path"):
        kd.check_workers(client, str(tmp_path / "nowhere.xml"))


def test_no_scheduler_at_the_address_is_one_clear_error():
    with pytest.raises(kd.ClusterError, match="no Dask scheduler at tcp://127.0.0.1:9"):
        with kd.connect("tcp://127.0.0.1:9", timeout=2):
            pass
    with pytest.raises(kd.ClusterError, match="local:N"):
        kd.local_workers("local:two")
    with pytest.raises(kd.ClusterError, match="no Dask scheduler at somewhere: .*tcp://HOST:PORT"):
        with kd.connect("somewhere", timeout=2):
            pass


def test_ingest_through_the_cluster_twice_leaves_each_document_once(client, store, documents, tmp_path: Path):
    bad = _bad_files(tmp_path)
    local = str(tmp_path / "local.db")
    from kamerspoor.store import open_store

    with open_store(local) as here:
        reference = ingest(here, INPUTS + documents + list(bad), jobs=1)
        expected = here.query_value("SELECT count(*) FROM paragraphs")
    first = ingest(store, INPUTS + documents + list(bad), dask=client)
    assert len(first.failed) == len(bad) and sorted(first.failed) == sorted(reference.failed)
    assert (first.added, first.zaken, first.votes) == (reference.added, reference.zaken, reference.votes)
    count = store.query_value("SELECT count(*) FROM documents")
    assert count == first.added >= len(documents) + 3
    assert store.query_value("SELECT count(*) FROM paragraphs") == expected
    again = ingest(store, INPUTS + documents, dask=client)
    assert (again.added, again.replaced, again.failed) == (0, 0, [])
    assert again.unchanged == reference.files - len(bad)
    assert store.query_value("SELECT count(*) FROM documents") == count
    assert store.query_value("SELECT count(*) FROM paragraphs") == expected


def test_ingest_on_a_cluster_whose_workers_cannot_see_the_files_stops_before_writing(client, store, tmp_path):
    (tmp_path / "m.xml").write_text("<x/>", encoding="utf-8")
    with pytest.raises(kd.ClusterError, match="cannot read"):
        ingest(store, [tmp_path / "m.xml"], dask=_Blind(client))
    assert store.query_value("SELECT count(*) FROM documents") == 0


class _Blind:
    """A client whose workers report that they cannot read anything (a cluster without the shared mount)."""

    def __init__(self, client):
        self._client = client

    def run(self, fn, *args):
        return {w: (version, False) for w, (version, _) in self._client.run(fn, *args).items()}


@pytest.mark.slow
def test_embed_store_with_the_model_on_the_workers_stores_the_local_vectors(client, tmp_path: Path):
    """Slow: each worker loads the model (seconds)."""
    import numpy as np

    from kamerspoor.semantic import embed_store
    from kamerspoor.semantic.embed import DIM, get_embedder
    from kamerspoor.semantic.index import TextKind, load_index
    from kamerspoor.store import open_store

    remote = kd.ClusterEmbedder(client, get_embedder, DIM, batch=8)
    queries = ["Verzoekt de regering het budget te verhogen.", "De motie is overbodig."]
    assert np.allclose(remote.queries(queries), get_embedder().queries(queries), atol=1e-5)  # the same batch
    kinds = [k.value for k in TextKind]
    indexes = []
    for name, embedder in (("local", None), ("cluster", remote)):
        with open_store(tmp_path / f"{name}.db") as s:
            ingest(s, [ROOT / "examples"], jobs=1)
            report = embed_store(s, embedder=embedder)
            assert report.embedded > 8  # more than one batch went to the cluster
            indexes.append((report.model, load_index(s, kinds)))
    (local_model, local), (cluster_model, cluster) = indexes
    assert cluster_model == local_model
    assert list(cluster.doc_ids) == list(local.doc_ids) and list(cluster.kinds) == list(local.kinds)
    # batched otherwise (a batch is padded to its longest text): the same vectors up to the model's rounding
    cosines = (cluster.matrix * local.matrix).sum(axis=1)
    assert cosines.min() > 0.99


# -- the commands --------------------------------------------------------------------------------------------

def _cli(*args: str):
    from click.testing import CliRunner

    from kamerspoor.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_command_given_no_scheduler_fails_in_one_line(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(kd, "CONNECT_TIMEOUT", 1.0)
    r = _cli("embed", "--db", str(tmp_path / "s.db"), "--dask", "tcp://127.0.0.1:9")
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kamerspoor: no Dask scheduler at tcp://127.0.0.1:9")


def test_ingest_on_the_cluster_from_the_command_line(client, tmp_path: Path):
    import json as _json

    db = str(tmp_path / "s.db")
    args = ["ingest", *map(str, INPUTS), "--db", db, "--dask", client.scheduler.address, "--format", "json"]
    first = _json.loads(_cli(*args).output)
    assert first["added"] >= 3 and first["zaken"] >= 2 and first["failed"] == []
    again = _json.loads(_cli(*args).output)
    assert (again["added"], again["unchanged"]) == (0, first["files"])
    both = _cli("ingest", str(INPUTS[0]), "--db", db, "--jobs", "2", "--dask", "local:2")
    assert both.exit_code == 2 and "--jobs and --dask" in both.output


@pytest.mark.slow
def test_embed_on_the_cluster_from_the_command_line(client, tmp_path: Path):
    """Slow: each worker loads the model (seconds), unless an earlier test did."""
    import json as _json

    from kamerspoor.store import open_store

    db = str(tmp_path / "s.db")
    with open_store(db) as s:
        ingest(s, [ROOT / "examples"], jobs=1)
    r = _cli("embed", "--db", db, "--dask", client.scheduler.address, "--format", "json", "--no-progress")
    assert r.exit_code == 0, r.output
    report = _json.loads(r.output)
    assert report["embedded"] > 0 and report["index"]["vectors"] == report["texts"]
    again = _json.loads(_cli("embed", "--db", db, "--dask", client.scheduler.address, "--format", "json").output)
    assert again["embedded"] == 0  # incremental on the cluster too
