"""The kind of a Kamerstuk (``document.kind``), decided in one place from the cues in ``kinds.yaml``.

Every reader of a kind calls this module: the XML and HTML readers with the published type or the title, the
fetchers with DC.type, the Tweede Kamer open data with Document.Soort, parse with the kop's title, the text
itself (when a PDF's text has no kop) and the subject (a letter titled "Appreciatie motie ..." is an
``appreciatie``). The order of the rules in the file decides between cues that both fire.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kamerspoor.model import InputError, Kind
from kamerspoor.rules import rulefile, subjects
from kamerspoor.rules.letter import SIGNATURE

RULES_PATH = Path(__file__).with_name("kinds.yaml")
READS = ("type", "title", "body", "subject")  # (not "on": YAML 1.1 reads the key on as true)


@dataclass(frozen=True)
class Kinds:
    file: rulefile.RuleFile
    type: tuple[rulefile.Rule, ...]
    title: tuple[rulefile.Rule, ...]
    body: tuple[rulefile.Rule, ...]
    body_refines: tuple[rulefile.Rule, ...]  # body rules that narrow a kind (with `refines`)
    subject: tuple[rulefile.Rule, ...]
    title_prefix: re.Pattern[str]
    subject_line: re.Pattern[str]


def load(path: str | Path | None = None) -> Kinds:
    """The kind rules (default: the package's ``kinds.yaml``), checked against :class:`~kamerspoor.model.Kind`."""
    return _load(str(path or RULES_PATH))


@lru_cache(maxsize=2)
def _load(path: str) -> Kinds:
    pieces = {"signature": SIGNATURE.pattern, "advice_word": subjects.APPRECIATIE.pattern}
    file = rulefile.load(Path(path), "document kind rules", pieces=pieces, required=("reads",))
    kinds = {k.value for k in Kind}
    for rule in file.rules:
        if rule.get("reads") not in READS:
            raise InputError(path, f"rule '{rule.id}': 'reads' must be one of {', '.join(READS)}")
        if rule.get("kind") is None and rule.get("use") is None:
            raise InputError(path, f"rule '{rule.id}': needs a kind (or a use)")
        for k in [rule.get("kind"), *(rule.get("refines") or [])]:
            if k is not None and k not in kinds:
                raise InputError(path, f"rule '{rule.id}': unknown kind '{k}' (one of: {', '.join(sorted(kinds))})")
    helpers = {r.get("use"): r.pattern for r in file.rules if r.get("use")}
    if "title_prefix" not in helpers or "subject_line" not in helpers:
        raise InputError(path, "needs the rules with use title_prefix and subject_line")

    def naming(reads: str, refining: bool = False) -> tuple[rulefile.Rule, ...]:
        return tuple(r for r in file.rules if r.get("reads") == reads and r.get("kind") is not None
                     and (reads == "subject" or bool(r.get("refines")) is refining))

    return Kinds(file, naming("type"), naming("title"), naming("body"), naming("body", refining=True),
                 naming("subject"), helpers["title_prefix"], helpers["subject_line"])


def from_type(value: str) -> Kind:
    """The kind a published type names: "Motie (gewijzigd/nader)" -> motie, "Nota naar aanleiding van het
    verslag" -> nota, "Amendement" -> other."""
    v = value.strip().lower()
    return next((Kind(r.get("kind")) for r in load().type if r.pattern.search(v)), Kind.OTHER)


def from_title(title: str) -> Kind:
    """The kind a Kamerstuk's title names ("TWEEDE NADER GEWIJZIGDE MOTIE VAN ..." -> motie)."""
    rules = load()
    t = rules.title_prefix.sub("", " ".join(title.upper().split()))
    return next((Kind(r.get("kind")) for r in rules.title if r.pattern.search(t)), Kind.OTHER)


def _fires(rule: rulefile.Rule, text: str) -> bool:
    head, tail = rule.get("head"), rule.get("tail")
    part = text[:head] if head else text[-tail:] if tail else text
    return bool(rule.pattern.search(part))


def from_body(text: str) -> Kind | None:
    """The kind the text itself shows when there is no kop ("De Kamer, gehoord de beraadslaging" -> motie,
    "Geachte Voorzitter" -> brief); None when it shows none."""
    rules = load()
    for rule in rules.body:
        if _fires(rule, text) and (not rule.get("with") or _fires(rules.file.one(rule.get("with")), text)):
            return Kind(rule.get("kind"))
    return None


def of_value(value: object) -> str | None:
    """A kind as a source gives it: a kind value as it is ("nota"), else the published type it reads as."""
    if value is None:
        return None
    v = str(value).strip().lower()
    if not v:
        return None
    return v if v in {k.value for k in Kind} else from_type(v).value


def subject_lines(text: str) -> list[str]:
    """The subjects a letter's header states ("Betreft Appreciatie van de motie ...")."""
    return [m.group("subject").strip() for m in load().subject_line.finditer(text)]


def refine(kind: str | None, subjects: Iterable[str | None]) -> str | None:
    """A narrower kind that a subject shows ("Appreciatie motie ..." makes a brief an ``appreciatie``); the kind
    as it was when no subject does."""
    found = [s for s in subjects if s]
    for rule in load().subject:
        if kind in (rule.get("refines") or []) and any(rule.pattern.search(s) for s in found):
            return str(rule.get("kind"))
    return kind


def refine_by_body(kind: str | None, text: str) -> str | None:
    """A narrower kind the text itself shows (a jaarverslag or memorie van toelichting whose text holds the
    "Moties en toezeggingen" bijlage is an ``overzicht``); the kind as it was when the text shows none."""
    for rule in load().body_refines:
        if kind in (rule.get("refines") or []) and _fires(rule, text):
            return str(rule.get("kind"))
    return kind


def refine_by_advice(kind: str | None, motions: Iterable[dict[str, object]]) -> str | None:
    """A letter that only gives advice before the vote is an ``appreciatie``, whatever its title: at least one
    motion gets advice, and every motion it names gets advice (and is not refused after a vote) or is only
    named. A letter that also answers adopted motions stays a ``brief``."""
    found = list(motions)
    advised = [m for m in found if m.get("advice")]
    if kind not in ("brief", "other") or not advised:
        return kind
    if all((m.get("advice") and m.get("stance") != "declined") or m.get("stance") == "noted" for m in found):
        return Kind.APPRECIATIE.value
    return kind


def classify_example(rule: rulefile.Rule) -> str | None:
    """The kind this module gives a rule's example, read the way the rule reads (for the rule tests)."""
    reads = rule.get("reads")
    if reads == "type":
        return from_type(rule.example).value
    if reads == "title":
        return from_title(rule.example).value
    if reads == "body" and rule.get("refines"):
        return refine_by_body(rule.get("refines")[0], rule.example)
    if reads == "body":
        found = from_body(rule.example)
        return found.value if found else None
    return refine((rule.get("refines") or [None])[0], [rule.example])
