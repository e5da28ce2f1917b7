"""The analysis record as types: the seam between the pipeline and everything after it.

``../shared/spec/analysis.md`` is the contract; this module is its one definition in code. The pipeline
builds a :class:`Record`; ingest, the store, the web pages, the report and the policy map take a
:class:`Record` and trust its types instead of re-checking a dict. Whatever comes from outside (a record
as JSON in a file or a list of them, a dict given to ``Store.put_record``, a record the store wrote)
goes through :func:`from_json`, which checks every field and names the one that is wrong with its path::

    from kamerspoor.record import from_json
    record = from_json(path.read_bytes(), source=str(path))
    # RecordError: records.json: motions[3].stance: 'maybe' is not one of executed, already_policy, ...
    record.to_dict()            # exactly the JSON object of the contract
    json_schema()               # the JSON Schema of the contract, generated from these types

Rules of the types:

- A field the contract lists keeps its name, meaning and JSON type. A field the pipeline adds beyond the
  contract (a motion answer's ``mention``, ``rule`` and ``paragraph``, a commitment's ``kind``,
  ``status``, ``answers`` and ``paragraph``, a tag's ``terms``, a reference's ``in_footnote``) is typed
  too, so consumers need no guesswork, and is optional when reading.
- When reading, a field that can be null defaults to null and a list to empty, so an older record (one
  without ``advice``, say) still loads; a field nothing can stand in for (an offset, a stance, a
  paragraph's ``start``, the record's ``document`` and ``text``) is required. Unknown fields are ignored
  (the contract lets producers add fields) and are not written back.
- The types are frozen: a consumer cannot change a record another consumer also reads.

Why msgspec Structs and not frozen dataclasses: one library gives the checked decoding with the path of
the wrong field, the encoding, and the JSON Schema, where dataclasses would need a hand-written
validator and schema generator of their own (``bench/record.py`` keeps such a loader for comparison).
It is also faster. ``bench/record.py`` on the record of the letter 35 207 nr. 32 (58 KB of JSON), medians
of 200 and of 1,000 runs on this shared 2-core machine, as ratios to ``json.loads`` of the same bytes into
plain dicts (the floor, 1.00; the two runs give the range):

    ========================================================  ===========
    what                                                      ratio
    ========================================================  ===========
    json.loads into dicts, no checking (the floor)            1.00
    msgspec: decode and check into Structs (``from_json``)    0.35 - 0.66
    dataclasses: json.loads + a generic checking loader       4.5 - 9.4
    msgspec: check an already parsed dict (ingest)            0.14 - 0.28
    encode: ``json.dumps(record.to_dict())``                  1.9 - 2.4
    encode: ``msgspec.json.encode(record)``                   0.24 - 0.26
    ========================================================  ===========

So checked decoding with msgspec costs less than unchecked ``json.loads``: records the store wrote back
are decoded through the same checked path (:func:`from_json`); an unchecked path would gain nothing.

The vocabularies (:class:`Kind`, :class:`Stance`, :class:`Advice`, :class:`CommitmentKind`,
:class:`CommitmentStatus`) are defined here once; ``kamerspoor.model`` re-exports them.
"""

from __future__ import annotations

import json
import re
import types
from enum import Enum, StrEnum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import msgspec
from msgspec import Meta

from kamerspoor.errors import InputError

SCHEMA: Literal["analysis/1"] = "analysis/1"


# -- vocabularies ---------------------------------------------------------------------------------------------

class Kind(StrEnum):
    """Kind of Kamerstuk (``document.kind``); how each is recognised: ``rules/kinds.yaml``. ``appreciatie``:
    the cabinet's advice on motions before the vote; ``overzicht``: a "moties en toezeggingen" overview of a
    begroting or jaarverslag."""

    BRIEF = "brief"
    MOTIE = "motie"
    VERSLAG = "verslag"
    VRAGEN_ANTWOORDEN = "vragen_antwoorden"
    NOTA = "nota"
    APPRECIATIE = "appreciatie"  # the cabinet's advice on motions before the vote ("Appreciatie motie ...")
    OVERZICHT = "overzicht"  # an overview of the motions and commitments of a begroting or jaarverslag
    OTHER = "other"


class Stance(StrEnum):
    """The cabinet's answer to a motion or a party proposal: executed (done), already_policy (current
    policy), in_progress (working on it), partial (partly accepted), declined (not done), noted (mentioned
    without an answer)."""

    EXECUTED = "executed"
    ALREADY_POLICY = "already_policy"
    IN_PROGRESS = "in_progress"
    PARTIAL = "partial"
    DECLINED = "declined"
    NOTED = "noted"


class Advice(StrEnum):
    """The cabinet's advice on a motion before the vote ("appreciatie"): Oordeel Kamer, ontraden,
    overbodig, ontijdig, ondersteuning van beleid."""

    OORDEEL_KAMER = "oordeel_kamer"
    ONTRADEN = "ontraden"
    OVERBODIG = "overbodig"
    ONTIJDIG = "ontijdig"
    ONDERSTEUNING_BELEID = "ondersteuning_beleid"


class CommitmentKind(StrEnum):
    """What a commitment promises: to inform the Kamer, to act, or to keep doing something."""

    INFORM = "inform"
    ACT = "act"
    CONTINUE = "continue"


class CommitmentStatus(StrEnum):
    """Same vocabulary as the Tweede Kamer's register of toezeggingen."""

    OPENSTAAND = "Openstaand"
    VOLDAAN = "Voldaan"
    DEELS_VOLDAAN = "Deels voldaan"
    VERVALLEN = "Vervallen"


# -- value types with their constraints (checked by from_json, written into the JSON Schema) ---------------

Offset = Annotated[int, Meta(ge=0, description="character offset into the record's text")]
Date = Annotated[str, Meta(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]
Due = Annotated[str, Meta(pattern=r"^\d{4}(-\d{2}-\d{2})?$", description="YYYY or YYYY-MM-DD")]
SessionYear = Annotated[str, Meta(pattern=r"^\d{4}-\d{4}$", description="vergaderjaar, e.g. 2019-2020")]
Level = Annotated[int, Meta(ge=1, le=2)]


class Part(msgspec.Struct, frozen=True):
    """Base of every part of the record: frozen, and written as the contract's JSON object."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = msgspec.to_builtins(self)
        return out


# -- the parts ------------------------------------------------------------------------------------------------

class Document(Part, frozen=True, kw_only=True):
    """What the document is: its official id (kst-<dossier>-<number>), dossier, ondernummer, vergaderjaar,
    kind, title, date and signatories (motion submitters or signing ministers, surnames as written)."""

    id: str | None = None
    dossier: str | None = None
    number: int | None = None
    session_year: SessionYear | None = None
    kind: Kind = Kind.OTHER
    title: str | None = None
    date: Date | None = None
    submitters: list[str] = []


class Section(Part, frozen=True):
    """A heading of the text and the span it governs."""

    level: Level
    number: str | None
    heading: str
    start: Offset
    end: Offset


class Paragraph(Part, frozen=True):
    """A paragraph of the text; ``section`` is its index in ``sections`` (null: before the first one)."""

    start: Offset
    end: Offset
    section: int | None = None


class Footnote(Part, frozen=True):
    """A footnote's body (out of the text), its URLs, and where its marker stood (``anchor``)."""

    marker: str
    text: str
    urls: list[str] = []
    anchor: Offset | None = None


class Reference(Part, frozen=True, omit_defaults=True):
    """A Kamerstuk the text cites; ``start`` is null and ``in_footnote`` names the footnote when the
    citation stands in a footnote (``in_footnote`` is left out otherwise)."""

    dossier: str
    number: int
    text: str
    start: Offset | None
    in_footnote: str | None = None


class MotionAnswer(Part, frozen=True, kw_only=True):
    """A motion the document answers, with the cabinet's stance and the sentence(s) carrying it.
    ``dossier`` and ``number`` are null when the text names the motion only by its submitters."""

    dossier: str | None = None
    number: int | None = None
    submitters: list[str] = []
    stance: Stance
    evidence: str
    advice: Advice | None = None
    start: Offset
    mention: str | None = None  # the words that name the motion
    rule: str | None = None  # id of the stance rule that decided (rules/stances.yaml)
    paragraph: int | None = None


class PartyPosition(Part, frozen=True, kw_only=True):
    """A party's proposal the document answers, with the cabinet's stance on it."""

    party: str
    proposal: str
    stance: Stance
    evidence: str
    source_url: str | None = None
    start: Offset | None = None
    rule: str | None = None
    paragraph: int | None = None


class CommitmentAnswer(Part, frozen=True, kw_only=True, omit_defaults=True):
    """What a commitment answers: a motion (``motion``: dossier-number, or its ``submitters`` when it has no
    number) or a party's proposal (``party``); ``motions``/``parties`` when it answers several. Only the
    fields that say something are written."""

    motion: str | None = None
    submitters: list[str] = []
    party: str | None = None
    parties: list[str] = []
    motions: list[str | None] = []


class Commitment(Part, frozen=True, kw_only=True):
    """A promise (toezegging) by the cabinet or a member of it, with its deadline when the text gives one."""

    text: str
    actor: str | None = None
    due: Due | None = None
    start: Offset
    kind: CommitmentKind | None = None
    status: CommitmentStatus | None = None
    answers: CommitmentAnswer | None = None
    paragraph: int | None = None


class Tag(Part, frozen=True, kw_only=True):
    """A theme or instrument of the taxonomy and the paragraphs it is found in; ``terms``: per paragraph
    index (as a string), the words that matched."""

    id: str
    paragraphs: list[Annotated[int, Meta(ge=0)]] = []
    terms: dict[str, list[str]] = {}


class TextWarning(Part, frozen=True):
    """Suspected damage in the text or a part that could not be read (``kind`` names which)."""

    kind: str
    text: str
    start: Offset | None = None


class Replaces(Part, frozen=True):
    """The motion a gewijzigde motie replaces."""

    dossier: str
    number: int


class MotionFields(Part, frozen=True, kw_only=True):
    """The fields of a document that is itself a motion: considerations, requests, what it replaces."""

    proposed: Date | None = None
    debate: str | None = None
    considerations: list[str] = []
    requests: list[str] = []
    replaces: Replaces | None = None


class Record(Part, frozen=True, kw_only=True):
    """The analysis record of one document (../shared/spec/analysis.md)."""

    schema: Literal["analysis/1"] = SCHEMA
    document: Document
    text: str
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    footnotes: list[Footnote] = []
    references: list[Reference] = []
    motions: list[MotionAnswer] = []
    party_positions: list[PartyPosition] = []
    commitments: list[Commitment] = []
    themes: list[Tag] = []
    instruments: list[Tag] = []
    warnings: list[TextWarning] = []
    motion: MotionFields | None = None

    def to_json(self) -> str:
        """The record as compact JSON (the contract's object, keys in the contract's order)."""
        return _ENCODER.encode(self).decode("utf-8")

    def canonical_json(self) -> str:
        """The record as JSON with sorted keys and no spaces: the same record always gives the same text."""
        return _CANONICAL.encode(self).decode("utf-8")


_ENCODER = msgspec.json.Encoder()
_CANONICAL = msgspec.json.Encoder(order="sorted")
_DECODER = msgspec.json.Decoder(Record)


# -- loading --------------------------------------------------------------------------------------------------

class RecordError(InputError):
    """A record that does not fit the contract; ``field`` is the path of the wrong field
    (``motions[3].stance``), ``problem`` the whole one-line message."""

    def __init__(self, source: str | None, field: str, problem: str):
        self.field = field
        super().__init__(source, f"{field}: {problem}" if field else problem)


def from_json(data: bytes | str | object, source: str | None = None, at: str = "") -> Record:
    """The checked :class:`Record` of a record as JSON text (bytes or str) or as already parsed JSON (a dict).

    Raises :class:`RecordError` (an :class:`~kamerspoor.errors.InputError`) naming ``source`` and the
    wrong field with its path: ``motions[3].stance: 'maybe' is not one of executed, ...``; ``at`` goes in
    front of the path (``[2]`` for the third record of a list)."""
    try:
        if isinstance(data, bytes | str):
            return _DECODER.decode(data)
        return msgspec.convert(data, Record)
    except msgspec.ValidationError as e:
        parsed = _parsed(data) if isinstance(data, bytes | str) else data
        field, problem = _explain(str(e), parsed)
        path = at + ("." if at and field and not field.startswith("[") else "") + field
        raise RecordError(source, path or "record", problem) from None
    except msgspec.DecodeError as e:
        raise RecordError(source, at, f"not valid JSON ({e})") from None


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the record, generated from the types above."""
    schema: dict[str, Any] = msgspec.json.schema(Record)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "kamerspoor analysis record (analysis/1)",
            "description": "What `kamerspoor analyze FILE --format json` prints for one document; the "
                           "contract is ../shared/spec/analysis.md. Generated from kamerspoor.record.",
            **schema}


def json_schema_text() -> str:
    """:func:`json_schema` as the text of docs/analysis.schema.json (``kamerspoor schema`` prints it)."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


# -- naming the wrong field -----------------------------------------------------------------------------------

_AT = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
_STEP = re.compile(r"\.(\w+)|\[(\d+)\]|\[\.\.\.\]")
_TYPE_WORDS = {"object": "an object", "array": "a list", "str": "a string", "int": "an integer",
               "float": "a number", "bool": "true or false", "null": "null"}


def _parsed(data: bytes | str) -> object:
    try:
        return json.loads(data)
    except ValueError:
        return None


def _explain(message: str, data: object) -> tuple[str, str]:
    """msgspec's message ("Invalid enum value 'maybe' - at `$.motions[3].stance`") -> (field, problem)."""
    m = _AT.match(message)
    msg, path = (m.group("msg"), m.group("path") or "") if m else (message, "")
    field = path.lstrip(".")
    missing = re.match(r"Object missing required field `(\w+)`", msg)
    if missing:
        return (f"{field}.{missing.group(1)}" if field else missing.group(1)), "missing (required)"
    if msg.startswith("Invalid enum value"):
        allowed = _allowed(path)
        got = _value_at(data, path)
        return field, f"{got!r} is not one of {', '.join(allowed)}" if allowed else msg
    expected = re.match(r"Expected `([^`]+)`(.*?)(?:, got `(\w+)`)?$", msg)
    if expected:
        want = " or ".join(_TYPE_WORDS.get(t.strip(), t.strip()) for t in expected.group(1).split("|"))
        got = _value_at(data, path)
        shown = repr(got) if isinstance(got, str | int | float | bool) and not isinstance(got, type) else \
            _TYPE_WORDS.get(expected.group(3) or "", expected.group(3) or type(got).__name__)
        return field, f"expected {want}{expected.group(2)}, got {shown}"
    return field, msg


_MISSING = object()


def _value_at(data: object, path: str) -> object:
    for step in _STEP.finditer(path):
        name, index = step.group(1), step.group(2)
        if name is not None and isinstance(data, dict):
            data = data.get(name, _MISSING)
        elif index is not None and isinstance(data, list) and int(index) < len(data):
            data = data[int(index)]
        else:
            return _MISSING
    return data


def _allowed(path: str) -> list[str]:
    """The values an enum (or literal) field at ``path`` allows, from the types."""
    tp: Any = Record
    for step in _STEP.finditer(path):
        tp = _unwrap(tp)
        if step.group(1) is not None:
            fields = {f.name: f.type for f in msgspec.structs.fields(tp)} if _is_struct(tp) else {}
            tp = fields.get(step.group(1))
        elif get_origin(tp) is list:
            tp = get_args(tp)[0]
        else:
            tp = None
        if tp is None:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return [str(v.value) for v in tp]
    if get_origin(tp) is Literal:
        return [str(a) for a in get_args(tp)]
    return []


def _is_struct(tp: object) -> bool:
    return isinstance(tp, type) and issubclass(tp, msgspec.Struct)


def _unwrap(tp: Any) -> Any:
    """``X | None`` -> X, ``Annotated[X, ...]`` -> X."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin is Union or origin is types.UnionType:
            rest = [a for a in get_args(tp) if a is not type(None)]
            if len(rest) != 1:
                return tp
            tp = rest[0]
        else:
            return tp
