"""Reading Tweede Kamer open-data records: Zaak JSON and the motion votes summary."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kamerspoor import tkapi
from kamerspoor.model import InputError
from kamerspoor.tkapi import Kabinetsappreciatie, Uitslag


def zaak_record(**changes) -> dict:
    """A Zaak as the OData API gives it with $expand=Document($expand=HuidigeDocumentVersie),ZaakActor."""
    record = {
        "Id": "0006f304-7f6f-45f7-923e-9975c29d77c6",
        "Nummer": "2025Z02986",
        "Soort": "Motie",
        "Titel": "Vreemdelingenbeleid",
        "Onderwerp": "Gewijzigde motie van het lid Podt c.s. over een betere schaderegeling (t.v.v. 19637-3370)",
        "GestartOp": "2025-02-18T00:00:00+01:00",
        "Vergaderjaar": "2024-2025",
        "Volgnummer": 3384,
        "Afgedaan": True,
        "Verwijderd": False,
        "Kabinetsappreciatie": "Niet beschikbaar bij gewijzigde moties en/of amendementen",
        "Document": [{
            "Id": "3ccf529a-1e25-49d3-81a8-c60621884b39",
            "Soort": "Motie (gewijzigd/nader)",
            "DocumentNummer": "2025D06779",
            "Datum": "2025-02-18T00:00:00+01:00",
            "HuidigeDocumentVersie": {"ExterneIdentifier": "kst-19637-3384", "DocumentPublicatie": []},
        }],
        "ZaakActor": [
            {"Relatie": "Indiener", "ActorNaam": "A. Podt", "ActorFractie": "D66"},
            {"Relatie": "Medeindiener", "ActorNaam": "J.J. van der Graaf", "ActorFractie": "CU"},
        ],
    }
    record.update(changes)
    return record


def test_read_zaak_reads_the_motion_zaak():
    zaak = tkapi.read_zaak(zaak_record())
    assert zaak.nummer == "2025Z02986"
    assert zaak.soort == "Motie"
    assert zaak.titel == "Vreemdelingenbeleid"
    assert zaak.kabinetsappreciatie is Kabinetsappreciatie.NIET_BESCHIKBAAR
    assert zaak.gestart_op == date(2025, 2, 18)
    assert zaak.vergaderjaar == "2024-2025"
    assert zaak.kst_ids == ["kst-19637-3384"]
    assert zaak.documents[0].soort == "Motie (gewijzigd/nader)"
    assert [(a.naam, a.fractie, a.relatie) for a in zaak.indieners] == [
        ("A. Podt", "D66", "Indiener"), ("J.J. van der Graaf", "CU", "Medeindiener")]
    assert zaak.verwijderd is False


def test_read_zaak_tolerates_missing_fields():
    zaak = tkapi.read_zaak({"Nummer": "2024Z00001"})
    assert zaak.nummer == "2024Z00001"
    assert zaak.kabinetsappreciatie is None
    assert zaak.gestart_op is None
    assert zaak.kst_ids == [] and zaak.indieners == [] and zaak.vervangen_vanuit == []


def test_unknown_kabinetsappreciatie_is_kept_as_written():
    zaak = tkapi.read_zaak(zaak_record(Kabinetsappreciatie="Overgenomen onder voorwaarden"))
    assert zaak.kabinetsappreciatie == "Overgenomen onder voorwaarden"
    assert not isinstance(zaak.kabinetsappreciatie, Kabinetsappreciatie)


def test_kst_id_falls_back_on_the_publication_identifier():
    record = zaak_record()
    record["Document"][0]["HuidigeDocumentVersie"] = {
        "ExterneIdentifier": None, "DocumentPublicatie": [{"Identifier": "kst-19637-3384"}]}
    assert tkapi.read_zaak(record).kst_ids == ["kst-19637-3384"]


def test_vervangen_vanuit_is_read_when_expanded():
    zaak = tkapi.read_zaak(zaak_record(VervangenVanuit=[{"Nummer": "2025Z02001", "Id": "x"}]))
    assert zaak.vervangen_vanuit == ["2025Z02001"]


def test_bad_zaak_json_names_the_file(tmp_path: Path):
    path = tmp_path / "zaak.json"
    path.write_text('{"Nummer": "2025Z1", ', encoding="utf-8")
    with pytest.raises(InputError) as e:
        tkapi.read_zaak(path)
    assert str(path) in str(e.value) and "not valid JSON" in str(e.value)


def test_zaak_without_nummer_is_refused(tmp_path: Path):
    path = tmp_path / "zaak.json"
    path.write_text(json.dumps({"Soort": "Motie"}), encoding="utf-8")
    with pytest.raises(InputError, match="no Nummer"):
        tkapi.read_zaak(path)


def test_bad_date_is_refused_with_the_file_name(tmp_path: Path):
    path = tmp_path / "zaak.json"
    path.write_text(json.dumps(zaak_record(GestartOp="gisteren")), encoding="utf-8")
    with pytest.raises(InputError, match="zaak.json.*not a date"):
        tkapi.read_zaak(path)


@pytest.mark.parametrize("besluit, expected", [
    ("Stemmen - aangenomen", Uitslag.AANGENOMEN),
    ("Stemmen - verworpen", Uitslag.VERWORPEN),
    ("Stemmen - niet aangenomen", Uitslag.NIET_AANGENOMEN),  # not "aangenomen"
    ("Stemmen - gestaakt", Uitslag.GESTAAKT),
    ("Stemmen - uitstellen", Uitslag.UITGESTELD),
    ("Stemmen - aangehouden", Uitslag.AANGEHOUDEN),
    ("Ingetrokken", Uitslag.INGETROKKEN),
    ("Stemmen - iets nieuws", None),
    (None, None),
])
def test_uitslag_from_besluitsoort(besluit, expected):
    assert tkapi.uitslag(besluit) == expected


def test_only_aangenomen_is_adopted():
    assert Uitslag.AANGENOMEN.adopted
    assert not Uitslag.NIET_AANGENOMEN.adopted


VOTES = [
    {"motion_id": "0006f304-7f6f-45f7-923e-9975c29d77c6", "motion_number": "2025Z02986",
     "motion_title": "Vreemdelingenbeleid", "motion_date": "2025-02-18T00:00:00+01:00",
     "final_status": "Stemmen - verworpen", "issues_joined": "vote_dedup:removed_1",
     "vote_totals": {"Tegen": 94, "Voor": 50}, "vote_count": 13, "raw_vote_lines": 13},
    {"motion_id": "2ccdb782", "motion_number": "2025Z13435", "motion_date": None,
     "final_status": "Stemmen - niet aangenomen", "issues_joined": "",
     "vote_totals": {"Tegen": 75, "Voor": 75, "Niet deelgenomen": 0}},
]


def test_read_votes_summary(tmp_path: Path):
    path = tmp_path / "votes.json"
    path.write_text(json.dumps(VOTES), encoding="utf-8")
    votes = tkapi.read_votes_summary(path)
    first = votes["2025Z02986"]
    assert first.uitslag is Uitslag.VERWORPEN
    assert (first.voor, first.tegen, first.niet_deelgenomen) == (50, 94, None)
    assert first.datum == date(2025, 2, 18)
    assert first.fracties == 13
    assert first.issues == ["vote_dedup:removed_1"]
    tie = votes["2025Z13435"]
    assert tie.uitslag is Uitslag.NIET_AANGENOMEN and tie.voor == tie.tegen == 75
    assert tie.to_dict()["uitslag"] == "niet aangenomen"


@pytest.mark.parametrize("content, problem", [
    ("[{", "not valid JSON"),
    ('{"a": 1}', "must be a JSON list"),
    ('[1]', "entry 0 is not an object"),
    ('[{"final_status": "Stemmen - verworpen"}]', "entry 0 has no motion_number"),
    ('[{"motion_number": "2025Z1", "vote_totals": {"Voor": "veel"}}]', "not a number"),
])
def test_bad_votes_summary_names_the_file(tmp_path: Path, content, problem):
    path = tmp_path / "votes.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as e:
        tkapi.read_votes_summary(path)
    assert str(path) in str(e.value) and problem in str(e.value)


def _corpus(tmp_path: Path, zaken: list[dict], votes: list[dict] | None) -> Path:
    (tmp_path / "zaken").mkdir()
    for z in zaken:
        (tmp_path / "zaken" / f"{z['Id']}.json").write_text(json.dumps(z), encoding="utf-8")
    if votes is not None:
        (tmp_path / "votes").mkdir()
        (tmp_path / "votes" / "motion_votes_summary.json").write_text(json.dumps(votes), encoding="utf-8")
    return tmp_path


def test_motion_votes_links_kst_id_to_zaak_and_vote(tmp_path: Path):
    unvoted = zaak_record(Id="b", Nummer="2024Z00002", Kabinetsappreciatie="Ontraden")
    unvoted["Document"] = [dict(unvoted["Document"][0], HuidigeDocumentVersie={"ExterneIdentifier": "kst-1-2"})]
    corpus = _corpus(tmp_path, [zaak_record(), unvoted], VOTES)
    links = tkapi.motion_votes(corpus)
    assert set(links) == {"kst-19637-3384", "kst-1-2"}
    link = links["kst-19637-3384"]
    assert link["zaak"] == "2025Z02986"
    assert link["replaces"] == {"dossier": "19637", "number": 3370}
    assert link["vote"]["uitslag"] == "verworpen" and link["vote"]["voor"] == 50
    assert links["kst-1-2"]["vote"] is None
    assert links["kst-1-2"]["kabinetsappreciatie"] == "Ontraden"


def test_motion_votes_skips_deleted_zaken_and_letters_in_a_motion_zaak(tmp_path: Path):
    letter = {"Id": "l", "Soort": "Brief regering", "HuidigeDocumentVersie": {"ExterneIdentifier": "kst-1-9"}}
    with_letter = zaak_record()
    with_letter["Document"] = with_letter["Document"] + [letter]
    deleted = zaak_record(Id="d", Nummer="2024Z00003", Verwijderd=True)
    deleted["Document"] = [dict(deleted["Document"][0], HuidigeDocumentVersie={"ExterneIdentifier": "kst-1-3"})]
    links = tkapi.motion_votes(_corpus(tmp_path, [with_letter, deleted], None))
    assert set(links) == {"kst-19637-3384"}
    assert links["kst-19637-3384"]["vote"] is None  # no votes file


def test_motion_votes_needs_a_zaken_directory(tmp_path: Path):
    with pytest.raises(InputError, match="zaken"):
        tkapi.motion_votes(tmp_path)


def test_real_corpus_links_every_motion_and_most_votes(shared: Path):
    corpus = shared / "corpus" / "tk-2023-2025"
    links = tkapi.motion_votes(corpus)
    assert len(links) > 8000
    assert all(k.startswith("kst-") for k in links)
    voted = [v for v in links.values() if v["vote"]]
    assert len(voted) / len(links) > 0.8
    assert {v["vote"]["uitslag"] for v in voted} >= {"aangenomen", "verworpen"}
    assert all(v["vote"]["uitslag"] for v in voted)  # every outcome in the file is a known Uitslag
