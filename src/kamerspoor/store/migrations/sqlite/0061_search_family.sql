-- kamerspoor store (SQLite): derived forms in the search (kamerspoor.rules.derivations). Paragraphs get a sixth
-- search column, the family term of every derived form ("Chinese" -> china, "Oeigoerse" -> oeigoeren), and the
-- full-text index is made anew over all six columns. The column is computed in Python, so it is filled in by
-- Store.reindex(), which runs on opening because the index version changes with it (kamerspoor.store.dutch);
-- the index is rebuilt there, not here, so a large store is indexed once. Numbered 0061 so that it cannot
-- collide with the migrations other branches add meanwhile (versions need only be distinct).

DROP TRIGGER paragraphs_ai;
DROP TRIGGER paragraphs_ad;
DROP TRIGGER paragraphs_au;
DROP TABLE paragraphs_fts;

ALTER TABLE paragraphs ADD COLUMN family TEXT NOT NULL DEFAULT '';  -- family terms of derived forms, in order

CREATE VIRTUAL TABLE paragraphs_fts USING fts5(
    text, lemmas, stems, heads, parts, family,
    content=[paragraphs], content_rowid=[rowid],
    tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER paragraphs_ai AFTER INSERT ON paragraphs BEGIN
    INSERT INTO paragraphs_fts(rowid, text, lemmas, stems, heads, parts, family)
        VALUES (new.rowid, new.text, new.lemmas, new.stems, new.heads, new.parts, new.family);
END;
CREATE TRIGGER paragraphs_ad AFTER DELETE ON paragraphs BEGIN
    INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text, lemmas, stems, heads, parts, family)
        VALUES ('delete', old.rowid, old.text, old.lemmas, old.stems, old.heads, old.parts, old.family);
END;
CREATE TRIGGER paragraphs_au AFTER UPDATE ON paragraphs BEGIN
    INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text, lemmas, stems, heads, parts, family)
        VALUES ('delete', old.rowid, old.text, old.lemmas, old.stems, old.heads, old.parts, old.family);
    INSERT INTO paragraphs_fts(rowid, text, lemmas, stems, heads, parts, family)
        VALUES (new.rowid, new.text, new.lemmas, new.stems, new.heads, new.parts, new.family);
END;

-- the stored columns no longer match the index: whatever the recorded version, reindex on opening
DELETE FROM store_meta WHERE name = 'search_index';
