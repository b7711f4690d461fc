"""Coding sheets: one row per coding out to Excel, and back exactly as it was — or as edited."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from interview_analysis.coding.codings import CODING_COLUMNS, write_codings_file
from interview_analysis.errors import ExchangeError
from interview_analysis.exchange.refi import export_study, import_file
from interview_analysis.exchange.sheet import export_sheet, read_sheet
from interview_analysis.exchange.sheet.layout import COLUMNS
from interview_analysis.study.study import load_study

REPO = Path(__file__).resolve().parents[2]
HEADER = "document,start,end,code,stance,memo\n"


@pytest.fixture
def study(fi_study):
    return load_study(fi_study)


def coded(fi_study, rows: str, coder: str = "anna") -> Path:
    path = fi_study / "codings" / f"{coder}.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def span(study, words: str, doc: str = "H1") -> tuple[int, int]:
    start = study.transcripts[doc].text.index(words)
    return start, start + len(words)


@pytest.fixture
def anna(fi_study, study):
    s1, e1 = span(study, "Sähköpostitse on helpointa")
    s2, e2 = span(study, "Sähköpostitse")
    coded(fi_study, f"H1,{s1},{e1},channels/email,positive,\"tärkeä; \"\"aina\"\"\n"
                    f"toinen rivi\"\nH1,{s2},{e2},channels/text_message,,\n")
    return fi_study / "codings" / "anna.csv"


def column(name: str) -> str:
    return "ABCDEFGHIJK"[COLUMNS.index(name)]


def test_one_row_per_coding_codes_in_rows_and_passages_for_context(anna, fi_study, tmp_path):
    path = export_study(fi_study, "xlsx", tmp_path / "sheet.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["anna", "codes", "passages", "_about", "_baseline"]
    assert book["_about"].sheet_state == book["_baseline"].sheet_state == "hidden"
    rows = list(book["anna"].iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert [r[COLUMNS.index("words")] for r in rows[1:]] == ["Sähköpostitse on helpointa",
                                                             "Sähköpostitse"]
    assert rows[1][COLUMNS.index("memo")] == 'tärkeä; "aina"\ntoinen rivi'
    assert rows[1][COLUMNS.index("passage_id")] == "H1:0002"
    codes = [r[0] for r in book["codes"].iter_rows(values_only=True)]
    assert codes[:3] == ["code", "channels", "channels/email"]
    formulas = {dv.formula1 for dv in book["anna"].data_validations.dataValidation}
    assert formulas == {f"codes!$A$2:$A${len(codes)}", '"positive,negative,mixed"'}


def test_an_unchanged_sheet_changes_no_byte_and_needs_no_overwrite(anna, fi_study, tmp_path):
    before = anna.read_bytes()
    path = export_study(fi_study, "xlsx", tmp_path / "sheet.xlsx")
    load_workbook(path).save(path)  # opened and saved again
    report = import_file(path, fi_study)
    assert anna.read_bytes() == before and report.written == []
    assert report.summary()[1] == "  anna: unchanged (2 codings in anna.csv)"


@pytest.mark.parametrize("name", ["sme-customer-management", "after-sales"])
def test_both_demo_studies_round_trip_byte_for_byte(name, tmp_path):
    root = tmp_path / name
    shutil.copytree(REPO / "corpus" / name, root,
                    ignore=shutil.ignore_patterns(".ia-cache", ".interview-analysis"))
    settings_file = root / "study.yaml"
    settings_file.write_text(settings_file.read_text(encoding="utf-8").replace(
        "../../codebooks", str(REPO / "codebooks")), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (root / "codings").glob("*.csv")}
    path = export_study(root, "xlsx", tmp_path / "sheet.xlsx")
    assert import_file(path, root).written == []
    shutil.rmtree(root / "codings")  # and into a copy that has no codings yet
    report = import_file(path, root)
    assert {p.name: p.read_bytes() for p in (root / "codings").glob("*.csv")} == before
    assert all(len(c.added) == c.total for c in report.changes.values())


def test_rows_added_in_the_sheet_are_imported_without_overwrite(anna, fi_study, study,
                                                              tmp_path):
    path = export_study(fi_study, "xlsx", tmp_path / "sheet.xlsx")
    book = load_workbook(path)
    ws = book["anna"]
    ws.append([None, "H1:0004", None, None, "sama henkilö", "personalisation/same_contact_person",
               "Positive", "=HYPERLINK(\"http://x\")"])
    ws.cell(ws.max_row, COLUMNS.index("memo") + 1).data_type = "s"  # typed as text
    ws.append([None, "H1:0002", None, None, None, "channels/video_meeting"])
    ws.append([None, None, None, None, None, "channels/email", None, None, "H2", 4, 9])
    book.save(path)
    report = import_file(path, fi_study)
    assert report.changes["anna"].counts() == "3 added, 0 changed, 0 removed"
    lines = anna.read_text(encoding="utf-8").splitlines()
    s, e = span(study, "sama henkilö")
    assert f'H1,{s},{e},personalisation/same_contact_person,positive,"=HYPERLINK(""http://x"")"' \
        in lines
    passage = study.corpus().passages.set_index("passage_id").loc["H1:0002"]
    assert f"H1,{passage['start']},{passage['end']},channels/video_meeting,," in lines
    assert "H2,4,9,channels/email,," in lines


def test_changed_and_removed_rows_need_overwrite_and_dry_run_shows_them(anna, fi_study,
                                                                     tmp_path):
    before = anna.read_bytes()
    path = export_study(fi_study, "xlsx", tmp_path / "sheet.xlsx")
    book = load_workbook(path)
    book["anna"][f"{column('stance')}2"] = "negative"
    book["anna"].delete_rows(3)
    book.save(path)
    with pytest.raises(ExchangeError, match=r"changes or removes codings .* anna: 1 changed, "
                                            r"1 removed"):
        import_file(path, fi_study)
    dry = import_file(path, fi_study, overwrite=True, dry_run=True)
    text = "\n".join(dry.summary())
    assert "anna: 0 added, 1 changed, 1 removed" in text and "stance positive -> negative" in text
    assert "nothing was dropped" not in text and "dry run: nothing was written" in text
    assert anna.read_bytes() == before
    import_file(path, fi_study, overwrite=True)
    rows = anna.read_text(encoding="utf-8")
    assert rows.count("\nH1,") == 1 and ",channels/email,negative,\"tärkeä; " in rows


def test_codings_added_to_the_file_after_the_export_are_kept(anna, fi_study, tmp_path):
    path = export_study(fi_study, "xlsx", tmp_path / "sheet.xlsx")
    with anna.open("a", encoding="utf-8") as handle:
        handle.write("H2,4,9,channels/email,,from the notebook\n")
    book = load_workbook(path)
    book["anna"].append([None, "H1:0004", None, None, None, "channels/video_meeting"])
    book.save(path)
    report = import_file(path, fi_study)
    assert report.changes["anna"].counts() == "1 added, 0 changed, 0 removed"
    assert "H2,4,9,channels/email,,from the notebook" in anna.read_text(encoding="utf-8")


def test_every_problem_is_named_with_sheet_row_column_and_value(anna, fi_study, study,
                                                              tmp_path):
    path = export_sheet(study, tmp_path / "sheet.xlsx", coders=["anna", "ben"])
    book = load_workbook(path)
    ws = book["ben"]
    ws.append([None, "H9:0001", None, None, None, "channels/email"])
    ws.append([None, "H1:0002", None, None, "ei tällaista", "channels/email"])
    ws.append([None, None, None, None, None, "channels/fax", "happy", None, "H1", 5, 99999])
    ws.append([None, "H1:0002", None, None, None, "channels/email", None, None, None, None, None,
               "extra"])
    book.save(path)
    with pytest.raises(ExchangeError) as error:
        read_sheet(path, study)
    message = str(error.value)
    assert "6 problems in the coding sheet" in message
    assert "sheet 'ben', row 2, column passage_id: unknown passage ID 'H9:0001'" in message
    assert "sheet 'ben', row 3, column words: 'ei tällaista' is not in passage H1:0002" in message
    assert "sheet 'ben', row 4: start and end (5, 99999) must be whole numbers" in message
    assert "sheet 'ben', row 4, column code: unknown code 'channels/fax'" in message
    assert "sheet 'ben', row 4, column stance: 'happy' is not a stance" in message
    assert "sheet 'ben', row 5, column L: 'extra' is in a column without a heading" in message
    assert "nothing was imported" in message


def test_a_sheet_of_format_1_is_still_read(fi_study, study, tmp_path):
    from openpyxl import Workbook
    book = Workbook()
    ws = book.active
    ws.title = "anna"
    passage = study.corpus().passages.set_index("passage_id").loc["H1:0002"]
    ws.append(["passage_id", "case", "speaker", "text", "channels/email", "stance", "memo"])
    ws.append(["H1:0002", "H1", "H1", passage["text"], "positive", None, "vanha"])
    book.save(tmp_path / "old.xlsx")
    import_file(tmp_path / "old.xlsx", fi_study)
    assert (fi_study / "codings" / "anna.csv").read_text(encoding="utf-8") == HEADER + \
        f"H1,{passage['start']},{passage['end']},channels/email,positive,vanha\n"


def test_a_coder_name_that_cannot_be_a_sheet_name_is_refused(study, tmp_path):
    for name in ("anna/ben", "codes", "passages"):
        with pytest.raises(ExchangeError, match="cannot be an Excel sheet name"):
            export_sheet(study, tmp_path / "x.xlsx", coders=[name])


def test_read_sheet_gives_long_format_codings(anna, fi_study, study, tmp_path):
    path = export_study(fi_study, "xlsx", tmp_path / "sheet.xlsx")
    codings = read_sheet(path, study)
    assert list(codings.columns) == CODING_COLUMNS
    assert sorted(codings["code"]) == ["channels/email", "channels/text_message"]


def test_an_unsafe_workbook_archive_is_refused(study, tmp_path):
    import zipfile
    path = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../evil.xml", "<x/>")
    with pytest.raises(ExchangeError, match="climbs out of the archive"):
        read_sheet(path, study)


# -- property: any codings survive the round trip ---------------------------------------------
MEMO = st.text(alphabet=st.sampled_from(list("aäöÅ ,;\"'=+-@\n\t😀🙂ž#x")),
               max_size=30)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["H1", "H2"]), st.integers(0, 400),
                          st.integers(1, 120),
                          st.sampled_from(["channels/email", "channels/text_message",
                                           "personalisation/customer_knowledge"]),
                          st.sampled_from([None, "positive", "negative", "mixed"]), MEMO),
                max_size=25))
def test_any_codings_round_trip_through_the_sheet_unchanged(fi_study, tmp_path, rows):
    import pandas as pd
    study = load_study(fi_study)
    texts = study.corpus().texts
    frame = pd.DataFrame([{"document": d, "start": s % (len(texts[d]) - 1),
                           "end": min(len(texts[d]), s % (len(texts[d]) - 1) + n), "code": c,
                           "stance": st_, "memo": m.strip() or None}
                          for d, s, n, c, st_, m in rows])
    if frame.empty:
        frame = pd.DataFrame(columns=["document", "start", "end", "code", "stance", "memo"])
    path = write_codings_file(frame, fi_study / "codings" / "anna.csv")
    before = path.read_bytes()
    sheet = export_study(fi_study, "xlsx", tmp_path / "sheet.xlsx")
    load_workbook(sheet).save(sheet)
    assert import_file(sheet, fi_study).written == []
    assert path.read_bytes() == before
    if len(frame):
        path.unlink()
        import_file(sheet, fi_study)
        assert path.read_bytes() == before


def test_text_that_looks_like_a_formula_is_stored_as_text(fi_study, study, tmp_path):
    s, e = span(study, "Sähköpostitse")
    coded(fi_study, f'H1,{s},{e},channels/email,,"=HYPERLINK(""http://evil"",""x"")"\n')
    path = export_study(fi_study, "xlsx", tmp_path / "sheet.xlsx")
    cell = load_workbook(path)["anna"][f"{column('memo')}2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == \
        ('=HYPERLINK("http://evil","x")', "s", True)
