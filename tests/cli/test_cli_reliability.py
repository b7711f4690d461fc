"""Krippendorff (2011) worked examples reproduced through the CLI: files in, CSV out."""
from __future__ import annotations

import pandas as pd
import pytest
from helpers import write

from interview_analysis import cli

CODEBOOK = """\
name: worked-examples
languages: [en]
themes:
  - id: t
    label: {en: Theme}
    codes:
""" + "".join(f"      - id: '{v}'\n        label: {{en: '{v}'}}\n" for v in "abcde12345") + """\
  - id: binary
    label: {en: Binary}
    codes:
      - id: present
        label: {en: Yes}
"""


def _study(tmp_path, n_docs: int, coders: dict[str, dict[int, str]]):
    """One passage per document; ``coders[name][doc_no] = code`` (absent = not coded)."""
    root = tmp_path / "study"
    for i in range(n_docs):
        write(root / "transcripts" / f"U{i:02d}.txt", f"P: unit number {i} says something\n")
    write(root / "codebook.yaml", CODEBOOK)
    write(root / "study.yaml", "language: en\ncodebook: codebook.yaml\n")
    for coder, values in coders.items():
        rows = "".join(f"U{i:02d},3,10,{code},,\n" for i, code in sorted(values.items()))
        write(root / "codings" / f"{coder}.csv", "document,start,end,code,stance,memo\n" + rows)
    return root


def _reliability(capsys, root, coders: str, tmp_path) -> pd.DataFrame:
    out = tmp_path / "reliability.csv"
    assert cli.main(["reliability", str(root), "--coders", coders, "--out", str(out)]) == 0
    capsys.readouterr()
    return pd.read_csv(out).set_index(["level", "name"])


def test_cli_binary_example_alpha_0_095(capsys, tmp_path):
    # Units are passages of one document, so both coders coded it (no missing values): the
    # paragraphs of a text without speaker labels (consecutive "P:" lines are one turn).
    root = tmp_path / "study"
    text = "".join(f"unit {i}\n\n" for i in range(10))
    write(root / "transcripts" / "D.txt", text)
    write(root / "codebook.yaml", CODEBOOK)
    write(root / "study.yaml", "language: en\ncodebook: codebook.yaml\n")
    starts = [text.index(f"unit {i}\n") for i in range(10)]
    a, b = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    for name, values in (("A", a), ("B", b)):
        rows = "".join(f"D,{starts[i]},{starts[i] + 6},binary/present,,\n"
                       for i, v in enumerate(values) if v)
        write(root / "codings" / f"{name}.csv", "document,start,end,code,stance,memo\n" + rows)
    table = _reliability(capsys, root, "A,B", tmp_path)
    row = table.loc[("code", "binary/present")]
    assert row["n_units"] == 10
    assert row["krippendorff_alpha"] == pytest.approx(0.095, abs=5e-4)


@pytest.mark.parametrize("first, second", [("A", "B"), ("researcher", "text")])
def test_cli_nominal_two_observer_example_alpha_0_692(capsys, tmp_path, first, second):
    """Krippendorff's worked example; ``text`` is a column of the passages table, not of the
    unit table, so it is an ordinary coder name (#16: it once ended in "This is a bug")."""
    obs_a = "a a b b d c c c e d d a".split()
    obs_b = "b a b b b c c c e d d d".split()
    root = _study(tmp_path, 12, {first: {i: f"t/{v}" for i, v in enumerate(obs_a)},
                                 second: {i: f"t/{v}" for i, v in enumerate(obs_b)}})
    table = _reliability(capsys, root, f"{first},{second}", tmp_path)
    assert table.loc[("theme", "t"), "krippendorff_alpha"] == pytest.approx(0.692, abs=5e-4)


def test_cli_four_observers_with_missing_values_alpha_0_743(capsys, tmp_path):
    data = {"A": "1 2 3 3 2 1 4 1 2 . . .", "B": "1 2 3 3 2 2 4 1 2 5 . 3",
            "C": ". 3 3 3 2 3 4 2 2 5 1 .", "D": "1 2 3 3 2 4 4 1 2 5 1 ."}
    coders = {name: {i: f"t/{v}" for i, v in enumerate(row.split()) if v != "."}
              for name, row in data.items()}
    root = _study(tmp_path, 12, coders)
    table = _reliability(capsys, root, "A,B,C,D", tmp_path)
    assert table.loc[("theme", "t"), "n_units"] == 11
    assert table.loc[("theme", "t"), "krippendorff_alpha"] == pytest.approx(0.743, abs=5e-4)


def test_cli_reliability_needs_two_coders(capsys, tmp_path):
    root = _study(tmp_path, 2, {"A": {0: "t/a"}})
    assert cli.main(["reliability", str(root)]) == 2
    assert "reliability needs at least two coders" in capsys.readouterr().err


def test_cli_a_coder_named_like_a_unit_column_is_a_clear_error(capsys, tmp_path):
    root = _study(tmp_path, 2, {"researcher": {0: "t/a"}, "code": {0: "t/a"}})
    assert cli.main(["reliability", str(root), "--coders", "researcher,code"]) == 2
    err = capsys.readouterr().err
    assert err == ("error: a coder's name is also the name of a column of the unit table "
                   "(found ['code'])\n  Fix: rename the coder 'code': in a study, rename its "
                   "file codings/code.csv, e.g. to codings/code-coder.csv (the names code, "
                   "document, passage_id are taken)\n")
