"""The held-out set stays honest: every fixture has a gold file, every gold file has the shape the spec and
``../shared/eval/score.py`` read, and the issue-15 index (``tests/fixtures/heldout/issue15.json``) names each of
its FICTIONAL documents with the failure classes it exercises.

Issue 15's documents were written with their gold before the pipeline ran on them, so that the fixes made
later are measured honestly. This file asserts no scores: ``bench/heldout.py`` prints them (per document, per
class, overall), and the fixer adds score assertions as the classes get fixed. What it checks can fail today:
a fixture without gold, a gold value outside the spec's enums (a stance, an advice, a kind), a due date in a
shape the record never has, a phrase the gold requires and forbids at once, an index that names a missing file.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"
INDEX = json.loads((HELDOUT / "issue15.json").read_text(encoding="utf-8"))

# the record's vocabularies (../shared/spec/analysis.md)
KINDS = {"brief", "motie", "verslag", "vragen_antwoorden", "nota", "appreciatie", "overzicht", "other"}
STANCES = {"executed", "already_policy", "in_progress", "partial", "declined", "noted"}
ADVICE = {None, "oordeel_kamer", "ontraden", "overbodig", "ontijdig", "ondersteuning_beleid"}
DOCUMENT_KEYS = {"id", "dossier", "number", "session_year", "kind", "title", "date", "submitters", "title_contains"}
GOLD_KEYS = {"input", "note", "document", "text", "sections", "footnotes", "references", "references_ignore",
             "motions", "party_positions", "commitments", "motion"}
# the shapes score.py compares: a Kamerstuk key "35207-29", "36200-VII-12", "21501-20-1606"; a due date
DOSSIER = r"\d{5}(?:-(?:[A-Z]+|\d{1,2}))?"
REF = re.compile(rf"^{DOSSIER}-\d+$")
DUE = re.compile(r"^\d{4}(?:-\d{2}-\d{2})?$|^\d{4}(?:-\d{2}){0,2}\*$")
SESSION = re.compile(r"^(\d{4})-(\d{4})$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# the shapes a fixture comes in (tests/test_heldout.py draws the last two into a PDF)
SHAPES = (".pdf.txt", ".page.txt", ".xml", ".pages.txt", ".typeset.txt")


def _fixtures() -> dict[str, Path]:
    out = {}
    for path in HELDOUT.iterdir():
        suffix = next((s for s in SHAPES if path.name.endswith(s)), None)
        if suffix:
            out[path.name[: -len(suffix)]] = path
    return out


FIXTURES = _fixtures()
GOLDS = sorted(p.name[: -len(".gold.json")] for p in HELDOUT.glob("*.gold.json"))


def _gold(name: str) -> dict:
    return json.loads((HELDOUT / f"{name}.gold.json").read_text(encoding="utf-8"))


def _norm(s: str) -> str:
    """As score.py compares text: NFC, typographic quotes and dashes folded, whitespace collapsed, lower case."""
    s = unicodedata.normalize("NFC", s).replace("\u00ad", "")
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", s).strip().lower()


def test_every_heldout_fixture_has_a_gold_file_and_every_gold_file_a_fixture() -> None:
    assert sorted(FIXTURES) == GOLDS


@pytest.mark.parametrize("name", GOLDS)
def test_gold_file_names_its_own_fixture_and_says_it_is_fictional(name: str) -> None:
    gold = _gold(name)
    assert set(gold) <= GOLD_KEYS, set(gold) - GOLD_KEYS
    assert gold["input"].startswith(f"tests/fixtures/heldout/{FIXTURES[name].name}")
    assert "FICTIONAL" in gold["note"]


@pytest.mark.parametrize("name", GOLDS)
def test_gold_document_fields_have_the_record_shapes(name: str) -> None:
    doc = _gold(name)["document"]
    assert set(doc) <= DOCUMENT_KEYS, set(doc) - DOCUMENT_KEYS
    assert doc["kind"] in KINDS
    assert re.fullmatch(DOSSIER, doc["dossier"])
    assert isinstance(doc["number"], int)
    assert name == f"kst-{doc['dossier']}-{doc['number']}", "a fixture is named after its official id"
    if "session_year" in doc:
        first, second = map(int, SESSION.match(doc["session_year"]).groups())
        assert second == first + 1
    if "date" in doc:
        assert DATE.match(doc["date"])
    assert all(isinstance(s, str) and s for s in doc.get("submitters", []))


@pytest.mark.parametrize("name", GOLDS)
def test_gold_motions_use_the_spec_stances_and_advice(name: str) -> None:
    for motion in _gold(name).get("motions") or []:
        assert motion["ref"] is None or REF.match(motion["ref"]), motion
        assert motion["ref"] or motion.get("submitters"), "a motion without a number is matched by its submitters"
        assert motion["stances"] and set(motion["stances"]) <= STANCES, motion
        if "advice" in motion:
            assert motion["advice"] in ADVICE, motion


@pytest.mark.parametrize("name", GOLDS)
def test_gold_references_commitments_and_footnotes_have_the_scored_shapes(name: str) -> None:
    gold = _gold(name)
    refs = gold.get("references", [])
    assert all(REF.match(r) for r in refs + gold.get("references_ignore", [])), refs
    assert not set(refs) & set(gold.get("references_ignore", [])), "a reference both required and ignored"
    for motion in gold.get("motions") or []:
        if motion["ref"]:
            assert motion["ref"] in refs, f"motion {motion['ref']} is cited, so it is a reference too"
    commitments = gold.get("commitments", {"required": [], "acceptable": []})
    for required in commitments["required"]:
        dues = required["due"] if isinstance(required["due"], list) else [required["due"]]
        assert all(d is None or DUE.match(d) for d in dues), required
        assert required["anchor"].strip()
    assert all(isinstance(a, str) and a.strip() for a in commitments["acceptable"])
    markers = [f["marker"] for f in gold.get("footnotes", [])]
    assert len(markers) == len(set(markers))
    assert all(isinstance(f["urls"], list) and f["before_anchor"].strip() for f in gold.get("footnotes", []))


@pytest.mark.parametrize("name", GOLDS)
def test_gold_never_requires_a_phrase_it_forbids(name: str) -> None:
    text = _gold(name).get("text", {})
    required = [_norm(p) for p in text.get("must_contain", [])]
    for forbidden in map(_norm, text.get("must_not_contain", [])):
        assert not [p for p in required if forbidden in p], forbidden


# -- the issue-15 index ---------------------------------------------------------------------------------------


def test_issue15_index_names_existing_fixtures_with_known_classes() -> None:
    classes = {int(k) for k in INDEX["classes"]}
    assert classes == {1, 2, 3, 4, 5, 6}
    for name, entry in INDEX["documents"].items():
        assert FIXTURES[name].name == entry["file"]
        assert entry["classes"] and set(entry["classes"]) <= classes, name
    covered = {c for entry in INDEX["documents"].values() for c in entry["classes"]}
    assert covered == classes, "every class of issue 15 has held-out documents"


def test_issue15_documents_cover_ministries_decades_and_the_three_sites() -> None:
    docs = INDEX["documents"].values()
    assert len({d["ministry"] for d in docs}) >= 5
    assert {d["year"] // 10 for d in docs} >= {200, 201, 202}
    shapes = " ".join(d["shape"] for d in docs)
    for site in ("officielebekendmakingen", "tweedekamer.nl", "tkconv", "pdf text"):
        assert site in shapes


SEALED = [n for n, e in INDEX["documents"].items() if e.get("sealed")]


def test_sealed_validation_set_has_its_own_dossiers_and_every_class() -> None:
    """The sealed set (written before the fixes, kept out of sight while making them) is its own: other dossiers
    than the first set's documents, and every class of issue 15 in it."""
    assert 8 <= len(SEALED) <= 12
    assert all(INDEX["documents"][n]["sealed"] is True for n in SEALED)
    own = {_gold(n)["document"]["dossier"].split("-")[0] for n in SEALED}
    first = {_gold(n)["document"]["dossier"].split("-")[0] for n in INDEX["documents"] if n not in SEALED}
    assert not own & first
    assert {c for n in SEALED for c in INDEX["documents"][n]["classes"]} == {1, 2, 3, 4, 5, 6}
    assert all("SEALED" in _gold(n)["note"] for n in SEALED)


def test_issue15_documents_of_the_new_kinds_are_tagged_with_their_class() -> None:
    for name, entry in INDEX["documents"].items():
        gold = _gold(name)
        kind = gold["document"]["kind"]
        if kind == "appreciatie" or any("advice" in m and m["advice"] for m in gold.get("motions") or []):
            assert 6 in entry["classes"], name
        if kind == "overzicht":
            assert 5 in entry["classes"], name


# -- bench/heldout.py reads the same set ---------------------------------------------------------------------


def _bench():
    spec = importlib.util.spec_from_file_location("kamerspoor_bench_heldout", ROOT / "bench" / "heldout.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_bench_finds_every_fixture_with_gold() -> None:
    assert [name for name, _ in _bench().fixtures()] == GOLDS


def test_bench_counts_a_letter_as_answering_motions_only_when_its_gold_lists_motions() -> None:
    bench = _bench()
    assert bench.answers_motions({"document": {"kind": "brief"}, "motions": [{"ref": "99912-3"}]})
    assert not bench.answers_motions({"document": {"kind": "brief"}, "motions": []})
    assert not bench.answers_motions({"document": {"kind": "motie"}, "motions": [{"ref": "99971-12"}]})


def test_bench_reads_and_scores_every_fixture_without_an_error(shared: Path) -> None:
    pytest.importorskip("fpdf")
    result = _bench().run(shared)
    assert set(result["documents"]) == set(GOLDS)
    errors = {n: d["error"] for n, d in result["documents"].items() if d["error"]}
    assert not errors
    assert all(d["metrics"] for d in result["documents"].values())
    assert {k: c["n"] + c["sealed_n"] for k, c in result["classes"].items()} == {
        str(k): sum(k in e["classes"] for e in INDEX["documents"].values()) for k in range(1, 7)}
    assert result["sealed"]["n"] == len(SEALED)


def test_bench_shows_the_sealed_documents_only_in_aggregate_unless_unsealed() -> None:
    bench = _bench()
    doc = {"metrics": {"motions_recall": 0.5}, "mean": 0.5, "error": None, "sealed": True, "new": True,
           "answers_motions": True, "classes": [1]}
    result = {"documents": {"kst-99940-5": doc, "kst-99912-6": {**doc, "sealed": False}}}
    assert list(bench.sealed_view(result)["documents"]) == ["kst-99912-6"]
