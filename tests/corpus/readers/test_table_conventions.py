"""Survey tables of ``tests/data/inputs/tables/`` read as ``expected.yaml`` says.

Finnish Excel CSV (semicolons, BOM or cp1252, decimal commas, line breaks in cells), TSV and
workbooks with ``_x000D_`` escapes and instruction rows: only free-text answer columns become
passages, and a note says which columns were left out and why.
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
import yaml

from interview_analysis.corpus.readers import read_transcripts
from interview_analysis.errors import InputError, StudyNote

INPUTS = Path(__file__).parents[2] / "data" / "inputs"
SPEC = yaml.safe_load((INPUTS / "expected.yaml").read_text(encoding="utf-8"))
TABLES = {t["file"]: t for t in SPEC["tables"]}
REASONS = {"id": "ID", "numeric": "numbers", "date": "dates",
           "codes": "codes or category labels", "instruction": "instructions"}


def _read(name: str):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        transcripts = read_transcripts(INPUTS / name)
    notes = [str(w.message) for w in caught if issubclass(w.category, StudyNote)]
    return transcripts, notes


def _spec(name: str) -> dict:
    spec = dict(TABLES[name])
    if "same_content_as" in spec:
        spec = {**TABLES[spec["same_content_as"]], **spec}
    return spec


def _answers(transcripts, column: str) -> dict[str, str]:
    """``{document: answer}`` of one column (its turn follows the column name's line)."""
    found = {}
    for tr in transcripts:
        for turn in tr.turns:
            if tr.text[:turn.start].endswith(f"{column}\n"):
                found[tr.document] = tr.text[turn.start:turn.end]
    return found


@pytest.fixture(params=sorted(TABLES), ids=lambda f: Path(f).name)
def table(request):
    spec = _spec(request.param)
    transcripts, notes = _read(spec["file"])
    return spec, transcripts, notes


def test_only_free_text_columns_become_passages(table):
    spec, transcripts, _ = table
    for column in spec["columns"]:
        answers = _answers(transcripts, column["name"])
        assert len(answers) == (column["passages"] if column["passage"] else 0), column["name"]


def test_the_note_names_every_column_left_out_with_its_reason(table):
    spec, _, notes = table
    [note] = notes
    chosen = [c["name"] for c in spec["columns"] if c["passage"]]
    assert "answer columns read as passages: " + ", ".join(map(repr, chosen)) in note
    for column in spec["columns"]:
        if not column["passage"]:
            assert f"'{column['name']}' ({REASONS[column['reason']]})" in note


def test_cells_keep_their_line_breaks_without_excel_escapes(table):
    spec, transcripts, _ = table
    for tr in transcripts:
        for bad in spec.get("must_not_contain", []):
            assert bad not in tr.text
    texts = {}
    for column in {c["column"] for c in spec.get("cell_checks", []) if "column" in c}:
        texts[column] = list(_answers(transcripts, column).values())
    for check in spec.get("cell_checks", []):
        if "column" in check:
            assert check["text"] in texts[check["column"]]
        else:  # an xlsx cell reference: it must be some respondent's answer
            assert any(check["text"] == tr.text[t.start:t.end]
                       for tr in transcripts for t in tr.turns), check["cell"]


def test_answer_rows_and_numbers_with_decimal_commas(table):
    spec, transcripts, _ = table
    answered = {c["name"]: c["passages"] for c in spec["columns"] if c["passage"]}
    assert len(transcripts) <= spec["answer_rows"]
    assert len(transcripts) >= max(answered.values())
    for column in spec["columns"]:
        values = column.get("values") or column.get("values_first_3")
        if values:
            found = [tr.attributes[column["name"]] for tr in transcripts][:len(values)]
            assert found == values and all(isinstance(v, (int, float)) for v in found)


def test_instruction_columns_are_not_attributes_either(table):
    spec, transcripts, _ = table
    for column in spec["columns"]:
        if column.get("reason") == "instruction":
            assert all(column["name"] not in tr.attributes for tr in transcripts)


def test_semicolon_csv_with_an_unquoted_semicolon_in_an_answer_is_refused(tmp_path):
    path = tmp_path / "kysely.csv"
    path.write_text("id;vastaus\n1;Hyvä palvelu, nopea vastaus.\n2;Huono; ei vastattu.\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(
            "kysely.csv: cannot read the survey table (row 3 has 3 cells but the header has 2 "
            "columns) (found [' ei vastattu.'])\n  Fix: check the quoting")):
        read_transcripts(path)


def test_an_answer_over_the_csv_modules_limit_is_read_and_the_limit_restored(tmp_path):
    import csv
    path = tmp_path / "kysely.csv"
    path.write_text("id;vastaus\n1;" + "sana " * 60_000 + "\n", encoding="utf-8")
    before = csv.field_size_limit()
    [tr] = read_transcripts(path, text_columns=["vastaus"])
    assert len(tr.text) == len("vastaus\n") + 300_000 - 1 + 1
    assert csv.field_size_limit() == before
