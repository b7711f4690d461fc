"""Timed segment tables: a transcript as rows of start, end, (speaker,) text.

Speech-to-text tools write transcripts as tables: Whisper's ``.tsv`` (``start``, ``end`` in
milliseconds, ``text``), WhisperX and diarisation exports with a ``speaker`` column, and CSV or
Excel exports of other services with clock times (``00:01:02``). Such a table is one interview,
not a survey of one respondent per row. :func:`segment_transcript` recognises it by its
columns — a start time, an end time and a text, optionally a speaker, every time readable and
the starts in order — and makes one transcript of timed turns, as the subtitle reader does
(consecutive segments of one speaker are one turn; without a speaker column each segment is a
passage of its own).

Times are seconds, clock times or, when every time is a whole number and the segments last a
hundred or more units on the median, milliseconds (as Whisper writes them).
"""
from __future__ import annotations

import re
import statistics
from pathlib import Path

from ...errors import InputError
from ..roles import assign_roles
from ..transcript import Transcript
from ..turns import parse_timestamp
from .subtitles import Cue, render_cues
from .text import speaker_options, warn_about_roles

_START = {"start", "start time", "start_time", "starttime", "begin", "alku", "alkuaika", "from"}
_END = {"end", "end time", "end_time", "endtime", "stop", "loppu", "loppuaika", "to"}
_TEXT = {"text", "transcript", "transcription", "utterance", "content", "teksti", "sisältö"}
_SPEAKER = {"speaker", "speaker name", "speaker_name", "speaker label", "speaker_label",
            "puhuja", "name"}
_TIME = re.compile(r"\d+(?:[.,]\d+)?|(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?")
#: A table whose start and end are unreadable in half of its rows or more is no
#: segment table (its start and end are dates, say); below it, a bad row is an error.
_MAX_BAD_SHARE = 0.5
#: A median segment this long (in the table's units) or longer means milliseconds.
_MILLISECONDS_MEDIAN = 100


def _column(names: list[str], wanted: set[str]) -> str | None:
    return next((n for n in names if " ".join(n.casefold().split()) in wanted), None)


def _time(value: str) -> float | None:
    """Seconds (or the table's unit) of ``12.5``, ``00:01:02``, ``01:02,500``; else ``None``."""
    value = value.strip()
    if not _TIME.fullmatch(value):
        return None
    return parse_timestamp(value)


def segment_transcript(path: Path, names: list[str], data: dict[str, list[str]], fmt: str,
                       options: dict, header_row: int = 1) -> Transcript | None:
    """The transcript of a timed segment table (see the module docstring), or ``None`` when
    the table is not one (a survey); ``header_row`` is the header's row in the file.

    Raises
    ------
    InputError
        For a segment table with a row whose times cannot be read (or end before they start).
    """
    start, end, text = (_column(names, s) for s in (_START, _END, _TEXT))
    if not (start and end and text):
        return None
    speaker = _column(names, _SPEAKER)
    rows = [i for i, t in enumerate(data[text]) if t.strip()]
    times = [(_time(data[start][i]), _time(data[end][i])) for i in rows]
    bad = [k for k, (a, b) in enumerate(times) if a is None or b is None or b < a]
    if len(rows) < 2 or len(bad) >= _MAX_BAD_SHARE * len(rows):
        return None  # dates or other columns: a survey
    if bad:  # a segment table with a damaged row: say which, do not read it as a survey
        i = rows[bad[0]]
        raise InputError("a segment of this speech-to-text table has no readable start and "
                         "end time", file=path, where=f"row {header_row + 1 + i}",
                         value=(data[start][i], data[end][i]),
                         fix=f"write the times of that row as the others are (seconds, "
                             f"milliseconds or 00:01:02), with '{end}' not before '{start}'")
    starts = [a for a, _ in times]
    if any(later < earlier for earlier, later in zip(starts, starts[1:])):
        return None
    whole = all(re.fullmatch(r"\d+", data[c][i].strip()) for i in rows for c in (start, end))
    if whole and statistics.median(b - a for a, b in times) >= _MILLISECONDS_MEDIAN:
        times = [(a / 1000, b / 1000) for a, b in times]
    cues = [Cue(a, b, [((data[speaker][i].strip() or None) if speaker else None,
                        " ".join(data[text][i].split()))])
            for i, (a, b) in zip(rows, times)]
    # without speakers each segment stays a paragraph of its own, as unlabelled text is cut
    body, turns = render_cues(cues, merge=speaker is not None)
    turns = assign_roles(turns, body, "", speaker_options(options, path)[1])
    warn_about_roles(turns, path)
    return Transcript(document=path.stem, text=body, turns=tuple(turns), source=path,
                      format=f"{fmt}-segments")
