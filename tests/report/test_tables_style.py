"""Table files (xlsx, csv, LaTeX booktabs, Markdown) and the style module's words."""
from __future__ import annotations

import zipfile

import pandas as pd

from interview_analysis.messages import consensus_word, en, fi, label
from interview_analysis.report.style import caption, table_caption, wrap
from interview_analysis.report.tables import data_file, table_formats, write_tables


def test_write_tables_writes_four_formats(tmp_path):
    frame = pd.DataFrame({"code": ["channels/email", "channels/phone"], "n_cases": [5, 4],
                          "cases": [["H1", "H2"], ["H3"]]})
    paths = write_tables(frame, tmp_path, "agreement", caption="Stances per code")
    assert sorted(paths) == ["csv", "md", "tex", "xlsx"]
    assert paths["csv"].read_text(encoding="utf-8").splitlines()[1] == \
        "channels/email,5,H1; H2"
    tex = paths["tex"].read_text(encoding="utf-8")
    assert r"\toprule" in tex and r"\bottomrule" in tex and r"\caption{Stances per code}" in tex
    assert r"channels/email & 5" in tex
    assert paths["md"].read_text(encoding="utf-8").startswith("| code | n_cases | cases |")
    assert pd.read_excel(paths["xlsx"])["n_cases"].tolist() == [5, 4]


def test_excel_files_have_fixed_dates(tmp_path):
    frame = pd.DataFrame({"a": [1]})
    first = write_tables(frame, tmp_path / "a", "t")["xlsx"].read_bytes()
    second = write_tables(frame, tmp_path / "b", "t")["xlsx"].read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a" / "t.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in z.read("docProps/core.xml")


def test_captions_are_numbered_in_the_study_language():
    assert caption(1, "Codes by interviewee.", "fi") == "Kuvio 1. Codes by interviewee."
    assert caption(2, "Codes.", "en") == "Figure 2. Codes."
    assert table_caption(3, "Stances.", "fi") == "Taulukko 3. Stances."
    assert table_caption(3, "Stances.", "sv") == "Table 3. Stances."  # other languages: en


def test_every_word_exists_in_both_languages():
    for name in ("REPORT", "FIGURE", "FACTS", "AGREEMENT", "SIDES", "THEME", "SATURATION",
                 "METHOD", "ATTRIBUTES", "ATTRIBUTE_VALUES"):
        assert set(getattr(fi, name)) == set(getattr(en, name)), name
    assert label("positive", "fi") == "Myönteinen"
    assert consensus_word("strong majority", "fi") == "vahva enemmistö"


def test_wrap_keeps_labels_to_a_few_lines():
    text = "Knowing the representative's name, face and personality builds trust"
    assert wrap(text, 30, 2) == "Knowing the representative's\nname, face and personality…"
    assert wrap("Email", 30, 2) == "Email"


def test_a_table_too_wide_for_a_page_is_written_only_as_data(tmp_path):
    # a case x code matrix of a 5,000-code codebook has no place in a thesis (issue #23)
    wide = pd.DataFrame([[1] * 101], columns=[f"c{i}" for i in range(101)])
    assert sorted(write_tables(wide, tmp_path, "wide")) == ["csv", "xlsx"]
    assert sorted(write_tables(wide.iloc[:, :100], tmp_path, "fits")) == ["csv", "md", "tex",
                                                                          "xlsx"]


def test_a_table_of_more_than_100000_cells_is_written_only_as_csv(tmp_path):
    # openpyxl writes some 50,000 cells a second: the millions of cells of a 50,000-code
    # study took minutes as .xlsx (issue #23)
    big = pd.DataFrame({"code": [f"c{i}" for i in range(50_001)], "n": 1})  # 100,002 cells
    assert sorted(write_tables(big, tmp_path, "big")) == ["csv"]
    assert not (tmp_path / "big.xlsx").exists()
    assert table_formats(50_000, 2) == ("xlsx", "csv")  # 100,000 cells still fit
    assert data_file(big, "big") == "tables/big.csv"
    assert data_file(big.iloc[:50_000], "big") == "tables/big.xlsx"
    assert data_file(big.iloc[:50_000].set_index("code"), "big", index=True) == "tables/big.xlsx"
    assert data_file(big.iloc[:40_000].assign(x=0).set_index("code"), "big", index=True) == \
        "tables/big.csv"  # the index is written as a column: 40,000 × 3


def test_a_cell_too_long_for_a_page_is_cut_in_latex_and_markdown_only(tmp_path):
    ids = ", ".join(f"theme/code_{i:05d}" for i in range(200))  # 3,598 characters
    frame = pd.DataFrame({"case": ["H1", "H2"], "new_code_ids": [ids, "theme/a"]})
    paths = write_tables(frame, tmp_path, "saturation_curve")
    assert pd.read_csv(paths["csv"])["new_code_ids"].tolist() == [ids, "theme/a"]
    assert pd.read_excel(paths["xlsx"])["new_code_ids"].tolist() == [ids, "theme/a"]
    md = paths["md"].read_text(encoding="utf-8")
    # cut at the last space within 1,000 characters: 55 IDs of 16 characters and ", "
    shown = ", ".join(f"theme/code_{i:05d}" for i in range(55))
    assert f"| {shown} … (3,598 characters; the whole cell is in " \
           "tables/saturation_curve.xlsx) |" in md
    assert "theme/code_00055" not in md and "| theme/a |" in md
    assert "theme/code\\_00054 … (3,598 characters" in paths["tex"].read_text(encoding="utf-8")
