"""Watches: follow a motion, a dossier, a theme, a party or a search; `watch run` reports what is new since the last
run, once, mails it through a real SMTP server (aiosmtpd on loopback) and writes Atom feeds that parse. On SQLite
and (with KAMERSPOOR_TEST_PG_URL) PostgreSQL, through the store, the CLI, the JSON API and the pages.

The example store: dossier 99 902 with motions 8, 9, 11 (replacing 9) and 12, Zaken and votes; the letter
kst-99902-20 that answers 8, 11 and 12 arrives after the watches are made."""

from __future__ import annotations

import json
import socket
import xml.etree.ElementTree as ET
from email import message_from_bytes
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from kamerspoor import watches
from kamerspoor.cli import main
from kamerspoor.feeds import subject_feed, watch_feed
from kamerspoor.ingest import ingest, put_record
from kamerspoor.mail import SmtpSettings, sender_for
from kamerspoor.model import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "store"
ATOM = "{http://www.w3.org/2005/Atom}"
BEFORE = ("kst-99902-8", "kst-99902-9", "kst-99902-11", "kst-99902-12")


def record(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def full(store):
    """The motions, their Zaken and votes; not yet the letter that answers them."""
    for name in BEFORE:
        put_record(store, record(name))
    ingest(store, [FIXTURES / "zaak-99902-8.json", FIXTURES / "zaak-99902-11.json",
                   FIXTURES / "motion_votes_summary.json"], jobs=1)
    return store


class Mailbox:
    """A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list = []
        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
                outer.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=_free_port())
        self.controller.start()
        self.settings = SmtpSettings(host="127.0.0.1", port=self.controller.port, sender="kamerspoor@example.org",
                                     security="none", timeout=10)

    def stop(self) -> None:
        self.controller.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def mailbox():
    box = Mailbox()
    yield box
    box.stop()


def atom_entries(xml: bytes) -> list[dict[str, str]]:
    """The entries of an Atom feed, after checking what RFC 4287 requires of the feed and of each entry."""
    root = ET.fromstring(xml)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None and root.find(f"{ATOM}{name}").text
    out = []
    for e in root.findall(f"{ATOM}entry"):
        fields = {name: (e.find(f"{ATOM}{name}").text or "") for name in ("id", "title", "updated")}
        fields["link"] = e.find(f"{ATOM}link").get("href")
        out.append(fields)
    assert len({e["id"] for e in out}) == len(out)  # every entry once
    return out


# -- the store and the run ------------------------------------------------------------------------------------

def test_a_new_watch_sees_what_is_there_as_its_baseline_and_reports_only_what_arrives(full) -> None:
    motion, _ = watches.add(full, "motion", "99902-8")
    dossier, _ = watches.add(full, "dossier", "99 902")
    search, _ = watches.add(full, "search", "mensenrechtenverdedigers")
    assert (motion["target"], dossier["target"]) == ("kst-99902-8", "99902")
    assert {w["id"]: w["items"] for w in full.watches()} == {motion["id"]: 2, dossier["id"]: 4, search["id"]: 1}
    assert all(not r.new for r in watches.run(full))  # nothing arrived
    put_record(full, record("kst-99902-20"))
    new = {r.watch["id"]: [i["item"] for i in r.new] for r in watches.run(full)}
    assert new == {motion["id"]: ["answer:kst-99902-20"], dossier["id"]: ["doc:kst-99902-20"],
                   search["id"]: ["doc:kst-99902-20"]}
    assert all(not r.new for r in watches.run(full))  # a re-run finds nothing twice


def test_a_theme_watch_follows_a_theme_or_an_instrument(full) -> None:
    fund = "human_rights_fund"  # an instrument of the taxonomy
    assert watches.normalise("theme", fund) == fund
    assert watches.items(full, "theme", "human_rights_defenders") == watches.items(full, "theme", fund) == []
    letter = record("kst-99902-20")  # a letter on defenders that proposes a fund
    letter["instruments"] = [{"id": fund, "paragraphs": [1]}]
    put_record(full, letter)
    assert [i["item"] for i in watches.items(full, "theme", "human_rights_defenders")] == ["doc:kst-99902-20"]
    assert [i["item"] for i in watches.items(full, "theme", fund)] == ["doc:kst-99902-20"]


def test_adding_the_same_watch_again_changes_nothing_and_removing_forgets_it(full) -> None:
    w, created = watches.add(full, "party", "Partij voor de Toekomst")
    again, created_again = watches.add(full, "party", " Partij  voor de Toekomst ")
    assert created and not created_again and again["id"] == w["id"] and len(full.watches()) == 1
    assert full.remove_watch(w["id"]) and full.watches() == [] and not full.remove_watch(w["id"])
    assert full.watch_items(w["id"]) == []


def test_what_cannot_be_followed_is_refused_with_the_reason() -> None:
    for kind, target, problem in (("motion", "hello", "expected a motion"), ("dossier", "abc", "Kamerstukdossier"),
                                  ("theme", "weather", "not in the taxonomy"), ("colour", "red", "kind 'colour'"),
                                  ("search", '"open', "quote"), ("search", "", "1 to 500")):
        with pytest.raises(InputError, match=problem):
            watches.normalise(kind, target)
    with pytest.raises(InputError, match="e-mail"):
        watches.check_email("not an address")
    assert watches.check_email(" a@example.org ") == "a@example.org"


def test_news_is_mailed_once_through_smtp(full, mailbox) -> None:
    w, _ = watches.add(full, "motion", "99902-8", "lezer@example.org")
    put_record(full, record("kst-99902-20"))
    results = watches.run(full, send=sender_for(mailbox.settings), base_url="https://kamerspoor.example")
    assert results[0].mailed == 1 and results[0].mail_error is None
    (to, msg), = mailbox.messages
    assert to == ["lezer@example.org"] and "motie 99902-8" in msg["Subject"]
    body = msg.get_payload(decode=True).decode()
    assert "https://kamerspoor.example/document/kst-99902-20" in body and "uitgevoerd" in body
    assert "vote:" not in body  # the vote was there when the watch was made: never news
    watches.run(full, send=sender_for(mailbox.settings))
    assert len(mailbox.messages) == 1  # nothing twice
    assert [i["mailed_at"] is not None for i in full.watch_items(w["id"]) if not i["baseline"]] == [True]


def test_news_that_could_not_be_mailed_goes_out_with_the_next_run(full, mailbox) -> None:
    watches.add(full, "dossier", "99902", "lezer@example.org")
    put_record(full, record("kst-99902-20"))
    nobody = SmtpSettings(host="127.0.0.1", port=_free_port(), sender="k@example.org", security="none", timeout=5)
    failed = watches.run(full, send=sender_for(nobody))
    assert failed[0].mail_error and failed[0].mailed == 0 and [i["item"] for i in failed[0].new] == \
        ["doc:kst-99902-20"]
    retried = watches.run(full, send=sender_for(mailbox.settings))
    assert retried[0].new == [] and retried[0].mailed == 1 and len(mailbox.messages) == 1
    assert "kst-99902-20" in mailbox.messages[0][1].get_payload(decode=True).decode()


def test_smtp_settings_name_the_port_they_use_and_never_show_the_password(monkeypatch) -> None:
    for name in ("HOST", "PORT", "USER", "PASSWORD", "FROM", "SECURITY"):
        monkeypatch.delenv("KAMERSPOOR_SMTP_" + name, raising=False)
    monkeypatch.setenv("KAMERSPOOR_SMTP_PASSWORD", "geheim-wachtwoord")
    assert SmtpSettings.from_env() is None  # no host: no mail
    assert [SmtpSettings.from_env(host="mail.example.org", security=s).port for s in ("starttls", "ssl", "none")] == \
        [587, 465, 25]
    given = SmtpSettings.from_env(host="mail.example.org", port=2525, user="k")
    assert given is not None and given.port == 2525 and given.password == "geheim-wachtwoord"
    assert "geheim-wachtwoord" not in repr(given)
    with pytest.raises(ValueError, match="security"):
        SmtpSettings.from_env(host="mail.example.org", security="tls1")


def test_items_claimed_by_one_run_are_not_taken_by_another(full) -> None:
    w, _ = watches.add(full, "dossier", "99902", "lezer@example.org")
    put_record(full, record("kst-99902-20"))
    watches.run(full)  # found, not mailed (no SMTP)
    first = full.claim_unmailed(w["id"], "claim:a")
    assert [i["item"] for i in first] == ["doc:kst-99902-20"] and full.claim_unmailed(w["id"], "claim:b") == []
    full.unclaim(w["id"], "claim:a")
    assert len(full.claim_unmailed(w["id"], "claim:b")) == 1


def test_feeds_parse_as_atom_and_gain_an_entry_when_a_letter_arrives(full, tmp_path) -> None:
    w, _ = watches.add(full, "dossier", "99902")
    before = atom_entries(watch_feed(full, full.watch(w["id"]), "https://kamerspoor.example"))
    assert len(before) == 4
    put_record(full, record("kst-99902-20"))
    watches.run(full, feed_dir=tmp_path, base_url="https://kamerspoor.example")
    after = atom_entries((tmp_path / f"watch-{w['id']}.atom").read_bytes())
    assert len(after) == 5 and after[0]["link"] == "https://kamerspoor.example/document/kst-99902-20"
    assert {e["id"] for e in before} <= {e["id"] for e in after}  # the same ids from one reading to the next
    motion = atom_entries(subject_feed(full, "motion", "kst-99902-8", "http://x"))
    assert motion[0]["title"].startswith("Antwoord op motie 99902-8 (uitgevoerd)")
    assert any(e["title"].startswith("Stemming over motie 99902-8: aangenomen") for e in motion)


# -- the command line ---------------------------------------------------------------------------------------------

def test_the_watch_commands_add_list_run_and_remove(example_db_copy, mailbox, tmp_path, monkeypatch) -> None:
    run = CliRunner().invoke
    db = ["--db", example_db_copy]
    out = run(main, ["watch", "add", "search", "kustversterking", *db, "--email", "a@example.org", "--format", "json"])
    assert out.exit_code == 0, out.output
    wid = json.loads(out.stdout)["id"]
    assert run(main, ["watch", "add", "theme", "weather", *db]).exit_code == 2
    listed = json.loads(run(main, ["watch", "list", *db, "--format", "json"]).stdout)
    assert [(w["id"], w["kind"], w["label"]) for w in listed] == [(wid, "search", "zoekopdracht “kustversterking”")]
    monkeypatch.setenv("KAMERSPOOR_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("KAMERSPOOR_SMTP_SECURITY", "none")
    smtp = ["--smtp-port", str(mailbox.settings.port)]
    out = run(main, ["watch", "run", *db, *smtp, "--feeds", str(tmp_path), "--format", "json"])
    assert out.exit_code == 0 and json.loads(out.stdout)[0]["new"] == [] and mailbox.messages == []
    assert (tmp_path / f"watch-{wid}.atom").is_file()
    assert run(main, ["watch", "run", "999", *db]).exit_code == 2
    assert run(main, ["watch", "remove", str(wid), *db]).exit_code == 0
    assert run(main, ["watch", "remove", str(wid), *db]).exit_code == 1


def test_watch_run_mails_what_an_ingest_brought(example_db_copy, mailbox, tmp_path) -> None:
    from kamerspoor.store import open_store

    rec = record("kst-99902-20")
    rec["document"].update(id="kst-99902-21", number=21, date="2025-09-01")
    run = CliRunner().invoke
    db = ["--db", example_db_copy]
    assert run(main, ["watch", "add", "motion", "99902-8", *db, "--email", "b@example.org"]).exit_code == 0
    with open_store(example_db_copy) as s:
        put_record(s, rec)
    smtp = ["--smtp-host", "127.0.0.1", "--smtp-port", str(mailbox.settings.port), "--smtp-security", "none"]
    out = run(main, ["watch", "run", *db, *smtp])
    assert out.exit_code == 0 and "kst-99902-21" in out.stdout and "1 mailed to b@example.org" in out.stderr
    out = run(main, ["watch", "run", *db, *smtp])
    assert out.exit_code == 0 and "kst-99902-21" not in out.stdout and len(mailbox.messages) == 1


# -- the API and the pages ---------------------------------------------------------------------------------------

@pytest.fixture
def site(example_db_copy):
    from kamerspoor.web import create_app
    from kamerspoor.web.server import running

    with running(create_app(example_db_copy, token="geheim")) as url, httpx.Client(base_url=url, timeout=30) as c:
        yield c


def test_the_api_adds_lists_and_removes_watches_with_the_token(site) -> None:
    token = {"Authorization": "Bearer geheim"}
    body = {"kind": "dossier", "target": "99902", "email": "lezer@example.org"}
    assert site.post("/api/watches", json=body).status_code == 401
    r = site.post("/api/watches", json=body, headers=token)
    assert r.status_code == 201 and r.json()["email"] == "l…@example.org" and r.json()["items"] == 5
    assert site.post("/api/watches", json=body, headers=token).status_code == 200  # already there
    r = site.post("/api/watches", json={"kind": "theme", "target": "weather"}, headers=token)
    assert r.status_code == 400 and "weather" in r.json()["error"]
    listed = site.get("/api/watches").json()
    assert listed["total"] == 1 and "lezer@" not in json.dumps(listed)
    wid = listed["results"][0]["id"]
    feed = site.get(f"/feeds/watch/{wid}.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml") and len(atom_entries(feed.content)) == 5
    assert site.delete(f"/api/watches/{wid}").status_code == 401
    assert site.delete(f"/api/watches/{wid}", headers=token).status_code == 204
    assert site.delete(f"/api/watches/{wid}", headers=token).status_code == 404
    assert site.get(f"/feeds/watch/{wid}.atom").status_code == 404


def test_pages_link_their_feed_and_the_feeds_parse(site) -> None:
    for page, feed in (("/motie/99902-8", "/feeds/motion/99902-8.atom"),
                       ("/dossier/99902", "/feeds/dossier/99902.atom"),
                       ("/thema/human_rights_defenders", "/feeds/theme/human_rights_defenders.atom"),
                       ("/zoeken?q=fonds", "/feeds/zoeken.atom?q=fonds")):
        html = site.get(page).text
        assert '<link rel="alternate" type="application/atom+xml"' in html and f'href="{feed}"' in html, page
        r = site.get(feed)
        assert r.status_code == 200, feed
        atom_entries(r.content)
    assert len(atom_entries(site.get("/feeds/dossier/99902.atom").content)) == 5
    party = atom_entries(site.get("/feeds/partij.atom", params={"partij": "Partij voor de Toekomst"}).content)
    # the letter gives the party's position, the motions are its members' (the Zaak's indiener, in dossier
    # 99 902 and in the report's examples of dossier 99 940): newest first
    assert [e["link"].rsplit("/", 1)[1] for e in party] == ["kst-99940-7", "kst-99902-20", "kst-99902-8"]
    assert site.get("/feeds/motion/99902-77.atom").status_code == 404
    assert site.get("/feeds/zoeken.atom", params={"q": '"open'}).status_code == 400
