-- kamerspoor store (PostgreSQL): watches. A watch follows a motion, a dossier, a theme, a party or a search;
-- `kamerspoor watch run` records what it finds in watch_items, so what is new is what has no row yet, and a
-- re-run finds, mails and lists nothing twice (kamerspoor.watches). Numbered 0062 beside 0061, clear of the
-- migrations other branches add meanwhile (versions need only be distinct).

CREATE TABLE watches (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,               -- motion, dossier, theme, party, search
    target TEXT NOT NULL,             -- as normalised: kst-35207-27, 36600-XV, a theme id, a fractie, a query
    email TEXT NOT NULL DEFAULT '',   -- where news goes by e-mail ('' none)
    created_at TEXT NOT NULL,
    last_run_at TEXT,
    UNIQUE (kind, target, email)
);

CREATE TABLE watch_items (              -- what a watch has seen: one row per item, written once
    watch_id BIGINT NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    item TEXT NOT NULL,               -- what it is: doc:<id>, answer:<letter>, vote:<zaak>:<date>
    date TEXT,                        -- the item's own date (YYYY-MM-DD)
    title TEXT NOT NULL,
    path TEXT NOT NULL,               -- where it is on the site (/document/kst-...)
    summary TEXT NOT NULL DEFAULT '',
    found_at TEXT NOT NULL,           -- the run that found it
    baseline INTEGER NOT NULL DEFAULT 0,  -- there when the watch was made: in its feed, never news
    mailed_at TEXT,                   -- when it went out by e-mail (NULL: not yet)
    PRIMARY KEY (watch_id, item)
);
CREATE INDEX watch_items_found ON watch_items(watch_id, found_at);
