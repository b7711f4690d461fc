"""The commands: each declares its arguments and calls one library function.

Library modules are imported inside each command, when it runs: the command line starts
without pandas, spaCy or matplotlib, so ``--help`` and a mistyped option answer at once.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..domain import UNITS
from .parser import arg, command, whole_number

# -- arguments shared by several commands ---------------------------------------------------
STUDY = (
    arg("study", help="study folder (with study.yaml, or plain transcripts)"),
    arg("--lang", help="language code of the transcripts, overriding study.yaml (fi, en, auto)"),
    arg("--unit", choices=UNITS, help="passage unit (default: study.yaml, else turn)"),
)
TABLE_OUT = (
    arg("--out", type=Path, help="output file (default: print)"),
    arg("--format", choices=["csv", "parquet", "xlsx", "md", "tex"],
        help="output format (default: from the --out extension)"),
)
CODEBOOK = arg("--codebook", type=Path, help="codebook YAML or .qdc (default: study.yaml)")
DISAGREEMENTS = arg("--disagreements", type=Path,
                    help="write the units where the codings differ")


def _study(args):
    from ..study.study import load_study
    return load_study(args.study, lang=args.lang)


def _out(args, frame) -> None:
    """Print ``frame``, or write it to ``--out``."""
    if args.out is None:
        print(frame.to_string(index=False, max_colwidth=60))
        return
    from ..base.tables import write_table
    write_table(frame, args.out, getattr(args, "format", None))
    print(f"wrote {len(frame)} rows to {args.out}")


def _write(frame, path, what: str) -> None:
    from ..base.tables import write_table
    write_table(frame, path)
    print(f"wrote {len(frame)} {what} to {path}")


def _check_output(path) -> None:
    """Refuse an output file that cannot be written before any work is done."""
    if path is not None:
        from ..base.atomic import check_target
        check_target(Path(path))


# -- commands -------------------------------------------------------------------------------
@command("init", "create a study folder with a commented study.yaml, or a self-contained "
                 "copy of a study (--from)",
         arg("folder", help="folder to create (or a folder of transcripts)"),
         arg("--title", help="study title"),
         arg("--lang", help="transcript language (fi, en, ...; default auto)"),
         arg("--from", dest="source", metavar="STUDY",
             help="copy this study (e.g. corpus/sme-customer-management) into the new, empty "
                  "folder, with the files its study.yaml names outside its folder"))
def init(args):
    if args.source is not None:
        from ..errors import UsageError
        from ..study.scaffold import init_from
        if args.title or args.lang:
            raise UsageError("--title and --lang do not go with --from: the copy keeps the "
                             "study's settings", where="--from",
                             fix="leave them out, then edit study.yaml in the copy")
        print(init_from(args.source, args.folder).message)
        return
    from ..study.scaffold import init_study
    created = init_study(args.folder, title=args.title, language=args.lang or "auto")
    print(created.message)


@command("passages", "list the passages (speaker turns, paragraphs or sentences)",
         *STUDY, *TABLE_OUT)
def passages(args):
    from ..pipeline import tasks
    _check_output(args.out)
    study = _study(args)
    _out(args, tasks.passages(study, args.unit))
    # The speaker summary goes to stderr, so that stdout (or --out) is the table alone.
    summary = tasks.speakers(study, args.unit)
    print("\nspeakers (check the roles: only participants are coded and counted):\n"
          + summary.to_string(index=False), file=sys.stderr)


@command("code", "code the passages with the codebook's rules", *STUDY, *TABLE_OUT, CODEBOOK)
def code(args):
    from ..pipeline import tasks
    _check_output(args.out)
    _out(args, tasks.code(_study(args), args.unit, args.codebook))


@command("search", "keyword in context: lemma- and compound-aware concordance",
         *STUDY, arg("query", help="word, phrase or 'a NEAR/3 b' (rule syntax)"),
         arg("--width", type=whole_number(1, 1000), default=50,
             help="context characters (1 to 1000)"), *TABLE_OUT)
def search(args):
    from ..pipeline import tasks
    _check_output(args.out)
    found = tasks.search(_study(args), args.query, args.unit, args.width)
    if args.out:
        _out(args, found.hits)
    else:
        for row in found.hits.itertuples(index=False):
            print(f"{row.passage_id:>12}  {row.left[-args.width:]:>{args.width}} "
                  f"[{row.match}] {row.right[:args.width]}")
    print()
    print(found.counts.to_string(index=False))


@command("evaluate", "rules (and models) against a coder's manual coding: precision, recall, F1",
         *STUDY, *TABLE_OUT, CODEBOOK,
         arg("--coder", required=True, help="the manual coder to compare with"),
         arg("--folds", type=whole_number(2),
             help="cross-validate rules, model, combined and baselines in K folds grouped by "
                  "case"),
         arg("--by", choices=["case"], default="case",
             help="grouping of the folds (interviews are never split)"),
         DISAGREEMENTS)
def evaluate(args):
    _check_output(args.out)
    _check_output(args.disagreements)
    study = _study(args)
    if args.folds:
        from ..coding.crossval import cross_validate, cross_validation_report
        result = cross_validate(study, args.coder, folds=args.folds, by=args.by, unit=args.unit,
                                codebook=args.codebook)
        print(cross_validation_report(result))
        if args.out:
            _out(args, result)
        return
    from ..coding.evaluate import evaluate_rules
    scores, diffs = evaluate_rules(study, args.coder, study.codebook(args.codebook), args.unit)
    summary = scores[scores["code"].isin(["micro", "macro"])]
    print(summary[["level", "code", "precision", "recall", "f1", "support"]]
          .to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    if args.out:
        _out(args, scores)
    if args.disagreements:
        _write(diffs, args.disagreements, "disagreements")


@command("suggest", "rank uncoded passages per code from a coder's manual codings (a model)",
         *STUDY, *TABLE_OUT, CODEBOOK,
         arg("--coder", required=True, help="whose manual codings to learn from"),
         arg("--code", help="only this code"),
         arg("-n", type=whole_number(1), default=20, help="suggestions per code"))
def suggest(args):
    from ..coding.suggest import suggest as suggest_codes
    _check_output(args.out)
    found = suggest_codes(_study(args), args.coder, code=args.code, n=args.n, unit=args.unit,
                          codebook=args.codebook)
    _out(args, found)
    for code, note in found.attrs.get("notes", {}).items():
        print(f"{code}: {note}", file=sys.stderr)


@command("agreement", "cross-interviewee agreement per code and theme, with stance and consensus",
         *STUDY, *TABLE_OUT, CODEBOOK,
         arg("--coder", help="whose codings: a coder, 'rules', or both, e.g. researcher,rules "
                             "(default: the first coder where they coded, the rules elsewhere)"))
def agreement(args):
    from ..pipeline import tasks
    _check_output(args.out)
    table = tasks.agreement(_study(args), args.coder, args.unit, args.codebook)
    if args.out is None:
        print(table[["level", "code", "n_cases", "n_total", "direction", "consensus", "summary"]]
              .to_string(index=False))
    else:
        _out(args, table)


@command("reliability", "intercoder reliability per code and theme (kappa, alpha)",
         *STUDY, *TABLE_OUT, CODEBOOK,
         arg("--coders", help="comma-separated coders (default: all)"), DISAGREEMENTS)
def reliability(args):
    from ..pipeline import tasks
    _check_output(args.out)
    _check_output(args.disagreements)
    result = tasks.reliability(_study(args), args.coders, args.unit, args.codebook)
    if args.out is None:
        print(result.table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    else:
        _out(args, result.table)
    if args.disagreements:
        _write(result.disagreements, args.disagreements, "disagreements")


@command("run", "the main job: codings, analysis, figures, tables and the report",
         *STUDY, arg("--out", type=Path, required=True, help="output folder"),
         arg("--report-lang", choices=["fi", "en"],
             help="language of the report (default: the transcripts' language, else en)"),
         arg("--coders", help="whose codings to report, comma-separated coder names and "
                              "'rules' for the codebook's rules (default: every coder, and the "
                              "rules where the first coder has not coded)"),
         arg("--figures", metavar="FORMATS",
             help="figure formats, comma-separated: pdf, png, svg (default: pdf,png — PDF for "
                  "LaTeX, 300-dpi PNG for Word)"), CODEBOOK)
def run(args):
    from ..report.figure_jobs import figure_formats
    from ..report.run import check_out_dir, run_study
    formats = figure_formats(args.figures)  # a wrong format is named before any work
    check_out_dir(args.out)
    study = _study(args)
    result = run_study(study, args.out, lang=args.report_lang, coders=args.coders,
                       progress=sys.stderr.isatty(), unit=args.unit, figures=formats,
                       codebook=args.codebook)
    print(f"{study.title}: {len(result.files())} files in {result.out_dir}")
    for path in (result.report_html, result.report_docx, result.recommendations):
        print(f"  {path}")


@command("export", "export to REFI-QDA (.qdpx project, .qdc codebook) or an Excel coding sheet",
         *STUDY[:2],  # no --unit: codings are exported as character spans, whatever the unit
         arg("--format", choices=["qdpx", "qdc", "xlsx"],
                     help="file type (default: from the --out extension)"),
         arg("--out", type=Path, required=True, help="file to write"),
         arg("--coders", help="comma-separated coders (default: all)"))
def export(args):
    from ..exchange.refi import export_study
    _check_output(args.out)
    coders = [c.strip() for c in args.coders.split(",")] if args.coders else None
    # the folder, not a loaded study: a .qdc needs no transcripts (a study may have none yet)
    written = export_study(args.study, args.format, args.out, coders=coders, lang=args.lang)
    print(f"wrote {written}")


@command("import", "import a REFI-QDA .qdpx/.qdc or a filled-in coding sheet into a study",
         arg("file", type=Path, help=".qdpx, .qdc or a coding sheet .xlsx"),
         arg("--into", type=Path, required=True, help="study folder to import into"),
         arg("--overwrite", action="store_true",
             help="replace existing files that differ (default: stop)"),
         arg("--dry-run", action="store_true",
             help="show what the import would add, change and remove; write nothing"))
def import_(args):
    from ..exchange.refi import import_file
    report = import_file(args.file, args.into, overwrite=args.overwrite, dry_run=args.dry_run)
    print("\n".join(report.summary()))


@command("sync", "sync codings/<coder>.csv files with the project database (audit trail)",
         *STUDY[:2], arg("--coders", help="comma-separated coders (default: all)"),
         arg("--prefer", choices=["csv", "db"],
             help="which side wins when both changed since the last sync"),
         arg("--accept-changed", action="store_true",
             help="accept transcripts whose text changed although codings point into them "
                  "(check those codings afterwards)"),
         arg("--reanchor", action="store_true",
             help="move codings in edited transcripts to where their words are now, in the "
                  "database and codings/<coder>.csv (lists those to check)"))
def sync(args):
    from ..store import sync_study
    for result in sync_study(_study(args), args.coders, prefer=args.prefer,
                             accept_changed=args.accept_changed, reanchor=args.reanchor):
        print(result)
