"""How Kamerstukken are cited in Dutch parliamentary text: the citation patterns, in one place.

A Kamerstuk is identified by its dossier (``35 207``, ``36 200 V``, ``21 501-20``) and its ondernummer
(``nr. 29``). The forms below are the ones seen in real letters and motions; each has a test on a real
sentence in ``tests/test_references.py``:

- ``(Kamerstuk 35 207, nr. 29)``, ``Kamerstukken II 2019/20, 35 207, nr. 7``, ``Bijlage bij Kamerstuk 35 207, nr. 1``
- several numbers: ``Kamerstukken 35 207, nrs. 7 en 21``, ``35 334, nrs. 383, 348 en 309``, ``nrs. 3 t/m 5``
- dossier suffixes: ``36 200 V``, ``36 410-XVI``, ``36 410A``, ``36 600-A``, ``21 501-20``, ``21501–02``
- joint dossiers: ``31 293 en 31 289, nr. 653`` (the first dossier names the Kamerstuk)
- number first: ``de motie op stuk nr. 1181 (33 529)``, ``motie-Thijssen c.s. op stuk nr. 292, 33576``
- compact: ``Kamerstuk 29683–282``, official ids ``kst-36800-XIV-80``

Not Kamerstukken: Handelingen (``Handelingen II 2019/20, nr. 29, item 8``), Staatsblad/Staatscourant
(``Stb. 2019, nr. 123``: a year, not a five-digit dossier), Eerste Kamer letters (``36 067, letter Y``).
Dates, amounts and phone numbers never carry the ``nr.`` that every pattern except the compact ones needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# a dash as written: hyphen, en dash, non-breaking hyphen, minus
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212-"
DASH = f"[{_DASHES}]"
# dossier number: five digits, often written "35 207" (also with a non-breaking or thin space)
_DIGITS = r"\d{2}[ \u00a0\u202f\u2009]?\d{3}"
# suffix: a begrotingshoofdstuk (roman numeral or letter, "36 200 V", "36 600-A", "36 410A") or a
# sub-dossier number after a dash ("21 501-20", "21501–02")
_SUFFIX = rf"(?:\s?{DASH}\s?(?:[IVXL]+|[A-Z]|\d{{1,2}})|\s?(?:[IVXL]+|[A-Z]))(?!\w)"
DOSSIER = rf"{_DIGITS}(?:{_SUFFIX})?"

_NR = r"(?:stuk\s?)?(?:nrs?|nummers?)\.?"
_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december")
# a number that is really a day, an amount or a decimal is not an ondernummer
_NOT_AFTER_NUMBER = rf"(?!\d|[.,]\d|\s?%|\s\d|\s(?:{_MONTHS}|procent|miljoen|miljard|euro|jaar)\b)"
_NUM = rf"\d{{1,5}}{_NOT_AFTER_NUMBER}"
# a list of ondernummers: "7", "7 en 21", "383, 348 en 309", "3 t/m 5", "7 en nr. 21"
_LIST_SEP = rf"(?:\s?,\s?|\s(?:en|t/m|tot\sen\smet)\s)(?:{_NR}\s?)?"
# (a list item followed by ", nr." or a dash is the next dossier: "nr. 47 en 36 760, nr. 16")
NUMBERS = rf"{_NUM}(?:{_LIST_SEP}{_NUM}(?!,?\s?{_NR}|\s?{DASH}))*"

# "Kamerstuk", "Kamerstukken II 2019/20,", "Bijlage bij Kamerstuk": kept in the citation text
_KAMERSTUK = (rf"(?:Bijlage\sbij\s)?Kamerstuk(?:ken)?(?:\s(?:I{{1,2}}))?,?"
              rf"(?:\s(?:\d{{4}}\s?[/{_DASHES}]\s?\d{{2,4}}),?)?\s")
_BEFORE = r"(?<![\w.,/\u20ac$-])(?<!\u20ac\s)"

# 1. "(Kamerstuk) 35 207, nr. 29", "Kamerstukken II 2019/20, 35 207, nrs. 7 en 21", "31 293 en 31 289, nr. 653"
DOSSIER_THEN_NUMBERS = re.compile(
    rf"(?:{_KAMERSTUK})?{_BEFORE}(?P<dossier>{DOSSIER})(?:\s?(?:en|/)\s?{DOSSIER})*"
    rf",?\s{_NR}\s?(?P<numbers>{NUMBERS})")
# 2. "de motie op stuk nr. 1181 (33 529)", "nr. 36 (36 410)"
NUMBER_THEN_DOSSIER = re.compile(rf"{_BEFORE}{_NR}\s?(?P<numbers>{_NUM})\s\((?P<dossier>{DOSSIER})\)")
# 3. "motie-Thijssen c.s. op stuk nr. 292, 33576" (only after "stuk nr.": a bare "nr. 12, 20 000" is no citation)
STUK_NUMBER_COMMA_DOSSIER = re.compile(
    rf"{_BEFORE}stuk\s?nr\.?\s?(?P<numbers>{_NUM}),\s(?P<dossier>{DOSSIER})(?![\w,.]|\s?{DASH}|\s{_NR})")
# 4. "Kamerstuk 29683–282", "Kamerstuk 21501-20-1606" (compact, only after the word Kamerstuk)
COMPACT = re.compile(
    rf"{_KAMERSTUK}(?P<dossier>{_DIGITS}(?:{DASH}(?:[IVXL]+|[A-Z]|\d{{1,2}}))?){DASH}(?P<numbers>\d{{1,5}})"
    rf"(?![\w{_DASHES}]|[.,]\d|,?\s?{_NR})")
# 5. official identifiers "kst-35207-32", "kst-36800-XIV-80", "kst-21501-20-1606"
KST_ID = re.compile(
    r"(?<![\w-])kst-(?P<dossier>\d{4,6}(?:-(?:[IVXL]+|[A-Z]|\d{1,2}))?)-(?P<numbers>\d{1,5})(?![\w-])",
    re.IGNORECASE)

# tried in this order; a later pattern never takes text an earlier one matched
PATTERNS: tuple[re.Pattern, ...] = (KST_ID, DOSSIER_THEN_NUMBERS, NUMBER_THEN_DOSSIER, STUK_NUMBER_COMMA_DOSSIER,
                                    COMPACT)

_RANGE = re.compile(rf"(\d+)\s(?:t/m|tot\sen\smet)\s(?:{_NR}\s?)?(\d+)")
_INT = re.compile(r"\d+")
_MAX_RANGE = 100
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
_DASH_RE = re.compile(DASH)
_KEY = re.compile(r"^(\d+)-?([A-Z]+|\d+)?$")


def dossier_key(dossier: str) -> str:
    """Normalise a dossier as written: "36 200 V" -> "36200-V", "21 501-20" -> "21501-20", "35 207" -> "35207"."""
    d = _DASH_RE.sub("-", _SPACES.sub("", dossier)).upper()
    m = _KEY.match(d)
    if not m:
        return d
    return m.group(1) + ("-" + m.group(2) if m.group(2) else "")


def numbers(spec: str) -> list[int]:
    """The ondernummers in a list as written: "7 en 21" -> [7, 21]; "3 t/m 5" -> [3, 4, 5].

    Ranges spanning more than 100 numbers are not filled in (only their ends are kept).
    """
    out = [int(x) for x in _INT.findall(spec)]
    for m in _RANGE.finditer(spec):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b <= a + _MAX_RANGE:
            out.extend(range(a + 1, b))
    return sorted(set(out))


@dataclass(frozen=True)
class Citation:
    """One Kamerstuk as cited: normalised dossier, ondernummer, the citation text and its offset."""

    dossier: str
    number: int
    text: str
    start: int
    end: int


def iter_citations(text: str) -> Iterator[Citation]:
    """Every Kamerstuk cited in ``text``, in order of appearance; overlapping patterns yield once."""
    taken: list[tuple[int, int]] = []
    found: list[Citation] = []
    for pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            cited = m.group(0)
            key = dossier_key(m.group("dossier"))
            for n in numbers(m.group("numbers")):
                found.append(Citation(key, n, cited, s, e))
    found.sort(key=lambda c: (c.start, c.number))
    yield from found
