"""Plain-text and Markdown transcripts with speaker turns (or none: then paragraphs)."""
from __future__ import annotations

import warnings
from pathlib import Path

from ...base.encoding import read_text_file
from ...errors import InputError, StudyWarning
from ..pages import drop_page_furniture
from ..transcript import Transcript, Turn
from ..turns import find_turns


def speaker_options(options: dict, path: Path) -> tuple[frozenset[str], dict[str, str]]:
    """``(known speaker names, {name: role})`` from a reader's options: ``known_speakers``
    and ``speaker_roles`` (study.yaml), plus the file name (``H1`` in ``H1.txt``)."""
    roles = {str(k): str(v) for k, v in (options.get("speaker_roles") or {}).items()}
    known = frozenset(map(str, options.get("known_speakers", ()))) | {path.stem} | set(roles)
    return known, roles


def warn_about_roles(turns: tuple[Turn, ...] | list[Turn], path: Path) -> None:
    """Say so when the interviewer was guessed, or when nothing tells who it is."""
    speakers = list(dict.fromkeys(t.speaker for t in turns if t.speaker))
    guessed = [t for t in turns if t.role_from == "guess"]
    if guessed:
        asker = next((t.speaker for t in guessed if t.role == "interviewer"), None)
        other = next((s for s in speakers if s != asker), asker)
        warnings.warn(f"{path}: no label says who the interviewer is; guessed '{asker}', who "
                      f"asks most of the questions. If that is wrong, name the interviewer in "
                      f"study.yaml, e.g. interviewer: [{other}]", StudyWarning, stacklevel=3)
    elif len(speakers) > 1 and not any(t.role for t in turns if t.speaker):
        warnings.warn(f"{path}: cannot tell which of the speakers {', '.join(speakers)} is the "
                      f"interviewer, so all are counted as participants; name the interviewer "
                      f"in study.yaml, e.g. interviewer: [{speakers[0]}]", StudyWarning,
                      stacklevel=3)


def transcript_from_text(text: str, path: Path, fmt: str, options: dict) -> Transcript:
    """Build a :class:`Transcript` from canonical text, finding its speaker turns.

    Repeated page footers (a text copied out of a PDF) are left out of the canonical text
    first (:mod:`~interview_analysis.corpus.pages`).
    """
    if not text.strip():
        raise InputError("the transcript is empty", file=path,
                         fix="add the transcript text, or remove the file from the study")
    text = drop_page_furniture(text)
    known, roles = speaker_options(options, path)
    cache = options.get("turn_cache")  # a study's TurnCache: cut once per text
    turns = cache.turns(text, known, roles) if cache is not None else \
        tuple(find_turns(text, known, roles))
    warn_about_roles(turns, path)
    return Transcript(document=path.stem, text=text, turns=turns, source=path, format=fmt)


def read(path: Path, options: dict) -> list[Transcript]:
    """Read a ``.txt``/``.md`` transcript; the file text itself is the canonical text."""
    return [transcript_from_text(read_text_file(path), path, "txt", options)]
