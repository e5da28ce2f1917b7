"""Search by lemma before stem: the word the user typed (or a compound whose head it is) ranks above a word
that only shares its Snowball stem, nothing the stems found is lost, and a store written by an older
kamerspoor is reindexed when it is opened. Every test runs on SQLite and, with KAMERSPOOR_TEST_PG_URL set,
on PostgreSQL, with the same expectations."""

from __future__ import annotations

import sqlite3
from importlib import resources

import pytest

from kamerspoor.store import dutch, open_store
from search_texts import put_texts, ranked

# short sentences in the style of motions; one paragraph each, stored as documents kst-99904-<n>
DOSSIER = "99904"
TEXTS = [
    "verzoekt de regering de Oekraïense verdediging te versterken;",                   # 0 stem only
    "constaterende dat mensenrechtenverdedigers in China worden vervolgd;",           # 1 head of a compound
    "overwegende dat de verdedigers van de dijk hun werk goed doen;",                  # 2 the word itself
    "verzoekt de regering het verdedigingsbeleid te herzien;",                         # 3 part of a compound
    "De Kamer heeft over drie moties gestemd.",                                        # 4
    "Het kabinet zal de gevolgen onderzoeken en de Kamer informeren.",                # 5
    "De stijging van de zeespiegel en de zeespiegelstijging langs de kust.",          # 6
]


# -- the rules ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("word, lemma", [
    ("verdedigers", "verdediger"),          # a plural -> its singular
    ("moties", "motie"),
    ("verzoekt", "verzoeken"),              # a verb form -> the infinitive
    ("verdediging", "verdediging"),         # a lemma stays as it is (not "verdeed", the stem of both)
    ("regering", "regering"),
])
def test_words_are_normalised_to_their_lemma(word: str, lemma: str) -> None:
    assert dutch.norm(word) == lemma


def test_a_word_the_lemma_table_does_not_know_falls_back_to_its_stem() -> None:
    forms, lemmas = dutch.lemma_table()
    word = "zeespiegelstijgingen"
    assert word not in forms and word not in lemmas
    assert dutch.norm(word) == dutch.stem(word)


def test_a_compound_s_head_is_normalised_like_a_word() -> None:
    assert dutch.head_norms("mensenrechtenverdedigers") == ("verdediger",)
    lemmas, stems, heads, parts, family = dutch.index_columns("Steun voor mensenrechtenverdedigers.")
    assert lemmas.split() == ["steun", "voor", "mensenrechtenverdediger"]
    assert stems.split() == dutch.stems(["steun", "voor", "mensenrechtenverdedigers"])
    assert heads.split() == ["verdediger"]
    assert dutch.stem("verdedigers") in parts.split() and dutch.stem("mensen") in parts.split()
    assert family == ""  # no derived form in it


# -- searching -----------------------------------------------------------------------------------------------------

def test_a_word_ranks_above_a_compound_with_it_as_head_above_a_shared_stem(store) -> None:
    put_texts(store, DOSSIER, TEXTS)
    # verdedigers: the word, then mensenrechtenverdedigers, then verdediging (stem "verdeed"), then a part
    assert ranked(store, "verdedigers") == [2, 1, 0, 3]
    assert ranked(store, "verdediging")[0] == 0
    page = store.search("verdedigers")
    snip = {h.id: h.snippet for h in page.results}
    assert "<mark>mensenrechtenverdedigers</mark>" in snip["kst-99904-1"]
    assert "<mark>verdediging</mark>" in snip["kst-99904-0"]  # still found, and shown


def test_a_singular_finds_the_plural_and_a_verb_form_finds_the_infinitive(store) -> None:
    put_texts(store, DOSSIER, TEXTS)
    assert ranked(store, "motie") == [4]
    assert ranked(store, "onderzocht") == [5]  # onderzocht -> onderzoeken; its stem alone would not match
    assert ranked(store, "verzocht") == []  # not in the lemma table: its stem "verzocht" finds nothing here
    assert set(ranked(store, "verzoeken")) == {0, 3}  # verzoekt


def test_compounds_are_still_found_by_their_parts(store) -> None:
    put_texts(store, DOSSIER, TEXTS)
    assert ranked(store, "zeespiegel") == [6]
    assert ranked(store, "stijging") == [6]
    assert ranked(store, "mensenrechten") == [1]
    assert ranked(store, '"de verdedigers van de dijk"') == [2]
    assert ranked(store, '"verzoekt de regering"') == [0, 3] or ranked(store, '"verzoekt de regering"') == [3, 0]


def test_lemmas_keep_every_hit_the_stems_found(store) -> None:
    put_texts(store, DOSSIER, TEXTS)
    for q in ("verdediging", "verdedigers", "verdedigen", "regering", "moties", "zeespiegelstijging"):
        stem_only = {i for i, t in enumerate(TEXTS)
                     if dutch.stem(q) in dutch.stems(dutch.tokens(t))
                     or any(dutch.stem(q) in dutch.part_stems(w) for w in dutch.tokens(t))}
        assert stem_only <= set(ranked(store, q)), q


# -- a store written by an older kamerspoor ------------------------------------------------------------------------

def _old_store(db_url: str) -> None:
    """A store as kamerspoor wrote it before lemmas: migrations 1 and 2 only, paragraphs with stems and parts."""
    folder = resources.files("kamerspoor.store") / "migrations" / ("postgres" if "://" in db_url else "sqlite")
    sql = [(f.name, f.read_text(encoding="utf-8")) for f in sorted(folder.iterdir(), key=lambda f: f.name)
           if f.name.startswith(("0001_", "0002_"))]
    rows = []
    for i, text in enumerate(TEXTS):
        words = dutch.tokens(text)
        parts = [p for w in words for p in dutch.part_stems(w)]
        rows.append((f"kst-99904-{i}", 0, 0, len(text), text, " ".join(dutch.stems(words)), " ".join(parts)))
    docs = [(f"kst-99904-{i}", "motie", f"h{i}", "{}", "2025-01-01T00:00:00+00:00") for i in range(len(TEXTS))]
    ins_doc = "INSERT INTO documents (id, kind, content_hash, record, ingested_at) VALUES (?, ?, ?, ?, ?)"
    ins_par = 'INSERT INTO paragraphs (doc_id, idx, start, "end", text, stems, parts) VALUES (?, ?, ?, ?, ?, ?, ?)'
    ins_mig = "INSERT INTO schema_migrations VALUES (?, ?, ?)"
    mig = "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    if "://" in db_url:
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as conn, conn.transaction():
            conn.execute(mig)
            for name, text in sql:
                conn.execute(text)
                conn.execute(ins_mig.replace("?", "%s"), (int(name[:4]), name, "x"))
            with conn.cursor() as cur:
                cur.executemany(ins_doc.replace("?", "%s"), docs)
                cur.executemany(ins_par.replace("?", "%s"), rows)
    else:
        conn = sqlite3.connect(db_url)
        conn.execute(mig)
        for name, text in sql:
            conn.executescript(text)
            conn.execute(ins_mig, (int(name[:4]), name, "x"))
        conn.executemany(ins_doc, docs)
        conn.executemany(ins_par, rows)
        conn.commit()
        conn.close()


def test_a_store_from_an_older_kamerspoor_is_reindexed_when_opened(db_url: str, capsys) -> None:
    _old_store(db_url)
    s = open_store(db_url)
    try:
        assert "reindexing 7 paragraphs" in capsys.readouterr().err
        assert s.schema_version() >= 3
        assert s.index_version() == dutch.index_version()
        assert ranked(s, "verdedigers") == [2, 1, 0, 3]
        assert ranked(s, "onderzocht") == [5]
        assert s.reindex() == 0  # already current: nothing to do
        assert s.reindex(force=True) == 7  # and doing it again changes nothing
        assert ranked(s, "verdedigers") == [2, 1, 0, 3]
        if s.dialect == "sqlite":
            s.execute("INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('integrity-check')")
    finally:
        s.close()
    s = open_store(db_url)  # opening again does not reindex
    s.close()
    assert "reindexing" not in capsys.readouterr().err


def test_a_store_indexed_by_another_normaliser_version_is_reindexed(db_url: str, capsys) -> None:
    s = open_store(db_url)
    put_texts(s, DOSSIER, TEXTS)
    with s.transaction():
        s.execute("UPDATE store_meta SET value = 'an older normaliser' WHERE name = 'search_index'")
        s.execute("UPDATE paragraphs SET lemmas = stems, heads = ''")  # as an older normaliser might have left them
    s.close()
    capsys.readouterr()
    s = open_store(db_url)
    try:
        assert "'an older normaliser'; reindexing 7 paragraphs" in capsys.readouterr().err
        assert s.query_value("SELECT heads FROM paragraphs WHERE doc_id = 'kst-99904-1'") == "verdediger"
        assert ranked(s, "verdedigers") == [2, 1, 0, 3]
    finally:
        s.close()


def test_a_new_store_records_its_index_version_without_reindexing(db_url: str, capsys) -> None:
    s = open_store(db_url)
    try:
        assert s.index_version() == dutch.index_version()
        assert "reindex" not in capsys.readouterr().err
    finally:
        s.close()
