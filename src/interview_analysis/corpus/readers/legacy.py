"""Old binary Office files (``.doc``, ``.xls``): refused with the way to convert them.

Word 97-2003 documents and Excel 97-2003 workbooks are OLE2 compound files, which no
maintained pure-Python library reads reliably. A researcher converts them in a minute by
saving them again, so the reader says how. A file that only carries the old extension but is
really RTF (Word's "Save as RTF" kept as ``.doc``) or a modern Office file is read as what it
is.
"""
from __future__ import annotations

from pathlib import Path

from ...errors import InputError
from ..transcript import Transcript
from . import docx, rtf
from .ole2 import head

_FORMATS = {".doc": ("a Word 97-2003 document (.doc)", "Word", ".docx (Word Document)"),
            ".xls": ("an Excel 97-2003 workbook (.xls)", "Excel", ".xlsx (Excel Workbook) or "
                     "CSV UTF-8")}


def read(path: Path, options: dict) -> list[Transcript]:
    """Refuse an old binary Office file with a "save as" message, or read a renamed one.

    Raises
    ------
    InputError
        Always, for a real ``.doc``/``.xls`` file.
    """
    path = Path(path)
    what, program, modern = _FORMATS[path.suffix.lower()]
    first = head(path)
    word = path.suffix.lower() == ".doc"
    if word and first.lstrip().startswith(b"{\\rtf"):
        return rtf.read(path, options)
    if word and first.startswith(b"PK\x03\x04"):
        return docx.read(path, options)
    if first.startswith(b"PK\x03\x04"):
        raise InputError("this is a modern .xlsx workbook with an .xls name", file=path,
                         fix="rename it to end in .xlsx")
    raise InputError(f"this is {what}, an old format that cannot be read", file=path,
                     fix=f"open it in {program} or LibreOffice and save it as {modern} "
                         f"(File > Save As), then remove or move the old file")
