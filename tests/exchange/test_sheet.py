"""Excel coding sheets: export passages x codes, read them back, report every bad cell."""
from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook

from interview_analysis.coding.codings import CODING_COLUMNS
from interview_analysis.errors import ExchangeError
from interview_analysis.exchange.refi import export_study, import_file
from interview_analysis.exchange.sheet import export_sheet, read_sheet
from interview_analysis.study.study import load_study

CODES = ["channels/email", "channels/text_message", "channels/video_meeting",
         "personalisation/same_contact_person", "personalisation/customer_knowledge"]
HEADER = ["passage_id", "case", "speaker", "text", *CODES, "stance", "memo"]


@pytest.fixture
def study(fi_study):
    return load_study(fi_study)


@pytest.fixture
def sheet(study, tmp_path):
    return export_sheet(study, tmp_path / "coding.xlsx", coders=["anna", "ben"])


def column(name: str) -> str:
    return "ABCDEFGHIJKLMNOP"[HEADER.index(name)]


def test_one_sheet_per_coder_a_codes_sheet_and_participant_passages(sheet, study):
    book = load_workbook(sheet)
    assert book.sheetnames == ["anna", "ben", "codes", "_about"]
    assert book["_about"].sheet_state == "hidden"
    rows = list(book["anna"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    expected = study.corpus().participant_passages
    assert [r[0] for r in rows[1:]] == list(expected["passage_id"])
    assert [r[3] for r in rows[1:]] == list(expected["text"])
    codes = list(book["codes"].iter_rows(values_only=True))
    assert codes[0] == ("code", "label", "definition")
    assert ("channels/email", "Sähköposti") == codes[1][:2]


def test_text_is_locked_and_coding_cells_have_drop_downs(sheet):
    ws = load_workbook(sheet)["anna"]
    assert ws.protection.sheet
    assert ws["D2"].protection.locked and ws["A2"].protection.locked
    assert not ws[f"{column('channels/email')}2"].protection.locked
    assert not ws[f"{column('memo')}2"].protection.locked
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert formulas == {'"x,positive,negative,mixed"', '"positive,negative,mixed"'}


def test_a_filled_sheet_reads_back_as_long_format_codings(sheet, study, tmp_path):
    book = load_workbook(sheet)
    ws = book["ben"]
    ws[f"{column('channels/email')}2"] = "x"
    ws[f"{column('channels/text_message')}2"] = "Negative"
    ws[f"{column('stance')}2"] = "positive"
    ws[f"{column('memo')}2"] = "Sähköposti 👍"
    ws[f"{column('personalisation/same_contact_person')}3"] = "x"
    book.save(tmp_path / "filled.xlsx")
    codings = read_sheet(tmp_path / "filled.xlsx", study)
    assert list(codings.columns) == CODING_COLUMNS
    stances = [s if isinstance(s, str) else None for s in codings["stance"]]
    got = sorted(zip(codings["coder"], codings["passage_id"], codings["code"], stances),
                 key=str)
    assert got == [("ben", "H1:0002", "channels/email", "positive"),
                   ("ben", "H1:0002", "channels/text_message", "negative"),
                   ("ben", "H1:0004", "personalisation/same_contact_person", None)]
    passage = study.corpus().passages.set_index("passage_id").loc["H1:0002"]
    first = codings.iloc[0]
    assert (first["start"], first["end"]) == (passage["start"], passage["end"])
    assert first["memo"] == "Sähköposti 👍"


def test_every_problem_is_named_with_sheet_row_column_and_value(sheet, study, tmp_path):
    book = load_workbook(sheet)
    ws = book["anna"]
    ws[f"{column('channels/email')}2"] = "yes"
    ws[f"{column('stance')}3"] = "neutral"
    ws["A4"] = "H9:0001"
    ws["D3"] = "Muokattu teksti"
    ws["M2"] = "ylimääräinen"
    book["ben"]["F1"] = "channels/fax"
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(ExchangeError) as error:
        read_sheet(tmp_path / "bad.xlsx", study)
    message = str(error.value)
    assert "6 problems in the coding sheet" in message
    assert "sheet 'anna', row 2, column E (channels/email): 'yes' is not a coding value" in message
    assert "sheet 'anna', row 3, column stance: 'neutral' is not a stance" in message
    assert "sheet 'anna', row 4: unknown passage ID 'H9:0001'" in message
    assert "sheet 'anna', row 3: the text of passage H1:0004 was edited" in message
    assert "sheet 'anna', row 2, column M: 'ylimääräinen' is in a column without a heading" \
        in message
    assert "sheet 'ben', column F: unknown code 'channels/fax'" in message
    assert "nothing was imported" in message


def test_existing_codings_are_filled_in_and_import_writes_the_coder_csv(fi_study, tmp_path):
    (fi_study / "codings").mkdir()
    text = (fi_study / "transcripts" / "H1.txt").read_text(encoding="utf-8")
    start = text.index("Sähköpostitse")
    (fi_study / "codings" / "anna.csv").write_text(
        "document,start,end,code,stance,memo\n"
        f"H1,{start},{start + 13},channels/email,positive,tärkeä\n", encoding="utf-8")
    path = export_study(fi_study, "xlsx", tmp_path / "anna.xlsx")
    ws = load_workbook(path)["anna"]
    assert ws[f"{column('channels/email')}2"].value == "positive"
    assert ws[f"{column('memo')}2"].value == "tärkeä"
    (fi_study / "codings" / "anna.csv").unlink()
    report = import_file(path, fi_study)
    assert report.codings == {"anna": 1}
    written = (fi_study / "codings" / "anna.csv").read_text(encoding="utf-8").splitlines()
    passage = load_study(fi_study).corpus().passages.set_index("passage_id").loc["H1:0002"]
    assert written[1] == f"H1,{passage['start']},{passage['end']},channels/email,positive,tärkeä"
    assert any("whole passages" in i.reason for i in report.adjusted.values())


def test_a_coder_name_that_cannot_be_a_sheet_name_is_refused(study, tmp_path):
    with pytest.raises(ExchangeError, match="cannot be an Excel sheet name"):
        export_sheet(study, tmp_path / "x.xlsx", coders=["anna/ben"])
    with pytest.raises(ExchangeError, match="cannot be an Excel sheet name"):
        export_sheet(study, tmp_path / "x.xlsx", coders=["codes"])


def test_an_unsafe_workbook_archive_is_refused(study, tmp_path):
    path = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../evil.xml", "<x/>")
    with pytest.raises(ExchangeError, match="climbs out of the archive"):
        read_sheet(path, study)
