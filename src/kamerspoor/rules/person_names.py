"""How Dutch documents write a person's name, and the surname as it stands alone.

The metadata of a Kamerstuk names its indieners with initials, titles and a first name in brackets
("M.G.F. Rikkers-Oosterkamp", "mr. dr. A.B. de Vries", "E. (Emiel) van Dijk"); the record keeps the surname
as it is written when it stands alone: a tussenvoegsel at its start is capitalised ("Van Dijk"), as Dutch
spelling has it when no initial or first name comes before it.
"""

from __future__ import annotations

import re

# initials, also with a lower-case second letter ("Th.", "Chr.") and hyphenated ("J.-P.")
INITIALS = re.compile(r"^(?:[A-ZÀ-Þ][a-zà-ÿ]{0,2}\.)+-?(?:[A-ZÀ-Þ]\.)*$")
# titles written before a name
TITLES = frozenset({"mr.", "dr.", "drs.", "prof.", "ir.", "ing.", "ds.", "mevr.", "dhr."})
_BRACKETED = re.compile(r"\([^)]*\)")


def surname(name: str) -> str:
    """A person's surname as it stands alone: "M.G.F. Rikkers-Oosterkamp" -> "Rikkers-Oosterkamp",
    "L. van der Graaf" -> "Van der Graaf", "E. (Emiel) van Dijk" -> "Van Dijk"."""
    words = _BRACKETED.sub(" ", name).split()
    while len(words) > 1 and (INITIALS.match(words[0]) or words[0].lower() in TITLES):
        words.pop(0)
    s = " ".join(words)
    return s[:1].upper() + s[1:]


def surname_key(name: str) -> str:
    """A name as cited, for comparing: "T. van der Lee" and "Van der Lee" both give "van der lee" (initials
    left out, spaces made one, lower case); "het lid Van der Lee" gives "het lid van der lee", which ends in it."""
    n = re.sub(r"^(?:[A-Z]\.\s*)+", "", name.strip())
    return re.sub(r"\s+", " ", n).lower()
