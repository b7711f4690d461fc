"""The main job: from transcripts and codings to a results chapter, figures and tables.

:func:`run_study` analyses a study and writes ``OUT/``::

    report.html            self-contained report (figures embedded)
    report.docx            results-chapter draft for Word
    recommendations.md     supported and unsupported development recommendations
    codings.csv            every coding used: each coder's manual codings and the rule codings,
                           with where each stance came from (coder / auto) and its evidence,
                           and an excerpt of the coded text
    passages.csv           every passage with its text (join codings.csv on passage_id)
    figures/NAME.{pdf,png} the formats asked for (``figures``; SVG on request)
    tables/NAME.{xlsx,csv,tex,md}

Figures, tables and the two reports are kept by content in the study's cache
(:mod:`.cache`): what has not changed since an earlier run is copied, not made again, and the
figures that did change are drawn in parallel (:mod:`.figure_jobs`).

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
from ..coding.codings import CODING_COLUMNS
from ..coding.output import codings_output
from ..domain import REPORT_FILES
from ..errors import InterviewAnalysisError, OutputError
from ..pipeline.results import Results, analyse
from .cache import ReportCache
from .document import build_document, table_files
from .figure_jobs import Figures, drawing_pool, figure_formats
from .outputs import write_documents, write_frame, write_report_tables
from .recommendations import write_recommendations
from .tables import analysis_tables


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
    passages: Path | None = None
    #: The figures drawn in this run (the others were unchanged and copied from the cache).
    drawn: list[str] = field(default_factory=list)
    #: The other files made anew in this run: tables by name, ``codings.csv``, the reports.
    written: list[str] = field(default_factory=list)

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


def _cache(folder: Path | None) -> ReportCache:
    """The report cache inside the study's cache folder ``folder``."""
    return ReportCache(Path(folder) / "report" if folder is not None else None)


def _stop(pool) -> None:
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _build(results: Results, folder: Path, progress: bool, formats: tuple[str, ...],
           cache: ReportCache, pool=None) -> RunResult:
    figures = Figures(folder / "figures", cache, formats, work=folder / ".figures", pool=pool)
    try:
        _say(progress, f"figures ({', '.join(f.upper() for f in formats)})")
        analysed = analysis_tables(results)
        # drawing goes on in the background
        document = build_document(results, figures, table_files(analysed))
        _say(progress, "writing tables")
        tables, written = write_report_tables(results, folder / "tables", cache, analysed)
        recs = write_recommendations(results.recommendations, folder / "recommendations.md",
                                     results.lang, document.title, results.development)
        codings, passages = folder / "codings.csv", folder / "passages.csv"
        corpus = results.corpus
        if write_frame(codings_output(all_codings(results), corpus.texts), codings, cache):
            written.append(codings.name)
        if write_frame(corpus.passages.drop(columns=["language"]), passages, cache):
            written.append(passages.name)
        _say(progress, "waiting for the figures")
        paths = figures.finish()
        _say(progress, "writing report.html and report.docx")
        png_keys = {figures.folder / f"{n}.png": k for n, k in figures.keys.items()}
        png_keys.update({cache.path(k, "png"): k for k in figures.keys.values()
                         if cache.folder is not None})
        html, docx, documents = write_documents(document, folder, cache, png_keys)
    finally:
        figures.close()
    shutil.rmtree(folder / ".figures", ignore_errors=True)
    cache.prune()
    return RunResult(folder, html, docx, recs, codings, paths, tables, results, passages,
                     figures.drawn, [*written, *documents])


def _moved(result: RunResult, staging: Path, out: Path) -> RunResult:
    def move(p: Path) -> Path:
        return out / p.relative_to(staging)
    return RunResult(out, move(result.report_html), move(result.report_docx),
                     move(result.recommendations), move(result.codings),
                     {k: {f: move(p) for f, p in v.items()} for k, v in result.figures.items()},
                     {k: {f: move(p) for f, p in v.items()} for k, v in result.tables.items()},
                     result.results, move(result.passages), result.drawn, result.written)


def run_study(study, out_dir: str | Path, lang: str | None = None,
              coders: list[str] | str | None = None, progress: bool = False,
              unit: str | None = None, figures=None, codebook=None) -> RunResult:
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
    figures:
        Figure formats, ``"pdf,png"`` or a list of ``pdf``, ``png``, ``svg`` (default PDF for
        LaTeX and PNG for Word; the reports embed the PNG whatever is asked for).
    codebook:
        A codebook file or object to use instead of the one ``study.yaml`` names.

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
    formats = figure_formats(figures)
    out = Path(out_dir).absolute()
    try:
        _clean_stale(out)
    except OSError as exc:
        raise cannot_write(out, exc) from None
    _check_target(out, study.root)
    _say(progress, f"analysing {study.title}")
    cache = _cache(study.cache_dir)
    pool = drawing_pool(cache, formats)  # a first run: the drawing starts while we analyse
    try:
        results = analyse(study, lang, coders, unit, codebook)
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.{os.getpid()}.", suffix=".tmp",
                                        dir=out.parent))
    except OSError as exc:
        _stop(pool)
        raise cannot_write(out, exc) from None
    except BaseException:
        _stop(pool)
        raise
    try:
        result = _build(results, staging, progress, formats, cache, pool)
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
