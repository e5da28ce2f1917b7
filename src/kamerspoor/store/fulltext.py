"""Full-text search over paragraphs: filters, ranked pages of hits with snippets, facets, and the reads the
hybrid (meaning + words) search needs.

The query language and its translation for each database are in :mod:`kamerspoor.store.search`; each backend
runs the ranked query (``_search_rows``, ``_count``); everything else is here, the same on both databases.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, cast

from kamerspoor.rules.identifiers import norm_dossier
from kamerspoor.rules.person_names import surname_key
from kamerspoor.store.connection import Connection
from kamerspoor.store.search import Highlighter, Node, parse_query, snippet
from kamerspoor.store.titles import title_sql
from kamerspoor.store.types import FacetValue, ParagraphHit
from kamerspoor.tkpersons import fold

FACET_LIMIT = 15


@dataclass
class SearchFilters:
    """Restrict a search. Dates are ISO ``YYYY-MM-DD``; names compare case-insensitively."""

    kind: str | None = None
    dossier: str | None = None
    since: str | None = None
    until: str | None = None
    theme: str | None = None
    instrument: str | None = None
    party: str | None = None
    submitter: str | None = None
    stance: str | None = None


@dataclass
class SearchHit:
    """A paragraph that matched: its document (``id``) and index, the snippet with the matched words marked,
    the score (higher is better), and the document's kind (always known) and, where known, title, date and
    dossier (the fields of :class:`~kamerspoor.store.types.ParagraphHit`)."""

    id: str
    paragraph: int
    snippet: str
    score: float
    kind: str
    title: str | None = None
    date: str | None = None
    dossier: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchPage:
    total: int
    results: list[SearchHit] = field(default_factory=list)
    limit: int = 20
    offset: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset,
                "results": [r.to_dict() for r in self.results]}


# (filter, the condition on d (documents) it adds); "?" takes the filter's value, as often as it occurs
# a party: one with a position in the document, a submitter's fractie in its Zaak, or the party a signatory of
# the motion sat for (submitter_parties: by any name the party goes by, folded as tkpersons.fold folds it)
_PARTY = ("(EXISTS (SELECT 1 FROM party_positions pp WHERE pp.doc_id = d.id AND lower(pp.party) = lower(?))"
          " OR EXISTS (SELECT 1 FROM zaken z JOIN zaak_actors za ON za.zaak_id = z.id "
          "WHERE z.document_id = d.id AND lower(za.fractie) = lower(?))"
          " OR EXISTS (SELECT 1 FROM submitter_parties sp WHERE sp.doc_id = d.id AND (lower(sp.fractie) = lower(?) "
          "OR sp.fractie_id IN (SELECT fn.fractie_id FROM fractie_namen fn WHERE fn.sleutel = ?))))")
_STANCE = ("(EXISTS (SELECT 1 FROM answers a WHERE a.doc_id = d.id AND a.stance = ?) "
           "OR EXISTS (SELECT 1 FROM answers a WHERE a.motion_id = d.id AND a.stance = ?) "
           "OR EXISTS (SELECT 1 FROM party_positions pp WHERE pp.doc_id = d.id AND pp.stance = ?))")
_TAG = "EXISTS (SELECT 1 FROM tags t WHERE t.doc_id = d.id AND t.kind = ? AND t.tag = ?)"

# the facets of a search: name -> (SQL counting matching documents per value, with {cond} the match, limit);
# the party and stance facets count distinct documents per value, so their sources are joined by UNION ALL (a
# UNION would sort out the same pairs once more)
_FACETS = {
    "kind": ("SELECT d.kind AS value, count(*) AS n FROM documents d WHERE {cond} GROUP BY d.kind", FACET_LIMIT),
    "dossier": ("SELECT d.dossier AS value, count(*) AS n FROM documents d WHERE {cond} GROUP BY d.dossier",
                FACET_LIMIT),
    "year": ("SELECT substr(d.date, 1, 4) AS value, count(*) AS n FROM documents d WHERE {cond} "
             "AND d.date IS NOT NULL GROUP BY substr(d.date, 1, 4)", 40),
    "theme": ("SELECT t.tag AS value, count(DISTINCT t.doc_id) AS n FROM tags t JOIN documents d ON d.id = t.doc_id "
              "WHERE t.kind = 'theme' AND {cond} GROUP BY t.tag", 40),
    "instrument": ("SELECT t.tag AS value, count(DISTINCT t.doc_id) AS n FROM tags t "
                   "JOIN documents d ON d.id = t.doc_id WHERE t.kind = 'instrument' AND {cond} GROUP BY t.tag", 40),
    "party": ("SELECT value, count(DISTINCT doc) AS n FROM (SELECT pp.party AS value, pp.doc_id AS doc "
              "FROM party_positions pp JOIN documents d ON d.id = pp.doc_id WHERE {cond} UNION ALL "
              "SELECT za.fractie AS value, z.document_id AS doc FROM zaken z JOIN zaak_actors za ON za.zaak_id = z.id "
              "JOIN documents d ON d.id = z.document_id WHERE {cond} UNION ALL "
              "SELECT sp.fractie AS value, sp.doc_id AS doc FROM submitter_parties sp JOIN documents d "
              "ON d.id = sp.doc_id WHERE sp.fractie IS NOT NULL AND {cond}) x GROUP BY value", 30),
    "stance": ("SELECT value, count(DISTINCT doc) AS n FROM (SELECT a.stance AS value, a.doc_id AS doc FROM answers a "
               "JOIN documents d ON d.id = a.doc_id WHERE {cond} UNION ALL SELECT a.stance AS value, a.motion_id AS doc "
               "FROM answers a JOIN documents d ON d.id = a.motion_id WHERE {cond} UNION ALL SELECT pp.stance AS value, "
               "pp.doc_id AS doc FROM party_positions pp JOIN documents d ON d.id = pp.doc_id WHERE {cond}) x "
               "GROUP BY value", 10),
}


class FullText(Connection):
    HIT_COLUMNS = f"p.doc_id, p.idx, p.text, d.kind, {title_sql('d')} AS title, d.date, d.dossier"

    def filter_clauses(self, f: SearchFilters) -> tuple[list[str], list[Any]]:
        """WHERE clauses on ``d`` (documents) for the filters."""
        where: list[str] = []
        params: list[Any] = []
        for value, cond, values in (
                (f.kind, "d.kind = ?", [f.kind]),
                (f.dossier, "d.dossier = ?", [norm_dossier(f.dossier)]),
                (f.since, "d.date >= ?", [f.since]),
                (f.until, "d.date <= ?", [f.until]),
                (f.theme, _TAG, ["theme", f.theme]),
                (f.instrument, _TAG, ["instrument", f.instrument]),
                (f.party, _PARTY, [f.party, f.party, f.party, fold(f.party or "")]),
                (f.submitter, "EXISTS (SELECT 1 FROM submitters s WHERE s.doc_id = d.id AND "
                              "(lower(s.name) = ? OR lower(s.name) LIKE ?))", _submitter(f.submitter)),
                (f.stance, _STANCE, [f.stance] * 3)):
            if value:
                where.append(cond)
                params += values
        return where, params

    def _search_rows(self, query: Node, filters: SearchFilters, limit: int,
                     offset: int) -> tuple[list[tuple], int | None]:
        """One page of matching paragraphs, best first: (rowid, score, total, *HIT_COLUMNS) (backends)."""
        raise NotImplementedError

    def _count(self, query: Node, filters: SearchFilters) -> int:
        raise NotImplementedError

    def matching_documents(self, query: str, filters: SearchFilters | None = None, cap: int = 20000) -> list[str]:
        """Ids of the documents with a paragraph matching ``query`` under ``filters``, from the ``cap`` best
        paragraphs (SQLite: at most ``cap`` documents); raises QuerySyntaxError like :meth:`search`."""
        rows, _ = self._search_rows(parse_query(query), filters or SearchFilters(), cap, 0)
        return list(dict.fromkeys(r[3] for r in rows))  # r[3]: p.doc_id, the first of HIT_COLUMNS

    def search(self, query: str, filters: SearchFilters | None = None, limit: int = 20, offset: int = 0) -> SearchPage:
        """Full-text search over paragraphs; raises QuerySyntaxError for a query that cannot be read."""
        node = parse_query(query)
        filters = filters or SearchFilters()
        limit = max(1, min(int(limit), 1000))
        offset = max(0, int(offset))
        rows, total = self._search_rows(node, filters, limit, offset)
        if total is None:
            total = self._count(node, filters)
        hl = Highlighter.for_query(node) if rows else Highlighter()
        hits = [SearchHit(doc_id, idx, snippet(text, hl), round(float(score), 4), kind, title, date_, dossier)
                for _, score, _, doc_id, idx, text, kind, title, date_, dossier in rows]
        return SearchPage(total, hits, limit, offset)

    def facets(self, query: str, filters: SearchFilters) -> dict[str, list[FacetValue]]:
        """Counts of matching documents per kind, dossier, year, theme, instrument, party and stance."""
        cond, p = self._matching_set(query, filters)
        out: dict[str, list[FacetValue]] = {}
        for name, (sql, limit) in _FACETS.items():
            rows = self.query(sql.format(cond=cond) + " ORDER BY n DESC, value LIMIT ?",
                              [*(p * sql.count("{cond}")), limit])
            out[name] = [FacetValue(value=r["value"], count=int(r["n"])) for r in rows if r["value"] not in (None, "")]
        return out

    def _matching_set(self, query: str, filters: SearchFilters) -> tuple[str, list]:
        """A condition on ``d.id`` (and its parameters) that holds for the documents matching ``query``, for the
        facet queries (backends may keep the set in the database rather than send it with every query)."""
        return self.in_clause("d.id", self.matching_documents(query, filters))

    def filtered_documents(self, filters: SearchFilters) -> set[str] | None:
        """The ids of the documents the filters let through; None when they let everything through."""
        where, params = self.filter_clauses(filters)
        if not where:
            return None
        return {r["id"] for r in self.query("SELECT d.id FROM documents d WHERE " + " AND ".join(where), params)}

    def paragraph_hits(self, keys: list[tuple[str, int]]) -> dict[tuple[str, int], ParagraphHit]:
        """Text and document of the paragraphs ``keys`` (doc_id, idx), in one query; those gone are left out."""
        if not keys:
            return {}
        where = " OR ".join("(p.doc_id = ? AND p.idx = ?)" for _ in keys)
        rows = self.query(f"SELECT {self.HIT_COLUMNS} FROM paragraphs p "
                          f"JOIN documents d ON d.id = p.doc_id WHERE {where}", [x for key in keys for x in key])
        return {(r.pop("doc_id"), int(r.pop("idx"))): cast(ParagraphHit, r) for r in rows}


def _submitter(name: str | None) -> list[Any]:
    key = surname_key(name) if name else ""
    return [key, "% " + key]
