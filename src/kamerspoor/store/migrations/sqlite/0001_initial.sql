-- kamerspoor store, version 1 (SQLite). One row per document in `documents` plus normalised tables;
-- links between documents are kept as the official id they name (kst-<dossier>-<number>) and resolved
-- by joining, so they hold whichever document arrives first.

CREATE TABLE documents (
    id TEXT PRIMARY KEY,              -- kst-35207-32, or doc-<hash> when the source gives no official id
    dossier TEXT,
    number INTEGER,
    session_year TEXT,
    kind TEXT NOT NULL,
    title TEXT,
    date TEXT,                        -- YYYY-MM-DD
    submitters TEXT NOT NULL DEFAULT '[]',  -- JSON list
    source_path TEXT,
    content_hash TEXT NOT NULL,       -- sha256 of the analysis record
    record TEXT NOT NULL,             -- the whole analysis record, JSON
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_kind ON documents(kind, date);
CREATE INDEX documents_dossier ON documents(dossier, number);
CREATE INDEX documents_date ON documents(date);

CREATE TABLE submitters (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (doc_id, position)
);
CREATE INDEX submitters_name ON submitters(name COLLATE NOCASE);

CREATE TABLE sections (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    level INTEGER NOT NULL,
    number TEXT,
    heading TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

-- paragraphs carry the search columns; paragraphs_fts is an external-content FTS5 index over them
-- (so tools such as Datasette find it), kept in step by the triggers below.
CREATE TABLE paragraphs (
    rowid INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    section INTEGER,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    stems TEXT NOT NULL,              -- Dutch Snowball stem of every word, in order
    parts TEXT NOT NULL,              -- stems of the parts of compound words
    UNIQUE (doc_id, idx)
);

CREATE VIRTUAL TABLE paragraphs_fts USING fts5(
    text, stems, parts,
    content=[paragraphs], content_rowid=[rowid],
    tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER paragraphs_ai AFTER INSERT ON paragraphs BEGIN
    INSERT INTO paragraphs_fts(rowid, text, stems, parts) VALUES (new.rowid, new.text, new.stems, new.parts);
END;
CREATE TRIGGER paragraphs_ad AFTER DELETE ON paragraphs BEGIN
    INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text, stems, parts)
        VALUES ('delete', old.rowid, old.text, old.stems, old.parts);
END;
CREATE TRIGGER paragraphs_au AFTER UPDATE ON paragraphs BEGIN
    INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text, stems, parts)
        VALUES ('delete', old.rowid, old.text, old.stems, old.parts);
    INSERT INTO paragraphs_fts(rowid, text, stems, parts) VALUES (new.rowid, new.text, new.stems, new.parts);
END;

CREATE TABLE footnotes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    marker TEXT NOT NULL,
    text TEXT NOT NULL,
    urls TEXT NOT NULL DEFAULT '[]',
    anchor INTEGER,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE citations (                 -- the record's "references": Kamerstukken a document cites
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    dossier TEXT,
    number INTEGER,
    target_id TEXT,                   -- kst-<dossier>-<number>
    text TEXT,
    start INTEGER,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX citations_target ON citations(target_id);

CREATE TABLE motions (                   -- a document that is itself a motion
    id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    dossier TEXT,
    number INTEGER,
    proposed TEXT,
    debate TEXT,
    considerations TEXT NOT NULL DEFAULT '[]',
    requests TEXT NOT NULL DEFAULT '[]',
    replaces_id TEXT                  -- gewijzigde motie: kst id of the motion it replaces
);
CREATE INDEX motions_replaces ON motions(replaces_id);

CREATE TABLE answers (                   -- letter x motion x stance x evidence
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    dossier TEXT,
    number INTEGER,
    motion_id TEXT,                   -- kst id of the motion answered; set later by links when only submitters are named
    submitters TEXT NOT NULL DEFAULT '[]',
    stance TEXT,
    evidence TEXT,
    start INTEGER,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX answers_motion ON answers(motion_id);
CREATE INDEX answers_stance ON answers(stance);

CREATE TABLE party_positions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    party TEXT NOT NULL,
    proposal TEXT,
    stance TEXT,
    evidence TEXT,
    source_url TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX party_positions_party ON party_positions(party COLLATE NOCASE);

CREATE TABLE commitments (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    actor TEXT,
    due TEXT,                         -- YYYY or YYYY-MM-DD
    due_by TEXT,                      -- last day of the due period (YYYY -> YYYY-12-31), for --overdue
    kind TEXT,
    status TEXT,
    paragraph INTEGER,
    answers TEXT NOT NULL DEFAULT '[]',
    start INTEGER,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX commitments_due ON commitments(due_by);

CREATE TABLE tags (                      -- themes and instruments per paragraph
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,               -- theme | instrument
    tag TEXT NOT NULL,
    paragraph INTEGER NOT NULL,
    PRIMARY KEY (doc_id, kind, tag, paragraph)
);
CREATE INDEX tags_tag ON tags(kind, tag, doc_id);

CREATE TABLE zaken (                     -- Tweede Kamer open data: Zaak (Soort Motie, ...)
    id TEXT PRIMARY KEY,              -- the Zaak's guid
    nummer TEXT NOT NULL,             -- 2025Z02986
    soort TEXT,
    titel TEXT,
    onderwerp TEXT,
    gestart_op TEXT,
    vergaderjaar TEXT,
    kabinetsappreciatie TEXT,
    document_id TEXT,                 -- kst id of its motion document
    replaces_id TEXT,                 -- kst id of the motion it replaces, from "(t.v.v. 19637-3370)"
    replaces_zaak TEXT,               -- id or nummer of the Zaak it replaces (VervangenVanuit)
    verwijderd INTEGER NOT NULL DEFAULT 0,
    content_hash TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX zaken_document ON zaken(document_id);
CREATE INDEX zaken_nummer ON zaken(nummer);

CREATE TABLE zaak_actors (               -- indieners of a Zaak, with their fractie
    zaak_id TEXT NOT NULL REFERENCES zaken(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    naam TEXT,
    fractie TEXT,
    relatie TEXT,
    PRIMARY KEY (zaak_id, position)
);

CREATE TABLE votes (                     -- outcome of the vote on a Zaak (the votes summary)
    zaak_nummer TEXT PRIMARY KEY,
    zaak_id TEXT,
    date TEXT,
    result TEXT,                      -- aangenomen | verworpen | ... (kamerspoor.tkapi.Uitslag)
    besluit_soort TEXT,               -- as written: "Stemmen - verworpen"
    voor INTEGER,
    tegen INTEGER,
    niet_deelgenomen INTEGER,
    record TEXT NOT NULL
);

CREATE TABLE files (                     -- what was ingested from where, for idempotent and resumable runs
    path TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    kind TEXT NOT NULL,               -- document | zaak | votes | records
    doc_ids TEXT NOT NULL DEFAULT '[]',
    ingested_at TEXT NOT NULL
);
