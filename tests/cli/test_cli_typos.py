"""What a researcher types by hand: a stance with a capital letter is the stance; a misspelt
code, coder or command gets "did you mean" with the right name, and exit 2."""
from __future__ import annotations

import pandas as pd
import pytest
from helpers import CODEBOOK, FI_TRANSCRIPT, write

from interview_analysis import cli


@pytest.fixture
def study(tmp_path):
    root = tmp_path / "study"
    write(root / "transcripts" / "H1.txt", FI_TRANSCRIPT)
    write(root / "codebook.yaml", CODEBOOK)
    write(root / "study.yaml", "language: fi\ncodebook: codebook.yaml\n")
    start = FI_TRANSCRIPT.index("Sähköpostitse")
    write(root / "codings" / "anna.csv", "document,start,end,code,stance,memo\n"
          f"H1,{start},{start + 13},channels/email,Positive,\n")
    return root


def test_a_stance_written_with_capitals_is_read(study, tmp_path, capsys):
    out = tmp_path / "agreement.csv"
    assert cli.main(["agreement", str(study), "--coder", "anna", "--out", str(out)]) == 0
    row = pd.read_csv(out).set_index("code").loc["channels/email"]
    assert (row["positive"], row["consensus"], row["stance_origin"]) == (1, "unanimous", "coder")


def test_a_misspelt_code_in_a_codings_file_is_named_with_the_code_meant(study, tmp_path,
                                                                         capsys):
    path = study / "codings" / "anna.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("channels/email", "channels/emial"),
                    encoding="utf-8")
    assert cli.main(["agreement", str(study), "--coder", "anna",
                     "--out", str(tmp_path / "a.csv")]) == 2
    err = capsys.readouterr().err
    assert "anna.csv, line 2: unknown code (found 'channels/emial')" in err
    assert "did you mean 'channels/email'" in err


def test_a_misspelt_code_for_suggest_fails_before_any_model_is_fitted(study, tmp_path, capsys,
                                                                      monkeypatch):
    from interview_analysis.coding import models

    def never(*args, **kwargs):
        raise AssertionError("the model was fitted for a code that does not exist")

    monkeypatch.setattr(models.ModelCoder, "fit", never)
    assert cli.main(["suggest", str(study), "--coder", "anna", "--code", "channels/emial",
                     "--out", str(tmp_path / "s.csv")]) == 2
    assert "did you mean 'channels/email'" in capsys.readouterr().err


def test_a_misspelt_coder_and_command(study, tmp_path, capsys):
    assert cli.main(["agreement", str(study), "--coder", "ana",
                     "--out", str(tmp_path / "a.csv")]) == 2
    assert "did you mean 'anna'?" in capsys.readouterr().err
    assert cli.main(["agrement", str(study)]) == 2
    assert "did you mean 'agreement'?" in capsys.readouterr().err


def test_suggest_uses_the_codebook_it_is_given(study, tmp_path, capsys):
    write(tmp_path / "other.yaml", "themes:\n  - id: kanavat\n    codes:\n"
                                   "      - id: sahkoposti\n        rules: [sähköposti]\n")
    assert cli.main(["suggest", str(study), "--coder", "anna", "--codebook",
                     str(tmp_path / "other.yaml"), "--out", str(tmp_path / "s.csv")]) == 2
    err = capsys.readouterr().err
    assert "anna.csv, line 2: unknown code (found 'channels/email')" in err
