"""Semantic commands: ``embed`` (vectors for everything ingested) and ``answers MOTION_ID`` (where has this
motion been answered?). ``search --semantic`` uses :func:`kamerspoor.semantic.hybrid_search`.

Like the store's commands: ``--db`` (SQLite file, default ``kamerspoor.db`` or $KAMERSPOOR_DB, or a
``postgresql://`` URL), ``--format table|json|csv``, output on standard output, messages and the progress bar
on standard error. Exit codes: 0 ok, 1 nothing found, 2 bad input.
"""

from __future__ import annotations

import sys

import click

from kamerspoor.clioutput import Progress, emit, format_option
from kamerspoor.cliutil import dask_client, dask_option
from kamerspoor.cliutil import db_option as _db_option
from kamerspoor.cliutil import fail as _fail
from kamerspoor.cliutil import open_db as _open


@click.command()
@_db_option
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["paragraph", "request", "consideration"]),
              help="Embed only these kinds of text (repeatable; default all three).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on standard error (default: on a terminal).")
@dask_option("the model")
@format_option(help="Format of the report.")
def embed(db: str, kinds: tuple[str, ...], progress: bool | None, dask: str | None, fmt: str) -> None:
    """Compute sentence embeddings for every ingested paragraph and every motion's requests and
    considerations (multilingual-e5-small, on the CPU, no download). Only documents that are new, changed or
    embedded with another model are embedded; an interrupted run goes on where it stopped. At the end the
    index that queries read is built (a memory-mapped matrix, an HNSW graph for large stores)."""
    from kamerspoor.semantic.embed import EmbeddingError
    from kamerspoor.semantic.index import build_index, embed_store, index_stats

    store = _open(db)
    show = sys.stderr.isatty() if progress is None else progress
    try:
        with dask_client(dask) as client, Progress("embed", bar=show) as bar:
            embedder = _cluster_embedder(client) if client else None
            report = embed_store(store, kinds=kinds or None, embedder=embedder, progress=bar.step,
                                 on_total=bar.on_total)
        build_index(store)  # the memory-mapped matrix and the graph that queries read, built now, not at a query
        stats = index_stats(store)
    except EmbeddingError as e:
        _fail(str(e))
    finally:
        store.close()
    d = {**report.to_dict(), "index": stats}
    row = {k: v for k, v in report.to_dict().items() if k not in ("kinds",)}
    row["vectors"] = stats["vectors"]
    row["vector_mb"] = round(stats["vector_bytes"] / 1e6, 1)
    emit(fmt, d, [row], ["documents", "up_to_date", "texts", "embedded", "seconds", "texts_per_second",
                         "vectors", "vector_mb"])


def _cluster_embedder(client):
    from kamerspoor.distributed import ClusterEmbedder, ClusterError
    from kamerspoor.semantic.embed import DIM, get_embedder

    try:
        return ClusterEmbedder(client, get_embedder, DIM)
    except ClusterError as e:
        _fail(str(e))


@click.command()
@click.argument("motion_id")
@_db_option
@click.option("--limit", type=click.IntRange(1, 200), default=10, show_default=True,
              help="How many suggestions by meaning (cited answers are always all shown).")
@click.option("--min-score", type=click.FloatRange(-1, 1), default=None,
              help="Leave out suggestions by meaning below this cosine similarity.")
@format_option()
def answers(motion_id: str, db: str, limit: int, min_score: float | None, fmt: str) -> None:
    """Candidate answers to a motion (35207-24 or kst-35207-24) in every ingested letter, ranked: answers that
    cite it by number first, then those that name its submitters, then paragraphs close in meaning
    (suggestions; run `kamerspoor embed` first)."""
    from kamerspoor.semantic.answers import MotionNotFound, candidate_answers
    from kamerspoor.semantic.embed import EmbeddingError

    store = _open(db)
    try:
        result = candidate_answers(store, motion_id, limit=limit, min_score=min_score)
    except MotionNotFound as e:
        _fail(str(e), 1)
    except EmbeddingError as e:
        _fail(str(e))
    finally:
        store.close()
    rows = [{**r, "why": "; ".join(r["why"])} for r in (c.to_dict() for c in result.candidates)]
    if fmt == "table":
        click.echo(f"{result.motion_id}  {result.title or ''}".rstrip())
        click.echo(f"  {len([c for c in result.candidates if c.how != 'meaning'])} cited, "
                   f"{len([c for c in result.candidates if c.how == 'meaning'])} suggestion(s) by meaning")
    emit(fmt, result.to_dict(), rows, ANSWER_COLUMNS)
    if fmt != "table":
        return
    for note in result.notes:
        click.echo(f"kamerspoor: note: {note}", err=True)
    if not result.candidates:
        sys.exit(1)


ANSWER_COLUMNS = ["rank", "letter", "date", "paragraph", "how", "score", "stance", "why", "text"]

#: The semantic commands, added to the main ``kamerspoor`` group by :mod:`kamerspoor.cli`.
COMMANDS: tuple[click.Command, ...] = (embed, answers)
