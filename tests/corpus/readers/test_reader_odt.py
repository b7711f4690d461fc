"""OpenDocument transcripts: paragraphs, headings, spaces/tabs/line breaks, metadata table."""
from __future__ import annotations

import pytest
from odf import table as odftable
from odf import text as odftext
from odf.office import Annotation
from odf.opendocument import OpenDocumentText

from interview_analysis.corpus.readers import read_transcripts
from interview_analysis.errors import InputError


def cell_row(*values):
    row = odftable.TableRow()
    for value in values:
        cell = odftable.TableCell()
        cell.addElement(odftext.P(text=value))
        row.addElement(cell)
    return row


def make_odt(path):
    doc = OpenDocumentText()
    doc.text.addElement(odftext.H(outlinelevel=1, text="Haastattelu H2"))
    meta = odftable.Table(name="Tiedot")
    meta.addElement(odftable.TableColumn(numbercolumnsrepeated=2))
    meta.addElement(cell_row("Haastateltava", "H2"))
    meta.addElement(cell_row("Ikä", "54"))
    doc.text.addElement(meta)
    doc.text.addElement(odftext.P(text="Haastattelija: Miten aloititte?"))
    p = odftext.P(text="H2: Isä")
    p.addElement(odftext.S(c=3))
    p.addText("perusti")
    p.addElement(odftext.Tab())
    span = odftext.Span(text="yrityksen")
    p.addElement(span)
    p.addElement(odftext.LineBreak())
    p.addText("vuonna 1985.")
    note = Annotation()
    note.addElement(odftext.P(text="tarkista vuosi"))
    p.addElement(note)
    doc.text.addElement(p)
    items = odftext.List()
    item = odftext.ListItem()
    item.addElement(odftext.P(text="Haastattelija: Kiitos."))
    items.addElement(item)
    doc.text.addElement(items)
    doc.text.addElement(odftext.P(text="H2: Kiitos."))
    doc.save(str(path))
    return path


def test_odt_with_metadata_table_and_inline_spacing(tmp_path):
    [tr] = read_transcripts(make_odt(tmp_path / "H2.odt"))
    assert (tr.document, tr.format) == ("H2", "odt")
    assert tr.text == ("Haastattelu H2\n\n"
                       "Haastattelija: Miten aloititte?\n\n"
                       "H2: Isä   perusti\tyrityksen\nvuonna 1985.\n\n"
                       "Haastattelija: Kiitos.\n\n"
                       "H2: Kiitos.\n")
    assert tr.attributes == {"haastateltava": "H2", "ikä": "54"}
    assert [(t.speaker, tr.text[t.start:t.end]) for t in tr.turns] == [
        ("Haastattelija", "Miten aloititte?"),
        ("H2", "Isä   perusti\tyrityksen\nvuonna 1985."),
        ("Haastattelija", "Kiitos."),
        ("H2", "Kiitos."),
    ]


def test_damaged_odt(tmp_path):
    path = tmp_path / "broken.odt"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file")
    with pytest.raises(InputError, match=r"broken\.odt: cannot open this OpenDocument text file"
                                         r".*\n  Fix: open and re-save it in LibreOffice"):
        read_transcripts(path)


def test_odt_without_text(tmp_path):
    path = tmp_path / "empty.odt"
    OpenDocumentText().save(str(path))
    with pytest.raises(InputError, match=r"empty\.odt: the transcript is empty"):
        read_transcripts(path)


def test_spreadsheet_named_odt(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet

    path = tmp_path / "sheet.odt"
    OpenDocumentSpreadsheet().save(str(path))
    with pytest.raises(InputError, match=r"sheet\.odt: cannot open this OpenDocument text file "
                                         r"\(it is damaged, or not a Writer \.odt file\)"):
        read_transcripts(path)
