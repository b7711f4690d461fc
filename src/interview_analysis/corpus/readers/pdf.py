"""PDF transcripts with a text layer, read with pypdf; pages are joined with a blank line.

The extracted text is read like a plain-text transcript (``Name:`` turns or paragraphs). No
dehyphenation or header/footer removal is attempted: a PDF is the least faithful transcript
format, and exporting the transcript as ``.docx`` or ``.txt`` is always better. Scanned PDFs
without a text layer and password-protected PDFs are refused with a message saying what to do.
"""
from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from ...base.encoding import normalise_text
from ...errors import InputError
from ..transcript import Transcript
from .text import transcript_from_text


def _damaged(path: Path) -> InputError:
    return InputError("cannot read this PDF file (it is damaged or not a PDF)", file=path,
                      fix="open it in a PDF viewer and save or print it as a new PDF, or "
                          "export the transcript as .docx or .txt")


@contextlib.contextmanager
def _quiet_pypdf():
    """pypdf logs its repairs of damaged files ("EOF marker not found") straight to stderr;
    a researcher gets one clear message instead."""
    # pypdf logs from child loggers (pypdf._reader, ...): disabling the parent alone does not
    # stop them, but a level above CRITICAL on the parent does (children inherit it)
    logger = logging.getLogger("pypdf")
    level, logger.level = logger.level, logging.CRITICAL + 1
    disabled, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = disabled
        logger.setLevel(level)


def read(path: Path, options: dict) -> list[Transcript]:
    """Read the text layer of a ``.pdf`` transcript.

    Parameters
    ----------
    path:
        The PDF file.
    options:
        ``known_speakers`` for speaker-turn detection.

    Returns
    -------
    list of Transcript
        One transcript, format ``pdf``.

    Raises
    ------
    InputError
        When the PDF is damaged, password-protected or has no text layer.
    """
    path = Path(path)
    with _quiet_pypdf():
        return _read(path, options)


def _read(path: Path, options: dict) -> list[Transcript]:
    from pypdf import PdfReader
    from pypdf.errors import (
        DependencyError,
        FileNotDecryptedError,
        PdfReadError,
        PyPdfError,
    )

    # NotImplementedError: an unsupported stream filter; OverflowError: absurd numbers
    errors = (PyPdfError, PdfReadError, ValueError, KeyError, TypeError, IndexError,
              AttributeError, AssertionError, RecursionError, ZeroDivisionError,
              NotImplementedError, OverflowError)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # no user password: only editing is restricted
            except DependencyError:
                raise InputError("this PDF is encrypted, and decrypting it needs the "
                                 "'cryptography' package", file=path,
                                 fix="pip install cryptography, or save an unprotected copy "
                                     "of the PDF (Print > Save as PDF)") from None
            except (FileNotDecryptedError, NotImplementedError, *errors):
                opened = 0
            if not opened:
                raise InputError("this PDF is password-protected", file=path,
                                 fix="open it with the password and save an unprotected copy "
                                     "(Print > Save as PDF), or export the transcript as .txt")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", file=path,
                         fix="check the file permissions") from None
    except errors:
        raise _damaged(path) from None
    text = normalise_text("\n\n".join(page.strip("\n") for page in pages))
    if not text.strip():
        raise InputError("this PDF has no text layer (it is a scanned image)", file=path,
                         fix="run OCR (e.g. ocrmypdf) or export the transcript as text")
    return [transcript_from_text(text.strip() + "\n", path, "pdf", options)]
