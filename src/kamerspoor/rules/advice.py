"""The cabinet's advice on a motion before the vote (``advice.yaml``): "oordeel Kamer", "ontraden", "ontijdig",
"overbodig", "ondersteuning van beleid".

Advice is not a stance: "Ik ontraad deze motie" before the vote says what the cabinet advises the Kamer, not what
it does after the vote (the stance stays ``noted`` unless the letter says what the cabinet does). The phrases are
data, loaded once; :func:`find_advice` gives the advice one sentence expresses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kamerspoor.model import Advice, InputError, Stance
from kamerspoor.rules import rulefile
from kamerspoor.rules.literals import may_match

RULES_PATH = Path(__file__).with_name("advice.yaml")


@dataclass(frozen=True)
class AdviceRule(rulefile.PatternRule):
    """A phrase of the debate's appreciation that gives a motion an advice."""

    advice: Advice


def load(path: str | Path | None = None) -> tuple[AdviceRule, ...]:
    """The advice rules (default: the package's ``advice.yaml``), each with a value of :class:`Advice`."""
    return _load(str(path or RULES_PATH))


@lru_cache(maxsize=2)
def _load(path: str) -> tuple[AdviceRule, ...]:
    rules = []
    for rule in rulefile.load(Path(path), "advice rules", ignorecase=True, required=("advice",)).rules:
        rules.append(AdviceRule(**rule.common(), advice=rule.value_of("advice", Advice, path)))
    return tuple(rules)


def _by_advice(path: str, key: str, holding: str, valid: Callable[[list[Any]], bool]) -> dict[str, frozenset[str]]:
    """The mapping ``key`` of the advice file: advice value -> a list that ``valid`` accepts (``holding`` says
    what the list must hold, for the error)."""
    data = rulefile.read_yaml(Path(path), "advice rules")
    table = data.get(key) or {} if isinstance(data, dict) else {}
    out: dict[str, frozenset[str]] = {}
    for advice, values in table.items():
        if advice not in {a.value for a in Advice} or not isinstance(values, list) or not valid(values):
            raise InputError(path, f"{key}: '{advice}' must be an advice value with a list of {holding}")
        out[advice] = frozenset(values)
    return out


@lru_cache(maxsize=2)
def _voids(path: str) -> dict[str, frozenset[str]]:
    """Per advice, the stances it voids."""
    return _by_advice(path, "voids", "stance values", lambda v: set(v) <= {s.value for s in Stance})


@lru_cache(maxsize=2)
def _voids_rules(path: str) -> dict[str, frozenset[str]]:
    """Per advice, the stance rules that give its reasons."""
    return _by_advice(path, "voids_rules", "stance rule ids", lambda v: all(isinstance(i, str) for i in v))


def stance_before_vote(advice: str | None, stance: str, rules: tuple[str, ...] | list[str] = ()) -> str:
    """The stance of a motion that gets ``advice``: "noted" where the advice voids the stance (``voids``), or where
    only stance rules that give the advice's reasons decided it (``voids_rules``: "ontraden: ... niet uitvoerbaar")."""
    if not advice:
        return stance
    path = str(RULES_PATH)
    reasons = _voids_rules(path).get(advice, frozenset())
    if stance in _voids(path).get(advice, frozenset()) or (rules and set(rules) <= reasons):
        return Stance.NOTED.value
    return stance


def any_advice(text: str) -> bool:
    """Whether an advice rule may fire in a sentence of ``text`` (a letter without one needs no search per motion).

    The rules read sentences whose motion mentions are replaced by the word "motie"; the raw text still has the
    mentions, which can stretch a phrase beyond its pattern ("laat het oordeel over de motie van het lid X
    (Kamerstuk ...) aan de Kamer"): so only the words a rule needs are looked for here, not its whole pattern."""
    lower = text.lower()
    return any(may_match(rule.pattern, text, lower) for rule in load())


def find_advice(sentence: str) -> str | None:
    """The advice value one sentence gives (the first rule that fires), or None."""
    lower = sentence.lower()
    for rule in load():
        if may_match(rule.pattern, sentence, lower) and rule.pattern.search(sentence):
            return rule.advice.value
    return None
