"""Word transcripts (``.docx``): paragraphs and tables in document order, a metadata table.

The body is read in document order. Paragraphs (including tracked insertions, content controls
and hyperlinks; without deleted text and text boxes) are separated by a blank line. A table whose
rows all have two cells (label | value) and that comes before the first speaker turn is a
metadata table: it becomes the transcript's attributes ``{label.lower(): value}`` (whitespace
collapsed, a trailing colon dropped) and is left out of the text — unless its first column
repeats a few speaker labels: a transcript typed as a table of speaker | text. Other tables become text, one line per row with cells joined by `` | ``. The text is
then read like a plain-text transcript::

    Interviewer: How did the company start?

    Anna: My father founded it in 1985.

:func:`transcript_from_blocks` is shared with the OpenDocument reader.
"""
from __future__ import annotations

import dataclasses
import zipfile
import zlib
from pathlib import Path

from ...base.encoding import normalise_text
from ...base.ziplimits import DOCX, check_archive
from ...errors import InputError
from ..transcript import Transcript
from ..turns import find_turns
from .ole2 import refuse_ole2
from .text import transcript_from_text

_HEADING_STYLES = ("heading", "title", "subtitle", "otsikko", "alaotsikko", "rubrik", "berschrift")


@dataclasses.dataclass
class Block:
    """A paragraph (``rows is None``) or a table (``rows``: cell texts) of a document body."""

    text: str = ""
    rows: list[list[str]] | None = None
    heading: bool = False


def _is_dialogue(rows: list[list[str]]) -> bool:
    """A table of speaker | what was said: its first column repeats a few labels."""
    labels = [" ".join(row[0].split()).rstrip(":").casefold() for row in rows if row]
    counts = {label: labels.count(label) for label in set(labels)}
    repeated = sum(n for n in counts.values() if n >= 2)
    return len(labels) >= 4 and repeated >= 0.75 * len(labels)


def _is_metadata(block: Block) -> bool:
    return (bool(block.rows) and all(len(row) == 2 and row[0].strip() for row in block.rows)
            and not _is_dialogue(block.rows))


def _table_text(rows: list[list[str]]) -> str:
    return "\n".join(" | ".join(" ".join(cell.split()) for cell in row) for row in rows)


def transcript_from_blocks(blocks: list[Block], path: Path, fmt: str, options: dict
                           ) -> Transcript:
    """Build a transcript from body blocks, taking a leading two-column table as metadata.

    Parameters
    ----------
    blocks:
        Paragraphs and tables in document order.
    path, fmt, options:
        As for :func:`~interview_analysis.corpus.readers.text.transcript_from_text`.

    Notes
    -----
    "Before the first speaker turn" is decided on the paragraphs alone, with the same turn
    detection as the final text. In a document without speaker turns, only tables before its
    first non-heading paragraph are metadata.
    """
    paragraphs = [(i, normalise_text(b.text).strip()) for i, b in enumerate(blocks)
                  if b.rows is None]
    paragraphs = [(i, t) for i, t in paragraphs if t]
    joined, starts = "", []
    for _, text in paragraphs:
        starts.append(len(joined))
        joined += text + "\n\n"
    turns = find_turns(joined, frozenset(options.get("known_speakers", ())))
    if turns:
        first = max(k for k, s in enumerate(starts) if s <= turns[0].start)
        boundary = paragraphs[first][0]
    else:
        body = [i for i, _ in paragraphs if not blocks[i].heading]
        boundary = body[0] if body else len(blocks)
    attributes: dict[str, str] = {}
    pieces: list[str] = []
    for i, block in enumerate(blocks):
        if block.rows is None:
            pieces.append(block.text)
        elif i < boundary and _is_metadata(block):
            for label, value in block.rows:
                key = " ".join(label.split()).rstrip(":").strip().lower()
                attributes.setdefault(key, " ".join(value.split()))
        else:
            pieces.append(_table_text(block.rows))
    pieces = [p for p in (normalise_text(p).strip() for p in pieces) if p]
    text = "\n\n".join(pieces) + "\n" if pieces else ""
    transcript = transcript_from_text(text, path, fmt, options)
    return dataclasses.replace(transcript, attributes=attributes)


def _cannot_open(path: Path) -> InputError:
    return InputError("cannot open this Word file (it is damaged or not a real .docx file)",
                      file=path, fix="open and re-save it in Word/LibreOffice, or export it as "
                                     ".txt")


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


_SKIP = {_w("del"), _w("moveFrom"), _w("txbxContent"), _w("pPr"), _w("rPr"), _w("instrText"),
         _w("delText"), _w("footnoteReference"), _w("commentReference")}
_CHARS = {_w("tab"): "\t", _w("br"): "\n", _w("cr"): "\n", _w("noBreakHyphen"): "-"}


def _paragraph_text(element) -> str:
    out: list[str] = []

    def walk(node) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _w("t"):
                out.append(child.text or "")
            elif tag in _CHARS:
                out.append(_CHARS[tag])
            else:
                walk(child)

    walk(element)
    return "".join(out)


def _style_is_heading(element) -> bool:
    style = element.find(f"{_w('pPr')}/{_w('pStyle')}")
    value = (style.get(_w("val")) or "").lower() if style is not None else ""
    return value.startswith(_HEADING_STYLES)


def _cells(row) -> list[str]:
    cells = []
    for child in row:
        content = child.find(_w("sdtContent")) if child.tag == _w("sdt") else None
        if content is not None:
            cells.extend(_cells(content))
        elif child.tag == _w("tc"):
            cells.append("\n".join(_paragraph_text(p) for p in child.iter(_w("p"))))
    return cells


def _blocks(container) -> list[Block]:
    blocks: list[Block] = []
    for child in container:
        if child.tag == _w("p"):
            blocks.append(Block(_paragraph_text(child), heading=_style_is_heading(child)))
        elif child.tag == _w("tbl"):
            blocks.append(Block(rows=[_cells(tr) for tr in child.iter(_w("tr"))
                                      if tr.getparent() is child]))
        elif child.tag in (_w("sdt"), _w("sdtContent"), _w("ins"), _w("customXml")):
            blocks.extend(_blocks(child))
    return blocks


def read(path: Path, options: dict) -> list[Transcript]:
    """Read a ``.docx`` transcript.

    Parameters
    ----------
    path:
        The Word file.
    options:
        ``known_speakers`` for speaker-turn detection.

    Returns
    -------
    list of Transcript
        One transcript, format ``docx``, with the metadata table as attributes.

    Raises
    ------
    InputError
        When the file cannot be opened as a Word document, or has no text.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    path = Path(path)
    refuse_ole2(path, "Word", ".docx")
    check_archive(path, DOCX)
    try:
        document = docx.Document(str(path))
        body = document.element.body
        if body is None:  # a <w:document> without <w:body>
            raise _cannot_open(path)
        blocks = _blocks(body)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.LxmlError,
            EOFError, zipfile.LargeZipFile, NotImplementedError, zlib.error, RuntimeError):
        # zlib.error: a damaged deflate stream; RuntimeError: an encrypted zip entry
        raise _cannot_open(path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", file=path,
                         fix="check the file permissions, or re-save it in Word") from None
    return [transcript_from_blocks(blocks, path, "docx", options)]
