"""Hybrid search: the store's bm25 full-text ranking and the vector ranking fused by reciprocal rank.

A paragraph's fused score is ``sum(1 / (K + rank))`` over the two rankings it appears in (rank 1 is best,
``K = 60`` as in Cormack, Clarke and Büttcher 2009), so a paragraph that both rank high comes first, and one
that only the vectors find (a query in other words than the document's) still comes up. Each ranking
contributes its first ``pool`` paragraphs (at least ``offset + limit``).

The bm25 side is :meth:`Store.search` with the query as typed (its query language: all words must match).
A query of several words that bm25 cannot match as a whole is also tried with its words joined by OR, so
bm25 still contributes where most but not all words occur. The vector side embeds the query (e5 ``query:``)
and ranks paragraph vectors by cosine; the search filters restrict both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from kamerspoor.store import SearchFilters, SearchHit, SearchPage, Store
from kamerspoor.store.search import Highlighter, QuerySyntaxError, parse_query, snippet

K = 60
POOL = 100


@dataclass
class HybridHit(SearchHit):
    """A search hit with the ranks it had in each ranking (None: not in that ranking's pool)."""

    bm25_rank: int | None = None
    vector_rank: int | None = None
    similarity: float | None = None   # cosine of the paragraph to the query


def _or_query(query: str) -> str | None:
    """The query's words joined by OR, when it is a plain list of several words; else None."""
    try:
        node = parse_query(query)
    except QuerySyntaxError:
        return None
    from kamerspoor.store.search import And, Phrase, Term

    if not (isinstance(node, And) and len(node.items) > 1
            and all(isinstance(t, Term | Phrase) for t in node.items)):
        return None
    return " OR ".join(t.word + ("*" if t.prefix else "") if isinstance(t, Term)
                       else '"' + " ".join(cast(Phrase, t).words) + '"' for t in node.items)


def vector_ranking(store: Store, query: str, filters: SearchFilters | None = None,
                   depth: int = POOL) -> list[tuple[str, int, float]]:
    """(doc_id, paragraph, cosine) of the ``depth`` paragraphs closest in meaning to ``query``."""
    from kamerspoor.semantic.embed import get_embedder
    from kamerspoor.semantic.index import load_index

    idx = load_index(store, ["paragraph"])
    if not len(idx):
        return []
    allowed = store.filtered_documents(filters or SearchFilters())
    mask = None if allowed is None else idx.rows_of(allowed)
    q = get_embedder().query(query)
    return [(idx.doc_id(i), int(idx.paragraphs[i]), s) for i, s in idx.top(q, depth, mask)]


def bm25_ranking(store: Store, query: str, filters: SearchFilters | None = None,
                 depth: int = POOL, relax: bool = True) -> tuple[list[SearchHit], int]:
    """(hits, total) of the store's full-text search; with ``relax``, topped up by the words joined by OR."""
    page = store.search(query, filters, limit=min(depth, 1000))
    hits, total = list(page.results), page.total
    if relax and len(hits) < depth:
        alt = _or_query(query)
        if alt:
            seen = {(h.id, h.paragraph) for h in hits}
            more = store.search(alt, filters, limit=min(depth, 1000))
            hits += [h for h in more.results if (h.id, h.paragraph) not in seen][: depth - len(hits)]
            total = max(total, more.total)
    return hits, total


def hybrid_search(store: Store, query: str, filters: SearchFilters | None = None, limit: int = 20,
                  offset: int = 0, k: int = K, pool: int = POOL) -> SearchPage:
    """Search paragraphs by bm25 and by meaning at once, ranked by reciprocal rank fusion.

    Same arguments and result as :meth:`Store.search` (raises ``QuerySyntaxError`` for a query the
    full-text side cannot read); the hits are :class:`HybridHit` with both ranks. ``total`` counts the
    paragraphs bm25 matched plus those only the vectors brought into the pool. Without embeddings in the
    store (``kamerspoor embed`` not run) the result is the bm25 ranking alone."""
    filters = filters or SearchFilters()
    limit = max(1, min(int(limit), 1000))
    offset = max(0, int(offset))
    depth = max(pool, offset + limit)
    bm, bm_total = bm25_ranking(store, query, filters, depth)
    vec = vector_ranking(store, query, filters, depth)
    fused: dict[tuple[str, int], dict] = {}
    for r, h in enumerate(bm, 1):
        fused[(h.id, h.paragraph)] = {"score": 1.0 / (k + r), "bm25": r, "hit": h}
    for r, (doc, par, sim) in enumerate(vec, 1):
        e = fused.setdefault((doc, par), {"score": 0.0, "bm25": None, "hit": None})
        e["score"] += 1.0 / (k + r)
        e["vector"] = r
        e["sim"] = sim
    order = sorted(fused.items(), key=lambda kv: (-kv[1]["score"], kv[1].get("bm25") or 10**9, kv[0]))
    only_vec = sum(1 for _, e in order if e["hit"] is None)
    total = bm_total + only_vec
    page = order[offset:offset + limit]
    need = [key for key, e in page if e["hit"] is None]
    info = store.paragraph_hits(need)
    try:
        hl = Highlighter.for_query(parse_query(query))
    except QuerySyntaxError:
        hl = Highlighter()
    hits: list[SearchHit] = []
    for (doc, par), e in page:
        h = e["hit"]
        if h is None:
            p = info.get((doc, par))
            if p is None:  # the paragraph went away since the vectors were loaded
                continue
            h = SearchHit(doc, par, snippet(p["text"], hl), 0.0, p["kind"], p["title"], p["date"], p["dossier"])
        cosine = e.get("sim")
        hits.append(HybridHit(h.id, h.paragraph, h.snippet, round(e["score"], 6), h.kind, h.title, h.date,
                              h.dossier, e["bm25"], e.get("vector"), None if cosine is None else round(cosine, 4)))
    return SearchPage(total, hits, limit, offset)

