"""The speaker table of the method section, in the report's language: who speaks in each
transcript, in which role and how that role was decided — a wrong guess shows at once."""
from __future__ import annotations

import pandas as pd

from ..messages import section


def speaker_frame(speakers: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``speaker_summary`` output with translated headers, roles and reasons.

    Examples
    --------
    >>> table = pd.DataFrame({"document": ["H1"], "speaker": [None], "role": ["participant"],
    ...                       "role_from": ["layout"], "turns": [4], "words": [120]})
    >>> speaker_frame(table, "fi").iloc[0].tolist()
    ['H1', '(ei tunnistetta)', 'haastateltava', 'asettelu', 4, 120]
    """
    words = section("SPEAKERS", lang)
    out = speakers.assign(
        speaker=[s if isinstance(s, str) and s else words["unlabelled"]
                 for s in speakers["speaker"]],
        role=[words["roles"].get(r, r) for r in speakers["role"]],
        role_from=[words["role_from"].get(r, r) if isinstance(r, str) else ""
                   for r in speakers["role_from"]])
    return out[list(words["columns"])].rename(columns=words["columns"])
