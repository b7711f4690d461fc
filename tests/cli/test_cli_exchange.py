"""export, import and sync through the command line."""
from __future__ import annotations

import pandas as pd
from helpers import write

from interview_analysis import cli


def _codings(fi_study):
    write(fi_study / "codings" / "anna.csv",
          "document,start,end,code,stance,memo\nH1,49,62,channels/email,positive,#key\n")


def test_export_import_round_trip_keeps_codings(capsys, fi_study, tmp_path):
    _codings(fi_study)
    qdpx = tmp_path / "study.qdpx"
    assert cli.main(["export", str(fi_study), "--out", str(qdpx)]) == 0
    assert cli.main(["import", str(qdpx), "--into", str(tmp_path / "copy")]) == 0
    out = capsys.readouterr().out
    assert "2 documents, 2 cases" in out and "1 codings by anna (1)" in out
    back = pd.read_csv(tmp_path / "copy" / "codings" / "anna.csv")
    assert back[["document", "start", "end", "code", "stance", "memo"]].values.tolist() == [
        ["H1", 49, 62, "channels/email", "positive", "#key"]]


def test_import_of_a_broken_file_is_a_clean_error(capsys, tmp_path):
    bad = write(tmp_path / "broken.qdpx", "this is not a zip file")
    assert cli.main(["import", str(bad), "--into", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "broken.qdpx" in err and "Traceback" not in err
    assert not (tmp_path / "s").exists()


def test_sync_records_csv_codings_in_the_database(capsys, fi_study):
    _codings(fi_study)
    assert cli.main(["sync", str(fi_study)]) == 0
    assert "anna: " in capsys.readouterr().out
    assert cli.main(["sync", str(fi_study)]) == 0
    assert "anna: already in sync" in capsys.readouterr().out


def test_sync_of_a_coder_nobody_has_is_an_error(capsys, fi_study):
    _codings(fi_study)
    assert cli.main(["sync", str(fi_study), "--coders", "anna,nobody"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --coders names a coder with no codings file") and \
        "(found ['nobody'])" in err and "Fix: coders: anna" in err
    assert not (fi_study / "codings" / "nobody.csv").exists()


def test_import_dry_run_shows_the_changes_and_writes_nothing(capsys, fi_study, tmp_path):
    _codings(fi_study)
    anna = fi_study / "codings" / "anna.csv"
    before = anna.read_bytes()
    sheet = tmp_path / "sheet.xlsx"
    assert cli.main(["export", str(fi_study), "--format", "xlsx", "--out", str(sheet)]) == 0
    from openpyxl import load_workbook
    book = load_workbook(sheet)
    book["anna"].delete_rows(2)
    book.save(sheet)
    capsys.readouterr()
    assert cli.main(["import", str(sheet), "--into", str(fi_study), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "anna: 0 added, 0 changed, 1 removed" in out
    assert "dry run: nothing was written" in out
    assert anna.read_bytes() == before


def test_a_study_with_a_codebook_and_no_transcripts_exports_its_qdc(capsys, fi_study, tmp_path):
    from interview_analysis.exchange.refi import read_qdc
    qdc = tmp_path / "from-nvivo.qdc"
    assert cli.main(["export", str(fi_study), "--format", "qdc", "--out", str(qdc)]) == 0
    new = tmp_path / "new"
    assert cli.main(["init", str(new), "--lang", "fi"]) == 0
    assert cli.main(["import", str(qdc), "--into", str(new), "--overwrite"]) == 0
    capsys.readouterr()
    assert list((new / "transcripts").iterdir()) == []
    code = cli.main(["export", str(new), "--format", "qdc", "--out", str(tmp_path / "back.qdc")])
    out, err = capsys.readouterr()
    assert (code, out) == (0, f"wrote {tmp_path / 'back.qdc'}\n"), err
    codes = [c.id for c in read_qdc(tmp_path / "back.qdc")]
    assert codes == [c.id for c in read_qdc(qdc)] and len(codes) == 7


def test_a_codebook_imported_into_a_bare_folder_says_how_to_make_it_a_study(capsys, fi_study,
                                                                          tmp_path):
    qdc = tmp_path / "cb.qdc"
    assert cli.main(["export", str(fi_study), "--format", "qdc", "--out", str(qdc)]) == 0
    bare = tmp_path / "bare"
    assert cli.main(["import", str(qdc), "--into", str(bare)]) == 0
    assert f"  note: {bare} has no study.yaml yet: 'interview-analysis init {bare}' writes one " \
           "that uses codebook.yaml\n" in capsys.readouterr().out
    assert cli.main(["init", str(bare)]) == 0
    assert cli.main(["export", str(bare), "--format", "qdc", "--out", str(tmp_path / "b.qdc")]) \
        == 0


def test_export_refuses_a_passage_unit_it_would_not_use(capsys, fi_study, tmp_path):
    assert cli.main(["export", str(fi_study), "--out", str(tmp_path / "p.qdpx"),
                     "--unit", "sentence"]) == 2
    assert "unrecognized arguments: --unit sentence" in capsys.readouterr().err
    assert not (tmp_path / "p.qdpx").exists()
