"""Plain-text and Markdown transcripts with speaker turns (or none: then paragraphs)."""
from __future__ import annotations

from pathlib import Path

from ...base.encoding import read_text_file
from ...errors import InputError
from ..transcript import Transcript
from ..turns import find_turns


def transcript_from_text(text: str, path: Path, fmt: str, options: dict) -> Transcript:
    """Build a :class:`Transcript` from canonical text, finding its speaker turns."""
    if not text.strip():
        raise InputError("the transcript is empty", file=path,
                         fix="add the transcript text, or remove the file from the study")
    known = frozenset(options.get("known_speakers", ())) | {path.stem}
    turns = find_turns(text, known)
    return Transcript(document=path.stem, text=text, turns=tuple(turns), source=path, format=fmt)


def read(path: Path, options: dict) -> list[Transcript]:
    """Read a ``.txt``/``.md`` transcript; the file text itself is the canonical text."""
    return [transcript_from_text(read_text_file(path), path, "txt", options)]
