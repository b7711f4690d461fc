"""``report.docx``: a results-chapter draft the researcher keeps editing in Word.

* **Styles, not hand formatting**: headings use ``Heading 1``/``Heading 2``; quotations
  ``Quote`` with the case label in the character style ``Quote Source``; research questions
  and recommendation titles numbered lists (``Research Question``, ``Recommendation``, both
  based on ``List Number``); captions ``Caption``; see :mod:`.docx_styles`. A thesis
  template restyles them all.
* **Language** from the report (``fi-FI``, ``en-GB``) on the defaults, styles and runs.
* **Fields**: a table of contents (``TOC``) after the title and figure and table numbers as
  ``SEQ`` fields ("Kuvio 1." / "Figure 1."), all with their current results filled in.
* **Figures** 16 cm wide (the A4 text width they were drawn for) with alternative text: the
  caption and what the figure shows.
* **Tables** whose columns fit their headers, numbers right-aligned, wide ones on a landscape
  page (:mod:`.docx_tables`).

Core properties carry fixed dates and the zip members fixed times, so a re-run gives the same
bytes.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document as new_docx
from docx.shared import Cm, Pt

from ..base.atomic import atomic_path
from ..errors import InternalError
from ..messages import word
from ..version import __version__
from .blocks import Contents, Document, Figure, Heading, Paragraph, Quote, Table
from .docx_fields import (
    bookmark,
    bookmark_name,
    describe_picture,
    field_run,
    table_of_contents,
    theme_language,
    update_fields_on_open,
)
from .docx_styles import KIND_STYLES, apply_language, define_styles, language_tag
from .docx_tables import LANDSCAPE_WIDTH_CM, needs_landscape, new_section, page, word_table
from .export import normalise_zip
from .style import TEXT_WIDTH_CM, label

FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


class _Writer:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.lang = document.lang
        self.doc = new_docx()
        self.bookmarks = 0

    def mark(self, paragraph, anchor: str) -> None:
        self.bookmarks += 1
        bookmark(paragraph, bookmark_name(anchor), self.bookmarks)

    def caption(self, kind: str, number: int, caption: str) -> None:
        """``Figure 1. text`` with the number as a ``SEQ Figure`` field, style Caption."""
        name = label(kind, self.lang)
        prefix = f"{name} {number}."
        text = caption[len(prefix):].lstrip() if caption.startswith(prefix) else caption
        p = self.doc.add_paragraph(style="Caption")
        p.add_run(f"{name} ")
        field_run(p, f"SEQ {name} \\* ARABIC", str(number))
        p.add_run(f". {text}")
        if kind == "table":
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.space_before = Pt(12)

    def heading(self, block: Heading) -> None:
        p = self.doc.add_heading(block.text, level=min(block.level, 9))
        if block.anchor:
            self.mark(p, block.anchor)

    def paragraph(self, block: Paragraph) -> None:
        style = KIND_STYLES.get(block.kind)
        if style is None:
            raise InternalError(f"unknown paragraph kind {block.kind!r}")
        p = self.doc.add_paragraph(block.text, style=style)
        if block.keep:
            p.paragraph_format.keep_with_next = True

    def quote(self, block: Quote) -> None:
        p = self.doc.add_paragraph(block.text, style="Quote")
        p.add_run(f" ({block.case})", style="Quote Source")

    def figure(self, block: Figure) -> None:
        p = self.doc.add_paragraph(style="Figure")
        shape = p.add_run().add_picture(str(block.png), width=Cm(TEXT_WIDTH_CM))
        describe_picture(shape, block.caption, " ".join(filter(None, [block.caption,
                                                                       block.alt])))
        self.mark(p, block.anchor)
        self.caption("figure", block.number, block.caption)

    def table(self, block: Table) -> None:
        wide = needs_landscape(block.frame, self.lang)
        if wide:
            new_section(self.doc, landscape=True)
        self.caption("table", block.number, block.caption)
        self.mark(self.doc.paragraphs[-1], block.anchor)
        word_table(self.doc, block, self.lang, LANDSCAPE_WIDTH_CM if wide else TEXT_WIDTH_CM)
        if block.note:
            self.doc.add_paragraph(block.note, style="Table Note")
        if wide:
            new_section(self.doc, landscape=False)

    def contents(self) -> None:
        entries = [(b.level, b.text, bookmark_name(b.anchor)) for b in self.document.blocks
                   if isinstance(b, Heading) and b.anchor and b.level <= 2]
        table_of_contents(self.doc, entries, word("toc_update", self.lang),
                          word("contents", self.lang))

    def render(self):
        page(self.doc.sections[0], landscape=False)
        define_styles(self.doc)
        _properties(self.doc, self.document)
        self.doc.add_heading(self.document.title, level=0)
        kinds = {Heading: self.heading, Paragraph: self.paragraph, Quote: self.quote,
                 Figure: self.figure, Table: self.table}
        for block in self.document.blocks:
            if isinstance(block, Contents):
                self.contents()
            elif type(block) in kinds:
                kinds[type(block)](block)
            else:
                raise InternalError(f"unknown block {type(block).__name__}")
        apply_language(self.doc, self.lang)
        theme_language(self.doc, language_tag(self.lang))
        update_fields_on_open(self.doc)
        return self.doc


def _properties(doc, document: Document) -> None:
    props = doc.core_properties
    props.title = document.title
    props.author = "interview-analysis"
    props.last_modified_by = "interview-analysis"
    props.comments = f"interview-analysis {__version__}"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    props.language = language_tag(document.lang)


def render_docx(document: Document):
    """A python-docx ``Document`` of ``document``."""
    return _Writer(document).render()


def write_docx(document: Document, path: str | Path) -> Path:
    """Write ``report.docx`` atomically, with fixed dates (byte-identical re-runs)."""
    with atomic_path(path) as tmp:
        render_docx(document).save(str(tmp))
        normalise_zip(tmp)
    return Path(path)
