"""What an ingest run did: counts per outcome, every failure as (file, reason), every path left out as (path,
reason), and why the run stopped when the database failed under it."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TextIO


@dataclass
class IngestReport:
    files: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    removed: int = 0  # documents a new version of their file no longer yields
    zaken: int = 0
    votes: int = 0
    officials: int = 0  # official commitments added or changed
    deleted: int = 0  # Zaken and official commitments removed because Tweede Kamer open data deleted them
    skipped: int = 0  # paths inside folders left out on purpose (len(skipped_paths))
    failed: list[tuple[str, str]] = field(default_factory=list)
    linked: int = 0
    seconds: float = 0.0
    bytes: int = 0
    other: dict[str, int] = field(default_factory=dict)  # counts of inputs the fields above do not name
    skipped_paths: list[tuple[str, str]] = field(default_factory=list)  # (path, why it was left out)
    stopped: str | None = None  # why the run stopped before its end (the database failed); None: it ran through

    @property
    def ok(self) -> bool:
        return not self.failed and not self.stopped

    def skip(self, path: str | Path, reason: str) -> None:
        """Leave ``path`` out, saying why."""
        self.skipped_paths.append((str(path), reason))
        self.skipped += 1

    def add(self, counter: str, n: int | bool = 1) -> None:
        """Count ``n`` more of ``counter`` (a field above, or any other name, reported after ``deleted``)."""
        if counter in _COUNTERS:
            setattr(self, counter, getattr(self, counter) + int(n))
        else:
            self.other[counter] = self.other.get(counter, 0) + int(n)

    def merge(self, other: IngestReport) -> None:
        """Add the counts and lists of ``other`` (a batch's, once it is committed) to these."""
        for name in _COUNTERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failed += other.failed
        self.skipped_paths += other.skipped_paths
        for k, n in other.other.items():
            self.other[k] = self.other.get(k, 0) + n

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
                "removed": self.removed, "zaken": self.zaken, "votes": self.votes, "officials": self.officials,
                "deleted": self.deleted, **self.other, "skipped": self.skipped,
                "linked": self.linked, "failed": [{"file": f, "reason": r} for f, r in self.failed],
                "seconds": round(self.seconds, 2), "bytes": self.bytes,
                "skipped_paths": [{"path": f, "reason": r} for f, r in self.skipped_paths], "stopped": self.stopped}


_COUNTERS = frozenset(f.name for f in fields(IngestReport) if f.type in ("int", int))


def print_failures(report: IngestReport, file: TextIO | None = None, most_skipped: int = 10) -> None:
    """The failures of a run, one line each (``file: reason``), then the paths left out (the first
    ``most_skipped`` of them: the JSON report lists them all)."""
    file = file or sys.stderr
    if report.failed:
        print(f"{len(report.failed)} file(s) failed:", file=file)
        for path, reason in report.failed:
            print(f"  {path}: {reason}", file=file)
    if report.skipped_paths:
        print(f"{len(report.skipped_paths)} path(s) left out:", file=file)
        for path, reason in report.skipped_paths[:most_skipped]:
            print(f"  {path}: {reason}", file=file)
        if len(report.skipped_paths) > most_skipped:
            print(f"  ... and {len(report.skipped_paths) - most_skipped} more (--format json lists them all)",
                  file=file)
