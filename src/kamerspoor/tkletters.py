"""Cabinet letters from the Tweede Kamer's open data: a ``Document`` of Soort "Brief regering" -> letter metadata,
and the motions its subject names.

The open data holds the metadata of every cabinet letter (``../shared/corpus/tk-2023-2025/documenten/``, and what
``kamerspoor sync`` writes under ``tk/Document/``): DocumentNummer, Titel (the dossier's title), Onderwerp (the
letter's own subject), Datum, Vergaderjaar, Volgnummer, and, when expanded, the kst id of its publication. The text
is not there: a letter read from open data is a letter "without text" until ``fetch`` brings it.

Its subject often names the motion it is about (the patterns live in ``rules/subjects.py``):

- by number: each ``NamedMotion`` with ``how == "number"`` has dossier and number; a number given "t.v.v." is that
  of the motion a modified motion replaces (``replaced``), so the modified motion is the one whose Zaak names it so;
- by member and subject: ``how == "member_subject"``, the members as cited and the words after "over", for matching
  against a motion Zaak's Onderwerp ("Motie van het lid X over Y") later;
- ``relation``: "appreciatie" when the subject gives the cabinet's advice before the vote ("Appreciatie motie ..."),
  "answer" when it reports on the motion after (uitvoering, reactie, afdoening, ...). Advice is not an answer.

Kamerstukken the subject names by number outside any motion (``cited``) are kept apart: they may be motions, which
only the store can tell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from kamerspoor.model import InputError
from kamerspoor.rules import identifiers, subjects
from kamerspoor.rules.citations import dossier_key, iter_citations
from kamerspoor.tkapi import load_json
from kamerspoor.tkapi import odata_str as _s

BRIEF_REGERING = "Brief regering"


@dataclass(frozen=True)
class NamedMotion:
    how: str  # "number" or "member_subject"
    dossier: str | None = None
    number: int | None = None
    members: tuple[str, ...] = ()  # as cited: "Inge van Dijk", "Van Campen"
    cosigners: bool = False  # "c.s.": moved with others
    about: str | None = None  # the words after "over"
    modified: bool = False  # "gewijzigde motie"
    replaced: bool = False  # the number came "t.v.v.": it is the motion the named modified motion replaces
    relation: str = "answer"  # or "appreciatie": advice before the vote
    text: str = ""  # the mention as written

    @property
    def kst_id(self) -> str | None:
        return identifiers.kst_id(self.dossier, self.number)


@dataclass
class LetterSubject:
    text: str
    motions: list[NamedMotion] = field(default_factory=list)
    cited: list[tuple[str, int]] = field(default_factory=list)  # Kamerstukken by number, outside a motion
    advice: bool = False  # the subject gives advice on motions before the vote (named or not)

    @property
    def by_number(self) -> list[NamedMotion]:
        return [m for m in self.motions if m.how == "number"]

    @property
    def by_member_subject(self) -> list[NamedMotion]:
        return [m for m in self.motions if m.how == "member_subject"]


def _relation(text: str, before: int) -> str:
    """"appreciatie" when the last cue before a mention is one of advice, else "answer"."""
    advice = [m.end() for m in subjects.APPRECIATIE.finditer(text, 0, before)]
    answer = [m.end() for m in subjects.ANSWER.finditer(text, 0, before)]
    return "appreciatie" if advice and (not answer or advice[-1] > answer[-1]) else "answer"


def _numbers(text: str, start: int, end: int) -> list[tuple[int, str, int, bool]]:
    """(position, dossier, number, t.v.v.) of every Kamerstuk named by number in ``text[start:end]``."""
    found: dict[tuple[str, int], tuple[int, str, int, bool]] = {}
    for m in subjects.NUMBER.finditer(text, start, end):
        key = (dossier_key(m.group("dossier")), int(m.group("number")))
        found.setdefault(key, (m.start(), *key, bool(m.group("tvv"))))
    for c in iter_citations(text[start:end]):
        key = (c.dossier, c.number)
        tvv = bool(subjects.TVV_BEFORE.search(text[max(0, start + c.start - 30):start + c.start]))
        found.setdefault(key, (start + c.start, *key, tvv))
    return sorted(found.values())


def _movers(after: str, plural: bool) -> tuple[tuple[str, ...], bool, int]:
    """The members named right after a motion word, whether with "c.s.", and where the names end."""
    m = subjects.MOVERS.match(after) or (None if plural else subjects.MOVER_BARE.match(after))
    if not m:
        return (), False, 0
    names = m.group("names").strip()
    cs = bool(subjects.COSIGNERS.search(names))
    names = subjects.COSIGNERS.sub("", names)
    return tuple(n.strip() for n in subjects.NAME_SPLIT.split(names) if n.strip()), cs, m.end()


def _mention(text: str, m: re.Match, end: int) -> tuple[list[NamedMotion], list[tuple[int, str, int, bool]]]:
    """The motions one mention names (from the motion word to the next one) and the numbers it used."""
    relation = _relation(text, m.start())
    members, cs, names_end = _movers(text[m.end():end], m.group("plural").lower() == "moties")
    rest = m.end() + names_end
    abouts = [(a.start() + rest, a.group("about").strip(" ,;")) for a in subjects.ABOUT.finditer(text[rest:end])]
    numbers = _numbers(text, m.start(), end)
    base = NamedMotion("number", members=members, cosigners=cs, modified=bool(m.group("modified")),
                       relation=relation, text=text[m.start():end].strip(" ,;"))
    out = []
    for pos, dossier, number, tvv in numbers:
        about = next((a for start, a in reversed(abouts) if start < pos), abouts[0][1] if abouts else None)
        out.append(replace(base, dossier=dossier, number=number, about=about, replaced=tvv))
    if not numbers and members:  # without a mover, "moties over X" names no motion in particular
        for _, about in abouts or [(0, None)]:
            out.append(replace(base, how="member_subject", about=about))
    return out, numbers


def _outer_mentions(text: str) -> list[re.Match]:
    """The motion words that start a mention of their own: one inside the subject of the mention before it
    ("... over het uitvoeren van de motie-X ...", with no number in between) is part of that one."""
    out: list[re.Match] = []
    for m in subjects.MOTION_WORD.finditer(text):
        if out:
            prev = out[-1]
            between = text[prev.end():m.start()]
            _, _, names_end = _movers(between, prev.group("plural").lower() == "moties")
            inside_about = bool(re.search(r"\bover\b", between[names_end:]))
            if inside_about and not _numbers(text, prev.end(), m.start()) and not subjects.NEW_ITEM.search(between):
                continue
        out.append(m)
    return out


def read_subject(onderwerp: str | None) -> LetterSubject:
    """The motions a letter's subject names, how, and whether it gives advice before the vote."""
    text = " ".join((onderwerp or "").split())
    result = LetterSubject(text=text)
    mentions = _outer_mentions(text)
    used: set[tuple[str, int]] = set()
    for i, m in enumerate(mentions):
        end = mentions[i + 1].start() if i + 1 < len(mentions) else len(text)
        motions, numbers = _mention(text, m, end)
        result.motions += motions
        used |= {(d, n) for _, d, n, _ in numbers}
        result.advice = result.advice or _relation(text, m.start()) == "appreciatie"
    for _, dossier, number, _ in _numbers(text, 0, len(text)):
        if (dossier, number) not in used:
            result.cited.append((dossier, number))
    return result


# -- Document records ------------------------------------------------------------------------------------------

@dataclass
class Brief:
    """A cabinet letter as the open data describes it (no text)."""

    id: str
    nummer: str | None  # DocumentNummer, "2025D01234"
    onderwerp: str | None
    titel: str | None = None  # the dossier's title
    datum: date | None = None
    vergaderjaar: str | None = None
    volgnummer: int | None = None
    kst_id: str | None = None  # HuidigeDocumentVersie.ExterneIdentifier, when expanded
    subject: LetterSubject = field(default_factory=lambda: LetterSubject(""))

    @property
    def advice(self) -> bool:
        return self.subject.advice


def read_brief(record: dict, where: str | None = None) -> Brief:
    """One OData Document record of Soort "Brief regering" -> Brief; InputError for anything else."""
    if not isinstance(record, dict) or not _s(record.get("Id")):
        raise InputError(where, "a Document record must be an object with an Id")
    if _s(record.get("Soort")) != BRIEF_REGERING:
        raise InputError(where, f"Document {record['Id']} is a {record.get('Soort')!r}, not a {BRIEF_REGERING!r}")
    try:
        datum = date.fromisoformat(str(record["Datum"])[:10]) if record.get("Datum") else None
    except ValueError:
        raise InputError(where, f"Document {record['Id']}: Datum is not a date: {record['Datum']!r}") from None
    versie = record.get("HuidigeDocumentVersie") if isinstance(record.get("HuidigeDocumentVersie"), dict) else {}
    ext = _s((versie or {}).get("ExterneIdentifier"))
    volgnummer = record.get("Volgnummer")
    return Brief(id=str(record["Id"]).lower(), nummer=_s(record.get("DocumentNummer")),
                 onderwerp=_s(record.get("Onderwerp")), titel=_s(record.get("Titel")), datum=datum,
                 vergaderjaar=_s(record.get("Vergaderjaar")),
                 volgnummer=volgnummer if isinstance(volgnummer, int) else None,
                 kst_id=ext if ext and ext.startswith("kst-") else None, subject=read_subject(record.get("Onderwerp")))


def read_brieven(source: str | Path | dict | list) -> tuple[list[Brief], int]:
    """A page or list of Document records (or one record) -> (the cabinet letters, how many records were
    another Soort or deleted and were left out)."""
    where = None
    if isinstance(source, str | Path):
        where = str(source)
        source = load_json(source)
    records: Any = source["value"] if isinstance(source, dict) and isinstance(source.get("value"), list) else source
    if isinstance(records, dict):
        records = [records]
    if not isinstance(records, list):
        raise InputError(where, "expected Document records: an object with a 'value' list, a list, or one record")
    out, skipped = [], 0
    for i, r in enumerate(records):
        if not isinstance(r, dict) or r.get("Verwijderd") is True or r.get("Soort") != BRIEF_REGERING:
            skipped += 1
            continue
        out.append(read_brief(r, f"{where} record {i}" if where else f"record {i}"))
    return out, skipped


def iter_brieven(paths: Iterable[str | Path]) -> Iterable[Brief]:
    for p in paths:
        yield from read_brieven(p)[0]
