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

from kamerspoor.model import InputError
from kamerspoor.read import MAX_BYTES, read_bytes, read_path
from kamerspoor.read.bounded import file_bytes
from kamerspoor.read.html_page import MAX_DEPTH as HTML_DEPTH
from kamerspoor.read.official_xml import MAX_DEPTH as XML_DEPTH
from kamerspoor.read.pdf import MAX_PDF_PAGES

MB = 1_000_000
#: the audit's bound on peak memory: 4x the input plus 300 MB
BASE_MB = 300

LETTER = ("Tweede Kamer, vergaderjaar 2030-2031, 99 017, nr. 3\n\n"
          "Hierbij informeer ik uw Kamer over de uitvoering van de motie van het lid Jansen (99 017, nr. 2) "
          "over één loket voor meldingen. Het kabinet voert de motie uit.\n")


# -- running the command ------------------------------------------------------------------------------------

@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float  # the child's largest resident set, from the kernel
    fed: int = 0    # bytes written to its standard input


def kamerspoor(*args: str, stdin: bytes | None = None, endless: bytes | None = None, stdin_file: Path | None = None,
               timeout: float = 120, prefix: Sequence[str] = (), cwd: Path | None = None) -> Run:
    """Run ``kamerspoor ARGS`` as a process of its own; fail the test if it is not done within ``timeout``.

    ``stdin``: bytes given whole; ``endless``: this chunk written again and again until the command stops
    reading; ``stdin_file``: a file (or device) opened as standard input."""
    cmd = [*prefix, sys.executable, "-m", "kamerspoor.cli", *args]
    source = open(stdin_file, "rb") if stdin_file else None  # noqa: SIM115 (closed below)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=source or subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         cwd=cwd)
    fed = [0]
    out: dict[str, bytes] = {}
    threads = [threading.Thread(target=lambda k=k, s=s: out.__setitem__(k, s.read()), daemon=True)
               for k, s in (("out", p.stdout), ("err", p.stderr))]
    if source is None:
        threads.append(threading.Thread(target=_feed, args=(p.stdin, stdin, endless, fed), daemon=True))
    for t in threads:
        t.start()
    status, usage = _wait(p, timeout, cmd)
    for t in threads:
        t.join(timeout=10)
    if source:
        source.close()
    return Run(code=os.waitstatus_to_exitcode(status), out=out.get("out", b"").decode("utf-8", "replace"),
               err=out.get("err", b"").decode("utf-8", "replace"), seconds=time.monotonic() - t0,
               peak_mb=usage.ru_maxrss / 1024, fed=fed[0])


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


def _wait(p: subprocess.Popen, timeout: float, cmd: Sequence[str]):
    """Wait for ``p`` with ``wait4`` (its own resource usage); kill it and fail when it takes too long."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            p.returncode = os.waitstatus_to_exitcode(status)
            return status, usage
        if time.monotonic() > deadline:
            p.kill()
            os.wait4(p.pid, 0)
            p.returncode = -9
            pytest.fail(f"hung: {' '.join(cmd)} not done after {timeout:.0f} s")
        time.sleep(0.02)


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


def test_endless_standard_input_is_stopped_at_the_text_limit():
    chunk = b"De Kamer, gehoord de beraadslaging, verzoekt de regering om een plan.\n" * 1000
    run = kamerspoor("analyze", "-", endless=chunk, timeout=120)
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

def claiming_pdf(outer: int, inner: int, stated: bool = True) -> bytes:
    """A small PDF whose page tree uses one page ``outer * inner`` times (a node of ``inner`` uses of the page,
    used ``outer`` times); ``stated=False``: its nodes claim one page each (the tree must be counted)."""
    total, part = (outer * inner, inner) if stated else (1, 1)
    stream = b"BT /F1 12 Tf 72 720 Td (Het kabinet voert de motie uit.) Tj ET"
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + b" 6 0 R" * outer + b" ] /Count %d >>" % total,
        3: b"<< /Type /Page /Parent 6 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        6: b"<< /Type /Pages /Parent 2 0 R /Kids [" + b" 3 0 R" * inner + b" ] /Count %d >>" % part,
    }
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for k in sorted(objs):
        offsets[k] = len(out)
        out += b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[k] for k in sorted(objs))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


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
