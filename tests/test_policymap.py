"""The policy map (kamerspoor.policymap, `kamerspoor map`): nodes and edges derived from the analysis record,
every edge backed by a paragraph, SVG/JSON/GraphML exports, the command line."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from lxml import etree

from kamerspoor import analyze_path, policymap, taxonomy
from kamerspoor.cli import main
from kamerspoor.policymap import STANCE_COLOUR, build_graph, map_svg, to_graphml, to_json, to_svg
from kamerspoor.record import Record, RecordError, from_json

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "kst-99901-14.pdf.txt"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


@pytest.fixture(scope="module")
def example_record() -> Record:
    return analyze_path(EXAMPLE)


def _key(dossier, number) -> str:
    return f"{dossier}-{number}"


def _tag_paragraphs(record: dict, key: str) -> dict[str, set[int]]:
    return {t["id"]: set(t["paragraphs"]) for t in record[key]}


def _node_tag(node_id: str) -> tuple[str, str]:
    kind, tag = node_id.split(":", 1)
    return kind, tag


def assert_every_edge_backed(graph: nx.DiGraph, records: list[Record]) -> None:
    """Every edge carries the paragraph(s) behind it, and the record says each of them connects both ends."""
    by_id = {r.document.id: r.to_dict() for r in records}
    for u, v, e in graph.edges(data=True):
        assert e["paragraphs"], (u, v)
        assert e["weight"] == len(e["paragraphs"])
        for did, p in e["paragraphs"]:
            rec = by_id[did]
            assert 0 <= p < len(rec["paragraphs"])
            themes, instruments = _tag_paragraphs(rec, "themes"), _tag_paragraphs(rec, "instruments")
            tags = {"theme": themes, "instrument": instruments}
            kind_u, kind_v = graph.nodes[u]["kind"], graph.nodes[v]["kind"]
            assert e["kind"] == f"{kind_u}-{kind_v}"
            if kind_v in tags:  # the paragraph is tagged with the theme / instrument at the end of the edge
                assert p in tags[kind_v].get(_node_tag(v)[1], set()), (u, v, p)
            if kind_u == "theme":
                assert p in themes[_node_tag(u)[1]], (u, v, p)
            elif kind_u == "motion":
                a = graph.nodes[u]
                assert any(_key(m["dossier"], m["number"]) == f"{a['dossier']}-{a['number']}"
                           and m["paragraph"] == p for m in rec["motions"]), (u, v, p)
            elif kind_u == "proposal":
                parties = graph.nodes[u]["parties"]
                assert any(pp["party"] in parties and pp["paragraph"] == p for pp in rec["party_positions"])
            elif kind_u == "commitment":
                c = rec["commitments"][graph.nodes[u]["index"]]
                assert c["paragraph"] == p, (u, v, p)
                answers = c.get("answers") or {}
                if kind_v == "motion":
                    assert answers.get("motion") == f"{graph.nodes[v]['dossier']}-{graph.nodes[v]['number']}"
                if kind_v == "proposal":
                    named = {answers.get("party"), *(answers.get("parties") or [])}
                    assert named & set(graph.nodes[v]["parties"])


def assert_theme_instrument_edges_complete(graph: nx.DiGraph, rec: Record) -> None:
    """A theme-instrument edge for every paragraph tagged with both, weight = number of such paragraphs."""
    record = rec.to_dict()
    want: dict[tuple[str, str], int] = {}
    for t in record["themes"]:
        for i in record["instruments"]:
            shared = set(t["paragraphs"]) & set(i["paragraphs"])
            if shared:
                want[(f"theme:{t['id']}", f"instrument:{i['id']}")] = len(shared)
    got = {(u, v): e["weight"] for u, v, e in graph.edges(data=True) if e["kind"] == "theme-instrument"}
    assert got == want


def assert_exports_agree(graph: nx.DiGraph) -> None:
    data = json.loads(json.dumps(to_json(graph)))
    node_ids = {n["id"] for n in data["nodes"]}
    edge_ids = {e["id"] for e in data["edges"]}
    assert node_ids == set(graph.nodes)
    assert {(e["source"], e["target"]) for e in data["edges"]} == set(graph.edges)
    assert all(e["paragraphs"] for e in data["edges"])
    gml = to_graphml(graph)
    root = etree.fromstring(gml.encode("utf-8"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert {n.get("id") for n in root.iterfind(".//g:node", ns)} == node_ids
    assert {e.get("id") for e in root.iterfind(".//g:edge", ns)} == edge_ids
    back = nx.parse_graphml(gml)
    assert set(back.nodes) == node_ids
    for e in data["edges"]:
        assert back.edges[e["source"], e["target"]]["kind"] == e["kind"]


def svg_nodes(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return {g.get("id")[2:]: g for g in root.iter(f"{SVG}g")
            if "node" in (g.get("class") or "").split() and (g.get("id") or "").startswith("n-")}


def node_link(g: ET.Element) -> str:
    a = next(g.iter(f"{SVG}a"))
    return a.get("href") or a.get(f"{XLINK}href")


def node_fill(g: ET.Element) -> str:
    shape = next(x for x in g.iter() if x.tag in (f"{SVG}path", f"{SVG}polygon", f"{SVG}rect"))
    return shape.get("fill")


def node_text(g: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in g.iter(f"{SVG}text"))


def node_boxes(svg: str) -> dict[str, tuple[float, float, float, float]]:
    """Bounding box of each node's shape in the SVG."""
    out = {}
    for nid, g in svg_nodes(svg).items():
        shape = next(x for x in g.iter() if x.tag in (f"{SVG}path", f"{SVG}polygon", f"{SVG}rect"))
        if shape.tag == f"{SVG}rect":
            x, y, w, h = (float(shape.get(k)) for k in ("x", "y", "width", "height"))
            out[nid] = (x, y, x + w, y + h)
            continue
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d") or shape.get("points"))]
        xs, ys = nums[0::2], nums[1::2]
        out[nid] = (min(xs), min(ys), max(xs), max(ys))
    return out


def assert_no_overlap(boxes: dict[str, tuple[float, float, float, float]]) -> None:
    for (a, ba), (b, bb) in combinations(boxes.items(), 2):
        apart = ba[2] <= bb[0] or bb[2] <= ba[0] or ba[3] <= bb[1] or bb[3] <= ba[1]
        assert apart, f"{a} overlaps {b}"


# -- the real letter (../shared) ---------------------------------------------------------------------------------

def test_letter_map_has_a_node_per_cited_motion_theme_and_instrument(letter_record: Record) -> None:
    g = build_graph(letter_record, today="2020-06-01")
    data = letter_record.to_dict()
    motions = {n for n, a in g.nodes(data=True) if a["kind"] == "motion"}
    assert len(data["motions"]) == 7
    assert motions == {f"motion:{_key(m['dossier'], m['number'])}" for m in data["motions"]}
    for m in data["motions"]:
        assert g.nodes[f"motion:{_key(m['dossier'], m['number'])}"]["stance"] == m["stance"]
    tags = {f"theme:{t['id']}" for t in data["themes"]} | {f"instrument:{t['id']}" for t in data["instruments"]}
    drawn = {n for n, a in g.nodes(data=True) if a["kind"] in ("theme", "instrument")}
    assert drawn | set(g.graph["unlinked"]) == tags and not drawn & set(g.graph["unlinked"])
    assert all(g.degree(n) > 0 for n in drawn)  # no box without a line
    assert drawn and g.graph["unlinked"]  # the letter has both
    assert sum(a["kind"] == "commitment" for _n, a in g.nodes(data=True)) == len(data["commitments"])
    parties = {p for _n, a in g.nodes(data=True) if a["kind"] == "proposal" for p in a["parties"]}
    assert parties == {pp["party"] for pp in data["party_positions"]}
    assert 10 <= g.number_of_nodes() <= 60


def test_letter_map_has_no_edge_without_a_paragraph_behind_it(letter_record: Record) -> None:
    g = build_graph(letter_record)
    assert g.number_of_edges() > 0
    assert_every_edge_backed(g, [letter_record])
    assert_theme_instrument_edges_complete(g, letter_record)


def test_letter_motion_edges_go_through_the_paragraph_of_the_answer(letter_record: Record) -> None:
    g = build_graph(letter_record)
    data = letter_record.to_dict()
    for m in data["motions"]:
        nid = f"motion:{_key(m['dossier'], m['number'])}"
        tagged = {f"theme:{t['id']}" for t in data["themes"] if m["paragraph"] in t["paragraphs"]} | \
                 {f"instrument:{t['id']}" for t in data["instruments"] if m["paragraph"] in t["paragraphs"]}
        assert set(g.successors(nid)) == tagged


def test_letter_commitments_link_to_the_motion_they_answer(letter_record: Record) -> None:
    g = build_graph(letter_record)
    for i, c in enumerate(letter_record.to_dict()["commitments"]):
        answers = c.get("answers") or {}
        if answers.get("motion"):
            assert g.has_edge(f"commitment:kst-35207-32:{i}", f"motion:{answers['motion']}")


def test_letter_exports_hold_the_same_nodes_and_edges(letter_record: Record) -> None:
    assert_exports_agree(build_graph(letter_record))


def test_letter_svg_parses_and_every_node_is_a_link(letter_record: Record) -> None:
    svg = map_svg(letter_record)
    data = letter_record.to_dict()
    nodes = svg_nodes(svg)
    g = build_graph(letter_record)
    assert set(nodes) == set(g.nodes)
    for m in data["motions"]:
        el = nodes[f"motion:{_key(m['dossier'], m['number'])}"]
        assert node_link(el) == f"/motie/{m['dossier']}-{m['number']}"
        assert node_fill(el) == STANCE_COLOUR[m["stance"]][0]
    for t in data["themes"]:
        if f"theme:{t['id']}" not in g:
            continue  # linked to nothing: not drawn
        el = nodes[f"theme:{t['id']}"]
        assert node_link(el) == f"/document/kst-35207-32#p-{t['paragraphs'][0]}"
        words = taxonomy.label(t["id"]).split()
        assert words[0] in node_text(el)  # the Dutch label from the taxonomy
    assert node_link(nodes["commitment:kst-35207-32:0"]) == "/document/kst-35207-32#c-0"
    assert "Standpunt kabinet" in svg and "al beleid" in svg  # the legend


@needs_dot
def test_letter_graphviz_layout_has_no_overlapping_nodes(letter_record: Record) -> None:
    assert_no_overlap(node_boxes(to_svg(build_graph(letter_record), engine="graphviz")))


def test_letter_python_layout_has_no_overlapping_nodes(letter_record: Record) -> None:
    svg = to_svg(build_graph(letter_record), engine="python")
    assert len(node_boxes(svg)) == build_graph(letter_record).number_of_nodes()
    assert_no_overlap(node_boxes(svg))


# -- the fictional example (runs on a fresh clone) --------------------------------------------------------------

def test_example_map_nodes_follow_the_record(example_record: Record) -> None:
    g = build_graph(example_record, today="2025-01-01")
    assert {n for n, a in g.nodes(data=True) if a["kind"] == "motion"} == {"motion:99901-8", "motion:99901-11"}
    assert g.nodes["motion:99901-8"]["stance"] == "executed"
    assert g.nodes["motion:99901-11"]["stance"] == "declined"
    # the letter's one instrument stands in a paragraph with no answer, commitment or theme: not drawn
    assert not any(a["kind"] == "instrument" for _n, a in g.nodes(data=True))
    assert g.graph["unlinked"] == sorted(f"instrument:{t.id}" for t in example_record.instruments)
    assert g.nodes["motion:99901-11"]["label"] == "Motie 99 901, nr. 11"


def test_example_commitments_link_to_the_motion_and_the_proposal_they_answer(example_record: Record) -> None:
    g = build_graph(example_record)
    kinds = {(u, v): e["kind"] for u, v, e in g.edges(data=True)}
    assert kinds[("commitment:kst-99901-14:0", "motion:99901-11")] == "commitment-motion"
    proposal = next(n for n, a in g.nodes(data=True) if a["kind"] == "proposal")
    assert g.nodes[proposal]["parties"] == ["ChristenUnie"]
    assert g.nodes[proposal]["href"] == "/document/kst-99901-14#pp-0"
    assert g.nodes["commitment:kst-99901-14:1"]["href"] == "/document/kst-99901-14#c-1"
    assert kinds[("commitment:kst-99901-14:1", proposal)] == "commitment-proposal"
    assert_every_edge_backed(g, [example_record])
    assert_theme_instrument_edges_complete(g, example_record)


def test_example_commitment_is_overdue_only_after_its_due_date(example_record: Record) -> None:
    due = example_record.commitments[0].due
    assert due == "2026-07-01"
    assert build_graph(example_record, today="2026-07-01").nodes["commitment:kst-99901-14:0"]["status"] == "open"
    late = build_graph(example_record, today="2026-07-02").nodes["commitment:kst-99901-14:0"]
    assert late["status"] == "overdue"
    assert "verlopen" in late["label"] and "1 juli 2026" in late["label"]


def test_example_exports_and_both_layouts_parse(example_record: Record) -> None:
    g = build_graph(example_record)
    assert_exports_agree(g)
    for engine in ("python", "auto"):
        svg = to_svg(g, link_base="https://example.org/ks/", engine=engine)
        nodes = svg_nodes(svg)
        assert set(nodes) == set(g.nodes)
        assert node_link(nodes["motion:99901-8"]) == "https://example.org/ks/motie/99901-8"
        assert_no_overlap(node_boxes(svg))


@needs_dot
def test_example_png_is_a_png(example_record: Record) -> None:
    assert policymap.to_png(build_graph(example_record))[:8] == b"\x89PNG\r\n\x1a\n"


def test_map_without_graphviz_falls_back_to_the_python_layout(example_record: Record, monkeypatch) -> None:
    monkeypatch.setattr(policymap.shutil, "which", lambda _name: None)
    policymap._run_dot.cache_clear()
    svg = map_svg(example_record)
    assert set(svg_nodes(svg)) == set(build_graph(example_record).nodes)
    with pytest.raises(policymap.MapError, match="Graphviz"):
        policymap.to_png(build_graph(example_record))
    policymap._run_dot.cache_clear()


# -- several documents (a dossier) -------------------------------------------------------------------------------

def _second_letter(record: Record) -> Record:
    """The example as if a later letter (nr. 15) answered motion nr. 11 again, now executed."""
    rec = record.to_dict()
    rec["document"].update({"id": "kst-99901-15", "number": 15})
    for m in rec["motions"]:
        if m["number"] == 11:
            m["stance"] = "executed"
    return from_json(rec)


def test_dossier_map_merges_motions_themes_and_instruments(example_record: Record) -> None:
    second = _second_letter(example_record)
    g = build_graph([second, example_record])
    assert g.graph["documents"] == ["kst-99901-14", "kst-99901-15"]
    assert g.nodes["motion:99901-11"]["stance"] == "executed"  # the later letter's answer
    assert [a["stance"] for a in g.nodes["motion:99901-11"]["answers"]] == ["declined", "executed"]
    assert sum(a["kind"] == "commitment" for _n, a in g.nodes(data=True)) == 2 * len(example_record.commitments)
    for _n, a in g.nodes(data=True):
        if a["kind"] in ("theme", "instrument"):
            assert a["href"] == f"/thema/{a['tag']}"
    assert set(g.graph["unlinked"]) == {f"instrument:{t.id}" for t in example_record.instruments}
    assert_every_edge_backed(g, [example_record, second])
    assert_exports_agree(g)


def test_map_of_an_empty_or_sparse_record_is_still_a_map() -> None:
    empty = from_json({"document": {}, "text": ""})
    sparse = from_json({"document": {}, "text": "Ik zal het doen.", "paragraphs": [],
                        "motions": [{"stance": "declined", "start": 5, "submitters": ["Jansen"], "evidence": ""}],
                        "commitments": [{"text": "Ik zal", "start": 0, "answers": {"motion": "nonsense"}}]})
    for rec in (empty, sparse):
        g = build_graph(rec)
        ET.fromstring(map_svg(rec))
        assert_exports_agree(g)
    assert build_graph(sparse).nodes["motion:document-1:0"]["label"] == "Motie Jansen"


def test_a_damaged_record_never_reaches_the_map() -> None:
    for damaged, field in (({"document": None, "text": ""}, "document"),
                           ({"document": {}, "text": "", "themes": "x"}, "themes"),
                           ({"document": {}, "text": "", "commitments": ["x"]}, "commitments[0]")):
        with pytest.raises(RecordError) as e:
            from_json(damaged)
        assert e.value.field == field


def test_map_survives_quotes_backslashes_and_markup_in_labels() -> None:
    odd = 'a"b\\N&<c> ' + "é" * 40
    rec = from_json({"document": {"id": "kst-1-2"}, "text": "x" * 9, "paragraphs": [{"start": 0, "end": 9}],
                     "themes": [{"id": odd, "paragraphs": [0]}], "instruments": [{"id": "sanctions", "paragraphs": [0]}],
                     "commitments": [{"text": odd, "start": 0, "paragraph": 0, "answers": None}]})
    for engine in ("python", "auto"):
        svg = to_svg(build_graph(rec), engine=engine)
        nodes = svg_nodes(svg)
        assert odd[:8] in node_text(nodes[f"theme:{odd}"])
    assert_exports_agree(build_graph(rec))


# -- the command line -------------------------------------------------------------------------------------------

def test_map_command_draws_a_file(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["map", str(EXAMPLE), "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert {"motion:99901-8", "motion:99901-11"} <= {n["id"] for n in data["nodes"]}
    r = runner.invoke(main, ["map", str(EXAMPLE), "--format", "graphml"])
    assert r.exit_code == 0 and nx.parse_graphml(r.output).number_of_nodes() == len(data["nodes"])
    r = runner.invoke(main, ["map", str(EXAMPLE)])
    assert r.exit_code == 0
    ET.fromstring(r.output)


def test_map_command_reads_documents_and_dossiers_from_the_store(tmp_path: Path, example_record: dict) -> None:
    from kamerspoor.ingest import put_record
    from kamerspoor.store import open_store

    db = str(tmp_path / "k.db")
    with open_store(db) as store:
        put_record(store, example_record)
        put_record(store, _second_letter(example_record))
    runner = CliRunner()
    r = runner.invoke(main, ["map", "kst-99901-14", "--db", db, "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["documents"] == ["kst-99901-14"]
    r = runner.invoke(main, ["map", "--dossier", "99 901", "--db", db, "--format", "json"])
    assert r.exit_code == 0, r.output
    assert sorted(json.loads(r.output)["documents"]) == ["kst-99901-14", "kst-99901-15"]
    r = runner.invoke(main, ["map", "kst-99901-99", "--db", db])
    assert r.exit_code == 1 and "not in the store" in r.output
    r = runner.invoke(main, ["map", "--dossier", "12345", "--db", db])
    assert r.exit_code == 1


def test_map_command_rejects_bad_usage(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = str(tmp_path / "none.db")
    r = runner.invoke(main, ["map", "kst-1-2", "--db", missing])
    assert r.exit_code == 2 and "no store" in r.output
    assert not Path(missing).exists()
    assert runner.invoke(main, ["map"]).exit_code == 2
    assert runner.invoke(main, ["map", str(EXAMPLE), "--dossier", "99901"]).exit_code == 2
    r = runner.invoke(main, ["map", str(EXAMPLE), "--today", "tomorrow"])
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output
    bad = tmp_path / "bad.xml"
    bad.write_text("<officiele-publicatie><unclosed>", encoding="utf-8")
    r = runner.invoke(main, ["map", str(bad)])
    assert r.exit_code == 2 and "bad.xml" in r.output


def test_the_web_pages_draw_no_map_when_there_is_nothing_to_draw() -> None:
    from kamerspoor.web.pages import policy_map

    empty = from_json({"schema": "analysis/1", "document": {"id": "kst-99901-30", "dossier": "99901", "number": 30,
                                                            "kind": "motie"},
                       "text": "", "paragraphs": [], "sections": [], "motions": [], "party_positions": [],
                       "commitments": [], "themes": [], "instruments": [], "footnotes": [], "references": [],
                       "warnings": [], "motion": None})
    assert policy_map(empty) is None
