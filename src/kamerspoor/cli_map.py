"""The ``map`` command: the policy map of a document or a dossier (kamerspoor.policymap).

    kamerspoor map kst-35207-32 --format svg > map.svg     # a document in the store
    kamerspoor map letter.pdf.txt --format json             # a file, analyzed on the fly
    kamerspoor map --dossier 35207 --format graphml         # every document of a dossier in the store

Output goes to standard output, messages to standard error. Exit codes: 0 ok, 1 nothing to draw (no such
document or dossier in the store), 2 bad input or usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kamerspoor.clioutput import json_text
from kamerspoor.cliutil import db_option
from kamerspoor.cliutil import fail as _fail
from kamerspoor.dburl import safe_url
from kamerspoor.model import InputError
from kamerspoor.record import Record


def _open_existing(db: str):
    from kamerspoor.store import StoreError, is_postgres_url, open_store

    if not is_postgres_url(db) and "://" not in db and not Path(db).is_file():
        _fail(f"{safe_url(db)}: no store here (ingest documents with `kamerspoor ingest`, pass --db, or give a FILE "
              "to analyze)")
    try:
        return open_store(db)
    except StoreError as e:
        _fail(str(e))


def _doc_id(target: str) -> str:
    from kamerspoor.rules.identifiers import kst_id, parse_kst_id

    parsed = parse_kst_id(target)
    if parsed:
        return kst_id(*parsed) or target
    return target


def _records(target: str | None, dossier: str | None, db: str) -> list[Record]:
    """The analysis records to draw: of a FILE (analyzed now), of a document or of a dossier in the store."""
    if target and dossier:
        _fail("give either a document (id or FILE) or --dossier, not both")
    if not target and not dossier:
        _fail("give a document id, a FILE to analyze, or --dossier DOSSIER")
    if target and (target == "-" or Path(target).is_file()):
        return [_analyzed(target)]
    with _open_existing(db) as store:
        if target:
            return [_stored_document(store, target, db)]
        return _stored_dossier(store, dossier or "", db)


def _analyzed(target: str) -> Record:
    """The record of a file ('-': standard input), analyzed now."""
    from kamerspoor.pipeline import analyze_bytes, analyze_path
    from kamerspoor.read import stream_bytes

    try:
        if target == "-":  # read up to the limit of its kind and no further
            return analyze_bytes(stream_bytes(sys.stdin.buffer, "<stdin>"), name="<stdin>")
        return analyze_path(target)
    except InputError as e:
        _fail(str(e))
    except RecursionError:
        _fail(f"{target}: document nested too deeply to analyze")


def _stored_document(store, target: str, db: str) -> Record:
    doc_id = _doc_id(target)
    record = store.record(doc_id)
    if record is None:
        _fail(f"{doc_id}: not in the store {safe_url(db)} (and no such file)", 1)
    return record


def _stored_dossier(store, dossier: str, db: str) -> list[Record]:
    ids = [d["id"] for d in store.dossier(dossier)["documents"]]
    records = [r for r in (store.record(i) for i in ids) if r is not None]
    if not records:
        _fail(f"dossier {dossier}: no documents in the store {safe_url(db)}", 1)
    return records


@click.command("map")
@click.argument("target", required=False)
@click.option("--dossier", help="Draw every document of this Kamerstukdossier in the store (e.g. 35207).")
@db_option
@click.option("--format", "fmt", type=click.Choice(["svg", "png", "json", "graphml"]), default="svg",
              show_default=True, help="svg/png: the drawn map; json: nodes and edges; graphml: for Gephi, Cytoscape.")
@click.option("--today", metavar="YYYY-MM-DD", help="Count commitments as overdue from this day (default: today).")
@click.option("--link-base", default="", help="Prefix for the node links (e.g. https://host/kamerspoor).")
@click.option("--layout", "engine", type=click.Choice(["auto", "graphviz", "python"]), default="auto",
              show_default=True, help="auto: Graphviz dot when installed, else the built-in layered layout.")
def map_command(target: str | None, dossier: str | None, db: str, fmt: str, today: str | None, link_base: str,
                engine: str) -> None:
    """Draw the policy map of TARGET (a document id such as kst-35207-32, or a FILE to analyze) or of a
    whole --dossier: themes, instruments, the motions and party proposals the cabinet answers (coloured by
    its stance) and its commitments, linked where a paragraph connects them."""
    import re

    from kamerspoor import policymap

    if today is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", today):
        _fail(f"--today {today!r}: expected a date YYYY-MM-DD")
    if fmt == "png" and sys.stdout.isatty():
        _fail("PNG is binary: redirect it to a file (kamerspoor map ... --format png > map.png)")
    graph = policymap.build_graph(_records(target, dossier, db), today=today)
    try:
        if fmt == "json":
            click.echo(json_text(policymap.to_json(graph)))
        elif fmt == "graphml":
            click.echo(policymap.to_graphml(graph), nl=False)
        elif fmt == "png":
            sys.stdout.buffer.write(policymap.to_png(graph, link_base=link_base))
            sys.stdout.buffer.flush()
        else:
            click.echo(policymap.to_svg(graph, link_base=link_base, engine=engine), nl=False)
    except policymap.MapError as e:
        _fail(str(e))


#: The map command, added to the main ``kamerspoor`` group by :mod:`kamerspoor.cli`.
COMMANDS: tuple[click.Command, ...] = (map_command,)
