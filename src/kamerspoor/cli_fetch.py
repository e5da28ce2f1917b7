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
from pathlib import Path

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
        from kamerspoor.store import StoreError, open_store
        from kamerspoor.store.ingest import ingest, print_failures
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
        _fail(str(e), code=1)
    d = report.to_dict()
    click.echo(f"kamerspoor: ingested into {db}: " + ", ".join(
        f"{k} {d[k]}" for k in ("files", "added", "replaced", "unchanged", "zaken", "votes", "officials", "deleted")),
        err=True)
    print_failures(report)
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


def register(group: click.Group) -> None:
    common = [
        click.option("--out", "out", default=_out_default, show_default="$KAMERSPOOR_DATA or ./kamerspoor-data",
                     type=click.Path(file_okay=False), help="Output folder of fetched documents."),
        click.option("--cache", default=None, type=click.Path(file_okay=False),
                     help="Cache of raw responses [default: $KAMERSPOOR_CACHE or ~/.cache/kamerspoor]."),
        click.option("--refresh", is_flag=True, help="Ask the servers again instead of using the cache."),
        click.option("--max-age", "max_age", default=None, type=click.FloatRange(min=0), metavar="SECONDS",
                     help="Seconds a cached list or search answer (SRU page, OData page) is used before it is "
                          "asked again; documents stay cached [default: $KAMERSPOOR_LIST_MAX_AGE or 3600]."),
        click.option("--db", default=None, help="Then ingest the output folder into this store."),
    ]

    def with_common(f):
        for opt in reversed(common):
            f = opt(f)
        return f

    @group.command()
    @click.argument("ids", nargs=-1)
    @click.option("--dossier", "dossiers", multiple=True, help="Every Kamerstuk of this dossier (repeatable).")
    @with_common
    def fetch(ids: tuple[str, ...], dossiers: tuple[str, ...], out: str, cache: str | None, refresh: bool,
              max_age: float | None, db: str | None) -> None:
        """Download Kamerstukken from officielebekendmakingen: XML (PDF when there is no XML) + metadata.xml.

        IDS are Kamerstuk ids (kst-35207-32); --dossier finds every Kamerstuk of a dossier with SRU.
        Prints one JSON line per document; a failed document is reported and the others go on (exit 1).
        """
        from kamerspoor.fetch import FetchError, OfflineError, oep

        if not ids and not dossiers:
            _fail("give Kamerstuk ids (kst-35207-32) or --dossier NUMBER")
        out_dir = Path(out)
        failures = 0

        def emit(doc) -> None:
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False))

        def failed(kst: str, e: Exception) -> None:
            nonlocal failures
            failures += 1
            click.echo(f"kamerspoor: {kst}: {e}", err=True)

        try:
            for kst in ids:
                oep.split_kst_id(kst)
            for d in dossiers:
                oep.dossier_query(d)
            with _client(cache, max_age) as client:
                for d in dossiers:
                    res = oep.fetch_dossier(client, out_dir, d, refresh=refresh, on_document=emit,
                                            on_failure=failed)
                    click.echo(f"kamerspoor: {_dossier_line(res)}", err=True)
                for kst in ids:
                    try:
                        emit(oep.fetch_document(client, out_dir, kst, refresh=refresh))
                    except OfflineError:
                        raise
                    except FetchError as e:
                        failed(kst, e)
                click.echo(f"kamerspoor: {client.network_requests} requests, {client.cache_hits} from cache"
                           + (f", {client.revalidated} unchanged lists" if client.revalidated else ""), err=True)
        except FetchError as e:  # OfflineError included: stop at once
            _fail(str(e), code=1)
        except InputError as e:
            _fail(str(e))
        if db:
            _ingest(db, out_dir)
        if failures:
            sys.exit(1)

    @group.command()
    @click.option("--since", default=None,
                  help="Changes since this date (YYYY-MM-DD); without it, continue from the last sync.")
    @click.option("--entity", "entities", multiple=True,
                  type=click.Choice(["Zaak", "Besluit", "Document", "Toezegging", "Persoon", "Fractie",
                                     "FractieZetelPersoon"]),
                  help="Only these entities (repeatable) [default: all].")
    @click.option("--documents", is_flag=True,
                  help="Also download each synced motion's Kamerstuk (XML + metadata.xml) from officielebekendmakingen.")
    @with_common
    def sync(since: str | None, entities: tuple[str, ...], documents: bool, out: str, cache: str | None,
             refresh: bool, max_age: float | None, db: str | None) -> None:
        """Sync Tweede Kamer open data (OData v4): motions (Zaak with Document, Besluit, Stemming),
        Besluit, Document (Brief regering), Toezegging, Persoon, Fractie, FractieZetelPersoon.

        Prints one JSON line per entity (pages, written, deleted, resumed). Deleted entities
        (Verwijderd) are removed from the output folder.
        """
        from kamerspoor.fetch import FetchError, OfflineError, oep, tkodata

        out_dir = Path(out)
        names = list(entities) or list(tkodata.ENTITIES)
        failures = 0
        try:
            if since is not None:
                tkodata.odata_since(since)
            with _client(cache, max_age) as client:
                kst_ids: set[str] = set()
                for name in names:
                    r = tkodata.sync_entity(client, out_dir, name, since, refresh=refresh)
                    kst_ids |= r.kst_ids if name == "Zaak" else set()
                    click.echo(json.dumps({"entity": r.entity, "pages": r.pages, "written": r.written,
                                           "deleted": r.deleted, "resumed": r.resumed,
                                           "high_water": r.high_water}))
                tkodata.write_indexes(out_dir)
                if "Toezegging" in names:
                    n = write_official_commitments(out_dir)
                    click.echo(f"kamerspoor: {n} official toezeggingen in {out_dir / 'official_commitments.json'}",
                               err=True)
                if documents:
                    for kst in sorted(kst_ids):
                        try:
                            oep.fetch_document(client, out_dir, kst, refresh=refresh)
                        except OfflineError:
                            raise
                        except FetchError as e:
                            failures += 1
                            click.echo(f"kamerspoor: {kst}: {e}", err=True)
                click.echo(f"kamerspoor: {client.network_requests} requests, {client.cache_hits} from cache",
                           err=True)
        except FetchError as e:
            _fail(str(e), code=1)
        except InputError as e:
            _fail(str(e))
        if db:
            _ingest(db, out_dir)
        if failures:
            sys.exit(1)
