"""Which ministry owns a stored row: a document, an answer, a commitment, a Zaak, an official commitment.

The ministry is stored with the row (its stable id from ``rules/ministries.yaml``: ``bz``, ``jenv``), so that
everything can be grouped by ministry without resolving names at read time. The facts and the resolver are
:mod:`kamerspoor.rules.ministries`; this module only decides which field of which row to ask, in order:

- a letter (or any document that is not a motion): the ministries its title line names ("BRIEF VAN DE
  MINISTER VAN BUITENLANDSE ZAKEN"), else its signature, else the ministry its own commitments' actors name
  most often ("de minister van Buitenlandse Zaken zal ..."), else the budget chapter of its dossier;
- a motion: the budget chapter of its dossier ("36600-XVII": Buitenlandse Handel en
  Ontwikkelingshulp belongs to BZ); a motion on another dossier has no ministry of its own. The ministry a
  motion is *addressed to*, as the report groups and the motion list filters it, is :func:`of_motion`: its
  Zaak's, else its own, else the latest letter's that answers or names it, else the one that signs most
  letters of its dossier;
- an answer: the ministry of the letter that gives it;
- a commitment: the office its actor names ("de staatssecretaris van ...") , else the letter's ministry;
- a Zaak: its owners among the open data's actors, else the budget chapter of its motion, else its Titel (the
  dossier's title: "Vaststelling van de begrotingsstaten van het Ministerie van Defensie ...");
- an official commitment (the register): its ``ministry`` field (the register's Ministerie), else its
  ``function`` (the minister's title).

Pure functions of plain values: :mod:`kamerspoor.store.rows` calls them when it makes rows at ingest, and
:meth:`kamerspoor.store.derived.Derived.fill_derived` calls them for rows written before the column existed.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from kamerspoor.errors import InputError
from kamerspoor.rules import ministries as M

MOTION_KINDS = ("motie",)
UNKNOWN = "onbekend"  # as a filter: the rows whose ministry is not known


def version() -> str:
    """Changes when the ministries' data or these rules change: the stored ministries are computed again."""
    data = M.DATA_PATH.read_bytes()
    return "owners-1:" + hashlib.sha1(data).hexdigest()[:12]


def _first(found: Iterable[M.Resolved]) -> str | None:
    for r in found:
        return r.id
    return None


@lru_cache(maxsize=4096)
def _title(title: str, on: str | None) -> str | None:
    return _first(M.resolve_title(title, on))


def of_actor(actor: str | None, on: str | None) -> str | None:
    """The ministry an actor names: "de minister van Buitenlandse Zaken" -> bz; "het kabinet" -> None."""
    return _title(actor, on) if actor else None


def of_dossier(dossier: str | None, on: str | None = None) -> str | None:
    found = M.resolve_dossier(dossier, on) if dossier else None
    return found.id if found else None


def of_document(kind: str, title: str | None, text: str | None, on: str | None, dossier: str | None,
                actors: Iterable[str | None] = ()) -> str | None:
    """The ministry of a document (see the module's docstring); ``actors``: its commitments' actors."""
    if kind in MOTION_KINDS:
        return of_dossier(dossier, on)
    found = _first(M.resolve_letter(title, text, on))
    if found:
        return found
    named = Counter(m for m in (of_actor(a, on) for a in actors) if m)
    if named:
        return named.most_common(1)[0][0]
    return of_dossier(dossier, on)


def of_commitment(actor: str | None, on: str | None, letter: str | None) -> str | None:
    return of_actor(actor, on) or letter


@lru_cache(maxsize=8192)
def _subject(text: str, on: str | None) -> str | None:
    return _first(M.resolve_subject(text, on))


def of_zaak(actors: Iterable[Mapping[str, Any]] | None, document_id: str | None, titel: str | None,
            on: str | None) -> str | None:
    """The ministry of a Zaak (a motion's): its owning actors, the budget chapter of its motion, its Titel."""
    found = _first(M.resolve_actors(actors, on)) if actors else None
    return found or of_dossier(document_id, on) or (_subject(titel, (on or "")[:10] or None) if titel else None)


def of_motion(zaak: str | None, document: str | None, letters: Iterable[str | None],
              dossier: str | None) -> tuple[str | None, str | None]:
    """(the ministry a motion is addressed to, where that was read: "zaak", "letter", "dossier" or None): its
    Zaak's ministry (actors, budget chapter, title) or its own (its dossier's budget chapter); else the first of
    ``letters`` (the ministries of the letters that answer or name it, the latest first); else ``dossier`` (the
    ministry that signs most letters of its dossier). The report (kamerspoor.verantwoording) and the motion
    list (``store.motion_list``, ``--ministry``) both decide by this."""
    if zaak or document:
        return zaak or document, "zaak"
    for m in letters:
        if m:
            return m, "letter"
    return (dossier, "dossier") if dossier else (None, None)


def ministry_id(value: str) -> str:
    """A ministry as a filter gives it (an id such as ``bz``, a name or an abbreviation, of any time; or
    ``onbekend`` for rows without one) -> its id; an InputError (one line) when it names no ministry."""
    v = " ".join((value or "").split())
    if v == UNKNOWN or known(v):
        return v
    found = M.resolve_name(v) if v else None
    if found is None:
        raise InputError(None, f"ministry {value!r}: not a ministry (an id such as bz, a name or an abbreviation)")
    return found.id


def of_official(ministry: str | None, function: str | None, on: str | None) -> str | None:
    """The ministry of an official commitment of the register."""
    found = M.resolve_name(ministry, on) if ministry else None
    if found is None and function:
        return of_actor(function, on)
    return found.id if found else None


def name(ministry_id: str | None, on: str | None = None) -> str | None:
    """The ministry's name (of the time, when ``on`` is given): bz -> "Buitenlandse Zaken"."""
    if not ministry_id:
        return None
    try:
        return M.table().ministry(ministry_id).name_on(M._day(on)).name
    except KeyError:
        return ministry_id


def abbreviation(ministry_id: str | None) -> str | None:
    if not ministry_id:
        return None
    try:
        return M.table().ministry(ministry_id).current.abbreviation
    except KeyError:
        return ministry_id


def known(ministry_id: str) -> bool:
    return ministry_id in M.table().ministries
