-- kamerspoor semantic layer (PostgreSQL): sentence embeddings of every paragraph and of every motion's requests
-- and considerations (kamerspoor.semantic). Vectors are L2-normalised float16, little-endian, stored as
-- BYTEA and searched by brute-force cosine in numpy: at the store's scale (10^5 vectors of 384 dimensions,
-- 77 MB) a scan takes milliseconds, so no vector extension is needed. Numbered 900 so that it runs after
-- the store's own migrations; rows go with their document (ON DELETE CASCADE).

CREATE TABLE embeddings (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,               -- paragraph | request | consideration
    paragraph INTEGER NOT NULL,       -- paragraphs.idx for kind paragraph; position in the motion's list otherwise
    vector BYTEA NOT NULL,            -- float16[dim], L2-normalised
    PRIMARY KEY (doc_id, kind, paragraph)
);

CREATE TABLE embedded_documents (        -- which version of a document was embedded, with which model
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,       -- documents.content_hash when embedded: a new version is embedded again
    model TEXT NOT NULL,
    dim INTEGER NOT NULL,
    kinds TEXT NOT NULL,              -- the kinds embedded, comma-separated: paragraph,request,consideration
    embedded_at TEXT NOT NULL
);
