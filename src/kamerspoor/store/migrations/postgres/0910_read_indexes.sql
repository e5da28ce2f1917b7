-- Indexes for what the pages and the API read (bench/serve.py), so that a page costs the rows it shows,
-- not a scan of the store:
-- - newest documents first (/api/documents, the home page): the sort columns in one index, so a page of ids
--   is read from the index without visiting the (large) document rows it skips;
-- - a motion's replacement chain from the Zaak side (VervangenVanuit by id or nummer, "t.v.v." in the
--   onderwerp): looked up by value, not by scanning every Zaak;
-- - a motion's Zaak and its number together (the votes of a dossier's motions: the Zaak rows are not read);
-- - the most recently active dossiers (the home page, /dossiers): the dossier and date of every document
--   from one index, without reading the rows.
CREATE INDEX IF NOT EXISTS documents_recent ON documents(date DESC, dossier, number DESC, id);
CREATE INDEX IF NOT EXISTS zaken_replaces ON zaken(replaces_id);
CREATE INDEX IF NOT EXISTS zaken_replaces_zaak ON zaken(replaces_zaak);
CREATE INDEX IF NOT EXISTS documents_dossier_date ON documents(dossier, date);
CREATE INDEX IF NOT EXISTS zaken_document_nummer ON zaken(document_id, nummer);
