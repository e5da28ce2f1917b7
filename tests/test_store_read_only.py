"""A store that may not be written, whose computed columns are out of date: opening it must not compute them.

A store keeps columns computed in Python (the ministries and the commitments' context: store/derived.py; the
search columns: store/schema.py) and computes them again when it is opened by a kamerspoor whose rules changed.
On a read-only SQLite file, a read-only PostgreSQL transaction or a role without write privileges that cannot
be done: every command says so in one line (as for a pending migration) and never shows the driver's traceback,
and the store is left as it was. Opened once where it may be written, the columns are computed again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamerspoor.ingest import ingest
from kamerspoor.store import open_store

ROOT = Path(__file__).resolve().parents[1]
READER = "kamerspoor_test_reader"


def _stale_store(db: str, name: str) -> None:
    """The examples stored in ``db``, with ``store_meta``'s ``name`` (derived, search_index) as another version
    of kamerspoor left it."""
    with open_store(db) as store:
        assert not ingest(store, [ROOT / "examples"], jobs=1).failed
        store.execute("UPDATE store_meta SET value = 'an-older-version' WHERE name = ?", (name,))


def _recorded(db: str, name: str) -> str | None:
    """``store_meta``'s ``name`` as the database holds it, read by the driver (opening the store would compute)."""
    if "://" not in db:
        import sqlite3

        with sqlite3.connect(db) as conn:
            row = conn.execute("SELECT value FROM store_meta WHERE name = ?", (name,)).fetchone()
    else:
        import psycopg

        with psycopg.connect(db) as pg:
            row = pg.execute("SELECT value FROM store_meta WHERE name = %s", (name,)).fetchone()
    return row[0] if row else None


PG_URL = os.environ.get("KAMERSPOOR_TEST_PG_URL")


@pytest.fixture(params=["sqlite file", "postgresql read-only transaction", "postgresql role without write"])
def read_only(request, tmp_path: Path) -> Iterator[tuple[str, str, list[str]]]:
    """(an empty store's address, the address that opens it read-only, a prefix for the command) on each
    database; the PostgreSQL variants skip with a reason without KAMERSPOOR_TEST_PG_URL."""
    kind = request.param
    if kind == "sqlite file":
        db = str(tmp_path / "store.db")
        yield db, db, _without_file_permissions()
        return
    if not PG_URL:
        pytest.skip("KAMERSPOOR_TEST_PG_URL is not set (start a server with .ci/postgres.sh)")
    with open_store(PG_URL) as store:
        store.drop_all()
    if kind == "postgresql read-only transaction":
        yield PG_URL, PG_URL + ("&" if "?" in PG_URL else "?") + "options=-c%20default_transaction_read_only%3Don", []
        return
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {READER}")
        conn.execute(f"CREATE ROLE {READER} LOGIN")
    try:
        scheme, rest = PG_URL.split("://", 1)
        yield PG_URL, f"{scheme}://{READER}@{rest.split('@', 1)[-1]}", []
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {READER}")
            conn.execute(f"DROP ROLE IF EXISTS {READER}")


def _make_read_only(db: str, kind_url: str) -> None:
    """Take away the right to write: the file's permissions, or the reading role's privileges (SELECT only)."""
    if "://" not in db:
        Path(db).chmod(0o444)
        return
    if READER not in kind_url:
        return  # the read-only transaction is in the URL's options
    import psycopg

    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(f"GRANT USAGE ON SCHEMA public TO {READER}")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READER}")


def _without_file_permissions() -> list[str]:
    """A prefix that runs a command without root's power over file permissions; empty when not root."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: a file root may not write cannot be made")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


def _kamerspoor(prefix: list[str], *args: str) -> tuple[int, str, str]:
    """(exit code, standard output, standard error) of a command; in this process (click's runner: a traceback
    would be its ``exception``, not a SystemExit) unless a prefix must take root's power over files away."""
    if prefix:
        run = subprocess.run([*prefix, sys.executable, "-m", "kamerspoor.cli", *args], capture_output=True,
                             text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        return run.returncode, run.stdout, run.stderr
    from click.testing import CliRunner

    from kamerspoor.cli import main

    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name, what, commands", [
    ("derived", "its derived columns", (["report"], ["map", "--dossier", "99901"])),
    ("search_index", "its search columns", (["stats"], ["search", "verdedigers"])),
], ids=["derived", "search"])
def test_a_read_only_store_with_out_of_date_columns_is_refused_in_one_line_and_left_as_it_was(
        read_only, name: str, what: str, commands: tuple[list[str], ...]) -> None:
    db, reading, prefix = read_only
    _stale_store(db, name)
    _make_read_only(db, reading)
    for command in commands:
        code, out, err = _kamerspoor(prefix, *command, "--db", reading)
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert code == 2 and len(lines) == 1 and "Traceback" not in err, err
        assert lines[0].startswith(f"kamerspoor: {reading}: the store cannot be written: {what}"), lines
        assert "computed by another version of kamerspoor" in lines[0] and out == ""
    assert _recorded(db, name) == "an-older-version"  # nothing computed, nothing half-written
    if "://" not in db:
        Path(db).chmod(0o644)
    assert _kamerspoor([], *commands[0], "--db", db)[0] == 0  # where it may be written: computed again
    assert _recorded(db, name) not in (None, "an-older-version")
