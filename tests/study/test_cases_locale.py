"""A cases table as researchers have it: saved by Excel in a Finnish locale (a ``sep=;`` line,
semicolons, decimal commas, Windows-1252), next to study.yaml without being named in it, and
without a ``document`` column when every case is the transcript of its own name."""
from __future__ import annotations

import pytest
from helpers import FI_TRANSCRIPT, write

from interview_analysis.errors import StudyError
from interview_analysis.study.study import load_study


def _study(root, yaml: str = ""):
    for name in ("H1", "H2"):
        write(root / "transcripts" / f"{name}.txt", FI_TRANSCRIPT)
    write(root / "study.yaml", "title: Kaksi\nlanguage: fi\n" + yaml
          + "speakers:\n  Haastattelija: interviewer\n")
    return root


def test_an_excel_table_saved_in_a_finnish_locale_is_read_with_its_numbers(tmp_path):
    root = _study(tmp_path)
    (root / "cases.csv").write_bytes(
        "sep=;\r\ncase;Ikä;Kesto (min);Päivä;Toimiala\r\nH1;42;45,5;3.3.2025;tukkukauppa\r\n"
        "H2;35;30;4.3.2025;1,5-kerroksinen\r\n".encode("cp1252"))
    cases = load_study(root).cases
    assert cases.index.tolist() == ["H1", "H2"]
    assert cases["documents"].tolist() == [["H1"], ["H2"]]
    assert cases["Ikä"].tolist() == [42, 35]
    assert cases["Kesto (min)"].tolist() == [45.5, 30.0]
    assert cases["Päivä"].tolist() == ["3.3.2025", "4.3.2025"]
    assert cases["Toimiala"].tolist() == ["tukkukauppa", "1,5-kerroksinen"]  # not a number


def test_numbers_are_read_as_the_survey_tables_read_them(tmp_path):
    """A quoted decimal comma is a number; three digits after a comma are a thousands
    separator, so that stays text rather than becoming 1.234."""
    root = _study(tmp_path, "cases: cases.csv\n")
    write(root / "cases.csv", 'case,document,Pisteet,Liikevaihto\nH1,H1,"4,5","1,234"\n'
                              'H2,H2,3,900\n')
    cases = load_study(root).cases
    assert cases["Pisteet"].tolist() == [4.5, 3]
    assert cases["Liikevaihto"].tolist() == ["1,234", 900]


def test_a_cases_csv_beside_study_yaml_is_read_unless_study_yaml_says_otherwise(tmp_path):
    root = _study(tmp_path)
    write(root / "cases.csv", "case,role\nH1,CEO\nH2,founder\n")
    assert load_study(root).cases["role"].tolist() == ["CEO", "founder"]
    write(root / "study.yaml", "title: Kaksi\nlanguage: fi\ncases: ''\n"
          "speakers:\n  Haastattelija: interviewer\n")
    assert "role" not in load_study(root).cases.columns


def test_a_table_with_only_excels_separator_line_is_empty(tmp_path):
    root = _study(tmp_path)
    write(root / "cases.csv", "sep=;\n")
    with pytest.raises(StudyError, match="the cases table is empty") as info:
        load_study(root)
    assert info.value.fix.endswith("to go without one, write cases: '' in study.yaml")


def _workbook(path, rows):
    import openpyxl
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def test_an_excel_workbook_beside_study_yaml_is_the_cases_table(tmp_path):
    import datetime
    root = _study(tmp_path)
    _workbook(root / "cases.xlsx", [
        ["Haastateltavat (päivitetty 3/2025)"],  # a banner above the header
        ["case", "Ikä", "Kesto (min)", "Päivä", "Toimiala"],
        ["H1", 42, 45.5, datetime.datetime(2025, 3, 3), "tukkukauppa"],
        [None, None, None, None, None],
        ["H2", 35, 30, datetime.datetime(2025, 3, 4), "1,5-kerroksinen"]])
    study = load_study(root)
    assert study.config.cases == root / "cases.xlsx"
    cases = study.cases
    assert cases.index.tolist() == ["H1", "H2"]
    assert cases["documents"].tolist() == [["H1"], ["H2"]]
    assert cases["Ikä"].tolist() == [42, 35]
    assert cases["Kesto (min)"].tolist() == [45.5, 30]
    assert cases["Päivä"].tolist() == ["2025-03-03", "2025-03-04"]
    assert cases["Toimiala"].tolist() == ["tukkukauppa", "1,5-kerroksinen"]


@pytest.mark.parametrize("rows, message, where, value", [
    ([["case", "role"], ["H1", "CEO"], ["H1", "founder"]], "the same case appears twice",
     "row 3", "H1"),
    ([["case", "role"], ["H1", "CEO", "extra"]], "a value stands in a column without a heading",
     "row 2", "extra"),
    ([["case", "role", "role"], ["H1", "CEO", "CEO"]], "a column appears twice", "row 1",
     "role"),
    ([["rooli", "paikka"], ["CEO", "Oulu"]], "the cases table has no 'case' column", "row 1",
     ["rooli", "paikka"]),
])
def test_problems_in_a_workbook_name_its_row(tmp_path, rows, message, where, value):
    root = _study(tmp_path, "cases: taulukko.xlsx\n")
    _workbook(root / "taulukko.xlsx", rows)
    with pytest.raises(StudyError, match=message) as info:
        load_study(root)
    assert (info.value.file, info.value.where, info.value.value) == \
        (str(root / "taulukko.xlsx"), where, value)


def test_a_cases_table_in_an_old_or_other_spreadsheet_format_says_how_to_save_it(tmp_path):
    root = _study(tmp_path, "cases: cases.ods\n")
    (root / "cases.ods").write_bytes(b"PK\x03\x04 not read")
    with pytest.raises(StudyError, match=r"a cases table saved as \.ods cannot be read") as info:
        load_study(root)
    assert info.value.fix.startswith("save it again as an Excel workbook (.xlsx) or as CSV")


@pytest.mark.parametrize("table", [
    "Case,Document,Rooli\nH1,H1,CEO\nH2,H2,founder\n",
    "CASE;ROOLI\nH1;CEO\nH2;founder\n",
])
def test_case_and_document_columns_in_any_letter_case(tmp_path, table):
    root = _study(tmp_path)
    write(root / "cases.csv", table)
    cases = load_study(root).cases
    assert cases.index.tolist() == ["H1", "H2"]
    assert cases["documents"].tolist() == [["H1"], ["H2"]]
    assert cases[[c for c in cases.columns if c.lower() == "rooli"][0]].tolist() == \
        ["CEO", "founder"]


def test_the_one_column_of_transcript_names_is_the_case_column(tmp_path):
    import warnings

    from interview_analysis.errors import StudyNote
    root = _study(tmp_path)
    write(root / "cases.csv", "Toimiala,Haastateltava\nIT,H1\nkauppa,H2\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cases = load_study(root).cases
    assert cases["Toimiala"].to_dict() == {"H1": "IT", "H2": "kauppa"}
    assert [str(w.message) for w in caught if w.category is StudyNote] == [
        f"{root / 'cases.csv'}: column 'Haastateltava' is read as the case IDs (every value is "
        "a transcript's name); call it 'case' to say so"]
