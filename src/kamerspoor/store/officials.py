"""Official toezeggingen (the Tweede Kamer's register) beside the commitments extracted from letters.

An *official commitment* is the register's record in the project's vocabulary, as
``kamerspoor.fetch.toezeggingen.official_commitment`` makes it and ``kamerspoor sync`` writes it to
``official_commitments.json``. This module checks such records, turns them into rows, and finds for the
commitments of one letter the official ones that are the same promise, with the fetch package's
``match_commitments`` (text, date and minister; see there).

The register holds thousands of promises, so a letter is not compared with every one of them: an
``OfficialIndex`` maps each content word to the official commitments that use it, and only those sharing
enough words with a commitment to pass the text threshold are scored: the text score (the mean of the
Dice and the overlap coefficient of the content words) is counted from the index, and a pair below the
threshold can never match, so leaving it out changes no result.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np

from kamerspoor.fetch import toezeggingen as tz
from kamerspoor.model import InputError

SOURCE = "tk:Toezegging"
COLUMNS = ("id", "number", "text", "status", "status_official", "made", "due", "minister", "function", "ministry",
           "fulfilled_by")


def is_official_list(obj: Any) -> bool:
    """A list of official commitments (each marked with source ``tk:Toezegging``)."""
    return (isinstance(obj, list) and bool(obj)
            and all(isinstance(x, dict) and x.get("source") == SOURCE for x in obj))


def check_officials(obj: Any, path: str | None = None) -> list[dict]:
    """The official commitments of an ``official_commitments.json``; InputError naming the item otherwise."""
    if not isinstance(obj, list):
        raise InputError(path, "official commitments must be a JSON list")
    for i, o in enumerate(obj):
        if not isinstance(o, dict):
            raise InputError(path, f"item {i}: not an object")
        if not isinstance(o.get("id"), str) or not o["id"].strip():
            raise InputError(path, f"item {i}: official commitment without an id")
        if not isinstance(o.get("text"), str) or not o["text"].strip():
            raise InputError(path, f"item {i} ({o['id']}): official commitment without a text")
        for key in ("made", "due"):
            v = o.get(key)
            if v is not None and not isinstance(v, str):
                raise InputError(path, f"item {i} ({o['id']}): {key} must be a date YYYY-MM-DD")
    return obj


def official_row(o: dict, record_json: str) -> tuple:
    """The ``official_commitments`` row of an official commitment (``record_json``: the whole record)."""
    return (*(None if o.get(c) is None else str(o[c]) for c in COLUMNS), record_json)


class OfficialIndex:
    """The official commitments held in memory with an index of their content words, for matching."""

    def __init__(self, officials: Iterable[dict]):
        self.officials: list[dict] = list(officials)
        self.by_id = {o["id"]: o for o in self.officials}
        words = [tz.content_words(o.get("text") or "") for o in self.officials]
        postings: dict[str, list[int]] = defaultdict(list)
        for i, ws in enumerate(words):
            for w in ws:
                postings[w].append(i)
        self._postings = {w: np.asarray(ix, dtype=np.int32) for w, ix in postings.items()}
        self._sizes = np.asarray([len(ws) for ws in words], dtype=np.float64)

    def __len__(self) -> int:
        return len(self.officials)

    def candidates(self, text: str) -> list[dict]:
        """The official commitments whose text is close enough to ``text`` to pass the text threshold (the
        same measure as ``text_similarity``, counted from the index)."""
        words = tz.content_words(text or "")
        lists = [self._postings[w] for w in words if w in self._postings]
        if not lists:
            return []
        hits = np.concatenate(lists)
        ids, common = np.unique(hits, return_counts=True)
        la, lb = float(len(words)), self._sizes[ids]
        score = (2 * common / (la + lb) + common / np.minimum(la, lb)) / 2
        return [self.officials[i] for i in ids[score >= tz.MIN_TEXT - 1e-9]]

    def match(self, commitments: list[dict], *, letter_date: str | None = None,
              signatories: list[str] | None = None) -> list[tz.Match | None]:
        """One match (or None) per commitment of one letter (``{"text", "actor", "due"}`` each)."""
        seen: dict[str, dict] = {}
        for c in commitments:
            for o in self.candidates(c.get("text") or ""):
                seen.setdefault(o["id"], o)
        if not seen:
            return [None] * len(commitments)
        return tz.match_commitments(commitments, list(seen.values()), letter_date=letter_date,
                                    signatories=signatories)


def loads_record(value: Any) -> dict:
    return json.loads(value) if isinstance(value, str) else dict(value)
