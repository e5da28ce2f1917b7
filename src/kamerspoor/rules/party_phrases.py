"""The phrases that name a party's proposal in a cabinet letter (``party_phrases.yaml``), loaded once.

The rules are data; what each kind of rule (its ``use``) means for the extraction is documented in the file
and applied by :mod:`kamerspoor.extract.answers`. The party names come from ``parties.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kamerspoor.rules import rulefile
from kamerspoor.rules.parties import PartyTable, party_table

RULES_PATH = Path(__file__).with_name("party_phrases.yaml")
# the uses that name a proposal, in the order the extraction applies them
PROPOSAL_USES = ("proposal", "inbreng", "zoals", "agreement", "asked")


@dataclass(frozen=True)
class PartyPhrases:
    file: rulefile.RuleFile
    parties: PartyTable
    one_party: re.Pattern[str]  # one party name, as written
    support: re.Pattern[str]
    fractie_speaks: re.Pattern[str]
    members: re.Pattern[str]
    clause_start: re.Pattern[str]
    clause_verb: re.Pattern[str]
    clause_conjunction: re.Pattern[str]
    te_infinitive: re.Pattern[str]

    def naming(self, use: str) -> tuple[rulefile.Rule, ...]:
        """The rules that name a proposal with ``use`` (one of ``PROPOSAL_USES``)."""
        return self.file.where(use=use)


def _one(file: rulefile.RuleFile, use: str) -> re.Pattern[str]:
    rules = file.where(use=use)
    if len(rules) != 1:
        raise ValueError(f"{file.path}: expected one rule with use '{use}', found {len(rules)}")
    return rules[0].pattern


def load(path: str | Path | None = None) -> PartyPhrases:
    """The party phrases (default: the package's ``party_phrases.yaml``)."""
    return _load(str(path or RULES_PATH))


@lru_cache(maxsize=2)
def _load(path: str) -> PartyPhrases:
    table = party_table()
    file = rulefile.load(Path(path), "party phrases", pieces={"party": table.pattern}, required=("use",))
    return PartyPhrases(
        file=file, parties=table, one_party=re.compile(table.pattern), support=_one(file, "support"),
        fractie_speaks=_one(file, "fractie_speaks"), members=_one(file, "members"),
        clause_start=_one(file, "clause_start"), clause_verb=_one(file, "clause_verb"),
        clause_conjunction=_one(file, "clause_conjunction"), te_infinitive=_one(file, "te_infinitive"))
