"""The report's files besides the figures — tables, codings, passages, report.html and
report.docx — each copied from the cache (:mod:`.cache`) when what it holds has not changed.

A table's key is a digest of its data and name; a document's, of its blocks (text, tables,
captions) with each figure counted by its own content key, so a report is rewritten exactly
when something it shows changed. Every key also holds :func:`~.cache.code_version`.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..base.atomic import write_text
from ..base.digest import digest
from ..base.tables import write_table
from ..errors import OutputError
from .cache import ReportCache, code_version
from .tables import analysis_tables, write_tables

_FORMATS_EXT = "formats"


def _reuse_files(cache: ReportCache, key: str, folder: Path, name: str) -> dict[str, Path]:
    """The files of a kept multi-format entry, copied into ``folder``; ``{}`` when not kept."""
    listed = cache.get(key, _FORMATS_EXT)
    if listed is None:
        return {}
    try:
        formats = listed.read_text(encoding="utf-8").split()
    except OSError:
        return {}
    paths = {}
    for fmt in formats:
        if not cache.copy(key, fmt, folder / f"{name}.{fmt}"):
            for path in paths.values():  # incomplete: made again as a whole
                path.unlink(missing_ok=True)
            return {}
        paths[fmt] = folder / f"{name}.{fmt}"
    return paths


def _keep_files(cache: ReportCache, key: str, paths: dict[str, Path]) -> None:
    """Keep ``paths`` under ``key``; the list of formats last, so a kept list is complete."""
    if cache.folder is None:
        return
    for fmt, path in paths.items():
        cache.put(key, fmt, path)
    try:
        write_text(cache.path(key, _FORMATS_EXT), " ".join(paths))
    except (OSError, OutputError):
        pass  # not kept: made again next time


def write_report_tables(results, folder: Path, cache: ReportCache, tables=None
                          ) -> tuple[dict[str, dict[str, Path]], list[str]]:
    """Every analysis table (``tables``, default :func:`.tables.analysis_tables`) in
    ``folder``; returns ``({name: {format: path}}, names written anew)``."""
    from ..base.progress import progress
    tables = analysis_tables(results) if tables is None else tables
    paths, written = {}, []
    for name, (frame, index) in progress(tables.items(), "tables", len(tables), unit="table"):
        key = digest(code_version(), "table", name, index, frame)
        paths[name] = _reuse_files(cache, key, folder, name)
        if not paths[name]:
            written.append(name)
            paths[name] = write_tables(frame, folder, name, index=index)
            _keep_files(cache, key, paths[name])
    return paths, written


def write_frame(frame: pd.DataFrame, path: Path, cache: ReportCache) -> bool:
    """Write ``frame`` as the CSV ``path`` (copied when kept); ``True`` when written anew."""
    key = digest(code_version(), "csv", path.name, frame)
    if cache.copy(key, "csv", path):
        return False
    write_table(frame, path, "csv")
    cache.put(key, "csv", path)
    return True


def write_documents(document, folder: Path, cache: ReportCache, figure_keys: dict[Path, str]
                    ) -> tuple[Path, Path, list[str]]:
    """``report.html`` and ``report.docx`` of ``document``; returns their paths and the
    names of those written anew. ``figure_keys`` maps each figure's PNG to its content key."""
    from .html import write_html
    key = digest(code_version(), "document", document, paths=figure_keys)
    html, docx = folder / "report.html", folder / "report.docx"
    written = []
    if not cache.copy(key, "html", html):
        written.append(html.name)
        cache.put(key, "html", write_html(document, html))
    if not cache.copy(key, "docx", docx):
        from .docx import write_docx  # python-docx only when a report changed
        written.append(docx.name)
        cache.put(key, "docx", write_docx(document, docx))
    return html, docx, written
