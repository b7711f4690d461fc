"""Notebook paths: finding the repository from anywhere, and coding a copy, never the original."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CODEBOOK, FI_TRANSCRIPT, write

from interview_analysis import load_study
from interview_analysis.errors import StudyError
from interview_analysis.notebook import copy_study, demo_study, output_folder, repo_root
from interview_analysis.notebook.paths import OUT_VARIABLE, ROOT_VARIABLE

REPO = Path(__file__).resolve().parents[2]


def test_repo_root_walks_up_from_a_nested_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(ROOT_VARIABLE, raising=False)
    (tmp_path / "repo" / "corpus").mkdir(parents=True)
    nested = tmp_path / "repo" / "notebooks" / "drafts"
    nested.mkdir(parents=True)
    assert repo_root(nested) == tmp_path / "repo"


def test_repo_root_from_a_folder_outside_falls_back_to_the_installed_package(tmp_path,
                                                                              monkeypatch):
    monkeypatch.delenv(ROOT_VARIABLE, raising=False)
    assert repo_root(tmp_path) == REPO


def test_repo_root_variable_wins(tmp_path, monkeypatch):
    (tmp_path / "corpus").mkdir()
    monkeypatch.setenv(ROOT_VARIABLE, str(tmp_path))
    assert repo_root(REPO) == tmp_path


def test_demo_study_unknown_name_lists_the_demo_studies():
    with pytest.raises(StudyError, match=r"(?s)no such demo study.*after-sales, "
                                         r"sme-customer-management"):
        demo_study("sme")


def test_output_folder_is_under_out_unless_redirected(tmp_path, monkeypatch):
    (tmp_path / "repo" / "corpus").mkdir(parents=True)
    monkeypatch.setenv(ROOT_VARIABLE, str(tmp_path / "repo"))
    monkeypatch.delenv(OUT_VARIABLE, raising=False)
    assert output_folder("x") == tmp_path / "repo" / "out" / "notebooks" / "x"
    monkeypatch.setenv(OUT_VARIABLE, str(tmp_path / "elsewhere"))
    assert output_folder("x") == tmp_path / "elsewhere" / "x"
    assert (tmp_path / "elsewhere").is_dir()


def _study_with_shared_codebook(root: Path) -> Path:
    write(root / "shared" / "codebook.yaml", CODEBOOK)
    study = root / "studies" / "one"
    write(study / "transcripts" / "H1.txt", FI_TRANSCRIPT)
    write(study / "study.yaml", "# my study\ntitle: Yksi\nlanguage: fi\n"
                                "codebook: ../../shared/codebook.yaml\n"
                                "speakers:\n  Haastattelija: interviewer\n")
    write(study / "codings" / "researcher.csv", "document,start,end,code,stance,memo\n"
                                                "H1,76,163,channels/email,positive,\n")
    (study / ".ia-cache").mkdir()
    (study / ".interview-analysis").mkdir()
    return study


def test_copy_study_brings_along_files_named_outside_the_folder(tmp_path):
    original = _study_with_shared_codebook(tmp_path)
    before = (original / "study.yaml").read_text(encoding="utf-8")
    copy = copy_study(original, tmp_path / "copy")
    # caches and the project database stay behind (reading the copy makes its own)
    assert not (copy / ".ia-cache").exists() and not (copy / ".interview-analysis").exists()
    study = load_study(copy)
    assert study.config.codebook == (copy / "codebook.yaml").resolve()
    assert len(study.codebook()) == 7
    assert study.codings("researcher")["code"].tolist() == ["channels/email"]
    assert (copy / "study.yaml").read_text(encoding="utf-8").startswith("# my study\n")
    assert (original / "study.yaml").read_text(encoding="utf-8") == before


def test_copy_study_refuses_a_folder_that_is_not_empty(tmp_path, fi_study):
    target = tmp_path / "busy"
    write(target / "notes.txt", "mine")
    with pytest.raises(StudyError, match=r"busy: the target folder is not empty\n  Fix: give "
                                         r"a new or empty folder for the copy; nothing in "
                                         r"this one was changed$"):
        copy_study(fi_study, target)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
