-- kamerspoor store, version 13 (SQLite and PostgreSQL alike): Tweede Kamer open data beyond the Zaak. Votes from the Kamer's own Stemming rows
-- (per party and, for a hoofdelijke stemming, per member), the members and parties (Persoon, Fractie,
-- FractieZetelPersoon) that resolve a motion's signatories to their party, and cabinet letters known from their
-- Document record only, linked to the motions their subject names.

-- one row per Stemming row as the open data gives it; a Besluit's rows may come from several files (a
-- hoofdelijke stemming's 150 rows can span two pages), so the vote is counted again from all stored rows of a
-- Besluit whenever a file brings some (kamerspoor.tkvotes)
CREATE TABLE stemmingen (
    id TEXT PRIMARY KEY,              -- the Stemming's Id
    besluit_id TEXT NOT NULL,
    soort TEXT,                       -- Voor | Tegen | Niet deelgenomen
    actor_naam TEXT,                  -- the party, or the member ("Bamenga, P.")
    actor_fractie TEXT,
    fractie_grootte INTEGER,
    persoon_id TEXT,                  -- set on a member's row (hoofdelijke stemming)
    sid_actor_lid TEXT,
    fractie_id TEXT,
    vergissing INTEGER NOT NULL DEFAULT 0,
    datum TEXT                        -- YYYY-MM-DD the row was recorded (GewijzigdOp)
);
CREATE INDEX stemmingen_besluit ON stemmingen(besluit_id);
CREATE INDEX stemmingen_persoon ON stemmingen(persoon_id);

CREATE TABLE besluiten (                 -- a Besluit with a vote, and that vote as counted from its rows
    id TEXT PRIMARY KEY,
    zaak_id TEXT,                     -- the one Zaak it decides (Besluit.Zaak, or an Agendapunt with one Zaak)
    zaak_nummer TEXT,
    zaken_exact INTEGER NOT NULL DEFAULT 0,  -- 1: from Besluit.Zaak; 0: from the Agendapunt
    zaak_how TEXT,                    -- Besluit.Zaak | agendapunt (its one Zaak) | place (checked after ingest:
                                      -- kamerspoor.tkvotes.signatories_oppose) | place_rejected (zaak_id cleared)
    rejected_zaak_id TEXT,            -- the Zaak at its place that the signatories' votes ruled out
    agendapunt_id TEXT,
    besluit_soort TEXT,               -- "Stemmen - aangenomen"
    besluit_tekst TEXT,               -- "Aangenomen (70-66)"
    stemmings_soort TEXT,             -- "Met handopsteken" | "Hoofdelijk"
    date TEXT,
    result TEXT,                      -- kamerspoor.tkapi.Uitslag
    hoofdelijk INTEGER NOT NULL DEFAULT 0,
    voor INTEGER,
    tegen INTEGER,
    niet_deelgenomen INTEGER,
    seats INTEGER NOT NULL DEFAULT 0, -- seats counted
    kamer_size INTEGER NOT NULL DEFAULT 150,
    complete INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,             -- complete | incomplete | contradictory
    contradictions TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '[]', -- rows not counted, and why; what the votes summary says when it differs
    mistakes TEXT NOT NULL DEFAULT '[]'  -- actors whose vote is marked Vergissing (kept, as the Kamer keeps it)
);
CREATE INDEX besluiten_zaak ON besluiten(zaak_id);
CREATE INDEX besluiten_zaak_nummer ON besluiten(zaak_nummer);

CREATE TABLE besluit_fracties (          -- how each party voted (seats per vote)
    besluit_id TEXT NOT NULL REFERENCES besluiten(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    fractie TEXT NOT NULL,
    fractie_id TEXT,
    voor INTEGER NOT NULL DEFAULT 0,
    tegen INTEGER NOT NULL DEFAULT 0,
    niet_deelgenomen INTEGER NOT NULL DEFAULT 0,
    by_members INTEGER NOT NULL DEFAULT 0,  -- counted from its members' rows (a hoofdelijke stemming)
    vergissing INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (besluit_id, position)
);

CREATE TABLE besluit_leden (             -- how each member voted, in a hoofdelijke stemming
    besluit_id TEXT NOT NULL REFERENCES besluiten(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    naam TEXT,
    fractie TEXT,
    soort TEXT NOT NULL,
    persoon_id TEXT,
    vergissing INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (besluit_id, position)
);

-- the votes summary's totals are a third party's claim: checked like the rows when written
ALTER TABLE votes ADD COLUMN seats INTEGER;
ALTER TABLE votes ADD COLUMN status TEXT;             -- complete | incomplete | contradictory (null: not checked)
ALTER TABLE votes ADD COLUMN contradictions TEXT;
DELETE FROM files WHERE kind = 'votes';               -- the next ingest reads the summary again and checks it

CREATE TABLE personen (                  -- Persoon
    id TEXT PRIMARY KEY,
    achternaam TEXT NOT NULL,
    tussenvoegsel TEXT,
    initialen TEXT,
    roepnaam TEXT,
    voornamen TEXT,
    functie TEXT,
    nummer INTEGER
);

CREATE TABLE fracties (                  -- Fractie
    id TEXT PRIMARY KEY,
    afkorting TEXT,
    naam TEXT,
    zetels INTEGER,
    actief_van TEXT,
    actief_tot TEXT
);

CREATE TABLE fractie_namen (             -- every name a party goes by: Afkorting, NaamNL, the vote rows' ActorFractie
    fractie_id TEXT NOT NULL,
    naam TEXT NOT NULL,
    sleutel TEXT NOT NULL,            -- the name folded (kamerspoor.tkpersons.fold)
    PRIMARY KEY (fractie_id, sleutel)
);
CREATE INDEX fractie_namen_sleutel ON fractie_namen(sleutel);

CREATE TABLE lidmaatschappen (           -- FractieZetelPersoon with its links: a member in a party for a period
    id TEXT PRIMARY KEY,
    persoon_id TEXT NOT NULL,
    fractie_id TEXT NOT NULL,
    fractie TEXT,
    van TEXT,
    tot TEXT
);
CREATE INDEX lidmaatschappen_persoon ON lidmaatschappen(persoon_id);

CREATE TABLE submitter_parties (         -- a motion's signatories resolved to a member and a party on its date
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,               -- as the motion names the member
    persoon_id TEXT,
    fractie TEXT,                     -- null: not resolved
    fractie_id TEXT,
    how TEXT NOT NULL,                -- kamerspoor.tkpersons: how the party is known
    PRIMARY KEY (doc_id, position)
);
CREATE INDEX submitter_parties_fractie ON submitter_parties(fractie_id);

-- a cabinet letter known from its Document record ("Brief regering"): a document in `documents` (without text
-- until `kamerspoor fetch` brings it) and its metadata here, kept when the text replaces the document
CREATE TABLE letters (
    doc_id TEXT PRIMARY KEY,          -- the document's id: its kst id when known, else tk-<DocumentNummer>
    tk_id TEXT NOT NULL UNIQUE,       -- the Document's Id (guid)
    nummer TEXT,                      -- DocumentNummer: 2025D01234
    onderwerp TEXT,
    titel TEXT,                       -- the dossier's title
    date TEXT,
    vergaderjaar TEXT,
    volgnummer INTEGER,               -- the Kamerstuk's number in its dossier
    kst_id TEXT,                      -- given by the record (HuidigeDocumentVersie), else derived, else null
    kst_how TEXT,                     -- record | dossier_title: how the kst id is known
    advice INTEGER NOT NULL DEFAULT 0,  -- the subject gives advice before the vote (Appreciatie)
    placeholder_hash TEXT,            -- content hash of the document written without text
    content_hash TEXT NOT NULL,
    record TEXT NOT NULL              -- the Document record, JSON
);
CREATE INDEX letters_kst ON letters(kst_id);

CREATE TABLE letter_motions (            -- the motions a letter's subject names, and how
    letter_id TEXT NOT NULL,          -- letters.doc_id
    idx INTEGER NOT NULL,
    motion_id TEXT,                   -- kst id of the motion (null: named by member and subject, not matched)
    how TEXT NOT NULL,                -- number | tvv | member_subject
    relation TEXT NOT NULL,           -- answer | appreciatie (advice before the vote)
    members TEXT NOT NULL DEFAULT '[]',
    about TEXT,
    mention TEXT,                     -- the words of the subject that name it
    PRIMARY KEY (letter_id, idx)
);
CREATE INDEX letter_motions_motion ON letter_motions(motion_id);

CREATE TABLE tk_pending (                -- what open data changed and the links after a run must look at again
    what TEXT PRIMARY KEY,            -- submitter_parties | letters
    since TEXT NOT NULL
);
