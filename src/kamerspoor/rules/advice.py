"""The cabinet's advice on a motion before the vote (``advice.yaml``): "oordeel Kamer", "ontraden", "ontijdig",
"overbodig", "ondersteuning van beleid".

Advice is not a stance: "Ik ontraad deze motie" before the vote says what the cabinet advises the Kamer, not what
it does after the vote (the stance stays ``noted`` unless the letter says what the cabinet does). The phrases are
data, loaded once; :func:`find_advice` gives the advice one sentence expresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kamerspoor.model import Advice, InputError, Stance
from kamerspoor.rules import rulefile

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


@lru_cache(maxsize=2)
def _voids(path: str) -> dict[str, frozenset[str]]:
    data = rulefile.read_yaml(Path(path), "advice rules")
    table = data.get("voids") or {} if isinstance(data, dict) else {}
    out: dict[str, frozenset[str]] = {}
    for advice, stances in table.items():
        if advice not in {a.value for a in Advice} or not isinstance(stances, list) \
                or not set(stances) <= {s.value for s in Stance}:
            raise InputError(path, f"voids: '{advice}' must be an advice value with a list of stance values")
        out[advice] = frozenset(stances)
    return out


@lru_cache(maxsize=2)
def _voids_rules(path: str) -> dict[str, frozenset[str]]:
    data = rulefile.read_yaml(Path(path), "advice rules")
    table = data.get("voids_rules") or {} if isinstance(data, dict) else {}
    out: dict[str, frozenset[str]] = {}
    for advice, ids in table.items():
        if advice not in {a.value for a in Advice} or not isinstance(ids, list) \
                or not all(isinstance(i, str) for i in ids):
            raise InputError(path, f"voids_rules: '{advice}' must be an advice value with a list of stance rule ids")
        out[advice] = frozenset(ids)
    return out


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
    """Whether any advice rule fires anywhere in ``text`` (a letter without one needs no search per motion)."""
    return any(rule.pattern.search(text) for rule in load())


def find_advice(sentence: str) -> str | None:
    """The advice value one sentence gives (the first rule that fires), or None."""
    for rule in load():
        if rule.pattern.search(sentence):
            return rule.advice.value
    return None
