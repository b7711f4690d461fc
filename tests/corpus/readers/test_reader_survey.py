"""Survey tables (.csv, .xlsx): one transcript per respondent, answers as turns, attributes."""
from __future__ import annotations

import re
import time

import openpyxl
import pytest

from interview_analysis.corpus.readers import read_transcripts
from interview_analysis.errors import InputError

Q1 = "Mitä asiakkuudenhallinta tarkoittaa teille?"
Q2 = "Mitä muuttaisit?"
A1 = "Tunnemme vakioasiakkaat nimeltä ja soitamme heille, kun uutta tulee."
A2 = "Seurantaa kaupan jälkeen; nyt se jää usein tekemättä kiireen takia."
CSV = (f"Vastaaja;Ikä;Toimiala;{Q1};{Q2};Pisteet\n"
       f'V1;45;kauppa;"{A1}";"{A2}";3,5\n'
       f'V2;;palvelut;"Asiakkaat ovat meille kaikki kaikessa, ja\nsiksi vastaamme heti.";;7\n'
       f"V3;38;teollisuus;;;2\n")


def write_csv(tmp_path, text=CSV, name="kysely.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_semicolon_csv_detects_text_columns_ids_and_attributes(tmp_path):
    path = write_csv(tmp_path, encoding="cp1252")
    with pytest.warns(UserWarning, match=r"1 respondent\(s\) gave no open-ended answer and are "
                                         r"left out: V3"):
        transcripts = read_transcripts(path)
    assert [t.document for t in transcripts] == ["V1", "V2"]
    v1, v2 = transcripts
    assert v1.format == "csv" and v1.source == path
    assert v1.text == f"{Q1}\n{A1}\n\n{Q2}\n{A2}\n"
    assert [(t.speaker, t.role, v1.text[t.start:t.end]) for t in v1.turns] == [
        (None, "participant", A1), (None, "participant", A2)]
    assert v1.attributes == {"Ikä": 45, "Toimiala": "kauppa", "Pisteet": 3.5}  # decimal comma
    assert v2.text == f"{Q1}\nAsiakkaat ovat meille kaikki kaikessa, ja\nsiksi vastaamme heti.\n"
    assert v2.attributes == {"Ikä": None, "Toimiala": "palvelut", "Pisteet": 7}


def test_text_columns_and_id_column_options(tmp_path):
    text = CSV.replace("3,5", "3.5").replace("Vastaaja", "Tunnus").replace(";", "\t")
    path = write_csv(tmp_path, text.replace("jälkeen\t", "jälkeen;"))
    transcripts = read_transcripts(path, text_columns=[Q2, "Toimiala"], id_column="Tunnus")
    assert [t.document for t in transcripts] == ["V1", "V2", "V3"]
    assert transcripts[0].text == f"{Q2}\n{A2}\n\nToimiala\nkauppa\n"
    assert transcripts[2].text == "Toimiala\nteollisuus\n"
    assert transcripts[0].attributes == {"Ikä": 45, Q1: A1, "Pisteet": 3.5}


def test_row_numbers_are_ids_without_an_id_column(tmp_path):
    path = write_csv(tmp_path, f"ikä\t{Q1}\n30\t{A1}\n\n40\t{A2}\n")
    transcripts = read_transcripts(path)
    assert [t.document for t in transcripts] == ["R0001", "R0002"]
    assert [t.attributes for t in transcripts] == [{"ikä": 30}, {"ikä": 40}]


def test_missing_text_column(tmp_path):
    path = write_csv(tmp_path)
    with pytest.raises(InputError, match=re.escape(
            "kysely.csv, row 1: text_columns names columns that the survey table does not have "
            "(found ['Mitä muutaisit?'])\n  Fix: available columns: Vastaaja, Ikä, Toimiala, "
            f"{Q1}, {Q2}, Pisteet")):
        read_transcripts(path, text_columns=[Q1, "Mitä muutaisit?"])


def test_missing_id_column(tmp_path):
    with pytest.raises(InputError, match=r"kysely\.csv, row 1: the survey table has no such ID "
                                         r"column \(found 'nro'\)\n  Fix: available columns: "):
        read_transcripts(write_csv(tmp_path), id_column="nro")


def test_duplicate_respondent_ids(tmp_path):
    path = write_csv(tmp_path, CSV.replace("V3;", "V1;"))
    with pytest.raises(InputError, match=r"kysely\.csv, row 4: the same respondent ID is in rows "
                                         r"2 and 4 \(found 'V1'\)\n  Fix: give every row its own "
                                         r"'Vastaaja'"):
        read_transcripts(path)


def test_respondent_without_id(tmp_path):
    path = write_csv(tmp_path, CSV.replace("V2;", ";"))
    with pytest.raises(InputError, match=r"kysely\.csv, row 3: a respondent has no ID \(found "
                                         r"''\)\n  Fix: fill in the 'Vastaaja' column"):
        read_transcripts(path)


@pytest.mark.parametrize("text", ["", "\n\n", f"Vastaaja;{Q1}\n", f"Vastaaja;{Q1}\n;\n"])
def test_empty_table(tmp_path, text):
    with pytest.raises(InputError, match=r"kysely\.csv: the survey table is empty \(no "
                                         r"respondent rows\)"):
        read_transcripts(write_csv(tmp_path, text))


def test_no_answer_columns_found(tmp_path):
    path = write_csv(tmp_path, "id,ikä,ryhmä\n1,30,A\n2,40,B\n")
    with pytest.raises(InputError, match=re.escape(
            "kysely.csv: no column of the survey table looks like free-text answers (all are "
            "IDs, numbers, dates, codes, short labels or instructions) (found ['id', 'ikä', "
            "'ryhmä'])\n  Fix: name the answer columns in study.yaml, e.g. text_columns: "
            "[ryhmä]")):
        read_transcripts(path)


def test_no_respondent_answered(tmp_path):
    path = write_csv(tmp_path, "id,vastaus\n1,\n2,\n")
    with pytest.warns(UserWarning), pytest.raises(
            InputError, match=r"kysely\.csv: no respondent has an answer in the text columns"):
        read_transcripts(path, text_columns=["vastaus"])


def test_badly_quoted_csv(tmp_path):
    path = write_csv(tmp_path, 'id,vastaus\n1,"ok"\n2,"kesken "lainaus" jatkuu\n3,x,y,z\n')
    with pytest.raises(InputError, match=r"kysely\.csv: cannot read the survey table \(.*\)\n  "
                                         r"Fix: check the quoting"):
        read_transcripts(path, text_columns=["vastaus"])


def make_xlsx(path):
    book = openpyxl.Workbook()
    info = book.active
    info.title = "Ohje"
    info.append(["Tämä välilehti on ohje."])
    sheet = book.create_sheet("Vastaukset")
    sheet.append([])
    sheet.append(["ID", "Age", "Joined", f"{Q1}\n(avoin)", None])
    sheet.append([1, 45, __import__("datetime").datetime(2024, 6, 3), A1, None])
    sheet.append([2.0, 38.5, None, A2, None])
    sheet.append([None, None, None, None, None])
    book.save(path)
    return path


def test_xlsx_sheet_option_numeric_ids_dates(tmp_path):
    path = make_xlsx(tmp_path / "kysely.xlsx")
    transcripts = read_transcripts(path, sheet="Vastaukset")
    assert [t.document for t in transcripts] == ["1", "2"]
    assert transcripts[0].format == "xlsx"
    assert transcripts[0].text == f"{Q1} (avoin)\n{A1}\n"
    assert transcripts[0].attributes == {"Age": 45, "Joined": "2024-06-03", "column 5": None}
    assert transcripts[1].attributes == {"Age": 38.5, "Joined": None, "column 5": None}
    assert read_transcripts(path, sheet=1, text_columns=[f"{Q1}  (avoin)"])[1].text == (
        f"{Q1} (avoin)\n{A2}\n")


def test_xlsx_duplicate_ids_count_sheet_rows(tmp_path):
    path = make_xlsx(tmp_path / "kysely.xlsx")
    book = openpyxl.load_workbook(path)
    book["Vastaukset"]["A4"] = 1
    book.save(path)
    with pytest.raises(InputError, match=r"row 4: the same respondent ID is in rows 3 and 4"):
        read_transcripts(path, sheet="Vastaukset")


def test_xlsx_unknown_sheet_and_damaged_file(tmp_path):
    path = make_xlsx(tmp_path / "kysely.xlsx")
    with pytest.raises(InputError, match=r"kysely\.xlsx: the workbook has no such sheet \(found "
                                         r"'Results'\)\n  Fix: sheets: Ohje, Vastaukset"):
        read_transcripts(path, sheet="Results")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a spreadsheet")
    with pytest.raises(InputError, match=r"broken\.xlsx: cannot open this Excel file .*\n  Fix: "
                                         r"open and re-save it"):
        read_transcripts(broken)


def test_binary_csv(tmp_path):
    path = tmp_path / "kysely.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError, match=r"kysely\.csv: this file contains binary data"):
        read_transcripts(path)


def test_hundred_thousand_rows(tmp_path):
    answer = "Vastaus, jossa on tarpeeksi tekstiä avoimeksi kysymykseksi tunnistettavaksi"
    rows = "".join(f"{i},{i % 7},\"{answer} {i}\"\n" for i in range(100_000))
    path = write_csv(tmp_path, "id,ryhmä,vastaus\n" + rows)
    started = time.perf_counter()
    transcripts = read_transcripts(path)
    assert time.perf_counter() - started < 20
    assert len(transcripts) == 100_000
    last = transcripts[-1]
    assert (last.document, last.attributes) == ("99999", {"ryhmä": 99999 % 7})
    assert last.text == f"vastaus\n{answer} 99999\n"


def test_excel_sep_line_sets_the_delimiter_and_counts_as_a_row(tmp_path):
    path = write_csv(tmp_path, f"sep=;\nid;ryhmä;vastaus\n7;A;{A1}\n7;B;{A1}\n")
    with pytest.raises(InputError, match=r"row 4: the same respondent ID is in rows 3 and 4"):
        read_transcripts(path)
    path = write_csv(tmp_path, f"sep=;\nid;ryhmä;vastaus\n7;A,B;{A1}\n")
    [tr] = read_transcripts(path)
    assert (tr.document, tr.attributes, tr.text) == ("7", {"ryhmä": "A,B"}, f"vastaus\n{A1}\n")
