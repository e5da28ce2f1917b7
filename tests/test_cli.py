"""The analyze command as a user runs it: files, standard input, formats, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kamerspoor.cli", *args], input=stdin, capture_output=True,
                          timeout=120)


def test_analyze_prints_the_analysis_record_as_json() -> None:
    p = run("analyze", str(EXAMPLES / "kst-99901-14.pdf.txt"), "--format", "json")
    assert p.returncode == 0, p.stderr
    record = json.loads(p.stdout)
    assert record["schema"] == "analysis/1"
    assert record["document"]["dossier"] == "99901"
    assert record["document"]["number"] == 14
    assert "\n\n" in record["text"]


def test_analyze_reads_standard_input() -> None:
    data = (EXAMPLES / "kst-99901-14.pdf.txt").read_bytes()
    p = run("analyze", "-", "--format", "json", stdin=data)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["document"]["number"] == 14


def test_analyze_markdown_report_lists_motions_and_commitments() -> None:
    p = run("analyze", str(EXAMPLES / "kst-99901-14.pdf.txt"), "--format", "md")
    assert p.returncode == 0, p.stderr
    out = p.stdout.decode()
    assert out.startswith("# ")
    assert "## Moties en het antwoord van het kabinet" in out
    assert "## Toezeggingen" in out


def test_analyze_official_xml_motion() -> None:
    p = run("analyze", str(EXAMPLES / "kst-99901-11.xml"))
    assert p.returncode == 0, p.stderr
    record = json.loads(p.stdout)
    assert record["document"]["kind"] == "motie"
    assert record["motion"]["replaces"] == {"dossier": "99901", "number": 9}
    assert len(record["motion"]["requests"]) == 2


@pytest.mark.parametrize(
    "content,problem",
    [(b"", "empty"), (b"\x00\x01\x02\xff" * 100, "binary"), (b"<?xml version='1.0'?><a><b></a>", "xml")],
)
def test_bad_input_is_one_line_naming_the_file_with_exit_code_2(tmp_path: Path, content: bytes, problem: str) -> None:
    f = tmp_path / "bad.xml"
    f.write_bytes(content)
    p = run("analyze", str(f))
    assert p.returncode == 2
    err = p.stderr.decode().strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1
    assert str(f) in err
    assert problem in err.lower()


def test_missing_file_is_exit_code_2() -> None:
    p = run("analyze", "/nonexistent/brief.txt")
    assert p.returncode == 2
    assert "/nonexistent/brief.txt" in p.stderr.decode()


def test_a_motion_without_request_or_signatories_is_parsed_with_warnings_as_json(tmp_path: Path) -> None:
    f = tmp_path / "motie.txt"
    f.write_text("MOTIE VAN HET LID DE VRIES\n\nDe Kamer,\n\ngehoord de beraadslaging,\n\n"
                 "constaterende dat de zeespiegel stijgt;\n\nen gaat over tot de orde van de dag.\n", encoding="utf-8")
    p = run("analyze", str(f), "--format", "json")
    assert p.returncode == 0, p.stderr
    record = json.loads(p.stdout)
    assert record["document"]["kind"] == "motie"
    kinds = {w["kind"] for w in record["warnings"]}
    assert "motion_without_request" in kinds


def test_serve_on_a_port_in_use_is_a_one_line_error(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        p = run("serve", "--db", str(tmp_path / "s.db"), "--port", str(port), "--no-open")
    assert p.returncode == 2
    err = p.stderr.decode().strip()
    assert err.splitlines()[-1] == f"kamerspoor: cannot listen on 127.0.0.1:{port}: address already in use " \
                                   "(choose another --port)"
    assert "Traceback" not in err
