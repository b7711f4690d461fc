"""The command line: a thin layer that parses arguments and calls one library function each.

Every error a researcher can cause is printed as one message (no traceback) with exit status 2.
Any other exception is a bug: it is printed as one "unexpected problem" message asking for a
report, with exit status 3 (set ``INTERVIEW_ANALYSIS_DEBUG=1`` to see the traceback).
"""
from __future__ import annotations

import argparse
import os
import sys
import traceback
import warnings
from pathlib import Path

from . import __version__
from .errors import InterviewAnalysisError, UsageError

#: Exit status for a problem in the researcher's input (files, options).
EXIT_INPUT = 2
#: Exit status for an unexpected problem: a bug in interview-analysis.
EXIT_BUG = 3

COMMANDS = {}


def command(name: str, help: str):
    """Register a sub-command: ``setup(parser)`` declares arguments, the function runs it."""
    def wrap(func):
        COMMANDS[name] = (help, func)
        return func
    return wrap


def _out(args, frame, default_fmt: str = "csv") -> None:
    from .io.tables import write_table
    if args.out is None:
        print(frame.to_string(index=False, max_colwidth=60))
        return
    write_table(frame, args.out, getattr(args, "format", None))
    print(f"wrote {len(frame)} rows to {args.out}")


def _study(args):
    from .study import load_study
    return load_study(args.study, lang=getattr(args, "lang", None))


@command("init", "create a study folder with a commented study.yaml")
def cmd_init(args):
    from .scaffold import init_study
    folder = init_study(args.folder, title=args.title, language=args.lang or "auto")
    print(f"created study in {folder}: edit {folder / 'study.yaml'} and add transcripts to "
          f"{folder / 'transcripts'}")


@command("passages", "list the passages (speaker turns, paragraphs or sentences)")
def cmd_passages(args):
    corpus = _study(args).corpus(args.unit)
    _out(args, corpus.passages.drop(columns=["language"]))


@command("code", "code the passages with the codebook's rules")
def cmd_code(args):
    from .coding.coder import RuleCoder
    study = _study(args)
    codebook = study.codebook(args.codebook)
    codings = RuleCoder(codebook, lang=study.language).transform(study.corpus(args.unit))
    _out(args, codings)


@command("search", "keyword in context: lemma- and compound-aware concordance")
def cmd_search(args):
    from .coding.kwic import concordance, counts_per_case
    corpus = _study(args).corpus(args.unit)
    hits = concordance(corpus, args.query, width=args.width)
    if args.out:
        _out(args, hits)
    else:
        for row in hits.itertuples(index=False):
            print(f"{row.passage_id:>12}  {row.left[-args.width:]:>{args.width}} "
                  f"[{row.match}] {row.right[:args.width]}")
    print()
    print(counts_per_case(hits, corpus).to_string(index=False))


@command("evaluate", "rules (and models) against a coder's manual coding: precision, recall, F1")
def cmd_evaluate(args):
    study = _study(args)
    if args.folds:
        from .coding.crossval import cross_validate, cross_validation_report
        result = cross_validate(study, args.coder, folds=args.folds, by=args.by, unit=args.unit,
                                codebook=args.codebook)
        print(cross_validation_report(result))
        if args.out:
            _out(args, result)
        return
    from .coding.evaluate import evaluate_rules
    scores, diffs = evaluate_rules(study, args.coder, study.codebook(args.codebook), args.unit)
    summary = scores[scores["code"].isin(["micro", "macro"])]
    print(summary[["level", "code", "precision", "recall", "f1", "support"]]
          .to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    if args.out:
        _out(args, scores)
    if args.disagreements:
        from .io.tables import write_table
        write_table(diffs, args.disagreements)
        print(f"wrote {len(diffs)} disagreements to {args.disagreements}")


@command("suggest", "rank uncoded passages per code from a coder's manual codings (a model)")
def cmd_suggest(args):
    from .coding.suggest import suggest
    study = _study(args)
    table = suggest(study, args.coder, code=args.code, n=args.n, unit=args.unit)
    _out(args, table)


@command("agreement", "cross-interviewee agreement per code and theme, with stance and consensus")
def cmd_agreement(args):
    from .analysis.agreement import agreement_table
    study = _study(args)
    codebook = study.codebook(args.codebook)
    codings = study.analysis_codings(args.coder, args.unit, codebook)
    table = agreement_table(codings, study.corpus(args.unit), codebook, lang=study.language)
    if args.out is None:
        print(table[["level", "code", "n_cases", "n_total", "direction", "consensus", "summary"]]
              .to_string(index=False))
    else:
        _out(args, table)


@command("reliability", "intercoder reliability per code and theme (kappa, alpha)")
def cmd_reliability(args):
    from .analysis.reliability import disagreements, reliability_table
    study = _study(args)
    coders = list(dict.fromkeys(c.strip() for c in (args.coders or ",".join(study.coders()))
                                .split(",") if c.strip()))  # each coder once
    if len(coders) < 2:
        raise InterviewAnalysisError("reliability needs at least two coders", value=coders,
                                     fix="give --coders A,B; coders with codings files: "
                                         + (", ".join(study.coders()) or "none"))
    codebook = study.codebook(args.codebook)
    codings = study.coders_codings(coders, args.unit, codebook)
    passages = study.corpus(args.unit).participant_passages
    used = set(codings["code"].tolist())
    codes = [c.id for c in codebook if c.id in used]
    table = reliability_table(codings, passages, coders, codes=codes)
    if args.out is None:
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    else:
        _out(args, table)
    if args.disagreements:
        from .io.tables import write_table
        diffs = disagreements(codings, passages, coders)
        write_table(diffs, args.disagreements)
        print(f"wrote {len(diffs)} disagreements to {args.disagreements}")


@command("run", "the main job: codings, analysis, figures, tables and the report")
def cmd_run(args):
    from .report.run import run_study
    study = _study(args)
    result = run_study(study, args.out, lang=args.lang, progress=sys.stderr.isatty())
    print(f"{study.title}: {len(result.files())} files in {result.out_dir}")
    for path in (result.report_html, result.report_docx, result.recommendations):
        print(f"  {path}")


@command("export", "export to REFI-QDA (.qdpx project, .qdc codebook) or an Excel coding sheet")
def cmd_export(args):
    from .io.refi import export_study
    coders = [c.strip() for c in args.coders.split(",")] if args.coders else None
    path = export_study(_study(args), args.format, args.out, coders=coders)
    print(f"wrote {path}")


@command("import", "import a REFI-QDA .qdpx/.qdc or a filled-in coding sheet into a study")
def cmd_import(args):
    from .io.refi import import_file
    report = import_file(args.file, args.into, overwrite=args.overwrite)
    print("\n".join(report.summary()))


@command("sync", "sync codings/<coder>.csv files with the project database (audit trail)")
def cmd_sync(args):
    from .store import ProjectStore
    study = _study(args)
    coders = [c.strip() for c in args.coders.split(",")] if args.coders else study.coders()
    with ProjectStore.open(study, accept_changed=args.accept_changed, refresh=False) as store:
        from .coding.codings import check_coder_name
        for coder in coders:
            check_coder_name(coder, UsageError, where="--coders")
        known = sorted(set(study.coders()) | set(store.coders()))
        unknown = [c for c in coders if c not in known]
        if unknown:
            raise UsageError("--coders names a coder with no codings file and nothing in the "
                             "project database", value=unknown,
                             fix="coders: " + (", ".join(known) or "none yet (code first, "
                                               "e.g. in the notebook coder)"))
        # One transaction for the refresh and every coder: a failure changes nothing.
        results = store.sync_all(study, coders, prefer=args.prefer,
                                 accept_changed=args.accept_changed)
    for result in results:
        print(result)


def _add_common(parser, name: str) -> None:
    if name == "import":
        parser.add_argument("file", type=Path, help=".qdpx, .qdc or a coding sheet .xlsx")
        parser.add_argument("--into", type=Path, required=True, help="study folder to import into")
        parser.add_argument("--overwrite", action="store_true",
                            help="replace existing files that differ (default: stop)")
        return
    if name == "init":
        parser.add_argument("folder", help="folder to create (or a folder of transcripts)")
        parser.add_argument("--title", help="study title")
        parser.add_argument("--lang", help="transcript language (fi, en, ...; default auto)")
        return
    parser.add_argument("study", help="study folder (with study.yaml, or plain transcripts)")
    parser.add_argument("--lang", help="language code overriding study.yaml (fi, en, auto)")
    parser.add_argument("--unit", choices=["turn", "paragraph", "sentence"],
                        help="passage unit (default: study.yaml, else turn)")
    if name == "export":
        parser.add_argument("--format", choices=["qdpx", "qdc", "xlsx"],
                            help="file type (default: from the --out extension)")
        parser.add_argument("--out", type=Path, required=True, help="file to write")
        parser.add_argument("--coders", help="comma-separated coders (default: all)")
        return
    if name == "run":
        parser.add_argument("--out", type=Path, required=True, help="output folder")
        return
    if name == "sync":
        parser.add_argument("--coders", help="comma-separated coders (default: all)")
        parser.add_argument("--prefer", choices=["csv", "db"],
                            help="which side wins when both changed since the last sync")
        parser.add_argument("--accept-changed", action="store_true",
                            help="accept transcripts whose text changed although codings point "
                                 "into them (check those codings afterwards)")
        return
    parser.add_argument("--out", type=Path, help="output file (default: print)")
    parser.add_argument("--format", choices=["csv", "parquet", "xlsx", "md", "tex"],
                        help="output format (default: from --out extension)")
    if name in ("code", "evaluate", "agreement", "reliability", "suggest"):
        parser.add_argument("--codebook", type=Path, help="codebook YAML (default: study.yaml)")
    if name == "agreement":
        parser.add_argument("--coder", help="whose codings (default: researcher, else the first "
                                            "coder, else the rule codings)")
    if name == "reliability":
        parser.add_argument("--coders", help="comma-separated coders (default: all)")
    if name == "search":
        parser.add_argument("query", help="word, phrase or 'a NEAR/3 b' (rule syntax)")
        parser.add_argument("--width", type=_between(1, 1000), default=50,
                            help="context characters (1 to 1000)")
    if name == "evaluate":
        parser.add_argument("--coder", required=True, help="the manual coder to compare with")
        parser.add_argument("--folds", type=_at_least(2),
                            help="cross-validate rules, model, combined and a baseline in K "
                                 "folds grouped by case")
        parser.add_argument("--by", choices=["case"], default="case",
                            help="grouping of the folds (interviews are never split)")
    if name == "suggest":
        parser.add_argument("--coder", required=True, help="whose manual codings to learn from")
        parser.add_argument("--code", help="only this code")
        parser.add_argument("-n", type=_positive_int, default=20, help="suggestions per code")
    if name in ("evaluate", "reliability"):
        parser.add_argument("--disagreements", type=Path,
                            help="write the units where the codings differ")


def _at_least(minimum: int):
    """An argparse type: a whole number of at least ``minimum``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}: {text!r}")
        return value
    parse.__name__ = f"whole number >= {minimum}"
    return parse


_positive_int = _at_least(1)


def _between(minimum: int, maximum: int):
    """An argparse type: a whole number from ``minimum`` to ``maximum``."""
    at_least = _at_least(minimum)

    def parse(text: str) -> int:
        value = at_least(text)
        if value > maximum:
            raise argparse.ArgumentTypeError(f"must be at most {maximum}: {text!r}")
        return value
    parse.__name__ = f"whole number from {minimum} to {maximum}"
    return parse


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad option is an ``error: ...`` message like every other problem."""

    def error(self, message: str):
        raise UsageError(f"{self.prog}: {message}",
                         fix=f"see '{self.prog} --help' for the arguments and options\n"
                             + self.format_usage().strip())


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="interview-analysis",
        description="Reproducible qualitative analysis of theme interviews.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, _) in COMMANDS.items():
        _add_common(sub.add_parser(name, help=help_text, description=help_text), name)
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None):
    print(f"warning: {message}", file=sys.stderr)


def _check_outputs(args) -> None:
    """Refuse an output file that cannot be written before any work is done."""
    from .errors import OutputError
    from .io.atomic import check_target
    from .io.paths import check_path
    for name in ("out", "disagreements"):
        target = getattr(args, name, None)
        if target is None:
            continue
        if args.command not in ("run", "init"):
            check_target(Path(target))
        elif args.command == "run":  # the report folder itself is checked by run_study
            check_path(target, OutputError, fix="choose a shorter output folder")
            if Path(target).is_symlink() and not Path(target).exists():
                raise OutputError("the output folder is a broken or looping symbolic link",
                                  file=target, fix="remove the link or choose another folder")


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
        _check_outputs(args)
        COMMANDS[args.command][1](args)
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


if __name__ == "__main__":
    sys.exit(main())
