"""Ingest's handlers: how each kind of input is recognised (one table), that a new kind of input is one
handler and one row in that table, and the layers around the store: the store imports neither the pipeline,
the fetchers nor ingest; the web layer and the CLI write no SQL."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from kamerspoor.ingest import IngestReport, handlers, ingest, recognise
from kamerspoor.ingest.handlers import Handler
from kamerspoor.model import InputError
from kamerspoor.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "store"
SRC = Path(__file__).resolve().parent.parent / "src" / "kamerspoor"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


OFFICIAL = {"id": "o-1", "text": "De minister informeert de Kamer.", "source": "tk:Toezegging"}


@pytest.mark.parametrize("name, data, kind", [
    ("letter.json", fixture("kst-99902-20.json"), "records"),
    ("records.jsonl", b"\n".join(json.dumps(json.loads(fixture(f))).encode() for f in
                                 ("kst-99902-8.json", "kst-99902-9.json")), "records"),
    ("2025Z99908.json", fixture("zaak-99902-8.json"), "zaak"),
    ("summary.json", fixture("motion_votes_summary.json"), "votes"),
    ("register.json", json.dumps([OFFICIAL]).encode(), "officials"),  # by its shape
    ("official_commitments.json", b"[]", "officials"),  # by its name, whatever it holds
    ("log.jsonl", b'{"entity": "Zaak", "id": "z-1"}\n', "deletions"),
    ("deleted.jsonl", b"", "deletions"),  # an empty log: nothing deleted yet
    ("brief.txt", b"De minister schrijft.", "document"),
    ("kst-99990-1.xml", b"<officiele-publicatie/>", "document"),
    ("brief.pdf", b"%PDF-1.4", "document"),
])
def test_each_kind_of_input_is_recognised_by_its_name_or_the_shape_of_its_json(name: str, data: bytes,
                                                                                kind: str) -> None:
    assert recognise(f"/in/{name}", data)[0].name == kind


def test_json_of_no_known_shape_is_refused_naming_every_kind_it_is_not() -> None:
    with pytest.raises(InputError) as e:
        recognise("/in/other.json", b'{"hello": "world"}')
    assert e.value.problem == ("JSON that is neither an analysis record, a Zaak, a votes summary, Stemming rows, "
                               "Persoon or Fractie records, Document records of cabinet letters, official "
                               "commitments nor a log of deletions")


@pytest.mark.parametrize("name, data, problem", [
    ("empty.txt", b"  \n", "empty file"),
    ("empty.json", b"", "empty file"),
    ("broken.json", b'{"document": ', "not valid JSON: Expecting value"),
    ("latin1.json", '{"titel": "één"}'.encode("latin-1"), "not UTF-8 text"),
])
def test_a_file_that_is_no_input_is_a_clear_problem(name: str, data: bytes, problem: str) -> None:
    with pytest.raises(InputError) as e:
        recognise(f"/in/{name}", data)
    assert e.value.problem == problem


class Notes(Handler):
    """A kind of input made up for the test: ``{"notitie": text}``, stored as the file's note only."""

    name = "notes"
    description = "a note"

    def shape(self, obj: object) -> bool:
        return isinstance(obj, dict) and isinstance(obj.get("notitie"), str)

    def prepare(self, path: str, content: dict) -> str:
        return content["notitie"]

    def write(self, store: Store, rows: str, path: str, digest: str | None, report: IngestReport) -> None:
        with store.transaction():
            store.mark_file(path, digest, self.name, [rows])
        report.add("notes")


def test_a_new_kind_of_input_is_one_handler_and_one_row_in_the_table(store, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(handlers, "HANDLERS", (*handlers.HANDLERS[:-1], Notes(), handlers.HANDLERS[-1]))
    note = tmp_path / "in" / "note.json"
    note.parent.mkdir()
    note.write_text('{"notitie": "nagaan"}', encoding="utf-8")
    (tmp_path / "in" / "other.json").write_text('{"hello": "world"}', encoding="utf-8")
    report = ingest(store, [tmp_path / "in"], jobs=1)
    assert report.to_dict()["notes"] == 1
    assert store.file_ids(str(note)) == ["nagaan"]
    assert report.failed == [(str(tmp_path / "in" / "other.json"), "JSON that is neither an analysis record, "
                              "a Zaak, a votes summary, Stemming rows, Persoon or Fractie records, Document records "
                              "of cabinet letters, official commitments, a log of deletions nor a note")]
    again = ingest(store, [note], jobs=1)
    assert (again.unchanged, again.to_dict().get("notes")) == (1, None)  # an unchanged file is not read again


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return out


def test_the_store_is_persistence_only_and_imports_no_stage_above_it() -> None:
    above = ("kamerspoor.pipeline", "kamerspoor.read", "kamerspoor.clean", "kamerspoor.parse", "kamerspoor.extract",
             "kamerspoor.fetch", "kamerspoor.ingest", "kamerspoor.web", "kamerspoor.semantic", "kamerspoor.cli")
    for f in sorted((SRC / "store").glob("*.py")):
        wrong = sorted(m for m in _imports(f) if m.startswith(above))
        assert not wrong, f"{f.name} imports {wrong}"


SQL = re.compile(r"\b(?:SELECT|INSERT|UPDATE|DELETE)\b")


def test_the_web_layer_and_the_cli_write_no_sql() -> None:
    files = sorted((SRC / "web").glob("*.py")) + sorted(SRC.glob("cli*.py"))
    assert files
    for f in files:
        tree = ast.parse(f.read_text(encoding="utf-8"))
        strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        assert not [s for s in strings if SQL.search(s)], f"{f.name} holds SQL"
        calls = {n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
        assert not calls & {"query", "query_one", "query_value", "execute", "executemany"}, f"{f.name} runs SQL"
