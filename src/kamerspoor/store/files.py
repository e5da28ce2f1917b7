"""The ``files`` table: which file was ingested, with which content, and what it yielded.

Ingest skips a file whose bytes are unchanged (``file_hash``); a new version of a file that no longer yields
a document, an official commitment or a vote it yielded before takes it out (``file_ids`` lists what the
last version yielded). Written in the same transaction as what the file yielded, so a run killed at any
moment leaves no file marked whose content is not stored.
"""

from __future__ import annotations

import json

from kamerspoor.store.connection import Connection, json_column, now_iso


class Files(Connection):
    def file_hash(self, path: str) -> str | None:
        """The content hash of ``path`` when it was last ingested, else None."""
        return self.query_value("SELECT content_hash FROM files WHERE path = ?", (path,))

    def file_hashes(self, paths: list[str], chunk: int = 500) -> dict[str, str]:
        """:meth:`file_hash` of each of ``paths`` that was ingested, a query per ``chunk`` paths."""
        out: dict[str, str] = {}
        for i in range(0, len(paths), chunk):
            cond, p = self.in_clause("path", paths[i:i + chunk])
            out.update((r[0], r[1]) for r in self.execute(f"SELECT path, content_hash FROM files WHERE {cond}", p)
                       .fetchall())
        return out

    def file_ids(self, path: str | None) -> list[str]:
        """The ids the last ingested version of ``path`` yielded (documents, Zaken, votes, officials)."""
        if not path:
            return []
        return [str(x) for x in json_column(self.query_value("SELECT doc_ids FROM files WHERE path = ?", (path,)),
                                            [])]

    def yielded_elsewhere(self, path: str | None, ident: str, kind: str | None = None) -> bool:
        """Whether a file other than ``path`` (of ``kind``, when given) yielded ``ident``."""
        sql = "SELECT 1 FROM files WHERE path <> ? AND doc_ids LIKE ?"
        params: list = [path or "", f'%"{ident}"%']
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        return self.query_value(sql, params) is not None

    def mark_file(self, path: str | None, digest: str | None, kind: str, ids: list[str]) -> None:
        """Record that ``path`` with content ``digest`` was ingested as ``kind`` and yielded ``ids``."""
        self.mark_files([(path, digest, kind, ids)])

    def mark_files(self, marks: list[tuple[str | None, str | None, str, list[str]]]) -> None:
        """:meth:`mark_file` for each (path, digest, kind, ids), in one statement."""
        at = now_iso()
        rows = [(path, digest, kind, json.dumps(ids), at) for path, digest, kind, ids in marks if path and digest]
        if rows:
            self.executemany(
                "INSERT INTO files (path, content_hash, kind, doc_ids, ingested_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (path) DO UPDATE SET content_hash = excluded.content_hash, kind = excluded.kind, "
                "doc_ids = excluded.doc_ids, ingested_at = excluded.ingested_at", rows)
