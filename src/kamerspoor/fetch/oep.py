"""officielebekendmakingen (KOOP): SRU search of the repository, then XML + metadata.xml per Kamerstuk.

- Search: SRU 2.0 at ``Settings.sru_url`` with CQL (``w.dossiernummer==35207 AND w.publicatienaam=Kamerstuk``),
  paged with ``startRecord``/``maximumRecords``; each record names its files in ``gzd:itemUrl``. The next page
  starts at ``nextRecordPosition`` where the answer gives one, else at ``startRecord`` + the records received,
  up to ``numberOfRecords``; a page whose records were all seen before ends the search (a service that
  repeats itself is never followed round). A search answer is used from the cache for
  ``Settings.list_max_age`` seconds only: the dossier grows.
- A dossier's answer also lists what is not a Kamerstuk: attachments (``blg-…``), Handelingen and their
  Aanhangsel (``h-…``, ``ah-…``) and others. Those are skipped and counted, never fetched, never an error.
- Files: ``<oep_url>/kst/<dossier>/<kst-id>/1/{xml/<kst-id>.xml, metadata/metadata.xml, pdf/<kst-id>.pdf}``;
  the PDF is fetched only when there is no XML.
- metadata.xml as the repository writes it: root ``<metadata_gegevens>``, one
  ``<metadata name="…" scheme="…" content="…"/>`` per field; the ``<meta name content>`` elements of a
  publication's inline ``<metadata>`` (and of older copies) are read the same way.

What is written, per Kamerstuk, into ``<out>/kst/<kst-id>/``: ``<kst-id>.xml`` (or ``<kst-id>.pdf``),
``metadata.xml`` when published, and ``document.json`` (the metadata in the record's ``document`` field
names plus the source URLs). The folder appears only complete: it is assembled aside and renamed in.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from kamerspoor.fetch.http import Client, FetchError, NotFound, OfflineError, write_atomic, write_json_atomic
from kamerspoor.model import InputError, Kind
from kamerspoor.rules import kinds

_KST_ID = re.compile(r"^kst-(\d+(?:-[0-9A-Za-z]+)*)-([0-9A-Za-z]+)$")


def split_kst_id(kst_id: str) -> tuple[str, str]:
    """``kst-36800-XIV-80`` -> (``36800-XIV``, ``80``); InputError when it is not a Kamerstuk id."""
    m = _KST_ID.match(kst_id.strip())
    if not m:
        raise InputError(None, f"{kst_id!r} is not a Kamerstuk id (expected e.g. kst-35207-32 or kst-36800-XIV-80)")
    return m.group(1), m.group(2)


def kst_urls(oep_url: str, kst_id: str, version: int = 1) -> dict[str, str]:
    """The repository URLs of a Kamerstuk's XML, metadata.xml and PDF."""
    dossier, _ = split_kst_id(kst_id)
    base = f"{oep_url.rstrip('/')}/kst/{dossier}/{kst_id}/{version}"
    return {"xml": f"{base}/xml/{kst_id}.xml", "metadata": f"{base}/metadata/metadata.xml",
            "pdf": f"{base}/pdf/{kst_id}.pdf"}


def dossier_query(dossier: str) -> str:
    """The CQL that finds every Kamerstuk of a dossier."""
    dossier = dossier.strip().replace(" ", "")
    if not re.fullmatch(r"\d+(?:-[0-9A-Za-z]+)*", dossier):
        raise InputError(None, f"{dossier!r} is not a dossier number (expected e.g. 35207 or 36800-XIV)")
    value = dossier if dossier.isdigit() else f'"{dossier}"'
    return f"c.product-area==officielepublicaties AND w.dossiernummer=={value} AND w.publicatienaam=Kamerstuk"


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _first_text(el, name: str) -> str | None:
    for sub in el.iter():
        if _local(sub) == name and sub.text and sub.text.strip():
            return sub.text.strip()
    return None


def is_kamerstuk_id(ident: str | None) -> bool:
    """``kst-35207-32`` is a Kamerstuk; ``blg-1007826`` (an attachment), ``ah-tk-20202021-3235`` (Aanhangsel
    Handelingen), ``h-tk-…`` and the like are not."""
    return bool(ident and _KST_ID.match(ident.strip()))


@dataclass
class SruRecord:
    id: str  # dcterms:identifier; "" when the record names none
    dossier: str | None = None
    number: str | None = None
    type: str | None = None  # OVERHEIDop.KamerstukTypen: Motie, Brief, ...
    title: str | None = None
    session_year: str | None = None
    date: str | None = None
    urls: dict[str, str] = field(default_factory=dict)  # manifestation -> URL
    preferred_url: str | None = None

    @property
    def is_kamerstuk(self) -> bool:
        return is_kamerstuk_id(self.id)

    @property
    def collection(self) -> str:
        """What kind of publication the record is, from its id: "kst", "blg", "ah", "h", ... ("?" for none)."""
        return self.id.split("-", 1)[0].lower() if self.id else "?"


@dataclass
class SruPage:
    records: list[SruRecord]
    total: int
    next_position: int | None  # nextRecordPosition as the answer states it


def parse_sru(root: etree._Element, url: str = "<sru>") -> SruPage:
    """Read one SRU 2.0 searchRetrieveResponse (raises FetchError on SRU diagnostics or a foreign document).

    Every record is kept, Kamerstuk or not (``SruRecord.is_kamerstuk`` tells them apart)."""
    if _local(root) != "searchRetrieveResponse":
        raise FetchError(url, f"expected an SRU searchRetrieveResponse, got <{_local(root) or root.tag}>")
    _raise_diagnostic(root, url)
    total_text = next((el.text for el in root if _local(el) == "numberOfRecords"), None)
    try:
        total = int(total_text) if total_text is not None else 0
    except ValueError:
        raise FetchError(url, f"SRU numberOfRecords is not a number: {total_text!r}") from None
    nxt = next((el.text for el in root if _local(el) == "nextRecordPosition"), None)
    records = [_sru_record(rec) for rec in root.iter() if _local(rec) == "recordData"]
    next_position = int(nxt) if nxt and nxt.strip().isdigit() else None
    return SruPage(records=records, total=total, next_position=next_position)


def _raise_diagnostic(root: etree._Element, url: str) -> None:
    """FetchError for the first SRU diagnostic in the answer."""
    for el in root.iter():
        if _local(el) == "diagnostic":
            msg = _first_text(el, "message") or "unknown"
            detail = _first_text(el, "details")
            raise FetchError(url, f"SRU error: {msg}" + (f" ({detail})" if detail else ""))


def _sru_record(rec: etree._Element) -> SruRecord:
    """One ``recordData`` element: the fields kamerspoor uses and every manifestation's URL."""
    r = SruRecord(id=_first_text(rec, "identifier") or "", dossier=_first_text(rec, "dossiernummer"),
                  number=_first_text(rec, "ondernummer"), type=_first_text(rec, "subrubriek"),
                  title=_first_text(rec, "title"), session_year=_first_text(rec, "vergaderjaar"),
                  date=_first_text(rec, "date"), preferred_url=_first_text(rec, "preferredUrl"))
    for el in rec.iter():
        if _local(el) == "itemUrl" and el.text:
            r.urls[el.get("manifestation", "").lower() or "other"] = el.text.strip()
    return r


def next_start(position: int, page: SruPage) -> int | None:
    """Where the page after the one asked at ``position`` starts, or None when this was the last page:
    ``nextRecordPosition`` where given, else ``position`` + the records received while that is within
    ``numberOfRecords``. Never a position at or before this one."""
    if not page.records:
        return None
    nxt = page.next_position
    if nxt is None:
        nxt = position + len(page.records)
        if nxt > page.total:
            return None
    return nxt if nxt > position else None


def search(client: Client, cql: str, *, start: int = 1, refresh: bool = False) -> Iterator[tuple[int, SruPage]]:
    """Yield (startRecord, page) for every page of an SRU search, from ``start`` on.

    A page none of whose records is new (the service answered an earlier page again) ends the search."""
    position: int | None = start
    size = client.settings.sru_page_size
    seen: set[str] = set()
    while position is not None:
        params = {"query": cql, "x-connection": "officielepublicaties", "startRecord": str(position),
                  "maximumRecords": str(size)}
        got = client.get(client.settings.sru_url, params, kind="xml", refresh=refresh,
                         max_age=client.settings.list_max_age)
        page = parse_sru(got.parsed, got.url)
        ids = {r.id or f"#{position}:{i}" for i, r in enumerate(page.records)}
        if page.records and ids <= seen:
            return
        seen |= ids
        yield position, page
        position = next_start(position, page)


# -- metadata.xml ---------------------------------------------------------------------------------------
_FIELD_ELEMENTS = frozenset({"meta", "metadata"})


def meta_values(root: etree._Element) -> dict[str, list[str]]:
    """All name/content pairs of a metadata.xml: ``<metadata name content>`` (the repository's
    ``<metadata_gegevens>``) or ``<meta name content>`` (a publication's inline metadata). ``DC.type`` is
    kept per scheme as ``DC.type:<scheme>`` (``DC.type:OVERHEIDop.KamerstukTypen`` -> "Motie")."""
    out: dict[str, list[str]] = {}
    for el in root.iter():
        if _local(el) in _FIELD_ELEMENTS and el.get("name"):
            key = el.get("name")
            if key == "DC.type" and el.get("scheme"):
                key = f"DC.type:{el.get('scheme')}"
            content = (el.get("content") or "").strip()
            if content:
                out.setdefault(key, []).append(content)
    return out


def parse_metadata(root: etree._Element) -> dict:
    """metadata.xml -> the record's ``document`` fields (id, dossier, number, session_year, kind, title,
    date, submitters) plus ``type`` (the KamerstukTypen value), ``recipients``, ``issued``, ``dossier_title``."""
    m = meta_values(root)

    def one(name: str) -> str | None:
        v = m.get(name)
        return v[0] if v else None

    typ = one("DC.type:OVERHEIDop.KamerstukTypen")
    number = one("OVERHEIDop.ondernummer")
    doc: dict = {
        "id": one("DC.identifier"),
        "dossier": one("OVERHEIDop.dossiernummer"),
        "number": int(number) if number and number.isdigit() else number,
        "session_year": (one("OVERHEIDop.vergaderjaar") or "").replace("–", "-") or None,
        "kind": str(kamerstuk_kind(typ)) if typ else None,
        "type": typ,
        "title": one("OVERHEIDop.documenttitel") or one("DC.title"),
        # a letter's own date (datumBrief) before the day of publication (a motion: the day it was proposed)
        "date": one("OVERHEIDop.datumBrief") or one("DCTERMS.issued"),
        "submitters": m.get("OVERHEIDop.indiener", []),
        "recipients": m.get("OVERHEIDop.ontvanger", []),
        "issued": one("DCTERMS.issued"),
        "dossier_title": one("OVERHEIDop.dossiertitel"),
    }
    return {k: v for k, v in doc.items() if v not in (None, [], "")}


def kamerstuk_kind(typ: str) -> Kind:
    """DC.type in the scheme OVERHEIDop.KamerstukTypen -> the record's document.kind (rules/kinds.yaml)."""
    return kinds.from_type(typ)


# -- documents ------------------------------------------------------------------------------------------
@dataclass
class FetchedDocument:
    id: str
    folder: Path
    file: Path  # the XML, or the PDF when no XML is published
    metadata: Path | None
    skipped: bool = False  # already complete in the output folder

    def to_dict(self) -> dict:
        return {"id": self.id, "folder": str(self.folder), "file": str(self.file),
                "metadata": str(self.metadata) if self.metadata else None, "skipped": self.skipped}


def document_folder(out_dir: Path, kst_id: str) -> Path:
    return Path(out_dir) / "kst" / kst_id


def _existing(out_dir: Path, kst_id: str) -> FetchedDocument | None:
    folder = document_folder(out_dir, kst_id)
    if not (folder / "document.json").is_file():
        return None
    for ext in ("xml", "pdf"):
        f = folder / f"{kst_id}.{ext}"
        if f.is_file():
            meta = folder / "metadata.xml"
            return FetchedDocument(kst_id, folder, f, meta if meta.is_file() else None, skipped=True)
    return None


def _install(folder: Path, files: dict[str, bytes]) -> None:
    """Put ``files`` into ``folder`` as a whole: written aside, then renamed in place of any old folder."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    old = folder.with_name(f".{folder.name}.{os.getpid()}.old")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        for name, data in files.items():
            write_atomic(tmp / name, data)
        if folder.exists():
            os.replace(folder, old)
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def fetch_document(client: Client, out_dir: Path, kst_id: str, urls: dict[str, str] | None = None, *,
                   refresh: bool = False, extra: dict | None = None) -> FetchedDocument:
    """Download one Kamerstuk (XML, else PDF; plus metadata.xml) into ``<out>/kst/<kst-id>/``.

    ``urls`` are the record's itemUrls from an SRU search; without them the repository URLs are built
    from the id. Raises NotFound when neither XML nor PDF exists, FetchError on any other failure; in
    both cases nothing is written.
    """
    split_kst_id(kst_id)
    if not refresh:
        done = _existing(out_dir, kst_id)
        if done is not None:
            return done
    built = kst_urls(client.settings.oep_url, kst_id)
    urls = {**built, **{k: v for k, v in (urls or {}).items() if k in built}}
    files: dict[str, bytes] = {}
    sources: dict[str, str] = {}
    meta: dict = {}
    try:
        got = client.get(urls["metadata"], kind="xml", refresh=refresh)
    except NotFound:
        got = None
    if got is not None:
        if not meta_values(got.parsed):
            raise FetchError(got.url, "metadata.xml has no fields (no <metadata name content> or <meta name content>)")
        files["metadata.xml"] = got.body
        sources["metadata"] = got.url
        meta = parse_metadata(got.parsed)
    try:
        got = client.get(urls["xml"], kind="xml", refresh=refresh)
        if _local(got.parsed) != "officiele-publicatie":
            raise FetchError(got.url, f"expected an officiele-publicatie XML, got <{_local(got.parsed)}>")
        if not meta:
            meta = parse_metadata(got.parsed)
        name = f"{kst_id}.xml"
        sources["xml"] = got.url
    except NotFound:
        try:
            got = client.get(urls["pdf"], kind="pdf", refresh=refresh)
        except NotFound:
            raise NotFound(urls["xml"], f"{kst_id} has neither XML nor PDF at the repository") from None
        name = f"{kst_id}.pdf"
        sources["pdf"] = got.url
    files[name] = got.body
    record = {"id": kst_id, **{k: v for k, v in meta.items() if k != "id"}, "sources": sources,
              "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"), **(extra or {})}
    if meta.get("id") and meta["id"] != kst_id:
        raise FetchError(sources.get("metadata") or sources.get("xml", ""),
                         f"metadata names {meta['id']!r}, expected {kst_id!r}")
    folder = document_folder(out_dir, kst_id)
    files["document.json"] = (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    _install(folder, files)
    has_meta = "metadata.xml" in files
    return FetchedDocument(kst_id, folder, folder / name, folder / "metadata.xml" if has_meta else None)


# -- resume state ---------------------------------------------------------------------------------------
def _state_path(client: Client, name: str) -> Path:
    return client.settings.cache_dir / "state" / f"{name}.json"


def read_state(client: Client, name: str) -> dict:
    p = _state_path(client, name)
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_state(client: Client, name: str, state: dict) -> None:
    write_json_atomic(_state_path(client, name), state)


@dataclass
class DossierResult:
    dossier: str
    total: int = 0
    documents: list[FetchedDocument] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (kst id, message)
    skipped: dict[str, int] = field(default_factory=dict)  # records that are no Kamerstuk, per collection
    resumed_from: int = 1

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


def fetch_dossier(client: Client, out_dir: Path, dossier: str, *, refresh: bool = False,
                  on_document: Callable[[FetchedDocument], None] | None = None,
                  on_failure: Callable[[str, FetchError], None] | None = None) -> DossierResult:
    """Every Kamerstuk of a dossier: SRU search page by page, then each document's files.

    Records that are no Kamerstuk (attachments, Handelingen) are counted in ``skipped`` and left alone.
    Progress is kept in ``<cache>/state/sru-<dossier>.json``: the startRecord of the first page not yet
    completed (a page is complete when all its documents are stored). An interrupted run resumes there;
    a finished one starts again at 1 (the search pages are asked again once older than
    ``Settings.list_max_age``, the documents already stored are not). A document that fails is reported and
    keeps its page open, so the next run tries it again.
    """
    cql = dossier_query(dossier)
    name = "sru-" + re.sub(r"[^0-9A-Za-z-]", "_", dossier)
    state = read_state(client, name)
    start = 1
    if state.get("query") == cql and not state.get("complete") and not refresh:
        start = int(state.get("next", 1))
    result = DossierResult(dossier=dossier, resumed_from=start)
    for position, page in search(client, cql, start=start, refresh=refresh):
        result.total = page.total
        if not _fetch_page(client, out_dir, page, result, refresh, on_document, on_failure, (name, cql, position)):
            write_state(client, name, {"query": cql, "next": position, "complete": False})
            return result
        nxt = next_start(position, page)
        write_state(client, name, {"query": cql, "next": nxt or position, "complete": nxt is None})
    write_state(client, name, {"query": cql, "next": 1, "complete": True})
    return result


def _fetch_page(client: Client, out_dir: Path, page: SruPage, result: DossierResult, refresh: bool,
                on_document: Callable[[FetchedDocument], None] | None,
                on_failure: Callable[[str, FetchError], None] | None, where: tuple[str, str, int]) -> bool:
    """The Kamerstukken of one search page into ``out_dir``; False when one of them failed."""
    complete = True
    for rec in page.records:
        if not rec.is_kamerstuk:
            result.skipped[rec.collection] = result.skipped.get(rec.collection, 0) + 1
            continue
        try:
            doc = fetch_document(client, out_dir, rec.id, rec.urls, refresh=refresh)
        except OfflineError:
            name, cql, position = where
            write_state(client, name, {"query": cql, "next": position, "complete": False})
            raise
        except FetchError as e:
            complete = False
            result.failures.append((rec.id, str(e)))
            if on_failure:
                on_failure(rec.id, e)
            continue
        result.documents.append(doc)
        if on_document:
            on_document(doc)
    return complete


def fetched_documents(out_dir: Path) -> list[Path]:
    """The document files (XML, else PDF) of every Kamerstuk in an output folder, for ``ingest``."""
    out = []
    for folder in sorted((Path(out_dir) / "kst").glob("kst-*")):
        if folder.name.startswith(".") or not (folder / "document.json").is_file():
            continue
        for ext in ("xml", "pdf"):
            f = folder / f"{folder.name}.{ext}"
            if f.is_file():
                out.append(f)
                break
    return out
