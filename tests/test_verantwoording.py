"""The accountability report (kamerspoor.verantwoording) on the fictional examples, on SQLite and PostgreSQL.

examples/ holds a store with one adopted motion in each category: 99901-8 and 99902-8 answered (executed), 99940-5
in progress with no later letter, 99901-11 declined (a gewijzigde motie the cabinet advised against), 99940-6 only
noted, 99940-7 and 99940-8 without an answer (both advised against). The letter of dossier 99 940 is signed by
the Minister of Buitenlandse Zaken, the others by fictional ministers. The "named in a letter known by its subject
only" category is tested with fictional open-data Document records in the real shape
(tests/fixtures/report/brief-regering-99940.json) read by kamerspoor.tkletters.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamerspoor import verantwoording as V
from kamerspoor.cli import main
from kamerspoor.ingest import ingest
from kamerspoor.model import InputError
from kamerspoor.tkletters import read_brieven

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("KAMERSPOOR_TEST_PG_URL")
TODAY = "2026-12-01"
LETTERS = ROOT / "tests" / "fixtures" / "report" / "brief-regering-99940.json"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def examples(request, tmp_path_factory):
    """The examples ingested once per database for this module's tests (which only read, or put back what they
    change)."""
    from kamerspoor.store import open_store

    if request.param == "postgres":
        if not PG_URL:  # as tests/conftest.py's db_url
            pytest.skip("KAMERSPOOR_TEST_PG_URL is not set (start a server with .ci/postgres.sh)")
        url = PG_URL
        s = open_store(url)
        s.drop_all()
        s.close()
    else:
        url = str(tmp_path_factory.mktemp("report") / "store.db")
    store = open_store(url)
    report = ingest(store, [ROOT / "examples", ROOT / "tests" / "fixtures" / "store"], jobs=1)
    assert not report.failed, report.failed
    yield store
    store.close()


def by_id(report: dict) -> dict[str, dict]:
    return {r["key"]: r for r in report["motions"]}


def test_every_adopted_motion_gets_its_outcome(examples) -> None:
    r = V.build(examples, V.Filters(today=TODAY))
    rows = by_id(r)
    assert sorted(rows) == ["99901-11", "99901-8", "99902-8", "99940-5", "99940-6", "99940-7", "99940-8"]
    assert {k: v["outcome"] for k, v in rows.items()} == {
        "99901-8": "answered", "99902-8": "answered", "99940-5": "in_progress", "99901-11": "declined",
        "99940-6": "noted", "99940-7": "none", "99940-8": "none"}
    assert r["totals"] == {"adopted": 7, "answered": 4, "answered_text": 4, "noted": 1, "named": 0, "none": 2,
                           "outcomes": {"answered": 2, "in_progress": 1, "declined": 1, "noted": 1, "named": 0,
                                        "none": 2}}
    progress = rows["99940-5"]
    assert (progress["stance"], progress["letter"], progress["letter_date"]) == ("in_progress", "kst-99940-9",
                                                                                 "2025-09-15")
    assert progress["evidence"].startswith("Het kabinet zet zich hier in EU-verband voor in")
    assert progress["later_named"] == []
    assert rows["99940-7"]["days_since_vote"] == 525  # voted 2025-06-24
    assert rows["99940-5"]["days_since_vote"] is None  # answered: no clock


def test_ministry_of_a_motion_comes_from_the_letters_of_its_dossier(examples) -> None:
    rows = by_id(V.build(examples, V.Filters(today=TODAY)))
    assert (rows["99940-5"]["ministry"], rows["99940-5"]["ministry_source"]) == ("bz", "letter")
    assert (rows["99940-7"]["ministry"], rows["99940-7"]["ministry_source"]) == ("bz", "dossier")
    assert rows["99940-7"]["ministry_name"] == "Buitenlandse Zaken"
    assert rows["99901-8"]["ministry"] == V.UNKNOWN_MINISTRY  # a fictional minister: no ministry of ours


def test_share_answered_per_ministry_and_per_quarter(examples) -> None:
    r = V.build(examples, V.Filters(today=TODAY))
    bz = next(g for g in r["by_ministry"] if g["value"] == "bz")
    assert (bz["adopted"], bz["answered"], bz["share"]) == (4, 1, 0.25)  # in progress; noted is no answer
    assert bz["outcomes"]["none"] == 2 and bz["outcomes"]["noted"] == 1
    assert r["by_ministry"][-1]["value"] == V.UNKNOWN_MINISTRY  # the unknown group last
    assert [(p["period"], p["adopted"]) for p in r["timeline"]] == [("2025-K1", 3), ("2025-K2", 4)]


def test_appreciation_against_outcome_lists_what_followed_advice_against(examples) -> None:
    r = V.build(examples, V.Filters(today=TODAY))
    ontraden = next(g for g in r["appreciation"] if g["appreciation"] == "Ontraden")
    assert ontraden["adopted"] == 3 and ontraden["outcomes"]["declined"] == 1 and ontraden["outcomes"]["none"] == 2
    assert sorted(x["key"] for x in r["advised_against"]) == ["99901-11", "99940-7", "99940-8"]


def test_commitments_unknown_open_overdue_met_with_the_register(examples) -> None:
    r = V.build(examples, V.Filters(today=TODAY, ministry="bz"))
    def item(start: str) -> dict:
        return next(c for c in r["commitments"]["items"] if c["text"].startswith(start))

    met = item("Ik zal uw Kamer voor 1 december 2025")
    assert (met["state"], met["official_number"], met["official_status"]) == ("fulfilled", "TZ202509-940", "Voldaan")
    assert met["motions"] == ["99940-5"]
    assert item("Het kabinet zal de mensenrechtendialoog")["state"] == "overdue"  # due 2026-01-01, no register
    later = item("Hierover zal uw Kamer")
    assert later["state"] == "unknown"  # not "Openstaand": nothing says so
    assert later["context"].startswith("Daarnaast laat het kabinet een onafhankelijk onderzoek uitvoeren")
    assert r["commitments"]["counts"] == {"unknown": 1, "open": 0, "overdue": 1, "fulfilled": 1,
                                          "partly_fulfilled": 0, "lapsed": 0}
    assert r["register"] == {"synced": True, "counts": {"unknown": 0, "open": 1, "overdue": 0, "fulfilled": 1,
                                                        "partly_fulfilled": 0, "lapsed": 0}, "total": 2}


def test_coverage_says_what_the_store_holds(examples) -> None:
    c = V.build(examples, V.Filters(today=TODAY))["coverage"]
    assert (c["letters_with_text"], c["letters_first"], c["letters_last"]) == (3, "2025-04-02", "2025-09-15")
    assert (c["votes"], c["votes_first"], c["votes_last"]) == (8, "2025-03-18", "2025-06-24")
    assert c["letters_metadata_only"] == 0 and c["official_commitments"] == 2


@pytest.mark.parametrize(("filters", "keys"), [
    ({"ministry": "Buitenlandse Zaken"}, ["99940-5", "99940-6", "99940-7", "99940-8"]),
    ({"ministry": "BZ"}, ["99940-5", "99940-6", "99940-7", "99940-8"]),
    ({"dossier": "99 901"}, ["99901-11", "99901-8"]),
    ({"theme": "freedom_of_expression"}, ["99940-5"]),
    ({"party": "fictieve unie"}, ["99901-11", "99901-8", "99940-6", "99940-8"]),
    ({"since": "2025-03-20", "until": "2025-03-31"}, ["99901-11", "99902-8"]),
    ({"query": "journalisten"}, ["99940-5"]),
    ({"query": "kustversterking OR strafmaatregelen"}, ["99901-8", "99940-5"]),
    ({"query": "persvrijheid"}, []),  # 99940-8 says so in its Zaak's subject only: no text, no search
])
def test_filters_by_ministry_dossier_theme_party_and_period(examples, filters, keys) -> None:
    r = V.build(examples, V.Filters(today=TODAY, **filters))
    assert sorted(by_id(r)) == keys
    assert r["totals"]["adopted"] == len(keys)


def test_a_search_keeps_the_commitments_of_matching_letters_and_of_matching_motions(examples) -> None:
    r = V.build(examples, V.Filters(today=TODAY, query="kustversterking"))
    assert {(c["doc_id"], c["idx"]) for c in r["commitments"]["items"]} == {("kst-99901-14", 0), ("kst-99901-14", 1)}
    assert r["register"]["total"] == 0  # the register's rows count when a kept commitment matched them
    r = V.build(examples, V.Filters(today=TODAY, query="strafmaatregelen"))
    assert r["register"]["counts"]["fulfilled"] == 1 and r["filters"]["query"] == "strafmaatregelen"


def test_bad_filters_are_one_line_errors(examples) -> None:
    for f in (V.Filters(ministry="Ministerie van Voorbeeldzaken"), V.Filters(since="2025-02-30"),
              V.Filters(theme="nonsense"), V.Filters(query='"niet gesloten')):
        with pytest.raises(InputError) as e:
            V.build(examples, f)
        assert "\n" not in e.value.problem


def test_a_motion_named_in_a_letter_known_by_its_subject_only(examples) -> None:
    f = V.Filters(today=TODAY)
    inputs = V.gather(examples, f)
    inputs.named = V.named_from_brieven(read_brieven(LETTERS)[0])
    inputs.metadata_letters = 2
    r = V.compose(inputs, f)
    rows = by_id(r)
    assert rows["99940-8"]["outcome"] == "named"
    assert rows["99940-8"]["named_in"][0]["letter"] == "2025D99451"
    assert rows["99940-7"]["outcome"] == "none"  # its letter gives advice before the vote: no answer
    assert r["totals"]["named"] == 1 and r["coverage"]["letters_metadata_only"] == 2


def test_a_later_letter_by_subject_is_shown_beside_an_answer_in_progress(examples) -> None:
    f = V.Filters(today=TODAY)
    inputs = V.gather(examples, f)
    inputs.named = [V.NamedLetter(letter="2025D99460", motion="kst-99940-5", date="2025-12-01", subject=None,
                                   ministry=None, relation="answer")]
    row = by_id(V.compose(inputs, f))["99940-5"]
    assert row["outcome"] == "in_progress" and row["later_named"] == ["2025D99460"]
    from kamerspoor.verantwoording_text import csv_rows, later_text

    assert later_text(row) == "Later genoemd in 2025D99460 (alleen de gegevens van de brief bekend)."
    assert next(c for c in csv_rows({"motions": [row]}))["later_named"] == "2025D99460"


def test_an_answer_to_the_replaced_motion_counts_for_the_chain() -> None:
    chain = V.chains([("kst-1-3", "kst-1-2"), ("kst-1-4", "kst-1-3"), ("kst-9-2", "kst-9-1")])
    assert chain["kst-1-2"] == chain["kst-1-4"] == {"kst-1-2", "kst-1-3", "kst-1-4"}
    answer = {"motion": "kst-1-2", "letter": "kst-1-9", "idx": 0, "letter_date": "2025-01-01", "letter_title": None,
              "letter_kind": "brief", "ministry": None, "stance": "declined", "evidence": "x", "start": 0,
              "paragraph": 0}
    later = {**answer, "letter": "kst-1-10", "letter_date": "2025-06-01", "stance": "noted"}
    assert V.outcome_of([later, answer], []) == ("declined", answer)  # a later mention takes no stance
    assert V.outcome_of([later], [])[0] == "noted"
    assert V.outcome_of([], [V.NamedLetter(letter="L", motion="kst-1-2", date=None, subject=None, ministry=None,
                                                relation="appreciatie")]) == ("none", None)


def test_the_report_matrix_links_answers_to_themes_and_instruments(examples) -> None:
    m = V.build(examples, V.Filters(today=TODAY))["matrix"]
    cols = [(c["kind"], c["id"]) for c in m["columns"]]
    row = next(x for x in m["rows"] if x["key"] == "kst-99940-5")
    filled = {cols[i]: s for i, s in enumerate(row["cells"]) if s}
    assert filled == {("theme", "freedom_of_expression"): "in_progress", ("instrument", "eu_diplomacy"): "in_progress",
                      ("instrument", "sanctions"): "in_progress"}
    assert row["commitments"] == 1
    assert all(any(r["cells"][i] for r in m["rows"]) for i in range(len(cols)))  # no column without a link
    assert not any(x["key"] in ("kst-99940-7", "kst-99940-8") for x in m["rows"])  # no letter, no row


def test_stored_ministries_are_filled_again_when_the_data_changes(examples) -> None:
    examples.execute("UPDATE documents SET ministry = NULL")
    examples.execute("UPDATE commitments SET ministry = NULL, context = NULL")
    examples.execute("UPDATE store_meta SET value = 'older' WHERE name = 'derived'")
    examples._ensure_derived()
    assert examples.query_value("SELECT ministry FROM documents WHERE id = 'kst-99940-9'") == "bz"
    assert examples.query_value("SELECT context FROM commitments WHERE doc_id = 'kst-99940-9' AND idx = 2") \
        .startswith("Daarnaast")
    assert examples.query_value("SELECT ministry_id FROM official_commitments WHERE number = 'TZ202509-940'") == "bz"


# -- the command ------------------------------------------------------------------------------------------------

def run(db: str, *args: str):
    return CliRunner().invoke(main, ["report", "--db", db, "--today", TODAY, *args])


def test_cli_report_formats(example_db: str) -> None:
    md = run(example_db)
    assert md.exit_code == 0, md.output
    assert md.output.startswith("# Verantwoording")
    for heading in ("## Wat deze verzameling bevat", "## Per ministerie", "## Appreciatie van het kabinet",
                    "### geen antwoord in deze verzameling (2)", "## Toezeggingen", "## Welke motie kreeg"):
        assert heading in md.output
    data = json.loads(run(example_db, "--format", "json").output)
    assert data["totals"]["adopted"] == 7
    rows = list(csv.DictReader(io.StringIO(run(example_db, "--format", "csv", "--ministry", "bz").output)))
    assert sorted((r["id"], r["outcome"]) for r in rows) == [
        ("kst-99940-5", "in_progress"), ("kst-99940-6", "noted"), ("kst-99940-7", "none"), ("kst-99940-8", "none")]
    assert rows[0]["ministry_name"] == "Buitenlandse Zaken"
    searched = run(example_db, "--query", "journalisten")
    assert searched.output.startswith("# Verantwoording: wat werd er van de aangenomen moties — moties met «journalisten»")
    assert "- 99940-5 " in searched.output and "- 99901-8 " not in searched.output


def test_cli_report_bad_input_is_one_line_and_exit_2(example_db: str) -> None:
    r = run(example_db, "--ministry", "Voorbeeldzaken")
    assert r.exit_code == 2
    assert r.output.strip().startswith("kamerspoor: ministry 'Voorbeeldzaken'") and r.output.count("\n") == 1


def test_cli_names_the_letters_citing_a_motion_not_in_the_store(example_db: str) -> None:
    r = CliRunner().invoke(main, ["motion", "99901-7", "--db", example_db])
    assert r.exit_code == 1
    assert "kst-99901-7: not in the store; cited by kst-99901-14" in r.output
    assert "kamerspoor fetch kst-99901-7" in r.output


def test_filters_checked_keep_the_ministry_id() -> None:
    assert V.Filters(ministry="Justitie en Veiligheid").checked().ministry == "jenv"
    assert replace(V.Filters(), dossier="36 600-XVII").checked().dossier == "36600-XVII"


def test_letters_ingested_from_their_document_records_name_motions_in_the_report(tmp_path) -> None:
    """The letters of tests/fixtures/report ingested as open data (kamerspoor.ingest.opendata): documents without
    text, so the report names them instead of counting them as letters with text."""
    from kamerspoor.store import open_store

    with open_store(tmp_path / "s.db") as store:
        report = ingest(store, [ROOT / "examples", ROOT / "tests" / "fixtures" / "store", LETTERS], jobs=1)
        assert not report.failed, report.failed
        r = V.build(store, V.Filters(today=TODAY))
        rows = by_id(r)
        assert rows["99940-8"]["outcome"] == "named"
        assert [n["letter"] for n in rows["99940-8"]["named_in"]] == [n["letter"] for n in named_from_store(store)
                                                                         if n["motion"] == "kst-99940-8"]
        assert rows["99940-7"]["outcome"] == "none"  # named for advice before the vote only
        assert r["coverage"]["letters_with_text"] == 3 and r["coverage"]["letters_metadata_only"] == 2
        assert r["totals"]["named"] == 1


def named_from_store(store) -> list[V.NamedLetter]:
    return V.named_letters(store)[0]
