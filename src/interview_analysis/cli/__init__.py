"""The command line: a thin layer that parses arguments and calls one library function each.

Every error a researcher can cause is printed as one message (no traceback) with exit status 2.
Any other exception is a bug: it is printed as one "unexpected problem" message asking for a
report, with exit status 3 (set ``INTERVIEW_ANALYSIS_DEBUG=1`` to see the traceback).

Start-up imports only the standard library: ``--version``, ``--help`` and a mistyped option
answer at once, and each command imports what it uses when it runs (:mod:`.commands`).
"""
from __future__ import annotations

import argparse
import os
import sys
import traceback
import warnings

from ..errors import InterviewAnalysisError, StudyNote, UsageError
from ..version import __version__
from . import commands  # noqa: F401  (registers the commands; imports no library code)
from .parser import COMMANDS, _Parser

#: Exit status for a problem in the researcher's input (files, options).
EXIT_INPUT = 2
#: Exit status for an unexpected problem: a bug in interview-analysis.
EXIT_BUG = 3


def build_parser() -> argparse.ArgumentParser:
    """The ``interview-analysis`` parser with every command of :mod:`.commands`."""
    parser = _Parser(prog="interview-analysis",
                     description="Reproducible qualitative analysis of theme interviews.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for cmd in COMMANDS.values():
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        for a in cmd.args:
            p.add_argument(*a.names, **a.options)
        p.set_defaults(run=cmd.run)
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None):
    kind = "note" if issubclass(category, StudyNote) else "warning"
    print(f"{kind}: {message}", file=sys.stderr)


def _report_bug(exc: BaseException) -> None:
    """The last resort: one message instead of a traceback, and how to report it."""
    print(f"error: unexpected problem: {type(exc).__name__}: {exc}", file=sys.stderr)
    print("  This is a bug in interview-analysis, not a problem with your files. Please report "
          "it to the interview-analysis developers with the command you ran and this message "
          "(run again with INTERVIEW_ANALYSIS_DEBUG=1 to include the full traceback).",
          file=sys.stderr)
    if os.environ.get("INTERVIEW_ANALYSIS_DEBUG", "") not in ("", "0"):
        traceback.print_exception(exc, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``interview-analysis`` command.

    Returns 0 on success, 2 for a problem with the input (files, options), 3 for an unexpected
    problem (a bug), 130 when interrupted.
    """
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            raise UsageError("no command given", fix="choose one of the commands listed above, "
                                                     "e.g. interview-analysis run STUDY --out OUT")
        warnings.showwarning = _show_warning
        args.run(args)
    except InterviewAnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted; no output was written", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last resort: never a traceback
        _report_bug(exc)
        return EXIT_BUG
    return 0


