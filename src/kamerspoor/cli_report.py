"""The accountability report command: ``kamerspoor report`` (see :mod:`kamerspoor.verantwoording`)."""

from __future__ import annotations

import click

from kamerspoor.clioutput import csv_text, json_text
from kamerspoor.cliutil import db_option, fail, ministry_option, open_db
from kamerspoor.model import InputError


@click.command()
@db_option
@click.option("--since", help="Votes (and letters, commitments) on or after YYYY-MM-DD.")
@click.option("--until", help="Votes (and letters, commitments) on or before YYYY-MM-DD.")
@ministry_option
@click.option("--dossier", help="A Kamerstukdossier, e.g. 36600-XVII.")
@click.option("--theme", help="A taxonomy theme id.")
@click.option("--party", help="A party (fractie) among the motion's submitters.")
@click.option("--query", "-q", help="A search (as kamerspoor search): the motions whose text matches it.")
@click.option("--today", help="The date to count days and overdue commitments from (YYYY-MM-DD, default today).")
@click.option("--format", "fmt", type=click.Choice(["md", "json", "csv"]), default="md", show_default=True,
              help="md: the report to read (Markdown); json: everything; csv: one row per adopted motion.")
def report(db: str, since: str | None, until: str | None, ministry: str | None, dossier: str | None,
           theme: str | None, party: str | None, query: str | None, today: str | None, fmt: str) -> None:
    """What became of the motions the Kamer adopted: answered, in progress, declined, only noted, named in a
    letter known by its subject only, or no answer in this store (with the days since the vote); the cabinet's
    appreciation against the outcome; the commitments of the period; per ministry, and what the store covers."""
    from kamerspoor.verantwoording import Filters, build
    from kamerspoor.verantwoording_text import CSV_COLUMNS, csv_rows, to_markdown

    filters = Filters(since=since, until=until, ministry=ministry, dossier=dossier, theme=theme, party=party, query=query,
                      **({"today": today} if today else {}))
    store = open_db(db)
    try:
        data = build(store, filters)
    except InputError as e:
        fail(e.problem if e.path is None else str(e))
    finally:
        store.close()
    if fmt == "json":
        click.echo(json_text(data))
    elif fmt == "csv":
        click.echo(csv_text(csv_rows(data), CSV_COLUMNS))
    else:
        click.echo(to_markdown(data), nl=False)


COMMANDS: tuple[click.Command, ...] = (report,)
