"""Dutch labels (data/labels.yaml): one word per value, the same in the report, the policy map and the web pages."""

from __future__ import annotations

import re

import pytest

from kamerspoor import labels, policymap, report
from kamerspoor.model import CommitmentKind, InputError, Kind, Stance
from kamerspoor.record import from_json
from kamerspoor.store import motions
from kamerspoor.web import labels as web_labels
from kamerspoor.web import views

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


# -- how a stance is shown: its motion state and colours, data beside its label --------------------------------

@pytest.mark.parametrize("stance", [s.value for s in Stance])
def test_every_stance_has_a_state_and_colours_used_by_the_map_the_chart_and_the_pages(stance: str) -> None:
    style = labels.stance_styles()[stance]
    assert views.STATE_OF_STANCE[stance] == style.state in labels.table("motion_state")
    assert motions.strength(stance) == style.strength
    assert policymap.STANCE_COLOUR[stance] == (style.map_fill, style.map_text)
    assert f".stance-{stance}.label {{ background: {style.colour}; }}" in web_labels.STANCE_CSS
    assert f"mark.evidence.stance-{stance} {{ border-color: {style.colour}; background: {style.mark}; }}" \
        in web_labels.STANCE_CSS


@pytest.mark.parametrize(("style", "problem"), [
    ({"state": "executed", "strength": 0, "colour": "#1a7f37", "mark": "#dafbe1", "map_fill": "#1b7837"},
     "'stance_style.executed': expected the keys state, strength, colour, mark, map_fill, map_text"),
    ({"state": "done", "strength": 0, "colour": "#1a7f37", "mark": "#dafbe1", "map_fill": "#1b7837", "map_text": "#ffffff"},
     "'stance_style.executed': state 'done' is not one of executed, in_progress, declined, unanswered"),
    ({"state": "executed", "strength": 0, "colour": "green", "mark": "#dafbe1", "map_fill": "#1b7837", "map_text": "#ffffff"},
     "'stance_style.executed': colour 'green' is not a colour #rrggbb"),
    ({"state": "executed", "strength": "high", "colour": "#1a7f37", "mark": "#dafbe1", "map_fill": "#1b7837",
      "map_text": "#ffffff"},
     "'stance_style.executed': strength 'high' is not a whole number >= 0"),
], ids=["missing key", "unknown state", "not a colour", "not a strength"])
def test_a_wrong_stance_style_is_an_error_naming_it(monkeypatch: pytest.MonkeyPatch, style: dict,
                                                     problem: str) -> None:
    data = {**labels._read(), "stance_style": {"executed": style}}
    monkeypatch.setattr(labels, "_read", lambda: data)
    labels.stance_styles.cache_clear()
    try:
        with pytest.raises(InputError, match=re.escape(problem)):
            labels.stance_styles()
    finally:
        labels.stance_styles.cache_clear()
