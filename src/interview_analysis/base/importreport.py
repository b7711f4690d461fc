"""What an import did: what was read, written, dropped and adjusted, in words a researcher reads.

REFI-QDA (spec §7) requires telling the user about everything that is not carried over. Each
kind of loss or change is counted once with a few examples, e.g.::

    dropped 2 media sources (only text sources can be imported): interview.mp3, photo.jpg
    adjusted 14 selections: positions counted in UTF-16 code units ... converted to characters
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

_EXAMPLES = 3


@dataclass
class Issue:
    """One kind of dropped or adjusted element."""

    what: str
    reason: str
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def line(self, verb: str) -> str:
        shown = ", ".join(self.examples[:_EXAMPLES])
        more = f" and {self.count - len(self.examples[:_EXAMPLES])} more" \
            if self.count > len(self.examples[:_EXAMPLES]) and self.examples else ""
        return f"{verb} {self.count} {self.what}: {self.reason}" + (
            f" ({shown}{more})" if shown else "")


@dataclass
class ImportReport:
    """The outcome of importing a REFI-QDA or spreadsheet file.

    Attributes
    ----------
    file:
        The file imported.
    origin:
        The program that wrote it (REFI ``origin``), when known.
    documents, cases, codes:
        What was read (document IDs, number of cases and codes).
    codings:
        ``{coder: number of coded spans}``.
    written, unchanged:
        Files written, and files that already held exactly the same content.
    dropped, adjusted:
        Everything left out or changed, one :class:`Issue` per kind.
    notes:
        Other things worth knowing (e.g. the file does not validate against the schema).
    changes:
        ``{coder: changes}`` of a coding sheet: what was added, changed and removed in each
        coder's codings file (objects with ``lines()``, ``destructive``).
    dry_run, planned:
        A dry run writes nothing; ``planned`` are the files it would write.
    """

    file: Path
    origin: str | None = None
    documents: list[str] = field(default_factory=list)
    cases: int = 0
    codes: int = 0
    codings: dict[str, int] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    dropped: dict[str, Issue] = field(default_factory=dict)
    adjusted: dict[str, Issue] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    changes: dict[str, object] = field(default_factory=dict)
    dry_run: bool = False
    planned: list[Path] = field(default_factory=list)

    def _note(self, table: dict[str, Issue], what: str, reason: str, example, count: int):
        issue = table.setdefault(f"{what}\x00{reason}", Issue(what, reason))
        issue.count += count
        if example is not None and len(issue.examples) < 10:
            issue.examples.append(str(example))

    def drop(self, what: str, reason: str, example=None, count: int = 1) -> None:
        """Record that ``count`` elements of kind ``what`` were left out, and why."""
        self._note(self.dropped, what, reason, example, count)

    def adjust(self, what: str, reason: str, example=None, count: int = 1) -> None:
        """Record that ``count`` elements of kind ``what`` were changed, and how."""
        self._note(self.adjusted, what, reason, example, count)

    @property
    def lossless(self) -> bool:
        """True when nothing was dropped."""
        return not self.dropped

    def summary(self) -> list[str]:
        """Lines to print after an import (what was read, written, dropped, adjusted)."""
        origin = f" (written by {self.origin})" if self.origin else ""
        verb = "would import" if self.dry_run else "imported"
        lines = [f"{verb} {self.file.name}{origin}: {len(self.documents)} documents, "
                 f"{self.cases} cases, {self.codes} codes, "
                 f"{sum(self.codings.values())} codings"
                 + (" by " + ", ".join(f"{c} ({n})" for c, n in sorted(self.codings.items()))
                    if self.codings else "")]
        for changes in self.changes.values():
            lines += changes.lines()
        lines += [f"  wrote {p}" for p in self.written]
        lines += [f"  would write {p}" for p in self.planned]
        if self.unchanged:
            lines.append(f"  {len(self.unchanged)} files already had this content: "
                         + ", ".join(p.name for p in self.unchanged[:5]))
        lines += ["  " + issue.line("dropped") for issue in self.dropped.values()]
        lines += ["  " + issue.line("adjusted") for issue in self.adjusted.values()]
        lines += [f"  note: {note}" for note in self.notes]
        if not self.dropped and not any(c.destructive for c in self.changes.values()):
            lines.append("  nothing was dropped")
        if self.dry_run:
            lines.append("  dry run: nothing was written")
        return lines

    def __str__(self) -> str:
        return "\n".join(self.summary())
