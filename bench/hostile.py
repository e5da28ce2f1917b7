"""Benchmark: hostile inputs and faults (issue 17), each run as the real command; what it did, how long, how much.

    .venv/bin/python bench/hostile.py               # every shape
    .venv/bin/python bench/hostile.py --only pdf    # the shapes whose name contains "pdf"
    .venv/bin/python bench/hostile.py --sized-only --max-mb 4   # the cost of each shape by size, up to 4 MB

For each shape: the outcome (read, refused in one line, stopped with the report so far, or a failure of the
bench's bound: a hang, a traceback, more than one line), the exit code, the seconds and the peak memory of the
command (the kernel's maxrss of that process), as a ratio to a floor measured in the same run (the same command
analysing a small letter: start-up and a small analysis), and the audit's memory bound (4x the input plus
300 MB). A shape is a function that makes its input in a scratch folder and says how to run the command on it
(:class:`Case`); ``SHAPES`` lists them. Numbers are printed, not asserted (tests/test_hostile.py asserts the
behaviour). After them, the shapes by size (``SIZED_SHAPES`` of bench/hostile_shapes.py, shared with the tests:
one long token, many short lines, one long line, deep nesting, footnote markers, citations, motion mentions,
dates ...) each at growing sizes up to the input limit, run in the bench's own process (a forked child per run):
CPU seconds and peak memory per MB of input, flat when every stage is linear (tests/test_linear.py asserts that on
small sizes), each as a ratio to ordinary letter text measured in the same run, and the whole process's peak
against the audit's bound. Shapes that need root (a tmpfs that fills up; a folder root cannot read without dropping its
power over file permissions) are left out, saying so, when the bench does not run as root.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hostile_shapes import (  # bench/ is on sys.path when this runs as a script
    KIB,
    LETTER,
    MB,
    SIZED_SHAPES,
    TEXT_LINE,
    analyze,
    claiming_pdf,
    long_line,
    many_xml_paragraphs,
    prose,
    records,
)

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Case:
    """How to run the command on a shape's input."""

    args: list[str]
    input_bytes: int = 0                 # the size of the input, for the memory bound
    stdin: bytes | None = None           # given whole
    endless: bytes | None = None         # written again and again until the command stops reading
    stdin_file: str | None = None        # opened as standard input (a device)
    prefix: list[str] = field(default_factory=list)
    after: Callable[[], None] | None = None  # undo what the shape did (a mount)


@dataclass
class Result:
    code: int | None
    err: str
    seconds: float
    peak_mb: float
    fed: int


def run(case: Case, timeout: float) -> Result:
    cmd = [*case.prefix, sys.executable, "-m", "kamerspoor.cli", *case.args]
    source = open(case.stdin_file, "rb") if case.stdin_file else None  # noqa: SIM115 (closed below)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=source or subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    fed = [0]
    err: list[bytes] = []
    threads = [threading.Thread(target=lambda: err.append(p.stderr.read()), daemon=True)]
    if source is None:
        threads.append(threading.Thread(target=_feed, args=(p.stdin, case, fed), daemon=True))
    for t in threads:
        t.start()
    code: int | None = None
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            code = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() > deadline:
            p.kill()
            _, _, usage = os.wait4(p.pid, 0)
            break
        time.sleep(0.02)
    p.returncode = code if code is not None else -9
    seconds = time.monotonic() - t0
    for t in threads:
        t.join(timeout=5)
    if source:
        source.close()
    return Result(code, (err[0] if err else b"").decode("utf-8", "replace"), seconds, usage.ru_maxrss / 1024, fed[0])


def _feed(pipe, case: Case, fed: list[int]) -> None:
    try:
        if case.stdin:
            pipe.write(case.stdin)
            fed[0] += len(case.stdin)
        while case.endless:
            pipe.write(case.endless)
            fed[0] += len(case.endless)
    except (BrokenPipeError, ValueError, OSError):
        pass
    finally:
        try:
            pipe.close()
        except OSError:
            pass


def outcome(r: Result) -> str:
    """What the command did, judged as the audit judges it."""
    if r.code is None:
        return "HUNG"
    if "Traceback" in r.err:
        return "TRACEBACK"
    lines = [ln for ln in r.err.splitlines() if ln.startswith("kamerspoor: ")]
    if r.code == 0:
        return "read"
    if r.code == 1 and not lines and "file(s) failed:" in r.err:
        return "failed (listed)"
    if len(lines) != 1:
        return f"NOT ONE LINE ({len(lines)})"
    return {2: "refused", 1: "stopped" if "stopped" in lines[0] else "failed (listed)"}.get(r.code, f"exit {r.code}")


# -- the shapes ------------------------------------------------------------------------------------------------

def link_to(device: str) -> Callable[[Path], Case]:
    def make(tmp: Path) -> Case:
        (tmp / "brief.txt").symlink_to(device)
        return Case(["analyze", str(tmp / "brief.txt")])
    return make


def fifo(tmp: Path) -> Case:
    os.mkfifo(tmp / "brief.txt")
    return Case(["analyze", str(tmp / "brief.txt")])


def endless_stdin(tmp: Path) -> Case:
    return Case(["analyze", "-"], input_bytes=20 * MB, endless=TEXT_LINE * 1000)


def zero_stdin(tmp: Path) -> Case:
    return Case(["analyze", "-"], stdin_file="/dev/zero")


def invalid_byte(tmp: Path) -> Case:
    data = LETTER.encode() * 500
    data = data[:len(data) // 2] + b"\xe9" + data[len(data) // 2:]
    (tmp / "brief.txt").write_bytes(data)
    return Case(["analyze", str(tmp / "brief.txt"), "--format", "json"], input_bytes=len(data))


def cp1252(tmp: Path) -> Case:
    data = LETTER.encode("cp1252") * 500
    (tmp / "brief.txt").write_bytes(data)
    return Case(["analyze", str(tmp / "brief.txt"), "--format", "json"], input_bytes=len(data))


def pdf_pages(stated: bool) -> Callable[[Path], Case]:
    def make(tmp: Path) -> Case:
        data = claiming_pdf(20, 10_000, stated)
        (tmp / "groot.pdf").write_bytes(data)
        return Case(["analyze", str(tmp / "groot.pdf")], input_bytes=len(data))
    return make


def pdf_one_array(tmp: Path) -> Case:
    data = claiming_pdf(1, 200_000)
    (tmp / "groot.pdf").write_bytes(data)
    return Case(["analyze", str(tmp / "groot.pdf")], input_bytes=len(data))


def deep_html(tmp: Path) -> Case:
    data = ("<html><body>" + "<div>" * 100_000 + "<p>Het kabinet voert de motie uit.</p>" + "</div>" * 100_000
            + "</body></html>").encode()
    (tmp / "diep.html").write_bytes(data)
    return Case(["analyze", str(tmp / "diep.html")], input_bytes=len(data))


def deep_xml(tmp: Path) -> Case:
    data = ("<?xml version='1.0'?>\n<officiele-publicatie>" + "<a>" * 100_000 + "<al>tekst</al>" + "</a>" * 100_000
            + "</officiele-publicatie>").encode()
    (tmp / "diep.xml").write_bytes(data)
    return Case(["analyze", str(tmp / "diep.xml")], input_bytes=len(data))


def no_file_power() -> list[str]:
    """As root: a prefix that takes away root's power over file permissions (else a mode-000 folder is read)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        raise Skip("root without setpriv")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


class Skip(Exception):
    """The shape cannot be made here (the reason is printed)."""


def ingest_hostile_folder(tmp: Path) -> Case:
    folder = records(tmp / "in" / "open", 20)
    os.mkfifo(folder / "pijp.json")
    (folder / "weg.json").symlink_to(tmp / "bestaat-niet.json")
    locked = records(tmp / "in" / "dicht", 2, "99918")
    locked.chmod(0)
    prefix = no_file_power()
    return Case(["ingest", str(tmp / "in"), "--db", str(tmp / "k.db"), "--jobs", "1"], prefix=prefix,
                after=lambda: locked.chmod(0o755))


def ingest_read_only(tmp: Path) -> Case:
    db = tmp / "k.db"
    subprocess.run([sys.executable, "-m", "kamerspoor.cli", "ingest", str(records(tmp / "eerst", 1, "99919")),
                    "--db", str(db)], capture_output=True, check=True)
    db.chmod(0o444)
    return Case(["ingest", str(records(tmp / "in", 50)), "--db", str(db), "--jobs", "1"], prefix=no_file_power())


def ingest_full_disk(tmp: Path) -> Case:
    if os.geteuid() != 0:
        raise Skip("needs root for a tmpfs")
    mount = tmp / "klein"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mount)], capture_output=True).returncode:
        raise Skip("tmpfs cannot be mounted here")
    db = mount / "k.db"
    subprocess.run([sys.executable, "-m", "kamerspoor.cli", "ingest", str(records(tmp / "eerst", 1, "99919")),
                    "--db", str(db)], capture_output=True, check=True)
    free = os.statvfs(mount)
    left = free.f_bavail * free.f_frsize - 192 * 1024
    with open(mount / "vol", "wb") as fh:
        while left > 0:
            try:
                fh.write(b"\0" * min(left, 1 << 20))
                fh.flush()
            except OSError:
                break
            left -= 1 << 20
    return Case(["ingest", str(records(tmp / "in", 150)), "--db", str(db), "--jobs", "1"],
                after=lambda: subprocess.run(["umount", "-l", str(mount)], capture_output=True))


#: (name, make): each makes its input in a scratch folder of its own and says how to run the command on it
SHAPES: list[tuple[str, Callable[[Path], Case]]] = [
    ("link to /dev/zero", link_to("/dev/zero")),
    ("link to /dev/urandom", link_to("/dev/urandom")),
    ("FIFO as a document", fifo),
    ("endless text on stdin", endless_stdin),
    ("/dev/zero on stdin", zero_stdin),
    ("one invalid byte (0.1 MB text)", invalid_byte),
    ("cp1252 text (0.1 MB)", cp1252),
    ("pdf: 200,000 pages stated", pdf_pages(True)),
    ("pdf: 200,000 pages, nodes claim 1", pdf_pages(False)),
    ("pdf: 200,000 pages in one array", pdf_one_array),
    ("html nested 100,000 deep", deep_html),
    ("xml nested 100,000 deep", deep_xml),
    ("ingest: FIFO, dangling link, unreadable folder", ingest_hostile_folder),
    ("ingest: read-only store", ingest_read_only),
    ("ingest: disk full (tmpfs)", ingest_full_disk),
]


# ---------------------------------------------------------------------------------------------------------
# The cost of a document's shape, by size (issue 17: every stage linear in its input)
#
# Each sized shape is a generator of an input of a given size built to hit one weak spot of a text pipeline:
# one long token (a stemmer, a compound splitter and a cache), many short lines (work on the whole paragraph
# once per line), one long line, many paragraphs, deep nesting of XML and HTML elements, footnote markers,
# end notes, citations, motion mentions, dates, many XML paragraphs, headings and footnotes. Each input goes
# through the whole pipeline (``pipeline.analyze_bytes``) in a child forked from a warmed-up parent, so its
# CPU time and peak memory are its own (Linux: the child resets its high-water mark first); a run longer than
# the timeout is stopped. A linear stage keeps seconds per MB flat as the size grows; a quadratic one
# multiplies it by four at each step of four. tests/test_linear.py checks the same shapes at small sizes.

def _status(field: str) -> int:
    """A field of /proc/self/status in bytes (VmRSS, VmHWM); 0 where there is none."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(data: bytes, write: int) -> None:
    rss = _status("VmRSS")
    try:
        with open("/proc/self/clear_refs", "w") as fh:  # reset the high-water mark to the current size
            fh.write("5")
    except OSError:
        pass
    cpu = time.process_time()
    try:
        outcome = analyze(data)
    except Exception as e:  # noqa: BLE001 - a traceback is a finding, reported as one line
        outcome = f"CRASH {type(e).__name__}: {str(e)[:50]}"
    cpu = time.process_time() - cpu
    peak = max(0, _status("VmHWM") - rss)
    os.write(write, f"{cpu}\t{peak}\t{rss}\t{outcome}".encode())
    os._exit(0)


def measure(data: bytes, timeout: float) -> tuple[float | None, int, int, str]:
    """(CPU seconds or None after the timeout, peak bytes above the parent, the parent's resident bytes, outcome)
    of one input, in a child."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _child(data, write)
    os.close(write)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.02)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(read)
        return None, 0, 0, f"stopped after {timeout:.0f} s"
    out = os.read(read, 4096).decode()
    os.close(read)
    if not out:
        return None, 0, 0, "child died"
    cpu, peak, rss, outcome = out.split("\t", 3)
    return float(cpu), int(peak), int(rss), outcome


def sized(max_mb: float, min_kb: float, only: str, timeout: float) -> None:
    """Print, for each sized shape and size (x4 from ``min_kb`` up to ``max_mb`` or the input limit), the CPU
    seconds, seconds per MB, peak memory (MB) and peak memory per MB of input, each per MB also as a ratio to the
    floor (ordinary letter text of 1 MB, :func:`prose`, measured in the same run), and the whole process's peak
    (the warmed-up parent the child started as, plus its own peak) against the audit's bound (4x + 300 MB)."""
    if not hasattr(os, "fork"):
        print("sized shapes: need os.fork (Linux, macOS); nothing measured.")
        return
    from kamerspoor import read

    analyze(long_line(4 * KIB))  # imports and lazy tables loaded once, in the parent
    analyze(many_xml_paragraphs(4 * KIB))
    analyze(prose(4 * KIB))
    floor = prose(MB)
    f_cpu, f_peak, _, f_what = measure(floor, timeout)
    f_s, f_m = (f_cpu or 0) / (len(floor) / MB), max(f_peak, 1) / len(floor)
    print(f"\nfloor: ordinary letter text, {len(floor) / MB:.1f} MB: {f_s:.2f} s/MB, {f_m:.1f} MB peak per MB ({f_what})")
    limit = min(max_mb * MB, read.MAX_BYTES)
    print(f"\n{'sized shape':<20} {'size':>7} {'cpu s':>7} {'s/MB':>7} {'x floor':>7} {'peak MB':>8} {'MB/MB':>6} "
          f"{'x floor':>7} {'whole':>6} {'bound':>6}  outcome")
    for name, gen in SIZED_SHAPES.items():
        if only not in name:
            continue
        size = int(min_kb * KIB)
        while size <= limit:
            data = gen(size)
            mb = len(data) / MB
            cpu, peak, rss, what = measure(data, timeout)
            shown = f"{len(data) / KIB:.0f}K" if len(data) < MB else f"{mb:.1f}M"
            if cpu is None:
                print(f"{name:<20} {shown:>7} {'-':>7} {'-':>7} {'-':>7} {'-':>8} {'-':>6} {'-':>7} {'-':>6} {'-':>6}  "
                      f"{what}", flush=True)
                break  # larger sizes would take longer still
            whole, bound = (rss + peak) / MB, 4 * mb + 300
            print(f"{name:<20} {shown:>7} {cpu:7.2f} {cpu / mb:7.2f} {cpu / mb / f_s:7.1f} {peak / MB:8.1f} "
                  f"{peak / MB / mb:6.1f} {peak / len(data) / f_m:7.1f} {whole:6.0f} {bound:6.0f}  "
                  f"{what}{'' if whole <= bound else '  OVER THE BOUND'}", flush=True)
            size *= 4


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="", help="run the shapes whose name contains this")
    ap.add_argument("--timeout", type=float, default=300, help="seconds before a run counts as hung")
    ap.add_argument("--sized-only", action="store_true", help="only the shapes by size (the cost of a shape)")
    ap.add_argument("--no-sized", action="store_true", help="leave out the shapes by size")
    ap.add_argument("--max-mb", type=float, default=20.0, help="largest sized input in MB (default: the limit, 20)")
    ap.add_argument("--min-kb", type=float, default=16.0, help="smallest sized input in kB (default 16)")
    args = ap.parse_args()
    if args.sized_only:
        sized(args.max_mb, args.min_kb, args.only, args.timeout)
        return
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory(prefix="kamerspoor-hostile-") as scratch:
        floor_dir = Path(scratch) / "floor"
        floor_dir.mkdir()
        (floor_dir / "brief.txt").write_text(LETTER, encoding="utf-8")
        floor = run(Case(["analyze", str(floor_dir / "brief.txt")]), args.timeout)
        print(f"floor: analyze a {len(LETTER)}-byte letter: {floor.seconds:.2f} s, {floor.peak_mb:.0f} MB peak\n")
        print(f"{'shape':48} {'outcome':18} {'exit':>4} {'in MB':>7} {'s':>7} {'x floor':>7} {'peak MB':>8} "
              f"{'x floor':>7} {'bound MB':>8}")
        tried = refused = bad = 0
        for i, (name, make) in enumerate(SHAPES):
            if args.only not in name:
                continue
            folder = Path(scratch) / f"shape{i}"
            folder.mkdir()
            try:
                case = make(folder)
            except Skip as e:
                print(f"{name:48} left out: {e}")
                continue
            try:
                r = run(case, args.timeout)
            finally:
                if case.after:
                    case.after()
            tried += 1
            what = outcome(r)
            refused += what in ("refused", "stopped", "failed (listed)")
            bound = 4 * max(case.input_bytes, r.fed) / MB + 300
            bad += what.isupper() or r.peak_mb > bound
            code = "-" if r.code is None else str(r.code)
            print(f"{name:48} {what:18} {code:>4} {max(case.input_bytes, r.fed) / MB:7.2f} {r.seconds:7.2f} "
                  f"{r.seconds / floor.seconds:7.2f} {r.peak_mb:8.0f} {r.peak_mb / floor.peak_mb:7.2f} {bound:8.0f}")
        print(f"\n{tried} tried, {refused} refused or stopped in one line, {tried - refused} read, "
              f"{bad} over a bound (hung, traceback, not one line, memory)")
    if not args.no_sized:
        sized(args.max_mb, args.min_kb, args.only, args.timeout)


if __name__ == "__main__":
    main()
