"""codings/<coder>.csv: the public file contract and its error messages."""
from __future__ import annotations

import re

import pytest
from helpers import write

from interview_analysis.coding.codings import read_codings_file, write_codings_file
from interview_analysis.errors import CodingsError
from interview_analysis.study.study import load_study


def test_manual_codings_attach_to_the_passages_they_overlap(fi_study):
    study = load_study(fi_study)
    text = study.corpus().texts["H1"]
    start = text.index("Sähköpostitse")
    write(fi_study / "codings" / "anna.csv",
          "document,start,end,code,stance,memo\n"
          f"H1,{start},{start + 13},channels/email,positive,#key\n")
    codings = study.codings("anna", codebook=study.codebook())
    assert codings[["passage_id", "case", "code", "stance", "coder", "origin"]].values.tolist() == [
        ["H1:0002", "H1", "channels/email", "positive", "anna", "manual"]]


def test_codings_round_trip_through_the_file(fi_study, tmp_path):
    study = load_study(fi_study)
    write(fi_study / "codings" / "anna.csv",
          "document,start,end,code,stance,memo\nH2,30,40,channels/email,negative,\n"
          "H1,49,60,channels/email,,a memo\n")
    codings = study.codings("anna")
    out = write_codings_file(codings, tmp_path / "out.csv")
    assert out.read_text(encoding="utf-8") == (
        "document,start,end,code,stance,memo\nH1,49,60,channels/email,,a memo\n"
        "H2,30,40,channels/email,negative,\n")


def test_a_codings_file_saved_again_by_excel_in_a_finnish_locale_reads_the_same(fi_study):
    study = load_study(fi_study)
    write(fi_study / "codings" / "anna.csv",
          "document,start,end,code,stance,memo\nH2,30,40,channels/email,negative,\n"
          "H1,49,60,channels/email,,\"muistio: ääni, \"\"lainaus\"\"\"\n")
    before = study.codings("anna")
    (fi_study / "codings" / "anna.csv").write_bytes(
        "sep=;\r\ndocument;start;end;code;stance;memo\r\nH2;30;40;channels/email;negative;\r\n"
        "H1;49;60;channels/email;;\"muistio: ääni, \"\"lainaus\"\"\"\r\n".encode("cp1252"))
    after = study.codings("anna")
    assert after.equals(before)
    assert after["memo"].dropna().tolist() == ['muistio: ääni, "lainaus"']


@pytest.mark.parametrize("row,message", [
    ("H9,0,5,channels/email,,", r"line 2: coding for an unknown document \(found 'H9'\)"),
    ("H1,5,99999,channels/email,,", r"line 2: offsets out of range for document 'H1'"),
    ("H1,10,5,channels/email,,", r"line 2: offsets out of range"),
    ("H1,x,5,channels/email,,", r"line 2: start and end must be whole numbers"),
    ("H1,0,5,channels/fax,,", r"line 2: unknown code \(found 'channels/fax'\)"),
    ("H1,0,5,channels/email,happy,", r"line 2: unknown stance \(found 'happy'\)"),
])
def test_bad_codings_rows_name_file_line_value(fi_study, row, message):
    study = load_study(fi_study)
    path = write(fi_study / "codings" / "bad.csv", "document,start,end,code,stance,memo\n" + row)
    with pytest.raises(CodingsError, match=message):
        read_codings_file(path, study.corpus().texts, set(study.codebook().codes))


def test_missing_columns_in_codings_file(fi_study):
    path = write(fi_study / "codings" / "bad.csv", "doc,from,to\n")
    with pytest.raises(CodingsError, match=r"line 1: the codings file is missing columns"):
        read_codings_file(path, {}, None)


def test_spans_attach_to_every_passage_they_overlap_in_order():
    import numpy as np
    import pandas as pd

    from interview_analysis.coding.codings import _overlaps, attach_passages

    passages = pd.DataFrame({"document": ["H1"] * 3, "case": ["H1"] * 3,
                             "passage_id": ["H1:0001", "H1:0002", "H1:0003"],
                             "start": [0, 10, 20], "end": [8, 18, 28],
                             "text": ["a" * 8, "b" * 8, "c" * 8]})
    spans = pd.DataFrame({"document": ["H1"] * 5, "start": [5, 8, 12, 0, 15],
                          "end": [12, 10, 12, 28, 16], "code": list("vwxyz"),
                          "stance": [None, "positive", None, None, "mixed"],
                          "memo": [None, None, "m", None, None]})
    got = attach_passages(spans, passages, "anna")
    # v spans two passages; w only the gap between them; x is empty inside H1:0002;
    # y covers all three; z sits inside H1:0002.
    ids = [None if pd.isna(p) else p for p in got["passage_id"]]
    assert list(zip(got["code"], ids)) == [
        ("v", "H1:0001"), ("v", "H1:0002"), ("w", None), ("x", "H1:0002"),
        ("y", "H1:0001"), ("y", "H1:0002"), ("y", "H1:0003"), ("z", "H1:0002")]
    assert got["stance"].tolist()[2] == "positive" and got["memo"].tolist()[3] == "m"
    assert got["text"].tolist()[:2] == ["a" * 8, "b" * 8] and got["coder"].eq("anna").all()
    # Overlapping (unordered) passages take the general path with the same answer.
    ps, pe = np.array([0, 10, 5]), np.array([8, 18, 15])
    span, at = _overlaps(ps, pe, np.array([6, 16]), np.array([12, 17]))
    assert list(zip(span.tolist(), at.tolist())) == [(0, 0), (0, 1), (0, 2), (1, 1)]


def test_the_same_coding_twice_counts_once_with_a_warning_naming_both_lines(fi_study):
    write(fi_study / "codings" / "anna.csv", "document,start,end,code,stance,memo\n"
          "H1,49,60,channels/email,positive,a memo\nH2,30,40,channels/email,,\n"
          "H1,49,60,channels/email,positive,a memo\n")
    with pytest.warns(UserWarning, match=r"anna.csv: lines 2 and 4 are the same coding twice; "
                                         r"each counts once"):
        spans = read_codings_file(fi_study / "codings" / "anna.csv",
                                  load_study(fi_study).corpus().texts)
    assert spans[["document", "start"]].values.tolist() == [["H1", 49], ["H2", 30]]


def test_the_same_span_and_code_with_another_stance_or_memo_is_an_error_naming_both(fi_study):
    write(fi_study / "codings" / "anna.csv", "document,start,end,code,stance,memo\n"
          "H1,49,60,channels/email,positive,first\nH1,49,60,channels/email,negative,second\n")
    with pytest.raises(CodingsError, match=r"line 3: lines 2 and 3 code the same span with the "
                                           r"same code but differ in stance or memo"):
        read_codings_file(fi_study / "codings" / "anna.csv", load_study(fi_study).corpus().texts)


@pytest.mark.parametrize("name", ["~$anna.csv", "._anna.csv", ".~lock.anna.csv#"])
def test_lock_and_metadata_files_of_other_programs_are_not_coders(fi_study, name):
    write(fi_study / "codings" / "anna.csv", "document,start,end,code,stance,memo\n")
    (fi_study / "codings" / name).write_bytes(b"\x00\x05Anna \x00\x00\xff" * 10)
    study = load_study(fi_study)
    with pytest.warns(UserWarning, match=f"ignoring files that other programs keep beside open "
                                         f"or copied files \\(not coders\\): "
                                         f"{re.escape(name)}"):
        assert study.coders() == ["anna"]


def test_a_memo_over_128_kb_is_refused_whatever_limit_another_reader_set(fi_study):
    import csv
    write(fi_study / "codings" / "anna.csv", "document,start,end,code,stance,memo\n"
          f"H1,49,60,channels/email,,\"{'x' * 200_000}\"\n")
    old = csv.field_size_limit(10_000_000)  # as a survey reader may leave it
    try:
        with pytest.raises(CodingsError, match=r"this is not a valid CSV file \(field larger "
                                               r"than field limit \(131072\)\)"):
            read_codings_file(fi_study / "codings" / "anna.csv",
                              load_study(fi_study).corpus().texts)
    finally:
        csv.field_size_limit(old)
