"""The register of toezeggingen: official records in our vocabulary, and matching extracted commitments."""

from __future__ import annotations

import json

import pytest

from kamerspoor.fetch import toezeggingen as tz
from kamerspoor.model import CommitmentStatus, InputError
from replay.recordings import FIXTURES


@pytest.fixture
def officials() -> list[dict]:
    page = json.loads((FIXTURES / "odata_toezegging.json").read_text(encoding="utf-8"))
    return [tz.official_commitment(t) for t in page["value"]]


LETTER = {"letter_date": "2024-06-20", "signatories": ["D.E. Minister"]}


def test_register_statuses_map_to_our_vocabulary():
    def status(s):
        return tz.official_commitment({"Id": "x", "Tekst": "t", "Status": s})["status"]

    assert status("Openstaand") == CommitmentStatus.OPENSTAAND
    assert status("Voldaan") == CommitmentStatus.VOLDAAN
    assert status("Deels Voldaan") == status("deels voldaan") == CommitmentStatus.DEELS_VOLDAAN
    assert status("Vervallen") == CommitmentStatus.VERVALLEN
    assert status("Afgedaan") == CommitmentStatus.VOLDAAN
    assert status("Deels Afgedaan") == CommitmentStatus.DEELS_VOLDAAN
    unknown = tz.official_commitment({"Id": "x", "Tekst": "t", "Status": "In behandeling"})
    assert unknown["status"] is None and unknown["status_official"] == "In behandeling"


def test_an_official_record_in_our_words(officials):
    first, second, third = officials
    assert first["number"] == "TZ202406-101" and first["made"] == "2024-06-20" and first["due"] == "2024-10-01"
    assert first["minister"] == "D.E. Minister" and first["ministry"] == "Voorbeeldzaken"
    assert second["status"] == "Deels voldaan" and second["fulfilled_by"] == "kst-99990-2"
    assert third["minister"] == "F. van Anders" and third["due"] is None


def test_a_record_without_text_is_refused():
    with pytest.raises(InputError, match="not a Toezegging"):
        tz.official_commitment({"Id": "x", "Nummer": "TZ1"})


def test_the_words_every_promise_shares_do_not_make_two_promises_alike():
    a = "Ik zal uw Kamer voor de zomer informeren over de proefregeling."
    b = "De minister informeert de Kamer voor de zomer over de dorpshuizen."
    assert tz.text_similarity(a, b) == 0.0
    c = "De minister zegt toe de Kamer voor de zomer te informeren over de uitkomsten van de proefregeling."
    assert tz.text_similarity(a, c) > 0.6


def test_the_same_promise_in_other_words_is_matched(officials):
    c = {"text": "Ik zal uw Kamer voor 1 oktober 2024 informeren over de uitkomsten van de proefregeling.",
         "actor": "de minister van Voorbeeldzaken", "due": "2024-10-01", "start": 120}
    m = tz.best_match(c, officials, **LETTER)
    assert m is not None and m.official_id == officials[0]["id"]
    assert m.text > 0.8 and m.date == 1.0 and m.minister == 1.0


def test_a_promise_on_another_subject_is_not_matched(officials):
    c = {"text": "Ik zal uw Kamer in het najaar informeren over de aanbesteding van het busvervoer.",
         "actor": "de minister van Voorbeeldzaken", "due": None, "start": 10}
    assert tz.best_match(c, officials, **LETTER) is None


def test_date_and_minister_decide_between_similar_texts(officials):
    c = {"text": "Ik stuur uw Kamer een brief over de aanbesteding van de veerdiensten.",
         "actor": None, "due": None, "start": 0}
    m = tz.match_score(c, officials[2], **LETTER)
    assert m.text >= tz.MIN_TEXT  # they share the subject ...
    assert m.date < 0.5 and m.minister == 0.0  # ... but were made months apart by another member
    assert tz.best_match(c, officials, **LETTER) is None
    m2 = tz.match_score(c, officials[2], letter_date="2023-11-10", signatories=["F. van Anders"])
    assert m2.score > m.score and m2.score >= tz.THRESHOLD


def test_due_dates_that_disagree_lower_the_score(officials):
    c = {"text": "Ik zal uw Kamer informeren over de uitkomsten van de proefregeling.", "actor": None,
         "due": "2026", "start": 0}
    agree = tz.match_score({**c, "due": "2024"}, officials[0], **LETTER)
    disagree = tz.match_score(c, officials[0], **LETTER)
    assert agree.score > disagree.score


def test_each_official_promise_is_matched_once(officials):
    same = "Ik zal uw Kamer voor 1 oktober 2024 informeren over de uitkomsten van de proefregeling."
    commitments = [{"text": same, "actor": None, "due": "2024-10-01", "start": 0},
                   {"text": "Voor 1 oktober 2024 ontvangt u de uitkomsten van de proefregeling.", "actor": None,
                    "due": "2024-10-01", "start": 200},
                   {"text": "Ik informeer uw Kamer voor de zomer over de evaluatie van de subsidieregeling voor "
                            "dorpshuizen.", "actor": None, "due": None, "start": 400}]
    matches = tz.match_commitments(commitments, officials, **LETTER)
    assert matches[0].official_id == officials[0]["id"]
    assert matches[1] is None
    assert matches[2].official_id == officials[1]["id"]


def test_a_record_gets_matched_official_on_each_commitment(officials):
    record = {"document": {"id": "kst-99990-2", "date": "2024-06-20", "submitters": ["D.E. Minister"]},
              "commitments": [
                  {"text": "Ik zal uw Kamer voor 1 oktober 2024 informeren over de uitkomsten van de proefregeling.",
                   "actor": "minister", "due": "2024-10-01", "start": 5},
                  {"text": "Ik blijf dit onderwerp agenderen.", "actor": "minister", "due": None, "start": 90}]}
    tz.link_record(record, officials)
    first, second = record["commitments"]
    assert first["matched_official"]["official"]["number"] == "TZ202406-101"
    assert first["matched_official"]["official"]["status"] == "Openstaand"
    assert second["matched_official"] is None


def test_load_official_reads_a_synced_folder(tmp_path):
    folder = tmp_path / "tk" / "Toezegging"
    folder.mkdir(parents=True)
    page = json.loads((FIXTURES / "odata_toezegging.json").read_text(encoding="utf-8"))
    for t in page["value"]:
        (folder / f"{t['Id']}.json").write_text(json.dumps(t), encoding="utf-8")
    assert [o["number"] for o in tz.load_official(tmp_path)] == ["TZ202406-101", "TZ202405-044", "TZ202311-007"]
    (folder / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="broken.json: not JSON"):
        tz.load_official(tmp_path)
