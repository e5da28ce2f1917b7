"""Identifiers of Kamerstukken, in one normal form each: the dossier, the official id, a motion's key.

A Kamerstuk is named by its dossier and its ondernummer. Letters write the dossier with spaces and suffixes in
many ways ("36 200 V", "36200-V", "21 501-20", "21501–20", "35.867", "31700.VIII", "19 700 hoofdstuk XV"); the
record and the store keep one form, the spec's: the digits without spaces, then each suffix after a hyphen,
upper case ("36200-V", "21501-20", "36600-XVII"). The official id (officielebekendmakingen, the Tweede Kamer's
ExterneIdentifier) is ``kst-<dossier>-<number>``: ``kst-35207-32``, ``kst-36800-XIV-80``,
``kst-21501-20-1606``. The Eerste Kamer numbers some stukken by letter instead of ondernummer ("35 300, A",
the letter "E" of dossier "CII"): ``kst-35300-A``, ``kst-CII-E``. A motion's key in the record and on the web
is the id without ``kst-``: ``35207-27``.

Every part of kamerspoor that builds, reads or compares these calls the functions here.
"""

from __future__ import annotations

import re

# a dash as written: hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus; one of them in a pattern;
# the table that writes each of them "-"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212-"
DASH = f"[{DASHES}]"
TO_HYPHEN = str.maketrans(dict.fromkeys(DASHES, "-"))
# an official id in running text: "kst-35207-32", "kst-36800-XIV-80", "kst-21501-20-1606", "kst-36200-IXB-4";
# KST_ID_PLAIN is the same without its groups, to repeat inside a larger pattern (the colophon)
_KST_DOSSIER = r"\d{4,6}(?:-(?:[IVXL]+[AB]?|[A-Z]|\d{1,2}))?"
KST_ID_PATTERN = rf"kst-(?P<dossier>{_KST_DOSSIER})-(?P<number>\d{{1,5}})"
KST_ID_PLAIN = rf"kst-{_KST_DOSSIER}-\d{{1,5}}"
KST_ID = re.compile(KST_ID_PATTERN)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
_THOUSANDS_DOT = re.compile(r"(?<=^\d\d)\.(?=\d{3})")  # "35.867"
_CHAPTER_WORD = re.compile(r"[.]|HOOFDSTUK")  # "31700.VIII", "19 700 hoofdstuk XV"
_KEY = re.compile(r"^(\d+)-?([A-Z]+|\d+)?$")
# an ondernummer (digits) or an Eerste Kamer letter ("A", "E", "AB")
_LETTER_NUMBER = re.compile(r"[A-Z]{1,3}")
# "35207-27", "35207 27", "36600-XV-12", "36 200 V, nr. 12", "21501-20-1606"
_NUMBERED = re.compile(r"(\d[\d \u00a0]*\d(?:[-\s][0-9A-Za-z]+)*?)[-\s,]+(?:nr\.?\s*)?(\d+)")
# "kst-35207-27", "kst-36410-A-5", "kst-35300-A" (an Eerste Kamer letter), "kst-CII-E"
_OFFICIAL = re.compile(r"kst-(\d+(?:-[0-9A-Za-z]+)*?|[CDLXVI]+)-(\d+|[A-Za-z]{1,3})", re.IGNORECASE)
# "CII, E", "35 300, A", "35 300, letter A": a lettered Eerste Kamer stuk, written with a comma
_LETTERED = re.compile(r"(\d\d[\s\u00a0]?\d{3}(?:[-\s][0-9A-Za-z]+)*?|[CDLXVI]+),\s*(?:(?:nr|letter)\.?\s*)?"
                       r"([A-Z]{1,3})")


def dossier_key(dossier: str) -> str:
    """A dossier as written -> its normal form: "36 200 V" -> "36200-V", "21 501-20" -> "21501-20",
    "35 207" -> "35207", "35.867" -> "35867", "31700.VIII" -> "31700-VIII", "19 700 hoofdstuk XV" -> "19700-XV",
    "36600-xv" -> "36600-XV". A form it does not know is returned without spaces, upper case ("CII")."""
    d = _SPACES.sub("", dossier).translate(TO_HYPHEN).upper()
    d = _CHAPTER_WORD.sub("-", _THOUSANDS_DOT.sub("", d))
    m = _KEY.match(d)
    if not m:
        return d
    return m.group(1) + ("-" + m.group(2) if m.group(2) else "")


def norm_dossier(dossier: object) -> str | None:
    """:func:`dossier_key` of any value; None for None or an empty value."""
    if dossier is None:
        return None
    return dossier_key(str(dossier).strip()) or None


def ondernummer(number: object) -> int | str | None:
    """An ondernummer as an int (``27``, ``"27"``) or an Eerste Kamer letter (``"E"``, capitals); None for
    anything else."""
    if number is None or isinstance(number, bool):
        return None
    if isinstance(number, int):
        return number if number >= 0 else None
    s = str(number).strip()
    if s.isdigit():
        return int(s)
    if isinstance(number, float) and number.is_integer() and number >= 0:
        return int(number)
    return s if _LETTER_NUMBER.fullmatch(s) else None


def kst_id(dossier: object, number: object) -> str | None:
    """The official id of Kamerstuk ``dossier`` nr. ``number``: ``kst-35207-27``, ``kst-36200-V-12``,
    ``kst-CII-E``; None when either is missing or not a number (or Eerste Kamer letter)."""
    d = norm_dossier(dossier)
    n = ondernummer(number)
    if not d or n is None:
        return None
    return f"kst-{d}-{n}"


def parse_kst_id(text: str) -> tuple[str, int | str] | None:
    """(dossier, number) of an id or citation as typed: ``"kst-35207-27"``, ``"35207-27"``, ``"35207 27"``,
    ``"36600-XV-12"``, ``"35 207, nr. 27"``; an Eerste Kamer letter as the number: ``"kst-CII-E"``,
    ``"CII, E"``, ``"35 300, A"`` -> ("35300", "A"). None when the text names no Kamerstuk ("35207")."""
    t = text.strip()
    m = _OFFICIAL.fullmatch(t) or _NUMBERED.fullmatch(t[4:] if t.lower().startswith("kst-") else t) \
        or _LETTERED.fullmatch(t)
    if not m:
        return None
    d, n = norm_dossier(m.group(1)), ondernummer(m.group(2))
    if d is None or n is None:
        return None
    return d, n


def motion_key(dossier: object, number: object) -> str | None:
    """The key of a motion (its id without ``kst-``): ``"35207-27"``; None without dossier or ondernummer."""
    if ondernummer(number) is None or isinstance(ondernummer(number), str):
        return None
    k = kst_id(dossier, number)
    return k[4:] if k else None


def motion_key_of(ref: object) -> str | None:
    """The motion a reference names: ``"35207-27"``, ``"kst-35207-27"`` or ``{"dossier", "number"}`` ->
    ``"35207-27"``; None for anything else."""
    if isinstance(ref, dict):
        return motion_key(ref.get("dossier"), ref.get("number"))
    if not isinstance(ref, str):
        return None
    parsed = parse_kst_id(ref)
    return motion_key(*parsed) if parsed else None


def kst_order(doc_id: str) -> tuple[str, int, int, str]:
    """A sort key for ids: by dossier, then ondernummer (numbers before Eerste Kamer letters); ids that are
    no Kamerstuk first."""
    p = parse_kst_id(doc_id)
    if p is None:
        return ("", 0, 0, doc_id)
    d, n = p
    return (d, 0, n, doc_id) if isinstance(n, int) else (d, 1, 0, doc_id)


def answered_motions(answers: object) -> set[str]:
    """The kst ids of the motions a commitment is made in answer to. The record gives them as a list of
    ``{"dossier", "number"}`` (or ids), or as one object ``{"motion": "99901-11", "motions": [...]}`` (the
    extract stage's shape, next to ``"party"``); None or anything else names no motion."""
    items = answers if isinstance(answers, list) else [answers]
    out: set[str] = set()
    for x in items:
        if isinstance(x, dict):
            if x.get("dossier") is not None:
                out.add(kst_id(x.get("dossier"), x.get("number")) or "")
            named: list[object] = x["motions"] if isinstance(x.get("motions"), list) else []
            out |= answered_motions([*named, *([x["motion"]] if x.get("motion") else [])])
        elif isinstance(x, str):
            parsed = parse_kst_id(x)
            if parsed:
                out.add(kst_id(*parsed) or "")
    out.discard("")
    return out
