"""Rich Text Format transcripts (``.rtf``), as Word, WordPad and TextEdit write them.

The text comes from striprtf, a maintained RTF-to-text converter: destinations such as the
font and style tables, document information, bookmarks and page headers and footers are left
out; ``\\'e4`` and ``\\u228?`` escapes become characters in the document's code page
(``\\ansicpg``). Each paragraph (``\\par``) is followed by a blank line, as in a Word
document, while a line break inside a paragraph (``\\line``) stays a single line end. The text
is then read like a plain-text transcript.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from ...base.encoding import normalise_text
from ...base.paths import read_input
from ...errors import InputError
from ..transcript import Transcript
from .text import transcript_from_text

_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")
_PARAGRAPH = re.compile(r"\\par(?![a-zA-Z])")


def _codec(data: bytes) -> str:
    """The code page the document declares (``\\ansicpg1252``), else cp1252."""
    m = _CODEPAGE.search(data[:4096])
    if m:
        try:
            return codecs.lookup(f"cp{m.group(1).decode()}").name
        except LookupError:
            pass
    return "cp1252"


def _not_rtf(path: Path) -> InputError:
    return InputError("this is not an RTF document (it does not start with '{\\rtf')",
                      file=path, fix="open it in Word or LibreOffice and save it again as "
                                     ".rtf or .docx")


def rtf_text(data: bytes, path: Path) -> str:
    """The plain text of an RTF document's bytes (see the module docstring)."""
    from striprtf.striprtf import rtf_to_text

    if not data.lstrip()[:5] == b"{\\rtf":
        raise _not_rtf(path)
    codec = _codec(data)
    source = _PARAGRAPH.sub(r"\\par\\par", data.decode(codec, errors="replace"))
    try:
        text = rtf_to_text(source, encoding=codec, errors="replace")
    except (ValueError, IndexError, LookupError, OverflowError) as exc:
        # a \u escape beyond Unicode, a \bin without a length, a bogus charset
        raise InputError(f"cannot read this RTF document, it is damaged ({exc})", file=path,
                         fix="open it in Word or LibreOffice and save it again as .rtf or "
                             ".docx") from None
    return normalise_text(text)


def read(path: Path, options: dict) -> list[Transcript]:
    """Read an ``.rtf`` transcript.

    Raises
    ------
    InputError
        When the file is not RTF, is damaged, or has no text.
    """
    path = Path(path)
    data = read_input(path, InputError, kind="an RTF document",
                      folder_fix="give the .rtf file itself")
    text = rtf_text(data, path).strip()
    return [transcript_from_text(text + "\n" if text else "", path, "rtf", options)]
