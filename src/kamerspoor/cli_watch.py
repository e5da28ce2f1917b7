"""``kamerspoor watch``: follow a motion, a dossier, a theme, a party, a ministry or a search, and hear what is new.

``watch add`` records what is there now (never news), ``watch run`` (from cron) prints what arrived since the
last run and, with SMTP settings, mails it; ``--feeds DIR`` writes each watch's Atom feed. The logic is in
:mod:`kamerspoor.watches`; the watches live in the store.
"""

from __future__ import annotations

from pathlib import Path

import click

from kamerspoor.clioutput import emit, format_option
from kamerspoor.cliutil import db_option, open_db
from kamerspoor.cliutil import fail as _fail
from kamerspoor.model import InputError

KIND_HELP = ("motion: a motion (35207-27); dossier: a Kamerstukdossier (36600-XV); theme: a theme or instrument id "
             "(see `kamerspoor stats` or /api/themes); party: a submitter's fractie; ministry: a ministry (bz, a name or "
             "an abbreviation: its letters and the motions addressed to it); search: a search query.")
KINDS = ["motion", "dossier", "theme", "party", "ministry", "search"]  # kamerspoor.watches.KINDS (not imported here)


@click.group()
def watch() -> None:
    """Follow a motion, a dossier, a theme, a party, a ministry or a search: `watch add`, `watch list`, `watch remove`,
    `watch run` (what is new since the last run; mails it with SMTP settings; writes Atom feeds).

    The web server shows the same watches at /volgen (adding and removing them needs its token) and serves
    each watch's Atom feed at /feeds/watch/<id>.atom; every motion, dossier, theme and search has a feed too
    (/feeds/motion/35207-27.atom, /feeds/dossier/36600-XV.atom, /feeds/theme/<id>.atom,
    /feeds/ministry/<id>.atom, /feeds/zoeken.atom?q=...), linked from its page. Only what is in this store is seen: a letter is news
    when it is ingested."""


@watch.command("add")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("target")
@click.option("--email", help="Mail this address what is new (by `watch run` with SMTP settings).")
@db_option
@format_option()
def add_command(kind: str, target: str, email: str | None, db: str, fmt: str) -> None:
    """Follow TARGET, a KIND: motion 35207-27, dossier 36600-XV, theme <id>, party <fractie>, ministry bz,
    search '<query>'.
    What is there now is recorded as seen, so `watch run` reports only what arrives later. Adding the same
    watch again changes nothing."""
    from kamerspoor import watches

    with open_db(db) as store:
        try:
            w, created = watches.add(store, kind, target, email)
        except InputError as e:
            _fail(e.problem)
        w = store.watch(w["id"]) or w
    click.echo(f"watch {w['id']}: {'added' if created else 'already there'}: {watches.describe(kind, w['target'])} "
               f"({w.get('items', 0)} item(s) there now)", err=True)
    emit(fmt, w, [w], ["id", "kind", "target", "email", "created_at", "items"])


@watch.command("list")
@db_option
@format_option()
def list_command(db: str, fmt: str) -> None:
    """Every watch: what it follows, its e-mail address, when it last ran, how many items it has seen."""
    from kamerspoor import watches

    with open_db(db) as store:
        rows = [{**w, "label": watches.describe(w["kind"], w["target"])} for w in store.watches()]
    emit(fmt, rows, rows, ["id", "kind", "target", "email", "last_run_at", "items", "label"])


@watch.command("remove")
@click.argument("watch_id", type=int)
@db_option
def remove_command(watch_id: int, db: str) -> None:
    """Stop watch WATCH_ID (see `watch list`) and forget what it has seen."""
    with open_db(db) as store:
        gone = store.remove_watch(watch_id)
    if not gone:
        _fail(f"watch {watch_id}: no such watch (see `kamerspoor watch list`)", 1)
    click.echo(f"watch {watch_id}: removed", err=True)


@watch.command("run")
@click.argument("watch_ids", nargs=-1, type=int)
@db_option
@click.option("--smtp-host", help="Mail each watch's news to its address through this SMTP server "
                                  "[$KAMERSPOOR_SMTP_HOST]; without one nothing is mailed.")
@click.option("--smtp-port", type=click.IntRange(1, 65535), help="[$KAMERSPOOR_SMTP_PORT; 587, 465 with ssl]")
@click.option("--smtp-user", help="[$KAMERSPOOR_SMTP_USER]; the password is read from $KAMERSPOOR_SMTP_PASSWORD only.")
@click.option("--smtp-from", help="The sender's address [$KAMERSPOOR_SMTP_FROM].")
@click.option("--smtp-security", type=click.Choice(["starttls", "ssl", "none"]),
              help="[$KAMERSPOOR_SMTP_SECURITY; starttls]")
@click.option("--feeds", "feed_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write each watch's Atom feed here (watch-<id>.atom).")
@click.option("--base-url", default="http://localhost:8000", show_default=True,
              help="Where the site is served, for the links in mails and feeds.")
@format_option()
def run_command(watch_ids: tuple[int, ...], db: str, smtp_host: str | None, smtp_port: int | None,
                smtp_user: str | None, smtp_from: str | None, smtp_security: str | None, feed_dir: Path | None,
                base_url: str, fmt: str) -> None:
    """Look again with every watch (or WATCH_IDS): print what is new since the last run, mail it to each watch's
    address when SMTP settings are given, write the feeds. A re-run finds and mails nothing twice; news that
    could not be mailed is mailed by the next run (exit code 1 until then).

    \b
    Every hour from cron, mailing through the provider's server:
      0 * * * *  KAMERSPOOR_SMTP_PASSWORD=... kamerspoor watch run --db /srv/kamerspoor.db \\
                 --smtp-host smtp.example.org --smtp-user kamerspoor --smtp-from kamerspoor@example.org \\
                 --base-url https://kamerspoor.example.org --feeds /srv/feeds"""
    from kamerspoor import watches
    from kamerspoor.mail import SmtpSettings, sender_for

    try:
        smtp = SmtpSettings.from_env(host=smtp_host, port=smtp_port, user=smtp_user, sender=smtp_from,
                                     security=smtp_security)
    except ValueError as e:
        _fail(str(e))
    with open_db(db) as store:
        known = {w["id"] for w in store.watches()}
        missing = [i for i in watch_ids if i not in known]
        if missing:
            _fail(f"watch {missing[0]}: no such watch (see `kamerspoor watch list`)")
        results = watches.run(store, watch_ids or None, sender_for(smtp) if smtp else None, base_url, feed_dir)
    rows = [{"watch": r.watch["id"], "label": watches.describe(r.watch["kind"], r.watch["target"]), "date": i["date"],
             "title": i["title"], "url": base_url.rstrip("/") + i["path"]} for r in results for i in r.new]
    emit(fmt, [r.to_dict() for r in results], rows, ["watch", "date", "title", "url"], {"title": 80})
    for r in results:
        say = f"watch {r.watch['id']} ({watches.describe(r.watch['kind'], r.watch['target'])}): {len(r.new)} new"
        if r.mailed:
            say += f", {r.mailed} mailed to {r.watch['email']}"
        elif r.watch["email"] and smtp is None and r.new:
            say += " (not mailed yet: no SMTP settings)"
        click.echo(say, err=True)
        if r.mail_error:
            click.echo(f"kamerspoor: watch {r.watch['id']}: mail to {r.watch['email']} failed ({r.mail_error}); "
                       "the next run tries again", err=True)
    if any(r.mail_error for r in results):
        raise SystemExit(1)


#: The watch commands, added to the main ``kamerspoor`` group by :mod:`kamerspoor.cli`.
COMMANDS: tuple[click.Command, ...] = (watch,)
