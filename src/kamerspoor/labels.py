"""Dutch labels of the controlled vocabularies (``data/labels.yaml``): one word per value, for every interface.

The CLI, the Markdown report, the policy map and the web pages show a stance, a kind, a commitment's status or
the cabinet's advice by the label here; the record, the JSON API and CSV keep the values themselves.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

from kamerspoor.model import InputError

VOCABULARIES = ("kind", "stance", "stance_help", "advice", "motion_state", "commitment_kind", "commitment_status",
                "vote", "map_node", "facet")


@lru_cache(maxsize=1)
def load() -> dict[str, dict[str, str]]:
    """Every vocabulary as ``{name: {value: label}}``, in the file's order."""
    where = "kamerspoor/data/labels.yaml"
    try:
        data = yaml.safe_load(resources.files("kamerspoor").joinpath("data/labels.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise InputError(where, f"cannot read the labels: {e}") from e
    if not isinstance(data, dict):
        raise InputError(where, "expected a mapping of vocabulary -> {value: label}")
    out: dict[str, dict[str, str]] = {}
    for name in VOCABULARIES:
        table = data.get(name)
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise InputError(where, f"'{name}': expected a mapping of value -> label")
        out[name] = {str(k): v for k, v in table.items()}
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
