"""Motions related by meaning to passages of letters: for a motion the store does not hold, the motions whose
requests are closest in meaning to the paragraphs that cite it.

The paragraphs' vectors are the ones ``kamerspoor embed`` stored, so nothing goes through the model here;
without embeddings there is nothing to compare and the answer says so. Suggestions, not findings.
"""

from __future__ import annotations

from typing import TypedDict

import numpy as np

from kamerspoor.store import Store

MIN_SCORE = 0.80  # cosine of multilingual-e5-small vectors below which a motion is hardly related (e5 scores run high)


class RelatedMotion(TypedDict):
    id: str
    score: float


def related_motions(store: Store, paragraphs: list[tuple[str, int]], exclude: set[str] | None = None,
                    limit: int = 5) -> tuple[list[RelatedMotion], str | None]:
    """(motions best first, a note when meaning could not be used) for ``paragraphs`` ((document, index) pairs):
    each motion scored by the best cosine of one of its requests to one of the paragraphs."""
    from kamerspoor.semantic.index import load_index

    if not paragraphs:
        return [], None
    texts = load_index(store, ["paragraph"])
    requests = load_index(store, ["request"])
    if not len(texts) or not len(requests):
        return [], "no embeddings in the store"
    rows = sorted(i for i in (texts.row(d, p) for d, p in dict.fromkeys(paragraphs)) if i is not None)
    if not rows:
        return [], "the citing paragraphs have no embeddings"
    best: dict[str, float] = {}
    skip = exclude or set()
    for i in rows:
        for j, score in requests.top(np.asarray(texts.matrix[i]), limit * 4):
            doc = requests.doc_id(j)
            if doc not in skip and score >= MIN_SCORE and score > best.get(doc, -1.0):
                best[doc] = score
    ranked = sorted(best.items(), key=lambda x: -x[1])[:limit]
    return [{"id": d, "score": round(s, 3)} for d, s in ranked], None
