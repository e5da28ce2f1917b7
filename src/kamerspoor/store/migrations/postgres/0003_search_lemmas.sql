-- kamerspoor store, version 3 (PostgreSQL): search by lemma before stem (kamerspoor.store.dutch). Paragraphs get
-- two more search columns, the lemma of every word in order and the lemmas of the heads of compound words,
-- and tsv is made anew with a weight per strength of match: A lemmas, B heads of compounds, C stems (ours
-- and PostgreSQL's Dutch configuration over the text), D parts of compounds. The columns are computed in
-- Python, so the rows written by an older kamerspoor are filled in by Store.reindex(), which runs on opening
-- whenever store_meta's 'search_index' differs from this kamerspoor's (kamerspoor.store.dutch.index_version).

ALTER TABLE paragraphs ADD COLUMN lemmas TEXT NOT NULL DEFAULT '';  -- lemma (else Snowball stem) of every word, in order
ALTER TABLE paragraphs ADD COLUMN heads TEXT NOT NULL DEFAULT '';   -- lemmas of the heads of compound words
ALTER TABLE paragraphs DROP COLUMN tsv;
ALTER TABLE paragraphs ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, lemmas), 'A')
    || setweight(to_tsvector('simple'::regconfig, heads), 'B')
    || setweight(to_tsvector('dutch'::regconfig, text), 'C')
    || setweight(to_tsvector('simple'::regconfig, stems), 'C')
    || setweight(to_tsvector('simple'::regconfig, parts), 'D')) STORED;
CREATE INDEX paragraphs_tsv ON paragraphs USING GIN (tsv);

CREATE TABLE store_meta (                -- facts about the store as a whole
    name TEXT PRIMARY KEY,            -- search_index: kamerspoor.store.dutch.index_version() of the search columns
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
