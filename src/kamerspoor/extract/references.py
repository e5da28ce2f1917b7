"""Every Kamerstuk a document cites, in its body and in its footnotes.

The citation patterns themselves live in :mod:`kamerspoor.rules.citations`.
"""

from __future__ import annotations

from kamerspoor.rules.citations import iter_citations
from kamerspoor.rules.identifiers import motion_key


def _own_key(own: tuple | None) -> str | None:
    if not own or len(own) < 2:
        return None
    return motion_key(own[0], own[1])


def find_references(text: str, own: tuple | None = None, footnotes: list[dict] | None = None) -> list[dict]:
    """The Kamerstukken cited in ``text`` and in the footnote texts.

    Each reference is ``{"dossier": "35207", "number": 29, "text": "Kamerstuk 35 207, nr. 29", "start": 1234}``;
    one entry per occurrence (a citation naming several numbers gives one entry per number). References found
    in a footnote have ``"start": None`` and ``"in_footnote": <marker>``. ``own`` = (dossier, number) of the
    document itself, which is never its own reference.
    """
    skip = _own_key(own)
    refs: list[dict] = []
    seen: set[tuple] = set()

    def add(c, start, marker=None) -> None:
        if f"{c.dossier}-{c.number}" == skip:
            return
        key = (c.dossier, c.number, start if marker is None else (marker, c.start))
        if key in seen:
            return
        seen.add(key)
        ref = {"dossier": c.dossier, "number": c.number, "text": c.text, "start": start}
        if marker is not None:
            ref["in_footnote"] = marker
        refs.append(ref)

    for c in iter_citations(text or ""):
        add(c, c.start)
    for note in footnotes or []:
        body = note.get("text") if isinstance(note, dict) else getattr(note, "text", None)
        marker = note.get("marker") if isinstance(note, dict) else getattr(note, "marker", None)
        if not body:
            continue
        for c in iter_citations(body):
            add(c, None, str(marker) if marker is not None else "")
    return refs
