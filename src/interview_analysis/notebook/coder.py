"""The interactive coder's engine: a coding session that saves every action as it happens.

:class:`CodingSession` is plain Python: it walks through the participant passages of a study,
codes passages or any span of a document, undoes and redoes, and offers rule, model and
automatic-stance suggestions to accept or reject. The widget (:mod:`.widget`) only calls its
methods, so everything the coder does can be tested, and scripted, without a browser.

Saving
------
Every action is one transaction in the project database
(:class:`~interview_analysis.store.ProjectStore`: SQLite in WAL mode, ``synchronous=FULL``,
with an append-only log of every change), after which ``codings/<coder>.csv`` is rewritten
from the database atomically (temporary file, then rename). A kernel that dies at any moment
loses nothing that was acknowledged: if it dies between the two writes, the next session's
sync brings the CSV up to date. Undo and redo are changes like any other and are logged too.
Other sessions on the same study in this Python process hear of every change
(:meth:`CodingSession.subscribe`).

Examples
--------
>>> session = CodingSession("corpus/my-study", coder="anna")          # doctest: +SKIP
>>> session.apply("channels/email", stance="positive", memo="prefers email")  # doctest: +SKIP
>>> session.code_span("H1", 120, 180, "channels/phone", stance="mixed")       # doctest: +SKIP
>>> session.undo(); session.redo()                                     # doctest: +SKIP
"""
from __future__ import annotations

import pandas as pd

from ..coding.codings import FILE_COLUMNS, attach_passages
from ..errors import CodingsError
from ..store import ProjectStore
from ..study.study import load_study
from . import editing, events
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
from .review import Reviewing
from .walk import PassageWalk

__all__ = ["STANCE_CHOICES", "Action", "CodingSession", "PassageView", "check_coder_name",
           "check_stance"]


class CodingSession(Reviewing, PassageWalk):
    """Code a study by hand: passage by passage, or any span of a document.

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
        self._start_walk(self.corpus, cases)
        self._undo: list[Action] = []
        self._redo: list[Action] = []
        self.store = ProjectStore.open(self.study, actor=actor)
        try:
            self.last_sync = self.store.sync(self.coder, prefer)
        except BaseException:
            self.store.close()
            raise
        self._start_review()
        self._seen = self._log_seq()
        if resume:
            self._resume()

    def _resume(self) -> None:
        log = self.store.log(self.coder)
        where = (log.iloc[-1]["after"] or log.iloc[-1]["before"]) if len(log) else None
        if where:
            self._go_near(where["document"], where["start"])

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

        view = PassageView(p["passage_id"], doc, p["case"], p["speaker"], p["role"],
                           int(p["start"]), int(p["end"]), p["text"], self.position, len(self),
                           neighbour(row - 1), neighbour(row + 1),
                           self.passage_codings(p["passage_id"]), self.suggestions())
        view.html = coding_view_html(view, p, self.codebook, self.coder)
        return view

    def _repr_html_(self) -> str:
        return self.current.html

    def __repr__(self) -> str:
        return (f"<CodingSession coder={self.coder!r} at {self.current_id} "
                f"({self.position} of {len(self)})>")

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
        rows = [r for r in self.document_codings(p["document"])
                if r["start"] < p["end"] and r["end"] > p["start"]]
        frame = pd.DataFrame([clean_row(r) for r in rows], columns=FILE_COLUMNS)
        return frame.astype({"start": "int64", "end": "int64"})

    def document_codings(self, document: str, every_coder: bool = False) -> list[dict]:
        """Codings of a document, in text order: this coder's (or every coder's), each with
        ``id, document, start, end, code, stance, memo, origin, coder``."""
        return editing.document_rows(self.store, None if every_coder else self.coder, document)

    def _check_code(self, code: str) -> str:
        return self.codebook.require(code, fix="find one with session.find_codes('email')")

    def text_of(self, document: str) -> str:
        """The canonical text of ``document`` (what every offset points into)."""
        text = self.corpus.texts.get(document)
        if text is None:
            raise CodingsError("no such document", value=document,
                               fix="documents: " + ", ".join(sorted(self.corpus.texts)))
        return text

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
        start, end = span_offsets(self.passages.iloc[self._row()], span)
        document = str(self.passages.at[self._row(), "document"])
        return self.code_span(document, start, end, code, stance, memo)

    def code_span(self, document: str, start: int, end: int, code: str,
                  stance: str | None = None, memo: str | None = None) -> dict:
        """Code ``[start, end)`` of a document (code point offsets into its canonical text,
        end exclusive) and save at once; like :meth:`apply` otherwise.

        Returns the saved coding (``document, start, end, code, stance, memo``).
        """
        new = self._new_row(document, start, end, code, stance, memo)
        self._commit(editing.change_for(self.store, self.coder, new,
                                        self.passage_at(document, new["start"])))
        return self._saved(new)

    def _new_row(self, document, start, end, code, stance, memo) -> dict:
        code, stance = self._check_code(code), check_stance(stance)
        text = self.text_of(document)
        try:
            start, end = int(start), int(end)
        except (TypeError, ValueError):
            raise CodingsError("offsets must be whole numbers", value=(start, end),
                               fix="give code point offsets, e.g. (120, 180)") from None
        if not 0 <= start < end <= len(text):
            raise CodingsError(f"span out of range: document {document} has {len(text)} "
                               "characters", value=(start, end),
                               fix="offsets count code points from the start of the "
                                   "document; end exclusive")
        memo = memo.strip() or None if isinstance(memo, str) else memo
        return {"document": document, "start": start, "end": end, "code": code,
                "stance": stance, "memo": memo}

    def _saved(self, row: dict) -> dict | None:
        found = editing.saved(self.store, self.coder, editing.key_of(row))
        return clean_row(found) if found else None

    def update_span(self, coding: dict, *, code: str | None = None, stance="keep",
                    memo="keep") -> dict:
        """Change the code, stance or memo of one of this coder's codings (``coding`` holds
        ``document, start, end, code``); returns it as saved."""
        old = editing.saved(self.store, self.coder, editing.key_of(coding))
        if old is None:
            raise CodingsError(f"{self.coder} has no such coding", value=clean_row(coding),
                               fix="it may have been removed in another window; redraw")
        old = editing.with_origin(old)
        new = {**old, "code": self._check_code(code) if code else old["code"],
               "stance": old["stance"] if stance == "keep" else check_stance(stance),
               "memo": old["memo"] if memo == "keep" else (memo or "").strip() or None}
        if new != old:
            self._commit(Action("update", self.passage_at(old["document"], old["start"]),
                                (old,), (new,)))
        return clean_row(new)

    def remove_span(self, coding: dict) -> dict:
        """Remove one of this coder's codings (``document, start, end, code``)."""
        old = editing.saved(self.store, self.coder, editing.key_of(coding))
        if old is None:
            raise CodingsError(f"{self.coder} has no such coding", value=clean_row(coding),
                               fix="it may have been removed already; redraw")
        old = editing.with_origin(old)
        self._commit(Action("remove", self.passage_at(old["document"], old["start"]), (old,)))
        return clean_row(old)

    def remove(self, code: str) -> list[dict]:
        """Remove this coder's codings of ``code`` that overlap the current passage.

        Returns the removed codings (``document, start, end, code, stance, memo``).
        """
        code = self._check_code(code)
        rows = [r for r in self.document_codings(str(self.passages.at[self._row(), "document"]))
                if r["code"] == code and r["start"] < int(self.passages.at[self._row(), "end"])
                and r["end"] > int(self.passages.at[self._row(), "start"])]
        if not rows:
            have = ", ".join(sorted(set(self.passage_codings()["code"]))) or "none"
            raise CodingsError(f"passage {self.current_id} has no coding '{code}' by "
                               f"{self.coder}", value=code, fix=f"its codes: {have}")
        removed = tuple(editing.with_origin(r) for r in rows)
        self._commit(Action("remove", self.current_id, removed))
        return [clean_row(r) for r in removed]

    # -- undo, redo and saving ---------------------------------------------------------------
    def _commit(self, action: Action | None) -> None:
        """Carry out a new action, remember it for undo, save the CSV and tell the others."""
        if action is None:
            return
        editing.run(self.store, self.coder, action, True, self._source(action))
        self._decide(action, True)
        self._undo.append(action)
        self._redo.clear()
        self._after(action)

    def undo(self) -> Action | None:
        """Undo this session's last change (and go back to its passage); ``None`` when there is
        nothing to undo. Changes made before the session started are in ``store.log()``."""
        return self._replay(self._undo, self._redo, forward=False)

    def redo(self) -> Action | None:
        """Redo the change the last :meth:`undo` took back; ``None`` when there is none."""
        return self._replay(self._redo, self._undo, forward=True)

    def _replay(self, take: list, give: list, forward: bool) -> Action | None:
        if not take:
            return None
        action = take[-1]
        editing.run(self.store, self.coder, action, forward,
                    f"{editing.SOURCE}:{'redo' if forward else 'undo'}")
        take.pop()
        self._decide(action, forward)
        give.append(action)
        if action.passage_id in self._row_of:
            rows = self.passages.iloc[self._row_of[action.passage_id]]
            self._go_near(str(rows["document"]), int(rows["start"]))
        self._after(action)
        return action

    def _after(self, action: Action) -> None:
        self._save_csv()
        self._seen = self._log_seq()
        rows = action.before + action.after + action.decisions
        documents = tuple(sorted({r["document"] for r in rows}))
        events.publish(self._events_key(), events.Change(self.coder, documents, self))

    @property
    def history(self) -> list[Action]:
        """This session's changes that can still be undone, oldest first."""
        return list(self._undo)

    @property
    def redoable(self) -> list[Action]:
        """Changes undone in this session that :meth:`redo` can bring back, next last."""
        return list(self._redo)

    def _save_csv(self) -> None:
        self.store.sync_to_csv(self.coder)

    def _log_seq(self) -> int:
        return int(self.store.query("SELECT coalesce(max(seq), 0) FROM coding_log")[0][0])

    # -- other sessions ----------------------------------------------------------------------
    def subscribe(self, callback):
        """Call ``callback(change)`` (an :class:`~.events.Change`) whenever any session of
        this Python process changes a coding of this study; returns a function that stops it."""
        return events.subscribe(self._events_key(), callback)

    def _events_key(self) -> str:
        return str(self.store.file.resolve())

    def changed_elsewhere(self) -> bool:
        """Whether the project database has changes this session has not seen (made by
        another process, such as a second kernel or ``interview-analysis sync``)."""
        seq = self._log_seq()
        changed, self._seen = seq != self._seen, seq
        return changed

    # -- closing ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close the project database (every change is already saved)."""
        self.store.close()

    def __enter__(self) -> "CodingSession":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
