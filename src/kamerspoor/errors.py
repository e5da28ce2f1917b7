"""The one exception for bad input, shared by every stage (read, the record loader, ingest, the CLI)."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: the message names the file (and line where known) and what is wrong.

    The CLI prints it on one line and exits with code 2.
    """

    def __init__(self, path: str | None, problem: str, line: int | None = None):
        self.path = path
        self.problem = problem
        self.line = line
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {problem}")
