"""import_file writes a loadable study folder, all or nothing, and never overwrites silently."""
from __future__ import annotations

import os
import warnings

import pytest
from refi_builders import TEXT, project, qdpx, selection
from refi_study import make_export_study

from interview_analysis.base import filetxn
from interview_analysis.coding.codebook_reader import load_codebook
from interview_analysis.errors import ExchangeError
from interview_analysis.exchange.refi import (
    ExchangeWarning,
    export_study,
    import_file,
)
from interview_analysis.study.study import load_study


@pytest.fixture
def package(tmp_path):
    return qdpx(tmp_path / "tool.qdpx", project(selection(0, 10) + selection(11, 13, guid_no=2)))


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_import_writes_a_study_that_loads(package, tmp_path):
    report = import_file(package, tmp_path / "study")
    root = tmp_path / "study"
    assert sorted(str(p.relative_to(root)) for p in report.written) == [
        "cases.csv", "codebook.yaml", "codings/Anna Virtanen.csv", "study.yaml",
        "transcripts/Haastattelu 1.txt"]
    study = load_study(root)
    assert study.transcripts["Haastattelu 1"].text == TEXT
    assert study.coders() == ["Anna Virtanen"]
    codings = study.codings("Anna Virtanen", codebook=study.codebook())
    assert sorted(set(codings["text"].str[:10])) == [TEXT[:10]]
    assert [c.id for c in load_codebook(root / "codebook.yaml")] == ["kanavat",
                                                                     "kanavat/sahkoposti"]
    assert (root / "codings" / "Anna Virtanen.csv").read_text(encoding="utf-8") == (
        "document,start,end,code,stance,memo\n"
        "Haastattelu 1,0,10,kanavat/sahkoposti,,\nHaastattelu 1,11,13,kanavat/sahkoposti,,\n")


def test_importing_the_same_file_again_changes_nothing(package, tmp_path):
    import_file(package, tmp_path / "study")
    before = snapshot(tmp_path / "study")
    report = import_file(package, tmp_path / "study")
    assert report.written == [] and len(report.unchanged) == 4  # study.yaml is kept as is
    assert snapshot(tmp_path / "study") == before


def test_files_with_other_content_stop_the_import_before_anything_is_written(package, tmp_path):
    import_file(package, tmp_path / "study")
    coder = tmp_path / "study" / "codings" / "Anna Virtanen.csv"
    coder.write_text("document,start,end,code,stance,memo\n", encoding="utf-8")
    (tmp_path / "study" / "transcripts" / "Haastattelu 1.txt").unlink()
    before = snapshot(tmp_path / "study")
    with pytest.raises(ExchangeError, match="1 files already exist with other content: .*Anna "
                                            "Virtanen.csv"):
        import_file(package, tmp_path / "study")
    assert snapshot(tmp_path / "study") == before
    report = import_file(package, tmp_path / "study", overwrite=True)
    assert len(report.written) == 2


def test_a_failure_halfway_puts_everything_back(package, tmp_path, monkeypatch):
    import_file(package, tmp_path / "study")
    root = tmp_path / "study"
    (root / "cases.csv").write_text("case,document\n", encoding="utf-8")
    (root / "transcripts" / "Haastattelu 1.txt").unlink()
    before = snapshot(root)
    calls = {"n": 0}
    real_replace = os.replace

    def failing_replace(src, dst):
        if not str(dst).endswith("journal.json"):
            calls["n"] += 1
            if calls["n"] == 3:  # cases.csv is already moved aside by then
                raise OSError(28, "disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(filetxn.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        import_file(package, root, overwrite=True)
    monkeypatch.undo()
    assert snapshot(root) == before
    assert not [p for p in root.rglob("*") if p.name.endswith((".tmp", ".import-backup"))
                or p.name.startswith(".ia-staging")]


def test_a_different_codebook_goes_to_codebooks_imported_yaml(package, tmp_path):
    root = make_export_study(tmp_path / "study")
    (root / "codings").rename(tmp_path / "old-codings")
    (root / "transcripts" / "Haastattelu 1.txt").write_text(TEXT, encoding="utf-8")
    (root / "cases.csv").write_text("case,document\nH1,H1\nH2,H2\nHaastattelu 1,Haastattelu 1\n")
    with pytest.raises(ExchangeError, match="cases.csv"):
        import_file(package, root)
    (root / "cases.csv").unlink()
    report = import_file(package, root)
    assert (root / "codebooks" / "imported.yaml").is_file()
    assert (root / "codebook.yaml").read_text(encoding="utf-8").startswith("name: pieni")
    assert any("codebooks/imported.yaml" in note for note in report.notes)


def test_a_non_empty_folder_without_study_yaml_is_refused(package, tmp_path):
    (tmp_path / "loose").mkdir()
    (tmp_path / "loose" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ExchangeError, match="the folder has files but no study.yaml"):
        import_file(package, tmp_path / "loose")


def test_a_qdc_becomes_the_codebook_of_a_study(tmp_path):
    root = make_export_study(tmp_path / "study")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExchangeWarning)
        qdc = export_study(root, "qdc", tmp_path / "codes.qdc")
    (root / "codebook.yaml").unlink()
    report = import_file(qdc, root)
    book = load_codebook(root / "codebook.yaml")
    assert [c.id for c in book] == ["channels", "channels/email", "channels/chat"]
    assert book["channels/email"].label("fi") == "Sähköposti"
    assert book["channels/email"].text("when_not_to_use", "fi") == "Uutiskirjeet."
    assert report.codes == 3
