"""REFI-QDA exchange (NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette) and Excel coding sheets.

The two calls the command line makes:

* :func:`export_study` — ``interview-analysis export STUDY --format qdpx|qdc|xlsx --out FILE``;
* :func:`import_file` — ``interview-analysis import FILE --into STUDY``, returning an
  :class:`ImportReport` whose ``summary()`` lines say what was written, dropped and adjusted.

Examples
--------
>>> export_study("corpus/my-study", "qdpx", "my-study.qdpx")          # doctest: +SKIP
>>> report = import_file("from-nvivo.qdpx", into="studies/nvivo")     # doctest: +SKIP
>>> print("\\n".join(report.summary()))                               # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path

from ...base.filetxn import recover
from ...base.importreport import ImportReport, Issue
from ...coding.qdc import QdcError, read_codebook_xml, read_qdc
from ...errors import ExchangeError
from .archive import Limits
from .export import write_qdc, write_qdpx
from .importer import read_project
from .model import ExchangeWarning, from_codebook, from_study
from .studywriter import codebook_yaml, commit_files, pin_codings_to_texts, plan_files

FORMATS = ("qdpx", "qdc", "xlsx")


def _load(study, lang: str | None = None):
    if hasattr(study, "transcripts"):
        return study
    from ...study.study import load_study
    return load_study(study, lang=lang)


def _format(fmt: str | None, path: Path) -> str:
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ExchangeError("unknown exchange format", file=path, value=fmt,
                            fix="use one of: " + ", ".join(FORMATS)
                                + " (or give the file that extension)")
    return fmt


def export_study(study, fmt: str | None, out: str | Path, coders: list[str] | None = None,
                 lang: str | None = None) -> Path:
    """Export a study as a REFI-QDA project (``qdpx``), codebook (``qdc``) or coding sheet
    (``xlsx``); the file is validated and written atomically. Returns its path.

    Parameters
    ----------
    study:
        A loaded :class:`~interview_analysis.study.study.Study` or its folder.
    fmt:
        ``qdpx``, ``qdc`` or ``xlsx``; ``None`` takes it from ``out``'s extension.
    out:
        The file to write.
    coders:
        Coders to include (default: every ``codings/<coder>.csv``; for ``xlsx`` the sheets).
    lang:
        Language of the transcripts, overriding ``study.yaml`` (when ``study`` is a folder).

    A ``.qdc`` needs only ``study.yaml`` and the codebook: a study with no transcripts yet
    (right after importing a codebook) exports one.
    """
    out = Path(out)
    fmt = _format(fmt, out)
    if fmt == "qdc":
        return write_qdc(_codebook_exchange(study, lang), out)
    study = _load(study, lang)
    if fmt == "xlsx":
        from ..sheet import export_sheet
        return export_sheet(study, out, coders=coders)
    return write_qdpx(from_study(study, coders), out)


def _codebook_exchange(study, lang: str | None):
    """The study's codebook for a ``.qdc``, in the transcripts' language (the codebook's first
    language when that is ``auto`` and no transcript has been read)."""
    from ...study.study import codebook_of, study_settings
    if hasattr(study, "transcripts"):
        config, language = study.config, study.language
    else:
        config = study_settings(study, lang)
        language = config.language
    codebook = codebook_of(config) if config.codebook is not None else None
    if language == "auto":
        language = (codebook.languages[0] if codebook is not None and codebook.languages
                    else "en")
    return from_codebook(config.title, language, codebook)


def import_project(file: str | Path, into: str | Path, overwrite: bool = False,
                   limits: Limits | None = None, dry_run: bool = False) -> ImportReport:
    """Import a ``.qdpx`` into a study folder (created when missing); see
    :mod:`.studywriter` for the files written and :mod:`.importer` for what is tolerated."""
    exchange, report = read_project(file, limits)
    report.dry_run = dry_run
    into = Path(into)
    files = plan_files(exchange, into, report)
    commit_files(files, report, overwrite, root=into, dry_run=dry_run)
    if report.written:
        pin_imported_codings(into, files, exchange)
    return report


def pin_imported_codings(into: Path, files: dict, exchange) -> None:
    """Codings files an import wrote point into the transcripts it wrote: tell the project
    database, when the study has one (so the next sync does not move them)."""
    from ...study.anchoring import db_path
    if not db_path(into).is_file():
        return
    from ...store import ProjectStore
    coders = sorted(exchange.codings["coder"].unique()) if len(exchange.codings) else []
    if not coders:
        return
    with ProjectStore.connect(db_path(into)) as store, \
            store.transaction(f"import:{Path(exchange.name or 'qdpx').name}") as conn:
        pin_codings_to_texts(conn, coders, exchange.documents)


def import_codebook(file: str | Path, into: str | Path, overwrite: bool = False,
                    dry_run: bool = False) -> ImportReport:
    """Import a ``.qdc`` as the study's codebook (``codebook.yaml``, or
    ``codebooks/imported.yaml`` when the study already has a different one)."""
    from ...study.config import load_config
    into = Path(into)
    codes, report = read_codebook_xml(file)
    if not codes:
        raise ExchangeError("the codebook has no codes", file=file,
                            fix="export the codebook again with its codes")
    yaml_file = into / "study.yaml"
    config = load_config(yaml_file) if yaml_file.is_file() else None
    language = config.language if config and config.language != "auto" else None
    target = (config.codebook if config and config.codebook else into / "codebook.yaml")
    data = codebook_yaml(codes, Path(file).stem, language, Path(file).name).encode("utf-8")
    if target.exists() and target.read_bytes() != data and not overwrite:
        target = into / "codebooks" / "imported.yaml"
        report.notes.append(f"the study already has a codebook; the imported one is in {target}")
    if config is None:
        report.notes.append(f"{into} has no study.yaml yet: 'interview-analysis init {into}' "
                            "writes one that uses codebook.yaml")
    elif config.codebook is None:
        report.notes.append("add 'codebook: codebook.yaml' to study.yaml to use it")
    report.dry_run = dry_run
    commit_files({target: data}, report, overwrite, root=into, dry_run=dry_run)
    return report


def import_file(path: str | Path, into: str | Path, overwrite: bool = False,
                dry_run: bool = False) -> ImportReport:
    """Import a ``.qdpx`` project, a ``.qdc`` codebook or an ``.xlsx`` coding sheet into the
    study folder ``into``; nothing is half-written if it fails or is killed (an import killed
    before is undone first), and ``dry_run`` writes nothing.

    Raises
    ------
    ExchangeError
        The file is unsafe, damaged or not an exchange file, or would overwrite files with
        other content (pass ``overwrite=True`` to allow that).
    """
    path = Path(path)
    fmt = _format(None, path)
    if Path(into).is_dir():
        recover(into)
    if fmt == "qdpx":
        return import_project(path, into, overwrite, dry_run=dry_run)
    if fmt == "qdc":
        return import_codebook(path, into, overwrite, dry_run=dry_run)
    from ..sheet import import_sheet
    return import_sheet(path, into, overwrite, dry_run=dry_run)


__all__ = ["export_study", "import_file", "import_project", "import_codebook", "read_qdc",
           "read_project", "ImportReport", "Issue", "Limits", "QdcError", "ExchangeWarning",
           "FORMATS"]
