"""Dutch date phrases -> the due date of a commitment (toezegging).

``due_date(phrase_or_sentence, document_date)`` finds the first deadline-like phrase in the text and
returns it as ``"YYYY"`` or ``"YYYY-MM-DD"`` (the two shapes the analysis record allows), else ``None``.

The phrases are rules of ``dates.yaml`` (pattern, the reader here that does the date arithmetic, an example
sentence with the due date it gives: tests/test_rules.py reads every example; tests/test_dates.py has more
sentences). The readings:

- A full date: "voor/vóór/uiterlijk/op/per/tot 1 juli 2020" -> ``2020-07-01`` (the day itself).
- Day and month without a year ("voor 1 juli") -> that day in the document's year, or the next year when
  the document is dated after it; ``None`` without a document date.
- A month: "in/uiterlijk/eind maart 2021" -> last day of the month ``2021-03-31``; "voor/vóór maart 2021"
  -> first day ``2021-03-01``; "begin maart 2021" -> ``2021-03-10``; "medio maart 2021" -> ``2021-03-15``.
  Without a year: the next such month from the document date; "maart jl." (jongstleden) is past: ignored.
- A year: "in 2020", "in de loop van 2020", "gedurende 2020", "uiterlijk in 2020", "tot (en met) 2020"
  -> ``2020``; "vóór 2021" (with the accent: "voor 2021" also means "for 2021") -> ``2020-12-31``;
  "(voor het) eind(e) (van) 2020" -> ``2020-12-31``; "begin 2021" -> end of its first quarter
  ``2021-03-31``; "medio/halverwege 2021" -> ``2021-06-30``.
- Quarters and halves: "(in) het eerste kwartaal (van) 2021", "het 1e kwartaal van 2022", "Q1 2021" ->
  ``2021-03-31`` (end of the quarter); "voor het tweede kwartaal" -> its first day; "de eerste helft van 2021" ->
  ``2021-06-30``; a quarter without a year is its next occurrence from the document date.
- Seasons (astronomical; "voor X" = X starts, "in X" = X ends): voorjaar 03-20..06-20, zomer 06-21..09-22,
  najaar 09-23..12-20, winter 12-21..03-19. "voor de zomer" -> ``YYYY-06-21``; "in het voorjaar van 2021"
  -> ``2021-06-20``; "dit najaar" -> ``YYYY-12-20``; "na de zomer" -> ``YYYY-09-30`` (the month after the
  summer recess). Without a year the season's next occurrence from the document date is meant.
- Recesses of the Tweede Kamer (the Kamer sets the dates each year; these are the usual ones, see
  ``RECESSES``): voorjaarsreces 02-14..02-24, meireces 04-26..05-12, zomerreces 07-01..09-01, herfstreces
  10-18..10-28, kerstreces 12-20..01-07. "(uiterlijk/nog/ruim) voor het zomerreces" -> its first day
  ``YYYY-07-01``; "voor/tegen/aan het einde van het zomerreces", "tijdens/in het zomerreces" -> its last
  day ``YYYY-09-01``; "na het zomerreces" -> the last day of the month it ends in ``YYYY-09-30`` (as "na
  de zomer"); "voor het kerstreces" -> ``YYYY-12-20``; "voor Prinsjesdag" -> the third Tuesday of
  September. Without a year the recess's next occurrence from the document date is meant.
- "(voor het) eind(e) van het/dit jaar", "voor de jaarwisseling" -> ``YYYY-12-31``; "dit jaar", "later dit
  jaar" -> ``YYYY``; "volgend/komend jaar" -> ``YYYY+1``; "begin volgend jaar" -> ``YYYY+1-03-31``.
- Durations from the document date: "binnen zes maanden", "binnen drie weken", "binnen een half jaar",
  "binnen 30 dagen", "over twee maanden" -> the date that many days/weeks/months/years later; counted from
  another event ("binnen drie jaar na inwerkingtreding") -> ``None``.
- "te zijner tijd", "zo spoedig mogelijk", "zo snel mogelijk", "binnenkort", "op korte termijn" -> ``None`` (no date).
- Relative phrases without a document date -> ``None``. Dates before the document date are past events,
  not deadlines: they are skipped and the search goes on.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from kamerspoor.model import InputError
from kamerspoor.rules import rulefile
from kamerspoor.rules.rulefile import PatternRule

DATA_PATH = Path(__file__).with_name("dates.yaml")

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
NUMBER_WORDS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "achttien": 18, "twintig": 20, "dertig": 30,
}
ORDINALS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "laatste": 4, "1e": 1, "2e": 2, "3e": 3, "4e": 4}
# (month, day) where each season starts and ends
SEASONS = {
    "voorjaar": ((3, 20), (6, 20)), "lente": ((3, 20), (6, 20)),
    "zomer": ((6, 21), (9, 22)),
    "najaar": ((9, 23), (12, 20)), "herfst": ((9, 23), (12, 20)),
    "winter": ((12, 21), (3, 19)),
}
def _iso(d: date) -> str:
    return d.isoformat()


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, months: int) -> date:
    m0 = d.month - 1 + months
    y, m = d.year + m0 // 12, m0 % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def _next(d: date | None, month: int, day: int) -> date | None:
    """The first (month, day) on or after the document date; None without a document date."""
    if d is None:
        return None
    cand = date(d.year, month, day)
    return cand if cand >= d else date(d.year + 1, month, day)


def _prinsjesdag(year: int) -> date:
    first = date(year, 9, 1)
    first_tuesday = first + timedelta(days=(1 - first.weekday()) % 7)
    return first_tuesday + timedelta(weeks=2)


# --- the readers of the rules of dates.yaml: (match, document date) -> str | None | _NODATE -------------

_NODATE = "no date"  # "the text says: no date" (te zijner tijd): stop searching, answer None (never an ISO date)


def _full_date(m: re.Match[str], d: date | None) -> str | None:
    return _iso(date(int(m["y"]), MONTHS[m["m"].lower()], int(m["d"])))


def _day_month(m: re.Match[str], d: date | None) -> str | None:
    nd = _next(d, MONTHS[m["m"].lower()], int(m["d"]))
    return _iso(nd) if nd else None


def _month_year(m: re.Match[str], d: date | None) -> str | None:
    y, mo = int(m["y"]), MONTHS[m["m"].lower()]
    return _month_phrase(m["p"], y, mo)


def _month_phrase(prep: str, y: int, mo: int) -> str:
    prep = (prep or "in").lower()
    if prep in ("voor", "vóór"):
        return _iso(date(y, mo, 1))
    if prep == "begin":
        return _iso(date(y, mo, 10))
    if prep in ("medio", "half", "halverwege"):
        return _iso(date(y, mo, 15))
    return _iso(_month_end(y, mo))


def _month_only(m: re.Match[str], d: date | None) -> str | None:
    if d is None:
        return None
    mo = MONTHS[m["m"].lower()]
    y = d.year if mo >= d.month else d.year + 1
    return _month_phrase(m["p"], y, mo)


def _year(m: re.Match[str], d: date | None) -> str | None:
    return m["y"]


def _before_year(m: re.Match[str], d: date | None) -> str | None:
    return f"{int(m['y']) - 1}-12-31"


def _end_year(m: re.Match[str], d: date | None) -> str | None:
    return f"{m['y']}-12-31"


def _begin_year(m: re.Match[str], d: date | None) -> str | None:
    return f"{m['y']}-03-31"


def _mid_year(m: re.Match[str], d: date | None) -> str | None:
    return f"{m['y']}-06-30"


def _quarter(m: re.Match[str], d: date | None) -> str | None:
    q = ORDINALS[m["q"].lower()]
    y = _year_of(m, d)
    if y is None:
        return None
    before = (m["p"] or "").lower() in ("voor", "vóór")
    end = date(y, 3 * (q - 1) + 1, 1) if before else _month_end(y, 3 * q)
    if d is not None and end < d and not (m.groupdict().get("y") or m.groupdict().get("rel")):
        y += 1  # a quarter without a year: its next occurrence from the letter's date
    if before:
        return _iso(date(y, 3 * (q - 1) + 1, 1))
    return _iso(_month_end(y, 3 * q))


def _q_short(m: re.Match[str], d: date | None) -> str | None:
    q = int(m["q"])
    return _iso(_month_end(int(m["y"]), 3 * q)) if 1 <= q <= 4 else None


def _half(m: re.Match[str], d: date | None) -> str | None:
    y = _year_of(m, d)
    if y is None:
        return None
    return f"{y}-06-30" if m["h"].lower() == "eerste" else f"{y}-12-31"


def _year_of(m: re.Match[str], d: date | None) -> int | None:
    """The year a phrase names: an explicit year, 'volgend jaar', or (this year / none) the document's."""
    if m.groupdict().get("y"):
        return int(m["y"])
    if d is None:
        return None
    rel = (m.groupdict().get("rel") or "").lower()
    return d.year + 1 if rel.startswith(("volg", "kom")) else d.year


def _season(m: re.Match[str], d: date | None) -> str | None:
    name = m["s"].lower()
    (sm, sd), (em, ed) = SEASONS[name]
    prep = (m["p"] or "in").lower()
    explicit = m.groupdict().get("y")
    if prep == "na":
        if name != "zomer":
            return None
        sm, sd, em, ed = 6, 21, 9, 30
        prep = "in"
    if explicit:
        y = int(explicit)
    elif d is None:
        return None
    elif (m.groupdict().get("rel") or "").lower().startswith(("volg", "kom")):
        y = d.year + 1
    else:
        # the season's next occurrence: this year unless the relevant day has passed
        mm, dd = (sm, sd) if prep in ("voor", "vóór") else (em, ed)
        if name == "winter" and prep not in ("voor", "vóór"):
            y = d.year if d < date(d.year, em, ed) else d.year + 1
            return _iso(date(y, em, ed))
        y = d.year if date(d.year, mm, dd) >= d else d.year + 1
    if prep in ("voor", "vóór"):
        return _iso(date(y, sm, sd))
    if name == "winter":
        return _iso(date(y + 1, em, ed))
    return _iso(date(y, em, ed))


# (month, day) each recess of the Tweede Kamer usually starts and ends (the kerstreces ends in the next year)
RECESSES = {
    "voorjaarsreces": ((2, 14), (2, 24)), "krokusreces": ((2, 14), (2, 24)),
    "meireces": ((4, 26), (5, 12)),
    "zomerreces": ((7, 1), (9, 1)),
    "herfstreces": ((10, 18), (10, 28)),
    "kerstreces": ((12, 20), (1, 7)),
}


def _recess(m: re.Match[str], d: date | None) -> str | None:
    """"voor het zomerreces" (its first day), "voor het einde van / tijdens het zomerreces" (its last day),
    "na het zomerreces" (the end of the month it ends in), "voor Prinsjesdag"."""
    kind = m["r"].lower()
    y = int(m["y"]) if m.groupdict().get("y") else None
    if kind.startswith("prinsjes"):
        if y is not None:
            return _iso(_prinsjesdag(y))
        if d is None:
            return None
        p = _prinsjesdag(d.year)
        return _iso(p if p >= d else _prinsjesdag(d.year + 1))
    (sm, sd), (em, ed) = RECESSES[kind]
    groups = m.groupdict()
    when = (groups.get("when") or ("end" if groups.get("end") else "")).lower()
    wraps = (em, ed) < (sm, sd)  # the kerstreces ends in the next year
    if not when:  # before it starts
        if y is not None:
            return _iso(date(y, sm, sd))
        nd = _next(d, sm, sd)
        return _iso(nd) if nd else None
    # its end ("het zomerreces van 2020": the year it starts)
    end: date | None
    if y is not None:
        end = date(y + wraps, em, ed)
    else:
        end = _next(d, em, ed)
        if end is None:
            return None
    if when == "na":
        return _iso(_month_end(end.year, end.month))
    return _iso(end)


def _this_year(m: re.Match[str], d: date | None) -> str | None:
    y = _year_of(m, d)
    return str(y) if y else None


def _begin_rel_year(m: re.Match[str], d: date | None) -> str | None:
    y = _year_of(m, d)
    return f"{y}-03-31" if y else None


def _within(m: re.Match[str], d: date | None) -> str | None:
    if d is None:
        return None
    n = 0.5 if m["n"].lower() == "een half" else _number(m["n"])
    if not n:
        return None
    unit = m["u"].lower()
    if unit.startswith("dag"):
        return _iso(d + timedelta(days=int(n)))
    if unit.startswith("we"):
        return _iso(d + timedelta(weeks=int(n)))
    if unit.startswith("maand"):
        return _iso(_add_months(d, int(n)))
    return _iso(_add_months(d, int(n * 12)))


def _half_month(m: re.Match[str], d: date | None) -> str | None:
    """"in de eerste helft van oktober 2013" -> the 15th; "de tweede helft van oktober 2013" -> its last day."""
    y, mo = int(m["y"]), MONTHS[m["m"].lower()]
    return _iso(date(y, mo, 15) if m["h"].lower() == "eerste" else _month_end(y, mo))


def _no_date(m: re.Match[str], d: date | None) -> str | None:
    return _NODATE


def _season_rel(m: re.Match[str], d: date | None) -> str | None:
    if d is None:
        return None
    word = m["p"].lower()
    (sm, sd), (em, ed) = SEASONS[m["s"].lower()]
    if word.startswith(("volg", "kom")):
        start = _next(d, sm, sd)
        if start is None:
            return None
        if word.startswith("volg") and start == date(d.year, sm, sd) and date(d.year, em, ed) >= d > start:
            start = date(d.year + 1, sm, sd)
        y = start.year
    else:  # dit/deze: the current or coming occurrence
        y = d.year if date(d.year, em, ed) >= d or m["s"].lower() == "winter" else d.year + 1
    if m["s"].lower() == "winter":
        return _iso(date(y + 1, em, ed))
    return _iso(date(y, em, ed))


def _end_rel(m: re.Match[str], d: date | None) -> str | None:
    if d is None:
        return None
    rel = (m.groupdict().get("rel") or m.groupdict().get("rel2") or "").lower()
    return f"{d.year + 1 if rel else d.year}-12-31"


# a rule's reader: the match and the letter's date (or None) -> the due date, None for "no reading here", or _NODATE
Reader = Callable[[re.Match[str], date | None], str | None]
READERS: dict[str, Reader] = {
    "no_date": _no_date, "full_date": _full_date, "day_month": _day_month, "quarter": _quarter,
    "q_short": _q_short, "half_month": _half_month, "half": _half, "season": _season, "season_rel": _season_rel,
    "recess": _recess, "month_year": _month_year, "month_only": _month_only, "end_year": _end_year,
    "begin_year": _begin_year, "mid_year": _mid_year, "before_year": _before_year, "year": _year,
    "end_rel": _end_rel, "begin_rel_year": _begin_rel_year, "this_year": _this_year, "within": _within,
}
# the words of the tables above, as pattern pieces of dates.yaml
PIECES = {
    "month": "(?:" + "|".join(MONTHS) + ")",
    "season": "(?:" + "|".join(SEASONS) + ")",
    "recess": "(?:" + "|".join(RECESSES) + ")",
    "number": r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")",
}


@dataclass(frozen=True)
class DateRule(PatternRule):
    """A rule of dates.yaml: its pattern, and the reader that turns a match into the due date."""

    reader: Reader
    date: str | None  # the letter's date its example is read with
    due: str | None  # what its example gives (None: no date)


@lru_cache(maxsize=1)
def load_rules(path: Path = DATA_PATH) -> tuple[DateRule, ...]:
    """The date rules of ``path``, in their order; an InputError naming the file and rule for a bad one."""
    out = []
    for r in rulefile.load(path, "date rules", ignorecase=True, pieces=PIECES, required=("reader",)).rules:
        reader = READERS.get(r.get("reader"))
        if reader is None:
            raise InputError(str(path), f"rule '{r.id}': unknown reader '{r.get('reader')}' "
                                        f"(one of: {', '.join(READERS)})")
        out.append(DateRule(**r.common(), reader=reader, date=r.get("date"), due=r.get("due")))
    return tuple(out)


def _parse_doc_date(document_date: str | None) -> date | None:
    if not document_date:
        return None
    try:
        return date.fromisoformat(document_date[:10])
    except ValueError:
        return None


def readings(text: str, document_date: str | None = None) -> list[tuple[int, str | None, str]]:
    """Every date phrase in ``text`` as (offset, due, the id of the rule that read it) in text order; due None
    means "no date"."""
    d = _parse_doc_date(document_date)
    found: list[tuple[int, int, str | None, str]] = []
    for rule in load_rules():
        for m in rule.pattern.finditer(text):
            try:
                value = rule.reader(m, d)
            except (ValueError, KeyError):
                continue
            if value is None:
                continue
            if any(s <= m.start() < e or m.start() <= s < m.end() for s, e, _, _ in found):
                continue  # an earlier (more specific) rule already read this stretch
            found.append((m.start(), m.end(), None if value == _NODATE else value, rule.id))
    return [(s, v, rid) for s, _, v, rid in sorted(found)]


def find_due_dates(text: str, document_date: str | None = None) -> list[tuple[int, str | None]]:
    """Every date phrase in ``text`` as (offset, due) in text order; due None means "no date"."""
    return [(s, v) for s, v, _ in readings(text, document_date)]


def due_date(phrase_or_sentence: str, document_date: str | None = None) -> str | None:
    """The due date a Dutch phrase or sentence names: "YYYY", "YYYY-MM-DD" or None (see module doc)."""
    d = _parse_doc_date(document_date)
    for _, value in find_due_dates(phrase_or_sentence, document_date):
        if value is None:
            return None
        if d is not None and _is_past(value, d):
            continue
        return value
    return None


def _is_past(value: str, d: date) -> bool:
    if len(value) == 4:
        return int(value) < d.year
    return date.fromisoformat(value) < d


def due_by(due: str | None) -> str | None:
    """The last day a commitment may be kept, from its due date as the record gives it: ``"2020"`` ->
    ``"2020-12-31"``, ``"2020-07"`` -> ``"2020-07-31"``, a day as it is; None for anything else."""
    if not due:
        return None
    due = str(due)
    if re.fullmatch(r"\d{4}", due):
        return f"{due}-12-31"
    m = re.fullmatch(r"(\d{4})-(\d{2})", due)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12:
            return f"{due}-{calendar.monthrange(y, mo)[1]:02d}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", due):
        return due
    return None


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_OR_MONTH = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")


def is_date(value: str, partial: bool = False) -> bool:
    """A real calendar date written YYYY-MM-DD (with ``partial``: also YYYY or YYYY-MM): the dates the CLI, the
    API and the report take as filters (``date.fromisoformat`` alone also takes 20240101 and week dates)."""
    if partial and _YEAR_OR_MONTH.fullmatch(value):
        return True
    if not _ISO_DAY.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
