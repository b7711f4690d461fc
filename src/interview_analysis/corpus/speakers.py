"""Who speaks in each transcript: a speaker summary that makes a wrong guess visible at once.

``interview-analysis passages`` prints it after the passages, and the run's method table
shows it: if the interviewer were counted as a participant (or the other way round), the
words column would say so before any coding is done.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .corpus import Corpus, speaker_key
from .transcript import Transcript

SPEAKER_COLUMNS = ["document", "speaker", "role", "role_from", "turns", "words"]


def _matching_turns(transcripts, document: str, speaker, role: str) -> list:
    if transcripts is None or document not in transcripts:
        return []
    key = speaker_key(speaker) if isinstance(speaker, str) else None
    return [t for t in transcripts[document].turns
            if (speaker_key(t.speaker) if t.speaker else None) == key
            and (t.role or "participant") == role]


def _role_from(transcripts: dict[str, Transcript] | None, document: str, turns: list
               ) -> str | None:
    """How the role was decided, from the transcript's turns (``study.yaml`` when a setting
    overrode what the reader found)."""
    if transcripts is None or document not in transcripts:
        return None
    if not transcripts[document].turns:
        return "no labels"
    if not turns:
        return "study.yaml"
    return turns[0].role_from or ("default" if turns[0].role is None else "reader")


def speaker_summary(corpus: Corpus, transcripts: dict[str, Transcript] | None = None
                    ) -> pd.DataFrame:
    """One row per speaker (and role) of each document: ``document, speaker, role,
    role_from, turns, words``.

    ``turns`` counts the speaker's turns in the transcript (without transcripts: runs of
    consecutive passages by one speaker in one role), the same whatever the passage unit;
    ``words`` are the words of the speaker's passages. An
    unlabelled speaker has ``speaker`` ``None``. ``role_from`` (given ``transcripts``) says
    how the role was decided: ``label``, ``study.yaml``, ``header``, ``others``, ``layout``,
    ``guess``, ``reader``, ``no labels`` (see :mod:`interview_analysis.corpus.roles`).

    Examples
    --------
    >>> speaker_summary(study.corpus(), study.transcripts)      # doctest: +SKIP
    """
    p = corpus.passages
    if p.empty:
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    speaker = p["speaker"].astype(object).where(p["speaker"].notna(), None)
    keys = list(zip(p["document"].tolist(), speaker.tolist(), p["role"].tolist()))
    new_run = np.ones(len(keys), bool)
    new_run[1:] = [a != b for a, b in zip(keys[1:], keys[:-1])]
    frame = pd.DataFrame({"document": p["document"].to_numpy(), "speaker": speaker.to_numpy(),
                          "role": p["role"].to_numpy(), "turns": new_run.astype(np.int64),
                          "words": p["words"].to_numpy(np.int64)})
    table = (frame.groupby(["document", "speaker", "role"], sort=False, dropna=False)
             [["turns", "words"]].sum().reset_index())
    table["speaker"] = table["speaker"].astype(object).where(table["speaker"].notna(), None)
    found = [_matching_turns(transcripts, d, s, r) for d, s, r in
             zip(table["document"], table["speaker"], table["role"])]
    table["role_from"] = [_role_from(transcripts, d, turns)
                          for d, turns in zip(table["document"], found)]
    table["turns"] = [len(turns) or runs for turns, runs in zip(found, table["turns"])]
    return table[SPEAKER_COLUMNS]
