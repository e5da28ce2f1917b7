"""Metadata stored beside a file: the ``metadata.xml`` of a publication's XML.

officielebekendmakingen serves a publication's metadata as a file of its own, and ``kamerspoor fetch`` stores
it beside the XML (``kst/<kst-id>/metadata.xml``); some publications carry only a link to it. A row of the
table of readers names the lookup its format has; the reader merges what it finds under the file's own.
"""

from __future__ import annotations

import os

from kamerspoor.model import InputError
from kamerspoor.read.bounded import file_bytes
from kamerspoor.read.metadata import Metas, collect_metas
from kamerspoor.read.official_xml import parse_xml

#: Largest metadata.xml read (bytes): the file is a few kilobytes; a larger one is not read (and ignored).
MAX_METADATA_BYTES = 2_000_000


def _metadata_limit(head: bytes, name: str) -> int:
    return MAX_METADATA_BYTES


def metadata_beside(path: str | os.PathLike[str]) -> Metas:
    """The <meta> fields of a ``metadata.xml`` (or ``<stem>.metadata.xml``) next to ``path``; none when
    there is no such file or it is damaged (that never stops the document itself from being read).
    (Plain ``os.path``: this runs for every XML file read, and pathlib's objects cost more than the look.)"""
    name = os.fspath(path)
    folder, base = os.path.split(name)
    for candidate in (os.path.join(folder, "metadata.xml"),
                      os.path.join(folder, f"{os.path.splitext(base)[0]}.metadata.xml")):
        if candidate == name or not os.path.isfile(candidate):
            continue
        try:
            root = parse_xml(file_bytes(candidate, candidate, _metadata_limit), candidate)
        except InputError:
            return {}
        # <metadata name content> as the repository writes metadata.xml (<metadata_gegevens>), <meta> in copies
        return collect_metas(m for m in root.iter() if isinstance(m.tag, str)
                             and (m.tag.endswith("meta") or (m.tag.endswith("metadata") and m.get("name"))))
    return {}
