"""``copy_study`` / ``init --from``: a copy that needs nothing outside its own folder."""
from __future__ import annotations

import pytest
from helpers import CODEBOOK, FI_TRANSCRIPT, write

from interview_analysis.errors import StudyError
from interview_analysis.study.scaffold import copy_study, init_from
from interview_analysis.study.study import load_study


def _study(root, yaml: str):
    write(root / "transcripts" / "H1.txt", FI_TRANSCRIPT)
    write(root / "study.yaml", "title: Yksi\nlanguage: fi\n" + yaml
          + "speakers:\n  Haastattelija: interviewer\n")
    return root


def test_files_from_outside_are_copied_in_under_a_free_name(tmp_path):
    write(tmp_path / "shared" / "codebook.yaml", CODEBOOK)
    write(tmp_path / "shared" / "cases.csv", "case,document,industry\nH1,H1,IT\n")
    original = _study(tmp_path / "one", "codebook: ../shared/codebook.yaml\n"
                                        "cases: ../shared/cases.csv\n")
    write(original / "codebook.yaml", "# an old draft, not the study's codebook\n")
    made = init_from(original, tmp_path / "copy")
    assert made.brought == [("cases", "../shared/cases.csv", "cases.csv"),
                            ("codebook", "../shared/codebook.yaml", "codebook-2.yaml")]
    assert (tmp_path / "copy" / "study.yaml").read_text(encoding="utf-8") == (
        'title: Yksi\nlanguage: fi\ncodebook: "codebook-2.yaml"\ncases: "cases.csv"\n'
        "speakers:\n  Haastattelija: interviewer\n")
    study = load_study(tmp_path / "copy")
    assert len(study.codebook()) == 7 and study.cases.loc["H1", "industry"] == "IT"


def test_an_absolute_path_inside_the_study_becomes_relative(tmp_path):
    original = tmp_path / "one"
    write(original / "books" / "cb.yaml", CODEBOOK)
    _study(original, f"codebook: {original / 'books' / 'cb.yaml'}\n")
    made = init_from(original, tmp_path / "copy")
    assert made.brought == []
    assert 'codebook: "books/cb.yaml"\n' in (tmp_path / "copy" / "study.yaml").read_text()
    assert load_study(tmp_path / "copy").config.codebook == \
        (tmp_path / "copy" / "books" / "cb.yaml").resolve()


def test_a_study_whose_codebook_is_missing_is_not_copied(tmp_path):
    original = _study(tmp_path / "one", "codebook: ../gone.yaml\n")
    with pytest.raises(StudyError, match=r"study\.yaml, line 3: the codebook does not exist: "
                                         r"'codebook: \.\./gone\.yaml' points to "):
        copy_study(original, tmp_path / "copy")
    assert not (tmp_path / "copy").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["one"]


def test_a_copy_inside_the_study_is_refused(tmp_path):
    original = _study(tmp_path / "one", "")
    with pytest.raises(StudyError, match=r"the copy cannot be inside the study it copies"):
        copy_study(original, original / "copy")


def test_a_plain_folder_of_transcripts_is_copied_as_it_is(tmp_path):
    write(tmp_path / "plain" / "H1.txt", FI_TRANSCRIPT)
    assert copy_study(tmp_path / "plain", tmp_path / "copy") == tmp_path / "copy"
    assert [p.name for p in (tmp_path / "copy").iterdir()] == ["H1.txt"]
