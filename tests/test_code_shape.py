"""The code keeps the shape the developers' guide asks for: no function over 80 lines and none that radon grades
E or F (cyclomatic complexity over 30), anywhere under src/.

Both are read from the source as it is (ast for the lengths, radon's own visitor for the grades), so a
function that grows past either limit fails here with its file, line and name, not in a review later. The
check over 80 lines is also a script: ``python tests/test_code_shape.py`` lists the long functions.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
MAX_LINES = 80


def long_functions(root: Path = SRC, limit: int = MAX_LINES) -> list[str]:
    """Every function or method under ``root`` longer than ``limit`` lines (decorators not counted), as
    ``path:line name (N lines)``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > limit:
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_the_length_check_finds_a_long_function(tmp_path) -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_LINES))
    (tmp_path / "long.py").write_text(f"def short():\n    return 1\n\n\ndef long():\n{body}", encoding="utf-8")
    assert long_functions(tmp_path) == [f"long.py:5 long ({MAX_LINES + 1} lines)"]


def test_no_function_under_src_is_over_80_lines() -> None:
    assert long_functions() == []


def graded_e_or_f(root: Path = SRC) -> list[str]:
    """Every function, method or class under ``root`` that radon grades E or F, as ``path:line name (CC)``."""
    complexity = pytest.importorskip("radon.complexity", reason="radon is in the test extras")
    graded = []
    for path in sorted(root.rglob("*.py")):
        for block in complexity.cc_visit(path.read_text(encoding="utf-8")):
            if complexity.cc_rank(block.complexity) in "EF":
                graded.append(f"{path.relative_to(root)}:{block.lineno} {block.fullname} ({block.complexity})")
    return graded


def test_the_grade_check_finds_a_tangled_function(tmp_path) -> None:
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(31))
    (tmp_path / "tangled.py").write_text(f"def tangled(x):\n{body}    return -1\n", encoding="utf-8")
    assert graded_e_or_f(tmp_path) == ["tangled.py:1 tangled (32)"]


def test_no_function_under_src_is_graded_e_or_f_by_radon() -> None:
    assert graded_e_or_f() == []


if __name__ == "__main__":
    print("\n".join(long_functions()) or f"no function over {MAX_LINES} lines under {SRC}")
    sys.exit(1 if long_functions() else 0)
