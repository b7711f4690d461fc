"""The command line: a thin layer that parses arguments and calls one library function each.

Every error a researcher can cause is printed as one message (no traceback) with exit status 2.
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from . import __version__
from .errors import InterviewAnalysisError

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


@command("evaluate", "rule coding vs a coder's manual coding: precision, recall, F1")
def cmd_evaluate(args):
    from .coding.evaluate import evaluate_rules
    study = _study(args)
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
    coders = [c.strip() for c in (args.coders or ",".join(study.coders())).split(",") if c.strip()]
    if len(coders) < 2:
        raise InterviewAnalysisError("reliability needs at least two coders", value=coders,
                                     fix="give --coders A,B; coders with codings files: "
                                         + (", ".join(study.coders()) or "none"))
    codebook = study.codebook(args.codebook)
    codings = study.coders_codings(coders, args.unit, codebook)
    passages = study.corpus(args.unit).participant_passages
    codes = [c.id for c in codebook if c.id in set(codings["code"])]
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
    with ProjectStore.open(study) as store:
        for coder in coders:
            print(store.sync(coder, prefer=args.prefer))


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
        return
    parser.add_argument("--out", type=Path, help="output file (default: print)")
    parser.add_argument("--format", choices=["csv", "parquet", "xlsx", "md", "tex"],
                        help="output format (default: from --out extension)")
    if name in ("code", "evaluate", "agreement", "reliability"):
        parser.add_argument("--codebook", type=Path, help="codebook YAML (default: study.yaml)")
    if name == "agreement":
        parser.add_argument("--coder", help="whose codings (default: researcher, else the first "
                                            "coder, else the rule codings)")
    if name == "reliability":
        parser.add_argument("--coders", help="comma-separated coders (default: all)")
    if name == "search":
        parser.add_argument("query", help="word, phrase or 'a NEAR/3 b' (rule syntax)")
        parser.add_argument("--width", type=int, default=50, help="context characters")
    if name == "evaluate":
        parser.add_argument("--coder", required=True, help="the manual coder to compare with")
    if name in ("evaluate", "reliability"):
        parser.add_argument("--disagreements", type=Path,
                            help="write the units where the codings differ")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interview-analysis",
        description="Reproducible qualitative analysis of theme interviews.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, _) in COMMANDS.items():
        _add_common(sub.add_parser(name, help=help_text, description=help_text), name)
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None):
    print(f"warning: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``interview-analysis`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    warnings.showwarning = _show_warning
    try:
        COMMANDS[args.command][1](args)
    except InterviewAnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted; no output was written", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
