"""Codebooks of every shape a researcher brings: a flat code list (what a .qdc import of a flat
project gives) runs end to end; a runaway depth is one clear message, never a crash or a hang."""
from __future__ import annotations

import uuid

import pandas as pd
import pytest
from helpers import write

from interview_analysis import cli
from interview_analysis.domain import MAX_CODE_DEPTH

TRANSCRIPTS = {
    "A": "I: What do you think about email?\n\nA: Email is great, I use it every day. "
         "Phone calls annoy me.\n\nI: And text messages?\n\nA: I never read text messages.\n",
    "B": "I: What do you think about email?\n\nB: Email is fine but it gets lost. "
         "I prefer the phone.\n",
}
FLAT = """\
themes:
  - id: email
    label: Email
    rules: {en: [email]}
  - id: phone
    label: Phone
    rules: {en: [phone, call]}
  - id: sms
    label: Text messages
    rules: {en: ["text message"]}
"""


def _study(tmp_path, codebook: str):
    root = tmp_path / "study"
    for name, text in TRANSCRIPTS.items():
        write(root / "transcripts" / f"{name}.txt", text)
    write(root / "codebook.yaml", codebook)
    write(root / "study.yaml", "language: en\ncodebook: codebook.yaml\n")
    return root


def test_a_flat_codebook_runs_and_every_theme_is_its_own_code(tmp_path, capsys):
    root = _study(tmp_path, FLAT)
    out = tmp_path / "out"
    assert cli.main(["run", str(root), "--out", str(out)]) == 0
    table = pd.read_csv(out / "tables" / "agreement.csv")
    codes = table[table["level"] == "code"].set_index("code")
    assert codes.index.tolist() == ["email", "phone", "sms"]
    assert codes.loc["email", ["n_cases", "positive", "mixed"]].tolist() == [2, 1, 1]
    assert codes.loc["phone", ["positive", "negative", "consensus"]].tolist() == \
        [1, 1, "split"]
    assert codes.loc["sms", ["negative", "consensus"]].tolist() == [1, "single voice"]
    assert (out / "report.html").exists()


def _nested(depth: int) -> str:
    lines, indent = ["themes:"], ""
    for i in range(depth):
        lines.append(f"{indent}  - id: n{i}\n{indent}    label: N{i}")
        if i < depth - 1:
            lines.append(f"{indent}    codes:")
        indent += "    "
    return "\n".join(lines) + "\n"


def test_nesting_at_the_limit_is_read(tmp_path, capsys):
    root = _study(tmp_path, _nested(MAX_CODE_DEPTH))
    assert cli.main(["code", str(root), "--out", str(tmp_path / "c.csv")]) == 0


def test_nesting_past_the_limit_is_one_message(tmp_path, capsys):
    root = _study(tmp_path, _nested(MAX_CODE_DEPTH + 1))
    assert cli.main(["code", str(root), "--out", str(tmp_path / "c.csv")]) == 2
    err = capsys.readouterr().err
    assert f"codes nest more than {MAX_CODE_DEPTH} levels deep" in err
    assert "line " in err and "n11" in err and "Traceback" not in err


def test_a_long_chain_of_parents_is_one_message(tmp_path, capsys):
    entries, ids = ["codes:", "  - id: c0\n    label: C0"], ["c0"]
    for i in range(1, 300):
        entries.append(f"  - id: c{i}\n    label: C{i}\n    parent: {ids[-1]}")
        ids.append(f"{ids[-1]}/c{i}")
    root = _study(tmp_path, "\n".join(entries) + "\n")
    assert cli.main(["code", str(root), "--out", str(tmp_path / "c.csv")]) == 2
    err = capsys.readouterr().err
    # c0 is on line 2, each later code three lines on: the first too deep is c12
    assert f"line {4 + 3 * (MAX_CODE_DEPTH - 1)}: codes nest more than" in err


@pytest.mark.parametrize("depth,status", [(MAX_CODE_DEPTH, 0), (MAX_CODE_DEPTH + 1, 2)])
def test_a_deep_qdc_codebook_is_refused_with_the_element(tmp_path, capsys, depth, status):
    root = _study(tmp_path, FLAT)
    opening = "".join(f'<Code guid="{uuid.uuid4()}" name="c{i}" isCodable="true">'
                      for i in range(depth))
    qdc = write(tmp_path / "deep.qdc", '<?xml version="1.0" encoding="utf-8"?>\n'
                '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test"><Codes>'
                + opening + "</Code>" * depth + "</Codes></CodeBook>")
    assert cli.main(["import", str(qdc), "--into", str(root)]) == status
    if status:
        err = capsys.readouterr().err
        assert f'<Code name="c{MAX_CODE_DEPTH}">' in err and "nest more than" in err
