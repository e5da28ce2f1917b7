"""Which files an ingest reads: named files as they are, folders walked for the types a handler reads.

A path that cannot be read comes back with its problem, under its own name (a dangling link as the link, not
its target): a path that does not exist, a FIFO, socket or device (never opened: a FIFO would wait for ever),
a folder that cannot be read. What a walked folder holds that is not for ingest is left out, and each path
left out is said to the report with the reason: hidden files and folders, links to folders (not followed:
they may loop), files of other types, and the files of a ``kamerspoor fetch``/``sync`` output folder that
are not documents (metadata.xml, document.json, the Toezegging records and indexes under ``tk/``; the entity
records of votes, persons and letters are read): the fetch package knows its own layout
(``kamerspoor.fetch.layout_role``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kamerspoor.ingest.report import IngestReport


def find_files(paths: Iterable[str | Path], report: IngestReport | None = None) -> list[tuple[str, str | None]]:
    """(path, problem) for every file to ingest: named files as they are, folders walked for the types a
    handler reads (or files with a role in the fetch layout). Files to read come back as their resolved path,
    each once, with problem None; a path that cannot be read as it was found, with its problem. Paths left
    out on purpose go to ``report.skip`` with the reason."""
    from kamerspoor.fetch import is_tk_folder
    from kamerspoor.read import not_a_file

    report = report if report is not None else IngestReport()
    out: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f, problem in _walk(path, is_tk_folder, report):
                if problem:
                    out.append((f, problem))
                else:
                    _add(Path(f), out, seen)
            continue
        problem = not_a_file(path)
        if problem:
            out.append((str(p), "no such file or folder" if problem == "no such file" else problem))
        else:
            _add(path, out, seen)
    return out


def _add(path: Path, out: list[tuple[str, str | None]], seen: set[str]) -> None:
    key = str(path.resolve())
    if key not in seen:
        seen.add(key)
        out.append((key, _name_problem(key)))


def _name_problem(path: str) -> str | None:
    """A file name that is not UTF-8 (bytes the file system keeps as they were written) cannot be a document's
    source in the store, which keeps names as text: said as the file's problem, not failed later as a bug."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8 (rename the file to ingest it)"
    return None


def _walk(root: Path, is_tk_folder: Callable[[Path], bool], report: IngestReport) -> Iterator[tuple[str, str | None]]:
    """(path, problem) of the files under ``root`` to ingest, in sorted order; a folder that cannot be read
    comes back with its problem. What is left out on purpose is said to ``report`` (see the module)."""
    from kamerspoor.fetch import layout_role
    from kamerspoor.ingest.handlers import suffixes
    from kamerspoor.read import not_a_file

    known = suffixes()
    unreadable: list[tuple[str, str]] = []

    def folder_error(e: OSError) -> None:
        unreadable.append((os.path.abspath(e.filename or root), f"folder not read: {e.strerror or e}"))

    for folder, dirs, files in os.walk(root, onerror=folder_error):
        yield from unreadable
        unreadable.clear()
        here = Path(folder)
        dirs[:] = _folders_to_walk(here, dirs, is_tk_folder(here), report)
        for name in sorted(files):
            f = here / name
            why = _left_out(f, name, known, layout_role)
            if why:
                report.skip(f, why)
                continue
            problem = not_a_file(f)
            yield (os.path.abspath(f), problem) if problem else (str(f), None)
    yield from unreadable


def _folders_to_walk(here: Path, dirs: list[str], tk: bool, report: IngestReport) -> list[str]:
    """The subfolders of ``here`` to walk, in sorted order; the others said to ``report``."""
    from kamerspoor.fetch import TK_INGESTED

    walked = []
    for d in sorted(dirs):
        if d.startswith("."):
            report.skip(here / d, "hidden folder")
        elif (here / d).is_symlink():
            report.skip(here / d, "link to a folder (not followed)")
        elif tk and d not in TK_INGESTED:
            report.skip(here / d, "entity records of a synced tk/ folder that ingest does not read")
        else:
            walked.append(d)
    return walked


def _left_out(f: Path, name: str, known: tuple[str, ...], layout_role: Callable[[Path], str | None]) -> str | None:
    """Why a file inside a folder is not for ingest, or None."""
    if name.startswith("."):
        return "hidden file"
    role = layout_role(f)
    if role == "skip":
        return "part of a fetch or sync folder that is not a document (metadata, index or second format)"
    if role is None and f.suffix.lower() not in known:
        return f"not a kind of file kamerspoor reads ({f.suffix or 'no suffix'})"
    return None
