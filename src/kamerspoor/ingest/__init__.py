"""Ingest: files, folders and uploads into the store. The application between the analysis record and the
store: it recognises each input, turns it into rows, writes them, and does what needs both ends in the
store (matching commitments to the official register, linking answers to motions named by submitter).

- What is read (:mod:`kamerspoor.ingest.handlers`, one handler per kind, recognised by one table): PDF text
  (``.txt``), PDF, officielebekendmakingen XML and HTML (through the pipeline), analysis records as JSON (a
  record, a list of records, or JSON lines, e.g. ``kamerspoor analyze --format jsonl``), Tweede Kamer Zaak
  records (``zaken/*.json``), the votes summary (``motion_votes_summary.json``), the official toezeggingen
  (``official_commitments.json``) and the deletions of Tweede Kamer open data (``tk/deleted.jsonl``). Folders
  are walked recursively; files of other types in them are skipped (and counted), and so are the files of a
  ``kamerspoor fetch``/``sync`` output folder that are not documents (``kamerspoor.fetch.layout_role``).
- Idempotent: a file whose bytes have not changed since it was ingested is not read again; a record whose
  content has not changed is not written again; a new version replaces the old one (same document id), and
  documents a new version of a file no longer yields are removed.
- One transaction per file (with the note of the file it came from), so a run killed at any moment leaves
  whole documents only, and the next run picks up where it stopped.
- Never stops on a bad file: every failure is collected as (file, reason) in the report.
- Analysis runs in worker processes (``jobs``); the store is written by this process only.

    from kamerspoor.ingest import ingest, put_record
    report = ingest(store, ["../shared/corpus"], jobs=2)     # IngestReport
    put_record(store, record)                                 # one analysis record: "added", ...
"""

from __future__ import annotations

from typing import Any, NamedTuple

from kamerspoor.ingest.files import find_files
from kamerspoor.ingest.handlers import (
    DOCUMENT_SUFFIXES,
    HANDLERS,
    JSON_SUFFIXES,
    Handler,
    recognise,
    write_documents,
)
from kamerspoor.ingest.links import resolve_links
from kamerspoor.ingest.opendata import resolve_open_data
from kamerspoor.ingest.report import IngestReport, print_failures
from kamerspoor.ingest.run import Prepared, ingest, prepare, write
from kamerspoor.record import Record, from_json
from kamerspoor.store import Store
from kamerspoor.store.rows import document_rows


def put_record(store: Store, record: Record | dict, source: str | None = None) -> str:
    """Store one analysis record (its commitments matched to the official ones): "added", "replaced" (a new
    version) or "unchanged"; a dict is checked first (``kamerspoor.record.from_json``). ``source`` (where it
    came from) names a document without an official id."""
    typed = record if isinstance(record, Record) else from_json(record, source)
    return write_documents(store, [document_rows(typed, source)], kind="document").statuses[0]


class Uploaded(NamedTuple):
    id: str
    status: str  # "added", "replaced" or "unchanged"
    linked: int  # answers linked to their motion by submitter after it


def upload(store: Store, path: str, source: str) -> Uploaded:
    """Analyse one document file (an upload) and store it, then link what it answers; ``source`` names it
    (``upload:<file name>``). InputError when the file cannot be analysed."""
    from kamerspoor.model import InputError
    from kamerspoor.pipeline import analyze_path

    try:
        record = analyze_path(path)
    except RecursionError:
        raise InputError(path, "document nested too deeply to analyze") from None
    rows = document_rows(record, source)
    status = write_documents(store, [rows], kind="document").statuses[0]
    linked = resolve_links(store)
    resolve_open_data(store)
    return Uploaded(rows.id, status, linked)


_MATCHING = ("apply_deletions", "match_letter", "put_official_commitments")


def __getattr__(name: str) -> Any:
    """The matching functions of :mod:`kamerspoor.ingest.officials`, imported when first asked for (numpy and
    the register's word lists stay out of processes that never match)."""
    if name in _MATCHING:
        from kamerspoor.ingest import officials

        return getattr(officials, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ingest", "put_record", "put_official_commitments", "apply_deletions", "resolve_links", "match_letter",
           "upload", "Uploaded", "find_files", "prepare", "write", "Prepared", "IngestReport", "print_failures", "Handler", "HANDLERS",
           "recognise", "write_documents", "JSON_SUFFIXES", "DOCUMENT_SUFFIXES"]
