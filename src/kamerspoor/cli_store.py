"""Store commands: ingest, search, motion, motions, commitments, dossier, export, stats.

Every command takes ``--db`` (a SQLite file, default ``kamerspoor.db`` or $KAMERSPOOR_DB, or a
``postgresql://`` URL) and ``--format table|json|csv``. Output goes to standard output, messages and the
progress bar to standard error. Exit codes: 0 ok, 1 some files failed (ingest) or nothing found, 2 bad input.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

import click

from kamerspoor.cli_votes import vote_lines, vote_text
from kamerspoor.clioutput import (
    Progress,
    cell,
    csv_text,
    emit,
    emit_lines,
    emit_list,
    format_option,
    json_text,
    table,
)
from kamerspoor.cliutil import dask_client, dask_option, ministry_option
from kamerspoor.cliutil import db_option as _db_option
from kamerspoor.cliutil import fail as _fail
from kamerspoor.cliutil import open_db as _open
from kamerspoor.model import Kind
from kamerspoor.rules.dates import is_date

if TYPE_CHECKING:
    from kamerspoor.store import Store, StoreNotWritable


def _lookup(argument: str) -> Callable[[Callable[..., None]], click.Command]:
    """A command that shows one thing of the store named by ``argument`` (a motion, a dossier): with --db and
    --format."""
    def command(f: Callable[..., None]) -> click.Command:
        return click.command()(click.argument(argument)(_db_option(format_option()(f))))
    return command


def _plain_snippet(s: str, lead: int | None = None) -> str:
    """The snippet as plain text, hits between asterisks; with ``lead``, cut to start ``lead`` characters
    before the first hit (for a table column)."""
    text = html.unescape(s.replace("<mark>", "*").replace("</mark>", "*"))
    if lead is not None:
        first = text.find("*")
        if first > lead:
            cut = text.find(" ", first - lead)
            text = "…" + text[cut if 0 <= cut < first else first - lead:].lstrip()
    return text


@click.command()
@click.argument("paths", nargs=-1, required=True)
@_db_option
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes for analysis (default: number of CPUs).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on standard error (default: on a terminal).")
@click.option("--batch", type=click.IntRange(1, 1_000_000), default=None,
              help="Documents written per transaction (default 500); a batch is stored whole or not at all.")
@dask_option("the analysis")
@format_option(help="Format of the report.")
def ingest(paths: tuple[str, ...], db: str, jobs: int | None, progress: bool | None, batch: int | None,
           dask: str | None, fmt: str) -> None:
    """Ingest files and folders: PDF text, PDF, XML, HTML, analysis records (JSON), Tweede Kamer Zaak records,
    the votes summary, official toezeggingen (official_commitments.json) and deletions (tk/deleted.jsonl).
    A `kamerspoor fetch`/`sync` output folder can be given as it is: its metadata.xml, document.json and
    tk/ entity files are not read as documents. Unchanged files are skipped; bad files (and paths left out,
    with the reason) are listed at the end (exit code 1). A store that cannot be written is refused before any
    file is read; a database that fails on the way (connection lost, disk full) stops the run with the report
    so far and one line saying why (exit code 1); the next run goes on from there. Files are written in
    transactions of --batch documents: a run killed at any moment leaves whole batches, and the next run
    writes the rest."""
    from kamerspoor.ingest import ingest as run
    from kamerspoor.ingest import print_failures
    from kamerspoor.ingest.run import BATCH

    if dask and jobs:
        _fail("--jobs and --dask: give one (--dask runs the analysis on the cluster's workers)")
    store = _open_for_ingest(db, fmt)
    tty = sys.stderr.isatty()
    show = tty if progress is None else progress
    try:
        with dask_client(dask) as client, Progress("ingest", bar=tty, lines=not tty) as bar:
            report = run(store, paths, jobs=jobs, progress=bar.step if show else None,
                         on_total=bar.on_total if show else None, dask=client, batch=batch or BATCH)
    finally:
        store.close()
    d = report.to_dict()
    row = {k: v for k, v in d.items() if k not in ("failed", "skipped_paths", "stopped")}
    row["failed"] = len(report.failed)
    emit(fmt, d, [row])
    if fmt != "json":
        print_failures(report)
    if report.stopped:
        _fail(f"{_where(db)}: ingest stopped: {report.stopped}", code=1)
    if report.failed:
        sys.exit(1)


def _open_for_ingest(db: str, fmt: str) -> Store:
    """The store to ingest into; one that cannot be written even to be opened (a migration pending on a
    read-only store) ends as any unwritable store does: the empty report and one line (exit code 1)."""
    from kamerspoor.ingest import IngestReport

    def stopped(e: StoreNotWritable) -> NoReturn:
        report = IngestReport(stopped=f"the store cannot be written: {e.problem} (nothing was read)")
        d = report.to_dict()
        emit(fmt, d, [{**{k: v for k, v in d.items() if k not in ("failed", "skipped_paths", "stopped")},
                       "failed": 0}])
        _fail(f"{_where(db)}: ingest stopped: {report.stopped}", code=1)

    return _open(db, not_writable=stopped)


def _where(db: str) -> str:
    """The store named in a message (a PostgreSQL URL without its password)."""
    from kamerspoor.dburl import safe_url

    return safe_url(db)


@click.command()
@click.argument("query")
@_db_option
@click.option("--kind", help=", ".join(Kind) + ".")
@click.option("--dossier", help="Kamerstukdossier, e.g. 35207 or 36600-XV.")
@click.option("--since", help="Documents dated on or after YYYY-MM-DD.")
@click.option("--until", help="Documents dated on or before YYYY-MM-DD.")
@click.option("--theme", help="Taxonomy theme id.")
@click.option("--instrument", help="Taxonomy instrument id.")
@click.option("--party", help="A party with a position in the document, or a submitter's fractie.")
@click.option("--submitter", help="A submitter's surname.")
@click.option("--stance", help="A stance in the document's answers (or in answers to the motion).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--semantic", is_flag=True,
              help="Hybrid: bm25 and sentence-embedding similarity fused by reciprocal rank, so other words "
                   "than the document's still find it (run `kamerspoor embed` first).")
@format_option()
def search(query: str, db: str, kind, dossier, since, until, theme, instrument, party, submitter, stance,
           limit: int, page: int, semantic: bool, fmt: str) -> None:
    """Full-text search over paragraphs (Dutch stemming, compound words, bm25 ranking).

    QUERY: words (all must match), "a phrase", OR, -word (leave out), prefix*, (parentheses)."""
    from kamerspoor.store import QuerySyntaxError, SearchFilters

    for name, value in (("--since", since), ("--until", until)):
        if value and not is_date(value, partial=True):
            _fail(f"{name} {value!r}: expected a date YYYY-MM-DD")
    filters = SearchFilters(kind=kind, dossier=dossier, since=since, until=until, theme=theme,
                            instrument=instrument, party=party, submitter=submitter, stance=stance)
    store = _open(db)
    try:
        if semantic:
            from kamerspoor.semantic.embed import EmbeddingError
            from kamerspoor.semantic.hybrid import hybrid_search

            try:
                result = hybrid_search(store, query, filters, limit=limit, offset=(page - 1) * limit)
            except EmbeddingError as e:
                _fail(str(e))
        else:
            result = store.search(query, filters, limit=limit, offset=(page - 1) * limit)
    except QuerySyntaxError as e:
        _fail(str(e))
    finally:
        store.close()
    d = result.to_dict()
    lead = 30 if fmt == "table" else None
    rows = [{**r, "snippet": _plain_snippet(r["snippet"], lead)} for r in d["results"]]
    if fmt == "table":
        click.echo(f"{result.total} paragraph(s); page {page}", err=True)
    emit(fmt, d, rows, ["id", "paragraph", "score", "kind", "date", "snippet"], {"snippet": 100})


@_lookup("motion_id")
def motion(motion_id: str, db: str, fmt: str) -> None:
    """A motion (35207-27 or kst-35207-27): its vote, the motions it replaces, every answer, its commitments."""
    with _open(db) as store:
        m = store.motion(motion_id)
        missing = _missing_motion(store, motion_id, db) if m is None else None
    if m is None:
        if missing is not None and fmt == "json":
            click.echo(json_text({"error": f"motion {motion_id}: not in the store", **missing}))
        _fail(_missing_message(motion_id, missing), 1)
    rows = [{"letter": a["letter"], "date": a["letter_date"], "cites": a["cites"], "stance": a["stance"],
             "evidence": a["evidence"]} for a in m["answers"]]
    if fmt == "table":
        click.echo(_motion_card(m, rows))
    else:
        emit(fmt, m, rows, ANSWER_COLUMNS)


ANSWER_COLUMNS = ["letter", "date", "cites", "stance", "evidence"]
MOTION_LIST_COLUMNS = ["id", "date", "vote", "appreciation", "answer", "answers", "title"]


def _motion_list_row(m: Mapping[str, Any]) -> dict:
    """A motion of the list for table and CSV: its strongest answer as one cell (stance and letter)."""
    best = m.get("strongest")
    if best and best.get("named"):
        answer = f"named in letter {best['letter']} (its text not in this store)"
    else:
        answer = f"{best['stance'] or 'noted'} ({best['letter']})" if best else "no answer in this store"
    return {**m, "answer": answer, "strongest_stance": best["stance"] if best else None,
            "strongest_letter": best["letter"] if best else None}


@click.command()
@_db_option
@click.option("--vote", help="The latest vote's result: aangenomen, verworpen, ...; 'none': no vote known.")
@click.option("--appreciation", help="The cabinet's advice as the Zaak writes it (Ontraden, 'Oordeel Kamer') or its "
                                     "name (oordeel_kamer); 'none': without.")
@click.option("--answer", type=click.Choice(["answered", "named", "none", "any"]),
              help="answered: a letter in the store takes a stance on it; named: letters name it without a stance; "
                   "none: no letter in this store names it (not: the cabinet never answered); any: answered or named.")
@click.option("-q", "--query", help="Words the motion's text contains (the syntax of `kamerspoor search`).")
@click.option("--stance", help="One of its answers takes this stance (executed, already_policy, in_progress, partial, "
                               "declined, noted).")
@click.option("--party", help="A submitter's fractie.")
@ministry_option
@click.option("--dossier", help="Kamerstukdossier, e.g. 35207 or 36600-XV.")
@click.option("--since", help="Motions dated on or after YYYY-MM-DD.")
@click.option("--until", help="Motions dated on or before YYYY-MM-DD.")
@click.option("--sort", default="-date", show_default=True,
              help="date, vote, appreciation, answers or dossier; '-' first for descending.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@format_option()
def motions(db: str, vote, appreciation, answer, query, stance, party, ministry, dossier, since, until, sort: str,
            limit: int, page: int, fmt: str) -> None:
    """Motions in the store, filtered and sorted: words in their text, vote outcome, the cabinet's advice,
    answered or not, a stance of their answers, a submitter's party, ministry, dossier, date. Each with its title (the
    Zaak's subject where known), its vote, advice and strongest answer ("no answer in this store" means no
    letter in this store answers it, not that the cabinet never did).

    Example: kamerspoor motions -q China --vote aangenomen --since 2023-01-01 --until 2025-12-31 --answer answered"""
    from kamerspoor.store import MotionFilters, QuerySyntaxError, StoreError

    for name, value in (("--since", since), ("--until", until)):
        if value and not is_date(value):
            _fail(f"{name} {value!r}: expected a date YYYY-MM-DD")
    f = MotionFilters(dossier=dossier, vote=vote, appreciation=appreciation, answer=answer, stance=stance,
                      party=party, ministry=ministry, since=since, until=until, q=query, sort=sort)
    with _open(db) as store:
        try:
            total, rows = store.motion_list(f, limit, (page - 1) * limit)
        except QuerySyntaxError as e:
            _fail(f"--query {query!r}: {e}")
        except StoreError as e:
            _fail(str(e))
    if fmt == "table":
        click.echo(f"{total} motion(s); page {page}", err=True)
    emit(fmt, {"total": total, "limit": limit, "offset": (page - 1) * limit, "results": rows},
         [_motion_list_row(m) for m in rows],
         MOTION_LIST_COLUMNS if fmt == "table" else [*MOTION_LIST_COLUMNS[:4], "answers", "strongest_stance",
                                                     "strongest_letter", "dossier", "submitters", "title"],
         {"title": 70})


def _missing_motion(store: Any, motion_id: str, db: str) -> dict | None:
    from kamerspoor.verantwoording import missing_motion

    return missing_motion(store, motion_id, f" --db {db}" if db != "kamerspoor.db" else "")


def _missing_message(motion_id: str, missing: Mapping[str, Any] | None) -> str:
    """One line: not in the store, which letters cite it, and how to fetch it."""
    if missing is None:
        return f"motion {motion_id}: not in the store"
    cited = ", ".join(c["letter"] for c in missing["cited_by"])
    related = ", ".join(r["id"] for r in missing["related"])
    return (f"motion {missing['id']}: not in the store"
            + (f"; cited by {cited}" if cited else "; no letter in the store cites it")
            + (f"; related by meaning: {related}" if related else "")
            + f"; fetch it with: {missing['fetch']}")


def _motion_card(m: Mapping[str, Any], answers: list[dict]) -> str:
    """A motion for reading: what it is and asks, its vote, then its answers and commitments as tables."""
    title = m.get("title") or ("" if m["in_store"] else "(not in the store: known from answers, Zaken or motions "
                                                       "that replace it)")
    lines = [f"{m['id']}  {title}".rstrip(),
             f"  submitters: {', '.join(_submitters(m)) or '-'}",
             f"  date:       {m.get('date') or '-'}"]
    for r in m.get("requests") or []:
        lines.append(f"  request:    {cell(r, 100)}")
    if m["replaces"]:
        lines.append(f"  replaces:   {', '.join(m['replaces'])}")
    if m["replaced_by"]:
        lines.append(f"  replaced by: {', '.join(m['replaced_by'])}")
    if m.get("zaak"):
        lines.append(f"  zaak:       {m['zaak']['nummer']} (kabinetsappreciatie: {m['zaak'].get('kabinetsappreciatie') or '-'})")
    lines += vote_lines(m)
    lines.append("")
    named = [x["letter"] for x in m.get("letters") or [] if x["relation"] == "answer" and not x["text_in_store"]]
    if answers:
        lines.append(table(answers, ANSWER_COLUMNS))
    elif named:  # as the motion list and the report say it (store.motions.answer_state: named)
        lines.append(f"answers:    named in the subject of {', '.join(named)} (its text is not in this store)")
    else:
        lines.append("answers:    no answer in this store (a letter that is not in it may still answer the motion)")
    if m["commitments"]:
        lines.append("")
        lines.append("commitments made in answer:")
        lines.append(table([_commitment_row(c) for c in m["commitments"]],
                           _table_columns(m["commitments"], ["doc_id", "idx", "actor", "due", "status", *OFFICIAL_MATCH,
                                                             "text"]), {"text": 60}))
    return "\n".join(lines)


def _submitters(m: Mapping[str, Any]) -> list[str]:
    """The signatories, each with the party they sat for when the store resolved it."""
    parties = m.get("submitter_parties") or []
    if parties:
        return [f"{p['name']} ({p['fractie']})" if p.get("fractie") else p["name"] for p in parties]
    return list(m.get("submitters") or [])


OFFICIAL_MATCH = ["official", "official_status", "official_due"]
COMMITMENT_COLUMNS = ["doc_id", "idx", "letter_date", "actor", "due", "kind", "status", *OFFICIAL_MATCH, "state",
                      "motions", "themes", "context", "text"]
OFFICIAL_COLUMNS = ["number", "made", "due", "status", "status_register", "minister", "matched", "text"]


def _table_columns(commitments: Sequence[Mapping[str, Any]], columns: list[str]) -> list[str]:
    """A table leaves out the official columns when no commitment matched an official one (CSV keeps them)."""
    if any(c.get("official_id") for c in commitments):
        return columns
    return [c for c in columns if c not in OFFICIAL_MATCH]


def _commitment_row(c: Mapping[str, Any], today: str | None = None) -> dict:
    """A commitment for table and CSV: ours, then the matched official one's number, status and due date; its
    state (unknown until the register says otherwise or its due date passes, as the report judges it), the
    motions it answers, the themes of its paragraph and the sentence it refers back to."""
    from kamerspoor.rules.dates import due_by
    from kamerspoor.verantwoording import commitment_state

    return {**c, "official": c.get("official_number") or c.get("official_id"),
            "official_status": c.get("official_status") or c.get("official_status_register"),
            "state": commitment_state(c.get("official_status"), due_by(c.get("due")) or c.get("official_due"),
                                      today or date.today().isoformat()),
            "motions": " ".join(c.get("motions") or []), "themes": " ".join(c.get("themes") or [])}


def _official_row(o: Mapping[str, Any]) -> dict:
    return {**o, "status_register": o.get("status_official"),
            "matched": " ".join(f"{m['doc_id']}#{m['idx']}" for m in o.get("matched") or [])}


@click.command()
@_db_option
@click.option("--official", is_flag=True,
              help="List the official register of toezeggingen instead (with the commitments matched to each).")
@click.option("--open", "open_only", is_flag=True, help="Only commitments still open (Openstaand or unknown).")
@click.option("--overdue", is_flag=True, help="Only open commitments past their due date.")
@click.option("--dossier", help="Only commitments in letters of this dossier.")
@click.option("--today", help="Date to judge overdue against (YYYY-MM-DD, default today).")
@format_option()
def commitments(db: str, official: bool, open_only: bool, overdue: bool, dossier: str | None, today: str | None,
                fmt: str) -> None:
    """Commitments (toezeggingen) made in the letters, each beside the official toezegging of the Kamer's
    register that is the same promise (its number, status and due date), when one matched.

    With --official: the register's toezeggingen, each with the letters' commitments matched to it."""
    if today and not is_date(today):
        _fail(f"--today {today!r}: expected a date YYYY-MM-DD")
    if official and dossier:
        _fail("--dossier does not apply to --official (the register does not name a dossier)")
    with _open(db) as store:
        if official:
            rows: Sequence[Mapping[str, Any]] = store.official_commitments(open_only=open_only, overdue=overdue,
                                                                           today=today)
        else:
            rows = store.commitments(open_only=open_only, overdue=overdue, today=today, dossier=dossier)
    if official:
        emit(fmt, rows, [_official_row(o) for o in rows], OFFICIAL_COLUMNS, {"text": 80})
        if not rows and fmt == "table" and not (open_only or overdue):
            click.echo("kamerspoor: no official toezeggingen in the store (kamerspoor sync --entity Toezegging, "
                       "then ingest official_commitments.json)", err=True)
    else:
        columns = _table_columns(rows, COMMITMENT_COLUMNS) if fmt == "table" else COMMITMENT_COLUMNS
        day = today or date.today().isoformat()
        emit(fmt, rows, [_commitment_row(c, day) for c in rows], columns, {"text": 80, "context": 40})


@_lookup("dossier")
def dossier(dossier: str, db: str, fmt: str) -> None:
    """Timeline of a Kamerstukdossier: its documents by date, what each answers, votes."""
    with _open(db) as store:
        d = store.dossier(dossier)
    rows = []
    for doc in d["documents"]:
        vote = doc.get("vote")
        rows.append({"date": doc["date"], "id": doc["id"], "kind": doc["kind"], "title": doc["title"],
                     "answers": ", ".join(f"{a['motion']}:{a['stance']}" for a in doc["answers"] if a["motion"]),
                     "answered_in": ", ".join(f"{a['letter']}:{a['stance']}" for a in doc["answered_in"]),
                     "vote": vote_text(vote),
                     "commitments": doc["commitments"]})
    if not rows and fmt == "table":
        click.echo(f"dossier {d['dossier']}: no documents in the store", err=True)
    emit(fmt, d, rows, ["date", "id", "kind", "title", "answers", "answered_in", "vote", "commitments"])


@click.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv"]), default="json", show_default=True,
              help="json: one list of records; jsonl: one record per line; csv: one row per document.")
def export(db: str, fmt: str) -> None:
    """The whole record: every document's analysis record with its links (votes, answers)."""
    with _open(db) as store:
        if fmt == "csv":
            click.echo(csv_text(store.export_rows()))
        elif fmt == "jsonl":
            emit_lines(store.export())
        else:
            emit_list(store.export())


@click.command()
@_db_option
@format_option()
def stats(db: str, fmt: str) -> None:
    """Counts: documents by kind, motions, answers, commitments, votes."""
    with _open(db) as store:
        s = store.stats()
    rows = [{"what": k, "count": v} for k, v in s.items() if not isinstance(v, dict)]
    rows += [{"what": f"documents: {k}", "count": v} for k, v in s["documents_by_kind"].items()]
    emit(fmt, s, rows, ["what", "count"])


@click.command()
@_db_option
def reindex(db: str) -> None:
    """Compute the search index of every paragraph again (a store opened by a newer kamerspoor is reindexed
    by itself when its word normaliser changed; this forces it)."""
    with _open(db) as store:
        n = store.reindex(force=True, progress=lambda msg: click.echo(f"kamerspoor: {msg}", err=True))
    click.echo(f"kamerspoor: {n} paragraph(s) reindexed", err=True)


#: The store's commands, added to the main ``kamerspoor`` group by :mod:`kamerspoor.cli`.
COMMANDS: tuple[click.Command, ...] = (ingest, search, motion, motions, commitments, dossier, export, stats, reindex)
