"""What every command module shares: the one-line failure, the --db option and opening the store, the --dask
option and its cluster."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from distributed import Client

    from kamerspoor.store import Store, StoreNotWritable


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``kamerspoor: message`` on standard error and exit (2: bad input or usage; 1: some inputs failed)."""
    one_line = " ".join(str(message).split())  # a driver's multi-line message stays one line
    click.echo(f"kamerspoor: {one_line}", err=True)
    sys.exit(code)


def ministry_option(f: Callable) -> Callable:
    """``--ministry``: as the report, the motion list and the watches read it (``store.owners.ministry_id``)."""
    return click.option("--ministry", help="A ministry: an id (bz, jenv, ...), a name or an abbreviation; "
                                           "'onbekend' for motions no ministry is known for.")(f)


def db_option(f: Callable) -> Callable:
    """``--db``: a SQLite file (default kamerspoor.db or $KAMERSPOOR_DB) or a postgresql:// URL."""
    return click.option("--db", default=lambda: os.environ.get("KAMERSPOOR_DB", "kamerspoor.db"),
                        show_default="kamerspoor.db or $KAMERSPOOR_DB",
                        help="SQLite file or postgresql:// URL.")(f)


def dask_option(work: str) -> Callable[[Callable], Callable]:
    """``--dask ADDRESS``: run ``work`` as tasks on a Dask cluster; this process still writes the store."""
    return click.option(
        "--dask", "dask", metavar="ADDRESS", default=None,
        help=f"Run {work} on a Dask cluster: the scheduler's address (tcp://HOST:8786), or local:N for N worker "
             "processes on this machine. On real machines: `dask scheduler` on one, `dask worker tcp://HOST:8786 "
             "--nworkers N --nthreads 1` on each (kamerspoor[dask] installed, the same version, the files at "
             "the same path). This process writes the store.")


@contextmanager
def dask_client(address: str | None) -> Iterator[Client | None]:
    """A client of the cluster at ``address`` for the block (None without one); a one-line failure when the
    cluster cannot be used."""
    if not address:
        yield None
        return
    from kamerspoor.distributed import ClusterError, connect

    try:
        with connect(address) as client:
            yield client
    except ClusterError as e:
        fail(str(e))


def open_db(db: str, not_writable: Callable[[StoreNotWritable], NoReturn] | None = None) -> Store:
    """The store at ``db``, or a one-line failure naming what is wrong (also when the database fails while it is
    opened: refused, read-only while it needs a migration, a full disk). ``not_writable``, when given, ends the
    command instead where the store cannot be written even to be opened (ingest reports it as a stopped run)."""
    from kamerspoor.dburl import safe_url
    from kamerspoor.store import StoreError, StoreNotWritable, open_store
    from kamerspoor.store.faults import fault_reason

    try:
        return open_store(db)
    except StoreNotWritable as e:
        if not_writable is None:
            fail(str(e))
        not_writable(e)
    except StoreError as e:
        fail(str(e))
    except Exception as e:
        reason = fault_reason(e)
        if reason is None:
            raise
        fail(f"{safe_url(db)}: {reason}")
