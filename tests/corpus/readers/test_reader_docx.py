"""Word transcripts: document order of paragraphs and tables, metadata table, damaged files."""
from __future__ import annotations

import copy
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from interview_analysis.corpus.readers import read_transcripts
from interview_analysis.errors import InputError


def add_table(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return table


def make_docx(path):
    document = docx.Document()
    document.add_heading("Haastattelu H1", level=1)
    add_table(document, [["Haastateltava", "H1"], ["Päivämäärä:", "3.6.2024"],
                         ["Toimiala ", " Vähittäis  kauppa "]])
    document.add_paragraph("Haastattelija: Kerro yrityksestäsi.")
    p = document.add_paragraph("H1: Perustettu 1985.")
    p.add_run().add_break()
    p.add_run("Meitä on\tkaksitoista.")
    add_table(document, [["Vuosi", "Liikevaihto"], ["2023", "1,2 M€"]])
    document.add_paragraph("")
    document.add_paragraph("Haastattelija: Kiitos.")
    document.add_paragraph("H1: Kiitos itsellesi.")
    document.save(path)
    return path


def test_docx_with_metadata_table_turns_and_content_table(tmp_path):
    [tr] = read_transcripts(make_docx(tmp_path / "H1.docx"))
    assert (tr.document, tr.format) == ("H1", "docx")
    assert tr.text == ("Haastattelu H1\n\n"
                       "Haastattelija: Kerro yrityksestäsi.\n\n"
                       "H1: Perustettu 1985.\nMeitä on\tkaksitoista.\n\n"
                       "Vuosi | Liikevaihto\n2023 | 1,2 M€\n\n"
                       "Haastattelija: Kiitos.\n\n"
                       "H1: Kiitos itsellesi.\n")
    assert tr.attributes == {"haastateltava": "H1", "päivämäärä": "3.6.2024",
                             "toimiala": "Vähittäis kauppa"}
    assert [(t.speaker, t.role, tr.text[t.start:t.end]) for t in tr.turns] == [
        ("Haastattelija", "interviewer", "Kerro yrityksestäsi."),
        ("H1", "participant", "Perustettu 1985.\nMeitä on\tkaksitoista.\n\nVuosi | Liikevaihto\n"
                              "2023 | 1,2 M€"),
        ("Haastattelija", "interviewer", "Kiitos."),
        ("H1", "participant", "Kiitos itsellesi."),
    ]


def test_docx_tracked_changes_keep_insertions_and_drop_deletions(tmp_path):
    document = docx.Document()
    p = document.add_paragraph("Haastattelija: Mitä ")
    run = p.add_run("myytte")
    ins = p._p.makeelement(qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "T"})
    run._r.addnext(ins)
    ins.append(run._r)
    deleted = copy.deepcopy(run._r)
    for t in deleted.iter(qn("w:t")):
        t.tag = qn("w:delText")
        t.text = "ostatte"
    dele = p._p.makeelement(qn("w:del"), {qn("w:id"): "2", qn("w:author"): "T"})
    dele.append(deleted)
    ins.addnext(dele)
    p.add_run("?")
    path = tmp_path / "tracked.docx"
    document.save(path)
    assert read_transcripts(path)[0].text == "Haastattelija: Mitä myytte?\n"


def test_docx_without_turns_takes_only_a_leading_table_as_metadata(tmp_path):
    document = docx.Document()
    document.add_paragraph("Otsikko", style="Title")
    add_table(document, [["Ryhmä", "A"]])
    document.add_paragraph("Vastaajan kirjoittama vastaus.")
    add_table(document, [["Etu", "Hinta"]])
    path = tmp_path / "essay.docx"
    document.save(path)
    [tr] = read_transcripts(path)
    assert tr.attributes == {"ryhmä": "A"}
    assert tr.text == "Otsikko\n\nVastaajan kirjoittama vastaus.\n\nEtu | Hinta\n"
    assert tr.turns == ()


def test_empty_docx(tmp_path):
    path = tmp_path / "empty.docx"
    docx.Document().save(path)
    with pytest.raises(InputError, match=r"empty\.docx: the transcript is empty"):
        read_transcripts(path)


@pytest.mark.parametrize("content", [
    bytes(range(256)) * 4,  # random bytes
    b"",  # empty file
    None,  # a zip that is not a Word document
])
def test_damaged_docx(tmp_path, content):
    path = tmp_path / "broken.docx"
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("notes.txt", "hello")
    else:
        path.write_bytes(content)
    with pytest.raises(InputError, match=r"broken\.docx: cannot open this Word file .*\n  "
                                         r"Fix: open and re-save it in Word/LibreOffice, or "
                                         r"export it as \.txt"):
        read_transcripts(path)
