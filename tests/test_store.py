"""The store as a library: writing records, links across documents, search, reading the record back.

Every test runs against a real SQLite file and, when KAMERSPOOR_TEST_PG_URL is set (``.ci/postgres.sh``),
against a real PostgreSQL database: the same test functions on both. Records are the fictional ones in
tests/fixtures/store/ (dossier 99 902).
"""

from __future__ import annotations

import copy
import json
import os
import sqlite3
from pathlib import Path

import pytest

from kamerspoor.ingest import ingest, put_record, resolve_links
from kamerspoor.record import from_json
from kamerspoor.store import QuerySyntaxError, SearchFilters, dutch, open_store
from kamerspoor.store.rows import document_rows

FIXTURES = Path(__file__).parent / "fixtures" / "store"
PG_URL = os.environ.get("KAMERSPOOR_TEST_PG_URL")


def record(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def full(store):
    """A store holding the four motions, the letter, both Zaken and the votes."""
    for name in ("kst-99902-8", "kst-99902-9", "kst-99902-11", "kst-99902-12", "kst-99902-20"):
        put_record(store, record(name))
    ingest(store, [FIXTURES / "zaak-99902-8.json", FIXTURES / "zaak-99902-11.json",
                   FIXTURES / "motion_votes_summary.json"], jobs=1)
    return store


def count(store, table: str) -> int:
    return int(store.query_value(f"SELECT count(*) FROM {table}"))


# -- writing -------------------------------------------------------------------------------------------------

def test_storing_the_same_record_twice_changes_nothing(store) -> None:
    rec = record("kst-99902-20")
    assert put_record(store, rec) == "added"
    before = {t: count(store, t) for t in ("documents", "paragraphs", "answers", "commitments", "tags")}
    assert put_record(store, copy.deepcopy(rec)) == "unchanged"
    assert {t: count(store, t) for t in before} == before
    assert before["paragraphs"] == len(rec["paragraphs"])


def test_a_new_version_replaces_the_old_one(store) -> None:
    rec = record("kst-99902-20")
    put_record(store, rec)
    new = copy.deepcopy(rec)
    new["text"] = "Het kabinet heeft de zeespiegelstijging onderzocht."
    new["paragraphs"] = [{"start": 0, "end": len(new["text"]), "section": None}]
    new["motions"], new["commitments"], new["themes"], new["instruments"] = [], [], [], []
    assert put_record(store, new) == "replaced"
    assert count(store, "documents") == 1
    assert count(store, "paragraphs") == 1
    assert count(store, "answers") == 0
    assert store.search("mensenrechtenverdedigers").total == 0  # the old text is gone from the index
    assert store.search("zeespiegel").total == 1
    assert store.document("kst-99902-20")["text"] == new["text"]


def test_the_whole_record_is_stored_and_returned(store) -> None:
    rec = from_json(record("kst-99902-20"))
    put_record(store, rec)
    assert store.record("kst-99902-20") == rec
    assert store.document("kst-99902-20") == rec.to_dict()
    assert store.document("kst-0-0") is None and store.record("kst-0-0") is None


def test_a_transaction_inside_another_is_undone_with_the_outer_one(store) -> None:
    put_record(store, record("kst-99902-20"))
    with pytest.raises(RuntimeError), store.transaction():
        with store.transaction():
            store.execute("DELETE FROM commitments")
        assert count(store, "commitments") == 0
        raise RuntimeError("undo both")
    assert count(store, "commitments") == len(record("kst-99902-20")["commitments"]) > 0
    with store.transaction():
        with store.transaction():
            store.execute("DELETE FROM commitments")
    assert count(store, "commitments") == 0


def test_query_api_reads_rows_one_row_a_value_and_any_list_of_ids(full) -> None:
    cond, params = full.in_clause("id", ["kst-99902-8", "kst-99902-20", "kst-99999-1"])
    assert [r["id"] for r in full.query(f"SELECT id FROM documents WHERE {cond} ORDER BY id", params)] == \
        ["kst-99902-20", "kst-99902-8"]
    cond, params = full.in_clause("id", [])
    assert full.query(f"SELECT id FROM documents WHERE {cond}", params) == []
    assert full.query_one("SELECT kind FROM documents WHERE id = ?", ("kst-99902-20",)) == {"kind": "brief"}
    assert full.query_one("SELECT kind FROM documents WHERE id = ?", ("kst-99999-1",)) is None
    assert full.query_value("SELECT count(*) FROM motions") == 4


def test_a_document_without_official_id_gets_a_stable_one(store) -> None:
    rec = record("kst-99902-20")
    rec["document"].update(id=None, dossier=None, number=None)
    rows = document_rows(from_json(rec), "/some/where/letter.txt")
    assert rows.id == document_rows(from_json(rec), "/some/where/letter.txt").id
    assert rows.id.startswith("doc-")
    assert store.put_document(rows) == "added"


def test_migrations_are_recorded_and_opening_again_is_harmless(db_url: str) -> None:
    s = open_store(db_url)
    assert s.schema_version() >= 1
    put_record(s, record("kst-99902-8"))
    s.close()
    s = open_store(db_url)
    assert s.schema_version() >= 1
    assert count(s, "documents") == 1
    s.close()


def test_a_database_from_a_newer_kamerspoor_is_refused_with_a_clear_message(db_url: str) -> None:
    from kamerspoor.store import StoreError

    s = open_store(db_url)
    version = s.schema_version()
    with s.transaction():
        s.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version + 1000, "from_the_future", "x"))
    s.close()
    try:
        with pytest.raises(StoreError, match="newer than this kamerspoor knows"):
            open_store(db_url)
    finally:  # leave the database usable for the next test
        if db_url.startswith("postgresql://"):
            import psycopg

            with psycopg.connect(db_url, autocommit=True) as conn:
                conn.execute("DELETE FROM schema_migrations WHERE version = %s", (version + 1000,))
        else:
            import sqlite3

            with sqlite3.connect(db_url) as conn:
                conn.execute("DELETE FROM schema_migrations WHERE version = ?", (version + 1000,))


# -- links ---------------------------------------------------------------------------------------------------

def test_a_letter_stored_before_the_motion_it_answers_is_linked_when_the_motion_arrives(store) -> None:
    put_record(store, record("kst-99902-20"))
    m = store.motion("99902-8")
    assert m is not None and m["in_store"] is False  # known from the answer alone
    assert [a["letter"] for a in m["answers"]] == ["kst-99902-20"]
    put_record(store, record("kst-99902-8"))
    m = store.motion("kst-99902-8")
    assert m["in_store"] is True
    assert m["submitters"] == ["De Wit", "Jansen"]
    assert m["answers"][0]["stance"] == "executed"
    assert "conform deze motie" in m["answers"][0]["evidence"]
    assert [c["text"] for c in m["commitments"]] == [record("kst-99902-20")["commitments"][0]["text"]]
    assert store.stats()["answers_linked"] == 1


def test_a_letter_carries_the_answered_motions_requests_once_the_motion_is_stored(store) -> None:
    put_record(store, record("kst-99902-20"))
    answer = store.document("kst-99902-20")["motions"][0]
    assert "motion_requests" not in answer  # the motion is not known yet
    put_record(store, record("kst-99902-8"))
    answer = store.document("kst-99902-20")["motions"][0]
    assert answer["motion_id"] == "kst-99902-8"
    assert answer["motion_requests"] == record("kst-99902-8")["motion"]["requests"]
    assert answer["stance"] == "executed"


def test_a_gewijzigde_motie_points_to_the_motion_it_replaces(store) -> None:
    put_record(store, record("kst-99902-20"))
    put_record(store, record("kst-99902-11"))  # replaces nr. 9, which is not yet in the store
    assert store.motion("99902-11")["replaces"] == ["kst-99902-9"]
    put_record(store, record("kst-99902-9"))
    old = store.motion("99902-9")
    assert old["replaced_by"] == ["kst-99902-11"]
    # the letter answers the gewijzigde motie; the replaced one shows that answer too
    assert [(a["letter"], a["cites"], a["stance"]) for a in old["answers"]] == [
        ("kst-99902-20", "kst-99902-11", "declined")]


def test_a_zaak_names_the_motion_a_gewijzigde_motie_replaces(store) -> None:
    rec = record("kst-99902-11")
    rec["motion"]["replaces"] = None  # the motion's text does not say it; the Zaak does ("t.v.v. 99902-9")
    put_record(store, rec)
    assert store.motion("99902-11")["replaces"] == []
    ingest(store, [FIXTURES / "zaak-99902-11.json"], jobs=1)
    assert store.motion("99902-11")["replaces"] == ["kst-99902-9"]
    assert store.motion("99902-11")["zaak"]["nummer"] == "2025Z99911"


@pytest.mark.parametrize("votes_first", [True, False])
def test_votes_attach_to_their_motions_whichever_arrives_first(store, votes_first: bool) -> None:
    files = [FIXTURES / "motion_votes_summary.json", FIXTURES / "zaak-99902-8.json"]
    if votes_first:
        ingest(store, files, jobs=1)
        put_record(store, record("kst-99902-8"))
    else:
        put_record(store, record("kst-99902-8"))
        ingest(store, files[::-1], jobs=1)
    vote = store.motion("99902-8")["vote"]
    assert (vote["result"], vote["voor"], vote["tegen"]) == ("aangenomen", 90, 60)
    assert store.stats()["motions_with_vote"] == 1


def test_an_answer_naming_only_the_submitter_is_linked_to_that_motion(store) -> None:
    put_record(store, record("kst-99902-20"))
    assert resolve_links(store) == 0  # motion nr. 12 is not there yet
    put_record(store, record("kst-99902-12"))
    assert resolve_links(store) == 1
    m = store.motion("99902-12")
    assert [(a["letter"], a["stance"]) for a in m["answers"]] == [("kst-99902-20", "in_progress")]


# -- reading -------------------------------------------------------------------------------------------------

def test_commitments_open_and_overdue(full) -> None:
    all_ = full.commitments()
    assert len(all_) == 2
    overdue = full.commitments(overdue=True, today="2025-08-01")
    assert [c["due"] for c in overdue] == ["2025-07-01"]
    assert full.commitments(overdue=True, today="2025-06-01") == []
    assert [c["due"] for c in full.commitments(overdue=True, today="2027-01-01")] == ["2025-07-01", "2026"]
    full.execute("UPDATE commitments SET status = 'Voldaan' WHERE due = '2025-07-01'")
    assert [c["due"] for c in full.commitments(open_only=True)] == ["2026"]


def test_dossier_timeline_lists_documents_by_date_with_answers_and_votes(full) -> None:
    d = full.dossier("99 902")
    assert [doc["id"] for doc in d["documents"]] == ["kst-99902-8", "kst-99902-9", "kst-99902-12",
                                                     "kst-99902-11", "kst-99902-20"]
    by_id = {doc["id"]: doc for doc in d["documents"]}
    assert by_id["kst-99902-8"]["vote"]["result"] == "aangenomen"
    assert by_id["kst-99902-11"]["vote"]["result"] == "verworpen"
    assert {a["motion"] for a in by_id["kst-99902-20"]["answers"]} == {"kst-99902-8", "kst-99902-11",
                                                                       "kst-99902-12"}
    assert by_id["kst-99902-8"]["answered_in"] == [{"letter": "kst-99902-20", "stance": "executed"}]


def test_stats_count_documents_motions_answers_commitments_votes(full) -> None:
    s = full.stats()
    assert s["documents_by_kind"] == {"brief": 1, "motie": 4}
    assert (s["motions"], s["answers"], s["commitments"], s["votes"], s["zaken"]) == (4, 3, 2, 2, 2)
    assert s["motions_with_vote"] == 2


def test_export_yields_every_record_with_its_links(full) -> None:
    out = {r["id"]: r for r in full.export()}
    assert set(out) == {"kst-99902-8", "kst-99902-9", "kst-99902-11", "kst-99902-12", "kst-99902-20"}
    assert out["kst-99902-8"]["vote"]["result"] == "aangenomen"
    assert out["kst-99902-20"]["motions"][0]["stance"] == "executed"


def test_the_read_api_gives_catalogue_motions_answers_dossiers_themes_and_commitments(full) -> None:
    total, page = full.document_list(kind="motie", limit=2)
    assert total == 4 and [d["id"] for d in page] == ["kst-99902-11", "kst-99902-12"]  # newest first
    assert page[0]["submitters"] == ["Kaya"] and full.document_row("kst-99902-11")["content_hash"]
    assert full.existing_ids(["kst-99902-8", "kst-99999-1", ""]) == {"kst-99902-8"}
    total, motions = full.motion_list()
    by_id = {m["id"]: m for m in motions}
    assert total == 4 and (by_id["kst-99902-8"]["vote"], by_id["kst-99902-8"]["answers"]) == ("aangenomen", 1)
    assert by_id["kst-99902-11"]["replaces_id"] == "kst-99902-9"
    # the answer to the gewijzigde motie nr. 11 counts for nr. 9, which it replaces (as on the motion's page)
    assert by_id["kst-99902-9"]["answers"] == 1 and by_id["kst-99902-9"]["strongest"]["stance"] == "declined"
    total, answers = full.answer_rows(motion="99902-8")
    assert total == 1 and (answers[0]["stance"], answers[0]["submitters"]) == ("executed", ["De Wit"])
    assert [a["motion"] for a in full.answer_rows(stance="declined")[1]] == ["kst-99902-11"]
    assert full.dossier_list()[1] == [{"dossier": "99902", "documents": 5, "motions": 4, "first_date": "2025-03-13",
                                       "last_date": "2025-05-01", "title": "Motie van het lid De Wit"}]
    assert full.dossier_known("99 902") and not full.dossier_known("12345")
    in_dossier = {m["id"]: m for m in full.dossier_motions("99 902")}
    assert set(in_dossier) == {"kst-99902-8", "kst-99902-9", "kst-99902-11", "kst-99902-12"}
    assert [a["stance"] for a in in_dossier["kst-99902-12"]["answers"]] == ["in_progress"]
    assert in_dossier["kst-99902-9"]["answers"] == []
    assert full.theme_counts()["press_freedom"] == {"documents": 1, "paragraphs": 2}
    t = full.theme_timeline("press_freedom", limit=1)
    assert (t["total_paragraphs"], len(t["paragraphs"])) == (2, 1)
    assert t["years"] == [{"year": "2025", "documents": 1, "paragraphs": 2,
                           "stances": {"declined": 1, "executed": 1, "in_progress": 1}}]
    overdue = full.commitment_list("overdue", today="2025-08-01")
    assert [(c["due"], c["overdue"], c["submitters"]) for c in overdue] == [("2025-07-01", True, ["Bakker"])]
    assert [c["themes"] for c in full.commitment_list(theme="press_freedom")] == [["press_freedom"]]


def test_a_paragraph_is_found_by_a_character_offset_in_it(full) -> None:
    paragraphs = full.paragraphs("kst-99902-20")
    assert [p["idx"] for p in paragraphs] == list(range(len(paragraphs)))
    for p in paragraphs:
        assert full.paragraph_of("kst-99902-20", p["start"]) == p["idx"]
        assert full.paragraph_of("kst-99902-20", p["end"] - 1) == p["idx"]
    assert full.paragraph_of("kst-99902-20", None) is None


def test_search_facets_count_matching_documents(full) -> None:
    facets = full.facets("journalisten", SearchFilters())
    assert facets["kind"] == [{"value": "motie", "count": 2}, {"value": "brief", "count": 1}]
    assert facets["stance"][0] == {"value": "declined", "count": 2}  # the letter, and the motion it declines
    assert facets["party"] == [{"value": "Partij voor de Toekomst", "count": 1}]
    assert full.facets("journalisten", SearchFilters(kind="brief"))["kind"] == [{"value": "brief", "count": 1}]


# -- search --------------------------------------------------------------------------------------------------

def test_search_finds_a_part_of_a_compound(full) -> None:
    page = full.search("verdedigers")
    hits = {(h.id, h.paragraph) for h in page.results}
    assert ("kst-99902-20", 0) in hits  # "mensenrechtenverdedigers"
    assert ("kst-99902-20", 1) in hits  # "verdedigers" itself
    snip = next(h.snippet for h in page.results if (h.id, h.paragraph) == ("kst-99902-20", 0))
    assert "<mark>mensenrechtenverdedigers</mark>" in snip


def test_search_uses_dutch_stems(full) -> None:
    assert {h.id for h in full.search("organisatie").results} == {"kst-99902-12", "kst-99902-20"}  # organisaties
    assert {h.id for h in full.search("gesprek").results} == {"kst-99902-20"}  # gesprekken
    assert any("<mark>journalisten</mark>" in h.snippet for h in full.search("journalist").results)


def test_search_ranks_a_whole_word_above_a_part_of_a_compound(store) -> None:
    for i, text in enumerate(["Over de verdedigers van de dijk.", "Over mensenrechtenverdedigers en anderen."]):
        rec = record("kst-99902-8")
        rec["document"].update(id=f"kst-99903-{i}", dossier="99903", number=i)
        rec["text"], rec["paragraphs"], rec["motion"] = text, [{"start": 0, "end": len(text), "section": None}], None
        put_record(store, rec)
    assert [h.id for h in store.search("verdedigers").results] == ["kst-99903-0", "kst-99903-1"]


def test_search_phrases_or_and_exclusion(full) -> None:
    assert {h.id for h in full.search('"veiligheid van journalisten"').results} == {"kst-99902-9", "kst-99902-11"}
    assert full.search('"journalisten van veiligheid"').total == 0
    assert full.search("fonds OR dialoog").total == full.search("fonds").total + full.search("dialoog").total
    hits = {(h.id, h.paragraph) for h in full.search("journalisten -2025").results}
    assert ("kst-99902-11", 2) in hits and ("kst-99902-11", 3) not in hits  # nr. 3 says "in 2025"
    assert full.search("exportkred*").total == 1


def test_search_filters(full) -> None:
    def ids(**kw) -> set[str]:
        return {h.id for h in full.search("verzoekt OR kabinet OR motie", SearchFilters(**kw), limit=100).results}

    assert ids(kind="brief") == {"kst-99902-20"}
    assert ids(kind="motie") == {"kst-99902-8", "kst-99902-9", "kst-99902-11", "kst-99902-12"}
    assert ids(dossier="99 902") == ids()
    assert ids(dossier="12345") == set()
    assert ids(since="2025-03-14", until="2025-04-30") == {"kst-99902-11"}
    assert ids(theme="press_freedom") == {"kst-99902-20"}
    assert ids(instrument="fund") == {"kst-99902-20"}
    assert ids(submitter="kaya") == {"kst-99902-9", "kst-99902-11"}
    assert ids(stance="declined") == {"kst-99902-20", "kst-99902-11"}  # the letter, and the motion it declines
    assert ids(party="partij voor de toekomst") == {"kst-99902-20", "kst-99902-8"}  # position; fractie of indiener
    for kw in ({}, {"kind": "motie"}, {"since": "2025-03-14", "until": "2025-04-30"}, {"dossier": "12345"}):
        found = full.matching_documents("verzoekt OR kabinet OR motie", SearchFilters(**kw))
        assert sorted(found) == sorted(ids(**kw))  # each document once


def test_search_pages_through_results(full) -> None:
    first = full.search("de", limit=3)
    assert first.total > 6
    second = full.search("de", limit=3, offset=3)
    assert second.total == first.total
    assert not {(h.id, h.paragraph) for h in first.results} & {(h.id, h.paragraph) for h in second.results}
    beyond = full.search("de", limit=3, offset=first.total + 5)
    assert beyond.results == [] and beyond.total == first.total


@pytest.mark.parametrize("query", ['"unclosed', "(fonds", "fonds)", "OR fonds", "fonds OR", "-fonds", "NOT", "",
                                   "fonds AND", "fonds OR -dialoog", "&&"])
def test_a_query_that_cannot_be_read_is_a_clear_error(full, query: str) -> None:
    with pytest.raises(QuerySyntaxError) as e:
        full.search(query)
    assert str(e.value).startswith("search query: ")


def test_odd_characters_in_a_query_are_words_not_syntax(full) -> None:
    for q in ["fonds:", "{fonds}", "fonds^2", "NEAR fonds", "kst-99902-8", "'fonds'", "fonds;DROP TABLE documents"]:
        full.search(q)  # no error
    assert full.search("fonds;DROP TABLE documents").total == 0
    assert count(full, "documents") == 5


# -- the SQLite file for other tools -------------------------------------------------------------------------

def test_the_sqlite_file_offers_full_text_search_to_other_tools(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    s = open_store(path)
    put_record(s, record("kst-99902-20"))
    s.close()
    conn = sqlite3.connect(path)
    # how Datasette (datasette.utils.detect_fts) finds the FTS table of a table
    assert conn.execute("SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE "
                        "'%VIRTUAL TABLE%USING FTS%content=[paragraphs]%'").fetchall() == [("paragraphs_fts",)]
    rows = conn.execute("SELECT p.doc_id, p.idx FROM paragraphs_fts JOIN paragraphs p ON p.rowid = paragraphs_fts.rowid "
                        "WHERE paragraphs_fts MATCH 'journalisten'").fetchall()
    assert rows == [("kst-99902-20", 2), ("kst-99902-20", 5)]
    conn.execute("INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('integrity-check')")
    conn.close()


# -- the rules -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("word, parts", [
    ("mensenrechtenverdedigers", {"mensenrechten", "verdedigers", "mensen", "rechten"}),
    ("arbeidsmarktdiscriminatie", {"arbeidsmarkt", "discriminatie"}),
    ("zeespiegel", {"zee", "spiegel"}),
    ("regering", set()),  # not rege + ring
    ("verzoekt", set()),  # a prefix, not a compound
    ("beraadslaging", set()),
])
def test_compound_words_split_into_known_parts(word: str, parts: set[str]) -> None:
    assert parts <= set(dutch.split_compound(word))
    if not parts:
        assert dutch.split_compound(word) == ()
