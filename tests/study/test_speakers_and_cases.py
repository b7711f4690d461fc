"""study.yaml's ``interviewer:`` and ``cases_from: speaker``, and the speaker summary.

A focus group gives one case per participant; a transcript where only initials label the
speakers gets its roles from ``interviewer:``; every mistake in these settings names the line.
"""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
from helpers import write

from interview_analysis.errors import StudyError, StudyWarning
from interview_analysis.study.study import load_study

SPEAKERS = Path(__file__).parents[1] / "data" / "inputs" / "speakers"


def _study(tmp_path: Path, files: list[str], yaml: str, cases: str | None = None) -> Path:
    root = tmp_path / "study"
    for name in files:
        (root / "transcripts").mkdir(parents=True, exist_ok=True)
        shutil.copy(SPEAKERS / name, root / "transcripts" / name)
    write(root / "study.yaml", yaml)
    if cases is not None:
        write(root / "cases.csv", cases)
    return root


def test_focus_group_gives_one_case_per_participant_with_attributes(tmp_path):
    root = _study(tmp_path, ["focus_group_en.txt", "qa_en.txt"],
                  "language: en\ncases_from: speaker\ncases: cases.csv\n",
                  "case,document,age\nMARGARET,focus_group_en,76\nGeorge,,81\nPRIYA,,70\n"
                  "TOM,focus_group_en,71\nqa_en,,40\n")
    study = load_study(root)
    # the group's own case holds the moderator's turns: no row needed, no attributes
    assert list(study.cases.index) == ["MARGARET", "GEORGE", "PRIYA", "TOM", "qa_en",
                                       "focus_group_en"]
    assert study.cases["age"].dropna().to_dict() == {"MARGARET": 76, "GEORGE": 81,
                                                     "PRIYA": 70, "TOM": 71, "qa_en": 40}
    parts = study.corpus().participant_passages
    assert parts.groupby("case").size().to_dict() == {"GEORGE": 4, "MARGARET": 5, "PRIYA": 6,
                                                      "TOM": 7, "qa_en": 11}
    moderator = study.corpus().passages.query("speaker == 'MODERATOR'")
    assert set(moderator["case"]) == {"focus_group_en"}


def test_group_interview_docx_without_cases_table(tmp_path):
    root = _study(tmp_path, ["group_interview_fi.docx"], "language: fi\ncases_from: speaker\n")
    study = load_study(root)
    assert list(study.cases.index) == ["Liisa", "Pekka", "Aino", "group_interview_fi"]
    assert study.corpus().participant_passages["case"].unique().tolist() == ["Liisa", "Pekka",
                                                                           "Aino"]


def test_speaker_without_a_row_is_its_own_case_with_a_warning(tmp_path):
    root = _study(tmp_path, ["focus_group_en.txt"], "language: en\ncases_from: speaker\n"
                  "cases: cases.csv\n", "case,age\nMARGARET,76\nGEORGE,81\nPRIYA,70\n")
    with pytest.warns(StudyWarning, match=r"cases\.csv: speaker 'TOM' has no row in the cases "
                                          r"table; it is its own case with no attributes"):
        load_study(root)


def test_cases_row_naming_no_speaker_is_an_error(tmp_path):
    root = _study(tmp_path, ["focus_group_en.txt"], "language: en\ncases_from: speaker\n"
                  "cases: cases.csv\n", "case,document\nMARGRET,focus_group_en\n")
    with pytest.raises(StudyError, match=r"cases\.csv, row 2: case 'MARGRET' is not a "
                                         r"participant speaker of any transcript \(found "
                                         r"'MARGRET'\)\n  Fix: cases .*MARGARET, GEORGE"):
        load_study(root)


def test_cases_row_with_the_wrong_document_is_an_error(tmp_path):
    root = _study(tmp_path, ["focus_group_en.txt", "qa_en.txt"], "language: en\n"
                  "cases_from: speaker\ncases: cases.csv\n", "case,document\nTOM,qa_en\n")
    with pytest.raises(StudyError, match=r"row 2: speaker 'TOM' does not speak in document "
                                         r"'qa_en' \(found 'qa_en'\)\n  Fix: 'TOM' speaks in: "
                                         r"focus_group_en"):
        load_study(root)


def test_interviewer_setting_gives_roles_to_initials(tmp_path):
    root = _study(tmp_path, ["otter_en.txt"], "language: en\ninterviewer: [Speaker 1]\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no guess, no warning
        study = load_study(root)
    summary = study.speakers()
    assert summary[["speaker", "role", "role_from", "turns"]].values.tolist() == [
        ["Speaker 1", "interviewer", "study.yaml", 8], ["Speaker 2", "participant", "others", 8]]


@pytest.mark.parametrize("setting, message", [
    ("cases_from: speakers\n", r"line 2: unknown value of 'cases_from' \(found 'speakers'\)\n"
                               r"  Fix: use 'document' .* or 'speaker'"),
    ("cases_from: [speaker]\n", r"line 2: 'cases_from' takes one value, not a list"),
    ("interviewer: {MK: yes}\n", r"line 2: 'interviewer' must be a list"),
    ("interviewer: [[MK]]\n", r"line 2: 'interviewer' lists speaker labels as they are written"),
    ("interviewer: [MK]\nspeakers:\n  mk: participant\n",
     r"line 2: speaker 'MK' is the interviewer in 'interviewer' but 'participant' in "
     r"'speakers'"),
])
def test_speaker_settings_are_checked_with_their_line(tmp_path, setting, message):
    root = _study(tmp_path, ["initials_fi.txt"], "language: fi\n" + setting)
    with pytest.raises(StudyError, match=message):
        load_study(root)


def test_passages_command_prints_the_speaker_summary_to_stderr(tmp_path, capsys):
    from interview_analysis.cli import main
    root = _study(tmp_path, ["initials_fi.txt"], "language: fi\n")
    assert main(["passages", str(root), "--out", str(tmp_path / "p.csv")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("wrote 18 rows to")
    assert "speakers (check the roles: only participants are coded and counted):" in err
    assert [line.split() for line in err.splitlines()[-2:]] == [
        ["initials_fi", "MK", "interviewer", "header", "9", "66"],
        ["initials_fi", "JS", "participant", "header", "9", "151"]]
