"""How a letter names the motions it answers (``mentions.yaml``), loaded once.

The patterns are data; :mod:`kamerspoor.extract.answers` reads the mentions with them (the word "motie",
the submitters' names, the gap before the citation), cuts what a motion asks out of a sentence before the
stance rules read it, and splits paragraphs into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kamerspoor.model import InputError
from kamerspoor.rules import rulefile
from kamerspoor.rules.parties import party_table

RULES_PATH = Path(__file__).with_name("mentions.yaml")


@dataclass(frozen=True)
class Mentions:
    file: rulefile.RuleFile
    motion_word: re.Pattern[str]
    any_motion_word: re.Pattern[str]
    by_members: re.Pattern[str]
    name: re.Pattern[str]
    name_party: re.Pattern[str]
    name_separator: re.Pattern[str]
    cum_suis: re.Pattern[str]
    initials: re.Pattern[str]
    not_a_surname: re.Pattern[str]
    gap_direct: re.Pattern[str]
    gap_subject: re.Pattern[str]
    cs_then_name: re.Pattern[str]
    cit_list: re.Pattern[str]
    group_separator: re.Pattern[str]
    request: re.Pattern[str]
    request_end: re.Pattern[str]
    motion_asks: re.Pattern[str]
    sentence_end: re.Pattern[str]
    last_word: re.Pattern[str]
    heading_end: re.Pattern[str]
    members: re.Pattern[str]
    subject_before: re.Pattern[str]
    by_subject: re.Pattern[str]
    subject_after: re.Pattern[str]
    amended_reference: re.Pattern[str]
    letter_verb: re.Pattern[str]
    letter_noun: re.Pattern[str]
    other_stuk: re.Pattern[str]
    subject_start: re.Pattern[str]
    list_item: re.Pattern[str]
    row_start: re.Pattern[str]
    letter_subject: re.Pattern[str]
    vindplaats_cell: re.Pattern[str]
    adopted: re.Pattern[str]
    not_names: frozenset[str]
    abbreviations: frozenset[str]
    not_content: frozenset[str]


def load(path: str | Path | None = None) -> Mentions:
    """The motion-mention rules (default: the package's ``mentions.yaml``)."""
    return _load(str(path or RULES_PATH))


@lru_cache(maxsize=2)
def _load(path: str) -> Mentions:
    file = rulefile.load(Path(path), "motion mention rules", pieces={"party": party_table().pattern},
                         required=("use",))
    patterns: dict[str, re.Pattern[str]] = {}
    for rule in file.rules:
        if rule.get("use") in patterns:
            raise InputError(path, f"rule '{rule.id}': a second rule with use '{rule.get('use')}'")
        patterns[str(rule.get("use"))] = rule.pattern
    words = file.words
    try:
        return Mentions(file=file, not_names=words["not_names"], abbreviations=words["abbreviations"],
                        not_content=words["not_content"], **patterns)
    except (TypeError, KeyError) as e:
        raise InputError(path, f"the rules and word lists do not match what the extraction needs: {e}") from e
