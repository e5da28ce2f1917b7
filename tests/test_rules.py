"""Every rule of every rule file fires on its example sentence; ids are unique; every example names its source.

The rule files (``kamerspoor/rules/*.yaml``) hold the phrases of Dutch parliamentary language as data. A rule
that stops matching its own example, or an example that no longer means what the rule says, fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kamerspoor.extract import commitments
from kamerspoor.model import InputError
from kamerspoor.rules import (
    advice,
    commitment_phrases,
    dates,
    derivations,
    kinds,
    mentions,
    page_chrome,
    party_phrases,
    rulefile,
    stances,
)

RULES_DIR = Path(stances.__file__).parent


def _stance_fires(rule: stances.StanceRule) -> bool:
    return {h.rule: h.stance for h in stances.find_stances(rule.example)}.get(rule.id) is rule.stance


def _cue_fires(rule: rulefile.Rule) -> bool:
    if rule.get("kind") is None:
        return True
    return commitments.classify(rule.example) is not None


def _advice_fires(rule: advice.AdviceRule) -> bool:
    """The example gives this rule's advice (the first rule that fires on it is this one)."""
    return advice.find_advice(rule.example) == rule.advice.value


def _chrome_line(rule: page_chrome.LineRule) -> bool:
    """The example is a chrome line of this rule (the first rule that takes it), and no document sentence."""
    return page_chrome.line_rule(rule.example) == rule


def _kind_fires(rule: rulefile.Rule) -> bool:
    return rule.get("kind") is None or kinds.classify_example(rule) == rule.get("kind")


def _derivation_fires(rule: rulefile.Rule) -> bool:
    return derivations.text_terms(rule.example) == [rule.get("term")]


def _date_read(rule: dates.DateRule) -> bool:
    """The example's first date phrase is read by this rule, as the due date the rule says (read with the
    letter's date the rule gives), and that is the example's due date."""
    first = dates.readings(rule.example, rule.date)[:1]
    return first == [(first[0][0], rule.due, rule.id)] and dates.due_date(rule.example, rule.date) == rule.due


FILES: dict[str, tuple[Callable[[], tuple], Callable[..., bool]]] = {
    "stances.yaml": (stances.load_rules, _stance_fires),
    "commitments.yaml": (lambda: commitment_phrases.load().rules, _cue_fires),
    "party_phrases.yaml": (lambda: party_phrases.load().file.rules, lambda rule: True),
    "mentions.yaml": (lambda: mentions.load().file.rules, lambda rule: True),
    "kinds.yaml": (lambda: kinds.load().file.rules, _kind_fires),
    "derivations.yaml": (lambda: derivations.table().rules, _derivation_fires),
    "page_chrome.yaml": (page_chrome.load, _chrome_line),
    "advice.yaml": (advice.load, _advice_fires),
    "dates.yaml": (dates.load_rules, _date_read),
}
RULES = [(name, rule) for name, (load, _) in FILES.items() for rule in load()]


def test_every_rule_file_is_tested_here() -> None:
    # data tables, tested by their own modules' tests: parties, ministries (tests/test_ministries.py)
    assert {p.name for p in RULES_DIR.glob("*.yaml")} - {"parties.yaml", "ministries.yaml"} == set(FILES)


@pytest.mark.parametrize(("name", "rule"), RULES, ids=[f"{n}:{r.id}" for n, r in RULES])
def test_every_rule_fires_on_its_example(name: str, rule) -> None:
    assert rule.pattern.search(rule.example), f"{rule.id} does not match its example"
    assert FILES[name][1](rule), f"{rule.id}: its example does not mean what the rule says"
    assert rule.source, f"{rule.id} names no source for its example"


def test_a_promise_that_answers_a_motion_gives_the_promise_stance() -> None:
    """``promise`` in stances.yaml: its example is a promise (rules/commitments.yaml) that no stance phrase answers,
    and the motion it names takes the promise's stance."""
    from kamerspoor.extract.answers import find_answers

    rule = stances.PROMISE
    assert commitments.classify(rule.example) is not None
    assert not stances.find_stances(rule.example)
    motions, _ = find_answers(rule.example, [], [], [])
    assert [(m["stance"], m["rule"]) for m in motions] == [(rule.stance.value, rule.id)]


def test_a_stance_phrase_beats_the_promise_in_the_same_answer() -> None:
    from kamerspoor.extract.answers import find_answers

    text = ("De motie van het lid Ter Haar (Kamerstuk 34 101, nr. 9) voer ik niet uit. "
            "Ik zal uw Kamer in het voorjaar informeren over de Europese aanpak.")
    motions, _ = find_answers(text, [], [], [])
    assert [m["stance"] for m in motions] == ["declined"]


@pytest.mark.parametrize("name", list(FILES))
def test_rule_ids_are_unique_in_each_file(name: str) -> None:
    ids = [r.id for r in FILES[name][0]()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("content", "problem"), [
    ("rules:\n  - {id: a, pattern: '{nothing}', example: 'x', source: s}\n", "unknown fragment '{nothing}'"),
    ("fragments: {a: '{b}', b: '{a}'}\nrules: []\n", "in a circle"),
    ("fragments: {a: [1, 2]}\nrules: []\n", "fragment 'a'"),
    ("words: {w: 'not a list'}\nrules: []\n", "word list 'w'"),
    ("rules:\n  - {id: a, pattern: 'x', example: 'x', ignorecase: sometimes}\n", "'ignorecase' must be true or false"),
    ("rules:\n  - just text\n", "rule 1: expected a mapping"),
])
def test_a_bad_rule_file_names_the_file_and_the_problem(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        rulefile.load(path, "test rules")
    assert str(path) in str(err.value) and problem in str(err.value)


def test_fragments_fill_patterns_and_lists_become_choices(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("fragments:\n  verb: [stuurt, zendt]\n  kamer: 'uw\\s+Kamer'\n"
                    "rules:\n  - {id: a, pattern: '{verb}\\s+{kamer}\\b.{0,3}', example: 'Zij stuurt uw Kamer x',"
                    " source: constructed, kind: inform}\n", encoding="utf-8")
    file = rulefile.load(path, "test rules")
    rule = file.one("a")
    assert rule.pattern.pattern == r"(?:stuurt|zendt)\s+uw\s+Kamer\b.{0,3}"
    assert rule.get("kind") == "inform" and file.where(kind="inform") == (rule,)
