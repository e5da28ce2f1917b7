"""Dutch labels of the controlled vocabularies (``data/labels.yaml``): one word per value, for every interface.

The CLI, the Markdown report, the policy map and the web pages show a stance, a kind, a commitment's status or
the cabinet's advice by the label here; the record, the JSON API and CSV keep the values themselves. How a
stance is shown beyond its word (the motion's state it means, its colours on the web pages and the map) is
data in the same file (``stance_style``), so that a new stance value is its enum, its rules and this file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from kamerspoor.model import InputError

VOCABULARIES = ("kind", "stance", "stance_help", "advice", "motion_state", "commitment_kind", "commitment_status",
                "outcome", "vote", "map_node", "facet", "watch_kind")


WHERE = "kamerspoor/data/labels.yaml"
_COLOUR = re.compile(r"#[0-9a-f]{6}")


@dataclass(frozen=True)
class StanceStyle:
    """How a stance is shown beside its label (``stance_style`` in ``data/labels.yaml``)."""

    state: str  # the motion's state after an answer with this stance (a value of motion_state)
    strength: int  # 0 for a final answer, higher for weaker ones: a motion's badge shows its strongest answer
    colour: str  # web: the label's background, the evidence's underline
    mark: str  # web: the evidence's background
    map_fill: str  # policy map: the node's fill
    map_text: str  # policy map: the node's text


@lru_cache(maxsize=1)
def _read() -> dict[str, Any]:
    try:
        data = yaml.safe_load(resources.files("kamerspoor").joinpath("data/labels.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise InputError(WHERE, f"cannot read the labels: {e}") from e
    if not isinstance(data, dict):
        raise InputError(WHERE, "expected a mapping of vocabulary -> {value: label}")
    return data


@lru_cache(maxsize=1)
def load() -> dict[str, dict[str, str]]:
    """Every vocabulary as ``{name: {value: label}}``, in the file's order."""
    data = _read()
    out: dict[str, dict[str, str]] = {}
    for name in VOCABULARIES:
        table = data.get(name)
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise InputError(WHERE, f"'{name}': expected a mapping of value -> label")
        out[name] = {str(k): v for k, v in table.items()}
    return out


@lru_cache(maxsize=1)
def stance_styles() -> dict[str, StanceStyle]:
    """``{stance: StanceStyle}``, in the file's order; a style with a missing or unknown key, a colour that is
    not ``#rrggbb`` or a state that is not a motion_state is an error naming it."""
    table = _read().get("stance_style")
    if not isinstance(table, dict):
        raise InputError(WHERE, "'stance_style': expected a mapping of stance -> {state, colours}")
    keys = [f.name for f in fields(StanceStyle)]
    states = load()["motion_state"]
    out: dict[str, StanceStyle] = {}
    for stance, style in table.items():
        where = f"'stance_style.{stance}'"
        if not isinstance(style, dict) or sorted(style) != sorted(keys):
            raise InputError(WHERE, f"{where}: expected the keys {', '.join(keys)}")
        if style["state"] not in states:
            raise InputError(WHERE, f"{where}: state {style['state']!r} is not one of {', '.join(states)}")
        if not isinstance(style["strength"], int) or isinstance(style["strength"], bool) or style["strength"] < 0:
            raise InputError(WHERE, f"{where}: strength {style['strength']!r} is not a whole number >= 0")
        bad = [k for k in keys[2:] if not isinstance(style[k], str) or not _COLOUR.fullmatch(style[k])]
        if bad:
            raise InputError(WHERE, f"{where}: {bad[0]} {style[bad[0]]!r} is not a colour #rrggbb")
        out[str(stance)] = StanceStyle(**style)
    return out


def table(vocabulary: str) -> dict[str, str]:
    """``{value: label}`` of one vocabulary ("stance", "kind", ...)."""
    return load()[vocabulary]


def label(vocabulary: str, value: str | None, default: str | None = None) -> str:
    """The Dutch label of ``value``; ``default`` (else the value itself) when it has none."""
    found = load()[vocabulary].get(value or "")
    if found is not None:
        return found
    return default if default is not None else (value or "")
