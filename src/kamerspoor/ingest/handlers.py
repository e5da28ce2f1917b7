"""One handler per kind of input, and the table that recognises a file's kind.

A handler says how a file of its kind is recognised (its file name, its type, or the shape of its JSON),
turns it into rows in a worker process (``prepare``: pure, picklable results, an ``InputError`` for bad
input) and writes the rows in the ingesting process (``write``: one transaction, counted in the report).
``HANDLERS`` is the table: a file named like one handler's files is that handler's; otherwise a JSON file is
the first handler's whose ``shape`` it has, and any other file a document for the pipeline. A new kind of
input is one handler and one row in ``HANDLERS``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from kamerspoor import tkapi
from kamerspoor.fetch import DELETED_LOG, OFFICIAL_COMMITMENTS
from kamerspoor.ingest.report import IngestReport
from kamerspoor.model import InputError
from kamerspoor.read import SUFFIXES
from kamerspoor.record import from_json
from kamerspoor.store import Store
from kamerspoor.store.documents import DocumentsWritten, FileDocuments
from kamerspoor.store.rows import DocumentRows, document_rows, vote_rows, zaak_rows

JSON_SUFFIXES = (".json", ".jsonl")
DOCUMENT_SUFFIXES = SUFFIXES  # the table of readers says which file types are documents


class Handler:
    """One kind of input. Subclasses set the class attributes and implement ``prepare`` and ``write``."""

    name: ClassVar[str]  # the files table's kind of the file
    description: ClassVar[str]  # what it is, for messages ("a Zaak")
    names: ClassVar[frozenset[str]] = frozenset()  # file names that are this input whatever their content
    suffixes: ClassVar[tuple[str, ...]] = JSON_SUFFIXES  # file types read when a folder is walked
    empty_ok: ClassVar[bool] = False  # an empty file (of one of ``names``) is this input with nothing in it

    def shape(self, obj: Any) -> bool:
        """Whether a parsed JSON value is this input."""
        return False

    def prepare(self, path: str, content: Any) -> Any:
        """The rows to write (in a worker process): ``content`` is the parsed JSON (None for an empty file);
        raises InputError for bad input."""
        raise NotImplementedError

    def write(self, store: Store, rows: Any, path: str, digest: str | None, report: IngestReport) -> None:
        """Write the rows of one file in one transaction and count the outcome."""
        raise NotImplementedError

    def write_many(self, store: Store, files: list[tuple[Any, str, str | None]], report: IngestReport) -> None:
        """Write several files of this kind, each (rows, path, digest), in the caller's transaction."""
        for rows, path, digest in files:
            self.write(store, rows, path, digest, report)


def write_documents(store: Store, many: list[DocumentRows], path: str | None = None, digest: str | None = None,
                    kind: str = "records") -> DocumentsWritten:
    """Documents of one file in one transaction, each new or changed letter's commitments matched against the
    official ones; the status of each document and how many the file no longer yields were removed."""
    return write_files(store, [FileDocuments(many, path, digest, kind)])[0]


def write_files(store: Store, files: list[FileDocuments]) -> list[DocumentsWritten]:
    """:func:`write_documents` for several files, in one transaction (the store inserts them table by table)."""
    if not any(rows.commitments for f in files for rows in f.documents):  # nothing to match
        return store.put_files(files)
    from kamerspoor.ingest.officials import match_letter  # numpy: loaded when a letter promises something

    with store.transaction():
        written = store.put_files(files)
        for f, w in zip(files, written, strict=True):
            for rows, status in zip(f.documents, w.statuses, strict=True):
                if status != "unchanged" and rows.commitments:
                    match_letter(store, rows.id)
    return written


def _count(written: DocumentsWritten, report: IngestReport) -> None:
    for status in written.statuses:  # added, replaced, unchanged
        setattr(report, status, getattr(report, status) + 1)
    report.removed += written.removed


class DocumentFile(Handler):
    """A Kamerstuk as PDF text, PDF, officielebekendmakingen XML or HTML: analysed by the pipeline."""

    name = "document"
    description = "a document"
    suffixes = DOCUMENT_SUFFIXES

    def prepare(self, path: str, content: Any) -> list[DocumentRows]:
        from kamerspoor.pipeline import analyze_path

        return [document_rows(analyze_path(path), path)]

    def write(self, store: Store, rows: list[DocumentRows], path: str, digest: str | None,
              report: IngestReport) -> None:
        _count(write_documents(store, rows, path, digest, self.name), report)

    def write_many(self, store: Store, files: list[tuple[Any, str, str | None]], report: IngestReport) -> None:
        for written in write_files(store, [FileDocuments(rows, path, digest, self.name) for rows, path, digest in files]):
            _count(written, report)


class RecordJSON(Handler):
    """Analysis records as JSON: one record, a list of them, or JSON lines (``kamerspoor analyze --format
    jsonl``)."""

    name = "records"
    description = "an analysis record"
    suffixes = JSON_SUFFIXES

    def shape(self, obj: Any) -> bool:
        return _is_record(obj) or (isinstance(obj, list) and bool(obj) and all(_is_record(x) for x in obj))

    def prepare(self, path: str, content: Any) -> tuple[str, list[DocumentRows]]:
        """("document", its rows) for one record, ("records", their rows) for a list."""
        if isinstance(content, dict):
            return "document", [document_rows(from_json(content, path), path)]
        return "records", [document_rows(from_json(x, path, at=f"[{i}]"), f"{path}#{i}") for i, x in enumerate(content)]

    def write(self, store: Store, rows: tuple[str, list[DocumentRows]], path: str, digest: str | None,
              report: IngestReport) -> None:
        kind, many = rows
        _count(write_documents(store, many, path, digest, kind), report)

    def write_many(self, store: Store, files: list[tuple[Any, str, str | None]], report: IngestReport) -> None:
        for written in write_files(store, [FileDocuments(many, path, digest, kind)
                                           for (kind, many), path, digest in files]):
            _count(written, report)


def _is_record(obj: Any) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("document"), dict)


class ZaakJSON(Handler):
    """A Tweede Kamer Zaak (OData JSON), linked to its motion by the kst id of its document."""

    name = "zaak"
    description = "a Zaak"

    def shape(self, obj: Any) -> bool:
        return isinstance(obj, dict) and "Nummer" in obj and "Soort" in obj

    def prepare(self, path: str, content: Any) -> Any:
        """The Zaak's rows, and the votes of its Besluiten when ``kamerspoor sync`` expanded their Stemming rows."""
        from kamerspoor.ingest.opendata import zaak_votes

        return zaak_rows(content, name=path), zaak_votes(content, path)

    def write(self, store: Store, rows: Any, path: str, digest: str | None, report: IngestReport) -> None:
        from kamerspoor.ingest.opendata import write_votes

        zaak, votes = rows
        with store.transaction():
            status = store.put_zaak(zaak, path, digest)
            if votes is not None and status in ("added", "replaced"):
                report.add("votes_counted", write_votes(store, votes, None, None))
        report.zaken += status in ("added", "replaced")
        report.unchanged += status == "unchanged"
        report.deleted += status == "deleted"


class VotesSummary(Handler):
    """The votes summary (``motion_votes_summary.json``): outcome and totals per Zaak."""

    name = "votes"
    description = "a votes summary"

    def shape(self, obj: Any) -> bool:
        return (isinstance(obj, list) and bool(obj) and isinstance(obj[0], dict) and "motion_number" in obj[0]
                and ("vote_totals" in obj[0] or "final_status" in obj[0]))

    def prepare(self, path: str, content: Any) -> list[tuple]:
        return vote_rows(tkapi.read_votes_summary(path))

    def write(self, store: Store, rows: list[tuple], path: str, digest: str | None, report: IngestReport) -> None:
        report.votes += store.put_votes(rows, path, digest)


class OfficialCommitments(Handler):
    """The register's toezeggingen as ``kamerspoor sync`` writes them (``official_commitments.json``)."""

    name = "officials"
    description = "official commitments"
    names = frozenset({OFFICIAL_COMMITMENTS})
    SOURCE = "tk:Toezegging"

    def shape(self, obj: Any) -> bool:
        return (isinstance(obj, list) and bool(obj)
                and all(isinstance(x, dict) and x.get("source") == self.SOURCE for x in obj))

    def prepare(self, path: str, content: Any) -> list[dict]:
        return check_officials(content, path)

    def write(self, store: Store, rows: list[dict], path: str, digest: str | None, report: IngestReport) -> None:
        from kamerspoor.ingest.officials import put_official_commitments

        counts = put_official_commitments(store, rows, path, digest)
        report.officials += counts["added"] + counts["replaced"]
        report.unchanged += counts["unchanged"]
        report.deleted += counts["removed"]


def check_officials(obj: Any, path: str | None = None) -> list[dict]:
    """The official commitments of an ``official_commitments.json``; InputError naming the item otherwise."""
    if not isinstance(obj, list):
        raise InputError(path, "official commitments must be a JSON list")
    for i, o in enumerate(obj):
        if not isinstance(o, dict):
            raise InputError(path, f"item {i}: not an object")
        if not isinstance(o.get("id"), str) or not o["id"].strip():
            raise InputError(path, f"item {i}: official commitment without an id")
        if not isinstance(o.get("text"), str) or not o["text"].strip():
            raise InputError(path, f"item {i} ({o['id']}): official commitment without a text")
        bad = [key for key in ("made", "due") if o.get(key) is not None and not isinstance(o[key], str)]
        if bad:
            raise InputError(path, f"item {i} ({o['id']}): {bad[0]} must be a date YYYY-MM-DD")
    return obj


class Deletions(Handler):
    """The log of deletions ``kamerspoor sync`` writes (``tk/deleted.jsonl``: ``{"entity", "id",
    "ApiGewijzigdOp"}`` per line); empty until open data deletes something."""

    name = "deletions"
    description = "a log of deletions"
    names = frozenset({DELETED_LOG})
    empty_ok = True

    def shape(self, obj: Any) -> bool:
        return (isinstance(obj, list) and bool(obj)
                and all(isinstance(x, dict) and "entity" in x and "id" in x and "document" not in x for x in obj))

    def prepare(self, path: str, content: Any) -> list[dict]:
        return [] if content is None else check_deletions(content, path)

    def write(self, store: Store, rows: list[dict], path: str, digest: str | None, report: IngestReport) -> None:
        from kamerspoor.ingest.officials import apply_deletions

        report.deleted += apply_deletions(store, rows, path, digest)


def check_deletions(obj: Any, path: str | None = None) -> list[dict]:
    """The deletions of a log, each ``{"entity", "id", "ApiGewijzigdOp"}``; InputError naming the line otherwise."""
    if not isinstance(obj, list):
        raise InputError(path, "a log of deletions must hold one JSON object per line")
    for i, d in enumerate(obj, 1):
        if not isinstance(d, dict):
            raise InputError(path, "not an object", i)
        for key in ("entity", "id"):
            if not isinstance(d.get(key), str) or not d[key].strip():
                raise InputError(path, f"deletion without {key!r}", i)
        stamp = d.get("ApiGewijzigdOp")
        if stamp is not None and not isinstance(stamp, str):
            raise InputError(path, "ApiGewijzigdOp must be a timestamp", i)
    return obj


# Tweede Kamer open data beyond the Zaak (Stemming rows, persons and parties, cabinet letters): their handlers live
# with the links made after a run (kamerspoor.ingest.opendata), which imports Handler from here
from kamerspoor.ingest.opendata import LettersJSON, PersonsJSON, StemmingJSON  # noqa: E402

# The table: JSON shapes are tried in this order; DocumentFile takes every file that is not JSON.
HANDLERS: tuple[Handler, ...] = (RecordJSON(), ZaakJSON(), VotesSummary(), StemmingJSON(), PersonsJSON(),
                                 LettersJSON(), OfficialCommitments(), Deletions(), DocumentFile())


@lru_cache(maxsize=8)
def _by_name(table: tuple[Handler, ...]) -> dict[str, Handler]:
    return {h.name: h for h in table}


def handler(name: str) -> Handler:
    """The handler called ``name``."""
    return _by_name(HANDLERS)[name]


def suffixes() -> tuple[str, ...]:
    """The file types some handler reads (a walked folder's other files are skipped)."""
    return tuple(dict.fromkeys(s for h in HANDLERS for s in h.suffixes))


def recognise(path: str, data: bytes) -> tuple[Handler, Any]:
    """The handler of a file with content ``data``, and what its ``prepare`` takes (the parsed JSON, or None);
    InputError for an empty file, bad JSON, or JSON of no known shape."""
    name = Path(path).name
    named = next((h for h in HANDLERS if name in h.names), None)
    if not data.strip():
        if named is None or not named.empty_ok:
            raise InputError(path, "empty file")
        return named, None
    if not path.lower().endswith(JSON_SUFFIXES):
        return named or handler(DocumentFile.name), None
    obj = load_json(path, data)
    found = named or next((h for h in HANDLERS if h.shape(obj)), None)
    if found is None:
        kinds = [h.description for h in HANDLERS if set(h.suffixes) & set(JSON_SUFFIXES)]
        raise InputError(path, f"JSON that is neither {', '.join(kinds[:-1])} nor {kinds[-1]}")
    return found, obj


def load_json(path: str, data: bytes) -> Any:
    """A JSON file's value; a ``.jsonl`` file is a list of its lines' values."""
    try:
        if path.lower().endswith(".jsonl"):
            return _json_lines(data, path)
        return json.loads(data)
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise InputError(path, f"not valid JSON: {e.msg}", e.lineno) from None


def _json_lines(data: bytes, path: str) -> list[Any]:
    out = []
    for i, line in enumerate(data.decode("utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise InputError(path, f"not valid JSON: {e.msg}", i) from None
    return out
