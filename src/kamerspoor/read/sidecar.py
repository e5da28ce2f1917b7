"""Metadata stored beside a file: the ``metadata.xml`` of a publication's XML.

officielebekendmakingen serves a publication's metadata as a file of its own, and ``kamerspoor fetch`` stores
it beside the XML (``kst/<kst-id>/metadata.xml``); some publications carry only a link to it. A row of the
table of readers names the lookup its format has; the reader merges what it finds under the file's own.
"""

from __future__ import annotations

from pathlib import Path

from kamerspoor.model import InputError
from kamerspoor.read.metadata import Metas, collect_metas
from kamerspoor.read.official_xml import parse_xml


def metadata_beside(path: Path) -> Metas:
    """The <meta> fields of a ``metadata.xml`` (or ``<stem>.metadata.xml``) next to ``path``; none when
    there is no such file or it is damaged (that never stops the document itself from being read)."""
    for candidate in (path.parent / "metadata.xml", path.with_name(f"{path.stem}.metadata.xml")):
        if candidate == path or not candidate.is_file():
            continue
        try:
            root = parse_xml(candidate.read_bytes(), str(candidate))
        except (InputError, OSError):
            return {}
        # <metadata name content> as the repository writes metadata.xml (<metadata_gegevens>), <meta> in copies
        return collect_metas(m for m in root.iter() if isinstance(m.tag, str)
                             and (m.tag.endswith("meta") or (m.tag.endswith("metadata") and m.get("name"))))
    return {}
