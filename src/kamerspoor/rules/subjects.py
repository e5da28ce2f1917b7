"""How the subject line (Onderwerp) of a cabinet letter names the motions it is about, in one place.

The Tweede Kamer's open data keeps, for every "Brief regering", the subject the ministry gave it. When a letter
answers a motion, that subject usually names it: by its number, by who moved it and what it is about, or both.
The forms below are the ones the subjects use; each rule has an example (``EXAMPLES``, fictional sentences in
those forms), checked in tests/test_tkletters.py:

- a motion by number, right after "Kamerstuk" or in brackets, compact: "(Kamerstuk 36100-XV-12)",
  "(Kamerstuk 36100 XV-12)", "(36100-XV-12)", "(Kamerstuk 21500-07-1999)" (a sub-dossier "21500-07"); the
  classic form "(Kamerstuk 36100, nr. 12)" is read by ``rules.citations``;
- "t.v.v." (ter vervanging van): a modified motion named by the number of the motion it replaces:
  "(t.v.v. 36100-44)", "(t.v.v. Kamerstuk 36100-44)";
- a motion by member and subject: "de motie van het lid Voorbeeld over ...", "de motie van de leden Eerste en
  Van Tweede over ...", "het lid Voorbeeld c.s." (c.s.: with others), "de motie-Voorbeeld over ...",
  "de motie Voorbeeld over ..."; a modified one: "de (nader) gewijzigde motie van ..."; several by one member:
  "de moties van het lid Voorbeeld over A (...) en over B (...)";
- what the letter does with it: "Appreciatie (van de) motie ..." (also "Appreciaties", "Kabinetsappreciatie") is
  the cabinet's advice before the vote, not an answer; every other subject that names a motion ("Uitvoering",
  "Reactie op", "Afdoening", "Opvolging", "Voortgang", "Stand van zaken", "Invulling", ...) reports on it after.
"""

from __future__ import annotations

import re

# a motion (or several): "motie", "moties", "gewijzigde motie", "nader gewijzigde motie", "motie-Voorbeeld"
MOTION_WORD = re.compile(r"\b(?P<modified>(?:(?:tweede\s+)?nader\s+)?gewijzigde\s+)?(?P<plural>moties|motie)\b(?!s)",
                         re.IGNORECASE)

# a member's name as cited: capitalised words, with the tussenvoegsels between or before them ("Inge van Dijk",
# "Van der Plas", "P.A. Voorbeeld", "Eerste-Tweede"); a lowercase word that is no tussenvoegsel ends it
# ("de motie Voorbeeld ten aanzien van ..." names Voorbeeld)
TUSSENVOEGSEL = r"(?:van|de|der|den|het|ter|ten|te|in|op|'t|la|le|du|da|di|el|von)"
_CAPITAL = r"(?!Kamerstuk)[A-Z\u00c0-\u00de][\w'\u2019.\-]*"
NAME = rf"(?:{TUSSENVOEGSEL}\s+)*{_CAPITAL}(?:\s+(?:{TUSSENVOEGSEL}\s+)*{_CAPITAL})*"
_NAMES = rf"{NAME}(?:\s*(?:,|/)\s*{NAME})*(?:\s+en\s+{NAME})?(?:\s+c\.\s?s\.)?"
# who moved it, right after the motion word: "van het lid X", "van de leden X en Y", "motie-X", "motie-X/Y";
# "X c.s." (with others)
MOVERS = re.compile(rf"^(?:\s+van\s+(?:het\s+lid|de\s+leden|lid|leden)\s+|-)(?P<names>{_NAMES})(?=[\s(),;:]|$)")
# one motion with the name bare after it, "de motie Voorbeeld over ...": only when what follows shows it is a name
# (the plural and other capitals are no names: "moties Wetsvoorstel ...", "motie Regeling kunststof ...")
MOVER_BARE = re.compile(
    rf"^\s+(?P<names>{_NAMES})(?=\s+(?:over|inzake|betreffende|ten\s+aanzien\s+van|met\s+betrekking\s+tot|op\s+stuk)\b"
    rf"|\s*[(),;:]|$)")
COSIGNERS = re.compile(r"\s+c\.\s?s\.?\s*$")
# several names: "X en Y", "X, Y en Z", "X/Y"
NAME_SPLIT = re.compile(r"\s*[,/]\s*|\s+en\s+")
# a motion named inside the subject of another ("over het uitvoeren van de motie-X") is part of it, unless a
# connector right before it starts a new item: "... en de motie ...", "... en op de motie ...", "...; motie ..."
NEW_ITEM = re.compile(r"(?:\ben\s+(?:op\s+|van\s+)?|[;,]\s*)(?:de\s+|het\s+)?(?:\w+\s+)?$", re.IGNORECASE)
# what the motion is about: "over ..." up to a bracket, the next "en over", or the end
ABOUT = re.compile(r"\bover\s+(?P<about>.+?)\s*(?=\(|\s+en\s+(?:over|op|van)\s|,\s+en\s|$)")

_DOSSIER = r"\d{5}(?:[\s\-\u2013](?:[IVXL]+[AB]?|[A-Z]|\d{1,2}))?"
# a motion's number, compact: "Kamerstuk 36100-XV-12", "(36100-XV-12)", "t.v.v. 36100-44"
NUMBER = re.compile(
    rf"(?:(?P<tvv>t\.\s?v\.\s?v\.)\s*(?:Kamerstuk(?:ken)?\s+)?|Kamerstuk(?:ken)?\s+|(?<=\())"
    rf"(?P<dossier>{_DOSSIER})\s?[\-\u2013]\s?(?P<number>\d{{1,5}})(?![\d\-\u2013])", re.IGNORECASE)
# "t.v.v." before a number given the classic way: "(t.v.v. Kamerstuk 36100, nr. 44)"
TVV_BEFORE = re.compile(r"t\.\s?v\.\s?v\.\s*(?:Kamerstuk(?:ken)?\s+)?$", re.IGNORECASE)

# advice before the vote
APPRECIATIE = re.compile(r"\b(?:kabinets)?appreciaties?\b", re.IGNORECASE)
# a report after the vote (for reading; any subject naming a motion without APPRECIATIE before it is one)
ANSWER = re.compile(
    r"\b(?:uitvoering|reactie|afdoening|opvolging|voortgang|stand\s+van\s+zaken|invulling|uitwerking|"
    r"kabinetsvisie|beantwoording|informeren|verslag|plan\s+van\s+aanpak|naar\s+aanleiding|n\.a\.v\.)\b",
    re.IGNORECASE)

EXAMPLES = {
    "NUMBER": ["Uitvoering van de motie van het lid Voorbeeld over proeftuinen (Kamerstuk 36100-XV-12)",
               "Reactie op de motie over proeftuinen (Kamerstuk 36100 XV-12)",
               "Stand van zaken motie over grensgebieden (Kamerstuk 21500-07-1999)",
               "Uitvoering gewijzigde motie Voorbeeld over proeftuinen (36100-XV-12)"],
    "TVV": ["Appreciatie van de gewijzigde motie van het lid Voorbeeld over proeftuinen (t.v.v. 36100-44)",
            "Reactie op de nader gewijzigde motie van het lid Voorbeeld over proeftuinen (t.v.v. Kamerstuk 36100-44)"],
    "MOVERS": ["Uitvoering van de motie van het lid Voorbeeld c.s. over proeftuinen",
               "Reactie op de motie-Eerste/Van Tweede op stuk nr. 7 over grensgebieden",
               "Reactie op de motie van de leden Eerste en Van Tweede over grensgebieden",
               "Onderzoek naar proeftuinen (motie-Voorbeeld c.s. Kamerstuk 36100-9)",
               "Appreciatie motie Voorbeeld over proeftuinen",
               "Toelichting bij de uitvoering van de motie Voorbeeld ten aanzien van proeftuinen (Kamerstuk 36100-3)"],
    "NESTED": ["Uitvoering van de motie van het lid Voorbeeld over het uitvoeren van de motie-Eerste over "
               "proeftuinen (Kamerstuk 36100-6)"],
    "ABOUT": ["Reactie op de moties van het lid Voorbeeld over proeftuinen (Kamerstuk 36100-7) en over "
              "grensgebieden (Kamerstuk 36100-8)"],
    "APPRECIATIE": ["Appreciatie van de motie van het lid Voorbeeld over proeftuinen (Kamerstuk 36100-5)",
                    "Appreciaties van de moties ingediend tijdens het debat over proeftuinen"],
    "ANSWER": ["Afdoening van de motie van het lid Voorbeeld over proeftuinen (Kamerstuk 36100-5)"],
}
