"""Property-based fuzzing of the JSON API from its own OpenAPI schema (schemathesis), on a live server.

Every operation gets generated requests (valid and invalid parameters, odd strings, huge numbers): none may
give a 500, a status code the schema does not list, or a content type it does not declare.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.generation.modes import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    status_code_conformance,
)

from kamerspoor.web import create_app  # noqa: E402
from kamerspoor.web.server import running  # noqa: E402


@pytest.fixture(scope="module")
def live_url(example_db: str):
    with running(create_app(example_db, token="fuzz-token-not-sent")) as url:
        yield url


@pytest.fixture(scope="module")
def api_schema(live_url):
    return schemathesis.openapi.from_url(f"{live_url}/api/openapi.json")


OPERATIONS = [("GET", "/api/documents"), ("GET", "/api/documents/{doc_id}"), ("POST", "/api/documents"),
              ("GET", "/api/motions"), ("GET", "/api/motions/{motion_id}"), ("GET", "/api/motions/{motion_id}/candidates"),
              ("GET", "/api/answers"),
              ("GET", "/api/commitments"), ("GET", "/api/search"), ("GET", "/api/dossiers"),
              ("GET", "/api/dossiers/{dossier}"), ("GET", "/api/themes"), ("GET", "/api/themes/{theme_id}"),
              ("GET", "/api/stats"), ("GET", "/api/report"), ("GET", "/api/watches"), ("POST", "/api/watches"),
              ("DELETE", "/api/watches/{watch_id}")]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]


def test_every_operation_of_the_schema_is_fuzzed(api_schema):
    found = {(r.ok().method.upper(), r.ok().path) for r in api_schema.get_all_operations()}
    assert found == set(OPERATIONS)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("method, path", OPERATIONS)
def test_api_never_fails_on_generated_requests(api_schema, method, path, mode):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    def run(case):
        case.call_and_validate(checks=CHECKS, timeout=20)

    try:
        run()
    except Unsatisfiable:
        # every string is a valid value of this operation's parameters: there is no invalid request to make
        pytest.skip(f"{method} {path} has no parameter that can be invalid")
