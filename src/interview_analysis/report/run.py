"""The main job: from transcripts and codings to a results chapter, figures and tables.

:func:`run_study` analyses a study and writes ``OUT/``::

    report.html            self-contained report (figures embedded)
    report.docx            results-chapter draft for Word
    recommendations.md     supported and unsupported development recommendations
    codings.csv            every coding used: each coder's manual codings and the rule codings,
                           with where each stance came from (coder / auto) and its evidence
    figures/NAME.{pdf,svg,png}
    tables/NAME.{xlsx,csv,tex,md}

The output is built in a temporary folder beside ``OUT`` and swapped in at the end, so a run
that fails or is killed leaves the previous report as it was. (A kill in the instant between
the two renames of the swap leaves the previous report in ``.OUT.<pid>.*.old``; the next run
puts it back first.) Re-running on unchanged input gives byte-identical files.

Examples
--------
>>> from interview_analysis import load_study
>>> result = run_study(load_study("corpus/sme-customer-management"), "report")  # doctest: +SKIP
>>> result.report_docx                                                           # doctest: +SKIP
PosixPath('report/report.docx')
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..base.atomic import cannot_write
from ..base.paths import check_path
from ..base.tables import write_table
from ..coding.codings import CODING_COLUMNS
from ..errors import InterviewAnalysisError, OutputError
from ..pipeline.results import Results, analyse
from .document import build_document
from .docx import write_docx
from .export import save_figure
from .html import write_html
from .recommendations import write_recommendations
from .tables import write_analysis_tables

#: Files that mark a folder as a report folder this job may replace.
REPORT_FILES = ("report.html", "report.docx")


@dataclass
class RunResult:
    """Where :func:`run_study` wrote its outputs."""

    out_dir: Path
    report_html: Path
    report_docx: Path
    recommendations: Path
    codings: Path
    figures: dict[str, dict[str, Path]] = field(default_factory=dict)
    tables: dict[str, dict[str, Path]] = field(default_factory=dict)
    results: Results | None = field(default=None, repr=False)

    def files(self) -> list[Path]:
        """Every file written, sorted."""
        return sorted(p for p in self.out_dir.rglob("*") if p.is_file())


def check_out_dir(out: str | Path) -> None:
    """Refuse a report folder path that cannot be used, before any work is done: a path the
    file system refuses, or a broken symbolic link."""
    check_path(out, OutputError, fix="choose a shorter output folder")
    if Path(out).is_symlink() and not Path(out).exists():
        raise OutputError("the output folder is a broken or looping symbolic link", file=out,
                          fix="remove the link or choose another folder")


def _check_target(out: Path, study_root: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InterviewAnalysisError("the output path is a file, not a folder", file=out,
                                     fix="give a folder for the report, e.g. --out report")
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError("the output folder would be inside a file", file=out,
                                  value=str(parent), fix="give a folder for the report, e.g. "
                                                         "--out report")
            break
    root = study_root.resolve()
    resolved = out.resolve()
    if resolved == root or resolved in root.parents:
        raise InterviewAnalysisError("the output folder would replace the study folder",
                                     file=out, fix="write the report to a new folder, e.g. "
                                                   f"--out {root / 'report'}")
    if out.is_dir() and any(out.iterdir()) and not any((out / f).is_file()
                                                        for f in REPORT_FILES):
        raise InterviewAnalysisError(
            "the output folder already holds files that are not a report", file=out,
            fix="give a new or empty folder (a report folder is replaced as a whole on "
                "every run)")


_STAGING = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.(tmp|old)$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clean_stale(out: Path) -> None:
    """Tidy up after runs that were killed: put a report back, remove build folders.

    A run killed between moving the previous report aside (``.OUT.<pid>.*.old``) and moving
    the new one in leaves no ``OUT``: the previous report is put back. Build folders
    (``.tmp``) and set-aside reports of dead runs are then removed. Folders of runs that are
    still going are left alone.
    """
    if not out.parent.is_dir():
        return
    stale = []
    for path in out.parent.iterdir():
        m = _STAGING.match(path.name)
        if m and m["name"] == out.name and path.is_dir() and not _alive(int(m["pid"])):
            stale.append((path.stat().st_mtime_ns, path))
    if not out.exists():
        olds = sorted(item for item in stale if item[1].name.endswith(".old"))
        if olds:
            os.rename(olds[-1][1], out)
            stale.remove(olds[-1])
    for _, path in stale:
        shutil.rmtree(path, ignore_errors=True)


def _permissions(folder: Path) -> None:
    """Temporary files are private (0600); the finished report gets the usual modes."""
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
    for path in folder.rglob("*"):
        path.chmod((0o777 if path.is_dir() else 0o666) & ~umask)


def _swap(staging: Path, out: Path) -> None:
    """Put ``staging`` in place of ``out``; the old report is removed only afterwards."""
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.{os.getpid()}.", suffix=".old",
                                    dir=out.parent))
        old.rmdir()
        os.rename(out, old)
        try:
            os.rename(staging, out)
        except OSError:
            os.rename(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(staging, out)


def all_codings(results: Results) -> pd.DataFrame:
    """Every coding of the run (manual codings of each coder, then rule codings), sorted."""
    frame = pd.concat([f for f in (results.manual, results.rules) if len(f)] or
                      [results.rules], ignore_index=True)
    frame = frame.reindex(columns=[*CODING_COLUMNS, "stance_origin", "stance_evidence"])
    order = {c: i for i, c in enumerate(results.coders)}
    frame = frame.assign(_o=frame["coder"].map(order).fillna(len(order)))
    return (frame.sort_values(["origin", "_o", "document", "start", "end", "code", "passage_id"],
                              kind="stable", na_position="last")
            .drop(columns="_o").reset_index(drop=True))


def _say(progress: bool, message: str) -> None:
    if progress:
        print(f"interview-analysis: {message}", file=sys.stderr, flush=True)


def _build(results: Results, folder: Path, progress: bool) -> RunResult:
    from ..base.progress import progress as bar

    figures: dict[str, dict[str, Path]] = {}
    drawn = bar(desc="figures (PDF, SVG, PNG)", unit="figure")

    def save(name: str, fig) -> Path:
        figures[name] = save_figure(fig, folder / "figures", name)
        drawn.update(1)
        return figures[name]["png"]

    _say(progress, "drawing figures")
    with drawn:
        document = build_document(results, save)
    _say(progress, "writing report.html and report.docx")
    html = write_html(document, folder / "report.html")
    docx = write_docx(document, folder / "report.docx")
    recs = write_recommendations(results.recommendations, folder / "recommendations.md",
                                 results.lang, document.title)
    codings = write_table(all_codings(results), folder / "codings.csv", "csv")
    _say(progress, "writing tables")
    tables = write_analysis_tables(results, folder / "tables")
    return RunResult(folder, html, docx, recs, codings, figures, tables, results)


def _moved(result: RunResult, staging: Path, out: Path) -> RunResult:
    def move(p: Path) -> Path:
        return out / p.relative_to(staging)
    return RunResult(out, move(result.report_html), move(result.report_docx),
                     move(result.recommendations), move(result.codings),
                     {k: {f: move(p) for f, p in v.items()} for k, v in result.figures.items()},
                     {k: {f: move(p) for f, p in v.items()} for k, v in result.tables.items()},
                     result.results)


def run_study(study, out_dir: str | Path, lang: str | None = None,
              coders: list[str] | str | None = None, progress: bool = False,
              unit: str | None = None) -> RunResult:
    """Analyse ``study`` and write the report folder ``out_dir`` (replaced as a whole).

    Parameters
    ----------
    study:
        A loaded study with a codebook (``load_study(folder)``).
    out_dir:
        The report folder. It must be new, empty or an earlier report folder.
    lang:
        Report language; default the study language (fi or en; others fall back to en).
    coders:
        Whose codings are reported: coder names and ``rules`` (default: every coder —
        ``researcher`` first is primary — and the rules where the primary coder has not
        coded; see :mod:`interview_analysis.pipeline.codings`).
    progress:
        Print what is being done to stderr.
    unit:
        Passage unit: ``turn``, ``paragraph`` or ``sentence`` (default: ``study.yaml``).

    Returns
    -------
    RunResult
        Paths of everything written, and the analysis :class:`~.results.Results`.

    Raises
    ------
    InterviewAnalysisError
        When ``out_dir`` is a file, the study folder, or a folder of other files — and for
        every problem in the study's inputs.
    """
    out = Path(out_dir).absolute()
    try:
        _clean_stale(out)
    except OSError as exc:
        raise cannot_write(out, exc) from None
    _check_target(out, study.root)
    _say(progress, f"analysing {study.title}")
    results = analyse(study, lang, coders, unit)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.{os.getpid()}.", suffix=".tmp",
                                        dir=out.parent))
    except OSError as exc:
        raise cannot_write(out, exc) from None
    try:
        result = _build(results, staging, progress)
        _permissions(staging)
        _swap(staging, out)
    except OutputError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except OSError as exc:  # disk full, permissions: the previous report stays as it was
        shutil.rmtree(staging, ignore_errors=True)
        raise cannot_write(out, exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _say(progress, f"wrote {out}")
    return _moved(result, staging, out)
