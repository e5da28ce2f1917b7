"""Commitment cue phrases (toezeggingen): the Dutch wording of a promise about the future.

A commitment needs a future-directed cue *and* (for the generic cues) a member of the government as the
subject of that cue. The cues, one list per kind (``model.CommitmentKind``):

- inform: "zal uw Kamer (voor de zomer) (nader) informeren", "Hierover zal uw Kamer te zijner tijd nader worden
  geïnformeerd", "De Kamer wordt voor 1 juli geïnformeerd", "zal ... (toe)sturen/(toe)zenden/aanbieden",
  "ik kom hierop (voor de zomer) terug", "informeer ik uw Kamer voor ..." (present tense + a time phrase),
  "Voor de zomer stuur ik uw Kamer ...", "Hierover wordt uw Kamer te zijner tijd geïnformeerd", "Voor het kerstreces
  ontvangt uw Kamer ..." (``TIMED_CUES``), "Ik streef ernaar / verwacht uw Kamer ... te (kunnen) informeren".
- act: "Het kabinet zal ...", "Ik ben voornemens", "heeft het voornemen", "Het kabinet gaat ... <infinitief>",
  "ik zeg toe", "Ik streef ernaar ...", "Het kabinet komt in het voorjaar met een uitwerking" (timed), "...,
  in de verwachting dat ..." (an action the cabinet expects to bear fruit); not "zal (zich) niet ...".
- continue: "Het kabinet blijft ... <infinitief>" ("blijft dit onderwerp agenderen", "blijft zich inzetten om",
  "blijft de ontwikkelingen nauwlettend volgen").

Not commitments: descriptions of current policy ("Het kabinet stelt ... aan de orde"), expectations about
others ("Het is niet de verwachting dat er snel overeenstemming zal worden bereikt"), hypotheticals ("zou
kunnen": no cue), this letter itself ("waarop wij verderop in deze brief terugkomen", "Met deze brief informeer
ik uw Kamer"), questions, and the clauses of a motion ("overwegende dat het kabinet voornemens is ...").
"""

from __future__ import annotations

import re

from kamerspoor.model import CommitmentKind

_I = re.IGNORECASE

# Who can promise: the cabinet, its members, envoys and posts speaking for it. Order matters: the longest
# forms first. Capitalised word runs ("Buitenlandse Zaken", "Religie en Levensovertuiging") are names.
_NAME = r"(?:[A-Z][\w'’-]*(?:\s+(?:en|voor|van)\s+[A-Z][\w'’-]*|\s+[A-Z][\w'’-]*)*)"
ACTOR = re.compile(
    r"\b(?:"
    rf"(?:[Dd]e\s+)?(?:[Mm]inister(?:-[Pp]resident)?|[Ss]taatssecretaris)(?:\s+(?:van|voor)\s+{_NAME})?"
    rf"|(?:[Dd]e\s+)?(?:[Ss]peciaal\s+|[Ss]peciale\s+)?[Gg]ezant(?:\s+(?:voor|van)\s+{_NAME})?"
    r"|(?:[Dd]e\s+)?[Mm]ensenrechtenambassadeur"
    r"|(?:[Hh]et|[Dd]it)\s+kabinet|(?:[Dd]e|[Dd]eze)\s+regering"
    r"|(?:[Hh]et|[Mm]ijn)\s+ministerie(?:\s+van\s+" + _NAME + r")?"
    r"|[Dd]e\s+(?:Nederlandse\s+)?ambassade(?:\s+in\s+[A-Z][\w-]*)?"
    r"|Nederland|[Ii]k|[Ww]ij|[Ww]e"
    r")\b"
)
# pronouns that stand for the signing minister(s)
FIRST_PERSON = {"ik", "wij", "we"}

# the addressee of an "inform" promise
KAMER = r"(?:uw|de)\s+(?:Tweede\s+)?Kamer"
INFORM_VERBS = (
    r"(?:nader\s+)?(?:informeren|geïnformeerd|inlichten|ingelicht|op\s+de\s+hoogte\s+(?:houden|stellen|gehouden|gesteld)"
    r"|rapporteren|gerapporteerd|berichten|bericht|(?:toe)?sturen|(?:toe)?gestuurd|(?:toe)?zenden|(?:toe)?gezonden"
    r"|doen\s+toekomen|aanbieden|aangeboden|voorleggen|voorgelegd|ontvangen|terugkomen|terugkoppelen|teruggekoppeld)"
)
_SENT = r"(?:toe)?(?:gestuurd|gezonden|aangeboden|voorgelegd)"
INFORM_RX = re.compile(rf"\b{INFORM_VERBS}\b|\b{KAMER}\b", _I)

# words that mark a time in the future (used by the present-tense cues)
FUTURE_MARKER = re.compile(
    r"\b(?:nader|te\s+zijner\s+tijd|zo\s+spoedig\s+mogelijk|zodra|binnenkort|na\s+afronding|voor\s+\d|vóór|uiterlijk"
    r"|voor\s+(?:de|het)\s+(?:zomer|najaar|voorjaar|winter|einde?|zomerreces|kerstreces)|in\s+het\s+(?:voorjaar|najaar)"
    r"|in\s+de\s+(?:zomer|winter)|na\s+de\s+zomer|volgend\s+jaar|later\s+dit\s+jaar|de\s+komende|binnen\s+\w+\s+(?:weken|maanden)"
    r"|in\s+(?:het|de)\s+(?:eerste|tweede|derde|vierde|laatste)\s+(?:kwartaal|helft))\b",
    _I,
)

# --- the cues: (kind, regex, needs a government subject adjacent to the finite verb) ---------------------
# "{A}" in a pattern is where the subject goes; it is filled with ACTOR's pattern.
_A = r"(?P<actor>" + ACTOR.pattern + r")"
_PAREN = r"(?:\s*,[^,.;]{1,120},)?"  # an inserted ", in lijn met de wens van X," between subject and verb
_ADV = r"(?:\s+(?:daarom|dan\s+ook|ook|tevens|eveneens|voorts|verder|daarnaast|bovendien|hierover|hierop|zich|er|u|uw\s+Kamer))*"

# a negation right after "zal": "Het kabinet zal zich niet verzetten", "zal het voorstel niet steunen" ("niet
# alleen ... maar ook" is no negation)
_NOT_NEGATED = r"(?!\s+(?:[\w'’-]+\s+){0,4}?(?:niet|geen)\b(?!\s+alleen\b))"

# "voornemens" after an article or possessive is the plural noun ("de voornemens van de regering")
_VOORNEMENS = r"(?<![Dd]e\s)(?<![Dd]ie\s)(?<![Dd]eze\s)(?<![Hh]aar\s)(?<![Zz]ijn\s)(?<![Mm]ijn\s)(?<![Hh]un\s)voornemens"

CUES: list[tuple[CommitmentKind, re.Pattern]] = [
    # inform
    (CommitmentKind.INFORM, re.compile(rf"\b(?:zal|zullen)\s+{KAMER}\b[^.;?]*?\b{INFORM_VERBS}\b", _I)),
    (CommitmentKind.INFORM, re.compile(rf"\b{KAMER}\s+(?:zal|wordt|worden)\b[^.;?]*?\b(?:nader\s+)?(?:geïnformeerd|ingelicht|op\s+de\s+hoogte\s+(?:gehouden|gesteld)|bericht)\b", _I)),
    (CommitmentKind.INFORM, re.compile(rf"\b(?:zal|zullen)\s+[^.;?]{{0,160}}?\b(?:{KAMER}|Kamer)\b[^.;?]{{0,80}}?\bworden\s+{_SENT}\b"
                                       rf"|\b(?:zal|zullen)\s+[^.;?]{{0,120}}?\bworden\s+{_SENT}\b(?=[^.;?]*\bKamer\b)", _I)),
    (CommitmentKind.INFORM, re.compile(rf"(?<!\bdat\s)\b{_A}{_PAREN}{_ADV}\s+(?:zal|zullen)\b[^.;?]*?\b{INFORM_VERBS}\b")),
    (CommitmentKind.INFORM, re.compile(rf"\b(?:[Zz]al|[Zz]ullen)\s+{_A}\b[^.;?]*?\b{INFORM_VERBS}\b")),
    # a subordinate clause puts the verb last: "waarna ik uw Kamer spoedig zal informeren"
    (CommitmentKind.INFORM, re.compile(rf"\b{_A}\s+(?:[Uu]w|[Dd]e)\s+(?:Tweede\s+)?Kamer\b[^.;?]{{0,160}}?\b(?:zal|zullen)\s+"
                                       rf"(?:(?:nader|spoedig|graag)\s+)?{INFORM_VERBS}\b")),
    (CommitmentKind.INFORM, re.compile(rf"\b{_A}{_PAREN}\s+(?:kom|komen|komt)\b[^.;?]*?\bterug\b")),
    # an aim or expectation to inform: "Ik streef ernaar uw Kamer voor de zomer te informeren", "Ik verwacht uw
    # Kamer in het najaar te kunnen informeren"
    (CommitmentKind.INFORM, re.compile(rf"\b{_A}{_PAREN}\s+(?:streef|streeft|streven|verwacht|verwachten)\b"
                                       rf"[^.;?]*?\bte\s+(?:kunnen\s+)?{INFORM_VERBS}\b")),
    (CommitmentKind.INFORM, re.compile(rf"\b(?:[Kk]om|[Kk]omen|[Kk]omt)\s+{_A}\b[^.;?]*?\bterug\b")),
    (CommitmentKind.INFORM, re.compile(rf"\b(?:[Ii]nformeer|[Ii]nformeren|[Ii]nformeert|[Ss]tuur|[Ss]tuurt|[Ss]turen|[Zz]end|[Zz]endt)\s+{_A}\b[^.;?]*?\b{KAMER}\b(?=.*{FUTURE_MARKER.pattern})", _I)),
    (CommitmentKind.INFORM, re.compile(rf"\b{_A}\s+(?:informeer|informeert|informeren)\s+{KAMER}\b(?=.*{FUTURE_MARKER.pattern})", _I)),
    (CommitmentKind.INFORM, re.compile(rf"\b{KAMER}\s+ontvangt\b(?=.*{FUTURE_MARKER.pattern})|\bontvangt\s+{KAMER}\b(?=.*{FUTURE_MARKER.pattern})", _I)),
    # act
    (CommitmentKind.ACT, re.compile(rf"\b{_A}\b[^.;?]*?\b(?:{_VOORNEMENS}|het\s+voornemen|van\s+plan)\b")),
    (CommitmentKind.ACT, re.compile(rf"\b(?:{_VOORNEMENS}|het\s+voornemen|van\s+plan)\b[^.;?]*?\b{_A}\b")),
    (CommitmentKind.ACT, re.compile(rf"\b{_A}\s+(?:zeg|zeggen|zegt)\b[^.;?]*?\btoe\b")),
    (CommitmentKind.ACT, re.compile(rf"\b(?:[Zz]eg|[Zz]eggen|[Zz]egt)\s+{_A}\b[^.;?]*?\btoe\b")),
    (CommitmentKind.ACT, re.compile(rf"(?<!\bdat\s)\b{_A}{_PAREN}{_ADV}\s+(?:zal|zullen)\b{_NOT_NEGATED}")),
    (CommitmentKind.ACT, re.compile(rf"\b(?:[Zz]al|[Zz]ullen)\s+{_A}\b{_NOT_NEGATED}")),
    # "Ik streef ernaar de regeling in 2025 in te voeren": an aim the minister sets himself
    (CommitmentKind.ACT, re.compile(rf"\b{_A}{_PAREN}\s+(?:streef|streeft|streven)\s+ernaar\b")),
    (CommitmentKind.ACT, re.compile(rf"(?<!\bdat\s)\b{_A}{_PAREN}{_ADV}\s+(?:ga|gaat|gaan)\b(?P<rest>[^.;?,]*)")),
    (CommitmentKind.ACT, re.compile(rf"\b(?:[Gg]a|[Gg]aat|[Gg]aan)\s+{_A}\b(?P<rest>[^.;?,]*)")),
    (CommitmentKind.ACT, re.compile(rf"\b{_A}\b[^.;?]*,\s+in\s+de\s+verwachting\s+dat\b")),
    # continue
    (CommitmentKind.CONTINUE, re.compile(rf"(?<!\bdat\s)\b{_A}{_PAREN}{_ADV}\s+(?:blijf|blijft|blijven)\b(?P<rest>[^.;?]*)")),
    (CommitmentKind.CONTINUE, re.compile(rf"\b(?:[Bb]lijf|[Bb]lijft|[Bb]lijven)\s+{_A}\b(?P<rest>[^.;?]*)")),
    # a second predicate of the sentence's subject: "Het kabinet acht dit zorgwekkend en blijft ... volgen"
    (CommitmentKind.CONTINUE, re.compile(rf"^\s*(?:\w+\s+){{0,2}}?{_A}\b[^.;?]*?\ben\s+(?:blijft|blijven)\b(?P<rest>[^.;?]*)")),
    (CommitmentKind.ACT, re.compile(rf"^\s*(?:\w+\s+){{0,2}}?{_A}\b[^.;?]*?\ben\s+(?:zal|zullen)\b(?!\s+(?:niet|geen)\b)")),
]

# present-tense promises that are promises only because the sentence names a time still to come
# (``FUTURE_MARKER`` anywhere in the sentence, before or after the verb): "Voor de zomer van 2023 stuur ik uw
# Kamer de evaluatie", "Hierover wordt uw Kamer te zijner tijd geïnformeerd", "het wetsvoorstel, dat ik in het
# voorjaar van 2024 in internetconsultatie breng"
TIMED_CUES: list[tuple[CommitmentKind, re.Pattern]] = [
    (CommitmentKind.INFORM, re.compile(rf"\b(?:[Ii]nformeer|[Ii]nformeren|[Ii]nformeert|[Ss]tuur|[Ss]tuurt|[Ss]turen|[Zz]end|[Zz]endt)\s+{_A}\b[^.;?]*?\b{KAMER}\b", _I)),
    (CommitmentKind.INFORM, re.compile(rf"\b(?:wordt|worden)\s+{KAMER}\b[^.;?]*?\b(?:nader\s+)?(?:geïnformeerd|ingelicht|op\s+de\s+hoogte\s+(?:gehouden|gesteld)|bericht)\b", _I)),
    (CommitmentKind.INFORM, re.compile(rf"\bontvangt\s+{KAMER}\b|\b{KAMER}\s+ontvangt\b", _I)),
    # "Het kabinet komt in het voorjaar met een uitwerking", "In het najaar komt het kabinet met een visie"
    (CommitmentKind.ACT, re.compile(rf"\b{_A}\s+(?:kom|komt|komen)\s+(?:[^.;?]{{0,80}}?\s)?met\s+(?:een|het|de|nieuwe)\b")),
    (CommitmentKind.ACT, re.compile(rf"\b(?:[Kk]om|[Kk]omt|[Kk]omen)\s+{_A}\s+(?:[^.;?]{{0,80}}?\s)?met\s+(?:een|het|de|nieuwe)\b")),
    (CommitmentKind.ACT, re.compile(rf"\b{_A}\b[^.;?]{{0,80}}?\b(?:breng|brengt|brengen|bied|biedt|bieden|publiceer|publiceert|publiceren|leg|legt|leggen|organiseer|organiseert|organiseren)\b")),
    # the verb first after a fronted time phrase: "In het eerste kwartaal van 2026 publiceer ik de handreiking"
    (CommitmentKind.ACT, re.compile(rf"\b(?:[Bb]reng|[Bb]rengt|[Bb]rengen|[Bb]ied|[Bb]iedt|[Bb]ieden|[Pp]ubliceer|[Pp]ubliceert|[Pp]ubliceren|[Ll]eg|[Ll]egt|[Ll]eggen|[Oo]rganiseer|[Oo]rganiseert|[Oo]rganiseren)\s+{_A}\b")),
]

# a sentence without any of these words has no cue (a cheap test before the cues; search lower-cased text)
ANY_CUE = re.compile(
    r"\b(?:zal|zullen|voornemens|voornemen|plan|ga|gaat|gaan|blijf|blijft|blijven|zeg|zeggen|zegt|kom|komen|komt"
    r"|informeer|informeren|informeert|stuur|stuurt|sturen|zend|zendt|ontvangt|verwachting|geïnformeerd|ingelicht|hoogte|bericht"
    r"|breng|brengt|brengen|bied|biedt|bieden|publiceer|publiceert|publiceren|leg|legt|leggen"
    r"|organiseer|organiseert|organiseren|streef|streeft|streven|verwacht|verwachten)\b"
)

# "gaat/blijft" need an infinitive in the rest of the clause ("gaat ... onderzoeken", "blijft ... volgen")
INFINITIVE = re.compile(r"\b[a-zà-ÿ]{3,}(?:en|eren)\b")
NOT_INFINITIVE = {
    "een", "hen", "heen", "tussen", "zonder", "tegen", "binnen", "buiten", "boven", "beneden", "dienen",
    "open", "even", "eigen", "alleen", "geen", "ontwikkelingen", "gesprekken", "landen", "lidstaten",
    "mensenrechten", "rechten", "zaken", "organisaties", "partijen", "maatregelen", "middelen", "afspraken",
}
# "gaat ... uit van/naar", "gaat in op", "gaat om/over": idioms, not "gaan + infinitive"
GAAN_IDIOM = re.compile(r"\b(?:uit|in\s+op|om|over|akkoord|door|mee|na)\b", _I)
# "blijft van belang/bereid/..." is a state, not an action to continue
BLIJVEN_STATE = re.compile(r"^\s*(?:\w+\s+){0,3}?(?:van\s+belang|van\s+mening|van\s+oordeel|bezorgd|overtuigd|zorgen\s+maken|bestaan|staan|zorgelijk|betrokken|onduidelijk|ongewijzigd|onveranderd|beperkt|achter|gelden|liggen)\b", _I)

# the sentence is not a promise at all
NOT_A_PROMISE = re.compile(
    r"\b(?:in|met|bij)\s+(?:deze|onderhavige)\s+(?:Kamer)?brief\b|\bverderop\b|\bhieronder\b|\bhierbij\b"
    r"|\bniet\s+de\s+verwachting\b|\b(?:verwacht|verwachten)\s+(?:\w+\s+){0,3}?dat\b",
    _I,
)
# the clauses of a motion ("overwegende dat het kabinet voornemens is ...") and questions are not promises
MOTION_CLAUSE = re.compile(
    r"^\s*(?:constaterende|overwegende|van\s+mening|verzoekt|roept|spreekt\s+uit|draagt|gehoord\s+de\s+beraadslaging)\b", _I
)
