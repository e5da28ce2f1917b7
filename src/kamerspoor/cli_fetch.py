"""``kamerspoor fetch`` and ``kamerspoor sync``: download from the official sources into an output folder.

The output folder (``--out``, default ``$KAMERSPOOR_DATA`` or ``./kamerspoor-data``) holds what
``kamerspoor ingest`` reads: ``kst/<kst-id>/`` (XML or PDF, metadata.xml, document.json), ``zaken/<Id>.json``,
``votes/motion_votes_summary.json``, ``tk/<Entity>/<Id>.json`` and ``official_commitments.json``. Raw
responses are cached in ``--cache`` (default ``$KAMERSPOOR_CACHE`` or ``~/.cache/kamerspoor``).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kamerspoor.cliutil import fail as _fail
from kamerspoor.model import InputError


def _out_default() -> str:
    return os.environ.get("KAMERSPOOR_DATA") or "kamerspoor-data"



def _client(cache: str | None, max_age: float | None = None):
    from kamerspoor.fetch import Client, Settings

    return Client(Settings.from_env(cache_dir=cache, list_max_age=max_age))


def _ingest(db: str, out: Path) -> None:
    """Ingest the fetched files of ``out`` into the store at ``db`` (the store's own ingest)."""
    from kamerspoor.fetch import ingestable_files

    try:
        from kamerspoor.dburl import safe_url
        from kamerspoor.ingest import ingest, print_failures
        from kamerspoor.store import StoreError, open_store
    except ImportError:
        _fail(f"--db needs the store, which is not installed; the fetched files are in {out}", code=1)
    files = ingestable_files(out)
    if not files:
        click.echo(f"kamerspoor: nothing to ingest in {out}", err=True)
        return
    try:
        with open_store(db) as store:
            report = ingest(store, files)
    except StoreError as e:
        _fail(f"{safe_url(db)}: ingest stopped: {str(e).removeprefix(safe_url(db) + ': ')}; "
              f"the fetched files are in {out}", code=1)
    d = report.to_dict()
    click.echo(f"kamerspoor: ingested into {safe_url(db)}: " + ", ".join(
        f"{k} {d[k]}" for k in ("files", "added", "replaced", "unchanged", "zaken", "votes", "officials", "deleted")),
        err=True)
    print_failures(report)
    if report.stopped:
        _fail(f"{safe_url(db)}: ingest stopped: {report.stopped}; the fetched files are in {out}", code=1)
    if report.failed:
        sys.exit(1)


def _dossier_line(res) -> str:
    """"dossier 32545: 1 Kamerstuk of 5 records found; 3 skipped, not Kamerstukken (ah 1, blg 2); 1 failed":
    what a dossier search gave and what became of it (attachments and Handelingen are skipped, not failures)."""
    n = len(res.documents)
    line = f"dossier {res.dossier}: {n} Kamerstuk{'ken' if n != 1 else ''} of {res.total} records found"
    if res.resumed_from > 1:
        line += f" (resumed at record {res.resumed_from})"
    if res.skipped:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(res.skipped.items()))
        line += f"; {res.skipped_total} skipped, not Kamerstukken ({kinds})"
    if res.failures:
        line += f"; {len(res.failures)} failed"
    return line


def write_official_commitments(out: Path) -> int:
    """``<out>/official_commitments.json`` from the synced Toezeggingen; returns how many."""
    from kamerspoor.fetch.http import write_json_atomic
    from kamerspoor.fetch.toezeggingen import load_official

    officials = load_official(out)
    write_json_atomic(out / "official_commitments.json", officials)
    return len(officials)


def _fetch_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The options ``fetch`` and ``sync`` share: --out, --cache, --refresh, --max-age, --db."""
    for opt in reversed(_FETCH_OPTIONS):
        f = opt(f)
    return f


_FETCH_OPTIONS = (
    click.option("--out", "out", default=_out_default, show_default="$KAMERSPOOR_DATA or ./kamerspoor-data",
                 type=click.Path(file_okay=False), help="Output folder of fetched documents."),
    click.option("--cache", default=None, type=click.Path(file_okay=False),
                 help="Cache of raw responses [default: $KAMERSPOOR_CACHE or ~/.cache/kamerspoor]."),
    click.option("--refresh", is_flag=True, help="Ask the servers again instead of using the cache."),
    click.option("--max-age", "max_age", default=None, type=click.FloatRange(min=0), metavar="SECONDS",
                 help="Seconds a cached list or search answer (SRU page, OData page) is used before it is "
                      "asked again; documents stay cached [default: $KAMERSPOOR_LIST_MAX_AGE or 3600]."),
    click.option("--db", default=None, help="Then ingest the output folder into this store."),
)


class _Failures:
    """Documents that failed: each reported on standard error at once, the others go on (exit code 1)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, kst: str, e: Exception) -> None:
        self.count += 1
        click.echo(f"kamerspoor: {kst}: {e}", err=True)


def _emit_document(doc: Any) -> None:
    """One fetched document as a JSON line."""
    click.echo(json.dumps(doc.to_dict(), ensure_ascii=False))


def _requests_line(client: Any, revalidated: bool = False) -> None:
    """How many requests went to the network and how many came from the cache (with ``revalidated``: and how
    many cached lists the server said were unchanged)."""
    click.echo(f"kamerspoor: {client.network_requests} requests, {client.cache_hits} from cache"
               + (f", {client.revalidated} unchanged lists" if revalidated and client.revalidated else ""),
               err=True)


@click.command()
@click.argument("ids", nargs=-1)
@click.option("--dossier", "dossiers", multiple=True, help="Every Kamerstuk of this dossier (repeatable).")
@_fetch_options
def fetch(ids: tuple[str, ...], dossiers: tuple[str, ...], out: str, cache: str | None, refresh: bool,
          max_age: float | None, db: str | None) -> None:
    """Download Kamerstukken from officielebekendmakingen: XML (PDF when there is no XML) + metadata.xml.

    IDS are Kamerstuk ids (kst-35207-32); --dossier finds every Kamerstuk of a dossier with SRU.
    Prints one JSON line per document; a failed document is reported and the others go on (exit 1).
    """
    from kamerspoor.fetch import FetchError, oep

    if not ids and not dossiers:
        _fail("give Kamerstuk ids (kst-35207-32) or --dossier NUMBER")
    out_dir = Path(out)
    failed = _Failures()
    try:
        for kst in ids:
            oep.split_kst_id(kst)
        for d in dossiers:
            oep.dossier_query(d)
        with _client(cache, max_age) as client:
            for d in dossiers:
                _fetch_dossier(client, out_dir, d, refresh, failed)
            for kst in ids:
                _fetch_one(client, out_dir, kst, refresh, failed, emit=True)
            _requests_line(client, revalidated=True)
    except FetchError as e:  # OfflineError included: stop at once
        _fail(str(e), code=1)
    except InputError as e:
        _fail(str(e))
    _finish(db, out_dir, failed)


def _fetch_dossier(client: Any, out_dir: Path, dossier: str, refresh: bool, failed: _Failures) -> None:
    """Every Kamerstuk of a dossier (each printed as it comes), then a line of how many on standard error."""
    from kamerspoor.fetch import oep

    res = oep.fetch_dossier(client, out_dir, dossier, refresh=refresh, on_document=_emit_document,
                            on_failure=failed)
    click.echo(f"kamerspoor: {_dossier_line(res)}", err=True)


def _fetch_one(client: Any, out_dir: Path, kst: str, refresh: bool, failed: _Failures, emit: bool) -> None:
    """One Kamerstuk; a failure is reported and counted, except when the client is offline (that stops all)."""
    from kamerspoor.fetch import FetchError, OfflineError, oep

    try:
        doc = oep.fetch_document(client, out_dir, kst, refresh=refresh)
    except OfflineError:
        raise
    except FetchError as e:
        failed(kst, e)
        return
    if emit:
        _emit_document(doc)


def _finish(db: str | None, out_dir: Path, failed: _Failures) -> None:
    """Ingest the output folder when --db is given; exit 1 when some document failed."""
    if db:
        _ingest(db, out_dir)
    if failed.count:
        sys.exit(1)


@click.command()
@click.option("--since", default=None,
              help="Changes since this date (YYYY-MM-DD); without it, continue from the last sync.")
@click.option("--entity", "entities", multiple=True,
              type=click.Choice(["Zaak", "Besluit", "Document", "Toezegging", "Persoon", "Fractie",
                                 "FractieZetelPersoon"]),
              help="Only these entities (repeatable) [default: all].")
@click.option("--documents", is_flag=True,
              help="Also download each synced motion's Kamerstuk (XML + metadata.xml) from officielebekendmakingen.")
@_fetch_options
def sync(since: str | None, entities: tuple[str, ...], documents: bool, out: str, cache: str | None,
         refresh: bool, max_age: float | None, db: str | None) -> None:
    """Sync Tweede Kamer open data (OData v4): motions (Zaak with Document, Besluit, Stemming),
    Besluit, Document (Brief regering), Toezegging, Persoon, Fractie, FractieZetelPersoon.

    Prints one JSON line per entity (pages, written, deleted, resumed). Deleted entities
    (Verwijderd) are removed from the output folder.
    """
    from kamerspoor.fetch import FetchError, tkodata

    out_dir = Path(out)
    names = list(entities) or list(tkodata.ENTITIES)
    failed = _Failures()
    try:
        if since is not None:
            tkodata.odata_since(since)
        with _client(cache, max_age) as client:
            kst_ids = _sync_entities(client, out_dir, names, since, refresh)
            if documents:
                for kst in sorted(kst_ids):
                    _fetch_one(client, out_dir, kst, refresh, failed, emit=False)
            _requests_line(client)
    except FetchError as e:
        _fail(str(e), code=1)
    except InputError as e:
        _fail(str(e))
    _finish(db, out_dir, failed)


def _sync_entities(client: Any, out_dir: Path, names: list[str], since: str | None, refresh: bool) -> set[str]:
    """Sync each entity (a JSON line each), write the indexes and the official toezeggingen; returns the
    kst-ids of the synced motions."""
    from kamerspoor.fetch import tkodata

    kst_ids: set[str] = set()
    for name in names:
        r = tkodata.sync_entity(client, out_dir, name, since, refresh=refresh)
        kst_ids |= r.kst_ids if name == "Zaak" else set()
        click.echo(json.dumps({"entity": r.entity, "pages": r.pages, "written": r.written,
                               "deleted": r.deleted, "resumed": r.resumed, "high_water": r.high_water}))
    tkodata.write_indexes(out_dir)
    if "Toezegging" in names:
        n = write_official_commitments(out_dir)
        click.echo(f"kamerspoor: {n} official toezeggingen in {out_dir / 'official_commitments.json'}", err=True)
    return kst_ids


#: The commands that download, added to the main ``kamerspoor`` group by :mod:`kamerspoor.cli`.
COMMANDS: tuple[click.Command, ...] = (fetch, sync)
