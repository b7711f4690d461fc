"""Transcript readers, one small module per file type, chosen by file extension.

Add a reader by writing a module with a ``read(path, options) -> list[Transcript]`` function and
registering its extensions in :data:`READERS`.
"""
from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ...errors import InputError
from ..transcript import Transcript

#: extension -> module name inside this package
READERS: dict[str, str] = {
    ".txt": "text", ".md": "text", ".markdown": "text",
    ".vtt": "subtitles", ".srt": "subtitles",
    ".eml": "email",
    ".docx": "docx",
    ".odt": "odt",
    ".pdf": "pdf",
    ".csv": "survey", ".tsv": "survey", ".xlsx": "survey",
    ".rtf": "rtf",
    ".json": "speech",
}
#: Extensions of old formats that are refused with how to convert them (a ``.doc`` that is
#: really RTF or .docx is read).
REFUSED: dict[str, str] = {".doc": "legacy", ".xls": "legacy"}


#: Largest transcript file read, in bytes. A single interview transcript is rarely over a few
#: megabytes; a file this large is almost always a wrong file (a recording, a database dump)
#: and would exhaust memory before failing.
MAX_FILE_BYTES = 100 * 1024 * 1024


#: File stems in a transcripts folder that are never transcripts (``README.md``, ``cases.csv``).
NOT_TRANSCRIPTS = frozenset({"readme", "cases", "study", "license", "changelog"})


def supported_extensions() -> list[str]:
    """The file extensions a study folder may hold transcripts in."""
    return sorted(READERS)


def read_transcripts(path: str | Path, **options) -> list[Transcript]:
    """Read one transcript file (a survey table may give many transcripts).

    Options are passed to the reader, e.g. ``known_speakers`` for speaker-turn detection or
    ``text_columns`` for survey tables.
    """
    path = Path(path)
    module = READERS.get(path.suffix.lower()) or REFUSED.get(path.suffix.lower())
    if module is None:
        raise InputError("no reader for this file type", file=path, value=path.suffix,
                         fix="use one of " + ", ".join(supported_extensions()))
    if not path.is_file():
        raise InputError("file not found", file=path,
                         fix="check the path, or the 'transcripts' folder in study.yaml")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"the file is too large to be a transcript ({size / 2**20:.0f} MB; the "
                         f"limit is {MAX_FILE_BYTES // 2**20} MB)", file=path,
                         fix="check that this is the transcript and not a recording or an "
                             "export of something else; split a very long text into several "
                             "files")
    reader = import_module(f"{__name__}.{module}")
    return reader.read(path, options)
