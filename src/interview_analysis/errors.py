"""Errors a researcher can act on: every message names the file, the place, the value and the fix.

All package errors derive from :class:`InterviewAnalysisError`; the CLI prints them without a
traceback and exits with status 2. Anything else reaching the CLI is a bug in interview-analysis:
it is reported as an "unexpected problem" with exit status 3. ``docs/troubleshooting.md`` lists
every message with its cause and fix.
"""
from __future__ import annotations

from pathlib import Path

_UNSET = object()


class InterviewAnalysisError(Exception):
    """A problem with the researcher's input that they can fix.

    Parameters
    ----------
    problem:
        What is wrong, in one sentence.
    file:
        The file the problem is in.
    where:
        Where in the file: ``"line 4"``, ``"row 3"``, ``"<Code guid=...>"``.
    value:
        The offending value, shown with ``repr``.
    fix:
        What the researcher should do about it.
    """

    def __init__(self, problem: str, *, file: str | Path | None = None, where: str | None = None,
                 value: object = _UNSET, fix: str | None = None) -> None:
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.where = where
        self.value = value
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        place = ", ".join(p for p in (self.file, self.where) if p)
        text = f"{place}: {self.problem}" if place else self.problem
        if self.value is not _UNSET:
            shown = repr(self.value)
            if len(shown) > 120:
                shown = shown[:117] + "..."
            text += f" (found {shown})"
        if self.fix:
            text += f"\n  Fix: {self.fix}"
        return text

    def __str__(self) -> str:
        return self.message


class InputError(InterviewAnalysisError):
    """A transcript or other input file cannot be read as expected."""


class StudyError(InterviewAnalysisError):
    """``study.yaml`` or ``cases.csv`` is malformed or inconsistent with the transcripts."""


class CodebookError(InterviewAnalysisError):
    """The codebook YAML (or .qdc) is malformed: syntax, duplicate IDs, rules, regexes."""


class RuleSyntaxError(CodebookError):
    """A rule (or a search query in rule syntax) is malformed; the message says what is
    expected. The codebook reader adds the file, line and code."""


class CodingsError(InterviewAnalysisError):
    """A codings file points at unknown documents, codes or out-of-range offsets."""


class ReliabilityError(InterviewAnalysisError, ValueError):
    """Intercoder reliability cannot be computed from what was given (too few coders, a table
    of the wrong shape, labels where numbers are needed). Also a :class:`ValueError`, as
    statistics libraries raise for bad input."""


class ProjectError(InterviewAnalysisError):
    """The project database cannot be opened or updated."""


class ExchangeError(InterviewAnalysisError):
    """A REFI-QDA or spreadsheet file cannot be imported or exported."""


class UsageError(InterviewAnalysisError):
    """A command-line argument or option is missing or has an invalid value."""


class OutputError(InterviewAnalysisError, OSError):
    """An output file or folder cannot be written (permissions, a folder in the way, disk full).

    Also an :class:`OSError`, so code that already handles a failed write (e.g. a cache that is
    simply skipped in a read-only folder) keeps working.
    """


class StudyWarning(UserWarning):
    """Something in a study looks unintended but does not stop the analysis."""


class StudyNote(StudyWarning):
    """Something the researcher should know but need not act on (files in the transcripts
    folder that are not transcripts, such as Word's lock files); printed as ``note:``."""


class InternalError(Exception):
    """Something interview-analysis itself does not expect: a bug, never the researcher's
    input. The command line reports it as an unexpected problem (exit status 3)."""


class CacheDamaged(Exception):
    """A cache file that cannot be used. It is recomputed and rewritten; it never reaches a
    researcher."""
