"""What the store's read API returns: typed rows (TypedDicts, so they are also the JSON the API serves).

Field names are the analysis record's (English); dates are ISO strings, lists are lists (JSON columns are
decoded). A field marked ``NotRequired`` is there only when the store knows it (a motion known only from
answers has no title).
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

# an analysis record as stored (the JSON of kamerspoor.record.Record, ../shared/spec/analysis.md), with what the
# store adds to it (matches to official commitments, what answered motions ask), or another stored record
StoredRecord = dict[str, Any]


# -- documents -------------------------------------------------------------------------------------------

class DocumentSummary(TypedDict):
    """A document's catalogue entry (no text)."""

    id: str
    kind: str
    dossier: str | None
    number: int | None
    session_year: NotRequired[str | None]
    date: str | None
    title: str | None
    submitters: list[str]


class CatalogueEntry(DocumentSummary):
    content_hash: str


class ParagraphText(TypedDict):
    idx: int
    start: int
    end: int
    text: str


class FootnoteText(TypedDict):
    marker: str
    anchor: int | None
    text: str


class ExportRow(TypedDict):
    id: str
    kind: str
    dossier: str | None
    number: int | None
    session_year: str | None
    date: str | None
    title: str | None
    submitters: str  # "; "-joined
    answers: int
    commitments: int
    paragraphs: int


# -- motions, votes, answers -----------------------------------------------------------------------------

class VoteParty(TypedDict):
    """How one party voted: seats per vote (members counted one each in a hoofdelijke stemming)."""

    fractie: str
    fractie_id: str | None
    voor: int
    tegen: int
    niet_deelgenomen: int
    seats: int
    by_members: bool
    vergissing: bool  # a vote of the party (or of one of its members) is marked Vergissing


class VoteMember(TypedDict):
    """How one member voted in a hoofdelijke stemming."""

    naam: str | None
    fractie: str | None
    soort: str  # Voor | Tegen | Niet deelgenomen
    persoon_id: str | None
    vergissing: bool


class SummaryClaim(TypedDict):
    """The votes summary's totals for a motion: a third party's claim, checked like the rows."""

    zaak_nummer: str
    zaak_id: str | None
    date: str | None
    result: str | None
    besluit_soort: str | None
    voor: int | None
    tegen: int | None
    niet_deelgenomen: int | None
    seats: int | None
    status: str | None  # complete | incomplete | contradictory; None: not checked (an older store)
    contradictions: list[str]


class Vote(TypedDict):
    """The vote on a motion. ``source`` "Stemming": counted from the Kamer's own rows (per party, and per member
    in a hoofdelijke stemming), with the votes summary's claim beside it in ``summary``; "summary": only the
    votes summary's totals are known. Only a ``status`` "complete" vote's totals are the result: an incomplete
    or contradictory one shows what is known."""

    zaak_nummer: str | None
    zaak_id: str | None
    date: str | None
    result: str | None  # the outcome (aangenomen, verworpen, ...) as the Besluit states it
    besluit_soort: str | None
    voor: int | None
    tegen: int | None
    niet_deelgenomen: int | None
    source: str
    besluit_id: str | None
    besluit_tekst: str | None
    hoofdelijk: bool
    seats: int | None
    kamer_size: int
    complete: bool
    status: str | None
    contradictions: list[str]
    notes: list[str]
    mistakes: list[str]  # who marked their vote a mistake (Vergissing): counted, as the Kamer counts it
    zaak_how: NotRequired[str | None]  # how the Besluit is known to decide it: Besluit.Zaak | agendapunt | place
    parties: list[VoteParty]
    members: NotRequired[list[VoteMember]]  # a hoofdelijke stemming's members (on a motion's own page)
    summary: SummaryClaim | None


class Indiener(TypedDict):
    naam: str | None
    fractie: str | None
    relatie: str | None


class ZaakSummary(TypedDict):
    id: str
    nummer: str
    onderwerp: str | None
    kabinetsappreciatie: str | None
    gestart_op: str | None
    vergaderjaar: str | None
    indieners: list[Indiener]


class MotionAnswer(TypedDict):
    """An answer to a motion (or to one it replaces or is replaced by) in a letter."""

    letter: str
    letter_title: str | None
    letter_date: str | None
    cites: str  # the motion id the letter names
    stance: str | None
    evidence: str | None
    start: int | None
    paragraph: NotRequired[int | None]  # added by the web layer


class CommitmentRow(TypedDict):
    """A commitment with its letter and the official commitment matched to it (official_* None when none)."""

    doc_id: str
    idx: int
    letter_date: str | None
    dossier: str | None
    text: str
    actor: str | None
    due: str | None
    kind: str | None
    status: str | None
    official_id: str | None
    official_number: str | None
    official_status: str | None
    official_status_register: str | None
    official_due: str | None
    match_score: float | None
    context: str | None  # the sentence before, when the commitment refers back to it
    ministry: str | None  # the ministry's id (the register's when matched, else the commitment's own)
    motions: NotRequired[list[str]]  # the motions it answers (store.commitments)
    themes: NotRequired[list[str]]  # the themes of its paragraph (store.commitments)
    overdue: NotRequired[bool]  # added by the web layer
    state: NotRequired[str]  # added by the web layer


class CommitmentDetail(CommitmentRow):
    due_by: str | None
    paragraph: int | None
    start: int | None
    answers: list[str]
    official: StoredRecord | None


class LetterLink(TypedDict):
    """A letter whose subject names the motion (or one it replaces or is replaced by), and how."""

    letter: str  # the letter's document id
    nummer: str | None  # DocumentNummer
    title: str | None  # its subject
    date: str | None
    cites: str  # the motion id the subject names
    how: str  # number | tvv | member_subject: how the subject names it
    relation: str  # answer | appreciatie (the cabinet's advice before the vote)
    mention: str | None  # the words of the subject that name it
    text_in_store: bool


class LetterMotion(TypedDict):
    idx: int
    motion_id: str | None
    how: str
    relation: str
    members: list[str]
    about: str | None
    mention: str | None


class LetterInfo(TypedDict):
    """A cabinet letter known from its Document record."""

    doc_id: str
    tk_id: str
    nummer: str | None
    onderwerp: str | None
    titel: str | None  # the dossier's title
    date: str | None
    vergaderjaar: str | None
    volgnummer: int | None
    kst_id: str | None
    kst_how: str | None  # record | dossier_title
    advice: bool
    text_in_store: bool
    motions: list[LetterMotion]


class SubmitterParty(TypedDict):
    """A motion's signatory resolved to a member and the party they sat for on the motion's date."""

    name: str
    persoon_id: str | None
    fractie: str | None
    fractie_id: str | None
    how: str


class StrongestAnswer(TypedDict):
    """The answer a motion's badge shows: the strongest, then the latest (store.motions.STRENGTH)."""

    stance: str | None
    letter: str
    letter_date: str | None
    named: NotRequired[bool]  # no letter with text answers it: a letter known by its metadata names it


class MotionView(TypedDict):
    """A motion with its vote, Zaak, replacement chain, every answer and the commitments made in answer."""

    id: str
    in_store: bool
    dossier: NotRequired[str | None]
    number: NotRequired[int | None]
    date: NotRequired[str | None]
    title: NotRequired[str | None]
    submitters: NotRequired[list[str]]
    proposed: NotRequired[str | None]
    debate: NotRequired[str | None]
    considerations: NotRequired[list[str]]
    requests: NotRequired[list[str]]
    replaces: list[str]
    replaced_by: list[str]
    zaak: ZaakSummary | None
    vote: Vote | None
    answers: list[MotionAnswer]
    commitments: list[CommitmentRow]
    letters: list[LetterLink]  # letters whose subject names it (answers after the vote, advice before it)
    submitter_parties: list[SubmitterParty]
    state: NotRequired[str]  # added by the web layer
    strongest: NotRequired[StrongestAnswer | None]  # added by the web layer: the answer its badge shows
    answer_state: NotRequired[str]  # added by the web layer: answered, named or none (store.motions.ANSWER_STATES)


class MotionSummary(TypedDict):
    id: str
    dossier: str | None
    number: int | None
    date: str | None
    title: str | None  # the Zaak's subject where known, else the printed title
    submitters: list[str]
    replaces_id: str | None
    vote: str | None  # the latest vote's result
    vote_date: str | None
    appreciation: str | None  # the cabinet's advice (Kabinetsappreciatie) as the Zaak writes it
    answers: int  # answers to it, or to the motion it replaces or is replaced by
    strongest: StrongestAnswer | None  # its badge (store.motions.badge)
    answer_state: str  # answered, named or none (store.motions.ANSWER_STATES)


class AnswerRow(TypedDict):
    """Letter x motion x stance x evidence."""

    letter: str
    letter_date: str | None
    letter_title: str | None
    idx: int
    motion: str | None
    dossier: str | None
    number: int | None
    submitters: list[str]
    stance: str | None
    evidence: str | None
    start: int | None


class LetterStance(TypedDict):
    motion_id: str
    letter: str
    stance: str | None
    letter_date: str | None


class DossierMotion(TypedDict):
    """A motion of a dossier (in the store, or answered in a letter) with every answer to it."""

    id: str
    title: str | None
    date: str | None
    in_store: bool
    answers: list[LetterStance]


class AnswerRef(TypedDict):
    doc_id: str
    dossier: str | None
    number: int | None
    motion_id: str  # one of the motions asked for
    submitters: list[str]
    stance: str | None
    evidence: str | None
    start: int | None


class CitationRef(TypedDict):
    doc_id: str
    target_id: str
    text: str | None
    start: int | None


class MentioningParagraph(TypedDict):
    doc_id: str
    idx: int
    start: int
    end: int
    text: str
    date: str | None
    dossier: str | None


class UnlinkedAnswer(TypedDict):
    """An answer that names its motion by its submitters only."""

    doc_id: str
    idx: int
    submitters: list[str]
    dossier: str | None


class MotionCandidate(TypedDict):
    id: str
    dossier: str | None
    submitters: list[str]


# -- commitments -----------------------------------------------------------------------------------------

class MatchRef(TypedDict):
    doc_id: str
    idx: int
    score: float | None


class MatchedCommitment(TypedDict):
    doc_id: str
    idx: int
    letter_date: str | None
    text: str
    actor: str | None
    due: str | None
    status: str | None
    score: float | None


class OfficialBase(TypedDict):
    """A toezegging of the official register as the store reads it: its number, dates and both statuses."""

    id: str
    number: str | None
    made: str | None
    due: str | None
    status: str | None
    status_official: str | None


class OfficialRow(OfficialBase):
    minister: str | None
    function: str | None
    ministry: str | None
    fulfilled_by: str | None
    text: str
    matched: list[MatchRef]


class DashboardCommitment(TypedDict):
    """A commitment as the commitments dashboard lists it (``submitters``: the letter's signatories)."""

    doc_id: str
    idx: int
    letter_date: str | None
    letter_title: str | None
    dossier: str | None
    submitters: NotRequired[list[str]]
    text: str
    context: str | None  # the sentence before, when the commitment refers back to it
    actor: str | None
    due: str | None
    due_by: str | None
    kind: str | None
    status: str | None
    paragraph: int | None
    start: int | None
    match_score: float | None
    answers: Any  # what it answers: {"motion": "35207-27"} or {"party": "D66"}, {} for nothing
    ministry_id: str | None
    official_number: str | None
    official_status: str | None
    official_due: str | None
    ministry: NotRequired[str]  # added by the web layer
    state: NotRequired[str]  # added by the web layer
    themes: list[str]
    open: bool
    overdue: bool


class LetterCommitment(TypedDict):
    """What matching a letter's commitments needs."""

    idx: int
    text: str
    actor: str | None
    due: str | None
    matched_official: str | None
    match_score: float | None


# -- dossiers, themes, counts ----------------------------------------------------------------------------

class StanceOf(TypedDict):
    motion: str | None
    stance: str | None


class AnsweredIn(TypedDict):
    letter: str
    stance: str | None


class TimelineDocument(TypedDict):
    id: str
    number: int | None
    kind: str
    date: str | None
    title: str | None
    submitters: list[str]
    answers: list[StanceOf]
    answered_in: list[AnsweredIn]
    vote: NotRequired[Vote | None]  # motions only
    commitments: int


class DossierTimeline(TypedDict):
    dossier: str | None
    documents: list[TimelineDocument]
    cited_not_in_store: list[str]


class DossierSummary(TypedDict):
    dossier: str
    documents: int
    motions: int
    first_date: str | None
    last_date: str | None
    title: str | None


class FacetValue(TypedDict):
    value: Any
    count: int


class TagCount(TypedDict):
    documents: int
    paragraphs: int


class YearCount(TypedDict):
    year: str
    documents: int
    paragraphs: int
    stances: dict[str, int]


class TaggedParagraph(TypedDict):
    doc_id: str
    paragraph: int
    date: str | None
    title: str | None
    kind: str
    dossier: str | None
    text: str


class ThemeTimeline(TypedDict):
    id: str
    kind: str
    total_paragraphs: int
    years: list[YearCount]
    paragraphs: list[TaggedParagraph]
    limit: int
    offset: int
    related: list[FacetValue]


class Stats(TypedDict):
    documents: int
    documents_by_kind: dict[str, int]
    paragraphs: int
    motions: int
    answers: int
    answers_linked: int
    party_positions: int
    commitments: int
    commitments_matched: int
    official_commitments: int
    zaken: int
    votes: int
    motions_with_vote: int
    besluit_votes: int  # Besluiten whose vote is counted from Stemming rows
    letters: int  # cabinet letters known from their Document record
    letter_links: int  # motions named in those letters' subjects
    files: int
    schema_version: int


# -- search ----------------------------------------------------------------------------------------------

class ParagraphHit(TypedDict):
    text: str
    kind: str
    title: str | None
    date: str | None
    dossier: str | None


class WatchRow(TypedDict):
    """A watch: what it follows (kind and target), where its news goes by e-mail ('' nowhere), when it ran."""

    id: int
    kind: str  # motion, dossier, theme, party, search
    target: str
    email: str
    created_at: str
    last_run_at: str | None
    items: NotRequired[int]  # how many items it has seen


class WatchItemRow(TypedDict):
    """Something a watch has seen: a document, an answer to a motion, a vote."""

    watch_id: int
    item: str  # what it is: doc:<id>, answer:<letter>, vote:<zaak>:<date>
    date: str | None
    title: str
    path: str  # where it is on the site
    summary: str
    found_at: str
    baseline: bool  # there when the watch was made: in the feed, never news
    mailed_at: str | None


# -- the accountability report (kamerspoor.store.accountability) ------------------------------------------

class AdoptedMotion(TypedDict):
    id: str  # kst id of the motion
    zaak: str  # the Zaak's nummer
    onderwerp: str | None  # "Motie van het lid X over Y"
    titel: str | None  # the dossier's title
    appreciation: str | None  # Kabinetsappreciatie, as the open data writes it
    zaak_ministry: str | None
    vote_date: str | None
    voor: int | None
    tegen: int | None
    title: str | None  # the motion document's title, when in the store
    date: str | None
    document_ministry: str | None
    in_store: bool


class ReportAnswer(TypedDict):
    motion: str
    letter: str
    idx: int
    letter_date: str | None
    letter_title: str | None
    letter_kind: str
    ministry: str | None
    stance: str | None
    evidence: str | None
    start: int | None
    paragraph: int | None


class NamedLetter(TypedDict):
    """A letter known only by its metadata (no text in the store) whose subject names a motion."""

    letter: str  # the letter's document id (its DocumentNummer)
    motion: str  # kst id of the motion its subject names
    date: str | None
    subject: str | None
    ministry: str | None
    relation: str  # answer | appreciatie (the cabinet's advice before the vote, not an answer)


class ReportCommitment(TypedDict):
    doc_id: str
    idx: int
    letter_date: str | None
    letter_title: str | None
    dossier: str | None
    text: str
    context: str | None
    actor: str | None
    due: str | None
    due_by: str | None
    status: str | None
    paragraph: int | None
    answers: Any  # the record's answers: {"motion": ..., "party": ...} or []
    ministry: str | None
    official_number: str | None
    official_status: str | None
    official_status_register: str | None
    official_due: str | None


class ReportOfficial(OfficialBase):
    ministry: str | None
    text: str
    matched: bool


class CoverageCounts(TypedDict):
    letters_with_text: int
    letters_first: str | None
    letters_last: str | None
    motions_in_store: int
    motions_first: str | None
    motions_last: str | None
    zaken: int
    votes: int
    votes_first: str | None
    votes_last: str | None
    official_commitments: int
