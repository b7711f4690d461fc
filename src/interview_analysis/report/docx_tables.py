"""Word tables of ``report.docx``: columns that fit their headers, numbers right-aligned.

Every column is at least as wide as the longest word of its header (bold) and a body word of
up to 14 characters, so headers wrap between words and never inside one ("Haastateltav|a").
A table whose columns cannot fit the 16 cm of a portrait page goes on a landscape page of its
own (24.7 cm); only a table too wide even for that is narrowed proportionally. Cells use the
``Table Text`` / ``Table Heading`` styles; header rows repeat on every page and no row breaks
across pages.
"""
from __future__ import annotations

import pandas as pd
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from .blocks import Table, cell_text
from .style import TEXT_WIDTH_CM

#: Text width of a landscape A4 page with 2.5 cm margins.
LANDSCAPE_WIDTH_CM = 24.7
#: Width of one character (cm) of 9 pt text, body and bold header; generous, so that a
#: wider substitute font (Cambria → Caladea in LibreOffice) still fits.
CHAR_CM, BOLD_CHAR_CM = 0.19, 0.21
#: Cell margins left + right (Word's default 0.19 cm each) and a little air.
PADDING_CM = 0.45
LONGEST_BODY_WORD = 14


def _longest(text: str) -> int:
    return max((len(w) for w in str(text).split()), default=1)


def column_floors(frame: pd.DataFrame, lang: str) -> list[float]:
    """The narrowest width (cm) of each column at which no word breaks."""
    floors = []
    for column in frame.columns:
        body = max((_longest(cell_text(v, lang)) for v in frame[column]), default=1)
        floors.append(max(BOLD_CHAR_CM * _longest(column),
                          CHAR_CM * min(body, LONGEST_BODY_WORD)) + PADDING_CM)
    return floors


def column_widths(frame: pd.DataFrame, lang: str, width: float) -> list[float]:
    """Column widths (cm) summing to ``width``: the floors, and the rest shared by the
    length of the texts."""
    floors = column_floors(frame, lang)
    if sum(floors) >= width:
        return [width * f / sum(floors) for f in floors]
    weights = [min(max([len(str(c)), *(len(cell_text(v, lang)) for v in frame[c])]), 60)
               for c in frame.columns]
    spare = width - sum(floors)
    return [f + spare * w / sum(weights) for f, w in zip(floors, weights)]


def needs_landscape(frame: pd.DataFrame, lang: str) -> bool:
    """Whether the table's columns do not fit a portrait page without breaking words."""
    return sum(column_floors(frame, lang)) > TEXT_WIDTH_CM


def _row_flags(row, header: bool = False) -> None:
    """Rows never break across pages; the header row repeats on every page."""
    props = row._tr.get_or_add_trPr()
    for name in (["w:cantSplit", "w:tblHeader"] if header else ["w:cantSplit"]):
        el = OxmlElement(name)
        el.set(qn("w:val"), "true")
        props.append(el)


def _fill(cell, text: str, style_id: str, right: bool) -> None:
    p = cell.paragraphs[0]
    # The style by its id: python-docx looks a name up among all styles on every assignment,
    # which was most of the time of writing a report's tables.
    p._p.style = style_id
    p.add_run(text)
    if right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def word_table(doc, block: Table, lang: str, width: float) -> None:
    """``block`` as a Word table ``width`` cm wide."""
    frame = block.frame
    table = doc.add_table(rows=1, cols=len(frame.columns))
    table.style = "Table Grid"
    table.autofit = False
    right = [c in block.numeric for c in frame.columns]
    heading, text = (doc.styles[s].style_id for s in ("Table Heading", "Table Text"))
    for cell, name, r in zip(table.rows[0].cells, frame.columns, right):
        _fill(cell, str(name), heading, r)
    _row_flags(table.rows[0], header=True)
    for values in frame.itertuples(index=False):
        row = table.add_row()
        _row_flags(row)
        for cell, value, r in zip(row.cells, values, right):
            _fill(cell, cell_text(value, lang), text, r)
    widths = [Cm(w) for w in column_widths(frame, lang, width)]
    for column, w in zip(table.columns, widths):
        column.width = w  # the grid LibreOffice reads; Word reads the cell widths
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = w


def page(section, landscape: bool) -> None:
    """A4, 2.5 cm margins, portrait or landscape."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Cm(29.7), Cm(21.0)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)


def new_section(doc, landscape: bool) -> None:
    """Start a new page in the other orientation."""
    page(doc.add_section(WD_SECTION.NEW_PAGE), landscape)
