-- kamerspoor store, version 2 (SQLite): the Tweede Kamer's register of toezeggingen beside the commitments
-- extracted from letters, the match between the two, and the deletions followed from Tweede Kamer open data.

CREATE TABLE official_commitments (      -- official_commitments.json (kamerspoor sync): one row per Toezegging
    id TEXT PRIMARY KEY,              -- the Toezegging's Id (guid)
    number TEXT,                      -- its Nummer: TZ202406-101
    text TEXT NOT NULL,
    status TEXT,                      -- our vocabulary (kamerspoor.model.CommitmentStatus), null when unknown
    status_official TEXT,             -- as the register writes it: "Afgedaan"
    made TEXT,                        -- YYYY-MM-DD the promise was registered (Aanmaakdatum)
    due TEXT,                         -- YYYY-MM-DD (DatumNakoming)
    minister TEXT,
    function TEXT,
    ministry TEXT,
    fulfilled_by TEXT,                -- the letter that kept it, as the register names it
    record TEXT NOT NULL              -- the whole official commitment, JSON
);
CREATE INDEX official_commitments_number ON official_commitments(number);
CREATE INDEX official_commitments_due ON official_commitments(due);

-- the official commitment that is the same promise as an extracted one (kamerspoor.store.officials)
ALTER TABLE commitments ADD COLUMN matched_official TEXT;
ALTER TABLE commitments ADD COLUMN match_score REAL;
CREATE INDEX commitments_official ON commitments(matched_official);

CREATE TABLE tk_deletions (              -- tk/deleted.jsonl: entities Tweede Kamer open data deleted
    entity TEXT NOT NULL,             -- Zaak | Toezegging | Besluit | Document | ...
    id TEXT NOT NULL,
    deleted_at TEXT,                  -- ApiGewijzigdOp of the deletion: a version changed later is kept
    PRIMARY KEY (entity, id)
);
