"""A study copied elsewhere: a copied demo study says what is missing and how to fix it."""
from __future__ import annotations

import shutil
from pathlib import Path

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
