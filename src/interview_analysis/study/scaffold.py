"""``interview-analysis init``: a new study folder with a commented ``study.yaml``, or a
self-contained copy of an existing study (``init DIR --from STUDY``)."""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..base.atomic import cannot_write, write_text
from ..base.paths import check_path
from ..corpus.readers import NOT_TRANSCRIPTS, supported_extensions
from ..errors import StudyError
from ..nlp.language import is_known_language, language_fix
from .config import PATH_SETTINGS, StudyConfig, load_config, missing_path
from .files import system_file

STUDY_YAML = """\
# study.yaml - the settings of one interview study (see README, "Concepts").
# Paths are relative to this file.

title: "{title}"
# Language of the transcripts: fi, en or any spaCy language code; 'auto' detects it.
language: {language}
research_questions:
  - "What do the interviewees value in ...?"
# Folder of transcripts: .txt .md .docx .odt .rtf .pdf .vtt .srt .eml, speech-to-text .json
# and segment tables (start, end, text), or survey tables
# .csv .tsv .xlsx. The file name without extension is the document ID.
transcripts: transcripts
# One row per case: case,document,<attributes such as industry, role, group> (CSV, or an
# Excel workbook such as cases.xlsx).
cases: cases.csv
# A case is one transcript (document), or one participant speaker (speaker: focus groups,
# group interviews; then 'case' in cases.csv is the speaker's label, e.g. MARGARET).
# cases_from: document
# Codebook YAML (or a REFI-QDA .qdc exported from NVivo, ATLAS.ti, MAXQDA).
codebook: codebook.yaml
# Speaker names and their roles (interviewer, participant, observer). Role words such as
# Interviewer, Haastattelija, Q or H are known; 'interview-analysis passages' prints who speaks
# and which role each speaker got.
speakers:
  Interviewer: interviewer
# Labels of the interviewer when the transcripts use initials or generic names; every other
# speaker is a participant.
# interviewer: [MK, Speaker 1]
# Case attribute that splits cases into groups (optional), and the interview order.
# group: group
# order: interview_date
# Passage unit: turn (speaker turns), paragraph or sentence.
unit: turn
# Labels of case attributes (cases.csv columns) and of their values in the report, per
# language; a value without a label is shown as cases.csv writes it.
# attributes:
#   role:
#     label: {{fi: Asema, en: Role}}
#     values:
#       CEO: {{fi: toimitusjohtaja, en: CEO}}
#   interview_date:
#     label: {{fi: Haastattelupäivä, en: Interview date}}
"""

CASES_CSV = "case,document,role,interview_date\n"

CODEBOOK_YAML = """\
# Codebook: themes -> codes. Rules per language decide automatic coding (see README, "Rules").
name: my-codebook
languages: [{language}]
themes:
  - id: example_theme
    label: {{{language}: Example theme}}
    codes:
      - id: example_code
        label: {{{language}: Example code}}
        definition: What this code means.
        when_to_use: When a participant talks about ...
        when_not_to_use: Not when ...
        example: "An example quotation."
        rules:
          {language}: [example]
"""


def _transcript_file(path: Path) -> bool:
    """A transcript to move and list: a supported type, not a README, not another program's
    lock or metadata file (``~$H1.docx``, ``._H2.txt``)."""
    return (path.suffix.lower() in supported_extensions()
            and path.stem.lower() not in NOT_TRANSCRIPTS and system_file(path.name) is None)


@dataclass
class NewStudy:
    """What :func:`init_study` or :func:`init_from` made: the folder, the transcripts moved
    into it, or the study it copies and the files from outside that study it copied in
    (``(setting, as study.yaml wrote it, new name)``)."""

    folder: Path
    moved: list[str] = field(default_factory=list)
    source: Path | None = None
    brought: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def message(self) -> str:
        """What to do next, for the command line."""
        yaml = self.folder / "study.yaml"
        if self.source is not None:
            lines = [f"created study in {self.folder}, a copy of {self.source}"]
            lines += [f"  copied in {written} as {name} (study.yaml: '{key}: {name}')"
                      for key, written, name in self.brought]
            return "\n".join(lines + [f"next: interview-analysis run {self.folder} --out OUT"])
        if self.moved:
            return (f"created study in {self.folder}: moved {len(self.moved)} transcript"
                    f"{'s' if len(self.moved) != 1 else ''} into "
                    f"{self.folder / 'transcripts'}; edit {yaml} and "
                    f"{self.folder / 'cases.csv'}")
        return (f"created study in {self.folder}: edit {yaml} and add transcripts to "
                f"{self.folder / 'transcripts'}")

    def __fspath__(self) -> str:
        return str(self.folder)


def init_study(folder: str | Path, title: str | None = None, language: str = "auto"
               ) -> NewStudy:
    """Create a study folder with ``study.yaml``, ``cases.csv``, a codebook and folders.

    A folder of transcripts becomes a study in place (they move into ``transcripts/``).
    Existing files are never overwritten.
    """
    folder = check_path(folder, StudyError, fix="give a shorter folder name")
    if folder.exists() and not folder.is_dir():
        raise StudyError("this is a file, not a folder", file=folder,
                         fix="give a new folder name, or the folder that holds the transcripts")
    if not is_known_language(language):
        raise StudyError("unknown language code", where="--lang", value=language,
                         fix=language_fix())
    if (folder / "study.yaml").exists():
        raise StudyError("this folder already has a study.yaml", file=folder / "study.yaml",
                         fix="choose a new folder, or edit the existing study.yaml")
    transcripts = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    moves = [(path, folder / "transcripts" / path.name) for path in transcripts
             if _transcript_file(path)]
    for path, target in moves:  # checked before anything moves: never overwrite a transcript
        if target.exists():
            raise StudyError("a transcript of the same name is already in transcripts/",
                             file=path, value=str(target),
                             fix="remove or rename one of the two files, then run init again")
    try:
        (folder / "transcripts").mkdir(parents=True, exist_ok=True)
        (folder / "codings").mkdir(exist_ok=True)
    except OSError as exc:
        raise cannot_write(folder, exc) from None
    for path, target in moves:  # a plain folder of transcripts becomes a study in place
        try:
            path.rename(target)
        except OSError as exc:
            raise cannot_write(target, exc) from None
    rows = "".join(f"{p.stem},{p.stem},,\n" for p in sorted((folder / "transcripts").iterdir())
                   if p.is_file() and _transcript_file(p))
    write_text(folder / "study.yaml", STUDY_YAML.format(title=title or folder.name,
                                                        language=language))
    if not (folder / "cases.csv").exists():
        write_text(folder / "cases.csv", CASES_CSV + rows)
    if not (folder / "codebook.yaml").exists():
        lang = language if language != "auto" else "en"
        write_text(folder / "codebook.yaml", CODEBOOK_YAML.format(language=lang))
    return NewStudy(folder, [path.name for path, _ in moves])


#: Never copied into a study copy: caches and the project database belong to the original.
_NOT_COPIED = (".ia-cache", ".interview-analysis", "__pycache__", ".ipynb_checkpoints")


def copy_study(source: str | Path, target: str | Path) -> Path:
    """Copy a study folder to ``target`` so that it can be coded without touching the original.

    Files that ``study.yaml`` names outside the study folder (the demo studies share
    ``codebooks/``) are copied in and ``study.yaml`` is pointed at the copies. Caches and the
    project database are not copied. ``target`` must not exist yet or be empty.

    Returns
    -------
    Path
        ``target``, a study folder of its own.

    Examples
    --------
    >>> copy_study("corpus/sme-customer-management", "work/sme")   # doctest: +SKIP
    """
    return init_from(source, target).folder


def init_from(source: str | Path, target: str | Path) -> NewStudy:
    """``init TARGET --from SOURCE``: :func:`copy_study`, saying what it copied in.

    The copy is made in a temporary folder beside ``target`` and renamed into place, so a
    failed copy leaves nothing behind.
    """
    source, target = _source_folder(source), _empty_target(target)
    if target.resolve() == source.resolve() or source.resolve() in target.resolve().parents:
        raise StudyError("the copy cannot be inside the study it copies", file=target,
                         value=str(source), fix="give a folder outside " + str(source))
    yaml_file = source / "study.yaml"
    config = load_config(yaml_file) if yaml_file.is_file() else None
    outside = _outside_files(config, source) if config is not None else []
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.copying-", dir=target.parent))
    except OSError as exc:
        raise cannot_write(target, exc) from None
    try:
        brought = _copy_into(source, work, config, outside)
        if target.exists():
            target.rmdir()  # empty, checked above
        work.rename(target)
    except OSError as exc:
        raise cannot_write(target, exc) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return NewStudy(target, source=source, brought=brought)


def _source_folder(source: str | Path) -> Path:
    source = check_path(source, StudyError, fix="give the folder that holds study.yaml")
    if source.is_file() and source.name in ("study.yaml", "study.yml"):
        source = source.parent
    if not source.is_dir():
        raise StudyError("the study to copy does not exist" if not source.exists() else
                         "the study to copy is a file, not a study folder", file=source,
                         fix="give the folder that holds study.yaml, e.g. --from "
                             "corpus/sme-customer-management")
    return source


def _empty_target(target: str | Path) -> Path:
    target = check_path(target, StudyError, fix="give a shorter folder name")
    if target.exists() and not target.is_dir():
        raise StudyError("this is a file, not a folder", file=target,
                         fix="give a new folder for the copy")
    if target.is_dir() and any(target.iterdir()):
        raise StudyError("the target folder is not empty", file=target,
                         fix="give a new or empty folder for the copy; nothing in this one "
                             "was changed")
    return target


def _outside_files(config: StudyConfig, source: Path) -> list[tuple[str, Path]]:
    """The settings whose file or folder lies outside ``source`` (or is written as an
    absolute path), each checked to exist: a copy must not point at nothing."""
    root = source.resolve()
    found = []
    for key in PATH_SETTINGS:
        path = getattr(config, key)
        if path is None or key not in config.written:
            continue
        if not path.exists():
            if key == "codings":  # nobody has coded yet; loading the copy warns as here
                continue
            raise missing_path(config, key)
        if root not in path.parents or os.path.isabs(config.written[key]):
            found.append((key, path))
    return found


def _copy_into(source: Path, work: Path, config: StudyConfig | None,
               outside: list[tuple[str, Path]]) -> list[tuple[str, str, str]]:
    shutil.copytree(source, work, dirs_exist_ok=True, symlinks=False,
                    ignore=shutil.ignore_patterns(*_NOT_COPIED))
    if config is None:
        return []
    yaml_file = work / "study.yaml"
    text = yaml_file.read_text(encoding="utf-8-sig")
    brought = []
    root = source.resolve()
    for key, path in outside:
        if root in path.parents:  # inside, but written as an absolute path: make it relative
            name = path.relative_to(root).as_posix()
        else:
            name = _free_name(work, path.name)
            if path.is_dir():
                shutil.copytree(path, work / name, ignore=shutil.ignore_patterns(*_NOT_COPIED))
            else:
                shutil.copy2(path, work / name)
            brought.append((key, config.written[key], name))
        text = _rewrite_setting(text, key, name)
    yaml_file.write_text(text, encoding="utf-8")
    return brought


def _free_name(folder: Path, name: str) -> str:
    """``name``, or ``name`` with ``-2``, ``-3`` ... before its extension when taken."""
    stem, suffix, n = Path(name).stem, Path(name).suffix, 1
    while (folder / name).exists():
        n += 1
        name = f"{stem}-{n}{suffix}"
    return name


def _rewrite_setting(text: str, key: str, value: str) -> str:
    line = f"{key}: {json.dumps(value, ensure_ascii=False)}"  # JSON strings are YAML strings
    pattern = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
    return pattern.sub(lambda _: line, text, count=1) if pattern.search(text) \
        else text + f"\n{line}\n"
