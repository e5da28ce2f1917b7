"""A second hostile audit's findings, each kept as a test (issue 17): inputs nobody had tried before.

Found: a text that lists motion mentions without a full stop ("motie-Jansen (35207, nr. 32) motie-Jansen ...") was
one "sentence" that every mention read whole, twice (masked, then matched against every stance rule): time grew with
the square of the mentions (29 kB took 36 s, a 5.6 MB file did not end). Sentences are now cut in pieces of at most
``MAX_SENTENCE`` characters (as the commitments already cut them), and one letter's mentions share each sentence's
masked text and stance hits.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import time

import pytest

from kamerspoor import pipeline
from kamerspoor.extract.mentions import sentence_spans
from kamerspoor.rules.commitment_phrases import MAX_SENTENCE


def _mentions_without_full_stops(size: int) -> bytes:
    unit = "de motie-Jansen (35207, nr. 32) en "
    return (unit * (size // len(unit) + 1)).encode()


def _cpu_per_byte(size: int, runs: int = 2) -> float:
    best = float("inf")
    for run in range(runs):
        data = _mentions_without_full_stops(size + 7 * run)
        start = time.process_time()
        pipeline.analyze_bytes(data, "mentions.txt")
        best = min(best, (time.process_time() - start) / len(data))
    return max(best, 1e-9)


def test_a_text_without_full_stops_is_read_in_sentences_of_bounded_length() -> None:
    text = "woord " * 5000
    spans = sentence_spans(text)
    assert max(e - s for s, e in spans) <= MAX_SENTENCE
    assert "".join(text[s:e] for s, e in spans).split() == text.split()  # nothing lost at the cuts


def test_many_motion_mentions_in_one_unbroken_sentence_cost_linear_time() -> None:
    small, large = _cpu_per_byte(3 * 1024), _cpu_per_byte(24 * 1024)
    assert large / small < 3.0, f"time per byte grew {large / small:.1f} times for 8 times the input"


def test_many_mentions_of_one_motion_give_one_record() -> None:
    rec = pipeline.analyze_bytes(_mentions_without_full_stops(4000), "mentions.txt")
    assert [(m.dossier, m.number) for m in rec.motions] == [("35207", 32)]


# -- a file name that is not UTF-8 ------------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_refused_with_its_reason(tmp_path) -> None:
    from kamerspoor.ingest.files import find_files

    folder = tmp_path / "docs"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/brief\xff.txt"
    with open(raw, "wb") as f:
        f.write(b"Ik zeg toe de Kamer te informeren.\n")
    found = find_files([folder])
    assert len(found) == 1 and found[0][1] == "file name is not valid UTF-8 (rename the file to ingest it)"


# -- a store path that is another application's SQLite database -----------------------------------------------


def test_another_applications_sqlite_database_is_refused_and_left_unchanged(tmp_path) -> None:
    from kamerspoor.store.connection import StoreError
    from kamerspoor.store.sqlite import SQLiteStore

    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE klanten (naam TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="another application .tables klanten"):
        SQLiteStore(path)
    conn = sqlite3.connect(path)
    try:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["klanten"]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()


def test_an_empty_database_file_becomes_a_store(tmp_path) -> None:
    from kamerspoor.store.sqlite import SQLiteStore

    path = tmp_path / "leeg.db"
    sqlite3.connect(path).close()
    store = SQLiteStore(path)
    try:
        assert store.schema_version() > 0
    finally:
        store.conn.close()


# -- a client that never finishes its request's headers ----------------------------------------------------------


def test_a_connection_that_never_finishes_its_headers_is_closed(example_db, monkeypatch) -> None:
    """Half a request line, then silence: closed after the header deadline (uvicorn alone waits for ever), while a
    whole request on another connection is answered."""
    from kamerspoor.web import create_app, server

    monkeypatch.setattr(server, "HEADER_TIMEOUT", 1.0)
    with server.running(create_app(example_db)) as url:
        host, port = url.split("//")[1].rstrip("/").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as slow:
            slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            started = time.monotonic()
            assert slow.recv(100) == b""  # closed by the server, not by our 10 s timeout
            assert time.monotonic() - started < 8
        with socket.create_connection((host, int(port)), timeout=10) as ok:
            ok.sendall(b"GET /api/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert ok.recv(20).startswith(b"HTTP/1.1 ")
