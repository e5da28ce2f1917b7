-- kamerspoor store (PostgreSQL): derived forms in the search (kamerspoor.rules.derivations). Paragraphs get a
-- sixth search column, the family term of every derived form ("Chinese" -> china, "Oeigoerse" -> oeigoeren),
-- weighted B in tsv like the heads of compounds: below the word itself (A), above a shared stem (C). The column
-- is computed in Python, so it is filled in by Store.reindex(), which runs on opening because the index version
-- changes with it (kamerspoor.store.dutch). Numbered 0061 so that it cannot collide with the migrations other
-- branches add meanwhile (versions need only be distinct).

ALTER TABLE paragraphs ADD COLUMN family TEXT NOT NULL DEFAULT '';  -- family terms of derived forms, in order
ALTER TABLE paragraphs DROP COLUMN tsv;
ALTER TABLE paragraphs ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, lemmas), 'A')
    || setweight(to_tsvector('simple'::regconfig, heads), 'B')
    || setweight(to_tsvector('simple'::regconfig, family), 'B')
    || setweight(to_tsvector('dutch'::regconfig, text), 'C')
    || setweight(to_tsvector('simple'::regconfig, stems), 'C')
    || setweight(to_tsvector('simple'::regconfig, parts), 'D')) STORED;
CREATE INDEX paragraphs_tsv ON paragraphs USING GIN (tsv);

-- the stored columns no longer match the index: whatever the recorded version, reindex on opening
DELETE FROM store_meta WHERE name = 'search_index';
