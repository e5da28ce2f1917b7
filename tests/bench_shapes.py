"""The hostile inputs that bench/hostile.py measures (bench/hostile_shapes.py), for the tests that run the same
shapes (test_hostile, test_linear): bench/ is not a package, so the module is loaded once by its path."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

_NAME = "kamerspoor_hostile_shapes"


def hostile_shapes() -> ModuleType:
    """bench/hostile_shapes.py as a module, loaded on the first call."""
    if _NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(_NAME, Path(__file__).resolve().parent.parent / "bench"
                                                      / "hostile_shapes.py")
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[_NAME] = module
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    return sys.modules[_NAME]
