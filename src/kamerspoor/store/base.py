"""The store: one class made of small modules, each one concern, the same on SQLite and PostgreSQL.

=====================  ==================================================================================
module                 what
=====================  ==================================================================================
``connection``         statements, transactions, rows as dicts (``query``, ``query_one``, ``query_value``)
``schema``             versioned migrations, the search columns' version and ``reindex``
``derived``            columns computed from stored rows (ministries, commitments' context), filled on opening
``files``              which file was ingested with which content, and what it yielded
``documents``          writing a document's rows; the record, catalogue entries, paragraphs, footnotes
``commitments``        official commitments, matches between them and the letters' commitments, their views
``tk``                 Zaken, the votes summary, deletions of Tweede Kamer open data
``motions``            a motion with its vote, Zaak, chain, answers, commitments; lists of motions, answers
``overview``           a dossier's timeline, dossiers, themes over time, counts, the export
``accountability``     what the accountability report reads: adopted motions, answers, commitments, coverage
``fulltext``           search, facets
``embeddings``         the semantic layer's vectors
``watches``            what users follow and what each watch has seen (kamerspoor.watches decides what is news)
=====================  ==================================================================================

Writes take rows made by :mod:`kamerspoor.store.rows` (an analysis record, a Zaak, a votes summary -> rows);
deciding what to write (recognising inputs, matching commitments, linking answers) is
:mod:`kamerspoor.ingest`'s job. Reads return the TypedDicts of :mod:`kamerspoor.store.types`.
"""

from __future__ import annotations

from kamerspoor.store.accountability import AccountabilityStore
from kamerspoor.store.derived import Derived
from kamerspoor.store.embeddings import EmbeddingStore
from kamerspoor.store.fulltext import FullText
from kamerspoor.store.overview import Overview
from kamerspoor.store.tk import TkStore
from kamerspoor.store.watches import WatchStore


class Store(Derived, TkStore, Overview, WatchStore, AccountabilityStore, FullText, EmbeddingStore):
    """A kamerspoor store. Open one with :func:`kamerspoor.store.open_store`."""

    def drop_all(self) -> None:
        """Remove every table of the store (tests and benchmarks on PostgreSQL start from an empty database)."""
        raise NotImplementedError
