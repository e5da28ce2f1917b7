-- A motion's replacement chain looks Zaken up by the Zaak they replace (VervangenVanuit). Most Zaken replace
-- none, and SQLite's statistics count the NULLs as one value shared by every row ("8065 8065" in
-- sqlite_stat1), so after ANALYZE the planner took the index for useless and scanned every Zaak for each step
-- of the chain (the motion page's largest cost). An index of only the rows that replace something is what
-- the lookup needs (an equality never matches NULL) and its statistics say so.
DROP INDEX IF EXISTS zaken_replaces_zaak;
CREATE INDEX IF NOT EXISTS zaken_replaces_zaak ON zaken(replaces_zaak) WHERE replaces_zaak IS NOT NULL;
DROP INDEX IF EXISTS zaken_replaces;
CREATE INDEX IF NOT EXISTS zaken_replaces ON zaken(replaces_id) WHERE replaces_id IS NOT NULL;
