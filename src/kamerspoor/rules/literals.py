"""The words a pattern cannot match without: a cheap look before a costly regular expression.

``required(pattern)`` reads a compiled pattern's syntax tree and returns a set of strings of which every match
contains at least one ("zal" or "zullen" for ``\\b(?:zal|zullen)\\s+...``), or None when it cannot tell. A text
that contains none of them cannot match, so ``may_match(pattern, text)`` lets the rule stages skip most of
their patterns on most sentences without running them: the same result, at the price of a few substring
tests. The reading is conservative: negative lookarounds, back references, character classes other than a
few letters, and optional parts never add a requirement (what a positive lookaround looks for does: it stands
in the text next to the match); an alternation requires something only when each of its branches does. Case-insensitive patterns are looked up in the lower-cased text, unless the text holds one of
the few letters Python's case-insensitive matching pairs with a letter of another lower case ("ı" and "İ" with
"i", "ſ" with "s", some Greek and Cyrillic forms: ``re._casefix``): then the pattern is run.
"""

from __future__ import annotations

import re
import re._constants as sre_c  # type: ignore[import-not-found]  # CPython's own, untyped
import re._parser as sre_parse  # type: ignore[import-not-found]
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import product
from typing import Any, TypeVar

MAX_STRINGS = 64  # a requirement of more alternatives than this is not worth testing one by one

_IGNORECASE = int(re.IGNORECASE)


def _unsure_letters() -> re.Pattern[str]:
    """The letters whose lower case is not what case-insensitive matching goes by."""
    try:
        from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]
        codes = {k for k in _EXTRA_CASES} | {v for vs in _EXTRA_CASES.values() for v in vs}
    except ImportError:  # another Python: every letter outside ASCII is unsure
        return re.compile(r"[^\x00-\x7f]")
    letters = {chr(c) for c in codes if c > 127}
    letters |= {x for c in list(letters) for x in (c.upper(), c.title()) if len(x) == 1 and x > "\x7f"}
    letters.add("\u0130")  # İ: lower case makes it two characters
    return re.compile("[" + "".join(sorted(letters)) + "]")


_UNSURE = _unsure_letters()
_known: dict[int, tuple[re.Pattern[str], frozenset[str] | None, bool]] = {}  # id -> (pattern, required, ignorecase)


def required(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains one, or a lookaround of it looks for one (lower case
    for a case-insensitive pattern); None when there is no such set worth testing."""
    return _learn(pattern)[1]


def _learn(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], frozenset[str] | None, bool]:
    known = _known.get(id(pattern))
    if known is not None and known[0] is pattern:
        return known
    try:
        found = _sequence(list(sre_parse.parse(pattern.pattern, pattern.flags)))
    except Exception:  # noqa: BLE001 - a tree this reading does not know only costs the shortcut
        found = None
    ignorecase = bool(pattern.flags & _IGNORECASE)
    if found is not None and ignorecase:
        found = frozenset(s.lower() for s in found)
    if found is not None and (not found or "" in found or len(found) > MAX_STRINGS):
        found = None
    if len(_known) < 10_000:  # the rules' patterns: a few hundred
        _known[id(pattern)] = (pattern, found, ignorecase)
    return pattern, found, ignorecase


def may_match(pattern: re.Pattern[str], text: str, lower: str | None = None) -> bool:
    """False only when ``pattern`` cannot match ``text`` (it lacks every required string); ``lower`` is
    ``text.lower()`` when the caller has it."""
    known = _known.get(id(pattern))
    _, need, ignorecase = known if known is not None and known[0] is pattern else _learn(pattern)
    if need is None:
        return True
    if ignorecase:
        if not text.isascii() and _UNSURE.search(text):
            return True
        text = lower if lower is not None else text.lower()
    for s in need:
        if s in text:
            return True
    return False


class Gate:
    """:func:`may_match` of each of a fixed list of patterns, answered for all of them at once: one pass of an
    Aho-Corasick automaton over the text (another over its lower case, for the case-insensitive patterns) finds
    which of all their required strings stand in it, instead of testing each pattern's strings one by one. The
    same answers as :func:`may_match`, pattern by pattern (a pattern without a requirement is always open)."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = tuple(patterns)
        self.always = bytearray(len(self.patterns))  # 1 where a pattern has no requirement
        exact: dict[str, list[int]] = {}
        folded: dict[str, list[int]] = {}
        self.folded_patterns: list[int] = []  # case-insensitive patterns with a requirement
        for k, pattern in enumerate(self.patterns):
            _, need, ignorecase = _learn(pattern)
            if need is None:
                self.always[k] = 1
                continue
            if ignorecase:
                self.folded_patterns.append(k)
            for s in need:
                (folded if ignorecase else exact).setdefault(s, []).append(k)
        self._exact = _automaton(exact)
        self._folded = _automaton(folded)

    def open(self, text: str, lower: str | None = None) -> bytearray:
        """Per pattern, 1 unless it cannot match ``text``; ``lower`` is ``text.lower()`` when the caller has it."""
        ok = bytearray(self.always)
        if self._exact is not None:
            for _, ks in self._exact.iter(text):
                for k in ks:
                    ok[k] = 1
        if self._folded is not None:
            if not text.isascii() and _UNSURE.search(text):  # lower case is not what the patterns go by: all run
                for k in self.folded_patterns:
                    ok[k] = 1
            else:
                for _, ks in self._folded.iter(lower if lower is not None else text.lower()):
                    for k in ks:
                        ok[k] = 1
        return ok


def _automaton(strings: dict[str, list[int]]) -> Any:
    """An Aho-Corasick automaton of the strings, each giving the patterns that need it (None for none)."""
    if not strings:
        return None
    import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type information

    auto = ahocorasick.Automaton()
    for s, ks in strings.items():
        auto.add_word(s, tuple(ks))
    auto.make_automaton()
    return auto


_K = TypeVar("_K")
_V = TypeVar("_V")


def _once(cache: dict[int, tuple[_K, _V]], key: _K, make: Callable[[_K], _V], limit: int) -> _V:
    """``make(key)``, made once per object (by identity; the object is kept with its value, so its id is not
    reused while cached), for at most ``limit`` objects: the rules' compiled patterns, a few hundred."""
    known = cache.get(id(key))
    if known is not None and known[0] is key:
        return known[1]
    made = make(key)
    if len(cache) < limit:
        cache[id(key)] = (key, made)
    return made


_gates: dict[int, tuple[tuple[re.Pattern[str], ...], Gate]] = {}  # id of a tuple of patterns -> (it, its gate)


def gate(patterns: tuple[re.Pattern[str], ...]) -> Gate:
    """The :class:`Gate` of a tuple of the rules' patterns, made once (the tuple is kept with it)."""
    return _once(_gates, patterns, Gate, 1_000)


def _sequence(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The best requirement of a sequence: a run of exact items taken together, or one item's own."""
    best: frozenset[str] | None = None
    run = frozenset({""})  # the strings the current run of exact items matches, one after the other
    for op, av in items:
        if op is sre_c.ASSERT:  # a lookahead or lookbehind: what it looks for stands in the text, next to the match
            best = _better(best, _sequence(list(av[1])))
        exact = _exact(op, av)
        if exact is not None:
            joined = _join(run, exact)
            if joined is None:  # too many: the run so far is one requirement, a new run starts here
                best, joined = _better(best, run), exact
            run = joined
            continue
        best = _better(_better(best, run), _item(op, av))
        run = frozenset({""})
    return _better(best, run)


def _item(op: Any, av: Any) -> frozenset[str] | None:
    """What one item of a sequence requires (not being exact itself)."""
    if op is sre_c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags & re.IGNORECASE or del_flags & re.IGNORECASE:
            return None  # case-sensitivity changed inside: not read
        return _sequence(list(sub))
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        return _sequence(list(sub)) if low >= 1 else None
    if op is getattr(sre_c, "ATOMIC_GROUP", None):
        return _sequence(list(av))
    if op is sre_c.BRANCH:
        options = [_sequence(list(alt)) for alt in av[1]]
        if any(o is None for o in options):
            return None
        return frozenset().union(*options)  # type: ignore[arg-type]
    return None


def _exact(op: Any, av: Any) -> frozenset[str] | None:
    """Every string an item matches, when it matches only a few fixed strings (a letter, [Zz], (?:en|of))."""
    if op is sre_c.LITERAL:
        return frozenset({chr(av)})
    if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):  # they match where they stand, taking nothing
        return frozenset({""})
    if op is sre_c.IN:
        if all(o is sre_c.LITERAL for o, _ in av) and len(av) <= 4:
            return frozenset(chr(v) for _, v in av)
        return None
    if op is sre_c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            return None
        return _exact_sequence(list(sub))
    if op is sre_c.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            exact = _exact_sequence(list(alt))
            if exact is None:
                return None
            out |= exact
            if len(out) > MAX_STRINGS:
                return None
        return frozenset(out)
    return None


def _exact_sequence(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    run: frozenset[str] | None = frozenset({""})
    for op, av in items:
        exact = _exact(op, av)
        if exact is None or run is None:
            return None
        run = _join(run, exact)
    return run


def _join(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    if len(left) * len(right) > MAX_STRINGS:
        return None
    return frozenset(a + b for a, b in product(left, right))


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two requirements: the longer shortest string, then the fewer strings."""
    if not b or "" in b:
        return a
    if not a:
        return b
    return b if (min(map(len, b)), -len(b)) > (min(map(len, a)), -len(a)) else a


# -- where a match can start -------------------------------------------------------------------------------------

_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def first_characters(pattern: re.Pattern[str]) -> str | None:
    """A character class (regex source, "[\\dKk]") holding every character a match of ``pattern`` can start with,
    or None when it cannot tell (or a match may be empty)."""
    try:
        found = _first(list(sre_parse.parse(pattern.pattern, pattern.flags)))
    except Exception:  # noqa: BLE001 - a tree this reading does not know only costs the shortcut
        return None
    if found is None or found[1] or not found[0]:
        return None
    return "[" + "".join(sorted(found[0])) + "]"


def quick_start(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` led by a look at the character it can start with: the same matches (spans and groups), but
    the regular expression engine tries the whole pattern only at those characters, not at every position
    (it cannot skip a pattern that starts with an optional part or a lookbehind by itself)."""
    first = first_characters(pattern)
    if first is None:
        return pattern
    try:
        return re.compile(f"(?={first})(?:{pattern.pattern})", pattern.flags)
    except re.error:  # e.g. global flags inside: the pattern as it is
        return pattern


# -- where a match starts with a fixed string --------------------------------------------------------------------

MIN_LEAD = 3  # leading strings shorter than this are found too often to be worth looking up one by one


def leading_strings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` starts with one (lower case when the pattern or a group of it
    matches without regard to case; "oordeel" for ``\\boordeel\\b...``), or None when there is no such set
    worth looking up (strings shorter than :data:`MIN_LEAD`)."""
    return _leads(pattern)[1]


def finditer(pattern: re.Pattern[str], text: str, lower: str | None = None) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, the same matches, but tried only where one of the pattern's leading strings
    stands (found with ``str.find``); else :func:`quick`'s look at its first characters. ``lower``:
    ``text.lower()`` when the caller has it."""
    starts = _lead_positions(pattern, text, lower)
    if starts is None:
        yield from quick(pattern).finditer(text)
        return
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = pattern.match(text, start)  # (lookbehinds and \\b see the text before ``start``, as in a search)
        if m is not None:
            yield m
            pos = max(m.end(), start + 1)


def search(pattern: re.Pattern[str], text: str, lower: str | None = None) -> re.Match[str] | None:
    """``pattern.search(text)``, tried as :func:`finditer` tries."""
    return next(finditer(pattern, text, lower), None)


def _lead_positions(pattern: re.Pattern[str], text: str, lower: str | None) -> list[int] | None:
    _, leads, folded = _leads(pattern)
    if leads is None:
        return None
    hay = _lowered(text, lower) if folded else text
    if hay is None:
        return None
    found: list[int] = []
    for lead in leads:
        at = hay.find(lead)
        while at >= 0:
            found.append(at)
            if len(found) > len(text) // 64 + 16:  # found too often: the first characters' look does better
                return None
            at = hay.find(lead, at + 1)
    return sorted(set(found))


_last_lowered: tuple[str | None, str | None] = (None, None)


def _lowered(text: str, lower: str | None) -> str | None:
    """``text`` lower-cased, when its lower case matches as case-insensitive matching does, offset for offset
    (see the module docstring); else None. The last text's answer is kept: the rules ask it of one text in turn."""
    global _last_lowered
    if _last_lowered[0] is text:
        return _last_lowered[1]
    low: str | None = lower if lower is not None else text.lower()
    if len(low or "") != len(text) or (not text.isascii() and _UNSURE.search(text)):
        low = None
    _last_lowered = (text, low)
    return low


_led: dict[int, tuple[re.Pattern[str], frozenset[str] | None, bool]] = {}  # id -> (pattern, leads, folded)


def _leads(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], frozenset[str] | None, bool]:
    known = _led.get(id(pattern))
    if known is not None and known[0] is pattern:
        return known
    try:
        tree = list(sre_parse.parse(pattern.pattern, pattern.flags))
        folded = bool(pattern.flags & _IGNORECASE) or _any_local_case(tree)
        leads = _leading(tree, folded)
    except Exception:  # noqa: BLE001 - a tree this reading does not know only costs the shortcut
        leads, folded = None, False
    if leads is not None and (not leads or min(map(len, leads)) < MIN_LEAD):
        leads = None
    if len(_led) < 10_000:
        _led[id(pattern)] = (pattern, leads, folded)
    return pattern, leads, folded


def _any_local_case(items: list[tuple[Any, Any]]) -> bool:
    return "SUBPATTERN" in str(items) and any(
        op is sre_c.SUBPATTERN and (av[1] | av[2]) & _IGNORECASE for op, av in _walk(items))


def _walk(items: list[tuple[Any, Any]]) -> Iterator[tuple[Any, Any]]:
    for op, av in items:
        yield op, av
        if op is sre_c.SUBPATTERN:
            yield from _walk(list(av[3]))
        elif op is sre_c.BRANCH:
            for alt in av[1]:
                yield from _walk(list(alt))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
            yield from _walk(list(av[2]))
        elif op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
            yield from _walk(list(av[1]))
        elif op is getattr(sre_c, "ATOMIC_GROUP", None):
            yield from _walk(list(av))


def _leading(items: list[tuple[Any, Any]], folded: bool) -> frozenset[str] | None:
    """Strings every match of a sequence starts with (lower-cased when ``folded``)."""
    run: frozenset[str] = frozenset({""})
    for op, av in items:
        if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):  # zero width: the match goes on at the same place
            continue
        exact = _exact(op, av)
        if exact is not None:
            joined = _join(run, frozenset(x.lower() for x in exact) if folded else exact)
            if joined is None:
                break
            run = joined
            continue
        inner = _leading_item(op, av, folded)
        if inner is not None:
            run = _join(run, inner) or run
        break
    return run if "" not in run else None


def _leading_item(op: Any, av: Any, folded: bool) -> frozenset[str] | None:
    if op is sre_c.SUBPATTERN:
        return _leading(list(av[3]), folded)
    if op is sre_c.BRANCH:
        options = [_leading(list(alt), folded) for alt in av[1]]
        if any(o is None for o in options):
            return None
        out = frozenset().union(*options)  # type: ignore[arg-type]
        return out if len(out) <= MAX_STRINGS else None
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
        return _leading(list(av[2]), folded)
    return None


_quick: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}  # id -> (pattern, its quick_start)


def quick(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """:func:`quick_start` of ``pattern``, made once (for the rules' patterns: a few hundred)."""
    return _once(_quick, pattern, quick_start, 10_000)


def _first(items: list[tuple[Any, Any]], fold: bool = False) -> tuple[set[str], bool] | None:
    """The class items a sequence's match can start with, and whether it can be empty. ``fold``: inside a group
    that turns case-insensitive matching on (the look is case-sensitive), so a letter stands for each it matches."""
    chars: set[str] = set()
    for op, av in items:
        found = _first_item(op, av, fold)
        if found is None:
            return None
        chars |= found[0]
        if not found[1]:
            return chars, False
    return chars, True


def _first_item(op: Any, av: Any, fold: bool) -> tuple[set[str], bool] | None:
    if op is sre_c.LITERAL:
        return {re.escape(c) for c in (_folded(av) if fold else (chr(av),))}, False
    if op is sre_c.IN:
        return _first_class(av, fold)
    if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):  # zero width: the match starts at what follows
        return set(), True
    if op is sre_c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags & ~_IGNORECASE or del_flags & ~_IGNORECASE:
            return None
        # (?i:...) folds; (?-i:...) matches a subset of what the case-insensitive look lets through
        return _first(list(sub), fold or bool(add_flags))
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
        low, high, sub = av
        found = _first(list(sub), fold) if high else (set(), True)
        return None if found is None else (found[0], found[1] or low == 0)
    if op is getattr(sre_c, "ATOMIC_GROUP", None):
        return _first(list(av), fold)
    if op is sre_c.BRANCH:
        chars: set[str] = set()
        empty = False
        for alt in av[1]:
            found = _first(list(alt), fold)
            if found is None:
                return None
            chars |= found[0]
            empty = empty or found[1]
        return chars, empty
    return None


def _first_class(items: list[tuple[Any, Any]], fold: bool) -> tuple[set[str], bool] | None:
    out: set[str] = set()
    for op, av in items:
        if op is sre_c.LITERAL:
            out |= {re.escape(c) for c in (_folded(av) if fold else (chr(av),))}
        elif op is sre_c.RANGE and not fold:
            out.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre_c.CATEGORY and str(av) in _CATEGORIES:
            out.add(_CATEGORIES[str(av)])
        else:  # a negated class, a category without a short form, a range matched in any case
            return None
    return out, False


def _folded(code: int) -> set[str]:
    """Every character that case-insensitive matching pairs with ``code``: those whose lower case (as the
    engine takes it) is its lower case or one it holds equal (``re._casefix``)."""
    import _sre  # type: ignore[import-not-found]  # CPython's engine, untyped

    low = _sre.unicode_tolower(code)
    lows = {low, *_extra_cases().get(low, ())}
    out: set[str] = set()
    for lc in lows:
        out.add(chr(lc))
        out.update(x for x in (chr(lc).upper(), chr(lc).title()) if len(x) == 1)
        out.update(map(chr, _lowers_to().get(lc, ())))
    return out


@lru_cache(maxsize=1)
def _extra_cases() -> dict[int, tuple[int, ...]]:
    from re._casefix import _EXTRA_CASES

    return dict(_EXTRA_CASES)


@lru_cache(maxsize=1)
def _lowers_to() -> dict[int, list[int]]:
    """For a lower-case letter, the characters besides its upper case that lower-case to it ("K", the Kelvin
    sign, to "k"; "İ" to "i"): every code point looked at once (a tenth of a second)."""
    import _sre  # CPython's engine

    out: dict[int, list[int]] = {}
    for code in range(sys.maxunicode + 1):
        low = _sre.unicode_tolower(code)
        if low != code and chr(code) != chr(low).upper():
            out.setdefault(low, []).append(code)
    return out
