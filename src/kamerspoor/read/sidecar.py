"""Metadata stored beside a file: the ``metadata.xml`` of a publication's XML.

officielebekendmakingen serves a publication's metadata as a file of its own, and ``kamerspoor fetch`` stores
it beside the XML (``kst/<kst-id>/metadata.xml``); some publications carry only a link to it. A row of the
table of readers names the lookup its format has; the reader merges what it finds under the file's own.

The lookup runs for every XML file read, and an ingest reads a folder's files one after another: the names of
the metadata files in a folder are listed once per folder (again when the folder changes: its modification
time), and a metadata file is parsed once (again when it changes), both in caches bounded in bytes. A folder
or file changed in the last two seconds is not cached: a file system's clock ticks coarsely, so a change right
after the listing could leave the modification time as it was.
"""

from __future__ import annotations

import os
import time

from kamerspoor.bytecache import ByteLRU
from kamerspoor.model import InputError
from kamerspoor.read.bounded import file_bytes
from kamerspoor.read.metadata import Metas, collect_metas
from kamerspoor.read.official_xml import parse_xml

#: Largest metadata.xml read (bytes): the file is a few kilobytes; a larger one is not read (and ignored).
MAX_METADATA_BYTES = 2_000_000
_SUFFIX = "metadata.xml"
_SETTLED_NS = 2_000_000_000  # a modification time this far in the past is trusted to show the next change
_FOLDERS = ByteLRU(2_000_000)  # folder -> (its mtime_ns, the names of the metadata files in it)
_PARSED = ByteLRU(4_000_000, lambda v: 200 * (1 + sum(len(x) for x in v[2].values())))  # path -> (mtime, size, Metas)


def _metadata_limit(head: bytes, name: str) -> int:
    return MAX_METADATA_BYTES


def metadata_beside(path: str | os.PathLike[str]) -> Metas:
    """The <meta> fields of a ``metadata.xml`` (or ``<stem>.metadata.xml``) next to ``path``; none when
    there is no such file or it is damaged (that never stops the document itself from being read)."""
    name = os.fspath(path)
    folder, base = os.path.split(name)
    present = _metadata_files(folder)
    if not present:
        return {}
    for candidate in (_SUFFIX, f"{os.path.splitext(base)[0]}.{_SUFFIX}"):
        full = os.path.join(folder, candidate)
        if candidate in present and full != name:
            return _metas_of(full)
    return {}


def _metadata_files(folder: str) -> frozenset[str]:
    """The regular files in ``folder`` whose names end in ``metadata.xml`` (listed once while it is unchanged)."""
    where = folder or "."
    try:
        mtime = os.stat(where).st_mtime_ns
    except OSError:
        return frozenset()
    cached = _FOLDERS.get(folder)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    try:
        with os.scandir(where) as entries:
            names = frozenset(e.name for e in entries if e.name.endswith(_SUFFIX) and e.is_file())
    except OSError:
        names = frozenset()
    if _settled(mtime):
        _FOLDERS.put(folder, (mtime, names))
    return names


def _metas_of(path: str) -> Metas:
    """The fields of one metadata file (parsed once while it is unchanged); none when it is damaged."""
    try:
        st = os.stat(path)
        cached = _PARSED.get(path)
        if cached is not None and cached[:2] == (st.st_mtime_ns, st.st_size):
            metas = cached[2]
        else:
            root = parse_xml(file_bytes(path, path, _metadata_limit), path)
            # <metadata name content> as the repository writes metadata.xml (<metadata_gegevens>), <meta> in copies
            metas = collect_metas(m for m in root.iter() if isinstance(m.tag, str)
                                  and (m.tag.endswith("meta") or (m.tag.endswith("metadata") and m.get("name"))))
            if _settled(st.st_mtime_ns):
                _PARSED.put(path, (st.st_mtime_ns, st.st_size, metas))
    except (InputError, OSError):
        return {}
    return {key: list(values) for key, values in metas.items()}


def _settled(mtime_ns: int) -> bool:
    return time.time_ns() - mtime_ns > _SETTLED_NS
