"""Shared fixtures. Tests that read ../shared skip with a reason when it is absent (fresh clone)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(__import__("os").environ.get("KAMERSPOOR_SHARED", ROOT.parent / "shared"))
LETTER = SHARED / "corpus" / "kst-35207-32.pdf.txt"
GOLD = SHARED / "gold" / "kst-35207-32.gold.json"
CORPUS = SHARED / "corpus" / "tk-2023-2025"


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared (real corpus and gold) is absent in this checkout")
    return SHARED


@pytest.fixture
def letter_text(shared: Path) -> str:
    return LETTER.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def letter_record() -> dict:
    """The analysis record of the real letter 35 207 nr. 32 (computed once per session)."""
    if not LETTER.is_file():
        pytest.skip("../shared/corpus/kst-35207-32.pdf.txt is absent in this checkout")
    from kamerspoor import analyze_path

    return analyze_path(LETTER)


@pytest.fixture(scope="session")
def letter_scores(letter_record: dict) -> dict:
    """score.py's metrics for the letter against the hand-made gold."""
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location("kamerspoor_score", SHARED / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    return mod.score(gold, json.loads(json.dumps(letter_record)))
