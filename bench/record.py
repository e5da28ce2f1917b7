"""Benchmark of the analysis record's types (kamerspoor.record): checked decoding and encoding.

    .venv/bin/python bench/record.py [--repeat N]

Why kamerspoor.record uses msgspec Structs and not frozen dataclasses. On the record of the letter 35 207
nr. 32 (or of the fictional example when ../shared is absent), each measured N times, median:

  1. ``json.loads`` of the record's JSON into plain dicts, no checking: the floor;
  2. ``from_json(bytes)``: msgspec decodes and checks into the Structs;
  3. the alternative: ``json.loads`` and then a checking loader into frozen dataclasses with the same
     fields (below: a fair one, its converters compiled once per type, as we would have to write and keep);
  4. ``from_json(dict)``: msgspec checks an already parsed dict (what ingest does, since it parses first to
     tell records from Zaken);
  5. encoding: ``json.dumps(record.to_dict())`` against ``msgspec.json.encode(record)``.

Prints each as a ratio to the floor (same run, same machine). Numbers are printed, not asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
import types
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import msgspec

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT.parent / "shared" / "corpus" / "kst-35207-32.pdf.txt"
EXAMPLE = ROOT / "examples" / "kst-99901-14.pdf.txt"


# -- the alternative: frozen dataclasses with the same fields and a checking loader for them -------------------

def _dataclass_mirror(struct: type, made: dict[type, type]) -> type:
    """A frozen dataclass with the fields (and types) of a msgspec Struct; nested Structs mirrored too."""
    if struct in made:
        return made[struct]
    fields = []
    for f in msgspec.structs.fields(struct):
        default: Any = dataclasses.MISSING if f.default is msgspec.NODEFAULT else f.default
        if f.default_factory is not msgspec.NODEFAULT:
            fields.append((f.name, Any, dataclasses.field(default_factory=f.default_factory)))
        else:
            fields.append((f.name, Any, dataclasses.field(default=default)))
    cls = dataclasses.make_dataclass(struct.__name__, fields, frozen=True, kw_only=True)
    made[struct] = cls
    cls.__kamerspoor_types__ = {f.name: f.type for f in msgspec.structs.fields(struct)}  # type: ignore[attr-defined]
    return cls


class CheckError(ValueError):
    pass


def _converter(tp: Any, made: dict[type, type], cache: dict[Any, Any]) -> Any:
    """A function value -> checked value for type ``tp`` (compiled once per type)."""
    key = repr(tp)
    if key in cache:
        return cache[key]
    origin = get_origin(tp)
    if origin is Annotated:
        inner, *metas = get_args(tp)
        conv = _converter(inner, made, cache)
        limits = [m for m in metas if isinstance(m, msgspec.Meta)]

        def annotated(v: Any, path: str) -> Any:
            v = conv(v, path)
            for m in limits:
                if m.ge is not None and v < m.ge or m.le is not None and v > m.le:
                    raise CheckError(f"{path}: out of range")
                if m.pattern is not None and not __import__("re").search(m.pattern, v):
                    raise CheckError(f"{path}: does not match {m.pattern}")
            return v
        fn = annotated
    elif origin in (Union, types.UnionType):
        options = [_converter(a, made, cache) for a in get_args(tp) if a is not type(None)]
        nullable = type(None) in get_args(tp)

        def union(v: Any, path: str) -> Any:
            if v is None and nullable:
                return None
            for o in options:
                try:
                    return o(v, path)
                except CheckError:
                    continue
            raise CheckError(f"{path}: wrong type")
        fn = union
    elif origin is list:
        item = _converter(get_args(tp)[0], made, cache)

        def listing(v: Any, path: str) -> Any:
            if not isinstance(v, list):
                raise CheckError(f"{path}: expected a list")
            return [item(x, f"{path}[{i}]") for i, x in enumerate(v)]
        fn = listing
    elif origin is dict:
        value = _converter(get_args(tp)[1], made, cache)

        def mapping(v: Any, path: str) -> Any:
            if not isinstance(v, dict):
                raise CheckError(f"{path}: expected an object")
            return {str(k): value(x, f"{path}.{k}") for k, x in v.items()}
        fn = mapping
    elif origin is Literal:
        allowed = get_args(tp)

        def literal(v: Any, path: str) -> Any:
            if v not in allowed:
                raise CheckError(f"{path}: not one of {allowed}")
            return v
        fn = literal
    elif isinstance(tp, type) and issubclass(tp, Enum):
        def enum(v: Any, path: str, tp: Any = tp) -> Any:
            try:
                return tp(v)
            except ValueError:
                raise CheckError(f"{path}: not one of the values") from None
        fn = enum
    elif isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        cls = _dataclass_mirror(tp, made)
        cache[key] = None  # recursion guard
        convs = {name: _converter(t, made, cache) for name, t in cls.__kamerspoor_types__.items()}
        required = {f.name for f in dataclasses.fields(cls)
                    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}

        def struct(v: Any, path: str) -> Any:
            if not isinstance(v, dict):
                raise CheckError(f"{path}: expected an object")
            missing = required - v.keys()
            if missing:
                raise CheckError(f"{path}.{sorted(missing)[0]}: missing")
            return cls(**{k: convs[k](x, f"{path}.{k}") for k, x in v.items() if k in convs})
        fn = struct
    else:
        want = {str: str, int: int, float: float, bool: bool}[tp]

        def scalar(v: Any, path: str) -> Any:
            if type(v) is not want:
                raise CheckError(f"{path}: expected {want.__name__}")
            return v
        fn = scalar
    cache[key] = fn
    return fn


# -- measuring ---------------------------------------------------------------------------------------------

def _median(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        func()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args(argv)

    from kamerspoor import analyze_path
    from kamerspoor.record import Record, from_json

    path = LETTER if LETTER.is_file() else EXAMPLE
    record = analyze_path(path)
    data = record.to_json().encode("utf-8")
    parsed = json.loads(data)
    check = _converter(Record, {}, {})
    assert from_json(data) == record and from_json(parsed) == record
    assert dataclasses.asdict(check(json.loads(data), "$")) is not None

    print(f"record of {path.name}: {len(data) / 1000:.0f} KB of JSON, {len(record.paragraphs)} paragraphs; "
          f"python {sys.version.split()[0]}, msgspec {msgspec.__version__}, median of {args.repeat}")
    floor = _median(lambda: json.loads(data), args.repeat)
    rows = [
        ("json.loads into dicts, no checking (the floor)", floor),
        ("msgspec: decode and check (from_json of bytes)", _median(lambda: from_json(data), args.repeat)),
        ("dataclasses: json.loads + checking loader", _median(lambda: check(json.loads(data), "$"), args.repeat)),
        ("msgspec: check a parsed dict (from_json of a dict)", _median(lambda: from_json(parsed), args.repeat)),
        ("encode: json.dumps(record.to_dict())",
         _median(lambda: json.dumps(record.to_dict(), ensure_ascii=False), args.repeat)),
        ("encode: msgspec (record.to_json())", _median(record.to_json, args.repeat)),
    ]
    for label, t in rows:
        print(f"{label:<52} {t * 1000:8.3f} ms  ratio {t / floor:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
