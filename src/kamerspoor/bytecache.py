"""Memoisation bounded in bytes: the pipeline's caches of words and tokens.

The pipeline caches what it learns about words (a stem, a word frequency, a token's taxonomy matches), because
documents repeat their words. ``functools.lru_cache`` bounds a cache by its number of entries, which says
nothing about memory when the input chooses the keys: 200,000 "words" of 30 kB each are 6 GB. These caches
count the bytes of what they keep (key and value as ``sys.getsizeof`` sees them, one level into tuples and
sets, plus the entry's own overhead), drop the least recently used entries when a budget is passed, and never
keep an entry larger than a tenth of the budget.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

#: bytes a dict entry and its bookkeeping tuple cost beyond the key and value themselves
ENTRY_OVERHEAD = 120
_CONTAINERS = (tuple, list, frozenset, set)


def size_of(obj: object) -> int:
    """Bytes of ``obj``: ``sys.getsizeof``, plus that of its items for a tuple, list or set (one level)."""
    n = sys.getsizeof(obj)
    if isinstance(obj, _CONTAINERS):
        n += sum(sys.getsizeof(x) for x in obj)
    return n


class ByteLRU:
    """A mapping of at most ``budget`` bytes that forgets its least recently used entries first."""

    def __init__(self, budget: int, size: Callable[[Any], int] = size_of) -> None:
        self.budget = budget
        self.size = size
        self.used = 0
        # an OrderedDict, not a dict: forgetting the oldest entry of a dict (next(iter(d))) walks past the slots
        # of the entries taken out before it, which made a long run of new words quadratic
        self._data: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: Hashable, default: Any = None) -> Any:
        """The value kept for ``key`` (now the most recently used), else ``default``. (No lock: looking an entry
        up and moving it to the end are each atomic, and a put that forgets it in between only costs a miss.)"""
        data = self._data
        entry = data.get(key)
        if entry is None:
            return default
        try:
            data.move_to_end(key)
        except KeyError:  # forgotten by another thread in between
            return default
        return entry[0]

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` for ``key``, forgetting the oldest entries while over budget; an entry over a tenth
        of the budget is not kept."""
        cost = size_of(key) + self.size(value) + ENTRY_OVERHEAD
        if cost * 10 > self.budget:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self.used -= old[1]
            self._data[key] = (value, cost)
            self.used += cost
            while self.used > self.budget:
                self.used -= self._data.popitem(last=False)[1][1]

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.used = 0


def byte_lru(budget: int, size: Callable[[Any], int] = size_of) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator: memoise a function of hashable positional arguments in a :class:`ByteLRU` of ``budget``
    bytes. The wrapper has ``cache`` (the ByteLRU) and ``cache_clear()``."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        cache = ByteLRU(budget, size)
        missing = object()

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if kwargs:
                return func(*args, **kwargs)
            key = args[0] if len(args) == 1 else args
            value = cache.get(key, missing)
            if value is missing:
                value = func(*args, **kwargs)  # (no keywords here: both given, as the types ask)
                cache.put(key, value)
            return value  # type: ignore[return-value]

        wrapper.cache = cache  # type: ignore[attr-defined]
        wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
        return wrapper

    return decorate
