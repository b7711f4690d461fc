"""PDF transcripts: text layer extraction, scanned (no text), encrypted and damaged files."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from interview_analysis.corpus.readers import read_transcripts
from interview_analysis.errors import InputError


def text_pdf(pages: list[list[str]]) -> bytes:
    """A minimal hand-made PDF: one Helvetica text line per string, one page per list."""
    n = len(pages)
    font_id, first_page = 3, 4
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               2: b"<< /Type /Pages /Kids [" + b" ".join(
                   f"{first_page + 2 * i} 0 R".encode() for i in range(n))
                  + f"] /Count {n} >>".encode(),
               font_id: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                        b"/Encoding /WinAnsiEncoding >>"}
    for i, lines in enumerate(pages):
        ops = "BT /F1 12 Tf 72 720 Td " + " 0 -16 Td ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj"
            for line in lines) + " ET"
        stream = ops.encode("cp1252")
        page_id, content_id = first_page + 2 * i, first_page + 2 * i + 1
        objects[page_id] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                            f"/Resources << /Font << /F1 {font_id} 0 R >> >> "
                            f"/Contents {content_id} 0 R >>").encode()
        objects[content_id] = (f"<< /Length {len(stream)} >>\nstream\n".encode() + stream
                               + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offsets[k]:010d} 00000 n \n".encode() for k in sorted(objects))
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            .encode())
    return bytes(out)


PAGES = [["Interviewer: How did you start?", "Anna: In 1985, with my father."],
         ["Interviewer: Thank you."]]


def test_text_pdf(tmp_path):
    path = tmp_path / "H3.pdf"
    path.write_bytes(text_pdf(PAGES))
    [tr] = read_transcripts(path, known_speakers={"Anna"})
    assert (tr.document, tr.format) == ("H3", "pdf")
    assert tr.text == ("Interviewer: How did you start?\nAnna: In 1985, with my father.\n\n"
                       "Interviewer: Thank you.\n")
    assert [(t.speaker, t.role, tr.text[t.start:t.end]) for t in tr.turns] == [
        ("Interviewer", "interviewer", "How did you start?"),
        ("Anna", "participant", "In 1985, with my father."),
        ("Interviewer", "interviewer", "Thank you."),
    ]


def test_pdf_protected_only_against_editing_is_read(tmp_path):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(PAGES))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "restricted.pdf"
    writer.write(path)
    assert read_transcripts(path)[0].text.startswith("Interviewer: How did you start?\n")


def test_password_protected_pdf(tmp_path):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(PAGES))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    with pytest.raises(InputError, match=r"locked\.pdf: this PDF is password-protected\n  Fix: "
                                         r"open it with the password"):
        read_transcripts(path)


def test_scanned_pdf_without_text_layer(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    path = tmp_path / "scan.pdf"
    writer.write(path)
    with pytest.raises(InputError, match=r"scan\.pdf: this PDF has no text layer \(it is a "
                                         r"scanned image\)\n  Fix: run OCR \(e\.g\. ocrmypdf\) "
                                         r"or export the transcript as text"):
        read_transcripts(path)


@pytest.mark.parametrize("content", [b"", b"%PDF-1.4\nthis is not a pdf\n",
                                     bytes(range(256)) * 4])
def test_damaged_pdf(tmp_path, content):
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"broken\.pdf: cannot read this PDF file \(it is "
                                         r"damaged or not a PDF\)\n  Fix: "):
        read_transcripts(path)
