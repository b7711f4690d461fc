"""Hostile and broken inputs for the robustness tests, built in code (no files checked in).

Each builder writes one bad file into a study folder (or next to it) and returns its path.
"""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

#: Random bytes that are no format at all (fixed seed: the same junk on every run).
JUNK = random.Random(20240601).randbytes(4000)


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_text(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


def zip_file(path: Path, entries: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED
             ) -> Path:
    """A ZIP archive with exactly these entry names (no sanitising: names may be hostile)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data.encode("utf-8")
                             if isinstance(data, str) else data, compress_type=compression)
    return write_bytes(path, buffer.getvalue())


def bomb_entry(megabytes: int = 2) -> bytes:
    """Zeros that deflate about 1000:1: enough to trip the compression-ratio limit."""
    return b"\0" * (megabytes * 2 ** 20)


def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space (a hole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A real .docx with these paragraphs (written by python-docx)."""
    import docx
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_with_extra(path: Path, extra: dict[str, bytes]) -> Path:
    """A genuine .docx plus extra (hostile) entries."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(["H3: Hei.", "H3: Moi."])))
    entries = {name: source.read(name) for name in source.namelist()}
    entries.update(extra)
    return zip_file(path, entries)


def yaml_laughs(key: str, levels: int = 9) -> str:
    """A YAML "billion laughs": each level repeats the one below nine times (9**levels)."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    # the anchors must sit under a known key: hide them inside the one the attack targets
    body = "\n".join("  - " + line.split(": ", 1)[1] for line in lines)
    return f"{key}:\n{body}\n"


XML_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
              '<Project name="&lol3;"/>')
XML_EXTERNAL = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                '<Project name="&xxe;"/>')


def deep_codes_xml(depth: int) -> str:
    """A project whose codes nest ``depth`` levels (a stack-exhaustion attack)."""
    opening = "".join(f'<Code guid="00000000-0000-0000-0000-{i:012d}" name="c{i}">'
                      for i in range(depth))
    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<Project xmlns="urn:QDA-XML:project:1.0" name="deep"><CodeBook><Codes>'
            + opening + "</Code>" * depth + "</Codes></CodeBook></Project>")


def eml(body: str, headers: str = "From: anna@example.org\nTo: me@example.org\n"
        "Subject: Vastaukset\nDate: Mon, 3 Jun 2024 10:00:00 +0300\n") -> str:
    return headers + "\n" + body


SOURCE_GUID = "5b0c1a2e-0000-4000-8000-0000000000d1"


def project_xml(source_name: str = "H1", selection: tuple[int, int] = (0, 10)) -> str:
    """A small valid REFI-QDA project: one code, one text source, one coded selection."""
    code = "5b0c1a2e-0000-4000-8000-0000000000c1"
    user = "5b0c1a2e-0000-4000-8000-0000000000aa"
    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<Project xmlns="urn:QDA-XML:project:1.0" name="Vieras" origin="TestTool 1.0">'
            f'<Users><User guid="{user}" name="Anna"/></Users>'
            f'<CodeBook><Codes><Code guid="{code}" name="Kanavat" isCodable="true"/></Codes>'
            f'</CodeBook><Sources><TextSource guid="{SOURCE_GUID}" name="{source_name}" '
            f'plainTextPath="internal://{SOURCE_GUID}.txt">'
            f'<PlainTextSelection guid="5b0c1a2e-0000-4000-8000-000000000051" '
            f'startPosition="{selection[0]}" endPosition="{selection[1]}" creatingUser="{user}">'
            f'<Coding guid="5b0c1a2e-0000-4000-8000-000000000061" creatingUser="{user}">'
            f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
            "</TextSource></Sources></Project>")


def qdpx(path: Path, qde: str, text: str = "Sähköposti on paras kanava.\n",
         extra: dict[str, bytes | str] | None = None) -> Path:
    """A .qdpx with ``project.qde``, the source text and any ``extra`` entries."""
    return zip_file(path, {"project.qde": qde, f"sources/{SOURCE_GUID}.txt": text,
                           **(extra or {})})


def qdc(path: Path, body: str) -> Path:
    return write_text(path, body)


def docx_replacing(path: Path, entry: str, data: bytes | str) -> Path:
    """A genuine .docx with one entry (e.g. ``word/document.xml``) replaced."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(["H3: Hei."])))
    entries = {name: source.read(name) for name in source.namelist()}
    entries[entry] = data
    return zip_file(path, entries)


def pdf_bytes(content_filter: str = "") -> bytes:
    """A one-page PDF whose content stream has the given ``/Filter`` (none: plain text)."""
    stream = b"BT /F1 12 Tf 72 720 Td (H3: Hei) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(stream)} {content_filter} >>\nstream\n".encode() + stream
               + b"\nendstream", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return out


def xlsx_with_cells(path: Path, cells: dict[str, object]) -> Path:
    """A workbook (written by openpyxl) with these cells on its first sheet."""
    import openpyxl
    book = openpyxl.Workbook()
    for ref, value in cells.items():
        book.active[ref] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
