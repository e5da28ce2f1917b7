"""The acceptance numbers of the issues, scored by ../shared/eval/score.py on the real letter 35 207, nr. 32.

Skipped when ../shared is absent (a fresh clone without the corpus).
"""

from __future__ import annotations

import pytest

FOUNDATION = {
    "document": 1.0,
    "text_contains": 0.95,
    "text_clean": 1.0,
    "text_reflowed": 1.0,
    "sections_recall": 0.95,
    "sections_precision": 0.9,
    "footnote_urls": 0.9,
    "footnote_anchors": 0.9,
    "references_recall": 1.0,
    "references_precision": 1.0,
}
MOTIONS = {
    "motions_recall": 1.0,
    "motions_precision": 1.0,
    "motion_stance": 0.85,
    "motion_submitters": 1.0,
    "parties_recall": 0.85,
    "party_stance": 0.8,
}
COMMITMENTS_AND_TAGS = {
    "commitments_recall": 1.0,
    "commitment_due": 0.66,
    "commitments_precision": 0.8,
    "tags_recall": 0.85,
    "tags_focus": 1.0,
}


@pytest.mark.parametrize("metric,minimum", sorted({**FOUNDATION, **MOTIONS, **COMMITMENTS_AND_TAGS}.items()))
def test_letter_reaches_the_issue_threshold(letter_scores: dict, metric: str, minimum: float) -> None:
    assert metric in letter_scores, f"score.py did not compute {metric}"
    assert letter_scores[metric] >= minimum, f"{metric} = {letter_scores[metric]:.3f} < {minimum}"


def test_letter_record_has_every_field_of_the_contract(letter_record) -> None:
    keys = {"schema", "document", "text", "sections", "paragraphs", "footnotes", "references", "motions",
            "party_positions", "commitments", "themes", "instruments", "warnings", "motion"}
    data = letter_record.to_dict()
    assert keys <= set(data)
    assert data["schema"] == "analysis/1"
    assert data["motion"] is None


def test_letter_extraction_damage_is_reported_not_hidden(letter_record) -> None:
    flagged = " ".join(w.text for w in letter_record.warnings)
    assert "datdat" in flagged
    assert "datdat" in letter_record.text, "damage must be reported, not silently changed"
