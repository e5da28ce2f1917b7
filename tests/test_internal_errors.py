"""A stage that builds an invalid record is a bug in kamerspoor, not bad input: the CLI, ingest and the API
each say so on one line naming the file (no traceback), and ingest goes on with the other files.

The bug is made by hand (an extractor that returns a theme without a valid id); no real document does it.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from kamerspoor import pipeline
from kamerspoor.cli import main
from kamerspoor.errors import PipelineError
from kamerspoor.ingest import ingest
from kamerspoor.web import create_app
from kamerspoor.web.server import running

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LETTER = EXAMPLES / "kst-99901-14.pdf.txt"
TOKEN = "test-token-internal"


@pytest.fixture
def broken_stage(monkeypatch):
    """The theme tagger returns a theme whose id is a number: msgspec refuses the record."""
    monkeypatch.setattr(pipeline.tags, "tag_paragraphs", lambda text, paragraphs, sections: ([{"id": 7}], []))


def test_the_pipeline_names_the_file_and_the_wrong_field(broken_stage) -> None:
    with pytest.raises(PipelineError) as e:
        pipeline.analyze_path(LETTER)
    assert e.value.path == str(LETTER)
    assert "internal error" in str(e.value) and "$.themes[0]" in str(e.value)


def test_analyze_says_an_internal_error_on_one_line_with_exit_code_1(broken_stage) -> None:
    result = CliRunner().invoke(main, ["analyze", str(LETTER)])
    assert result.exit_code == 1
    assert result.stdout == ""
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"kamerspoor: {LETTER}: internal error")


def test_ingest_lists_the_file_as_failed_and_stores_the_others(broken_stage, store) -> None:
    report = ingest(store, [LETTER, EXAMPLES / "zaken"], jobs=1)
    assert [f for f, _ in report.failed] == [str(LETTER.resolve())]
    assert report.failed[0][1].startswith("internal error of kamerspoor")
    assert report.zaken >= 1  # the run went on


def test_an_upload_that_meets_the_bug_is_a_500_with_one_line(broken_stage, example_db_copy) -> None:
    with running(create_app(example_db_copy, token=TOKEN)) as url, httpx.Client(base_url=url, timeout=30) as c:
        r = c.post("/api/documents", files={"file": ("brief.txt", LETTER.read_bytes(), "text/plain")},
                   headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 500
    error = r.json()["error"]
    assert error.startswith("brief.txt: internal error of kamerspoor") and "\n" not in error
