"""A code's own stance cues (its ``stance:`` block in the codebook), found in judged tokens.

The rules are written in the rule syntax (:mod:`interview_analysis.coding.rules`) and matched
here on the few tokens a stance is judged on — words by lemma and compound like every rule,
``NEAR/n`` within n words, ``NEAR/s`` in one sentence, ``AND`` anywhere, ``re:`` on the text.
"""
from __future__ import annotations

from functools import lru_cache

from ...nlp.lemmas import Lemmatizer
from ..rules import AndRule, NearRule, PhraseRule, RegexRule, Rule
from ..rules.terms import Term, word_matches
from .cues import Token
from .lexicon import words_of

_SIDE = {"positive": 1, "negative": -1}
_SENTENCE_END = {".", "!", "?"}


@lru_cache(maxsize=8)
def _lemmatizer(lang: str) -> Lemmatizer:
    return Lemmatizer(lang)


class CodeCues:
    """The stance rules of every code of a codebook, for one language."""

    def __init__(self, codebook, lang: str) -> None:
        self.lang = lang
        self.rules = {} if codebook is None else {
            code.id: code.stance.rules.get(lang, {}) for code in codebook
            if code.stance.rules.get(lang)}
        self._lem = _lemmatizer(lang if lang in ("fi", "en") else "en")
        self._absence = {} if codebook is None else {
            code.id: 1 for code in codebook if code.stance.absence == "positive"}
        self._mention = {} if codebook is None else {
            code.id: code.stance.mention for code in codebook if code.stance.mention}
        self._matches: dict[tuple, bool] = {}
        self._cut: dict = {}

    def key(self, code: str) -> str | None:
        """``code`` when it has stance rules, an ``absence`` or a ``mention`` of its own;
        ``None`` for every code judged by the language's cues alone (they judge alike)."""
        own = code in self.rules or code in self._absence or code in self._mention
        return code if own else None

    def mention(self, code: str) -> str | None:
        """The (weak) view that naming ``code`` with no cue around it gives, or ``None``."""
        return self._mention.get(code)

    def absence(self, code: str) -> int:
        """+1 when saying something is missing speaks for ``code``, else -1."""
        return self._absence.get(code, -1)

    def hits(self, code: str, tokens: list[Token], text: str) -> list[tuple[int, int, str]]:
        """``(token index, +1/-1, rule)`` for each stance rule of ``code`` found in
        ``tokens`` (``text`` is the document, for regular expressions)."""
        out = []
        # words and clitics ("'s" of "that's"), not punctuation
        words = [(i, t) for i, t in enumerate(tokens) if t.form[0].isalnum() or t.form[0] == "'"]
        for side, rules in self.rules.get(code, {}).items():
            for rule in rules:
                at = self._find(rule, words, tokens, text)
                if at is not None:
                    out.append((at, _SIDE[side], rule.source))
        return out

    def _find(self, rule: Rule, words, tokens: list[Token], text: str) -> int | None:
        if isinstance(rule, RegexRule):
            if not tokens:
                return None
            span = text[tokens[0].start:tokens[-1].end]
            return 0 if rule.pattern.search(span) else None
        if isinstance(rule, PhraseRule):
            found = self._phrase(rule.phrase, words)
            return words[found[0]][0] if found else None
        if isinstance(rule, AndRule):
            found = [self._phrase(p, words) for p in rule.parts]
            return words[found[0][0]][0] if all(found) else None
        if isinstance(rule, NearRule):
            return self._near(rule, words, tokens)
        return None

    def _terms(self, phrase) -> tuple:
        """The terms of ``phrase`` cut as the judged tokens are (:func:`.lexicon.words_of`):
        ``that's it`` is *that* *'s* *it* in English, as the text is."""
        terms = self._cut.get(phrase)
        if terms is None:
            terms = self._cut[phrase] = tuple(
                piece for term in phrase.terms for piece in
                ((term,) if term.kind != "plain" else
                 tuple(Term(m.group(0), "plain") for m in words_of(term.text, self.lang))
                 or (term,)))
        return terms

    def _phrase(self, phrase, words) -> list[int]:
        """Positions (in ``words``) where every term of ``phrase`` matches in a row."""
        terms = self._terms(phrase)
        return [k for k in range(len(words) - len(terms) + 1)
                if all(self._matches_word(term, words[k + j][1])
                       for j, term in enumerate(terms))]

    def _matches_word(self, term, token: Token) -> bool:
        """:func:`word_matches`, remembered: the same words recur in every judged passage."""
        key = (term, token.form, token.lemma)
        found = self._matches.get(key)
        if found is None:
            found = self._matches[key] = word_matches(term, token.form, token.lemma, self._lem)
        return found

    def _near(self, rule: NearRule, words, tokens: list[Token]) -> int | None:
        left, right = self._phrase(rule.left, words), self._phrase(rule.right, words)
        for a in left:
            for b in right:
                if rule.distance is None:
                    lo, hi = sorted((words[a][0], words[b][0]))
                    if not any(t.form in _SENTENCE_END for t in tokens[lo:hi]):
                        return words[min(a, b)][0]
                elif abs(a - b) <= rule.distance + max(len(self._terms(rule.left)),
                                                       len(self._terms(rule.right))):
                    return words[min(a, b)][0]
        return None
