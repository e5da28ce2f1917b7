"""The parties of the Tweede Kamer (``parties.yaml``): canonical names, the spellings letters use, web addresses.

The only list of parties in kamerspoor: the party proposals of a letter are found with it
(:mod:`kamerspoor.extract.answers`, the phrases in ``party_phrases.yaml``), names are written canonically
("GL" -> "GroenLinks"), a party's own URL is picked from a footnote, and the hyphenation rules know the names
written as one word with a capital inside ("GroenLinks", "ChristenUnie").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kamerspoor.model import InputError
from kamerspoor.rules.rulefile import read_yaml

PARTIES_PATH = Path(__file__).with_name("parties.yaml")
_SUFFIX_FRACTIE = re.compile(r"-?fracties?$")
_CAMEL = re.compile(r"[A-Z][a-z]+[A-Z]\w*")


@dataclass(frozen=True)
class Party:
    name: str
    variants: tuple[str, ...]
    web: tuple[str, ...]


@dataclass(frozen=True)
class PartyTable:
    parties: tuple[Party, ...]
    by_variant: dict[str, Party]
    pattern: str  # one party name (with an optional "-fractie") as a regular expression, no groups

    def canonical(self, name: str) -> str:
        """The canonical name of a spelling as matched ("GL-fractie" -> "GroenLinks"); unknown names as given."""
        party = self.by_variant.get(_SUFFIX_FRACTIE.sub("", name)) or self.by_variant.get(name)
        return party.name if party else name

    def web_of(self, name: str) -> tuple[str, ...]:
        """Parts of the web addresses of the party with canonical name ``name``."""
        return next((p.web for p in self.parties if p.name == name), ())

    def camel_names(self) -> frozenset[str]:
        """Names written as one word with a capital inside ("GroenLinks", "ChristenUnie")."""
        names: set[str] = set()
        for p in self.parties:
            for v in (p.name, *p.variants):
                names.update(part for part in re.split(r"[-\s]", v) if _CAMEL.fullmatch(part))
        return frozenset(names)


def load_parties(path: str | Path | None = None) -> tuple[Party, ...]:
    """The parties and their name variants (default: the package's ``rules/parties.yaml``)."""
    return party_table(path).parties


def party_table(path: str | Path | None = None) -> PartyTable:
    return _party_table(str(path or PARTIES_PATH))


@lru_cache(maxsize=4)
def _party_table(path: str) -> PartyTable:
    data = read_yaml(Path(path), "party names")
    if not isinstance(data, dict) or not isinstance(data.get("parties"), list):
        raise InputError(path, "expected a mapping with a list under 'parties'")
    parties: list[Party] = []
    by_variant: dict[str, Party] = {}
    for i, item in enumerate(data["parties"]):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise InputError(path, f"party {i + 1}: expected a mapping with a 'name'")
        variants = item.get("variants") or [item["name"]]
        web = item.get("web") or []
        if not all(isinstance(v, str) and v for v in variants) or not all(isinstance(w, str) for w in web):
            raise InputError(path, f"party '{item['name']}': 'variants' and 'web' must be lists of text")
        party = Party(item["name"], tuple(variants), tuple(web))
        parties.append(party)
        for v in (item["name"], *variants):
            if v in by_variant and by_variant[v] is not party:
                raise InputError(path, f"party '{item['name']}': variant '{v}' also names '{by_variant[v].name}'")
            by_variant[v] = party
    names = sorted(by_variant, key=len, reverse=True)  # the longest name first: "GroenLinks-PvdA" before "GL"
    alternation = "|".join(re.escape(n) for n in names)
    pattern = rf"(?<![\w-])(?:{alternation})(?:-?fracties?)?(?![\w])"
    return PartyTable(tuple(parties), by_variant, pattern)
