"""Speech-to-text JSON (``.json``): Whisper's and WhisperX's ``segments``, AssemblyAI's
``utterances``: timed segments with text and, when diarised, a speaker.

The segments are read like a segment table (:mod:`.segments`): one interview of timed turns,
consecutive segments of one speaker one turn.
"""
from __future__ import annotations

import json
from pathlib import Path

from ...base.encoding import read_text_file
from ...errors import InputError
from ..transcript import Transcript
from .segments import segment_transcript

#: Keys under which the tools keep their segments.
_LISTS = ("segments", "utterances")
_FIX = ("this reader takes the JSON of Whisper, WhisperX or AssemblyAI (a list of 'segments' "
        "or 'utterances' with start, end and text); export the transcript as .vtt, .srt or "
        ".txt instead, or move other JSON files out of the transcripts folder")


def _segments(data) -> list | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        return next((data[k] for k in _LISTS if isinstance(data.get(k), list)), None)
    return None


def read(path: Path, options: dict) -> list[Transcript]:
    """Read a speech-to-text ``.json`` file into one transcript with timed turns.

    Raises
    ------
    InputError
        For text that is not JSON (with its line and column), and for JSON without timed
        segments.
    """
    path = Path(path)
    try:
        data = json.loads(read_text_file(path))
    except json.JSONDecodeError as exc:
        raise InputError(f"this is not valid JSON ({exc.msg})", file=path,
                         where=f"line {exc.lineno}, column {exc.colno}", fix=_FIX) from None
    segments = _segments(data)
    if not segments or not all(isinstance(s, dict) for s in segments):
        raise InputError("this JSON file holds no speech-to-text segments", file=path, fix=_FIX)
    speaker = any(s.get("speaker") not in (None, "") for s in segments)
    names = ["start", "end", "text", *(["speaker"] if speaker else [])]
    data = {n: ["" if s.get(n) is None else str(s.get(n)) for s in segments] for n in names}
    if speaker:  # AssemblyAI's "A", "B" are "Speaker A", "Speaker B", not Q/A role letters
        data["speaker"] = [f"Speaker {v}" if len(v) == 1 and v.isalpha() else v
                           for v in data["speaker"]]
    found = segment_transcript(path, names, data, "json", options)
    if found is None:
        raise InputError("the segments of this JSON file have no readable start and end "
                         "times in order", file=path, fix=_FIX)
    return [found]
