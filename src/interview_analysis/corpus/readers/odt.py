"""OpenDocument transcripts (``.odt``, LibreOffice Writer) read with odfpy, like ``.docx``.

Paragraphs, headings, list items and tables are read in document order; ``text:s`` (spaces),
``text:tab`` and ``text:line-break`` are kept; footnotes, comments, frames and tracked deletions
are left out. A leading two-column table is the metadata table, exactly as for Word files (see
:func:`~interview_analysis.corpus.readers.docx.transcript_from_blocks`).
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from xml.sax import SAXException

from ...base.ziplimits import ODT, check_archive
from ...errors import InputError
from ..transcript import Transcript
from .docx import Block, transcript_from_blocks

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_SKIPPED = {(_TEXT, "note"), (_TEXT, "tracked-changes"), (_TEXT, "table-of-content"),
            (_TEXT, "alphabetical-index"), (_TEXT, "bibliography"), (_TEXT, "sequence-decls"),
            (_TEXT, "variable-decls"), (_TEXT, "user-field-decls"),
            ("urn:oasis:names:tc:opendocument:xmlns:office:1.0", "annotation"),
            ("urn:oasis:names:tc:opendocument:xmlns:office:1.0", "forms"),
            ("urn:oasis:names:tc:opendocument:xmlns:drawing:1.0", "frame")}
_HEADING_STYLES = ("heading", "title", "subtitle", "otsikko", "alaotsikko")
_MAX_SPACES = 200


def _qname(node) -> tuple[str, str] | None:
    return getattr(node, "qname", None) if node.nodeType == node.ELEMENT_NODE else None


def _inline_text(node) -> str:
    """The text of a paragraph or heading element."""
    out: list[str] = []
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            out.append(child.data)
            continue
        qname = _qname(child)
        if qname is None or qname in _SKIPPED:
            continue
        if qname == (_TEXT, "s"):
            count = child.attributes.get((_TEXT, "c"))
            # <text:s text:c="1000000000"/> would be a gigabyte of spaces: a run of spaces in a
            # transcript is never longer than a line
            digits = str(count) if count and str(count).isdecimal() else "1"
            out.append(" " * (_MAX_SPACES if len(digits) > 6 else min(int(digits), _MAX_SPACES)))
        elif qname == (_TEXT, "tab"):
            out.append("\t")
        elif qname == (_TEXT, "line-break"):
            out.append("\n")
        else:
            out.append(_inline_text(child))
    return "".join(out)


def _is_heading(node) -> bool:
    if _qname(node) == (_TEXT, "h"):
        return True
    style = str(node.attributes.get((_TEXT, "style-name")) or "").lower()
    return style.startswith(_HEADING_STYLES)


def _rows(table) -> list[list[str]]:
    rows: list[list[str]] = []
    for child in table.childNodes:
        qname = _qname(child)
        if qname == (_TABLE, "table-row"):
            rows.append(["\n".join(b.text for b in _blocks(cell) if b.rows is None)
                         for cell in child.childNodes if _qname(cell) == (_TABLE, "table-cell")])
        elif qname in ((_TABLE, "table-header-rows"), (_TABLE, "table-rows"),
                       (_TABLE, "table-row-group")):
            rows.extend(_rows(child))
    return rows


def _blocks(container) -> list[Block]:
    blocks: list[Block] = []
    for child in container.childNodes:
        qname = _qname(child)
        if qname is None or qname in _SKIPPED:
            continue
        if qname in ((_TEXT, "p"), (_TEXT, "h")):
            blocks.append(Block(_inline_text(child), heading=_is_heading(child)))
        elif qname == (_TABLE, "table"):
            blocks.append(Block(rows=_rows(child)))
        else:  # text:list, text:list-item, text:section, ...
            blocks.extend(_blocks(child))
    return blocks


def read(path: Path, options: dict) -> list[Transcript]:
    """Read an ``.odt`` transcript.

    Parameters
    ----------
    path:
        The OpenDocument text file.
    options:
        ``known_speakers`` for speaker-turn detection.

    Returns
    -------
    list of Transcript
        One transcript, format ``odt``, with the metadata table as attributes.

    Raises
    ------
    InputError
        When the file cannot be opened as an OpenDocument text, or has no text.
    """
    from odf.opendocument import load

    path = Path(path)
    check_archive(path, ODT)
    try:
        document = load(str(path))
        body = getattr(document, "text", None)
        blocks = _blocks(body) if body is not None else None
    except (zipfile.BadZipFile, KeyError, ValueError, SAXException, EOFError, AttributeError,
            IndexError, TypeError, zlib.error, RuntimeError, NotImplementedError, RecursionError):
        blocks = None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", file=path,
                         fix="check the file permissions, or re-save it in LibreOffice") from None
    if blocks is None:
        raise InputError("cannot open this OpenDocument text file (it is damaged, or not a "
                         "Writer .odt file)", file=path,
                         fix="open and re-save it in LibreOffice Writer/Word, or export it as "
                             ".txt")
    return [transcript_from_blocks(blocks, path, "odt", options)]
