"""The analysis record as types (kamerspoor.record): the checking loader names the wrong field, the JSON it
writes is the contract, the JSON Schema in docs/ is generated from the types and agrees with the loader."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from kamerspoor import analyze_path
from kamerspoor.cli import main
from kamerspoor.record import (
    Advice,
    Kind,
    Record,
    RecordError,
    Stance,
    from_json,
    json_schema,
    json_schema_text,
)

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "docs" / "analysis.schema.json"
EXAMPLES = sorted((ROOT / "examples").glob("kst-*")) + sorted((ROOT / "tests" / "fixtures" / "heldout").glob(
    "kst-*.*[tl]"))  # the documents (.txt, .xml), not the gold files
CONTRACT_KEYS = ["schema", "document", "text", "sections", "paragraphs", "footnotes", "references", "motions",
                 "party_positions", "commitments", "themes", "instruments", "warnings", "motion"]


def _minimal() -> dict:
    """A small record as JSON, every part present once."""
    text = "Motie 99 901, nr. 8 is uitgevoerd. Ik zal uw Kamer voor 1 juli 2026 informeren."
    return {
        "schema": "analysis/1",
        "document": {"id": "kst-99901-14", "dossier": "99901", "number": 14, "session_year": "2025-2026",
                     "kind": "brief", "title": "Brief", "date": "2026-01-05", "submitters": ["Jansen"]},
        "text": text,
        "sections": [{"level": 1, "number": None, "heading": "Moties", "start": 0, "end": len(text)}],
        "paragraphs": [{"start": 0, "end": len(text), "section": 0}],
        "footnotes": [{"marker": "1", "text": "Kamerstuk 99 901, nr. 8", "urls": [], "anchor": 19}],
        "references": [{"dossier": "99901", "number": 8, "text": "99 901, nr. 8", "start": 6}],
        "motions": [{"dossier": "99901", "number": 8, "submitters": ["De Vries"], "stance": "executed",
                     "evidence": "Motie 99 901, nr. 8 is uitgevoerd.", "advice": None, "start": 0}],
        "party_positions": [{"party": "D66", "proposal": "meer geld", "stance": "declined", "evidence": "Nee.",
                             "source_url": None}],
        "commitments": [{"text": "Ik zal uw Kamer voor 1 juli 2026 informeren.", "actor": "ik", "due": "2026-07-01",
                         "start": 35, "answers": {"motion": "99901-8"}}],
        "themes": [{"id": "climate", "paragraphs": [0]}],
        "instruments": [],
        "warnings": [{"kind": "doubled_word", "text": "de de", "start": None}],
        "motion": None,
    }


def _refused(data: object) -> RecordError:
    with pytest.raises(RecordError) as e:
        from_json(data, source="records.json")
    return e.value


# -- loading: every kind of failure names the field -----------------------------------------------------------

def test_a_good_record_loads_into_types() -> None:
    rec = from_json(_minimal())
    assert rec.document.kind is Kind.BRIEF
    assert rec.motions[0].stance is Stance.EXECUTED and rec.motions[0].advice is None
    assert rec.commitments[0].answers is not None and rec.commitments[0].answers.motion == "99901-8"
    assert from_json(json.dumps(_minimal())) == rec == from_json(json.dumps(_minimal()).encode("utf-8"))


def test_a_missing_field_is_named_with_its_path() -> None:
    data = _minimal()
    del data["motions"][0]["stance"]
    e = _refused(data)
    assert e.field == "motions[0].stance"
    assert str(e) == "records.json: motions[0].stance: missing (required)"
    data = _minimal()
    del data["text"]
    assert _refused(data).field == "text"


def test_a_wrong_type_is_named_with_the_value() -> None:
    data = _minimal()
    data["motions"][0]["number"] = "8"
    e = _refused(data)
    assert e.field == "motions[0].number"
    assert e.problem == "motions[0].number: expected an integer or null, got '8'"
    data = _minimal()
    data["paragraphs"][0]["start"] = True
    assert _refused(data).field == "paragraphs[0].start"


def test_a_bad_enum_value_lists_the_allowed_ones() -> None:
    data = _minimal()
    data["motions"][0]["stance"] = "maybe"
    e = _refused(json.dumps(data))
    assert e.problem == ("motions[0].stance: 'maybe' is not one of executed, already_policy, in_progress, partial, "
                         "declined, noted")
    data = _minimal()
    data["motions"][0]["advice"] = "misschien"
    assert _refused(data).problem.startswith(f"motions[0].advice: 'misschien' is not one of {Advice.OORDEEL_KAMER}")
    data = _minimal()
    data["schema"] = "analysis/2"
    assert _refused(data).problem == "schema: 'analysis/2' is not one of analysis/1"


def test_a_bad_nested_item_is_named_by_its_index() -> None:
    data = _minimal()
    data["commitments"].append("Ik zal")
    e = _refused(data)
    assert e.field == "commitments[1]"
    assert "expected an object" in e.problem
    data = _minimal()
    data["commitments"][0]["answers"] = [{"dossier": "99901", "number": 8}]
    assert _refused(data).field == "commitments[0].answers"
    data = _minimal()
    data["themes"][0]["paragraphs"] = [0, -1]
    e = _refused(data)
    assert e.field == "themes[0].paragraphs[1]" and ">= 0" in e.problem


def test_a_malformed_date_is_refused() -> None:
    data = _minimal()
    data["commitments"][0]["due"] = "soon"
    e = _refused(data)
    assert e.field == "commitments[0].due" and "'soon'" in e.problem
    data = _minimal()
    data["document"]["date"] = "5 januari 2026"
    assert _refused(data).field == "document.date"


def test_not_json_and_not_an_object_are_refused_in_one_line() -> None:
    assert _refused(b"{not json").problem.startswith("not valid JSON")
    e = _refused([1, 2])
    assert e.field == "record" and "expected an object" in e.problem
    assert "\n" not in str(e)


def test_a_record_in_a_list_is_named_by_its_place() -> None:
    data = _minimal()
    data["motions"][0]["stance"] = "maybe"
    with pytest.raises(RecordError) as e:
        from_json(data, source="records.json", at="[2]")
    assert e.value.field == "[2].motions[0].stance"


def test_older_records_and_added_fields_still_load() -> None:
    """A record written before ``advice`` existed loads with advice null; fields the contract does not know
    are ignored (producers may add fields), and lists and nullable fields may be left out."""
    data = _minimal()
    del data["motions"][0]["advice"]
    data["motions"][0]["confidence"] = 0.9
    data["extra"] = {"anything": True}
    for key in ("sections", "footnotes", "motion", "warnings"):
        del data[key]
    rec = from_json(data)
    assert rec.motions[0].advice is None and rec.sections == [] and rec.motion is None
    assert "confidence" not in rec.to_dict()["motions"][0]


def test_the_ingest_of_a_broken_record_file_names_the_field(tmp_path: Path) -> None:
    from kamerspoor.ingest import ingest
    from kamerspoor.store import open_store

    good, bad = _minimal(), _minimal()
    bad["document"]["id"] = "kst-99901-15"
    bad["motions"][0]["stance"] = "maybe"
    (tmp_path / "records.json").write_text(json.dumps([good, bad]), encoding="utf-8")
    with open_store(str(tmp_path / "k.db")) as store:
        report = ingest(store, [tmp_path / "records.json"], jobs=1)
        assert report.failed == [(str(tmp_path / "records.json"),
                                  "[1].motions[0].stance: 'maybe' is not one of executed, already_policy, "
                                  "in_progress, partial, declined, noted")]
        assert store.document("kst-99901-14") is None  # nothing of a file that failed is stored


# -- writing: the contract's JSON -----------------------------------------------------------------------------

def test_the_json_written_is_the_contract_in_its_order() -> None:
    rec = from_json(_minimal())
    data = rec.to_dict()
    assert list(data) == CONTRACT_KEYS
    assert list(data["document"]) == ["id", "dossier", "number", "session_year", "kind", "title", "date",
                                      "submitters"]
    assert list(data["motions"][0])[:7] == ["dossier", "number", "submitters", "stance", "evidence", "advice",
                                            "start"]
    assert "in_footnote" not in data["references"][0]  # written only for a citation in a footnote
    assert json.loads(rec.to_json()) == data
    assert json.loads(rec.canonical_json()) == data and rec.canonical_json() == \
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_analysed_document_round_trips_through_its_json(path: Path) -> None:
    """What the pipeline builds fits the types: its JSON loads back (checked) into the same record."""
    rec = analyze_path(path)
    assert isinstance(rec, Record)
    assert from_json(rec.to_json()) == rec
    assert list(rec.to_dict()) == CONTRACT_KEYS


def test_the_types_are_frozen() -> None:
    rec = from_json(_minimal())
    with pytest.raises(AttributeError):
        rec.text = "anders"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        rec.motions[0].stance = Stance.DECLINED  # type: ignore[misc]


# -- the JSON Schema ------------------------------------------------------------------------------------------

def test_the_schema_file_is_generated_from_the_types() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == json_schema_text(), \
        "run: kamerspoor schema > docs/analysis.schema.json"
    r = CliRunner().invoke(main, ["schema"])
    assert r.exit_code == 0 and r.output == json_schema_text()
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_records_validate_against_the_schema(letter_record: Record) -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    for rec in (letter_record, from_json(_minimal()), analyze_path(ROOT / "examples" / "kst-99901-8.xml")):
        validator.validate(json.loads(rec.to_json()))


@pytest.mark.parametrize(("where", "value"), [
    (("motions", 0, "stance"), "maybe"),
    (("motions", 0, "number"), "8"),
    (("commitments", 0, "due"), "soon"),
    (("document", "kind"), "kamerbrief"),
    (("paragraphs", 0, "start"), -1),
    (("commitments", 0, "answers"), ["99901-8"]),
])
def test_the_schema_and_the_loader_refuse_the_same_records(where: tuple, value: object) -> None:
    data = copy.deepcopy(_minimal())
    target = data
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema(), cls=jsonschema.Draft202012Validator)
    field = ".".join(f"[{s}]" if isinstance(s, int) else s for s in where).replace(".[", "[")
    assert _refused(data).field == field
    del target[where[-1]]
    if where[-1] in ("stance", "start"):  # required: missing is refused by both too
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, json_schema(), cls=jsonschema.Draft202012Validator)
        assert _refused(data).field == field


# -- an Eerste Kamer stuk: a letter, not an ondernummer -------------------------------------------------------

EK_TEXT = ("Eerste Kamer der Staten-Generaal\n\nVergaderjaar 2019–2020\n\n35 300 A\n\nMEMORIE VAN ANTWOORD\n\n"
           "De regering dankt de leden van de fractie voor hun vragen over het wetsvoorstel.\n")


@pytest.mark.parametrize("metadata", [{"id": "kst-35300-A"}, {"id": "kst-35300-A", "number": "A"},
                                      {"dossier": "35 300", "number": "A"}])
def test_an_eerste_kamer_letter_number_stays_in_the_id_and_round_trips(metadata: dict, store) -> None:
    """``Document.number`` is the ondernummer (an int, as the contract says): a lettered Eerste Kamer stuk has
    none, its letter lives in the id ("kst-35300-A", dossier "35300"), and the record comes back the same from
    its JSON and from the store."""
    from kamerspoor.ingest import write_documents
    from kamerspoor.model import Source
    from kamerspoor.pipeline import analyze_text
    from kamerspoor.store.rows import document_rows

    rec = analyze_text(EK_TEXT, Source.PDF_TEXT, metadata)
    assert (rec.document.id, rec.document.dossier, rec.document.number) == ("kst-35300-A", "35300", None)
    assert from_json(rec.to_json()) == rec
    write_documents(store, [document_rows(rec, "ek.txt")])
    assert store.record("kst-35300-A") == rec
