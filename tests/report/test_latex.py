"""LaTeX tables: booktabs rules, escaped text, and characters pdfLaTeX has no glyph for."""
from __future__ import annotations

import shutil
import subprocess

import pandas as pd
import pytest

from interview_analysis.base.tables import to_latex


def tricky() -> pd.DataFrame:
    return pd.DataFrame({"Koodi & teema": ["Sähköposti_1", "50 % ≤ α"], "κ": [0.85, -0.2],
                         "Huom.": ["“ei laskettavissa” – 😀", "x^2 {y} ~ \\ #"]})


def test_latex_escapes_specials_and_writes_math_for_symbols():
    text = to_latex(tricky(), caption="Taulukko 1. α ja κ")
    assert "\\caption{Taulukko 1. $\\alpha$ ja $\\kappa$}" in text
    assert "\\begin{tabular}{lrl}" in text and "\\toprule" in text and "\\bottomrule" in text
    assert "Koodi \\& teema & $\\kappa$ & Huom. \\\\" in text
    assert "50 \\% $\\leq$ $\\alpha$ & -0.2 & x\\textasciicircum{}2 \\{y\\} " \
           "\\textasciitilde{} \\textbackslash{} \\# \\\\" in text
    assert "“ei laskettavissa” – ?" in text  # an emoji would stop pdfLaTeX


@pytest.mark.skipif(shutil.which("pdflatex") is None,
                    reason="no TeX engine (pdflatex) installed: apt-get install "
                           "texlive-latex-base texlive-latex-recommended")
def test_latex_table_compiles_with_booktabs(tmp_path):
    (tmp_path / "t.tex").write_text(to_latex(tricky(), caption="α"), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
        "\\usepackage{booktabs}\n\\begin{document}\n\\input{t.tex}\n\\end{document}\n",
        encoding="utf-8")
    result = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                             "doc.tex"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout[-1500:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
