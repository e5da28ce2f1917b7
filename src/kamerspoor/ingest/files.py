"""Which files an ingest reads: named files as they are, folders walked for the types a handler reads.

Hidden files and folders are left out, and so are the files of a ``kamerspoor fetch``/``sync`` output folder
that are not for ingest (metadata.xml, document.json, the entity files under ``tk/``): the fetch package
knows its own layout (``kamerspoor.fetch.layout_role``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kamerspoor.ingest.report import IngestReport


def find_files(paths: Iterable[str | Path], report: IngestReport | None = None) -> list[tuple[str, str | None]]:
    """(absolute path, problem) for every file to ingest: named files as they are, folders walked for the
    types a handler reads (or files with a role in the fetch layout). A path that does not exist comes back
    with its problem; the files of a folder left out are counted in ``report.skipped``."""
    from kamerspoor.fetch import is_tk_folder, layout_role
    from kamerspoor.ingest.handlers import suffixes

    known = suffixes()

    out: list[tuple[str, str | None]] = []
    seen: set[str] = set()

    def add(f: Path) -> None:
        key = str(f.resolve())
        if key not in seen:
            seen.add(key)
            out.append((key, None))

    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in _walk(path, is_tk_folder):
                role = layout_role(f)
                if role != "skip" and (role is not None or f.suffix.lower() in known):
                    add(f)
                elif report is not None:
                    report.skipped += 1
        elif path.is_file():
            add(path)
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
