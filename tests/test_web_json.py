"""The API's JSON answers are encoded by msgspec (kamerspoor.web.api.JSONResponse): the same bytes as the json
module's compact UTF-8 encoding, which the API gave before, for every kind of value the API answers with (a
float so small or large that it is written with an exponent is written 1e-7 rather than 1e-07: the same number)."""

from __future__ import annotations

import json

from kamerspoor.web.api import JSONResponse


def _stdlib(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode()


def test_the_api_encodes_its_values_as_the_json_module_did() -> None:
    values = [
        {"id": "kst-35207-32", "n": 3, "score": 0.8125, "big": 12345678901234567890,
         "none": None, "flags": [True, False], "nested": {"a": [1, 2.5, {"b": "c"}]}},
        {"text": "Oeigoeren — ‘zo’ \"geciteerd\" \\ tab\there\nnieuwe regel \x01 \u2028 é ö ß 中文 🙂"},
        {3: "int key", "z": 1, "a": 2},  # keys keep their order; an int key becomes a string
        [], {}, "", 0, -1.5, [[], [[]]],
    ]
    for v in values:
        assert JSONResponse(v).body == _stdlib(v)
    exponents = {"small": 1e-7, "large": 1e22, "share": 0.0001}
    assert json.loads(JSONResponse(exponents).body) == exponents


def test_a_value_msgspec_does_not_take_is_encoded_by_the_json_module() -> None:
    v = {None: 1, 2.5: "float key"}
    assert JSONResponse(v).body == _stdlib(v)
