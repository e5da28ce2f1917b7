"""The vectors as files beside the store: a memory-mapped matrix (never read whole into memory) and the HNSW
graph, both built by `kamerspoor embed`, rewritten when the vectors change (kamerspoor.semantic.ann)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from click.testing import CliRunner

from kamerspoor.cli import main
from kamerspoor.ingest import put_record
from kamerspoor.semantic import ann
from kamerspoor.semantic.embed import get_embedder
from kamerspoor.semantic.index import clear_cache, embed_store, load_index
from kamerspoor.store import open_store

WORDS = ["kust", "zorg", "onderwijs", "defensie", "stikstof", "woningbouw", "asiel", "energie"]


def _letter(number: int, paragraphs: list[str]) -> dict:
    text, spans = "", []
    for p in paragraphs:
        text += "\n\n" if text else ""
        spans.append({"start": len(text), "end": len(text) + len(p), "section": None})
        text += p
    doc = {"id": f"kst-99901-{number}", "dossier": "99901", "number": number, "kind": "brief",
           "date": "2025-03-01", "title": f"Brief nr. {number}", "submitters": []}
    return {"schema": "analysis/1", "document": doc, "text": text, "paragraphs": spans}


def _paragraphs(d: int) -> list[str]:
    return [f"Alinea {d}.{i} over {WORDS[(d + i) % 8]} en {WORDS[(d * 3 + i) % 8]}: maatregel {d * 10 + i}."
            for i in range(10)]


def test_embed_writes_a_memory_mapped_matrix_that_answers_as_the_matrix_in_memory(tmp_path: Path,
                                                                                 monkeypatch) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as s:
        for d in range(6):
            put_record(s, _letter(60 + d, _paragraphs(d)))
    monkeypatch.setattr(ann, "MAP_MIN", 10)
    monkeypatch.setattr(ann, "MIN_VECTORS", 10)
    result = CliRunner().invoke(main, ["embed", "--db", str(db), "--kind", "paragraph", "--no-progress"])
    assert result.exit_code == 0, result.output
    folder = ann.cache_dir("sqlite", str(db))
    assert len(list(folder.glob("paragraph-*.npy"))) == 1 and len(list(folder.glob("paragraph-*.usearch"))) == 1

    with open_store(db) as s:
        clear_cache()
        mapped = load_index(s)
        assert isinstance(mapped.matrix, np.memmap) and len(mapped) == 60
        monkeypatch.setattr(ann, "MAP_MIN", 10**9)
        monkeypatch.setattr(ann, "MIN_VECTORS", 10**9)
        clear_cache()
        in_memory = load_index(s)
        assert not isinstance(in_memory.matrix, np.memmap)
        assert np.array_equal(np.asarray(mapped.matrix), in_memory.matrix)
        assert list(mapped.doc_ids) == list(in_memory.doc_ids)
        for q in get_embedder().queries(["maatregelen voor de kust", "energie en stikstof"]):
            assert mapped.top(q, 10) == in_memory.top(q, 10)

        # another letter: the next load writes the matrix of the new vectors in place of the old one
        monkeypatch.setattr(ann, "MAP_MIN", 10)
        put_record(s, _letter(70, _paragraphs(7)))
        embed_store(s, kinds=["paragraph"])
        clear_cache()
        again = load_index(s)
        assert isinstance(again.matrix, np.memmap) and len(again) == 70
        assert len(list(folder.glob("paragraph-*.npy"))) == 1
    clear_cache()
