"""evaluate --folds and suggest on a study with no interviewer at all (a survey's answers, plain
texts): the learned coders need no interviewer passages (#16: "empty vocabulary")."""
from __future__ import annotations

import pandas as pd
import pytest
from helpers import write

from interview_analysis import cli

CODEBOOK = """\
name: pets
languages: [fi]
themes:
  - id: pets
    label: {fi: Lemmikit}
    codes:
      - id: cats
        label: {fi: Kissat}
        rules: {fi: [kissa]}
  - id: life
    label: {fi: Elämä}
    codes:
      - id: weather
        label: {fi: Sää}
        rules: {fi: [sää]}
"""
CATS = ["Kissa on paras lemmikki.", "Kissat kehräävät illalla.", "Kissalle ostan ruokaa.",
        "Kissani nukkuu sohvalla.", "Naapurin kissa käy kylässä.", "Kissoja on meillä kolme."]
WEATHER = ["Sää on ollut sateinen.", "Aurinko paistaa ja sää on lämmin.", "Sää on kylmä.",
           "Sää muuttuu nopeasti.", "Sateinen sää harmittaa.", "Sää on pilvinen."]
OTHER = ["Töissä on kiirettä.", "Autolla ajan töihin.", "Palaverit venyvät.",
         "Junalla matkustan.", "Tietokone on nopea.", "Pyörällä pääsee kauppaan."]


@pytest.fixture
def answers(tmp_path):
    """Eighteen one-answer documents, one case each, no speaker labels; coded by hand."""
    root = tmp_path / "kysely"
    rows = ["document,start,end,code,stance,memo"]
    for n, (text, code) in enumerate([(t, "pets/cats") for t in CATS]
                                     + [(t, "life/weather") for t in WEATHER]
                                     + [(t, None) for t in OTHER], start=1):
        write(root / "transcripts" / f"R{n:02d}.txt", text + "\n")
        if code:
            rows.append(f"R{n:02d},0,{len(text)},{code},,")
    write(root / "codings" / "researcher.csv", "\n".join(rows) + "\n")
    write(root / "codebook.yaml", CODEBOOK)
    write(root / "study.yaml", "title: Kysely\nlanguage: fi\ncodebook: codebook.yaml\n"
                               "unit: paragraph\n")
    return root


def test_evaluate_by_case_in_folds_on_answers_without_an_interviewer(capsys, answers):
    code = cli.main(["evaluate", str(answers), "--coder", "researcher", "--by", "case",
                     "--folds", "3"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "unexpected problem" not in err
    assert "| rules | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |\n" in out
    assert "| prior | 0.500 | 1.000 | 0.667 | 0.500 | 1.000 | 0.667 |\n" in out
    assert "| pets/cats | 6 | 1.000 |" in out and "| life/weather | 6 | 1.000 |" in out
    for method in ("model", "combined", "tfidf"):
        assert f"\n| {method} | " in out


def test_suggest_on_answers_without_an_interviewer(capsys, answers, tmp_path):
    uncoded = answers / "codings" / "researcher.csv"
    lines = uncoded.read_text(encoding="utf-8").splitlines()
    write(uncoded, "\n".join(lines[:4] + lines[7:10]) + "\n")  # three of each code coded
    out = tmp_path / "suggestions.csv"
    code = cli.main(["suggest", str(answers), "--coder", "researcher", "-n", "3",
                     "--out", str(out)])
    _, err = capsys.readouterr()
    assert code == 0, err
    assert "unexpected problem" not in err
    found = pd.read_csv(out)
    assert sorted(zip(found["code"], found["passage_id"])) == [  # exactly the uncoded ones
        ("life/weather", "R10:0001"), ("life/weather", "R11:0001"), ("life/weather", "R12:0001"),
        ("pets/cats", "R04:0001"), ("pets/cats", "R05:0001"), ("pets/cats", "R06:0001")]
