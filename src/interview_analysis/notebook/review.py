"""Review mode of a coding session: suggestions to accept, reject or change, with origin kept.

:class:`Reviewing` is the suggestions half of :class:`~.coder.CodingSession`. It offers three
kinds of suggestion (see :class:`~.suggestions.Suggestion`): the codebook rules' matches
(``rule``), a model learned from the coder's own codings (``model``), and automatic stances for
the coder's codings without one (``stance``). Accepting saves a coding whose ``origin`` in the
project database is the suggestion's kind (``rule``, ``model``; a stance is set on the coding
the researcher made) and whose log entry has the source ``notebook:accept:<kind>``
(``notebook:change:<kind>`` when the researcher picked another code or stance). Each decision
is kept (:mod:`.decisions`) and undone with the change it made.
"""
from __future__ import annotations

import pandas as pd

from ..coding.coder import RuleCoder
from ..coding.suggest import suggest
from ..errors import CodingsError, InterviewAnalysisError
from . import editing
from .decisions import Decisions, decision
from .records import Action, check_stance
from .suggestions import (
    KINDS,
    Suggestion,
    code_list,
    passage_suggestions,
    pending,
    rule_suggestions,
    stance_suggestions,
)

#: How many model suggestions per code review mode takes from the model.
MODEL_SUGGESTIONS_PER_CODE = 50


class Reviewing:
    """Suggestions for a :class:`~.coder.CodingSession`: rules, a model and stances."""

    def _start_review(self) -> None:
        self._rules: pd.DataFrame | None = None
        self._model: pd.DataFrame | None = None
        self.model_note = ""
        self.decisions = Decisions(self.store.file.parent / "review" / f"{self.coder}.json")

    # -- the rules, per passage ------------------------------------------------------------
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

    # -- suggestions of a document -----------------------------------------------------------
    def model_suggestions(self, refresh: bool = False) -> pd.DataFrame:
        """What a model learned from this coder's codings suggests (computed once per session,
        or again with ``refresh``): :func:`~interview_analysis.coding.suggest.suggest`'s
        table with ``document, start, end`` of each passage. Empty, with the reason in
        :attr:`model_note`, while the coder has too few codings to learn from."""
        if self._model is None or refresh:
            try:
                found = suggest(self.corpus, self.codings(), codebook=self.codebook,
                                n=MODEL_SUGGESTIONS_PER_CODE)
                self.model_note = ""
            except InterviewAnalysisError as exc:
                found, self.model_note = pd.DataFrame(columns=["code", "passage_id", "score",
                                                               "evidence"]), exc.problem
            where = self.passages[["passage_id", "document", "start", "end"]]
            self._model = found.merge(where, on="passage_id", how="inner")
        return self._model

    def review_suggestions(self, document: str, kinds=KINDS) -> list[Suggestion]:
        """The suggestions of ``document`` still to review, in text order (see
        :class:`~.suggestions.Suggestion`): not yet accepted or rejected, and no code the
        coder already gave an overlapping span."""
        text = self.text_of(document)
        coded = self.document_codings(document)
        found: list[Suggestion] = []
        if "rule" in kinds:
            rules = self.rule_codings()
            found += passage_suggestions("rule", rules[rules["document"] == document],
                                         "matched")
        if "model" in kinds:
            model = self.model_suggestions()
            found += passage_suggestions("model", model[model["document"] == document],
                                         "evidence")
        if "stance" in kinds:
            found += stance_suggestions(coded, text, self.corpus.language)
        return pending(found, coded, self.decisions.get)

    def reviewed(self, document: str) -> int:
        """How many suggestions in ``document`` this coder has accepted or rejected."""
        return self.decisions.count(document)

    # -- deciding ------------------------------------------------------------------------------
    def accept(self, suggestion: Suggestion, code: str | None = None,
               stance: str | None = "keep") -> dict:
        """Accept a suggestion, or change it (another ``code``; another ``stance``): the coding
        is saved with the suggestion's kind as its origin. Returns the saved coding."""
        if suggestion.kind == "stance":
            return self._accept_stance(suggestion, stance)
        chosen = self._check_code(code or suggestion.code)
        stance = None if stance == "keep" else check_stance(stance)
        changed = chosen != suggestion.code
        new = self._new_row(suggestion.document, suggestion.start, suggestion.end, chosen,
                            stance, None)
        action = editing.change_for(self.store, self.coder, new, suggestion.passage_id,
                                    origin="manual" if changed else suggestion.kind)
        verdict = decision(suggestion, "changed" if changed else "accepted")
        self._commit(_with_decision(action, verdict, suggestion))
        return self._saved(new)

    def _accept_stance(self, suggestion: Suggestion, stance) -> dict:
        stance = suggestion.stance if stance == "keep" else check_stance(stance)
        old = editing.saved(self.store, self.coder, (suggestion.document, suggestion.start,
                                                     suggestion.end, suggestion.code))
        if old is None:
            raise CodingsError(f"{self.coder} has no such coding any more", value=suggestion.key,
                               fix="it was removed after the suggestion was made; redraw")
        old = editing.with_origin(old)
        verdict = decision(suggestion, "accepted" if stance == suggestion.stance else "changed")
        self._commit(Action("update", self.passage_at(old["document"], old["start"]), (old,),
                            ({**old, "stance": stance},), (verdict,)))
        return self._saved(old)

    def reject(self, suggestion: Suggestion) -> None:
        """Reject a suggestion: it is not offered again (undo brings it back)."""
        self._commit(Action("reject", suggestion.passage_id,
                            decisions=(decision(suggestion, "rejected"),)))

    def _decide(self, action: Action, forward: bool) -> None:
        if action.decisions:
            (self.decisions.record if forward else self.decisions.withdraw)(action.decisions)

    @staticmethod
    def _source(action: Action) -> str:
        if not action.decisions:
            return editing.SOURCE
        d = action.decisions[0]
        verb = "change" if d["decision"] == "changed" else "accept"
        return f"{editing.SOURCE}:{verb}:{d['kind']}"


def _with_decision(action: Action | None, verdict: dict, suggestion: Suggestion) -> Action:
    """``action`` with the decision attached (the decision alone when the coding was there)."""
    if action is None:
        return Action("update", suggestion.passage_id, decisions=(verdict,))
    return Action(action.kind, action.passage_id, action.before, action.after, (verdict,))
