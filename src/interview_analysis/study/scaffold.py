"""``interview-analysis init``: a new study folder with a commented ``study.yaml``."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..base.atomic import cannot_write, write_text
from ..base.paths import check_path
from ..corpus.readers import NOT_TRANSCRIPTS, supported_extensions
from ..errors import StudyError
from ..nlp.language import is_known_language, language_fix
from .files import system_file

STUDY_YAML = """\
# study.yaml - the settings of one interview study (see README, "Concepts").
# Paths are relative to this file.

title: "{title}"
# Language of the transcripts: fi, en or any spaCy language code; 'auto' detects it.
language: {language}
research_questions:
  - "What do the interviewees value in ...?"
# Folder of transcripts: .txt .md .docx .odt .rtf .pdf .vtt .srt .eml, or survey tables
# .csv .tsv .xlsx. The file name without extension is the document ID.
transcripts: transcripts
# One row per case: case,document,<attributes such as industry, role, group>.
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
    """What :func:`init_study` made: the folder and the transcripts it moved into it."""

    folder: Path
    moved: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        """What to do next, for the command line."""
        yaml = self.folder / "study.yaml"
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
