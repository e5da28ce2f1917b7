"""Recordings for the replay server: the hand-written fictional ones, and ones built from ../shared.

Paths follow the official hosts' layout under the replay server's base URL:
``/sru`` (SRU), ``/frbr/officielepublicaties/kst/...`` (repository files), ``/OData/v4/2.0/<Entity>``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from replay import ReplayServer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "fetch"
SRU = "/sru"
ODATA = "/OData/v4/2.0"
REPO = "/frbr/officielepublicaties"
FICTIONAL_DOSSIER = "99990"
FICTIONAL_SINCE = "2024-01-01"


def settings_for(server: ReplayServer, cache: Path, **over):
    """Fetch settings pointing every base URL at the replay server, with short timeouts for tests."""
    from kamerspoor.fetch import Settings

    values = dict(sru_url=server.base_url + SRU, oep_url=server.base_url + REPO,
                  tk_odata_url=server.base_url + ODATA, cache_dir=cache, timeout=0.5, retries=2,
                  backoff=0.01, max_wait=0.05, interval=0.0, sru_page_size=2)
    values.update(over)
    return Settings(**values)


def sru_params(cql: str, start: int, size: int = 2) -> dict:
    return {"query": cql, "x-connection": "officielepublicaties", "startRecord": str(start),
            "maximumRecords": str(size)}


def kst_paths(kst_id: str) -> dict[str, str]:
    dossier = kst_id[4:].rsplit("-", 1)[0]
    base = f"{REPO}/kst/{dossier}/{kst_id}/1"
    return {"xml": f"{base}/xml/{kst_id}.xml", "metadata": f"{base}/metadata/metadata.xml",
            "pdf": f"{base}/pdf/{kst_id}.pdf"}


def odata_params(entity_filter: str | None, since: str, expand: str | None) -> dict:
    cond = f"ApiGewijzigdOp ge {since}T00:00:00Z"
    params = {"$filter": f"{entity_filter} and {cond}" if entity_filter else cond}
    if expand:
        params["$expand"] = expand
    return params


def add_fictional(server: ReplayServer) -> None:
    """The hand-written recordings: dossier 99990 (SRU in three pages with an attachment and an Aanhangsel
    among the Kamerstukken, XML, metadata.xml in the repository's shape, a PDF-only document),
    motions as OData Zaak pages (one deleted Zaak, one deleted child Document) and the register of
    toezeggingen."""
    from kamerspoor.fetch.oep import dossier_query
    from kamerspoor.fetch.tkodata import ENTITIES

    cql = dossier_query(FICTIONAL_DOSSIER)
    server.add(SRU, (FIXTURES / "sru_99990_page1.xml").read_bytes(), sru_params(cql, 1))
    server.add(SRU, (FIXTURES / "sru_99990_page2.xml").read_bytes(), sru_params(cql, 3))
    server.add(SRU, (FIXTURES / "sru_99990_page3.xml").read_bytes(), sru_params(cql, 5))
    for n in (1, 2):
        p = kst_paths(f"kst-99990-{n}")
        server.add(p["xml"], (FIXTURES / f"kst-99990-{n}.xml").read_bytes())
    for n in (1, 2, 3):
        server.add(kst_paths(f"kst-99990-{n}")["metadata"], (FIXTURES / f"metadata-kst-99990-{n}.xml").read_bytes())
    server.add(kst_paths("kst-99990-3")["pdf"], (FIXTURES / "kst-99990-3.pdf").read_bytes())
    z = ENTITIES["Zaak"]
    server.add(f"{ODATA}/Zaak", (FIXTURES / "odata_zaak_page1.json").read_bytes(),
               odata_params(z.filter, FICTIONAL_SINCE, z.expand))
    page1 = json.loads((FIXTURES / "odata_zaak_page1.json").read_text(encoding="utf-8"))
    server.add(page1["@odata.nextLink"].replace("{{BASE}}", ""), (FIXTURES / "odata_zaak_page2.json").read_bytes())
    t = ENTITIES["Toezegging"]
    server.add(f"{ODATA}/Toezegging", (FIXTURES / "odata_toezegging.json").read_bytes(),
               odata_params(t.filter, FICTIONAL_SINCE, t.expand))


_IDENT = re.compile(rb'name="DC\.identifier"[^>]*content="(kst-[^"]+)"')


def real_publications(corpus: Path, n: int) -> dict[str, Path]:
    """The first ``n`` real kst XML files of ../shared (sorted by name), by their DC.identifier."""
    out: dict[str, Path] = {}
    for f in sorted((corpus / "publications").glob("*.xml")):
        m = _IDENT.search(f.read_bytes()[:4096])
        if m:
            out[m.group(1).decode()] = f
        if len(out) >= n:
            break
    return out


def metadata_from_xml(xml: bytes) -> bytes:
    """A metadata.xml in the repository's shape (``<metadata_gegevens>``, one ``<metadata name scheme content/>``
    per field) built from a real kst XML's inline ``<metadata><meta .../>`` (the same fields)."""
    from lxml import etree

    root = etree.fromstring(xml)
    meta = root.find("metadata")
    assert meta is not None
    out = etree.Element("metadata_gegevens")
    for m in meta.iter("meta"):
        etree.SubElement(out, "metadata", name=m.get("name", ""), scheme=m.get("scheme", ""),
                         content=m.get("content", ""))
    return etree.tostring(out, xml_declaration=True, encoding="UTF-8")


def add_real_documents(server: ReplayServer, pubs: dict[str, Path]) -> None:
    for kst, f in pubs.items():
        body = f.read_bytes()
        p = kst_paths(kst)
        server.add(p["xml"], body)
        server.add(p["metadata"], metadata_from_xml(body))


def add_real_zaken(server: ReplayServer, zaak_files: list[Path], since: str, page_size: int) -> list[dict]:
    """Real OData Zaak JSON served as ``Zaak`` collection pages of ``page_size`` linked by nextLink."""
    from kamerspoor.fetch.tkodata import ENTITIES

    z = ENTITIES["Zaak"]
    zaken = [json.loads(f.read_text(encoding="utf-8")) for f in zaak_files]
    pages = [zaken[i:i + page_size] for i in range(0, len(zaken), page_size)]
    first = odata_params(z.filter, since, z.expand)
    for i, page in enumerate(pages):
        body: dict = {"@odata.context": "{{BASE}}/OData/v4/2.0/$metadata#Zaak", "value": page}
        if i + 1 < len(pages):
            body["@odata.nextLink"] = "{{BASE}}" + f"{ODATA}/Zaak?$skiptoken={i + 1}"
        if i == 0:
            server.add(f"{ODATA}/Zaak", body, first)
        else:
            server.add(f"{ODATA}/Zaak", body, {"$skiptoken": str(i)})
    return zaken


# -- KOOP's own recordings (../shared/corpus/koop-recorded) ---------------------------------------------------
KOOP_HOST = "/repository.overheid.nl"  # the recordings write http://__MOCK_SERVICE__/repository.overheid.nl/...
KOOP_MOCK = b"http://__MOCK_SERVICE__"


def koop_settings(server: ReplayServer, cache: Path, **over):
    """Settings for the replay of KOOP's recordings: the repository's SRU and files under one host."""
    return settings_for(server, cache, sru_url=server.base_url + KOOP_HOST + "/sru",
                        oep_url=server.base_url + KOOP_HOST + REPO, **over)


def koop_env(server: ReplayServer, cache: Path) -> dict[str, str]:
    """The environment that points ``kamerspoor fetch`` at the replay of KOOP's recordings."""
    return {"KAMERSPOOR_SRU_URL": server.base_url + KOOP_HOST + "/sru",
            "KAMERSPOOR_OEP_URL": server.base_url + KOOP_HOST + REPO, "KAMERSPOOR_CACHE": str(cache),
            "KAMERSPOOR_HTTP_TIMEOUT": "2", "KAMERSPOOR_HTTP_RETRIES": "1", "KAMERSPOOR_HTTP_BACKOFF": "0.01",
            "KAMERSPOOR_HTTP_INTERVAL": "0", "KAMERSPOOR_SRU_PAGE_SIZE": "10"}


def add_koop_recorded(server: ReplayServer, koop: Path, page_size: int = 10) -> None:
    """Serve KOOP's recorded answers as they are (files read in place, never copied): the SRU answer to the
    dossier query for 32545, and kst-32545-143's metadata.xml and XML at their repository paths. The
    recorded host prefix is replaced by this server's address while serving."""
    from kamerspoor.fetch.oep import dossier_query

    server.rewrite(KOOP_MOCK, "{{BASE}}")
    server.add_file(KOOP_HOST + "/sru", koop / "sru-dossier-32545.xml", sru_params(dossier_query("32545"), 1, page_size))
    base = f"{KOOP_HOST}{REPO}/kst/32545/kst-32545-143/1"
    server.add_file(f"{base}/metadata/metadata.xml", koop / "kst-32545-143.metadata.xml")
    server.add_file(f"{base}/xml/kst-32545-143.xml", koop / "kst-32545-143.xml")
