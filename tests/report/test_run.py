"""The main job: run_study writes the report folder completely, reproducibly and atomically."""
from __future__ import annotations

import hashlib
import re
import shutil

import docx
import pandas as pd
import pytest
from docx.shared import Cm
from report_fixtures import make_study

from interview_analysis.errors import InterviewAnalysisError
from interview_analysis.report import run as run_module
from interview_analysis.report.run import run_study
from interview_analysis.study.study import load_study

FIGURES = ["theme-personalisation", "theme-channels", "theme-development", "stances",
           "framework", "cooccurrence", "groups", "reliability", "saturation"]
HEADINGS_1 = ["Method", "Results by theme", "Agreement across interviewees",
              "Group comparison", "Intercoder reliability", "Saturation",
              "Development recommendations"]


def _hashes(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_run_writes_every_output(report_run):
    out = report_run.out_dir
    for name in ("report.html", "report.docx", "recommendations.md", "codings.csv",
                 "passages.csv"):
        assert (out / name).is_file(), name
    assert sorted(report_run.figures) == sorted(FIGURES)
    for name in FIGURES:  # by default PDF for LaTeX and PNG for Word; SVG only on request
        for fmt in ("pdf", "png"):
            assert (out / "figures" / f"{name}.{fmt}").stat().st_size > 1000
    assert sorted(p.name for p in (out / "figures").iterdir()) == sorted(
        f"{name}.{fmt}" for name in FIGURES for fmt in ("pdf", "png"))
    for name in ("agreement", "matrix_presence", "cooccurrence", "saturation_curve",
                 "reliability", "group_comparison", "recommendations", "method", "quotes",
                 "speakers"):
        for fmt in ("xlsx", "csv", "tex", "md"):
            assert (out / "tables" / f"{name}.{fmt}").is_file(), (name, fmt)
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]
    speakers = pd.read_csv(out / "tables" / "speakers.csv")
    assert list(speakers.columns) == ["document", "speaker", "role", "role_from", "turns",
                                      "words"]
    assert sorted(set(speakers["role"])) == ["interviewer", "participant"]


def test_codings_csv_holds_manual_and_rule_codings(report_run):
    codings = pd.read_csv(report_run.codings)
    assert set(codings["coder"]) == {"researcher", "assistant", "rules"}
    assert set(codings["origin"]) == {"manual", "rule"}
    assert codings["coder"].tolist()[0] == "researcher"


def test_docx_has_the_chapter_structure(report_run):
    doc = docx.Document(report_run.report_docx)
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert h1 == HEADINGS_1
    assert h2 == ["Personalisation", "Communication channels", "Development ideas",
                  "Not supported by the evidence"]
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    figures = [c for c in captions if c.startswith("Figure")]
    assert [c.split(".")[0] for c in figures] == [f"Figure {i}" for i in range(1, 10)]
    assert len(doc.inline_shapes) == len(figures) == 9
    assert all(abs(s.width - Cm(16)) < Cm(0.01) for s in doc.inline_shapes)
    tables = [c for c in captions if c.startswith("Table")]
    assert len(doc.tables) == len(tables) == 6
    assert tables[0] == "Table 1. Method facts"
    assert tables[2].startswith("Table 3. Speakers in the transcripts")
    assert doc.tables[0].style.name == "Table Grid"
    assert [c.text for c in doc.tables[1].rows[0].cells][:3] == \
        ["Interviewee", "Group", "Interview mode"]


def test_docx_quotes_use_the_quote_style_with_the_case_in_quote_source(report_run):
    doc = docx.Document(report_run.report_docx)
    quotes = [p for p in doc.paragraphs if p.style.name == "Quote"]
    assert quotes
    style = doc.styles["Quote"]
    assert style.font.italic and abs(style.paragraph_format.left_indent - Cm(1)) < Cm(0.01)
    for p in quotes:
        assert p.runs[0].italic is None  # italic from the style, not by hand
        assert p.runs[-1].style.name == "Quote Source"
        assert re.fullmatch(r" \(H\d\)", p.runs[-1].text)


def test_docx_has_fixed_core_properties(report_run):
    props = docx.Document(report_run.report_docx).core_properties
    assert props.created.year == 2000 and props.modified.year == 2000
    assert props.title == "Customer management in small firms"


def test_html_is_self_contained(report_run):
    html = report_run.report_html.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert 'src="http' not in html and "<script" not in html and "<link" not in html
    assert "url(" not in html
    assert html.count('src="data:image/png;base64,') == 9
    assert html.count("<figcaption>Figure ") == 9
    assert '<blockquote id="quote-1">' in html and "<cite>(H1)</cite>" in html
    assert '<h2 class="chapter" id="recommendations">Development recommendations</h2>' in html


def test_html_escapes_text():
    from interview_analysis.report.document import Document, Paragraph, Quote
    from interview_analysis.report.html import render_html
    html = render_html(Document("<b>Tom & Jerry</b>", "en",
                                [Paragraph("a < b"), Quote("<script>x</script>", "H1")]))
    assert "<title>&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</title>" in html
    assert "<p>a &lt; b</p>" in html and "&lt;script&gt;" in html
    assert "<b>Tom" not in html and "<script>" not in html


def test_rerun_gives_byte_identical_files(report_run, tmp_path):
    root = report_run.out_dir.parent / "study"
    kept = root / ".ia-cache" / "report"
    moved = tmp_path / "kept"
    kept.rename(moved)  # nothing kept: every figure, table and report is made again
    try:
        again = run_study(load_study(root), tmp_path / "again")
    finally:
        shutil.rmtree(kept, ignore_errors=True)
        moved.rename(kept)
    assert sorted(again.drawn) == sorted(FIGURES)
    assert _hashes(again.out_dir) == _hashes(report_run.out_dir)


def test_failed_run_keeps_the_previous_report_and_a_rerun_replaces_it(tmp_path,
                                                                        monkeypatch):
    root = make_study(tmp_path / "study", coders=("researcher",), group=False)
    out = tmp_path / "out"
    run_study(load_study(root), out)
    (out / "figures" / "stale.png").write_bytes(b"old")
    before = _hashes(out)

    def broken(*args, **kwargs):  # fails after figures, documents and codings are written
        raise RuntimeError("disk full")
    with monkeypatch.context() as patch:
        patch.setattr(run_module, "write_report_tables", broken)
        with pytest.raises(RuntimeError, match="disk full"):
            run_study(load_study(root), out)
    assert _hashes(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    result = run_study(load_study(root), out)
    assert not (out / "figures" / "stale.png").exists()
    assert result.report_docx == out / "report.docx" and result.report_docx.is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_refuses_to_replace_a_folder_of_other_files(tmp_path, study):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_bytes(b"precious")
    with pytest.raises(InterviewAnalysisError,
                       match="already holds files that are not a report"):
        run_study(study, out)
    assert (out / "chapter1.docx").read_bytes() == b"precious"


def test_refuses_to_replace_the_study_folder(study):
    with pytest.raises(InterviewAnalysisError, match="would replace the study folder"):
        run_study(study, study.root)


def test_study_without_codings_is_coded_by_the_rules(tmp_path):
    root = make_study(tmp_path / "study", coders=(), group=False)
    result = run_study(load_study(root), tmp_path / "out")
    doc = docx.Document(result.report_docx)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "coded with the codebook's rules" in text
    assert "Intercoder reliability" not in text
    assert result.results.primary is None
    assert set(pd.read_csv(result.codings)["origin"]) == {"rule"}


def test_finnish_study_gets_a_finnish_report(tmp_path):
    root = make_study(tmp_path / "study", language="fi", coders=("researcher",), group=False)
    result = run_study(load_study(root), tmp_path / "out")
    doc = docx.Document(result.report_docx)
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 == ["Menetelmä", "Tulokset teemoittain", "Haastateltavien näkemysten "
                  "yhtäpitävyys", "Saturaatio", "Kehitysehdotukset"]
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("Taulukko 1. ")
    assert any(c.startswith("Kuvio 1. Henkilökohtaisuus") for c in captions)
    md = result.recommendations.read_text(encoding="utf-8")
    assert md.startswith("# Customer management in small firms\n")
    assert "## Ehdotukset, joille aineisto ei anna riittävää tukea" in md


def test_report_language_can_be_overridden(study):
    from interview_analysis.pipeline.results import analyse
    results = analyse(study, lang="fi")
    assert results.lang == "fi"
    from interview_analysis.report.synthesis import theme_sections
    sections = theme_sections(results.agreement, results.codebook, results.codings,
                              results.corpus, results.lang)
    assert sections[0].label == "Henkilökohtaisuus"
    assert analyse(study, lang="sv").lang == "en"  # no Swedish words: English


def test_study_where_nothing_is_coded_gets_no_empty_figures(tmp_path):
    from report_fixtures import CODEBOOK, write
    root = tmp_path / "study"
    write(root / "transcripts" / "A.txt", "Interviewer: Hi?\n\nA: Nothing to say.\n")
    write(root / "transcripts" / "B.txt", "Interviewer: Hi?\n\nB: Fine, thanks.\n")
    write(root / "codebook.yaml", CODEBOOK)
    write(root / "study.yaml", "title: Empty\nlanguage: en\ntranscripts: transcripts\n"
                               "codebook: codebook.yaml\nspeakers:\n  Interviewer: interviewer\n")
    result = run_study(load_study(root), tmp_path / "out")
    assert result.figures == {}
    assert "No codings were found in this study." in \
        result.report_html.read_text(encoding="utf-8")
    table = result.results.recommendations
    assert not table["supported"].any()
