"""The cabinet's stance towards a motion or a party proposal: the phrase rules and how they combine.

The phrases are data (``stances.yaml`` next to this module): each rule has an id, a regular expression, the
stance it signals and a real example sentence; the file also says what part each stance value plays (positive,
partial, refusal, hedge). This module loads them once, applies them to a sentence and combines the hits of the
sentences that answer one motion into one stance:

1. an explicit partial rule ("gedeeltelijk uitgevoerd") -> ``partial``;
2. a refusal together with a positive answer ("geen voorstander van X ... zet in op Y") -> ``partial``;
3. a refusal alone -> ``declined``;
4. otherwise the most specific positive answer, in the file's order: ``executed`` > ``in_progress`` >
   ``already_policy`` (done beats being worked on beats merely in line with current policy);
5. nothing -> ``noted``: unknown phrasing is never guessed.

A positive phrase is void when a negation stands in it, just before it ("is niet in lijn met") or right after
it ("steunt het kabinet niet"). A hedge (a rule with stance ``noted``, "zou kunnen helpen") voids the positive hits of its own sentence:
sympathy without commitment is no agreement. A rule may name stances it voids in its own sentence (``voids``): a
motion that cannot be handled "binnen de gestelde termijn" is not refused, whatever "niet haalbaar" says there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import Any

from kamerspoor.model import InputError, Stance
from kamerspoor.rules import rulefile
from kamerspoor.rules.literals import gate

RULES_PATH = Path(__file__).with_name("stances.yaml")

ROLES = ("positive", "partial", "refusal", "hedge")


@dataclass(frozen=True)
class Roles:
    """The part each stance value plays when hits combine (``stances`` in ``stances.yaml``)."""

    positive: tuple[Stance, ...]  # most specific first
    partial: Stance
    refusal: Stance
    hedge: Stance


def _section(path: Path, key: str, holding: str) -> dict[str, Any]:
    """The mapping ``key`` of the stance rule file; an InputError saying what it must hold otherwise."""
    data = rulefile.read_yaml(path, "stance rules")
    section = data.get(key) if isinstance(data, dict) else None
    if not isinstance(section, dict):
        raise InputError(str(path), f"expected a mapping '{key}' {holding}")
    return section


def _roles(path: Path) -> Roles:
    table = _section(path, "stances", "of stance value -> part (" + ", ".join(ROLES) + ")")
    by_role: dict[str, list[Stance]] = {r: [] for r in ROLES}
    for value, role in table.items():
        if value not in {s.value for s in Stance} or role not in ROLES:
            raise InputError(str(path), f"stances: '{value}: {role}' is no stance value with one of: {', '.join(ROLES)}")
        by_role[role].append(Stance(value))
    if not by_role["positive"] or any(len(by_role[r]) != 1 for r in ROLES[1:]):
        raise InputError(str(path), "stances: at least one positive value and exactly one of partial, refusal, hedge")
    return Roles(tuple(by_role["positive"]), by_role["partial"][0], by_role["refusal"][0], by_role["hedge"][0])


@dataclass(frozen=True)
class PromiseRule:
    """The stance of a motion whose answer is only a promise of the cabinet (``promise`` in ``stances.yaml``)."""

    id: str
    stance: Stance
    example: str
    source: str


def _promise(path: Path) -> PromiseRule:
    holding = "with id, stance, example and source"
    entry = _section(path, "promise", holding)
    if not all(isinstance(entry.get(k), str) and entry.get(k) for k in ("id", "stance", "example", "source")):
        raise InputError(str(path), f"expected a mapping 'promise' {holding}")
    if entry["stance"] not in {s.value for s in Stance}:
        raise InputError(str(path), f"promise: unknown stance '{entry['stance']}'")
    return PromiseRule(entry["id"], Stance(entry["stance"]), entry["example"], entry["source"])


ROLE_OF = _roles(RULES_PATH)
PROMISE = _promise(RULES_PATH)
POSITIVE = ROLE_OF.positive  # most specific first
_NEGATION = re.compile(r"\b(?:niet|geen|nooit)\b", re.IGNORECASE)
_NEGATION_REACH = 12  # characters before a match in which a negation still counts ("is niet in lijn met")
# ... in its own clause: "Voor een zorgplicht kies ik niet; ik zet in op Europese regels" negates no "zet in op"
_CLAUSE_END = re.compile(r"[;:,]")
# a negation right after a match that ends in its subject: "steunt het kabinet niet", "deelt de regering niet"
_NEGATION_AFTER = re.compile(r"\s+(?:niet|geen|nooit)\b", re.IGNORECASE)


@dataclass(frozen=True)
class StanceRule(rulefile.PatternRule):
    """A phrase that signals a stance; ``voids``: the stances its hit takes away in its sentence."""

    stance: Stance
    negatable: bool
    voids: frozenset[Stance] = frozenset()


@dataclass(frozen=True)
class StanceHit:
    """One rule firing: offsets are into the string the rule was applied to."""

    rule: str
    stance: Stance
    start: int
    end: int


def load_rules(path: str | Path | None = None) -> tuple[StanceRule, ...]:
    """Read and check a stance rule file (default: the package's ``stances.yaml``)."""
    if path is None:
        return _default_rules()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_rules() -> tuple[StanceRule, ...]:
    return _load(RULES_PATH)


def _load(path: Path) -> tuple[StanceRule, ...]:
    rules: list[StanceRule] = []
    for rule in rulefile.load(path, "stance rules", ignorecase=True, required=("stance",)).rules:
        stance = rule.value_of("stance", Stance, path)
        negatable = rule.get("negatable", stance in POSITIVE)
        if not isinstance(negatable, bool):
            raise InputError(str(path), f"rule '{rule.id}': 'negatable' must be true or false")
        voids = rule.get("voids") or []
        if not isinstance(voids, list) or not set(voids) <= {s.value for s in Stance}:
            raise InputError(str(path), f"rule '{rule.id}': 'voids' must be a list of stance values")
        rules.append(StanceRule(**rule.common(), stance=stance, negatable=negatable,
                                voids=frozenset(Stance(v) for v in voids)))
    return tuple(rules)


def find_stances(sentence: str, rules: tuple[StanceRule, ...] | None = None) -> list[StanceHit]:
    """Every rule that fires on ``sentence`` (a negated positive phrase does not fire)."""
    hits: list[StanceHit] = []
    voided: set[Stance] = set()
    rules = rules if rules is not None else _default_rules()
    # the rules that lack a word they need are skipped, found for all rules in one pass (rules/literals.py)
    open_ = gate(_patterns(rules)).open(sentence, sentence.lower())
    for rule in compress(rules, open_):
        for m in rule.pattern.finditer(sentence):
            if rule.negatable:
                before = _CLAUSE_END.split(sentence[max(0, m.start() - _NEGATION_REACH):m.start()])[-1]
                if (_NEGATION.search(m.group(0)) or _NEGATION.search(before)
                        or _NEGATION_AFTER.match(sentence, m.end())):
                    continue
            hits.append(StanceHit(rule.id, rule.stance, m.start(), m.end()))
            voided |= rule.voids
            break  # one hit per rule and sentence is enough
    if voided:
        hits = [h for h in hits if h.stance not in voided]
    hits.sort(key=lambda h: h.start)
    return hits


_rule_patterns: dict[int, tuple[tuple[StanceRule, ...], tuple[re.Pattern[str], ...]]] = {}


def _patterns(rules: tuple[StanceRule, ...]) -> tuple[re.Pattern[str], ...]:
    """The rules' patterns, one tuple per tuple of rules (so that its gate is made once)."""
    known = _rule_patterns.get(id(rules))
    if known is not None and known[0] is rules:
        return known[1]
    patterns = tuple(rule.pattern for rule in rules)
    if len(_rule_patterns) < 100:
        _rule_patterns[id(rules)] = (rules, patterns)
    return patterns


def drop_hedged(hits: list[StanceHit]) -> list[StanceHit]:
    """Within one sentence: a hedge voids the positive hits (keeps refusals and the hedge itself)."""
    if any(h.stance is ROLE_OF.hedge for h in hits):
        return [h for h in hits if h.stance not in POSITIVE]
    return hits


def combine(hits: list[StanceHit]) -> tuple[Stance, list[StanceHit]]:
    """One stance from the hits of all sentences that answer one motion; also the hits that decided it."""
    partial = [h for h in hits if h.stance is ROLE_OF.partial]
    if partial:
        return ROLE_OF.partial, partial
    refused = [h for h in hits if h.stance is ROLE_OF.refusal]
    positive = [h for h in hits if h.stance in POSITIVE]
    if refused and positive:
        return ROLE_OF.partial, refused + positive
    if refused:
        return ROLE_OF.refusal, refused
    for stance in POSITIVE:
        chosen = [h for h in positive if h.stance is stance]
        if chosen:
            return stance, chosen
    return ROLE_OF.hedge, [h for h in hits if h.stance is ROLE_OF.hedge]


def classify(sentence: str) -> tuple[Stance, list[StanceHit]]:
    """The stance one sentence expresses on its own (hedges applied)."""
    return combine(drop_hedged(find_stances(sentence)))
