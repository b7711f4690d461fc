"""A study copied elsewhere: a copied demo study says what is missing and how to fix it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from interview_analysis import cli

DEMO = Path(__file__).resolve().parents[2] / "corpus" / "sme-customer-management"


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_demo_study_copied_on_its_own_names_study_yaml_and_the_fix(capsys, tmp_path):
    copy = shutil.copytree(DEMO, tmp_path / "x", ignore=shutil.ignore_patterns(".ia-cache"))
    code, _, err = run(capsys, "run", copy, "--out", tmp_path / "x-out")
    assert code == 2 and "Traceback" not in err and "bug" not in err
    looked = (tmp_path.parent / "codebooks" / "customer-management.yaml").resolve()
    assert err == (
        f"error: {copy / 'study.yaml'}, line 10: the codebook does not exist: 'codebook: "
        f"../../codebooks/customer-management.yaml' points to {looked}\n"
        f"  Fix: paths in study.yaml are relative to its folder, {copy}. Copy the codebook into "
        "that folder and write 'codebook: customer-management.yaml'; or, if this study is a "
        "copy of another study folder, copy that one again with 'interview-analysis init "
        "NEW_FOLDER --from THAT_FOLDER' (e.g. --from corpus/sme-customer-management): it "
        "copies in the files that study.yaml names outside the study folder\n")
    assert not (tmp_path / "x-out").exists()


def _files(folder: Path) -> list[str]:
    """The files under ``folder``, without caches (another test may be filling the demo's)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and ".ia-cache" not in p.parts)


def test_init_from_a_demo_study_makes_a_self_contained_copy(capsys, tmp_path):
    before = _files(DEMO)
    code, stdout, err = run(capsys, "init", tmp_path / "mine", "--from", DEMO)
    assert code == 0, err
    assert stdout == (
        f"created study in {tmp_path / 'mine'}, a copy of {DEMO}\n"
        "  copied in ../../codebooks/customer-management.yaml as customer-management.yaml "
        "(study.yaml: 'codebook: customer-management.yaml')\n"
        f"next: interview-analysis run {tmp_path / 'mine'} --out OUT\n")
    assert _files(tmp_path / "mine") == [
        "README.md", "cases.csv", "codings/researcher.csv", "codings/second-coder.csv",
        "customer-management.yaml", "study.yaml", "transcripts/H1.vtt", "transcripts/H2.vtt",
        "transcripts/H3.eml", "transcripts/H4.vtt", "transcripts/H5.eml"]
    original = (DEMO / "study.yaml").read_text(encoding="utf-8")
    assert "codebook: ../../codebooks/customer-management.yaml\n" in original
    assert (tmp_path / "mine" / "study.yaml").read_text(encoding="utf-8") == original.replace(
        "codebook: ../../codebooks/customer-management.yaml\n",
        'codebook: "customer-management.yaml"\n')
    assert (tmp_path / "mine" / "customer-management.yaml").read_bytes() == \
        (DEMO.parents[1] / "codebooks" / "customer-management.yaml").read_bytes()
    assert _files(DEMO) == before  # nothing written into the original
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # no temporary folder left


@pytest.mark.slow
def test_run_works_on_a_copy_made_with_init_from(capsys, tmp_path):
    copy = tmp_path / "elsewhere" / "sme"
    assert run(capsys, "init", copy, "--from", DEMO)[0] == 0
    code, stdout, err = run(capsys, "run", copy, "--out", tmp_path / "out")
    assert code == 0, err
    assert stdout.startswith("Asiakkuudenhallinnan merkitys pienyrityksille: ")
    method = (tmp_path / "out" / "tables" / "method.csv").read_text(encoding="utf-8")
    assert "Koodikirja,\"5 teemaa, 28 koodia (23 koodattavaa)\"" in method


def test_init_from_refuses_a_folder_that_is_not_empty(capsys, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine", encoding="utf-8")
    code, stdout, err = run(capsys, "init", tmp_path / "busy", "--from", DEMO)
    assert (code, stdout) == (2, "")
    assert err == (f"error: {tmp_path / 'busy'}: the target folder is not empty\n"
                   "  Fix: give a new or empty folder for the copy; nothing in this one was "
                   "changed\n")
    assert _files(tmp_path / "busy") == ["notes.txt"]


def test_init_from_a_study_that_does_not_exist_or_with_settings(capsys, tmp_path):
    code, _, err = run(capsys, "init", tmp_path / "new", "--from", tmp_path / "nope")
    assert code == 2 and err == (
        f"error: {tmp_path / 'nope'}: the study to copy does not exist\n"
        "  Fix: give the folder that holds study.yaml, e.g. --from "
        "corpus/sme-customer-management\n")
    code, _, err = run(capsys, "init", tmp_path / "new", "--from", DEMO, "--lang", "en")
    assert code == 2 and err.startswith("error: --from: --title and --lang do not go with "
                                        "--from: the copy keeps the study's settings\n")
    assert not (tmp_path / "new").exists()
