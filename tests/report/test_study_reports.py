"""Study A's and Study B's report.docx and report.html read as a supervisor's tools would:
language tags, styles, table of contents, alt text, navigation, print styles, labelled and
ordered tables, and why a coefficient is missing. The LaTeX tables compile with booktabs."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from interview_analysis.report.run import run_study
from interview_analysis.study.study import load_study

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THEMES_A = ["personalisation", "contact_types", "channels", "values", "development"]


@pytest.fixture(scope="module")
def study_a(tmp_path_factory):
    return run_study(load_study(ROOT / "corpus" / "sme-customer-management"),
                     tmp_path_factory.mktemp("a") / "out")


@pytest.fixture(scope="module")
def study_b(tmp_path_factory):
    return run_study(load_study(ROOT / "corpus" / "after-sales"),
                     tmp_path_factory.mktemp("b") / "out")


def test_study_a_docx_is_tagged_finnish_everywhere(study_a):
    doc = docx.Document(study_a.report_docx)
    assert {el.get(f"{W}val") for el in doc.element.iter(f"{W}lang")} == {"fi-FI"}
    assert {el.get(f"{W}val") for el in doc.styles.element.iter(f"{W}lang")} == {"fi-FI"}
    assert all(r.find(f"{W}rPr/{W}lang") is not None for r in doc.element.body.iter(f"{W}r"))


def test_study_a_docx_uses_named_styles_for_quotes_questions_and_recommendations(study_a):
    doc = docx.Document(study_a.report_docx)
    styles = [p.style.name for p in doc.paragraphs]
    assert styles.count("Research Question") == 3
    assert styles.count("Recommendation") == 5 and styles.count("Evidence") == 5
    quotes = [p for p in doc.paragraphs if p.style.name == "Quote"]
    assert len(quotes) == 24
    assert all(re.fullmatch(r" \(H[1-5]\)", p.runs[-1].text) and
               p.runs[-1].style.name == "Quote Source" for p in quotes)
    assert not [p for p in doc.paragraphs if p.style.name == "Normal" and
                any(r.italic for r in p.runs)]  # no hand-made quotations left


def test_study_a_docx_has_a_toc_field_and_alt_text_on_every_figure(study_a):
    doc = docx.Document(study_a.report_docx)
    instructions = [t.text.strip() for t in doc.element.body.iter(f"{W}instrText")]
    assert instructions[0] == 'TOC \\o "1-2" \\h \\z \\u'
    toc = [p.text for p in doc.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert toc[:3] == ["Menetelmä", "Tulokset teemoittain", "Henkilökohtaisuus"]
    assert len(doc.inline_shapes) == 10
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"
                and p.text.startswith("Kuvio")]
    for shape, text in zip(doc.inline_shapes, captions):
        descr = shape._inline.docPr.get("descr")
        assert descr.startswith(text + " ") and len(descr) > len(text) + 40


def test_study_a_tables_speak_finnish_and_fit_their_headers(study_a):
    doc = docx.Document(study_a.report_docx)
    cases = doc.tables[1]
    assert [c.text for c in cases.rows[0].cells] == [
        "Haastateltava", "Toimiala", "Asema", "Perustettu", "Yritysmuoto", "Haastattelutapa",
        "Kesto (min)", "Haastattelupäivä"]
    assert [c.text for c in cases.rows[3].cells][1:6] == [
        "toimistokoneiden ja IT-tarvikkeiden kauppa", "toimitusjohtaja", "1989", "osakeyhtiö",
        "sähköposti"]
    wide = [s for s in doc.sections if s.page_width > s.page_height]
    assert len(wide) == 2  # eight columns: the interviewees and the stances per code
    headers = {t.rows[0].cells[1].text for t in doc.tables
               if len(t.columns) == 8}
    assert headers == {"Toimiala", "Koodattu"}


def test_study_a_reliability_table_is_in_codebook_order_and_says_why(study_a):
    doc = docx.Document(study_a.report_docx)
    table = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Huomautus")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[0] for r in rows[:6]] == [
        "Henkilökohtaisuus (teema)", "Sama yhteyshenkilö", "Edustajan tunteminen",
        "Muu kuin asiapuhe", "Asiakastieto ja CRM", "Yhteydenottotavat (teema)"]
    notes = {r[0]: r[-1] for r in rows}
    assert notes["Henkilökohtaisuus (teema)"] == \
        "ei laskettavissa: yksikössä useita teeman koodeja"
    assert notes["Pikaviestimet"] == "ei laskettavissa: kumpikaan koodaaja ei käyttänyt koodia"
    assert notes["Kasvokkain"] == "vain toinen koodaaja käytti koodia"
    text = [p.text for p in doc.paragraphs]
    assert ("Cohenin κ:ta ja Krippendorffin α:aa ei voi laskea kohteille Henkilökohtaisuus "
            "(teema), Yhteydenottotavat (teema), Viestintäkanavat (teema), Mitä asiakas "
            "arvostaa (teema): koodaaja antoi samalle katkelmalle") in " ".join(text)


def test_study_a_html_has_navigation_anchors_print_styles_and_passages(study_a):
    html = study_a.report_html.read_text(encoding="utf-8")
    assert '<html lang="fi">' in html and '<nav class="toc" aria-label="Sisällys">' in html
    for theme in THEMES_A:
        assert f'<h3 class="theme" id="theme-{theme}">' in html
        assert f'<a href="#theme-{theme}">' in html
    for name in study_a.figures:
        assert f'<figure id="figure-{name}">' in html
    assert html.count('<p class="caption" id="table-') == len(docx.Document(
        study_a.report_docx).tables) == 5
    assert "@media print{" in html and "@page{size:A4;margin:2.5cm}" in html
    links = re.findall(r'<a class="context" href="#(passage-H\d-\d{4})">', html)
    assert len(links) == html.count("<blockquote ") == 24
    assert all(f'<div class="passage" id="{link}">' in html for link in links)
    assert "http" not in re.sub(r"http://www\.w3\.org[^\"']*", "", html.split("<main>")[0])


def test_study_b_interviewee_table_has_each_attribute_once(study_b):
    doc = docx.Document(study_b.report_docx)
    header = [c.text for c in doc.tables[1].rows[0].cells]
    assert header == ["Interviewee", "Group", "Segment", "Interview mode", "Duration (min)",
                      "Interview date"]  # roles are sentences: in tables/cases.xlsx
    assert [c.text for c in doc.tables[1].rows[3].cells][1] == "Customers"
    assert {el.get(f"{W}val") for el in doc.element.iter(f"{W}lang")} == {"en-GB"}
    groups = next(t for t in doc.tables if t.rows[0].cells[1].text.startswith("Customers"))
    assert [c.text for c in groups.rows[0].cells][:3] == ["Code", "Customers (n = 5)",
                                                          "Experts (n = 5)"]


def _compile(tex: Path, folder: Path) -> subprocess.CompletedProcess:
    wrapper = folder / f"{tex.parent.parent.name}-{tex.stem}.tex"
    wrapper.write_text("\\documentclass{article}\n\\usepackage[T1]{fontenc}\n"
                       "\\usepackage[utf8]{inputenc}\n\\usepackage{booktabs}\n"
                       f"\\begin{{document}}\n\\input{{{tex.as_posix()}}}\n\\end{{document}}\n",
                       encoding="utf-8")
    return subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                           wrapper.name], cwd=folder, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.skipif(shutil.which("pdflatex") is None,
                    reason="no TeX engine (pdflatex) installed: apt-get install "
                           "texlive-latex-base texlive-latex-recommended")
def test_every_latex_table_compiles_with_booktabs(study_a, study_b, tmp_path):
    tables = sorted([*study_a.out_dir.glob("tables/*.tex"), *study_b.out_dir.glob("tables/*.tex")])
    assert len(tables) >= 20
    for tex in tables:
        assert "\\toprule" in tex.read_text(encoding="utf-8")
        result = _compile(tex, tmp_path)
        assert result.returncode == 0, (tex, result.stdout[-1500:])
