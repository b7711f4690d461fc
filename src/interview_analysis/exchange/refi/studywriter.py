"""Write an imported project into a study folder, all files or none.

Files written (paths from ``study.yaml`` when the folder has one):

* ``transcripts/<document>.txt`` — canonical text (UTF-8, LF, NFC), the offsets' reference;
* ``cases.csv`` — ``case,document,<attributes>``;
* ``codebook.yaml`` — or ``codebooks/imported.yaml`` when the study already has another one;
* ``codings/<coder>.csv`` — ``document,start,end,code,stance,memo``;
* ``study.yaml`` — only when the folder has none.

A file that already exists with the same content is left alone; one with other content stops
the import before anything is written (unless ``overwrite``). All files are written as one
change (:mod:`interview_analysis.base.filetxn`): staged in a hidden folder, switched in
together, and put back as they were if the import fails or is killed — the folder is never
left half-imported.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ...base.filetxn import replace_files
from ...base.importreport import ImportReport
from ...coding.codings import FILE_COLUMNS
from ...errors import ExchangeError
from ...study.anchoring import text_sha256
from ...study.config import load_config
from .model import Exchange, ExchangeCode, is_missing


def codebook_yaml(codes: list[ExchangeCode], name: str, language: str | None,
                  source: str) -> str:
    """A codebook YAML (nested ``themes:``/``codes:``) that ``load_codebook`` reads back."""
    entries: dict[str, dict] = {}
    themes: list[dict] = []
    for code in codes:
        entry = {"id": code.id.rsplit("/", 1)[-1], "label": code.label}
        if code.colour:
            entry["colour"] = code.colour
        entry.update({k: code.texts[k] for k in ("definition", "when_to_use", "when_not_to_use",
                                                  "example") if code.texts.get(k)})
        entries[code.id] = entry
        if code.parent and code.parent in entries:
            entries[code.parent].setdefault("codes", []).append(entry)
        else:
            themes.append(entry)
    data = {"name": name, **({"languages": [language]} if language else {}), "themes": themes}
    header = f"# Codebook imported from {source} by interview-analysis. Add rules to code " \
             "automatically.\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


#: Control characters a text file of the study cannot hold (it would read as binary data).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _text(value: str) -> str:
    return _CONTROL.sub(" ", value)


def _cell(value) -> str:
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return _text(str(value))


def cases_csv(ex: Exchange) -> str:
    names = list(ex.variables())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["case", "document", *names])
    for case in ex.cases:
        writer.writerow([case.id, ";".join(case.documents),
                         *(_cell(case.attributes.get(n)) for n in names)])
    return buffer.getvalue()


def codings_csv(spans: pd.DataFrame) -> str:
    """The ``codings/<coder>.csv`` text, as ``write_codings_file`` writes it."""
    spans = spans[FILE_COLUMNS].sort_values(["document", "start", "end", "code"], kind="stable")
    spans = spans.replace({np.nan: None}).assign(
        memo=lambda f: [_text(m) if isinstance(m, str) else m for m in f["memo"]])
    return spans.to_csv(index=False, lineterminator="\n")


def study_yaml(ex: Exchange, source: str) -> str:
    """The new study's settings, naming only files the import writes (a project without codes
    gets no ``codebook:``, since there is no codebook file to point at)."""
    data = {"title": ex.name, "language": ex.language or "auto", "transcripts": "transcripts",
            "cases": "cases.csv" if ex.cases else None,
            "codebook": "codebook.yaml" if ex.codes else None, "codings": "codings"}
    data = {key: value for key, value in data.items() if value is not None}
    return (f"# Study created by importing {source} with interview-analysis.\n"
            + yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def _layout(into: Path) -> tuple[dict[str, Path], bool]:
    """Target paths, and whether ``study.yaml`` must be written."""
    if into.exists() and not into.is_dir():
        raise ExchangeError("the target of the import is a file, not a folder", file=into,
                            fix="give a new folder (it is created) or a study folder with "
                                "study.yaml after --into")
    yaml_file = into / "study.yaml"
    if yaml_file.is_file():
        config = load_config(yaml_file)
        return {"transcripts": config.transcripts, "cases": config.cases or into / "cases.csv",
                "codebook": config.codebook or into / "codebook.yaml",
                "codings": config.codings or into / "codings"}, False
    if into.is_dir() and any(not p.name.startswith(".") for p in into.iterdir()):
        raise ExchangeError("the folder has files but no study.yaml", file=into,
                            fix="import into a new (or empty) folder, or into a study folder "
                                "with study.yaml")
    return {"transcripts": into / "transcripts", "cases": into / "cases.csv",
            "codebook": into / "codebook.yaml", "codings": into / "codings"}, True


def plan_files(ex: Exchange, into: Path, report: ImportReport) -> dict[Path, bytes]:
    """Every file the import writes, with its bytes."""
    paths, new_study = _layout(into)
    source = report.file.name
    files = {paths["transcripts"] / f"{doc}.txt": text.encode("utf-8")
             for doc, text in ex.documents.items()}
    if ex.cases:
        files[paths["cases"]] = cases_csv(ex).encode("utf-8")
    if ex.codes:
        data = codebook_yaml(ex.codes, ex.name, ex.language, source).encode("utf-8")
        target = paths["codebook"]
        if target.exists() and target.read_bytes() != data:
            target = into / "codebooks" / "imported.yaml"
            report.notes.append(f"the study already has a codebook; the imported one is in "
                                f"{target} (use it with --codebook, or merge it)")
        files[target] = data
    for coder, spans in ex.codings.groupby("coder", sort=True):
        files[paths["codings"] / f"{coder}.csv"] = codings_csv(spans).encode("utf-8")
    if new_study:
        files[into / "study.yaml"] = study_yaml(ex, source).encode("utf-8")
    return files


def commit_files(files: dict[Path, bytes], report: ImportReport, overwrite: bool = False,
                 root: Path | None = None, dry_run: bool = False) -> None:
    """Write all files or none (see the module docstring); ``root`` is the study folder
    (default: the files' common folder). A dry run only lists what would be written."""
    plan, conflicts = {}, []
    for path, data in files.items():
        if path.is_file() and path.read_bytes() == data:
            report.unchanged.append(path)
            continue
        if path.exists() and not overwrite:
            conflicts.append(path)
        plan[path] = data
    if conflicts:
        raise ExchangeError(
            f"{len(conflicts)} files already exist with other content: "
            + ", ".join(str(p) for p in conflicts[:5]) + (" ..." if len(conflicts) > 5 else ""),
            file=report.file,
            fix="import into a new folder, move these files away, or import with overwrite "
                "(their current content is then replaced)")
    if dry_run:
        report.planned = list(plan)
        return
    if plan:
        replace_files(root or _common_folder(list(plan)), plan)
    report.written = list(plan)


def _common_folder(paths: list[Path]) -> Path:
    common = paths[0].parent
    while not all(common in p.parents for p in paths):
        common = common.parent
    return common


def pin_codings_to_texts(conn, coders: list[str], texts: dict[str, str]) -> None:
    """Record in the project database (an open write transaction) that the codings files of
    ``coders`` now point into ``texts`` (the transcripts an import validated them against)."""
    conn.executemany("DELETE FROM csv_anchors WHERE coder = ?", [(c,) for c in coders])
    conn.executemany("INSERT INTO csv_anchors (coder, document, sha256) VALUES (?, ?, ?)",
                     [(c, doc, text_sha256(text)) for c in coders for doc, text in texts.items()])
