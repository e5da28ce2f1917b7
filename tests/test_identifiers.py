"""Kamerstuk identifiers (rules/identifiers.py): one normal form for dossiers, official ids and motion keys."""

from __future__ import annotations

import pytest

from kamerspoor.rules import identifiers as ids


@pytest.mark.parametrize(("written", "key"), [
    ("35 207", "35207"),
    ("35207", "35207"),
    ("36 200 V", "36200-V"),
    ("36200V", "36200-V"),
    ("36200-V", "36200-V"),
    ("36 200-IXB", "36200-IXB"),
    ("36600-xv", "36600-XV"),
    ("21 501-20", "21501-20"),
    ("21501\u201302", "21501-02"),
    ("35\u00a0207", "35207"),
    ("35.867", "35867"),
    ("31700.VIII", "31700-VIII"),
    ("19 700 hoofdstuk XV", "19700-XV"),
    ("CII", "CII"),
])
def test_a_dossier_has_one_normal_form(written: str, key: str) -> None:
    assert ids.dossier_key(written) == key
    assert ids.norm_dossier(written) == key


@pytest.mark.parametrize(("dossier", "number", "kst"), [
    ("35207", 27, "kst-35207-27"),
    ("35 207", "27", "kst-35207-27"),
    ("36 200 V", 12, "kst-36200-V-12"),
    ("21501-20", 1606, "kst-21501-20-1606"),
    ("CII", "E", "kst-CII-E"),
    ("35 300", "A", "kst-35300-A"),
    (None, 27, None),
    ("35207", None, None),
    ("35207", "", None),
    ("35207", "nr", None),
    ("", 3, None),
])
def test_the_official_id_of_a_kamerstuk(dossier: object, number: object, kst: str | None) -> None:
    assert ids.kst_id(dossier, number) == kst


@pytest.mark.parametrize(("text", "parsed"), [
    ("kst-35207-27", ("35207", 27)),
    ("KST-35207-27", ("35207", 27)),
    ("35207-27", ("35207", 27)),
    ("35207 27", ("35207", 27)),
    ("35 207, nr. 27", ("35207", 27)),
    ("36600-XV-12", ("36600-XV", 12)),
    ("36600-xv-12", ("36600-XV", 12)),
    ("kst-36800-XIV-80", ("36800-XIV", 80)),
    ("21501-20-1606", ("21501-20", 1606)),
    ("36 200 V, nr. 12", ("36200-V", 12)),
    ("kst-36410-A-5", ("36410-A", 5)),
    # Eerste Kamer stukken numbered by letter
    ("kst-CII-E", ("CII", "E")),
    ("CII, E", ("CII", "E")),
    ("35 300, A", ("35300", "A")),
    ("kst-35300-A", ("35300", "A")),
    # no Kamerstuk
    ("35207", None),
    ("35300-A", None),
    ("motie", None),
    ("", None),
])
def test_an_id_as_typed_names_dossier_and_number(text: str, parsed: tuple | None) -> None:
    assert ids.parse_kst_id(text) == parsed
    if parsed is not None:  # and the official id built from it reads back the same
        kst = ids.kst_id(*parsed)
        assert kst is not None and ids.parse_kst_id(kst) == parsed


@pytest.mark.parametrize(("ref", "key"), [
    ({"dossier": "35 207", "number": 27}, "35207-27"),
    ({"dossier": "36200 V", "number": "4"}, "36200-V-4"),
    ("kst-35207-27", "35207-27"),
    ("35207-27", "35207-27"),
    ({"dossier": "35207", "number": None}, None),
    ({"dossier": "CII", "number": "E"}, None),  # a motion always has an ondernummer
    (12, None),
])
def test_a_motion_key(ref: object, key: str | None) -> None:
    assert ids.motion_key_of(ref) == key


def test_ids_sort_by_dossier_then_number_letters_last() -> None:
    found = ["kst-35300-A", "kst-35300-10", "kst-35300-9", "x", "kst-35207-2"]
    assert sorted(found, key=ids.kst_order) == ["x", "kst-35207-2", "kst-35300-9", "kst-35300-10", "kst-35300-A"]


def test_a_zaak_subject_names_the_replaced_motion() -> None:
    from kamerspoor.rules.motion_phrases import replaced_in_subject

    # Onderwerp forms of the Tweede Kamer's open data (fictional motions)
    assert replaced_in_subject("Gewijzigde motie van het lid Podt c.s. over een betere schaderegeling "
                               "(t.v.v. 19637-3370)") == "kst-19637-3370"
    assert replaced_in_subject("Gewijzigde motie (t.v.v. 21501-20-1992)") == "kst-21501-20-1992"
    assert replaced_in_subject("Gewijzigde motie (t.v.v. 36600-XVII-27)") == "kst-36600-XVII-27"
    assert replaced_in_subject("Motie van het lid Podt over schade") is None
    assert replaced_in_subject(None) is None


def test_a_commitment_names_the_motions_it_answers_in_either_shape() -> None:
    assert ids.answered_motions([{"dossier": "99 902", "number": 8}, "kst-99902-9"]) == {"kst-99902-8",
                                                                                         "kst-99902-9"}
    assert ids.answered_motions({"motion": "99901-11", "motions": ["99901-11", "99901-8"]}) == {
        "kst-99901-11", "kst-99901-8"}
    assert ids.answered_motions({"party": "ChristenUnie"}) == set()
    assert ids.answered_motions(None) == set()


@pytest.mark.parametrize(("cited", "key"), [
    ("Van der Lee", "van der lee"),
    ("T. van der Lee", "van der lee"),
    ("M.G.F.  Rikkers-Oosterkamp", "rikkers-oosterkamp"),
    ("De Wit", "de wit"),
])
def test_a_name_as_cited_is_compared_without_initials_and_case(cited: str, key: str) -> None:
    from kamerspoor.rules.person_names import surname_key

    assert surname_key(cited) == key
