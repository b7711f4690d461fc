"""``report.docx``: a results-chapter draft the researcher keeps editing in Word.

Headings use the built-in ``Heading 1``/``Heading 2`` styles (so Word's navigation pane and
table of contents work); figure and table numbers are real ``SEQ`` fields ("Kuvio 1." /
"Figure 1."), so Word can build a list of figures and cross-references, with the number
already filled in; pictures are 16 cm wide (the A4 text width the figures were drawn for);
tables are Word tables in the ``Table Grid`` style; quotations are indented italic
paragraphs ending with the participant ID. Core properties carry fixed dates and the zip
members fixed times, so a re-run gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..base.atomic import atomic_path
from ..errors import InternalError
from ..version import __version__
from .document import Document, Figure, Heading, Paragraph, Quote, Table, cell_text
from .export import normalise_zip
from .style import TEXT_WIDTH_CM, label

FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def _field_run(paragraph, instruction: str, result: str) -> None:
    """A ``SEQ`` (or other) field with its current result, as Word itself writes it."""
    def fld(kind: str):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
        return run
    fld("begin")
    instr = paragraph.add_run()._r
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    instr.append(text)
    fld("separate")
    paragraph.add_run(result)
    fld("end")


def _caption(doc, kind: str, number: int, caption: str, lang: str) -> None:
    """``Figure 1. text`` with the number as a ``SEQ Figure`` field, in the Caption style."""
    word = label(kind, lang)
    prefix = f"{word} {number}."
    text = caption[len(prefix):].lstrip() if caption.startswith(prefix) else caption
    p = doc.add_paragraph(style="Caption")
    p.add_run(f"{word} ")
    _field_run(p, f"SEQ {word} \\* ARABIC", str(number))
    p.add_run(f". {text}")
    if kind == "table":
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_before = Pt(12)


def _font_size(frame: pd.DataFrame) -> float:
    """9 pt, or 8 pt for wide tables."""
    return 8.0 if len(frame.columns) >= 7 else 9.0


def _widths(frame: pd.DataFrame, lang: str) -> list[float]:
    """Column widths (cm) summing to the text width. Every column is at least as wide as its
    longest header word (headers never break inside a word) and a body word of up to 12
    characters; the rest of the width is shared by the length of the texts."""
    char = 0.019 * _font_size(frame)  # cm per character, a little over half an em
    floors, weights = [], []
    for column in frame.columns:
        body = [cell_text(v, lang) for v in frame[column]]
        head = max((len(w) for w in str(column).split()), default=1)
        word = min(max((len(w) for t in body for w in t.split()), default=1), 12)
        floors.append(char * max(head, word) + 0.45)
        weights.append(min(max([len(str(column)), *(len(t) for t in body)]), 45))
    spare = TEXT_WIDTH_CM - sum(floors)
    if spare <= 0:
        return [TEXT_WIDTH_CM * f / sum(floors) for f in floors]
    return [f + spare * w / sum(weights) for f, w in zip(floors, weights)]


def _table(doc, block: Table, lang: str) -> None:
    _caption(doc, "table", block.number, block.caption, lang)
    frame = block.frame
    table = doc.add_table(rows=1, cols=len(frame.columns))
    table.style = "Table Grid"
    table.autofit = False
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    for cell, name in zip(table.rows[0].cells, frame.columns):
        cell.paragraphs[0].add_run(str(name)).bold = True
    _row_flags(table.rows[0], header=True)
    for values in frame.itertuples(index=False):
        row = table.add_row()
        _row_flags(row)
        for cell, value, num in zip(row.cells, values, numeric):
            cell.paragraphs[0].add_run(cell_text(value, lang))
            if num:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    widths = [Cm(w) for w in _widths(frame, lang)]
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid LibreOffice reads; Word reads the cell widths
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
            for p in cell.paragraphs:
                p.paragraph_format.space_after = Pt(0)
                for run in p.runs:
                    run.font.size = Pt(_font_size(frame))
    if block.note:
        p = doc.add_paragraph()
        p.add_run(block.note).font.size = Pt(9)


def _row_flags(row, header: bool = False) -> None:
    """Rows never break across pages; the header row repeats on every page."""
    props = row._tr.get_or_add_trPr()
    flags = ["w:cantSplit", "w:tblHeader"] if header else ["w:cantSplit"]
    for name in flags:
        el = OxmlElement(name)
        el.set(qn("w:val"), "true")
        props.append(el)


def _quote(doc, block: Quote) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.left_indent = Cm(1.0)
    p.paragraph_format.right_indent = Cm(1.0)
    p.add_run(block.text).italic = True
    p.add_run(f" ({block.case})")


def _figure(doc, block: Figure, lang: str) -> None:
    doc.add_picture(str(block.png), width=Cm(TEXT_WIDTH_CM))
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    _caption(doc, "figure", block.number, block.caption, lang)


def _paragraph(doc, block: Paragraph) -> None:
    p = doc.add_paragraph()
    run = p.add_run(block.text)
    run.bold = block.bold
    if block.small:
        run.font.size = Pt(9)
    p.paragraph_format.keep_with_next = block.keep


def _styles(doc) -> None:
    """Captions in black, upright, 10 pt: the usual thesis look (the template's are blue)."""
    style = doc.styles["Caption"]
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.font.bold = False
    style.font.italic = False
    style.font.size = Pt(10)
    style.paragraph_format.space_after = Pt(10)


def _properties(doc, document: Document) -> None:
    props = doc.core_properties
    props.title = document.title
    props.author = "interview-analysis"
    props.last_modified_by = "interview-analysis"
    props.comments = f"interview-analysis {__version__}"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    props.language = document.lang


def _page(doc) -> None:
    """A4 with 2.5 cm margins: a 16 cm text width, as the figures assume."""
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)


def render_docx(document: Document):
    """A python-docx ``Document`` of ``document``."""
    doc = new_docx()
    _page(doc)
    _styles(doc)
    _properties(doc, document)
    doc.add_heading(document.title, level=0)
    for block in document.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=min(block.level, 9))
        elif isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, Quote):
            _quote(doc, block)
        elif isinstance(block, Figure):
            _figure(doc, block, document.lang)
        elif isinstance(block, Table):
            _table(doc, block, document.lang)
        else:
            raise InternalError(f"unknown block {type(block).__name__}")
    return doc


def write_docx(document: Document, path: str | Path) -> Path:
    """Write ``report.docx`` atomically, with fixed dates (byte-identical re-runs)."""
    with atomic_path(path) as tmp:
        render_docx(document).save(str(tmp))
        normalise_zip(tmp)
    return Path(path)
