"""Rule files: phrase rules of Dutch parliamentary language kept as data (YAML), read and checked in one way.

A rule file is a mapping with a list under ``rules``; every rule has an ``id`` (unique in its file), a
``pattern`` (a Python regular expression), an ``example`` (a sentence the rule fires on) and a ``source``
(where the example comes from: a Kamerstuk id, or "constructed" for a sentence written for the rule). Other
keys belong to the file's own module (the stance a rule signals, the kind of a commitment, ...).

Patterns may use named pieces: ``{name}`` stands for the fragment ``name`` of the file's ``fragments``
mapping (a text, or a list of alternatives that becomes ``(?:a|b|c)``), or a piece the module passes in (the
party names of ``parties.yaml``). A fragment may use other fragments. Only ``{`` + a lower-case name + ``}``
is replaced, so the counted repetitions of a regular expression (``{0,3}``) stay as they are.

A file may also hold named word lists under ``words`` (abbreviations, words that are no names): data the
module looks words up in.

A file that cannot be read, is not valid YAML, or holds a bad rule is an :class:`~kamerspoor.model.InputError`
naming the file (and the rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from kamerspoor.model import InputError

E = TypeVar("E", bound=Enum)
_PIECE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
REQUIRED = ("id", "pattern", "example")


@dataclass(frozen=True)
class PatternRule:
    """What every rule of every rule file has: its id, its compiled pattern, the sentence it is shown on and
    where that sentence comes from. The modules' typed rules (a stance rule, an advice rule, a chrome line rule)
    add their own keys to these."""

    id: str
    pattern: re.Pattern[str]
    example: str
    source: str


@dataclass(frozen=True)
class Rule(PatternRule):
    """One phrase rule as the file holds it: the common keys, and the file's own keys in ``fields``."""

    fields: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.fields.get(key, default)

    def common(self) -> dict[str, Any]:
        """The keys of :class:`PatternRule`, to build a module's typed rule: ``StanceRule(**r.common(), ...)``."""
        return {"id": self.id, "pattern": self.pattern, "example": self.example, "source": self.source}

    def value_of(self, key: str, values: type[E], path: str | Path) -> E:
        """The rule's ``key`` as a value of the enum ``values`` (a stance, an advice); an InputError naming the
        rule and the allowed values otherwise."""
        try:
            return values(self.get(key))
        except ValueError:
            allowed = ", ".join(str(v.value) for v in values)
            raise InputError(str(path), f"rule '{self.id}': unknown {key} '{self.get(key)}' "
                                        f"(one of: {allowed})") from None


@dataclass(frozen=True)
class RuleFile:
    path: Path
    rules: tuple[Rule, ...]
    fragments: Mapping[str, str]
    words: Mapping[str, frozenset[str]] = field(default_factory=dict)  # the file's word lists

    def where(self, **wanted: Any) -> tuple[Rule, ...]:
        """The rules whose keys have the wanted values, in file order."""
        return tuple(r for r in self.rules if all(r.get(k) == v for k, v in wanted.items()))

    def one(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def read_yaml(path: Path, what: str) -> Any:
    """The parsed content of a YAML data file; an InputError naming the file when it cannot be had."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(str(path), f"cannot read {what}: {e.strerror or e}") from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError(str(path), f"not valid YAML: {getattr(e, 'problem', e)}",
                         line=mark.line + 1 if mark else None) from e


def expand(pattern: str, pieces: Mapping[str, str], path: Path | None = None, where: str = "") -> str:
    """``pattern`` with every ``{name}`` replaced by its piece (pieces may name other pieces)."""
    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in pieces:
            raise InputError(str(path) if path else None, f"{where}: unknown fragment '{{{name}}}'")
        return pieces[name]

    for _ in range(10):  # fragments nest a few levels deep at most
        new = _PIECE.sub(one, pattern)
        if new == pattern:
            return new
        pattern = new
    raise InputError(str(path) if path else None, f"{where}: fragments refer to each other in a circle")


def _fragments(data: Mapping[str, Any], path: Path, given: Mapping[str, str]) -> dict[str, str]:
    raw = data.get("fragments") or {}
    if not isinstance(raw, dict):
        raise InputError(str(path), "'fragments' must be a mapping of name -> pattern or list")
    pieces = dict(given)
    for name, value in raw.items():
        if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
            pieces[str(name)] = "(?:" + "|".join(value) + ")"
        elif isinstance(value, str) and value:
            pieces[str(name)] = value
        else:
            raise InputError(str(path), f"fragment '{name}': expected a pattern or a list of alternatives")
    return {name: expand(p, pieces, path, f"fragment '{name}'") for name, p in pieces.items()}


def _words(data: Mapping[str, Any], path: Path) -> dict[str, frozenset[str]]:
    raw = data.get("words") or {}
    if not isinstance(raw, dict):
        raise InputError(str(path), "'words' must be a mapping of name -> list of words")
    out: dict[str, frozenset[str]] = {}
    for name, value in raw.items():
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise InputError(str(path), f"word list '{name}': expected a list of words")
        out[str(name)] = frozenset(value)
    return out


def load(path: Path, what: str, *, ignorecase: bool = False, pieces: Mapping[str, str] | None = None,
         required: Iterable[str] = ()) -> RuleFile:
    """Read and check a rule file. ``ignorecase`` is the default of the file's rules (a rule may set its own
    ``ignorecase``); ``pieces`` are pattern pieces the module supplies; ``required`` are keys of the module's
    own that every rule must have."""
    data = read_yaml(path, what)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InputError(str(path), "expected a mapping with a list under 'rules'")
    fragments = _fragments(data, path, pieces or {})
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, item in enumerate(data["rules"]):
        where = f"rule {i + 1}"
        if not isinstance(item, dict):
            raise InputError(str(path), f"{where}: expected a mapping, got {type(item).__name__}")
        for key in (*REQUIRED, *required):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise InputError(str(path), f"{where}: missing or empty '{key}'")
        rid = item["id"]
        if rid in seen:
            raise InputError(str(path), f"{where}: duplicate id '{rid}'")
        seen.add(rid)
        case = item.get("ignorecase", ignorecase)
        if not isinstance(case, bool):
            raise InputError(str(path), f"rule '{rid}': 'ignorecase' must be true or false")
        try:
            pattern = re.compile(expand(item["pattern"], fragments, path, f"rule '{rid}'"),
                                 re.IGNORECASE if case else 0)
        except re.error as e:
            raise InputError(str(path), f"rule '{rid}': bad pattern: {e}") from e
        own = {k: v for k, v in item.items() if k not in (*REQUIRED, "source", "ignorecase")}
        rules.append(Rule(rid, pattern, item["example"], str(item.get("source") or ""), own))
    return RuleFile(path, tuple(rules), fragments, _words(data, path))
