"""Which ministry a document, an answer or a commitment belongs to: the ministries as data, and one resolver.

The facts are ``ministries.yaml`` next to this module: every Dutch ministry since 2008 under a stable id with its
names through time (Justitie -> Veiligheid en Justitie -> Justitie en Veiligheid; EZ -> EL&I -> EZ -> EZK -> EZ
beside KGG; LNV, merged into EZ from 2010 to 2017, then LVVN), the titles of ministers without a ministry of
their own and of state secretaries who sign by portfolio, and the budget chapters. Nothing here names a ministry
itself; a new cabinet is a few lines of data.

Why one resolver for several inputs: a letter names its signer in its title line ("BRIEF VAN DE MINISTER VOOR
KLIMAAT EN ENERGIE") and signature; the Kamer's open data in an actor's ``Functie`` ("minister van Justitie en
Veiligheid"); the toezeggingen register in ``Ministerie`` ("Justitie en Veiligheid", or a short "Landbouw"); a
Brief regering's metadata only in free text ("Vaststelling van de begrotingsstaten van het Ministerie van
Defensie (X)"). All of them are the same names, matched the same way:

- :func:`resolve_title`: a title line, a signature or a ``Functie``. A name counts only after an office word
  (minister, staatssecretaris, ministerie, ...), so a committee ("de vaste commissie voor Infrastructuur en
  Waterstaat") names no ministry. Several signers give several ministries, in order, once each.
- :func:`resolve_name`: a bare name or abbreviation as a register or actor field holds it ("JenV", "Ministerie
  van OCW", "Landbouw"); falls back to :func:`resolve_title` for a field that holds a whole title.
- :func:`resolve_subject`: free text: names after the office words and after budget words (begrotingsstaten,
  jaarverslag, departement), and abbreviations anywhere.
- :func:`resolve_dossier`: a budget dossier's chapter ("36600-XVII" -> BZ).
- :func:`resolve_letter`: a letter's title, else the signatures at the end of its text.

The date decides: a name that meant two ministries in turn ("Volkshuisvesting en Ruimtelijke Ordening" was a
minister without a ministry at BZK in 2022-2024 and is a ministry since 2024-07-02; "Asiel en Migratie" a state
secretary of JenV, then a ministry) resolves to the one of its time, and the answer carries the ministry's name
of that time ("Economische Zaken en Klimaat" in 2023, "Economische Zaken" in 2025, one id ``ez``). A title used
outside its period (a late letter of a past office) resolves to the nearest period; without a date the latest
meaning wins. Names are matched whole, longest first, ignoring case, commas and runs of white space.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from kamerspoor.model import InputError
from kamerspoor.rules import rulefile
from kamerspoor.rules.identifiers import TO_HYPHEN
from kamerspoor.rules.letter import SIGNATURE

DATA_PATH = Path(__file__).with_name("ministries.yaml")
_MINISTERIE_VAN = re.compile(r"^(?:het\s+)?ministerie\s+(?:van|voor)\s+(?:het\s+)?", re.IGNORECASE)
_MINISTER_PRESIDENT = re.compile(r"(?<![\w-])minister-president(?![\w-])", re.IGNORECASE)
_CHAPTER = re.compile(r"(?<!\d)\d{2}\s?\d{3}(?:\s?-\s?|\s)(?P<chapter>[IVXL]{1,5}[AB]?)(?![\w])")


@dataclass(frozen=True)
class Period:
    """When something held: a ministry's name, an office's title, a ministry's whole existence (``until``:
    exclusive; None: open at that end)."""

    start: date | None = None
    until: date | None = None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.until is None or day < self.until)

    def distance(self, day: date) -> int:
        """Days from ``day`` to this period (0 inside it)."""
        if self.covers(day):
            return 0
        if self.start is not None and day < self.start:
            return (self.start - day).days
        return (day - self.until).days + 1 if self.until is not None else 0


@dataclass(frozen=True)
class Name:
    """One official name of a ministry, with its abbreviation and the period it was the name."""

    name: str
    abbreviation: str
    period: Period = Period()


@dataclass(frozen=True)
class Ministry:
    id: str
    names: tuple[Name, ...]
    variants: tuple[str, ...] = ()
    note: str = ""

    @property
    def current(self) -> Name:
        """Its latest name."""
        return self.names[-1]

    @property
    def lifetime(self) -> Period:
        """Its whole existence as one period (for a variant, which has no period of its own)."""
        starts = [n.period.start for n in self.names]
        untils = [n.period.until for n in self.names]
        return Period(None if None in starts else min(s for s in starts if s is not None),
                      None if None in untils else max(u for u in untils if u is not None))

    def name_on(self, day: date | None) -> Name:
        """The name of the time: the name whose period holds ``day``, else the nearest one; the latest without
        a date."""
        if day is None:
            return self.current
        return min(self.names, key=lambda n: (n.period.distance(day), -self.names.index(n)))


@dataclass(frozen=True)
class Resolved:
    """A ministry found in a text: its stable id, its name and abbreviation on the document's date, and what was
    matched."""

    id: str
    name: str
    abbreviation: str
    matched: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "abbreviation": self.abbreviation, "matched": self.matched}


@dataclass(frozen=True)
class _Meaning:
    """What one written name means for one period: a ministry (by id)."""

    ministry: str
    period: Period


@dataclass
class MinistryTable:
    """The ministries, and every written name (names, variants, offices, abbreviations) with its meanings."""

    ministries: dict[str, Ministry]
    chapters: dict[str, str]
    examples: tuple[Mapping[str, Any], ...]
    office: _Cues
    subject: _Cues
    meanings: dict[str, list[_Meaning]] = field(default_factory=dict)  # normalised name -> meanings
    abbreviations: dict[str, list[_Meaning]] = field(default_factory=dict)  # case as written
    names_rx: re.Pattern[str] = re.compile("(?!)")
    abbreviations_rx: re.Pattern[str] = re.compile("(?!)")

    def ministry(self, ministry_id: str) -> Ministry:
        return self.ministries[ministry_id]

    def _pick(self, meanings: list[_Meaning], day: date | None, matched: str) -> Resolved:
        """The meaning of the time (see the module's docstring) as a Resolved."""
        if day is None:
            best = max(meanings, key=lambda m: (m.period.until is None, m.period.until or date.min))
        else:
            best = min(meanings, key=lambda m: m.period.distance(day))
        name = self.ministries[best.ministry].name_on(day)
        return Resolved(best.ministry, name.name, name.abbreviation, matched)

    def lookup(self, written: str, day: date | None) -> Resolved | None:
        """A whole name, variant, office or abbreviation as written."""
        if written in self.abbreviations:
            return self._pick(self.abbreviations[written], day, written)
        meanings = self.meanings.get(_norm(written))
        return self._pick(meanings, day, written) if meanings else None

    def scan(self, text: str, day: date | None, cues: _Cues, anywhere_abbreviations: bool) -> list[Resolved]:
        """Every ministry named in ``text`` after one of the cue words (abbreviations also anywhere when asked),
        in order of appearance, once each."""
        text = _clean(text)
        found: list[tuple[int, Resolved]] = []
        for m in _MINISTER_PRESIDENT.finditer(text):
            found.append((m.start(), self._pick(self.meanings[_norm("Minister-President")], day, m.group())))
        for start, end in cues.segments(text):
            part = text[start:end]
            for m in self.names_rx.finditer(part):
                hit = self.lookup(m.group(), day)
                if hit is not None:
                    found.append((start + m.start(), hit))
            if not anywhere_abbreviations:
                found.extend((start + m.start(), r) for m in self.abbreviations_rx.finditer(part)
                             if (r := self.lookup(m.group(), day)) is not None)
        if anywhere_abbreviations:
            found.extend((m.start(), r) for m in self.abbreviations_rx.finditer(text)
                         if (r := self.lookup(m.group(), day)) is not None)
        return _once_each(r for _, r in sorted(found, key=lambda x: x[0]))


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").translate(TO_HYPHEN)


def _norm(name: str) -> str:
    """A name as compared: lower case, commas dropped, white space single."""
    return " ".join(_clean(name).replace(",", " ").lower().split())


def _words_rx(words: Iterable[str]) -> re.Pattern[str]:
    """Any of ``words`` as a whole word, ignoring case (nothing at all for no words)."""
    words = tuple(words)
    if not words:
        return re.compile("(?!)")
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class _Cues:
    """Where names count: after a cue word (not one that follows a "not after" word), up to the next cue or
    stop word."""

    cue: re.Pattern[str]
    end: re.Pattern[str]
    not_after: re.Pattern[str]

    @classmethod
    def of(cls, cues: tuple[str, ...], stops: tuple[str, ...], not_after: tuple[str, ...]) -> _Cues:
        skip = r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in not_after) + r")\s+(?:de\s+|het\s+)?$"
        return cls(_words_rx(cues), _words_rx((*cues, *stops)),
                   re.compile(skip, re.IGNORECASE) if not_after else re.compile("(?!)"))

    def segments(self, text: str) -> list[tuple[int, int]]:
        out = []
        for m in self.cue.finditer(text):
            if self.not_after.search(text, max(0, m.start() - 24), m.start()):
                continue  # "benoeming tot Staatssecretaris", "brief aan de minister": not the owner
            end = self.end.search(text, m.end())
            out.append((m.end(), end.start() if end else len(text)))
        return out


def _once_each(found: Iterable[Resolved]) -> list[Resolved]:
    out: list[Resolved] = []
    for r in found:
        if all(r.id != o.id for o in out):
            out.append(r)
    return out


def _name_pattern(name: str) -> str:
    """A name as a pattern: its words in order, any white space and optional commas between them."""
    words = _clean(name).replace(",", " ").split()
    return r"[\s,]+".join(re.escape(w) for w in words)


def _day(value: object) -> date | None:
    """A date from a date, a datetime or an ISO string ("2024-06-20", "2024-06-20T00:00:00+02:00")."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


# -- reading the data file -------------------------------------------------------------------------------

def _period(item: Mapping[str, Any], where: str, path: Path) -> Period:
    start, until = item.get("from"), item.get("until")
    for key, value in (("from", start), ("until", until)):
        if value is not None and _day(value) is None:
            raise InputError(str(path), f"{where}: '{key}' is not a date: {value!r}")
    return Period(_day(start), _day(until))


def _ministry(item: Any, i: int, path: Path) -> Ministry:
    where = f"ministry {i + 1}"
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item.get("names"):
        raise InputError(str(path), f"{where}: needs an id and a list of names")
    names = []
    for n in item["names"]:
        if not isinstance(n, dict) or not isinstance(n.get("name"), str) or not isinstance(n.get("abbreviation"), str):
            raise InputError(str(path), f"{where} ({item['id']}): every name needs a name and an abbreviation")
        names.append(Name(n["name"], n["abbreviation"], _period(n, f"{where} ({item['id']})", path)))
    variants = item.get("variants") or []
    if not isinstance(variants, list) or not all(isinstance(v, str) and v for v in variants):
        raise InputError(str(path), f"{where} ({item['id']}): variants must be a list of names")
    return Ministry(item["id"], tuple(names), tuple(variants), str(item.get("note") or ""))


def _add(table: MinistryTable, written: str, meaning: _Meaning) -> None:
    """Register a written form: an abbreviation (no lower-case letter, or a short form such as "Fin", "JenV")
    is matched as written, anything else as a name."""
    is_abbreviation = " " not in written and "-" not in written and (
        not any(c.islower() for c in written) or len(written) <= 4 or any(c.isupper() for c in written[1:]))
    bucket = table.abbreviations.setdefault(written, []) if is_abbreviation else \
        table.meanings.setdefault(_norm(written), [])
    if meaning not in bucket:
        bucket.append(meaning)


def _fill(table: MinistryTable, offices: list[Any], path: Path) -> None:
    for ministry in table.ministries.values():
        for n in ministry.names:
            _add(table, n.name, _Meaning(ministry.id, n.period))
            _add(table, n.abbreviation, _Meaning(ministry.id, n.period))
        for v in ministry.variants:
            _add(table, v, _Meaning(ministry.id, ministry.lifetime))
    for i, o in enumerate(offices):
        if not isinstance(o, dict) or not isinstance(o.get("title"), str) or o.get("ministry") not in table.ministries:
            raise InputError(str(path), f"office {i + 1}: needs a title and a known ministry id")
        _add(table, o["title"], _Meaning(o["ministry"], _period(o, f"office {i + 1}", path)))
    names = sorted(table.meanings, key=len, reverse=True)
    # the normalised names back to patterns: every written form of a name is found by its words
    table.names_rx = re.compile(r"(?<![\w-])(?:" + "|".join(_name_pattern(n) for n in names) + r")(?![\w-])",
                                re.IGNORECASE)
    abbreviations = sorted(table.abbreviations, key=len, reverse=True)
    table.abbreviations_rx = re.compile(r"(?<![\w&-])(?:" + "|".join(re.escape(a) for a in abbreviations)
                                        + r")(?![\w&-])")


def _words(data: Mapping[str, Any], key: str, path: Path) -> tuple[str, ...]:
    cues = data.get("cues") or {}
    words = (cues.get(key) if isinstance(cues, dict) else None) or []
    if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
        raise InputError(str(path), f"cues.{key}: expected a list of words")
    return tuple(words)


def load(path: Path = DATA_PATH) -> MinistryTable:
    """Read and check the ministries file (an InputError naming the file and the entry when it is wrong)."""
    data = rulefile.read_yaml(path, "the ministries")
    if not isinstance(data, dict) or not isinstance(data.get("ministries"), list):
        raise InputError(str(path), "expected a mapping with a list under 'ministries'")
    ministries = {m.id: m for m in (_ministry(item, i, path) for i, item in enumerate(data["ministries"]))}
    chapters = {str(k): str(v) for k, v in (data.get("chapters") or {}).items()}
    unknown = sorted(set(chapters.values()) - set(ministries))
    if unknown:
        raise InputError(str(path), f"chapters name unknown ministries: {', '.join(unknown)}")
    office, stop, not_after = (_words(data, k, path) for k in ("office", "stop", "not_after"))
    table = MinistryTable(ministries, chapters, tuple(data.get("examples") or ()), _Cues.of(office, stop, not_after),
                          _Cues.of((*office, *_words(data, "subject", path)), stop, not_after))
    _fill(table, data.get("offices") or [], path)
    return table


@lru_cache(maxsize=1)
def table() -> MinistryTable:
    """The package's ministries (read once)."""
    return load()


# -- the resolver --------------------------------------------------------------------------------------

def resolve_title(text: str | None, on: object = None) -> list[Resolved]:
    """The ministries a title line, signature or actor ``Functie`` names, in order: "BRIEF VAN DE MINISTER VOOR
    KLIMAAT EN ENERGIE" (2023) -> [ez], "De Minister-President, Minister van Algemene Zaken" -> [az]."""
    t = table()
    return t.scan(text or "", _day(on), t.office, anywhere_abbreviations=False)


def resolve_name(text: str | None, on: object = None) -> Resolved | None:
    """A ministry as a register or actor field names it: "Justitie en Veiligheid", "Ministerie van OCW",
    "LVVN", "Landbouw"; a field holding a whole title ("minister van Financiën") is read as one."""
    written = " ".join(_clean(text or "").split()).strip(" ,.")
    if not written:
        return None
    t, day = table(), _day(on)
    bare = _MINISTERIE_VAN.sub("", written)
    hit = t.lookup(bare, day) or t.lookup(written, day)
    if hit is not None:
        return hit
    found = resolve_title(written, day)
    return found[0] if found else None


def resolve_subject(text: str | None, on: object = None) -> list[Resolved]:
    """The ministries free text names as owner: after an office word or a budget word ("begrotingsstaten van
    het Ministerie van Defensie"), or by abbreviation anywhere ("informatieplan LVVN")."""
    t = table()
    return t.scan(text or "", _day(on), t.subject, anywhere_abbreviations=True)


def resolve_dossier(dossier: str | None, on: object = None) -> Resolved | None:
    """The ministry of a budget dossier by its chapter: "36600-XVII", "36 410 XIII", "kst-36600-XVII-74"."""
    m = _CHAPTER.search(_clean(dossier or ""))
    t = table()
    ministry_id = t.chapters.get(m.group("chapter")) if m else None
    if ministry_id is None or m is None:
        return None
    name = t.ministry(ministry_id).name_on(_day(on))
    return Resolved(ministry_id, name.name, name.abbreviation, m.group("chapter"))


def signatures(text: str | None) -> list[str]:
    """The signers' offices at the end of a letter ("De Minister van Buitenlandse Zaken,"), by the signature of
    ``rules/letter.py``: the last block of them (a letter signed by two ministers has two), not the titles a
    letter quotes before."""
    found = list(SIGNATURE.finditer(text or ""))
    if not found:
        return []
    block = [found[-1]]
    for m in reversed(found[:-1]):
        if block[0].start() - m.end() > 200:  # a signature block: the offices and the names between them
            break
        block.insert(0, m)
    return [text[m.start():m.start("initials")].strip() for m in block if text is not None]


def resolve_letter(title: str | None, text: str | None, on: object = None) -> list[Resolved]:
    """The ministries of a letter: those its title line names, else those of its signatures."""
    found = resolve_title(title, on)
    if found:
        return found
    return _once_each(r for line in signatures(text) for r in resolve_title(line, on))


# the relations of the open data's DocumentActor and ZaakActor that make an actor the owner of a letter or a
# Zaak, the first signer first ("Gericht aan", the minister a question is put to, is not the owner)
OWNER_RELATIONS = ("Eerste ondertekenaar", "Indiener", "Mede ondertekenaar", "Medeindiener")


def resolve_actors(actors: Iterable[Mapping[str, Any]] | None, on: object = None,
                   relations: tuple[str, ...] = OWNER_RELATIONS) -> list[Resolved]:
    """The ministries of the open data's actors of a Document or Zaak (``DocumentActor``/``ZaakActor``
    records: ``Functie`` "minister van Justitie en Veiligheid", ``Relatie`` "Eerste ondertekenaar"), the actors
    with the given relations in that order; members of the Kamer and committees name none."""
    rank = {r.lower(): i for i, r in enumerate(relations)}
    chosen = [a for a in actors or () if isinstance(a, Mapping) and str(a.get("Relatie") or "").lower() in rank]
    chosen.sort(key=lambda a: rank[str(a.get("Relatie") or "").lower()])
    return _once_each(r for a in chosen for r in resolve_title(str(a.get("Functie") or ""), on))


def ministries() -> list[Ministry]:
    """Every ministry, in the order of the data file."""
    return list(table().ministries.values())
