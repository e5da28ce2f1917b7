"""Search finds derived forms (kamerspoor.rules.derivations wired into the store): "China" finds a paragraph that
says only "Chinese", "Oeigoeren" one that says only "Oeigoerse", "economische" one with "economie"; the word
itself ranks first, phrases and prefixes are matched as written, the hit is highlighted, and a store indexed
without the family column is reindexed when opened. Each test on SQLite and, with KAMERSPOOR_TEST_PG_URL set,
on PostgreSQL, with the same expectations."""

from __future__ import annotations

from kamerspoor.store import dutch, open_store
from kamerspoor.store.search import Highlighter, parse_query, to_fts5, to_tsquery
from search_texts import put_texts, ranked

# our own sentences in the style of letters and motions; one paragraph each, stored as kst-99905-<n>
DOSSIER = "99905"
TEXTS = [
    "De Chinese autoriteiten beperken de vrijheid van de Oeigoerse bevolking.",   # 0 only derived forms
    "Het kabinet spreekt China aan op de behandeling van de Oeigoeren.",          # 1 the names themselves
    "Het economische beleid van het kabinet wordt herzien.",                      # 2 adjective of economie
    "De economie van Nederland groeit dit jaar minder dan verwacht.",             # 3 economie itself
    "Diverse gemeenten en schaarse middelen in de klasse.",                       # 4 "-se" words, no names
    "Tilburgse onderzoekers publiceerden een rapport.",                           # 5 capital at the start
    "Het overleg met de Tilburgse gemeenteraad is afgerond.",                     # 6 a place's adjective
]


def test_a_name_finds_its_adjective_and_ranks_the_name_itself_first(store) -> None:
    put_texts(store, DOSSIER, TEXTS)
    assert ranked(store, "China") == [1, 0]
    assert ranked(store, "Oeigoeren") == [1, 0]
    assert ranked(store, "Chinese") == [0, 1]  # the adjective finds the name too, itself first


def test_a_noun_finds_its_adjective_and_the_adjective_its_noun(store) -> None:
    put_texts(store, DOSSIER, TEXTS)
    assert ranked(store, "economie") == [3, 2]
    assert ranked(store, "economische") == [2, 3]


def test_a_places_adjective_counts_only_when_written_as_a_name_inside_a_sentence(store) -> None:
    put_texts(store, DOSSIER, TEXTS)
    assert ranked(store, "Tilburg")[0] == 6
    assert dutch.index_columns(TEXTS[6])[4] == "tilburg"
    # "Tilburgse" at the start of a sentence gives no family term (PostgreSQL's own Dutch stemming of the text
    # still finds it there), nor do "-se" words of no place
    assert dutch.index_columns(TEXTS[5])[4] == ""
    assert dutch.index_columns(TEXTS[4])[4] == ""


def test_phrases_and_prefixes_are_matched_as_written(store) -> None:
    put_texts(store, DOSSIER, TEXTS)
    assert ranked(store, '"spreekt china aan"') == [1]
    assert ranked(store, '"spreekt chinese aan"') == []
    assert sorted(ranked(store, "chin*")) == [0, 1]  # the prefix of both words, not their family


def test_the_snippet_marks_the_derived_form(store) -> None:
    put_texts(store, DOSSIER, TEXTS)
    snippets = {h.id: h.snippet for h in store.search("China Oeigoeren").results}
    assert snippets["kst-99905-0"] == ("De <mark>Chinese</mark> autoriteiten beperken de vrijheid van de "
                                       "<mark>Oeigoerse</mark> bevolking.")
    hl = Highlighter.for_query(parse_query("China"))
    assert [x for _, _, x in hl.text_strengths("De Chinese ambassade en China")] == [0, 1, 0, 0, 2]


def test_without_derivations_the_translation_is_the_old_one() -> None:
    node = parse_query("China")
    assert "family" not in to_fts5(node, derived=False) and 'family : "china"' in to_fts5(node)
    _, params = to_tsquery(node)
    assert "china:B" in params[1] and "china:B" not in to_tsquery(node, derived=False)[1][1]


def test_a_store_indexed_without_derived_forms_is_reindexed_when_opened(db_url: str) -> None:
    s = open_store(db_url)
    put_texts(s, DOSSIER, TEXTS)
    # as a store indexed by the kamerspoor before the family column: empty column, an older version recorded
    s.execute("UPDATE paragraphs SET family = ''")
    s.execute("UPDATE store_meta SET value = '2;older' WHERE name = 'search_index'")
    if s.dialect == "sqlite":
        s.execute("INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('rebuild')")
    assert ranked(s, "China") == [1]
    s.close()
    s = open_store(db_url)
    try:
        assert s.index_version() == dutch.index_version()
        assert ranked(s, "China") == [1, 0]
    finally:
        s.close()
