-- kamerspoor store, version 3 (SQLite): search by lemma before stem (kamerspoor.store.dutch). Paragraphs get
-- two more search columns, the lemma of every word in order and the lemmas of the heads of compound words,
-- and the full-text index is made anew over all five columns. The columns are computed in Python, so the
-- rows written by an older kamerspoor are filled in by Store.reindex(), which runs on opening whenever
-- store_meta's 'search_index' differs from this kamerspoor's (kamerspoor.store.dutch.index_version).

DROP TRIGGER paragraphs_ai;
DROP TRIGGER paragraphs_ad;
DROP TRIGGER paragraphs_au;
DROP TABLE paragraphs_fts;

ALTER TABLE paragraphs ADD COLUMN lemmas TEXT NOT NULL DEFAULT '';  -- lemma (else Snowball stem) of every word, in order
ALTER TABLE paragraphs ADD COLUMN heads TEXT NOT NULL DEFAULT '';   -- lemmas of the heads of compound words

CREATE VIRTUAL TABLE paragraphs_fts USING fts5(
    text, lemmas, stems, heads, parts,
    content=[paragraphs], content_rowid=[rowid],
    tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('rebuild');

CREATE TRIGGER paragraphs_ai AFTER INSERT ON paragraphs BEGIN
    INSERT INTO paragraphs_fts(rowid, text, lemmas, stems, heads, parts)
        VALUES (new.rowid, new.text, new.lemmas, new.stems, new.heads, new.parts);
END;
CREATE TRIGGER paragraphs_ad AFTER DELETE ON paragraphs BEGIN
    INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text, lemmas, stems, heads, parts)
        VALUES ('delete', old.rowid, old.text, old.lemmas, old.stems, old.heads, old.parts);
END;
CREATE TRIGGER paragraphs_au AFTER UPDATE ON paragraphs BEGIN
    INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text, lemmas, stems, heads, parts)
        VALUES ('delete', old.rowid, old.text, old.lemmas, old.stems, old.heads, old.parts);
    INSERT INTO paragraphs_fts(rowid, text, lemmas, stems, heads, parts)
        VALUES (new.rowid, new.text, new.lemmas, new.stems, new.heads, new.parts);
END;

CREATE TABLE store_meta (                -- facts about the store as a whole
    name TEXT PRIMARY KEY,            -- search_index: kamerspoor.store.dutch.index_version() of the search columns
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
