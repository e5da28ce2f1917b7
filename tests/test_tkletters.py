"""Cabinet letters from open data: Document records of Soort "Brief regering" -> letter metadata, and the motions
the subject names (by number, by member and subject), advice before the vote kept apart from answers.

Each rule of kamerspoor.rules.subjects is checked on its example; the records are fictional in the real shape of
../shared/corpus/tk-2023-2025/documenten/.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from kamerspoor import tkletters
from kamerspoor.model import InputError
from kamerspoor.rules import subjects


def named(subject: str) -> list[tuple]:
    return [(m.how, m.kst_id, m.members, m.cosigners, m.about, m.relation, m.replaced, m.modified)
            for m in tkletters.read_subject(subject).motions]


def test_every_rule_example_names_what_it_shows():
    for rule, examples in subjects.EXAMPLES.items():
        for example in examples:
            s = tkletters.read_subject(example)
            assert s.motions or s.advice, (rule, example)


def test_a_motion_by_number_in_its_compact_forms():
    ex = subjects.EXAMPLES["NUMBER"]
    assert [m.kst_id for e in ex for m in tkletters.read_subject(e).by_number] == [
        "kst-36100-XV-12", "kst-36100-XV-12", "kst-21500-07-1999", "kst-36100-XV-12"]
    assert named("Reactie op de motie van het lid Voorbeeld over proeftuinen (Kamerstuk 36100, nr. 12)")[0][1] == \
        "kst-36100-12"  # the classic form, read by rules.citations


def test_a_number_given_tvv_is_the_motion_a_modified_motion_replaces():
    for example in subjects.EXAMPLES["TVV"]:
        (m,) = tkletters.read_subject(example).motions
        assert (m.kst_id, m.replaced, m.modified) == ("kst-36100-44", True, True)


def test_the_members_who_moved_it():
    ex = subjects.EXAMPLES["MOVERS"]
    assert named(ex[0]) == [("member_subject", None, ("Voorbeeld",), True, "proeftuinen", "answer", False, False)]
    assert named(ex[1])[0][2] == ("Eerste", "Van Tweede")  # "motie-Eerste/Van Tweede"
    assert named(ex[2])[0][2] == ("Eerste", "Van Tweede")  # "van de leden Eerste en Van Tweede"
    assert named(ex[3])[0][:4] == ("number", "kst-36100-9", ("Voorbeeld",), True)
    assert named(ex[4])[0][2] == ("Voorbeeld",)  # "motie Voorbeeld over"
    assert named(ex[5])[0][:3] == ("number", "kst-36100-3", ("Voorbeeld",))  # "ten aanzien van" ends the name


def test_without_a_mover_moties_name_no_motion_in_particular():
    s = tkletters.read_subject("Stand van zaken moties en toezeggingen over proeftuinen")
    assert s.motions == [] and not s.advice
    assert tkletters.read_subject("Evaluatie en moties Regeling proeftuinen").motions == []  # no name: a capital


def test_several_motions_of_one_member_each_with_its_subject_and_number():
    (example,) = subjects.EXAMPLES["ABOUT"]
    assert [(m.kst_id, m.members, m.about) for m in tkletters.read_subject(example).motions] == [
        ("kst-36100-7", ("Voorbeeld",), "proeftuinen"), ("kst-36100-8", ("Voorbeeld",), "grensgebieden")]


def test_a_motion_named_inside_the_subject_of_another_is_part_of_it():
    (example,) = subjects.EXAMPLES["NESTED"]
    (m,) = tkletters.read_subject(example).motions
    assert (m.kst_id, m.members) == ("kst-36100-6", ("Voorbeeld",))


def test_appreciatie_is_advice_before_the_vote_not_an_answer():
    advice = tkletters.read_subject(subjects.EXAMPLES["APPRECIATIE"][0])
    assert advice.advice and advice.motions[0].relation == "appreciatie"
    generic = tkletters.read_subject(subjects.EXAMPLES["APPRECIATIE"][1])
    assert generic.advice and generic.motions == []
    answer = tkletters.read_subject(subjects.EXAMPLES["ANSWER"][0])
    assert not answer.advice and answer.motions[0].relation == "answer"
    both = tkletters.read_subject("Uitvoering van de motie van het lid Eerste over proeftuinen (Kamerstuk 36100-1) "
                                  "en appreciatie van de motie van het lid Tweede over grensgebieden (Kamerstuk 36100-2)")
    assert [m.relation for m in both.motions] == ["answer", "appreciatie"]


def test_kamerstukken_named_outside_a_motion_are_kept_apart():
    s = tkletters.read_subject("Verslag van de proefraad (Kamerstuk 21500-07-2001) en uitvoering van de motie van "
                               "het lid Voorbeeld over proeftuinen (Kamerstuk 36100-4)")
    assert [m.kst_id for m in s.motions] == ["kst-36100-4"] and s.cited == [("21500-07", 2001)]


def document(**changes) -> dict:
    record = {"Id": "0A000000-0000-4000-8000-000000000001", "Soort": "Brief regering", "DocumentNummer": "2025D09999",
              "Titel": "Proefbeleid", "Onderwerp": subjects.EXAMPLES["APPRECIATIE"][0],
              "Datum": "2025-03-04T00:00:00+01:00", "Vergaderjaar": "2024-2025", "Kamer": 2, "Volgnummer": 77,
              "Citeertitel": None, "Alias": None, "DatumRegistratie": "2025-03-04T00:00:00+01:00",
              "DatumOntvangst": "2025-03-05T00:00:00+01:00", "Aanhangselnummer": None, "KenmerkAfzender": None,
              "Organisatie": "Tweede Kamer", "ContentType": "application/pdf", "ContentLength": 12345,
              "GewijzigdOp": "2025-03-05T10:00:00+01:00", "ApiGewijzigdOp": "2025-03-05T09:00:00Z", "Verwijderd": False}
    record.update(changes)
    return record


def test_a_document_record_becomes_a_letter_without_text():
    b = tkletters.read_brief(document())
    assert (b.id, b.nummer, b.titel, b.datum, b.vergaderjaar, b.volgnummer) == (
        "0a000000-0000-4000-8000-000000000001", "2025D09999", "Proefbeleid", date(2025, 3, 4), "2024-2025", 77)
    assert b.advice and [m.kst_id for m in b.subject.motions] == ["kst-36100-5"] and b.kst_id is None
    withkst = tkletters.read_brief(document(HuidigeDocumentVersie={"ExterneIdentifier": "kst-36100-60"}))
    assert withkst.kst_id == "kst-36100-60"


def test_a_page_of_documents_keeps_only_cabinet_letters(tmp_path):
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"value": [document(), document(Id="0b000000-0000-4000-8000-000000000002",
                                                                Soort="Motie"),
                                          document(Id="0c000000-0000-4000-8000-000000000003", Verwijderd=True)]}))
    letters, skipped = tkletters.read_brieven(page)
    assert len(letters) == 1 and skipped == 2
    with pytest.raises(InputError, match="not a 'Brief regering'"):
        tkletters.read_brief(document(Soort="Motie"))
    with pytest.raises(InputError, match="Datum is not a date"):
        tkletters.read_brief(document(Datum="gisteren"))
    page.write_text("[")
    with pytest.raises(InputError, match="not valid JSON"):
        tkletters.read_brieven(page)


_PLAIN_NUMBER = re.compile(r"\bmotie\b[^()]*\((?:t\.v\.v\.\s*)?Kamerstuk\s+(\d{5})-(\d+)\)", re.IGNORECASE)


def test_real_letters_subjects_give_the_numbers_a_plain_reading_finds(shared):
    files = sorted((shared / "corpus" / "tk-2023-2025" / "documenten").glob("*.json"))
    letters = list(tkletters.iter_brieven(files))
    assert len(letters) > 1000
    checked = 0
    for b in letters:
        found = {(m.dossier, m.number) for m in b.subject.by_number}
        for dossier, number in _PLAIN_NUMBER.findall(b.onderwerp or ""):  # "motie ... (Kamerstuk 36410-30)"
            assert (dossier, int(number)) in found, b.onderwerp
            checked += 1
        opening = (b.onderwerp or "").lower()
        if opening.startswith(("appreciatie van de motie", "appreciatie motie")) and b.subject.motions:
            assert b.advice and all(m.relation == "appreciatie" for m in b.subject.motions), b.onderwerp
        if opening.startswith(("uitvoering van de motie", "reactie op de motie")):
            assert not b.advice, b.onderwerp
    assert checked > 50
