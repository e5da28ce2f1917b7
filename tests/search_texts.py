"""Sentences stored as documents of one paragraph each, for the tests of search's matching and ranking
(test_store_search_quality, test_search_derivations): each module writes its own sentences in a dossier of
its own, and reads back which of them a query finds, best first."""

from __future__ import annotations

import json
from pathlib import Path

from kamerspoor.ingest import put_record

MOTION = Path(__file__).parent / "fixtures" / "store" / "kst-99902-8.json"


def put_texts(store, dossier: str, texts: list[str]) -> None:
    """Store ``texts[i]`` as the one paragraph of document kst-DOSSIER-i (the other fields: the fixture motion's)."""
    base = json.loads(MOTION.read_text(encoding="utf-8"))
    for i, text in enumerate(texts):
        rec = json.loads(json.dumps(base))
        rec["document"].update(id=f"kst-{dossier}-{i}", dossier=dossier, number=i)
        rec["text"], rec["paragraphs"], rec["motion"] = text, [{"start": 0, "end": len(text), "section": None}], None
        put_record(store, rec)


def ranked(store, query: str) -> list[int]:
    """The i of the documents kst-DOSSIER-i whose paragraph ``query`` finds, best first."""
    return [int(h.id.rsplit("-", 1)[1]) for h in store.search(query, limit=50).results]
