"""The interactive coder's model: a coding session that saves every action as it happens.

:class:`CodingSession` is plain Python: it walks through the participant passages of a study,
applies and removes codes, undoes, and offers the codebook rules' matches as suggestions. The
widget (:mod:`.widget`) only calls its methods, so everything the coder does can be tested, and
scripted, without a browser.

Saving
------
Every action is one transaction in the project database
(:class:`~interview_analysis.store.ProjectStore`: SQLite in WAL mode, ``synchronous=FULL``,
with an append-only log of every change), after which ``codings/<coder>.csv`` is rewritten
from the database atomically (temporary file, then rename). A kernel that dies at any moment
loses nothing that was acknowledged: if it dies between the two writes, the next session's
sync brings the CSV up to date. Undo is a change like any other and is logged too.

Examples
--------
>>> session = CodingSession("corpus/my-study", coder="anna")          # doctest: +SKIP
>>> session.current                                                    # doctest: +SKIP
>>> session.apply("channels/email", stance="positive", memo="prefers email")  # doctest: +SKIP
>>> session.next()                                                     # doctest: +SKIP
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..base.suggest import did_you_mean
from ..coding.coder import RuleCoder
from ..coding.codings import FILE_COLUMNS, attach_passages
from ..errors import CodingsError
from ..store import ProjectStore
from ..study.study import load_study
from .display import coding_view_html
from .records import (
    STANCE_CHOICES,
    Action,
    PassageView,
    check_coder_name,
    check_stance,
    clean_row,
    span_offsets,
)
from .suggestions import code_list, rule_suggestions

__all__ = ["STANCE_CHOICES", "Action", "CodingSession", "PassageView", "check_coder_name",
           "check_stance"]
_KEY = ("document", "start", "end", "code")
_SOURCE = "notebook"


class CodingSession:
    """Code a study's participant passages by hand, one passage at a time.

    Parameters
    ----------
    study:
        A loaded :class:`~interview_analysis.study.study.Study` or its folder.
    coder:
        Whose codings these are; they are saved in ``codings/<coder>.csv`` and the project
        database. Several coders can work on one study, each in their own session.
    unit:
        Passage unit (``turn``, ``paragraph``, ``sentence``); default the study's.
    cases:
        Only code these cases (e.g. the interviews a second coder was given).
    prefer:
        ``"csv"`` or ``"db"`` when the CSV and the database both changed since the last sync
        (see :mod:`interview_analysis.store.csvsync`); otherwise that conflict is an error.
    resume:
        Start at the passage of the coder's last change (default), else at the first passage.
    actor:
        Who is recorded in the audit log (default: the operating-system user).

    Raises
    ------
    CodingsError
        Bad coder name, unknown cases, or nothing to code.
    ProjectError
        The project database cannot be opened, or the CSV and the database conflict.
    """

    def __init__(self, study, coder: str, unit: str | None = None, *, cases=None,
                 prefer: str | None = None, resume: bool = True, actor: str | None = None
                 ) -> None:
        self.coder = check_coder_name(coder)
        self.study = study if hasattr(study, "transcripts") else load_study(study)
        self.codebook = self.study.codebook()
        self.corpus = self.study.corpus(unit)
        self.passages = self.corpus.passages.reset_index(drop=True)
        self._order = self._codeable(cases)
        self._row_of = {pid: i for i, pid in enumerate(self.passages["passage_id"])}
        self._index = 0
        self._undo: list[Action] = []
        self._rules: pd.DataFrame | None = None
        self.store = ProjectStore.open(self.study, actor=actor)
        try:
            self.last_sync = self.store.sync(self.coder, prefer)
        except BaseException:
            self.store.close()
            raise
        if resume:
            self._index = self._resume_index()

    def _codeable(self, cases) -> np.ndarray:
        keep = (self.passages["role"] == "participant").to_numpy()
        if cases is not None:
            cases = [cases] if isinstance(cases, str) else list(cases)
            unknown = sorted(set(cases) - set(self.passages["case"]))
            if unknown:
                raise CodingsError("unknown case", value=unknown,
                                   fix="cases in this study: " +
                                       ", ".join(map(str, self.corpus.cases.index)))
            keep = keep & self.passages["case"].isin(cases).to_numpy()
        rows = np.flatnonzero(keep)
        if len(rows) == 0:
            raise CodingsError("there are no participant passages to code", value=cases,
                               fix="check the speaker roles in study.yaml: interviewer "
                                   "passages are not coded")
        return rows

    # -- where we are ----------------------------------------------------------------------
    @property
    def position(self) -> int:
        """1-based position of the current passage among the passages to code."""
        return self._index + 1

    def __len__(self) -> int:
        return len(self._order)

    def _row(self) -> int:
        return int(self._order[self._index])

    @property
    def current(self) -> PassageView:
        """The passage being coded (see :class:`PassageView`)."""
        row = self._row()
        p = dict(self.passages.iloc[row])
        doc = p["document"]

        def neighbour(r: int) -> dict | None:
            if 0 <= r < len(self.passages) and self.passages.at[r, "document"] == doc:
                return dict(self.passages.iloc[r])
            return None

        codings = self.passage_codings(p["passage_id"])
        suggestions = self.suggestions()
        view = PassageView(p["passage_id"], doc, p["case"], p["speaker"], p["role"],
                           int(p["start"]), int(p["end"]), p["text"], self.position, len(self),
                           neighbour(row - 1), neighbour(row + 1), codings, suggestions)
        view.html = coding_view_html(view, p, self.codebook, self.coder)
        return view

    def _repr_html_(self) -> str:
        return self.current.html

    def __repr__(self) -> str:
        return (f"<CodingSession coder={self.coder!r} at {self.current_id} "
                f"({self.position} of {len(self)})>")

    @property
    def current_id(self) -> str:
        return str(self.passages.at[self._row(), "passage_id"])

    # -- moving ----------------------------------------------------------------------------
    def next(self) -> PassageView:
        """Move to the next passage (stays on the last one) and return it."""
        self._index = min(self._index + 1, len(self._order) - 1)
        return self.current

    def previous(self) -> PassageView:
        """Move to the previous passage (stays on the first one) and return it."""
        self._index = max(self._index - 1, 0)
        return self.current

    def goto(self, passage_id: str) -> PassageView:
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

    def next_uncoded(self) -> PassageView:
        """Move to the next passage this coder has not coded yet (stays put when none is left)."""
        coded = set(self.codings()["passage_id"].dropna())
        ids = self.passages["passage_id"].to_numpy()
        for i in range(self._index + 1, len(self._order)):
            if ids[self._order[i]] not in coded:
                self._index = i
                break
        return self.current

    def _resume_index(self) -> int:
        log = self.store.log(self.coder)
        if log.empty:
            return 0
        last = log.iloc[-1]
        where = last["after"] or last["before"]
        if not where:
            return 0
        p = self.passages.iloc[self._order]
        hit = np.flatnonzero(((p["document"] == where["document"]) & (p["start"] <= where["start"])
                              & (p["end"] > where["start"])).to_numpy())
        return int(hit[0]) if len(hit) else 0

    # -- codings ---------------------------------------------------------------------------
    def spans(self) -> pd.DataFrame:
        """This coder's coded spans (``document, start, end, code, stance, memo``), as saved."""
        return self.store.spans(self.coder)[FILE_COLUMNS]

    def codings(self) -> pd.DataFrame:
        """This coder's codings in long format, like ``study.codings(coder)``."""
        return attach_passages(self.spans(), self.passages, self.coder)

    def passage_codings(self, passage_id: str | None = None) -> pd.DataFrame:
        """This coder's spans that overlap a passage (default: the current one)."""
        p = self.passages.iloc[self._row_of[passage_id or self.current_id]]
        rows = self.store.query(
            'SELECT document, start, "end", code, stance, memo FROM codings WHERE coder = ? '
            'AND document = ? AND start < ? AND "end" > ? ORDER BY start, "end", code',
            (self.coder, p["document"], int(p["end"]), int(p["start"])))
        frame = pd.DataFrame([dict(r) for r in rows], columns=FILE_COLUMNS)
        return frame.astype({"start": "int64", "end": "int64"})

    def _check_code(self, code: str) -> str:
        return self.codebook.require(code, fix="find one with session.find_codes('email')")

    def _span(self, span) -> tuple[int, int]:
        return span_offsets(self.passages.iloc[self._row()], span)

    def apply(self, code: str, stance: str | None = None, memo: str | None = None,
              span=None) -> dict:
        """Code the current passage (or part of it) and save at once.

        Parameters
        ----------
        code:
            A codebook code ID, e.g. ``"channels/email"``.
        stance:
            ``positive``, ``negative``, ``mixed``, or ``None``/``"none"``.
        memo:
            A note on why; ``None`` keeps an existing coding's memo.
        span:
            ``None`` for the whole passage, the exact words to code (the first occurrence in
            the passage), or ``(start, end)`` offsets within the passage text.

        Applying a code that already covers the same span changes its stance and memo.

        Returns
        -------
        dict
            The saved coding (``document, start, end, code, stance, memo``).
        """
        code, stance = self._check_code(code), check_stance(stance)
        memo = memo.strip() or None if isinstance(memo, str) else memo
        start, end = self._span(span)
        new = {"document": str(self.passages.at[self._row(), "document"]), "start": start,
               "end": end, "code": code, "stance": stance, "memo": memo}
        old = self._saved(new)
        if old is None:
            self.store.add_codings([new], coder=self.coder, source=_SOURCE)
            return self._record(Action("apply", self.current_id, (), (new,)), new)
        new["memo"] = old["memo"] if memo is None else memo
        if (old["stance"], old["memo"]) == (new["stance"], new["memo"]):
            return new
        self.store.update_coding({**old, "coder": self.coder}, stance=new["stance"],
                                 memo=new["memo"], source=_SOURCE)
        return self._record(Action("update", self.current_id, (old,), (new,)), new)

    def remove(self, code: str) -> list[dict]:
        """Remove this coder's codings of ``code`` that overlap the current passage.

        Returns the removed codings (``document, start, end, code, stance, memo``).
        """
        code = self._check_code(code)
        rows = self.passage_codings()
        rows = rows[rows["code"] == code]
        if rows.empty:
            have = ", ".join(sorted(set(self.passage_codings()["code"]))) or "none"
            raise CodingsError(f"passage {self.current_id} has no coding '{code}' by "
                               f"{self.coder}", value=code, fix=f"its codes: {have}")
        removed = tuple(clean_row(r) for r in rows.to_dict("records"))
        with self.store.transaction(_SOURCE):
            for r in removed:
                self.store.remove_coding({**r, "coder": self.coder}, source=_SOURCE)
        self._record(Action("remove", self.current_id, removed, ()), None)
        return list(removed)

    def undo(self) -> Action | None:
        """Undo this session's last change (and go back to its passage); ``None`` when there is
        nothing to undo. Changes made before the session started are in ``store.log()``."""
        if not self._undo:
            return None
        action = self._undo.pop()
        with self.store.transaction(_SOURCE):
            if action.kind == "apply":
                for r in action.after:
                    self.store.remove_coding({**r, "coder": self.coder}, source=_SOURCE)
            elif action.kind == "update":
                for r in action.before:
                    self.store.update_coding({**r, "coder": self.coder}, stance=r["stance"],
                                             memo=r["memo"], source=_SOURCE)
            else:
                self.store.add_codings(list(action.before), coder=self.coder, source=_SOURCE)
        self._save_csv()
        if action.passage_id in self._row_of:
            where = np.flatnonzero(self._order == self._row_of[action.passage_id])
            self._index = int(where[0]) if len(where) else self._index
        return action

    @property
    def history(self) -> list[Action]:
        """This session's changes that can still be undone, oldest first."""
        return list(self._undo)

    def _saved(self, key: dict) -> dict | None:
        rows = self.store.query(
            'SELECT document, start, "end", code, stance, memo FROM codings WHERE coder = ? AND '
            'document = ? AND start = ? AND "end" = ? AND code = ?',
            (self.coder, *(key[k] for k in _KEY)))
        return dict(rows[0]) if rows else None

    def _record(self, action: Action, result):
        self._undo.append(action)
        self._save_csv()
        return result

    def _save_csv(self) -> None:
        self.store.sync_to_csv(self.coder)

    # -- suggestions and the codebook ------------------------------------------------------
    def rule_codings(self) -> pd.DataFrame:
        """The codebook rules' codings of the whole corpus (computed once per session)."""
        if self._rules is None:
            self._rules = RuleCoder(self.codebook, lang=self.corpus.language).transform(
                self.corpus)
        return self._rules

    def suggestions(self, passage_id: str | None = None) -> pd.DataFrame:
        """The codebook rules that match the current passage (or ``passage_id``).

        Returns
        -------
        DataFrame ``code, label, matched, reason, coded, colour, spans``: ``matched`` the words
        that matched, ``reason`` ``rule`` or ``question`` (the code's question rules matched the
        interviewer's question this passage answers), ``coded`` whether this coder already
        applied the code here, ``spans`` the matched words' offsets in the passage text.
        """
        pid = passage_id or self.current_id
        p = self.passages.iloc[self._row_of[pid]]
        rules = self.rule_codings()
        return rule_suggestions(rules[rules["passage_id"] == pid], str(p["text"]),
                                self.codebook, set(self.passage_codings(pid)["code"]),
                                self.corpus.language)

    def find_codes(self, query: str = "") -> pd.DataFrame:
        """Codes whose ID or label (any language) contains ``query``, with their ancestors,
        in codebook order: ``code, depth, label, matches``."""
        return code_list(self.codebook, query, self.corpus.language)

    # -- closing ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close the project database (every change is already saved)."""
        self.store.close()

    def __enter__(self) -> "CodingSession":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
