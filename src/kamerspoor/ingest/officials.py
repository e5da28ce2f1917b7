"""Official toezeggingen (the Tweede Kamer's register) matched to the commitments extracted from letters.

For the commitments of one letter, the official ones that are the same promise are found with the fetch
package's ``match_commitments`` (text, date and minister; see there) and the store keeps the answer. A letter
is matched when it is stored; when official commitments are added, changed or removed, every letter with a
commitment matched to one of them, or sharing enough words with one of them, is matched again. Both happen in
the transaction that writes the letter or the official commitments.

The register holds thousands of promises, so a letter is not compared with every one of them: an
``OfficialIndex`` maps each content word to the official commitments that use it, and only those sharing
enough words with a commitment to pass the text threshold are scored: the text score (the mean of the
Dice and the overlap coefficient of the content words) is counted from the index, and a pair below the
threshold can never match, so leaving it out changes no result. The index of a store's official commitments
is kept per open store and loaded again when they change.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from kamerspoor.fetch import toezeggingen as tz
from kamerspoor.store import Store
from kamerspoor.store.commitments import OfficialsWritten
from kamerspoor.store.tk import DeletionsApplied


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

    def match(self, commitments: list[Any], *, letter_date: str | None = None,
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


_indexes: weakref.WeakKeyDictionary[Store, OfficialIndex] = weakref.WeakKeyDictionary()


def official_index(store: Store) -> OfficialIndex:
    """The store's official commitments, indexed for matching (loaded once, renewed when they change)."""
    index = _indexes.get(store)
    if index is None:
        index = _indexes[store] = OfficialIndex(store.official_records())
    return index


@contextmanager
def _renewed(store: Store) -> Iterator[None]:
    """Around a change of the official commitments: the index is loaded again, also after a rollback."""
    try:
        yield
    finally:
        _indexes.pop(store, None)


def match_letter(store: Store, doc_id: str) -> int:
    """Match the commitments of one letter against the official ones; returns how many matched."""
    rows = store.letter_commitments(doc_id)
    if not rows:
        return 0
    index = official_index(store)
    found: list[tz.Match | None] = [None] * len(rows)
    if len(index):
        letter_date, signatories = store.letter_signing(doc_id)
        found = index.match(rows, letter_date=letter_date, signatories=signatories)
    for r, m in zip(rows, found, strict=True):
        new = (m.official_id, round(m.score, 3)) if m else (None, None)
        if (r["matched_official"], r["match_score"]) != new:
            store.set_match(doc_id, r["idx"], *new)
    return sum(m is not None for m in found)


def rematch(store: Store, changed: Iterable[str]) -> int:
    """After official commitments ``changed`` (added, changed or removed): match again every letter with a
    commitment matched to one of them or sharing enough words with one of them; returns how many letters."""
    changed = set(changed)
    if not changed:
        return 0
    _indexes.pop(store, None)
    index = official_index(store)
    letters = store.letters_matched_to(changed)
    fresh = [index.by_id[i] for i in sorted(changed) if i in index.by_id]
    if fresh:
        sub = OfficialIndex(fresh)
        letters |= {doc_id for doc_id, text in store.commitment_texts()
                    if doc_id not in letters and sub.candidates(text)}
    for doc_id in sorted(letters):
        match_letter(store, doc_id)
    return len(letters)


def put_official_commitments(store: Store, officials: list[dict], path: str | None = None,
                             file_digest: str | None = None) -> dict[str, int]:
    """Store the register's official commitments and match them against the stored commitments, in one
    transaction (see :meth:`kamerspoor.store.Store.put_official_commitments`). Returns counts: added,
    replaced, unchanged, removed, deleted, letters (letters matched again)."""
    with _renewed(store), store.transaction():
        written: OfficialsWritten = store.put_official_commitments(officials, path, file_digest)
        letters = rematch(store, written["changed"])
    return {"added": written["added"], "replaced": written["replaced"], "unchanged": written["unchanged"],
            "removed": written["removed"], "deleted": written["deleted"], "letters": letters}


def apply_deletions(store: Store, deletions: list[dict], path: str | None = None,
                    file_digest: str | None = None) -> int:
    """Follow the deletions of Tweede Kamer open data (see :meth:`kamerspoor.store.Store.apply_deletions`) and
    match again the letters whose official commitment was deleted, in one transaction; returns how many
    stored entities were removed."""
    with _renewed(store), store.transaction():
        applied: DeletionsApplied = store.apply_deletions(deletions, path, file_digest)
        rematch(store, applied["changed"])
    return applied["removed"]
