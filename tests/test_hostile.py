"""Hostile inputs and faults to ``kamerspoor analyze`` and ``kamerspoor ingest``, run as the real command.

Each row of issue 17's table that concerns reading, ingest and the store is a test here (the web server's rows
are in test_hostile_web.py, the linearity shapes in the property tests and bench/hostile.py). Every run is a
subprocess with a deadline, so a hang fails the test instead of stopping the suite, and its peak memory is
read from the kernel (``wait4``'s maxrss) and held to the audit's bound: under 4x the input plus 300 MB.
Each checks the answer is one line naming the path, with the right exit code, and that nothing else is lost.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench_shapes import hostile_shapes
from kamerspoor.model import InputError
from kamerspoor.read import MAX_BYTES, read_bytes, read_path
from kamerspoor.read.bounded import file_bytes
from kamerspoor.read.html_page import MAX_DEPTH as HTML_DEPTH
from kamerspoor.read.official_xml import MAX_DEPTH as XML_DEPTH
from kamerspoor.read.pdf import MAX_PDF_PAGES

MB = 1_000_000
#: the audit's bound on peak memory: 4x the input plus 300 MB
BASE_MB = 300

shapes = hostile_shapes()
LETTER = shapes.LETTER
claiming_pdf = shapes.claiming_pdf
records_folder = shapes.records


# -- running the command ------------------------------------------------------------------------------------

@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float  # the child's largest resident set, from the kernel
    fed: int = 0    # bytes written to its standard input


# A process started from pytest inherits pytest's peak memory in its maxrss (Linux keeps the high-water mark
# of the memory it ran in before exec), so the command is started by this small go-between, whose own
# memory is what the command starts from; it writes the command's maxrss (kB) to the file it is given.
_MEASURE = (
    "import os, sys\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execv(sys.argv[2], sys.argv[2:])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status) % 256)\n"
)


def kamerspoor(*args: str, stdin: bytes | None = None, endless: bytes | None = None, stdin_file: Path | None = None,
               timeout: float = 120, prefix: Sequence[str] = (), cwd: Path | None = None) -> Run:
    """Run ``kamerspoor ARGS`` as a process of its own; fail the test if it is not done within ``timeout``.

    ``stdin``: bytes given whole; ``endless``: this chunk written again and again until the command stops
    reading; ``stdin_file``: a file (or device) opened as standard input."""
    import shutil
    import tempfile

    command = [*prefix, sys.executable, "-m", "kamerspoor.cli", *args]
    command[0] = shutil.which(command[0]) or command[0]
    fd, peak_file = tempfile.mkstemp(prefix="kamerspoor-peak-")
    os.close(fd)
    cmd = [sys.executable, "-c", _MEASURE, peak_file, *command]
    source = open(stdin_file, "rb") if stdin_file else None  # noqa: SIM115 (closed below)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=source or subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         cwd=cwd, start_new_session=True)
    fed = [0]
    out: dict[str, bytes] = {}
    threads = [threading.Thread(target=lambda k=k, s=s: out.__setitem__(k, s.read()), daemon=True)
               for k, s in (("out", p.stdout), ("err", p.stderr))]
    if source is None:
        threads.append(threading.Thread(target=_feed, args=(p.stdin, stdin, endless, fed), daemon=True))
    for t in threads:
        t.start()
    try:
        code = _wait(p, timeout, command)
        for t in threads:
            t.join(timeout=10)
        peak = Path(peak_file).read_text() or "0"
    finally:
        if source:
            source.close()
        os.unlink(peak_file)
    return Run(code=code, out=out.get("out", b"").decode("utf-8", "replace"),
               err=out.get("err", b"").decode("utf-8", "replace"), seconds=time.monotonic() - t0,
               peak_mb=int(peak) / 1024, fed=fed[0])


def _feed(pipe, data: bytes | None, endless: bytes | None, fed: list[int]) -> None:
    try:
        if data:
            pipe.write(data)
            fed[0] += len(data)
        while endless:
            pipe.write(endless)
            fed[0] += len(endless)
    except (BrokenPipeError, ValueError, OSError):
        pass
    finally:
        try:
            pipe.close()
        except OSError:
            pass


def _wait(p: subprocess.Popen, timeout: float, cmd: Sequence[str]) -> int:
    """Wait for ``p``; kill it (and the command under it) and fail when it takes too long."""
    try:
        return p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, 9)
        p.wait()
        pytest.fail(f"hung: {' '.join(cmd)} not done after {timeout:.0f} s")


def in_process(*args: str, stdin: bytes | None = None) -> Run:
    """``kamerspoor ARGS`` in this process (click's runner): for inputs that cannot hang or run away, where a
    process of its own would only cost its start-up."""
    from click.testing import CliRunner

    from kamerspoor.cli import main

    t0 = time.monotonic()
    result = CliRunner().invoke(main, list(args), input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(code=result.exit_code, out=result.stdout, err=result.stderr, seconds=time.monotonic() - t0,
               peak_mb=0.0)


def one_line(run: Run, path: str, *words: str) -> str:
    """The run's error: exactly one line on standard error, naming ``path``, with each of ``words``."""
    lines = [ln for ln in run.err.splitlines() if ln.strip()]
    assert len(lines) == 1, run.err
    assert "Traceback" not in run.err
    line = lines[0]
    assert line.startswith(f"kamerspoor: {path}"), line
    for w in words:
        assert w in line, line
    return line


def bounded(run: Run, input_mb: float = 0) -> None:
    assert run.peak_mb < 4 * input_mb + BASE_MB, f"peak {run.peak_mb:.0f} MB for {input_mb:.1f} MB of input"


# -- item 1: every reader reads at most its limit -----------------------------------------------------------

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_an_endless_device_is_refused_unread(tmp_path: Path, device: str):
    link = tmp_path / "brief.txt"
    link.symlink_to(device)
    run = kamerspoor("analyze", str(link), timeout=60)
    assert run.code == 2
    one_line(run, str(link), f"link to {device}", "character device")
    bounded(run)


def test_a_device_given_as_a_file_is_refused():
    run = in_process("analyze", "/dev/null")
    assert run.code == 2
    one_line(run, "/dev/null", "character device")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path):
    fifo = tmp_path / "brief.txt"
    os.mkfifo(fifo)
    run = kamerspoor("analyze", str(fifo), timeout=60)  # nothing ever opens its other end
    assert run.code == 2
    one_line(run, str(fifo), "named pipe (FIFO)")


def test_a_socket_is_refused(tmp_path: Path):
    import socket

    path = tmp_path / "brief.txt"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        run = kamerspoor("analyze", str(path), timeout=60)
    assert run.code == 2
    one_line(run, str(path), "socket")


@pytest.mark.parametrize("command", ["analyze", "map"])
def test_endless_standard_input_is_stopped_at_the_text_limit(command: str):
    chunk = b"De Kamer, gehoord de beraadslaging, verzoekt de regering om een plan.\n" * 1000
    run = kamerspoor(command, "-", endless=chunk, timeout=120)
    assert run.code == 2
    one_line(run, "<stdin>", "input too large", f"{MAX_BYTES // MB} MB")
    # what was taken before it stopped: the limit, a pipe's buffer and a chunk in flight
    assert run.fed < MAX_BYTES + 4 * len(chunk) + (1 << 20), run.fed
    bounded(run, MAX_BYTES / MB)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_device_on_standard_input_is_refused_from_its_first_bytes(device: str):
    run = kamerspoor("analyze", "-", stdin_file=Path(device), timeout=60)
    assert run.code == 2
    one_line(run, "<stdin>", "binary data")
    bounded(run)


def test_standard_input_under_the_limit_is_read_whole():
    run = in_process("analyze", "-", "--format", "json", stdin=LETTER.encode())
    assert run.code == 0, run.err
    assert "één loket" in json.loads(run.out)["text"]


def test_a_file_larger_than_its_stated_size_is_read_only_to_the_limit():
    # /proc files say size 0 and have content: the read stops after limit + 1 bytes all the same
    with pytest.raises(InputError, match=r"larger than its size said \(0 bytes\).*over the limit"):
        file_bytes("/proc/self/maps", "/proc/self/maps", lambda head, name: 64)


def test_a_folder_given_as_a_document_is_refused_in_one_line(tmp_path: Path):
    run = in_process("analyze", str(tmp_path))
    assert run.code == 2
    one_line(run, str(tmp_path), "is a directory")


def test_a_link_to_a_fifo_names_the_link_and_the_fifo(tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "brief.txt"
    link.symlink_to(fifo)
    with pytest.raises(InputError, match=rf"^{link}: is a link to {fifo}, a named pipe \(FIFO\), not a file$"):
        read_path(link)


# -- item 2: encoding ---------------------------------------------------------------------------------------

def test_one_invalid_byte_keeps_the_text_utf8_and_is_a_warning_with_its_offset(tmp_path: Path):
    data = LETTER.encode("utf-8")
    at = data.index(b"loket")
    damaged = data[:at] + b"\xe9" + data[at:]
    path = tmp_path / "brief.txt"
    path.write_bytes(damaged)
    run = in_process("analyze", str(path), "--format", "json")
    assert run.code == 0, run.err
    record = json.loads(run.out)
    assert "één" in record["text"] and "Ã" not in record["text"]
    assert "\ufffdloket" in record["text"]
    bad = [w for w in record["warnings"] if w["kind"] == "invalid_utf8"]
    assert len(bad) == 1 and f"offset {at} (line 3)" in bad[0]["text"] and "0xE9" in bad[0]["text"], bad


def test_many_invalid_bytes_are_counted_after_the_first_ten():
    text = ("één " * 50).encode() + b"\xff" * 25
    raw = read_bytes(b"De Kamer " + text, name="x.txt")
    kinds = [w.kind for w in raw.warnings]
    assert kinds == ["invalid_utf8"] * 11
    assert raw.warnings[-1].text.startswith("15 more")


def test_cp1252_text_is_read_as_cp1252_and_reported(tmp_path: Path):
    path = tmp_path / "brief.txt"
    path.write_bytes(LETTER.replace("één", "één “loket”").encode("cp1252"))
    run = in_process("analyze", str(path), "--format", "json")
    assert run.code == 0, run.err
    record = json.loads(run.out)
    assert "één “loket”" in record["text"]
    notes = [w for w in record["warnings"] if w["kind"] == "not_utf8"]
    assert len(notes) == 1 and "Windows-1252" in notes[0]["text"] and "line 3" in notes[0]["text"], notes


def test_valid_utf8_has_no_encoding_warning():
    raw = read_bytes(LETTER.encode(), name="x.txt")
    assert raw.warnings == []


def test_a_damaged_byte_in_html_and_xml_is_a_warning_too():
    html = ("<html><body><p>Het kabinet kiest voor één loket \xe9 voor iedereen, zoals de motie vraagt.</p>"
            "<p>Één aanpak.</p></body></html>").encode().replace(b"\xc3\xa9 ", b"\xe9 ")
    raw = read_bytes(html, name="x.html")
    assert "één" in raw.text and [w.kind for w in raw.warnings] == ["invalid_utf8"]
    xml = ('<?xml version="1.0" encoding="UTF-8"?><officiele-publicatie><al>Eén loket \xe9 en één aanpak.</al>'
           "</officiele-publicatie>").encode().replace(b"\xc3\xa9 en", b"\xe9 en")
    raw = read_bytes(xml, name="x.xml")
    assert "één aanpak" in raw.text and [w.kind for w in raw.warnings] == ["invalid_utf8"]


# -- item 3: messages that say what is wrong ----------------------------------------------------------------

def test_a_pdf_of_200000_pages_is_over_the_page_limit_not_damaged(tmp_path: Path):
    path = tmp_path / "groot.pdf"
    path.write_bytes(claiming_pdf(20, 10_000))
    run = kamerspoor("analyze", str(path), timeout=120)
    assert run.code == 2
    line = one_line(run, str(path), "over the page limit", "200,000 pages", f"the limit is {MAX_PDF_PAGES:,}")
    assert "damaged" not in line
    bounded(run)


def test_a_pdf_whose_tree_claims_few_pages_is_counted_and_refused():
    with pytest.raises(InputError, match=rf"more than {MAX_PDF_PAGES:,} pages \(the limit is"):
        read_bytes(claiming_pdf(20, 10_000, stated=False), name="klein.pdf")


def test_a_pdf_of_a_few_shared_pages_is_read():
    raw = read_bytes(claiming_pdf(2, 3), name="zes.pdf")
    assert raw.text.count("\f") == 5 and raw.text.count("voert de motie uit") == 6


def _deep_html(depth: int, above: str = "") -> bytes:
    return ("<html><body>" + above + "<div>" * depth + "<p>Het kabinet voert de motie uit.</p>" + "</div>" * depth
            + "</body></html>").encode()


def test_deep_html_with_its_text_below_the_limit_is_too_deeply_nested(tmp_path: Path):
    path = tmp_path / "diep.html"
    path.write_bytes(_deep_html(100_000))
    run = kamerspoor("analyze", str(path), timeout=120)
    assert run.code == 2
    line = one_line(run, str(path), "nested too deeply", f"more than {HTML_DEPTH} levels")
    assert "no document text" in line and "contains no document text" not in line
    bounded(run, 1.5)


def test_deep_html_with_text_above_the_limit_is_read_with_a_warning():
    raw = read_bytes(_deep_html(1000, above="<p>Bovenaan staat de brief zelf.</p>"), name="x.html")
    assert raw.text == "Bovenaan staat de brief zelf."
    assert [w.kind for w in raw.warnings] == ["too_deep"]


def test_html_just_under_the_depth_limit_is_read_whole():
    raw = read_bytes(_deep_html(HTML_DEPTH - 4), name="x.html")
    assert raw.text == "Het kabinet voert de motie uit." and raw.warnings == []


def test_deep_xml_is_too_deeply_nested_with_its_line():
    xml = ("<?xml version='1.0'?>\n<officiele-publicatie>" + "<a>" * 5000 + "<al>tekst</al>" + "</a>" * 5000
           + "</officiele-publicatie>").encode()
    with pytest.raises(InputError) as e:
        read_bytes(xml, name="diep.xml")
    assert str(e.value) == f"diep.xml:2: XML nested too deeply: more than {XML_DEPTH} levels (the limit)"


# -- item 2: memory grows with the input slowly enough for the largest input --------------------------------

@pytest.mark.slow
def test_many_short_lines_keep_memory_within_the_bound_up_to_the_input_limit(tmp_path: Path):
    """Text of many one-letter lines (bench/hostile_shapes.py ``short_lines``) once took about 96 MB of memory per
    MB of input: the audit's bound (4x the input plus 300 MB) broke above about 4 MB. Run as the real command at two
    small sizes (the kernel's maxrss), the peak is within the bound at each, and the growth between them, carried
    on to the largest text the readers accept (``MAX_BYTES``), stays within the bound there too."""
    sizes = (MB // 2, 5 * MB // 2)
    peaks = []
    for size in sizes:
        path = tmp_path / f"regels-{size}.txt"
        path.write_bytes(shapes.short_lines(size))
        run = kamerspoor("analyze", str(path), "--format", "json", timeout=900)
        assert run.code == 0, run.err
        assert json.loads(run.out)["text"].startswith("a a a")
        bounded(run, size / MB)
        peaks.append(run.peak_mb)
    per_mb = (peaks[1] - peaks[0]) / ((sizes[1] - sizes[0]) / MB)
    at_limit = peaks[1] + per_mb * (MAX_BYTES - sizes[1]) / MB
    bound = 4 * MAX_BYTES / MB + BASE_MB
    assert at_limit < bound, (f"{per_mb:.1f} MB of memory per MB of input ({peaks[0]:.0f} MB at {sizes[0] / MB:.1f} MB, "
                              f"{peaks[1]:.0f} MB at {sizes[1] / MB:.1f} MB): about {at_limit:.0f} MB at "
                              f"{MAX_BYTES / MB:.0f} MB, over the bound of {bound:.0f} MB")


HOSTILE_FILES = {
    "leeg.txt": b"",
    "spaties.txt": b" \n\t\n",
    "nul.txt": b"\x00" * 1000,
    "archief.docx": b"PK\x03\x04" + bytes(200),
    "kapot.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog",
    "half.pdf": b"%PDF-1.4\n" + b"x" * 500 + b"\n%%EOF\n",
    "kapot.xml": b"<?xml version='1.0'?>\n<officiele-publicatie>\n<al>tekst</al>\n<al>",
    "ander.xml": b"<?xml version='1.0'?><rss><item>geen publicatie</item></rss>",
    "leeg.html": b"<html><body><script>x()</script></body></html>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_every_refusal_is_one_line_naming_the_file(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(HOSTILE_FILES[name])
    run = in_process("analyze", str(path))
    assert run.code == 2, run.err
    one_line(run, str(path))


def test_each_reader_has_a_size_limit():
    from kamerspoor.read import READERS

    assert all(0 < r.max_bytes <= 100 * MB for r in READERS)
    assert {r.source for r in READERS} >= {"pdf", "xml", "html", "pdf_text"}


def test_the_mode_names_are_what_the_messages_say():
    from kamerspoor.read.bounded import kind_of

    assert kind_of(stat.S_IFIFO) == "a named pipe (FIFO)" and kind_of(stat.S_IFCHR) == "a character device"


# -- items 4 and 6: ingest lists every path it leaves out, and stops on a failing database ------------------

def report_of(run: Run) -> dict:
    return json.loads(run.out)


def count_documents(url: str) -> int:
    from kamerspoor.store import open_store

    store = open_store(url)
    try:
        return int(store.query_value("SELECT count(*) FROM documents"))
    finally:
        store.close()


def without_file_permissions() -> list[str]:
    """A prefix that runs a command without root's power over file permissions (a test as root would read a
    folder of mode 000); empty when the tests do not run as root."""
    if os.geteuid() != 0:
        return []
    import shutil

    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: an unreadable folder cannot be made")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


def test_a_fifo_inside_an_ingested_folder_is_listed_and_the_rest_is_stored(tmp_path: Path):
    folder = records_folder(tmp_path / "in", 2)
    os.mkfifo(folder / "pijp.json")
    os.mkfifo(folder / "pijp")
    run = kamerspoor("ingest", str(folder), "--db", str(tmp_path / "k.db"), "--format", "json", "--jobs", "1",
                     timeout=120)
    assert run.code == 1, run.err
    report = report_of(run)
    assert report["added"] == 2
    assert report["failed"] == [{"file": str(folder / "pijp.json"), "reason": "is a named pipe (FIFO), not a file"}]
    assert {"path": str(folder / "pijp"), "reason": "not a kind of file kamerspoor reads (no suffix)"} \
        in report["skipped_paths"]


def test_an_unreadable_folder_inside_an_ingest_is_listed_with_its_path(tmp_path: Path):
    prefix = without_file_permissions()
    folder = records_folder(tmp_path / "in" / "open", 1)
    locked = records_folder(tmp_path / "in" / "dicht", 1, dossier="99918")
    locked.chmod(0)
    try:
        run = kamerspoor("ingest", str(folder.parent), "--db", str(tmp_path / "k.db"), "--jobs", "1",
                         prefix=prefix, timeout=120)
    finally:
        locked.chmod(0o755)
    assert run.code == 1, run.err
    assert f"  {locked}: folder not read: Permission denied" in run.err.splitlines()
    assert count_documents(str(tmp_path / "k.db")) == 1


def test_a_dangling_link_is_reported_as_the_link_not_its_target(tmp_path: Path):
    folder = records_folder(tmp_path / "in", 1)
    link = folder / "weg.json"
    link.symlink_to(tmp_path / "bestaat-niet.json")
    run = kamerspoor("ingest", str(folder), "--db", str(tmp_path / "k.db"), "--format", "json", timeout=120)
    assert run.code == 1
    assert report_of(run)["failed"] == [{"file": str(link), "reason": f"is a dangling link (to "
                                                                       f"{tmp_path / 'bestaat-niet.json'}: no such file)"}]
    assert report_of(run)["added"] == 1


def test_paths_left_out_on_purpose_are_listed_with_the_reason(tmp_path: Path):
    folder = records_folder(tmp_path / "in", 1)
    (folder / "foto.png").write_bytes(b"\x89PNG")
    (folder / ".verborgen.json").write_text("{}")
    (folder / "elders").symlink_to(tmp_path, target_is_directory=True)
    run = kamerspoor("ingest", str(folder), "--db", str(tmp_path / "k.db"), timeout=120)
    assert run.code == 0, run.err
    assert f"  {folder / 'foto.png'}: not a kind of file kamerspoor reads (.png)" in run.err.splitlines()
    assert f"  {folder / '.verborgen.json'}: hidden file" in run.err.splitlines()
    assert f"  {folder / 'elders'}: link to a folder (not followed)" in run.err.splitlines()


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_a_read_only_store_is_refused_before_any_file_is_read(tmp_path: Path, database: str):
    folder = records_folder(tmp_path / "in", 3)
    prefix: list[str] = []
    if database == "sqlite":
        db = str(tmp_path / "k.db")
        assert kamerspoor("ingest", str(records_folder(tmp_path / "eerst", 1, "99919")), "--db", db).code == 0
        Path(db).chmod(0o444)
        prefix = without_file_permissions()
    else:
        if not PG_URL:
            pytest.skip("KAMERSPOOR_TEST_PG_URL is not set (start a server with .ci/postgres.sh)")
        # read-only for this connection only (libpq's options): the server's other users are not touched
        db = PG_URL + ("&" if "?" in PG_URL else "?") + "options=-c%20default_transaction_read_only%3Don"
    run = kamerspoor("ingest", str(folder), "--db", db, "--format", "json", prefix=prefix, timeout=120)
    assert run.code == 1
    one_line(run, db, "ingest stopped: the store cannot be written", "read", "nothing was read")
    report = report_of(run)
    assert report["files"] == 0 and report["bytes"] == 0 and report["added"] == 0 and report["stopped"]


PG_URL = os.environ.get("KAMERSPOOR_TEST_PG_URL")


def test_a_read_only_postgresql_database_with_a_migration_pending_is_refused_in_one_line(tmp_path: Path):
    """A store that cannot be written even to be opened (its schema still to be migrated) ends as any
    unwritable store: exit 1, the empty report, one line; never the database driver's error."""
    if not PG_URL:
        pytest.skip("KAMERSPOOR_TEST_PG_URL is not set (start a server with .ci/postgres.sh)")
    import psycopg

    name = "kamerspoor_unmigrated"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    base = PG_URL.rsplit("/", 1)[0] + "/" + name
    db = base + "?options=-c%20default_transaction_read_only%3Don"
    try:
        run = kamerspoor("ingest", str(records_folder(tmp_path / "in", 2)), "--db", db, "--format", "json",
                         timeout=120)
        assert run.code == 1, run.err
        one_line(run, db, "ingest stopped: the store cannot be written", "migration is pending", "nothing was read")
        report = report_of(run)
        assert report["files"] == 0 and report["added"] == 0 and report["stopped"]
        # the same store opened by a command that only reads it says so in one line too
        other = kamerspoor("stats", "--db", db, timeout=120)
        assert other.code == 2 and "the store cannot be written" in other.err and "Traceback" not in other.err
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")




@pytest.mark.slow
def test_postgresql_stopped_mid_ingest_ends_in_one_line_and_the_report_so_far(own_postgres, tmp_path: Path):
    total = 400
    folder = records_folder(tmp_path / "in", total)
    cmd = [sys.executable, "-m", "kamerspoor.cli", "ingest", str(folder), "--db", own_postgres.url,
           "--format", "json", "--jobs", "1", "--batch", "10"]  # many transactions: stopped in the middle
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while p.poll() is None and _stored(own_postgres.url) < 5:
            assert time.monotonic() < deadline, "the ingest stored nothing"
            time.sleep(0.05)
        assert p.poll() is None, "the ingest ended before PostgreSQL could be stopped under it"
        own_postgres.stop()
        out, err = p.communicate(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
    run = Run(code=p.returncode, out=out.decode(), err=err.decode(), seconds=0, peak_mb=0)
    assert run.code == 1
    one_line(run, "postgresql://postgres@127.0.0.1", "ingest stopped: PostgreSQL", "of 400 file(s)",
             "the next run goes on from there")
    report = report_of(run)
    assert report["stopped"] and 5 <= report["added"] < total
    # nothing lost, nothing twice: the next run, with the database back, stores the rest
    own_postgres.start()
    again = kamerspoor("ingest", str(folder), "--db", own_postgres.url, "--format", "json", "--jobs", "1")
    assert again.code == 0, again.err
    assert report_of(again)["unchanged"] >= report["added"]
    assert count_documents(own_postgres.url) == total


def test_psycopgs_own_warning_about_a_lost_pipeline_is_not_a_second_line_on_stderr():
    # psycopg warns through logging when the server goes away under a pipeline or COPY; unconfigured, Python
    # would print it beside the store's one-line error (seen as a flake of the test above)
    code = ("import logging, kamerspoor.store.postgres\n"
            "logging.getLogger('psycopg').warning('error ignored terminating %s: %s', 'Pipeline', 'gone')")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""


def _stored(url: str) -> int:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except Exception:  # noqa: BLE001 - not created yet
        return 0


@pytest.mark.slow
def test_a_full_disk_during_ingest_ends_in_one_line_and_the_report_so_far(tmp_path: Path):
    """On a small tmpfs of the test's own (as root), filled up while the store is open; else SQLite's
    max_page_count makes the store's own file full, in this process."""
    folder = records_folder(tmp_path / "in", 150)
    mount = tmp_path / "klein"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        _full_by_page_count(tmp_path, folder)
        return
    try:
        db = str(mount / "k.db")
        assert kamerspoor("ingest", str(records_folder(tmp_path / "eerst", 1, "99919")), "--db", db).code == 0
        filler = mount / "vol"
        _fill(filler, keep=192 * 1024)
        run = kamerspoor("ingest", str(folder), "--db", db, "--format", "json", "--jobs", "1", timeout=300)
        assert run.code == 1, run.err
        one_line(run, db, "ingest stopped: SQLite: database or disk is full")
        report = report_of(run)
        assert report["stopped"] and report["added"] < 150
        filler.unlink()
        again = kamerspoor("ingest", str(folder), "--db", db, "--format", "json", "--jobs", "1", timeout=300)
        assert again.code == 0, again.err
        assert count_documents(db) == 151
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(path: Path, keep: int) -> None:
    """Fill the file system of ``path`` up to ``keep`` bytes free."""
    free = os.statvfs(path.parent)
    left = free.f_bavail * free.f_frsize - keep
    with open(path, "wb") as fh:
        while left > 0:
            n = min(left, 1 << 20)
            try:
                fh.write(b"\0" * n)
                fh.flush()
            except OSError:
                break
            left -= n


def _full_by_page_count(tmp_path: Path, folder: Path) -> None:
    from kamerspoor.ingest import ingest
    from kamerspoor.store import open_store

    store = open_store(tmp_path / "k.db")
    try:
        pages = store.query_value("PRAGMA page_count")
        store.conn.execute(f"PRAGMA max_page_count = {pages + 40}")
        report = ingest(store, [folder], jobs=1)
    finally:
        store.close()
    assert report.stopped and "full" in report.stopped and report.added < 150
    store = open_store(tmp_path / "k.db")
    try:
        assert ingest(store, [folder], jobs=1).stopped is None
    finally:
        store.close()
    assert count_documents(str(tmp_path / "k.db")) == 150


def test_fetch_into_a_read_only_store_keeps_the_files_and_says_why_in_one_line(tmp_path: Path):
    """``fetch --db`` ingests what it fetched through the same ingest: a store that cannot be written stops it
    in one line (exit 1), and the fetched files stay where they are for the next run."""
    from click.testing import CliRunner

    from kamerspoor.cli import main
    from replay import ReplayServer
    from replay.recordings import ODATA, REPO, SRU, add_fictional

    if not PG_URL:
        pytest.skip("KAMERSPOOR_TEST_PG_URL is not set (start a server with .ci/postgres.sh)")
    db = PG_URL + ("&" if "?" in PG_URL else "?") + "options=-c%20default_transaction_read_only%3Don"
    with ReplayServer(tmp_path / "rec") as server:
        add_fictional(server)
        env = {"KAMERSPOOR_SRU_URL": server.base_url + SRU, "KAMERSPOOR_OEP_URL": server.base_url + REPO,
               "KAMERSPOOR_TK_ODATA_URL": server.base_url + ODATA, "KAMERSPOOR_CACHE": str(tmp_path / "cache"),
               "KAMERSPOOR_HTTP_INTERVAL": "0", "KAMERSPOOR_SRU_PAGE_SIZE": "2"}  # as the recordings were made
        out = tmp_path / "out"
        r = CliRunner().invoke(main, ["fetch", "--dossier", "99990", "--out", str(out), "--db", db], env=env)
    assert r.exit_code == 1, r.output
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("kamerspoor: postgresql://")]
    assert len(lines) == 1 and "ingest stopped: the store cannot be written" in lines[0] and str(out) in lines[0]
    assert "Traceback" not in r.output
    assert len(list(out.glob("kst/*/*.xml"))) >= 2
