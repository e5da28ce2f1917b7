"""The Tweede Kamer's register of toezeggingen: official records -> our vocabulary, and matching.

``official_commitment`` turns an OData ``Toezegging`` into an *official commitment* in the project's
vocabulary (status as ``CommitmentStatus``). ``match_score`` compares a commitment extracted from a letter
(the analysis record's ``{"text", "actor", "due", "start"}``) with an official one on three grounds:

- text: overlap of stemmed content words, leaving out the words every promise shares (``zal``,
  ``Kamer``, ``informeren`` ...), so two promises about the same subject score high and two promises
  to inform the Kamer about different things score low;
- date: the register records a promise when it is made, so the official ``Aanmaakdatum`` lies close to
  the letter's date; when both give a due date they should agree on the year;
- minister: the official's name or ministry should be found in the letter's actor or signatories.

``match_commitments`` pairs each extracted commitment of a letter with at most one official one, the best
scoring first, and an official one with at most one extracted commitment.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from kamerspoor.model import CommitmentStatus, InputError

# The register's Status values (case-insensitive) -> our vocabulary. "Afgedaan" is the register's word
# for a promise closed as handled, so it counts as fulfilled.
STATUS = {
    "openstaand": CommitmentStatus.OPENSTAAND,
    "voldaan": CommitmentStatus.VOLDAAN,
    "deels voldaan": CommitmentStatus.DEELS_VOLDAAN,
    "vervallen": CommitmentStatus.VERVALLEN,
    "afgedaan": CommitmentStatus.VOLDAAN,
    "deels afgedaan": CommitmentStatus.DEELS_VOLDAAN,
}

# Words that carry no subject in a promise: Dutch function words and the words every toezegging shares.
PROMISE_WORDS = frozenset("""
de het een en of in op te van voor met aan bij uit over naar om door als dat die dit deze er is zijn wordt
worden zal zullen zou zouden kan kunnen wil willen gaat gaan moet moeten heeft hebben had nog ook niet wel
dan tot na nadat zodra waarin waarover waarbij hierover daarover hiervan daarvan hierbij daarbij hem haar
zij hij ik wij we u uw ons onze zich hun mijn jaar maand week voor eind begin einde uiterlijk
kamer kamerlid kamerleden minister ministers staatssecretaris kabinet regering bewindspersoon
informeren informeer informatie informeert geïnformeerd brief kamerbrief sturen stuur toesturen toezenden
zenden stuurt ontvangt ontvangen ontvang toe
toegezegd toezegging toezeggen zegt zeg laten weten berichten bericht terugkomen terug komen komt
ingaan gaat nader schriftelijk voortgang stand zaken daarin aandacht besteden ingaan hierop
januari februari maart april mei juni juli augustus september oktober november december
zomer zomerreces kerstreces najaar voorjaar
""".split())

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("dutch")


@lru_cache(maxsize=1)
def _promise_stems() -> frozenset[str]:
    return frozenset(_stemmer().stemWords(sorted(PROMISE_WORDS)))


@lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """The stemmed content words of a text (numbers of four digits, such as years, are kept)."""
    words = [w.lower() for w in _WORD.findall(text or "")]
    keep = [w for w in words if w not in PROMISE_WORDS and (len(w) >= 3 and not w.isdigit() or
                                                               (w.isdigit() and len(w) == 4))]
    return frozenset(_stemmer().stemWords(keep)) - _promise_stems()


def text_similarity(a: str, b: str) -> float:
    """0..1: the mean of the Dice coefficient and the overlap coefficient of the content words."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    common = len(wa & wb)
    dice = 2 * common / (len(wa) + len(wb))
    overlap = common / min(len(wa), len(wb))
    return (dice + overlap) / 2


def _day(value) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def official_commitment(t: dict) -> dict:
    """An OData Toezegging -> an official commitment in our vocabulary (InputError if it has no Id/Tekst)."""
    if not isinstance(t, dict) or not t.get("Id") or not isinstance(t.get("Tekst"), str):
        raise InputError(None, f"not a Toezegging (needs Id and Tekst): {str(t)[:80]}")
    raw_status = (t.get("Status") or "").strip()
    status = STATUS.get(raw_status.lower())
    surname = " ".join(p for p in (t.get("Tussenvoegsel"), t.get("Achternaam") or t.get("Naam")) if p)
    minister = " ".join(p for p in (t.get("Initialen"), surname) if p) or None
    return {
        "id": t["Id"],
        "number": t.get("Nummer"),
        "text": " ".join(t["Tekst"].split()),
        "status": str(status) if status else None,
        "status_official": raw_status or None,
        "made": (t.get("Aanmaakdatum") or "")[:10] or None,
        "due": (t.get("DatumNakoming") or "")[:10] or None,
        "minister": minister,
        "minister_surname": surname or None,
        "function": t.get("Functie"),
        "ministry": t.get("Ministerie"),
        "fulfilled_by": t.get("KamerbriefNakoming"),
        "source": "tk:Toezegging",
    }


def load_official(out_dir: Path) -> list[dict]:
    """Every synced Toezegging in an output folder (``<out>/tk/Toezegging/*.json``) as official commitments."""
    out = []
    for f in sorted((Path(out_dir) / "tk" / "Toezegging").glob("*.json")):
        try:
            obj = json.loads(f.read_text(encoding="utf-8"))
        except ValueError as e:
            raise InputError(str(f), f"not JSON ({e})") from None
        try:
            out.append(official_commitment(obj))
        except InputError as e:
            raise InputError(str(f), e.problem) from None
    return out


# -- matching ---------------------------------------------------------------------------------------------
@dataclass
class Match:
    official_id: str
    score: float
    text: float
    date: float
    minister: float

    def to_dict(self) -> dict:
        return {"official_id": self.official_id, "score": round(self.score, 3), "text": round(self.text, 3),
                "date": round(self.date, 3), "minister": round(self.minister, 3)}


WEIGHTS = {"text": 0.6, "date": 0.2, "minister": 0.2}
MIN_TEXT = 0.35
THRESHOLD = 0.55
CLOSE_DAYS, FAR_DAYS = 21, 180


def date_score(commitment: dict, official: dict, letter_date: str | None) -> float:
    """1 when the official promise was registered close to the letter's date and due dates agree."""
    made, when = _day(official.get("made")), _day(letter_date)
    if made and when:
        days = abs((made - when).days)
        made_s = 1.0 if days <= CLOSE_DAYS else max(0.0, 1 - (days - CLOSE_DAYS) / (FAR_DAYS - CLOSE_DAYS))
    else:
        made_s = 0.5
    due_a, due_b = commitment.get("due"), official.get("due")
    if due_a and due_b:
        due_s = 1.0 if str(due_a)[:4] == str(due_b)[:4] else 0.0
    else:
        due_s = 0.5
    return 0.7 * made_s + 0.3 * due_s


def minister_score(commitment: dict, official: dict, signatories: list[str] | None) -> float:
    """1 when the official's surname or ministry is named by the letter's actor or signatories."""
    ours = " ".join([commitment.get("actor") or "", *(signatories or [])]).lower()
    if not ours.strip():
        return 0.5
    surname = (official.get("minister_surname") or "").lower()
    if surname and re.search(r"\b" + re.escape(surname.split()[-1]) + r"\b", ours):
        return 1.0
    theirs = content_words(" ".join(filter(None, [official.get("ministry"), official.get("function")])))
    ministry = content_words(ours)
    if theirs and ministry and theirs & ministry:
        return 1.0
    if not (surname or theirs):
        return 0.5
    return 0.0


def match_score(commitment: dict, official: dict, *, letter_date: str | None = None,
                signatories: list[str] | None = None) -> Match:
    """How well an extracted commitment and an official one are the same promise (see the module doc)."""
    t = text_similarity(commitment.get("text", ""), official.get("text", ""))
    d = date_score(commitment, official, letter_date)
    m = minister_score(commitment, official, signatories)
    total = WEIGHTS["text"] * t + WEIGHTS["date"] * d + WEIGHTS["minister"] * m
    return Match(official.get("id", ""), total, t, d, m)


def best_match(commitment: dict, officials: list[dict], *, letter_date: str | None = None,
               signatories: list[str] | None = None) -> Match | None:
    """The official commitment that is the same promise, or None when none is close enough."""
    found = [match_score(commitment, o, letter_date=letter_date, signatories=signatories) for o in officials]
    found = [m for m in found if m.text >= MIN_TEXT and m.score >= THRESHOLD]
    return max(found, key=lambda m: m.score, default=None)


def match_commitments(commitments: list[dict], officials: list[dict], *, letter_date: str | None = None,
                      signatories: list[str] | None = None) -> list[Match | None]:
    """One match (or None) per extracted commitment; each official one is used at most once."""
    candidates = []
    for i, c in enumerate(commitments):
        for o in officials:
            m = match_score(c, o, letter_date=letter_date, signatories=signatories)
            if m.text >= MIN_TEXT and m.score >= THRESHOLD:
                candidates.append((m.score, i, m))
    result: list[Match | None] = [None] * len(commitments)
    used: set[str] = set()
    for _, i, m in sorted(candidates, key=lambda x: -x[0]):
        if result[i] is None and m.official_id not in used:
            result[i] = m
            used.add(m.official_id)
    return result


def link_record(record: dict, officials: list[dict]) -> dict:
    """Add ``matched_official`` (the match and the official commitment) to each commitment of an analysis
    record, using the record's document date and submitters; returns the record."""
    doc = record.get("document") or {}
    by_id = {o["id"]: o for o in officials}
    matches = match_commitments(record.get("commitments") or [], officials, letter_date=doc.get("date"),
                                signatories=doc.get("submitters") or [])
    for c, m in zip(record.get("commitments") or [], matches, strict=True):
        c["matched_official"] = {**m.to_dict(), "official": by_id[m.official_id]} if m else None
    return record
