"""Commitments (toezeggingen): promises about the future by the cabinet or a member of it.

Each sentence of the cleaned text is tested against the cue phrases in ``rules/commitment_phrases.py``;
a commitment gets its actor (the government subject of the cue, "ik" resolved to the signing minister when
the letter names one), its due date (``rules/dates.py``), its kind and, when it stands in the cabinet's
answer to a motion or a party proposal, that motion or party.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from itertools import compress

from kamerspoor.model import CommitmentKind
from kamerspoor.rules import commitment_phrases as cp
from kamerspoor.rules.commitment_phrases import split_sentences  # here too: the stages import it from here
from kamerspoor.rules.dates import due_date, find_due_dates
from kamerspoor.rules.identifiers import motion_key
from kamerspoor.rules.literals import gate

_SPACES = re.compile(r"\s+")


def signer(text: str) -> str | None:
    """The signing minister of a letter ("de minister van Buitenlandse Zaken"), from its closing lines."""
    tail = text[-600:]
    found = list(cp.SIGNER.finditer(tail))
    if not found:
        return None
    name = found[-1].group(1)
    return "de " + name[0].lower() + name[1:]


def normalise_actor(actor: str | None, signing: str | None) -> str | None:
    if not actor:
        return None
    a = _SPACES.sub(" ", actor.strip())
    low = a.lower()
    if low in ("ik",):
        return signing or "ik"
    if low in ("wij", "we"):
        return signing or "wij"
    if low in ("dit kabinet", "het kabinet"):
        return "het kabinet"
    if low in ("deze regering", "de regering"):
        return "de regering"
    a = cp.ACTOR_ARTICLE.sub(lambda m: m.group(1).lower(), a)
    a = cp.ACTOR_OFFICE.sub(lambda m: (m.group(1) or "de ") + m.group(2).lower(), a)
    a = cp.ACTOR_ENVOY.sub("de mensenrechtenambassadeur", a)
    return a


def _paragraph_spans(text: str, paragraphs: Sequence[dict]) -> list[tuple[int, int]]:
    if paragraphs:
        return [(int(p["start"]), int(p["end"])) for p in paragraphs]
    spans, pos = [], 0
    for chunk in text.split("\n\n"):
        spans.append((pos, pos + len(chunk)))
        pos += len(chunk) + 2
    return spans


def _clause_ok(kind: CommitmentKind, m: re.Match) -> bool:
    rest = m.groupdict().get("rest")
    if rest is None:
        return True
    if kind is CommitmentKind.CONTINUE and cp.BLIJVEN_STATE.search(rest):
        return False
    if kind is CommitmentKind.ACT and cp.GAAN_IDIOM.search(rest):
        return False
    words = [w for w in cp.INFINITIVE.findall(rest.lower()) if w not in cp.NOT_INFINITIVE]
    return bool(words)


def _nearest_actor(sentence: str, at: int) -> str | None:
    before = [m for m in cp.ACTOR.finditer(sentence) if m.start() < at]
    if before:
        return before[-1].group(0)
    after = cp.ACTOR.search(sentence, at)
    return after.group(0) if after else None


# the cues always tried, and those with the cues of a time still to come; each with its patterns (for their gate)
_CUES = (tuple(cp.CUES), tuple(rx for _, rx in cp.CUES))
_ALL_CUES = (tuple(cp.CUES + cp.TIMED_CUES), tuple(rx for _, rx in cp.CUES + cp.TIMED_CUES))
_PRIORITY = {CommitmentKind.INFORM: 0, CommitmentKind.CONTINUE: 1, CommitmentKind.ACT: 2}


def classify(sentence: str) -> tuple[CommitmentKind, str | None] | None:
    """(kind, actor as written) when the sentence is a commitment, else None."""
    found = classify_at(sentence)
    return (found[0], found[1]) if found else None


def classify_at(sentence: str) -> tuple[CommitmentKind, str | None, int] | None:
    """(kind, actor as written, where the cue starts in the stripped sentence) when it is a commitment."""
    s = sentence.strip()
    if not s or s.endswith("?") or not cp.ANY_CUE.search(s.lower()) or cp.MOTION_CLAUSE.search(s) or cp.NOT_A_PROMISE.search(s):
        return None
    best = None
    cues, patterns = _ALL_CUES if cp.FUTURE_MARKER.search(s) else _CUES
    # the cues whose own words are not in the sentence are skipped, found for all cues in one pass (rules/literals.py)
    for kind, rx in compress(cues, gate(patterns).open(s, s.lower())):
        for m in rx.finditer(s):
            if not _clause_ok(kind, m):
                continue
            actor = m.groupdict().get("actor")
            if actor is None:
                actor = _nearest_actor(s, m.start())
            cand = (_PRIORITY[kind], m.start(), kind, actor)
            if best is None or cand[:2] < best[:2]:
                best = cand
            break
    if best is None:
        return None
    _, at, kind, actor = best
    if actor is None and kind is CommitmentKind.INFORM and cp.KAMER.search(s):
        actor = "het kabinet"  # "Uw Kamer wordt ... geïnformeerd": the government informs the Kamer
    return kind, actor, at


def clause_due(sentence: str, at: int, date: str | None) -> str | None:
    """The due date of a promise whose cue starts at ``at``: the date phrase of its own clause (a sentence joins
    clauses with ";": "De taskforce is op 1 maart gestart; de eerste rapportage volgt in het eerste kwartaal"),
    else of the whole sentence."""
    s = sentence.strip()
    start = s.rfind(";", 0, at) + 1
    end = s.find(";", at)
    clause = s[start:end if end >= 0 else len(s)]
    if clause != s and find_due_dates(clause, date):
        return due_date(clause, date)
    return due_date(s, date)


def kept(text: str, end: int, spans: list[tuple[int, int]], i: int) -> bool:
    """A toezegging an overview reports as kept: its status cell, right after it in its paragraph or in one of
    the next two paragraphs (the second when the first is a short cell), opens with "Afgedaan", "Afgerond",
    "Voldaan"."""
    if cp.KEPT.match(text, end, spans[i][1]):
        return True
    for k in (i + 1, i + 2):
        if k >= len(spans):
            return False
        if cp.KEPT.match(text, spans[k][0], spans[k][1]):
            return True
        cell = text[spans[k][0]:spans[k][1]]
        if len(cell) > 120 or cell.rstrip().endswith("."):
            return False
    return False


def _mentions(text: str, motions: list[dict], party_positions: list[dict]) -> list[tuple[int, dict]]:
    """Where the text speaks of a motion or a party proposal: (offset, {"motion"|"party": ...})."""
    out: list[tuple[int, dict[str, object]]] = []
    for mo in motions or []:
        key: dict[str, object]
        mkey = motion_key(mo.get("dossier"), mo.get("number"))
        if mo.get("dossier") and mkey:
            key = {"motion": mkey}
        else:
            key = {"motion": None, "submitters": list(mo.get("submitters") or [])}
        for pos in _positions(text, mo):
            out.append((pos, key))
    for pp in party_positions or []:
        if not pp.get("party"):
            continue
        for pos in _positions(text, pp):
            out.append((pos, {"party": pp["party"]}))
    return sorted(out, key=lambda x: x[0])


def _positions(text: str, item: dict) -> set[int]:
    found = set()
    if isinstance(item.get("start"), int):
        found.add(item["start"])
    ev = (item.get("evidence") or "").strip()
    if ev:
        i = text.find(ev[:200])
        if i >= 0:
            found.add(i)
    return found


def _answers(mentions, para_of, s: int, e: int, para: int) -> dict | None:
    here = [(pos, key) for pos, key in mentions if pos < e and para_of(pos) == para]
    if not here:
        return None
    last = max(pos for pos, _ in here)
    keys = []
    for pos, key in here:
        if pos == last and key not in keys:
            keys.append(key)
    result = dict(keys[0])
    for name, plural in (("party", "parties"), ("motion", "motions")):
        values = [k[name] for k in keys if name in k]
        if len(values) > 1:
            result[plural] = values
    return result


def find_commitments(text: str, date: str | None, motions: list[dict], party_positions: list[dict],
                     paragraphs: Sequence[dict], signing: str | None = None) -> list[dict]:
    """Every commitment in ``text``: {"text", "actor", "due", "start", "kind", "status", "answers",
    "paragraph"}. ``signing`` names who "ik" is ("de minister van Buitenlandse Zaken"); by default it is
    read from the letter's closing lines."""
    spans = _paragraph_spans(text, paragraphs)
    starts = [a for a, _ in spans]
    signing = signing or signer(text)

    def para_of(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    mentions = _mentions(text, motions, party_positions)
    low = text.lower()
    out = []
    for i, (p0, p1) in enumerate(spans):
        if not cp.ANY_CUE.search(low, p0, p1):
            continue  # no cue word anywhere in the paragraph
        for s, e in split_sentences(text, p0, p1):
            sentence = text[s:e]
            found = classify_at(sentence)
            if not found or kept(text, e, spans, i):
                continue
            kind, actor, at = found
            out.append({
                "text": sentence,
                "actor": normalise_actor(actor, signing),
                "due": clause_due(sentence, at, date),
                "start": s,
                "kind": kind.value,
                "status": None,  # a letter does not know; the register (matched at ingest) or the due date tells
                "answers": _answers(mentions, para_of, s, e, i),
                "paragraph": i,
            })
    return out
