"""Dutch labels (data/labels.yaml): one word per value, the same in the report, the policy map and the web pages."""

from __future__ import annotations

import pytest

from kamerspoor import labels, policymap, report
from kamerspoor.model import CommitmentKind, Kind, Stance
from kamerspoor.record import from_json
from kamerspoor.web import labels as web_labels

VOCABULARIES = [
    ("kind", [k.value for k in Kind]),
    ("stance", [s.value for s in Stance]),
    ("stance_help", [s.value for s in Stance]),
    ("advice", ["oordeel_kamer", "ontraden", "overbodig", "ontijdig", "ondersteuning_beleid"]),
    ("commitment_kind", [k.value for k in CommitmentKind]),
    ("commitment_status", list(policymap.STATUS_STYLE)),
]


@pytest.mark.parametrize(("vocabulary", "values"), VOCABULARIES, ids=[v for v, _ in VOCABULARIES])
def test_every_value_has_one_label_of_its_own(vocabulary: str, values: list[str]) -> None:
    table = labels.table(vocabulary)
    assert set(values) <= set(table), f"{vocabulary}: no label for {set(values) - set(table)}"
    assert len(set(table.values())) == len(table), f"{vocabulary}: two values share a label"


@pytest.mark.parametrize("stance", [s.value for s in Stance])
def test_report_map_and_web_say_the_same_word_for_a_stance(stance: str) -> None:
    word = labels.label("stance", stance)
    assert report.STANCE_NL[stance] == policymap.STANCE_NL[stance] == web_labels.stance(stance) == word
    record = {"document": {"kind": "brief"}, "text": "", "motions": [
        {"dossier": "99901", "number": 7, "submitters": ["Jansen"], "stance": stance, "evidence": "x", "start": 0}]}
    assert f"| {word} |" in report.to_markdown(from_json(record))


def test_a_value_without_a_label_is_shown_as_it_is() -> None:
    assert labels.label("stance", "unknown_value") == "unknown_value"
    assert labels.label("kind", None) == ""
    assert web_labels.stance(None) == "geen"
    assert web_labels.kind("appreciatie") == "Appreciatie van moties"
