"""The Word and HTML writers on a hand-made chapter: styles, language, fields, alt text, tables,
navigation, anchors, print styles and quotations linked to their passages."""
from __future__ import annotations

import zipfile

import docx
import pandas as pd
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from interview_analysis.report.blocks import (
    Contents,
    Context,
    Document,
    Figure,
    Heading,
    Paragraph,
    Quote,
    Table,
    numeric_columns,
)
from interview_analysis.report.docx import render_docx, write_docx
from interview_analysis.report.docx_tables import column_floors, needs_landscape
from interview_analysis.report.html import render_html

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def png(tmp_path_factory):
    from matplotlib.figure import Figure as MplFigure
    fig = MplFigure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1], [0, 1])
    path = tmp_path_factory.mktemp("fig") / "f.png"
    fig.savefig(path)
    return path


def chapter(png, lang="fi") -> Document:
    narrow = pd.DataFrame({"Koodi": ["Sähköposti", "Puhelin"], "Haastateltavat": [5, 12],
                           "α": ["0,85", "1,00"]})
    wide = pd.DataFrame({f"Haastattelupäivämäärä{i}": ["2022-10-05"] for i in range(8)})
    return Document("Otsikko", lang, [
        Contents(),
        Heading("Menetelmä", 1, "method"),
        Paragraph("Tutkimuskysymykset", "intro"),
        Paragraph("Miksi?", "question", number=1),
        Paragraph("Miten?", "question", number=2),
        Heading("Tulokset teemoittain", 1, "themes"),
        Heading("Kanavat", 2, "theme-channels"),
        Paragraph("Määritelmä.", "definition"),
        Quote("Sähköposti ensin.", "H1", "H1:0004"),
        Figure("stances", 1, "Kuvio 1. Näkemykset.", png, "Pinotut pylväät."),
        Table("agreement", 1, "Taulukko 1. Näkemykset.", narrow, "Huom.",
              numeric_columns(narrow)),
        Table("cases", 2, "Taulukko 2. Haastateltavat.", wide),
        Heading("Kehitysehdotukset", 1, "recommendations"),
        Paragraph("Nimetty yhteyshenkilö", "recommendation", keep=True, number=1),
        Paragraph("Näyttö: H1.", "evidence"),
        Paragraph("Hylätty ehdotus", "bullet"),
    ], [Context("H1:0004", "H1", "H1", "Sähköposti ensin. Sitten puhelu.",
                [("Haastattelija", "Mikä kanava?")])])


def test_numbers_are_found_in_text_columns():
    frame = pd.DataFrame({"a": ["0,85", "", "1,00"], "b": ["3/5", "2/5", "5/5"],
                          "c": ["H1", "H2", "H3"], "d": [1, 2, 3], "e": ["98 %", "5", "−0,2"]})
    assert numeric_columns(frame) == ["a", "b", "d", "e"]


def test_docx_language_is_on_defaults_styles_and_runs(png):
    doc = render_docx(chapter(png, "fi"))
    langs = {el.get(f"{W}val") for el in doc.element.iter(f"{W}lang")}
    assert langs == {"fi-FI"}
    runs = list(doc.element.body.iter(f"{W}r"))
    assert runs and all(r.find(f"{W}rPr/{W}lang") is not None for r in runs)
    styles = doc.styles.element
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}val") == "fi-FI"
    assert doc.styles["Quote"].element.rPr.find(f"{W}lang").get(f"{W}val") == "fi-FI"
    assert doc.core_properties.language == "fi-FI"
    english = render_docx(chapter(png, "en"))
    assert {el.get(f"{W}val") for el in english.element.iter(f"{W}lang")} == {"en-GB"}


def test_docx_every_kind_of_paragraph_has_a_named_style(png):
    doc = render_docx(chapter(png))
    by_style = {}
    for p in doc.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Research Question"] == ["Miksi?", "Miten?"]
    assert by_style["Recommendation"] == ["Nimetty yhteyshenkilö"]
    assert by_style["List Bullet"] == ["Hylätty ehdotus"]
    assert by_style["Definition"] == ["Määritelmä."]
    assert by_style["Evidence"] == ["Näyttö: H1."]
    assert by_style["Quote"] == ["Sähköposti ensin. (H1)"]
    assert by_style["Table Note"][-1] == "Huom."
    quote = next(p for p in doc.paragraphs if p.style.name == "Quote")
    assert [r.style.name for r in quote.runs] == ["Default Paragraph Font", "Quote Source"]
    assert doc.styles["Recommendation"].base_style.name == "List Number"
    # research questions and recommendations are two lists, each numbered from 1
    ids = {doc.styles[n].element.pPr.numPr.numId.val for n in ("Research Question",
                                                                "Recommendation", "List Number")}
    assert len(ids) == 3
    texts = [p.text for p in doc.paragraphs]
    assert "1. Miksi?" not in texts and "Miksi?" in texts  # numbers come from the style


def test_docx_has_a_toc_field_listing_the_headings_and_asks_to_update_it(png, tmp_path):
    path = write_docx(chapter(png), tmp_path / "r.docx")
    doc = docx.Document(path)
    instructions = [t.text for t in doc.element.body.iter(f"{W}instrText")]
    assert instructions[0] == ' TOC \\o "1-2" \\h \\z \\u '
    toc = [p.text for p in doc.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert toc == ["Menetelmä", "Tulokset teemoittain", "Kanavat", "Kehitysehdotukset"]
    anchors = [h.get(f"{W}anchor") for h in doc.element.body.iter(f"{W}hyperlink")]
    marks = [b.get(f"{W}name") for b in doc.element.body.iter(f"{W}bookmarkStart")]
    assert anchors == ["_Toc_method", "_Toc_themes", "_Toc_theme_channels",
                       "_Toc_recommendations"]
    assert set(anchors) <= set(marks)
    with zipfile.ZipFile(path) as z:
        assert b'<w:updateFields w:val="true"/>' in z.read("word/settings.xml")
    assert "SEQ Kuvio \\* ARABIC" in " ".join(instructions)


def test_docx_pictures_carry_caption_and_description_as_alt_text(png):
    doc = render_docx(chapter(png))
    (shape,) = doc.inline_shapes
    assert shape._inline.docPr.get("descr") == "Kuvio 1. Näkemykset. Pinotut pylväät."
    assert shape._inline.docPr.get("title") == "Kuvio 1. Näkemykset."
    assert abs(shape.width - Cm(16)) < Cm(0.01)


def test_docx_table_columns_fit_their_header_words_and_numbers_align_right(png):
    doc = render_docx(chapter(png))
    table = doc.tables[0]
    header = [c.paragraphs[0] for c in table.rows[0].cells]
    assert [p.style.name for p in header] == ["Table Heading"] * 3
    body = [c.paragraphs[0] for c in table.rows[1].cells]
    assert [p.alignment for p in body] == [None, WD_ALIGN_PARAGRAPH.RIGHT,
                                           WD_ALIGN_PARAGRAPH.RIGHT]
    widths = [c.width for c in table.rows[0].cells]
    floors = column_floors(chapter(png).blocks[10].frame, "fi")
    assert all(w >= Cm(f) - Cm(0.01) for w, f in zip(widths, floors))
    assert floors[1] == pytest.approx(0.21 * len("Haastateltavat") + 0.45)


def test_docx_a_table_too_wide_for_portrait_gets_a_landscape_page(png):
    blocks = chapter(png).blocks
    assert not needs_landscape(blocks[10].frame, "fi") and needs_landscape(blocks[11].frame,
                                                                           "fi")
    doc = render_docx(chapter(png))
    orientation = [s.orientation for s in doc.sections]
    assert orientation == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    assert abs(doc.sections[1].page_width - Cm(29.7)) < Cm(0.01)


def test_html_has_sticky_navigation_anchors_and_print_styles(png):
    html = render_html(chapter(png))
    assert '<nav class="toc" aria-label="Sisällys"><h2>Sisällys</h2>' in html
    assert '<a href="#theme-channels">Kanavat</a>' in html
    assert "nav.toc{position:sticky;top:0" in html
    for ident in ("method", "theme-channels", "figure-stances", "table-agreement",
                  "table-cases", "passage-H1-0004", "quote-1"):
        assert f'id="{ident}"' in html, ident
    assert '<h3 class="theme" id="theme-channels">Kanavat</h3>' in html
    assert "@media print{" in html and "@page{size:A4;margin:2.5cm}" in html
    assert "h2.chapter,h3.theme,section.passages{break-before:page}" in html
    assert 'alt="Kuvio 1. Näkemykset. Pinotut pylväät."' in html
    assert '<th class="num">Haastateltavat</th>' in html and '<td class="num">12</td>' in html
    assert '<p class="question"><span class="n">1.</span>Miksi?</p>' in html


def test_html_quotes_link_to_their_passage_in_context_and_back(png):
    html = render_html(chapter(png))
    assert ('<blockquote id="quote-1">Sähköposti ensin.<cite>(H1)</cite> '
            '<a class="context" href="#passage-H1-0004">asiayhteys H1:0004</a></blockquote>'
            ) in html
    passage = html[html.index('<div class="passage" id="passage-H1-0004">'):]
    assert '<a class="back" href="#quote-1">' in passage
    assert '<span class="speaker">Haastattelija:</span> Mikä kanava?' in passage
    assert "Sähköposti ensin. Sitten puhelu." in passage
    assert '<a href="#passages">Lainaukset asiayhteydessään</a>' in html
