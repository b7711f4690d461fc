"""Real files from other tools (in /work/shared/refi-qda/samples; skipped when absent)."""
from __future__ import annotations

from pathlib import Path

import pytest

from interview_analysis.coding.codebook_reader import load_codebook
from interview_analysis.exchange.refi import import_file, read_project, read_qdc

SAMPLES = Path("/work/shared/refi-qda/samples")
NVIVO = SAMPLES / "nvivo_project.qdpx"
TAGUETTE = SAMPLES / "taguette-1.5.2-codebook.qdc"


def need(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"sample {path} is not available")
    return path


def test_nvivo_mac_project_imports_its_262_codes_in_their_hierarchy():
    ex, report = read_project(need(NVIVO))
    ids = [c.id for c in ex.codes]
    assert len(ids) == 262 == report.codes
    assert "rq1_definition/competencies/programming" in ids
    assert "rq1_definition/concepts/abstraction" in ids
    assert "rq1_definition/defining_education/restructuring_high_school/restructure_curriculum" \
        in ids
    parents = {c.id: c.parent for c in ex.codes}
    assert parents["rq1_definition/concepts"] == "rq1_definition"
    assert parents["rq1_definition"] is None
    assert report.origin == "NVivo for Mac 15.0.0"
    assert not [n for n in report.notes if "validate" in n or "namespace" in n]


def test_nvivo_mac_empty_sources_are_reported_not_silently_lost(tmp_path):
    report = import_file(need(NVIVO), tmp_path / "study")
    lines = "\n".join(report.summary())
    assert "dropped 2 text sources: the plain text is empty; rich-text files (.docx) are not " \
        "converted" in lines
    book = load_codebook(tmp_path / "study" / "codebook.yaml")
    assert len(book) == 262 and "rq1_definition" in [t.id for t in book.themes]


def test_taguette_codebook_with_invalid_empty_sets_imports():
    book = read_qdc(need(TAGUETTE))
    assert [c.id for c in book] == ["interesting", "people", "interesting_places"]
    assert book["interesting_places"].label("en") == "interesting\\places"
    assert len(load_codebook(TAGUETTE)) == 3


def test_taguette_codebook_import_notes_the_schema_problem(tmp_path):
    report = import_file(need(TAGUETTE), tmp_path)
    assert any("does not validate" in note and "Sets" in note for note in report.notes)
    assert (tmp_path / "codebook.yaml").is_file()
