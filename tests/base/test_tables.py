"""Tables written as Excel: the cells a researcher opens are the DataFrame's values."""
from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd

from interview_analysis.base.tables import write_table


def test_excel_table_keeps_values_types_and_empty_cells(tmp_path):
    frame = pd.DataFrame({
        "code": pd.array(["channels/email", None], dtype="string"),
        "n_cases": np.array([5, 3], dtype="int64"),
        "share": [0.5, float("nan")],
        "supported": [True, False],
        "memo": ["key\x07 quote", pd.NA],  # a bell character Excel cannot store
    })
    path = write_table(frame, tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [["code", "n_cases", "share", "supported", "memo"],
                    ["channels/email", 5, 0.5, True, "key quote"],
                    [None, 3, None, False, None]]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    back = pd.read_excel(path)
    assert back["n_cases"].tolist() == [5, 3] and back["share"].isna().tolist() == [False, True]


def test_excel_table_with_index_writes_it_as_first_column(tmp_path):
    frame = pd.DataFrame({"email": [1, 0]}, index=pd.Index(["H1", "H2"], name="case"))
    path = write_table(frame, tmp_path / "m.xlsx", index=True)
    sheet = openpyxl.load_workbook(path).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == \
        [["case", "email"], ["H1", 1], ["H2", 0]]


def test_excel_cells_longer_than_excels_limit_are_cut_with_a_warning(tmp_path):
    import pytest
    frame = pd.DataFrame({"text": ["a" * 40_000, "short"]})
    with pytest.warns(UserWarning, match=r"t\.xlsx: 1 text cell\(s\) longer than Excel's limit"):
        path = write_table(frame, tmp_path / "t.xlsx")
    values = [c.value for c in openpyxl.load_workbook(path).active["A"]]
    assert values == ["text", "a" * 32_767, "short"]


def test_excel_cells_that_look_like_formulas_are_text(tmp_path):
    import pandas as pd
    from openpyxl import load_workbook

    from interview_analysis.base.tables import write_table
    frame = pd.DataFrame({"quote": ['=WEBSERVICE("http://x")', "+358 40", "-ei", "@x", "ok"]})
    path = write_table(frame, tmp_path / "t.xlsx")
    cells = list(load_workbook(path).active["A"])[1:]
    assert [(c.value, c.data_type) for c in cells] == [
        ('=WEBSERVICE("http://x")', "s"), ("+358 40", "s"), ("-ei", "s"), ("@x", "s"),
        ("ok", "s")]
    assert [c.quotePrefix for c in cells] == [True, True, True, True, False]


def test_a_table_wider_than_excel_is_a_clean_error_not_a_crash(tmp_path):
    import pandas as pd
    import pytest

    from interview_analysis.base.tables import write_table
    from interview_analysis.errors import OutputError
    wide = pd.DataFrame([[1] * 16_385], columns=[f"c{i}" for i in range(16_385)])
    with pytest.raises(OutputError, match="the table has 16,385 columns; an Excel sheet holds "
                                          "at most 16,384"):
        write_table(wide, tmp_path / "wide.xlsx")
    assert not (tmp_path / "wide.xlsx").exists()
