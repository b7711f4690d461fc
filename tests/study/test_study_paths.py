"""A path in study.yaml that names nothing: the message gives study.yaml's line, the value as
written, where it was looked for and the fix — above all for a study copied away from the
files it names with ``../`` (a demo study copied out of ``corpus/``)."""
from __future__ import annotations

import shutil

import pytest
from helpers import CODEBOOK, FI_TRANSCRIPT, write

from interview_analysis.errors import StudyError, StudyWarning
from interview_analysis.study.study import load_study

FROM = ("; or, if this study is a copy of another study folder, copy that one again with "
        "'interview-analysis init NEW_FOLDER --from THAT_FOLDER' (e.g. --from "
        "corpus/sme-customer-management): it copies in the files that study.yaml names outside "
        "the study folder")


def _study(root, yaml: str):
    write(root / "transcripts" / "H1.txt", FI_TRANSCRIPT)
    write(root / "study.yaml", "title: Yksi\nlanguage: fi\n" + yaml
          + "speakers:\n  Haastattelija: interviewer\n")
    return root


@pytest.fixture
def copied(tmp_path):
    """A study that shares ``../../shared/codebook.yaml``, copied elsewhere on its own."""
    write(tmp_path / "shared" / "codebook.yaml", CODEBOOK)
    original = _study(tmp_path / "studies" / "one", "codebook: ../../shared/codebook.yaml\n")
    assert len(load_study(original).codebook()) == 7
    return shutil.copytree(original, tmp_path / "copy")


def test_a_copied_study_names_the_line_the_value_where_it_looked_and_the_fix(copied, tmp_path):
    study = load_study(copied)  # passages need no codebook: only using it fails
    assert len(study.corpus().passages) == 4
    with pytest.raises(StudyError) as error:
        study.codebook()
    assert str(error.value) == (
        f"{copied / 'study.yaml'}, line 3: the codebook does not exist: 'codebook: "
        f"../../shared/codebook.yaml' points to {(tmp_path.parent / 'shared' / 'codebook.yaml')}"
        f"\n  Fix: paths in study.yaml are relative to its folder, {copied}. Copy the codebook "
        "into that folder and write 'codebook: codebook.yaml'" + FROM)


def test_a_file_of_that_name_beside_study_yaml_is_named(copied):
    write(copied / "codebook.yaml", CODEBOOK)
    with pytest.raises(StudyError, match=r"\n  Fix: \S+codebook\.yaml is there: write "
                                         r"'codebook: codebook\.yaml'; or, if this study is"):
        load_study(copied).codebook()


def test_a_missing_path_inside_the_study_is_corrected_not_copied(tmp_path):
    root = _study(tmp_path / "s", "transcripts: litteraatit\n")
    with pytest.raises(StudyError) as error:
        load_study(root)
    assert str(error.value) == (
        f"{root / 'study.yaml'}, line 3: the transcripts folder does not exist: 'transcripts: "
        f"litteraatit' points to {(root / 'litteraatit').resolve()}\n  Fix: correct "
        "'transcripts:' (folder of transcripts, relative to study.yaml), or create it there")


def test_the_default_transcripts_folder_missing_says_there_is_no_setting(tmp_path):
    write(tmp_path / "s" / "study.yaml", "title: Yksi\n")
    with pytest.raises(StudyError) as error:
        load_study(tmp_path / "s")
    folder = (tmp_path / "s" / "transcripts").resolve()
    assert str(error.value) == (
        f"{tmp_path / 's' / 'study.yaml'}: the transcripts folder does not exist: study.yaml "
        f"has no 'transcripts:' setting, and the default is {folder}\n"
        f"  Fix: create {folder}, or add 'transcripts: FOLDER' to study.yaml")


def test_a_cases_table_outside_the_study_can_also_be_left_out(tmp_path):
    root = _study(tmp_path / "s", "cases: ../cases.csv\n")
    with pytest.raises(StudyError, match=r"line 3: the cases table does not exist: 'cases: "
                                         r"\.\./cases\.csv' points to .*\n  Fix: paths in "
                                         r"study\.yaml are relative to its folder, .* and write "
                                         r"'cases: cases\.csv', or remove 'cases:' \(then every "
                                         r"transcript is a case\); or, if this study is a copy"):
        load_study(root)


def test_a_codings_folder_that_is_not_there_is_a_warning_not_silence(tmp_path):
    root = _study(tmp_path / "s", "codings: ../../hand-coded\n")
    with pytest.warns(StudyWarning, match=r"line 3: the codings folder does not exist: 'codings: "
                                          r"\.\./\.\./hand-coded' points to .*, so no coder's "
                                          r"codings are read\n  Fix: paths in study\.yaml"):
        study = load_study(root)
    assert study.coders() == []


def test_a_folder_without_study_yaml_reads_its_transcripts_folder(tmp_path):
    """The layout ``init`` makes, before study.yaml is written: the transcripts are in
    ``transcripts/`` (once "no transcripts found: subfolders are not read")."""
    write(tmp_path / "transcripts" / "H1.txt", FI_TRANSCRIPT)
    write(tmp_path / "transcripts" / "H2.txt", FI_TRANSCRIPT)
    write(tmp_path / "notes.txt", "Haastattelija: muistiinpano, ei litteraatti\n")
    study = load_study(tmp_path, "fi")
    assert sorted(study.transcripts) == ["H1", "H2"]


def test_a_plain_folder_of_transcripts_is_still_read_as_it_is(tmp_path):
    write(tmp_path / "H1.txt", FI_TRANSCRIPT)
    assert sorted(load_study(tmp_path, "fi").transcripts) == ["H1"]
