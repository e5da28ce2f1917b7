"""The one exception for bad input, shared by every stage (read, the record loader, ingest, the CLI), and the
one for a stage that built an invalid record (a bug, said on one line as well)."""

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


class PipelineError(RuntimeError):
    """A stage produced something the record's types do not allow: a bug in that stage, not bad input.

    Like :class:`InputError` it names the file, so the CLI, ingest and the API say it on one line, as an
    internal error: the CLI exits with 1 (the input is not at fault), ingest lists the file as failed and goes
    on, the API answers 500. ``problem`` holds what msgspec found wrong, naming the field."""

    def __init__(self, path: str | None, problem: str):
        self.path = path
        self.problem = (f"internal error of kamerspoor, please report it: the stages built an invalid record "
                        f"({problem})")
        super().__init__(f"{path or '<input>'}: {self.problem}")
