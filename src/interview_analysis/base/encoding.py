"""Turn the bytes of a text file into canonical text: the right encoding, LF line ends, NFC.

Encodings are tried in the order a researcher's files actually come in: a BOM when present,
UTF-8, UTF-16 without BOM, then a maintained detector (charset-normalizer) for legacy files
such as cp1252 exports from old Word or Windows Notepad.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

import regex
from charset_normalizer import from_bytes

from ..errors import InputError
from .paths import read_input

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings a detector may propose for Western/Nordic text; anything more exotic on a
# short file is usually a mis-guess, and cp1252 is then the better bet.
_LEGACY_OK = {"cp1252", "windows-1252", "latin_1", "iso8859_1", "iso8859_15", "cp1257",
              "iso8859_13", "utf_8", "ascii", "mac_roman", "cp850", "cp437"}


#: Thirty combining marks in a row, followed by another: Unicode's stream-safe format (UAX #15)
#: puts a combining grapheme joiner after every thirty, which keeps normalisation linear.
#: The joiner is itself a mark, so it is left out of the count: text normalised once does not
#: change when it is normalised again (offsets into it stay valid).
_MARK_RUN = regex.compile(r"(?:(?!\u034f)\p{M}){30}(?=(?!\u034f)\p{M})")
_CGJ = "\u034f"


def normalise_text(text: str) -> str:
    """Return ``text`` with LF line ends, no BOM character and Unicode NFC.

    Python's normaliser sorts a run of combining marks in quadratic time; a hostile or broken
    file with a very long run would take hours. Such runs are first cut into pieces of thirty
    marks with U+034F COMBINING GRAPHEME JOINER (the Unicode Stream-Safe Text Format), so the
    time grows linearly with the text. Real text never has such runs and is not changed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.isascii():
        text = _MARK_RUN.sub(lambda m: m.group() + _CGJ, text)
    return unicodedata.normalize("NFC", text)


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0) / (len(data) / 2)
    odd_nuls = data[1::2].count(0) / (len(data) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        codec = "utf-16-le"
    elif even_nuls > 0.3 and odd_nuls < 0.05:
        codec = "utf-16-be"
    else:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


#: Control characters (Unicode category Cc) other than tab, line feed, vertical tab, form
#: feed and carriage return: what binary data decoded as text is full of.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:20000]
    return len(_CONTROLS.findall(sample)) > max(3, len(sample) // 100)


def decode_bytes(data: bytes, file: str | Path = "<bytes>") -> str:
    """Decode a text file's bytes and normalise them.

    Raises
    ------
    InputError
        When the bytes are binary data rather than text.
    """
    text = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            break
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _utf16_without_bom(data)
    if text is None and b"\x00" not in data:
        best = from_bytes(data).best()
        codec = best.encoding if best is not None and best.encoding in _LEGACY_OK else "cp1252"
        text = data.decode(codec, errors="replace")
    if text is None or _looks_binary(text):
        raise InputError("this file contains binary data, not text", file=file,
                         fix="check the file type: save it as plain text "
                             "(UTF-8); a transcript in another format needs its own extension "
                             "(.docx, .odt, .pdf, .xlsx)")
    return normalise_text(text)


def read_text_file(path: Path) -> str:
    """Read and decode a text file; a missing or unreadable file raises :class:`InputError`."""
    data = read_input(path, InputError, kind="a transcript or table file",
                      folder_fix="give the file itself; a folder of transcripts is the "
                                 "'transcripts' setting of study.yaml",
                      missing_fix="check the path, or the 'transcripts' folder in study.yaml")
    return decode_bytes(data, path)
