"""Moving through the passages to code: the navigation half of a coding session.

:class:`PassageWalk` knows the study's passages, which of them are to be coded (participant
passages, optionally of some cases only) and where the coder is. :class:`~.coder.CodingSession`
builds on it with the codings.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..base.suggest import did_you_mean
from ..errors import CodingsError


def codeable_rows(passages: pd.DataFrame, cases, all_cases) -> np.ndarray:
    """Row numbers of the participant passages (of ``cases``, when given) in ``passages``."""
    keep = (passages["role"] == "participant").to_numpy()
    if cases is not None:
        cases = [cases] if isinstance(cases, str) else list(cases)
        unknown = sorted(set(cases) - set(passages["case"]))
        if unknown:
            raise CodingsError("unknown case", value=unknown,
                               fix="cases in this study: " + ", ".join(map(str, all_cases)))
        keep = keep & passages["case"].isin(cases).to_numpy()
    rows = np.flatnonzero(keep)
    if len(rows) == 0:
        raise CodingsError("there are no participant passages to code", value=cases,
                           fix="check the speaker roles in study.yaml: interviewer "
                               "passages are not coded")
    return rows


class PassageWalk:
    """The passages of a corpus to code, and the one being coded."""

    def _start_walk(self, corpus, cases) -> None:
        self.passages = corpus.passages.reset_index(drop=True)
        self._order = codeable_rows(self.passages, cases, corpus.cases.index)
        self._row_of = {pid: i for i, pid in enumerate(self.passages["passage_id"])}
        self._index = 0

    @property
    def position(self) -> int:
        """1-based position of the current passage among the passages to code."""
        return self._index + 1

    def __len__(self) -> int:
        return len(self._order)

    def _row(self) -> int:
        return int(self._order[self._index])

    @property
    def current_passage(self):
        """The passages-table row of the passage being coded."""
        return self.passages.iloc[self._row()]

    @property
    def current_id(self) -> str:
        return str(self.passages.at[self._row(), "passage_id"])

    def next(self):
        """Move to the next passage (stays on the last one) and return it."""
        self._index = min(self._index + 1, len(self._order) - 1)
        return self.current

    def previous(self):
        """Move to the previous passage (stays on the first one) and return it."""
        self._index = max(self._index - 1, 0)
        return self.current

    def goto(self, passage_id: str):
        """Move to a passage by ID, e.g. ``session.goto("H3:0012")``."""
        row = self._row_of.get(passage_id)
        if row is None:
            raise CodingsError("no such passage", value=passage_id,
                               fix=did_you_mean(passage_id, self._row_of)
                                   + "passage IDs look like 'H1:0007'")
        where = np.flatnonzero(self._order == row)
        if len(where) == 0:
            role = self.passages.at[row, "role"]
            raise CodingsError(f"passage {passage_id} is not one to code in this session "
                               f"(role: {role}, case: {self.passages.at[row, 'case']})",
                               value=passage_id,
                               fix="only participant passages of the session's cases are coded")
        self._index = int(where[0])
        return self.current

    def next_uncoded(self):
        """Move to the next passage this coder has not coded yet (stays put when none is left)."""
        coded = set(self.codings()["passage_id"].dropna())
        ids = self.passages["passage_id"].to_numpy()
        for i in range(self._index + 1, len(self._order)):
            if ids[self._order[i]] not in coded:
                self._index = i
                break
        return self.current

    def _go_near(self, document: str, offset: int) -> None:
        """Move to the passage to code that holds ``offset`` of ``document``, if there is one."""
        p = self.passages.iloc[self._order]
        hit = np.flatnonzero(((p["document"] == document) & (p["start"] <= offset)
                              & (p["end"] > offset)).to_numpy())
        if len(hit):
            self._index = int(hit[0])

    def passage_at(self, document: str, offset: int) -> str:
        """The ID of the passage of ``document`` that holds ``offset`` (``""`` when none does:
        a speaker label or the space between turns)."""
        p = self.passages
        hit = np.flatnonzero(((p["document"] == document) & (p["start"] <= offset)
                              & (p["end"] > offset)).to_numpy())
        return str(p["passage_id"].iat[hit[0]]) if len(hit) else ""
