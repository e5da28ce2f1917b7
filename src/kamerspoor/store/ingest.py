"""Files and folders into the store.

- What is read: PDF text (``.txt``), PDF, officielebekendmakingen XML and HTML (through the pipeline), analysis
  records as JSON (a record, a list of records, or JSON lines, e.g. ``kamerspoor analyze --format jsonl``),
  Tweede Kamer Zaak records (``zaken/*.json``), the votes summary (``motion_votes_summary.json``), the official
  toezeggingen (``official_commitments.json``) and the deletions of Tweede Kamer open data
  (``tk/deleted.jsonl``). Folders are walked recursively; files of other types in them are skipped (and
  counted), and so are the files of a ``kamerspoor fetch``/``sync`` output folder that are not documents
  (metadata.xml, document.json, the entity files under ``tk/``: ``kamerspoor.fetch.layout_role``).
- Idempotent: a file whose bytes have not changed since it was ingested is not read again; a record whose
  content has not changed is not written again; a new version replaces the old one (same document id), and
  documents a new version of a file no longer yields are removed.
- One transaction per document (with the note of the file it came from), so a run killed at any moment
  leaves whole documents only, and the next run picks up where it stopped.
- Never stops on a bad file: every failure is collected as (file, reason) in the report.
- Analysis runs in worker processes (``jobs``); the store is written by this process only.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from kamerspoor.model import InputError
from kamerspoor.record import from_json
from kamerspoor.store.base import Store
from kamerspoor.store.rows import DocumentRows, ZaakRows, document_rows, vote_rows, zaak_rows

DOCUMENT_SUFFIXES = (".txt", ".pdf", ".xml", ".html", ".htm")
JSON_SUFFIXES = (".json", ".jsonl")


@dataclass
class IngestReport:
    files: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    removed: int = 0
    zaken: int = 0
    votes: int = 0
    officials: int = 0  # official commitments added or changed
    deleted: int = 0  # Zaken and official commitments removed because Tweede Kamer open data deleted them
    skipped: int = 0  # files of unknown type inside folders
    failed: list[tuple[str, str]] = field(default_factory=list)
    linked: int = 0
    seconds: float = 0.0
    bytes: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict:
        return {"files": self.files, "added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
                "removed": self.removed, "zaken": self.zaken, "votes": self.votes, "officials": self.officials,
                "deleted": self.deleted, "skipped": self.skipped,
                "linked": self.linked, "failed": [{"file": f, "reason": r} for f, r in self.failed],
                "seconds": round(self.seconds, 2), "bytes": self.bytes}


def find_files(paths: Iterable[str | Path], report: IngestReport | None = None) -> list[tuple[str, str | None]]:
    """(absolute path, problem) for every file to ingest: named files as they are, folders walked for known
    types. A path that does not exist comes back with its problem."""
    from kamerspoor.fetch import is_tk_folder, layout_role

    out: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in _walk(path, is_tk_folder):
                role = layout_role(f)
                if role != "skip" and (role is not None or f.suffix.lower() in DOCUMENT_SUFFIXES + JSON_SUFFIXES):
                    key = str(f.resolve())
                    if key not in seen:
                        seen.add(key)
                        out.append((key, None))
                elif report is not None:
                    report.skipped += 1
        elif path.is_file():
            key = str(path.resolve())
            if key not in seen:
                seen.add(key)
                out.append((key, None))
        else:
            out.append((str(p), "no such file or folder"))
    return out


def _walk(root: Path, is_tk_folder: Callable[[Path], bool]) -> Iterator[Path]:
    """The files under ``root`` in sorted order, leaving out hidden files and folders and the entity folders
    of a synced ``tk/`` folder (thousands of records that are not for ingest)."""
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = [] if is_tk_folder(here) else sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield here / name


# -- preparing (in worker processes) -------------------------------------------------------------------------

@dataclass
class Prepared:
    path: str
    digest: str | None = None
    size: int = 0
    kind: str = "document"  # document | records | zaak | votes | officials | deletions | unchanged | failed
    documents: list[DocumentRows] = field(default_factory=list)
    zaak: ZaakRows | None = None
    votes: list[tuple] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)  # official commitments, or deletions
    problem: str | None = None


def _json_lines(data: bytes, path: str) -> list:
    out = []
    for i, line in enumerate(data.decode("utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise InputError(path, f"not valid JSON: {e.msg}", i) from None
    return out


def _from_json(path: str, data: bytes, prep: Prepared) -> None:
    from kamerspoor.fetch import DELETED_LOG, OFFICIAL_COMMITMENTS
    from kamerspoor.store.officials import check_officials, is_official_list
    from kamerspoor.store.tk import check_deletions, is_deletions, is_votes_summary, is_zaak

    try:
        obj = _json_lines(data, path) if path.endswith(".jsonl") else json.loads(data)
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise InputError(path, f"not valid JSON: {e.msg}", e.lineno) from None
    name = Path(path).name
    if name == OFFICIAL_COMMITMENTS or is_official_list(obj):
        prep.kind = "officials"
        prep.items = check_officials(obj, path)
    elif name == DELETED_LOG or is_deletions(obj):
        prep.kind = "deletions"
        prep.items = check_deletions(obj, path)
    elif is_zaak(obj):
        prep.kind = "zaak"
        prep.zaak = zaak_rows(obj, name=path)
    elif is_votes_summary(obj):
        prep.kind = "votes"
        prep.votes = vote_rows(path)
    elif isinstance(obj, dict) and isinstance(obj.get("document"), dict):
        prep.documents = [document_rows(from_json(obj, path), path)]
    elif isinstance(obj, list) and obj and all(isinstance(x, dict) and isinstance(x.get("document"), dict)
                                                for x in obj):
        prep.kind = "records"
        prep.documents = [document_rows(from_json(x, path, at=f"[{i}]"), f"{path}#{i}") for i, x in enumerate(obj)]
    else:
        raise InputError(path, "JSON that is neither an analysis record, a Zaak, a votes summary, official "
                               "commitments nor a log of deletions")


def prepare(path: str, known_digest: str | None = None) -> Prepared:
    """Read and analyse one file into rows; never raises (a failure comes back as kind "failed")."""
    prep = Prepared(path)
    try:
        try:
            data = Path(path).read_bytes()
        except OSError as e:
            raise InputError(path, f"cannot read file: {e.strerror or e}") from None
        prep.size = len(data)
        prep.digest = hashlib.sha256(data).hexdigest()
        if prep.digest == known_digest:
            prep.kind = "unchanged"
            return prep
        if not data.strip():
            from kamerspoor.fetch import DELETED_LOG

            if Path(path).name != DELETED_LOG:
                raise InputError(path, "empty file")
            prep.kind = "deletions"  # no deletions yet
            return prep
        if path.lower().endswith(JSON_SUFFIXES):
            _from_json(path, data, prep)
        else:
            from kamerspoor.pipeline import analyze_path

            prep.documents = [document_rows(analyze_path(path), path)]
    except InputError as e:
        prep.kind, prep.problem = "failed", (e.problem if e.line is None else f"line {e.line}: {e.problem}")
    except RecursionError:
        prep.kind, prep.problem = "failed", "document nested too deeply to analyze"
    except Exception as e:  # one bad file must not stop the run: report it and go on
        prep.kind, prep.problem = "failed", f"could not be analysed ({type(e).__name__}: {e})"
    return prep


def _prepare_args(args: tuple[str, str | None]) -> Prepared:
    return prepare(*args)


def _warm() -> None:
    """Load what every worker needs before forking, so the workers share it."""
    from kamerspoor.store import dutch

    dutch.vocabulary()
    dutch.lemma_table()
    try:
        import kamerspoor.pipeline  # noqa: F401
    except Exception:
        pass


def prepared(tasks: list[tuple[str, str | None]], jobs: int) -> Iterator[Prepared]:
    if jobs <= 1 or len(tasks) < 4:
        for t in tasks:
            yield _prepare_args(t)
        return
    import multiprocessing as mp

    _warm()
    method = "fork" if "fork" in mp.get_all_start_methods() else None
    ctx = mp.get_context(method)
    with ctx.Pool(jobs) as pool:
        yield from pool.imap_unordered(_prepare_args, tasks, chunksize=8)


# -- writing -------------------------------------------------------------------------------------------------

def write(store: Store, prep: Prepared, report: IngestReport) -> None:
    """Write one prepared file in one transaction and count the outcome."""
    report.bytes += prep.size
    if prep.kind == "failed":
        report.failed.append((prep.path, prep.problem or "failed"))
        return
    if prep.kind == "unchanged":
        report.unchanged += len(prep.documents) or 1
        return
    try:
        if prep.kind == "zaak" and prep.zaak is not None:
            status = store.put_zaak(prep.zaak, prep.path, prep.digest)
            report.zaken += status in ("added", "replaced")
            report.unchanged += status == "unchanged"
            report.deleted += status == "deleted"
            return
        if prep.kind == "votes":
            report.votes += store.put_votes(prep.votes, prep.path, prep.digest)
            return
        if prep.kind == "officials":
            counts = store.put_official_commitments(prep.items, prep.path, prep.digest)
            report.officials += counts["added"] + counts["replaced"]
            report.unchanged += counts["unchanged"]
            report.deleted += counts["removed"]
            return
        if prep.kind == "deletions":
            report.deleted += store.apply_deletions(prep.items, prep.path, prep.digest)
            return
        if prep.kind == "records":
            statuses = store.put_documents(prep.documents, prep.path, prep.digest)
        else:
            statuses = [store.put_document(prep.documents[0], prep.path, prep.digest)]
        for s in statuses:
            setattr(report, s, getattr(report, s) + 1)
    except Exception as e:  # a database refusing one document is reported, the run goes on
        report.failed.append((prep.path, f"could not be stored ({type(e).__name__}: {e})"))


def ingest(store: Store, paths: Iterable[str | Path], jobs: int | None = None,
           progress: Callable[[int], None] | None = None, on_total: Callable[[int], None] | None = None,
           optimize: bool = True) -> IngestReport:
    """Ingest files and folders into ``store``; returns the report (``report.failed`` lists bad files)."""
    t0 = time.perf_counter()
    report = IngestReport()
    found = find_files(paths, report)
    tasks = []
    for path, problem in found:
        if problem:
            report.failed.append((path, problem))
        else:
            tasks.append((path, store.file_hash(path)))
    report.files = len(found)
    if on_total:
        on_total(len(tasks))
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    for prep in prepared(tasks, jobs):
        write(store, prep, report)
        if progress:
            progress(1)
    report.removed = getattr(store, "_removed", 0)
    report.linked = store.resolve_links()
    if optimize and (report.added or report.replaced):
        store.optimize()
    report.seconds = time.perf_counter() - t0
    return report


def print_failures(report: IngestReport, file: TextIO | None = None) -> None:
    file = file or sys.stderr
    if report.failed:
        print(f"{len(report.failed)} file(s) failed:", file=file)
        for path, reason in report.failed:
            print(f"  {path}: {reason}", file=file)
