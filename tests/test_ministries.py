"""The ministries as data (rules/ministries.yaml) and the resolver: every example of the data file resolves as it
says, the date decides the name of the time, open-data actors and signatures resolve, a bad file is one error."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kamerspoor import pipeline
from kamerspoor.model import InputError
from kamerspoor.rules import ministries as M

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = list(M.table().examples)


def _resolve(kind: str, text: str, on: object) -> list[M.Resolved]:
    if kind == "title":
        return M.resolve_title(text, on)
    if kind == "subject":
        return M.resolve_subject(text, on)
    one = M.resolve_name(text, on) if kind == "name" else M.resolve_dossier(text, on)
    return [one] if one else []


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e['kind']}:{e['text'][:50]}" for e in EXAMPLES])
def test_every_example_of_the_data_file_resolves_as_it_says(example) -> None:
    found = _resolve(example["kind"], example["text"], example["date"])
    assert [r.id for r in found] == example["expect"]
    if "name" in example:
        assert found[0].name == example["name"]


def test_every_kind_of_input_has_examples_that_resolve_and_that_do_not() -> None:
    for kind in ("title", "name", "subject", "dossier"):
        expects = [bool(e["expect"]) for e in EXAMPLES if e["kind"] == kind]
        assert True in expects and False in expects, kind


@pytest.mark.parametrize(("text", "on", "expect", "name"), [
    ("De Minister voor Volkshuisvesting en Ruimtelijke Ordening", "2023-05-01", "bzk",
     "Binnenlandse Zaken en Koninkrijksrelaties"),
    ("De Minister voor Volkshuisvesting en Ruimtelijke Ordening", "2024-07-02", "vro",
     "Volkshuisvesting en Ruimtelijke Ordening"),
    ("De Minister van Economische Zaken en Klimaat", "2011-01-10", "ez", "Economische Zaken, Landbouw en Innovatie"),
    ("De Minister van Economische Zaken en Klimaat", "2020-01-10", "ez", "Economische Zaken en Klimaat"),
    ("De Minister van Landbouw, Natuur en Voedselkwaliteit", "2009-01-10", "lnv",
     "Landbouw, Natuur en Voedselkwaliteit"),
    ("De Minister van Landbouw, Natuur en Voedselkwaliteit", "2025-01-10", "lnv",
     "Landbouw, Visserij, Voedselzekerheid en Natuur"),
    ("De Minister van Infrastructuur en Milieu", "2014-03-03", "ienw", "Infrastructuur en Milieu"),
    ("De Minister van Infrastructuur en Milieu", "2009-03-03", "ienw", "Verkeer en Waterstaat"),
])
def test_the_date_decides_the_ministry_and_its_name_of_the_time(text: str, on: str, expect: str, name: str) -> None:
    [found] = M.resolve_title(text, on)
    assert (found.id, found.name) == (expect, name)


def test_without_a_date_the_latest_meaning_and_name_win() -> None:
    [found] = M.resolve_title("De Minister van Volkshuisvesting en Ruimtelijke Ordening")
    assert found.id == "vro"
    assert M.resolve_name("EZK").name == "Economische Zaken"  # ez's current name


def test_dates_are_read_from_the_shapes_the_records_carry() -> None:
    for on in ("2023-02-01", "2023-02-01T00:00:00+01:00", date(2023, 2, 1)):
        assert M.resolve_title("De Staatssecretaris Asiel en Migratie", on)[0].id == "jenv"
    assert M.resolve_title("De Staatssecretaris Asiel en Migratie", "not a date")[0].id == "aenm"


def test_a_name_after_an_appointment_or_an_address_is_not_the_owner() -> None:
    assert M.resolve_subject("Afschrift van het besluit houdende de benoeming van A.B. Jansen tot "
                             "Staatssecretaris van Financiën", "2024-12-01") == []
    assert M.resolve_title("BRIEF VAN DE VASTE COMMISSIE VOOR DEFENSIE AAN DE MINISTER VAN DEFENSIE") == []
    assert [r.id for r in M.resolve_title("De Minister van Defensie over de inzet van de marine",
                                          "2024-01-01")] == ["def"]


def test_open_data_actors_resolve_by_function_first_signer_first() -> None:
    actors = [  # DocumentActor records as the open data gives them for a Brief regering
        {"ActorNaam": "C.D. Voorbeeld", "Functie": "staatssecretaris van Infrastructuur en Waterstaat",
         "Relatie": "Mede ondertekenaar"},
        {"ActorNaam": "A.B. Voorbeeld", "Functie": "minister van Justitie en Veiligheid",
         "Relatie": "Eerste ondertekenaar"},
        {"ActorNaam": "vaste commissie voor Defensie", "Functie": None, "Relatie": "Voortouwcommissie"},
    ]
    assert [r.id for r in M.resolve_actors(actors, "2025-03-01")] == ["jenv", "ienw"]
    zaak_actors = [{"ActorNaam": "E.F. Lid", "ActorFractie": "VVD", "Functie": "Tweede Kamerlid", "Relatie": "Indiener"},
                   {"ActorNaam": "G.H. Minister", "Functie": "minister van Financiën", "Relatie": "Gericht aan"}]
    assert M.resolve_actors(zaak_actors, "2025-03-01") == []
    assert [r.id for r in M.resolve_actors(zaak_actors, "2025-03-01", relations=("Gericht aan",))] == ["fin"]


def test_the_register_fields_resolve_and_fictional_ministries_do_not() -> None:
    assert M.resolve_name("Minister van Landbouw", "2024-12-16").id == "lnv"  # a Functie in a name field
    assert M.resolve_name("Ministerie van BZK", "2024-01-01").id == "bzk"
    assert M.resolve_name("J&V", "2024-01-01").id == "jenv"
    assert M.resolve_name("", "2024-01-01") is None
    for name in ("Voorbeeldzaken", "Vervoer", "Tweede Kamer"):
        assert M.resolve_name(name, "2024-01-01") is None


def test_a_letter_is_resolved_by_its_title_else_by_its_signature() -> None:
    text = ("Geachte voorzitter,\n\nIn de brief van de Minister van Financiën van vorig jaar stond een plan.\n\n"
            "De Minister van Sociale Zaken en Werkgelegenheid,\nA.B. Voorbeeld\n\n"
            "De Staatssecretaris van Sociale Zaken en Werkgelegenheid,\nC. de Voorbeeld\n")
    assert M.signatures(text) == ["De Minister van Sociale Zaken en Werkgelegenheid,",
                                  "De Staatssecretaris van Sociale Zaken en Werkgelegenheid,"]
    assert [r.id for r in M.resolve_letter(None, text, "2024-03-01")] == ["szw"]
    assert [r.id for r in M.resolve_letter("BRIEF VAN DE MINISTER VAN DEFENSIE", text, "2024-03-01")] == ["def"]
    assert M.signatures("De Minister van Buitenlandse Zaken, H.J. Voorbeeld-Jansen\n") == [
        "De Minister van Buitenlandse Zaken,"]  # a web page's text: office and name on one line


def test_a_letter_in_the_page_form_resolves_through_the_pipeline() -> None:
    record = pipeline.analyze_path(FIXTURES / "heldout" / "kst-99919-12.page.txt")  # no title line, a signature
    doc = record.document
    assert doc.title is None
    found = M.resolve_letter(doc.title, record.text, doc.date)
    assert [(r.id, r.name) for r in found] == [("bz", "Buitenlandse Zaken")]


def test_the_data_names_known_ministries_only_and_every_ministry_has_a_name() -> None:
    table = M.table()
    assert set(table.chapters.values()) <= set(table.ministries)
    for m in M.ministries():
        assert m.names and m.current.abbreviation
        for earlier, later in zip(m.names, m.names[1:], strict=False):
            before, after = earlier.period, later.period
            assert before.until is not None and after.start is not None and before.until <= after.start


@pytest.mark.parametrize(("content", "problem"), [
    ("ministries: nope\n", "expected a mapping with a list under 'ministries'"),
    ("ministries:\n  - {id: x}\n", "ministry 1: needs an id and a list of names"),
    ("ministries:\n  - {id: x, names: [{name: X}]}\n", "every name needs a name and an abbreviation"),
    ("ministries:\n  - {id: x, names: [{name: X, abbreviation: X, from: soon}]}\n", "'from' is not a date"),
    ("ministries:\n  - {id: x, names: [{name: X, abbreviation: X}]}\nchapters: {V: y}\n",
     "chapters name unknown ministries: y"),
    ("ministries:\n  - {id: x, names: [{name: X, abbreviation: X}]}\n"
     "cues: {office: [1]}\n", "cues.office: expected a list of words"),
    ("ministries:\n  - {id: x, names: [{name: X, abbreviation: X}]}\n"
     "offices: [{title: T, ministry: nope}]\n", "office 1: needs a title and a known ministry id"),
    ("ministries: [\n", "not valid YAML"),
])
def test_a_bad_data_file_is_one_error_naming_the_file(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "ministries.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        M.load(path)
    assert problem in str(err.value)
    assert "ministries.yaml" in str(err.value)


@pytest.mark.parametrize(("actor", "signatories", "title", "on", "ministry"), [
    ("de minister van Buitenlandse Zaken", [], None, "2024-03-01", "Buitenlandse Zaken"),
    ("de minister voor Klimaat en Energie", [], None, "2023-05-01", "Economische Zaken en Klimaat"),
    ("ik", ["Jansen"], "BRIEF VAN DE MINISTER VAN FINANCIËN", "2024-03-01", "Financiën"),
    ("ik", ["Jansen", "De Vries"], None, "2024-03-01", "Jansen, De Vries"),
    ("de vaste commissie voor Financiën", [], None, None, "de vaste commissie voor Financiën"),
    (None, [], None, None, "onbekend"),
])
def test_the_commitments_page_groups_by_the_ministry_the_resolver_finds(actor, signatories, title, on,
                                                                        ministry) -> None:
    from kamerspoor.web.views import ministry_of

    assert ministry_of(actor, signatories, title, on) == ministry
