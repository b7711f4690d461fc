"""The kinds of rule, one class each: a phrase, two phrases NEAR each other, phrases AND-ed in a
passage, and a regular expression.

Every rule answers :meth:`Rule.match` with :class:`Hits`: the passage rows it matches and the
tokens (or, for a regular expression, the strings) that matched. What the words match is
looked up through a :class:`~.matcher.RuleMatcher`, which keeps every answer for re-use.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ...errors import RuleSyntaxError
from .matcher import Hits, RuleMatcher
from .terms import Term

#: Seconds one regular expression may take on one passage: a catastrophic pattern fails
#: instead of hanging. (The command as a whole has its own budget, see the matcher.)
REGEX_TIMEOUT = 0.5


@dataclass(frozen=True)
class Phrase:
    """One or more consecutive terms."""

    terms: tuple[Term, ...]

    def for_lang(self, lang: str, splits) -> "Phrase":
        """The phrase as the text is tokenised in ``lang``: a rule word the tokenizer would
        split (English *e-mail*, *follow-up*) becomes consecutive terms, so rules and text are
        cut the same way; Finnish keeps *teams-palaveri* as one word. ``splits`` cuts a word
        (:meth:`~.matcher.WordSplits.pieces`)."""
        return _expand(self, lang, splits)

    def token_span(self, starts: np.ndarray, length: int) -> np.ndarray:
        """Every token of the phrases that begin at ``starts``."""
        return np.concatenate([starts + k for k in range(length)]) if len(starts) else starts


@lru_cache(maxsize=4096)
def _expand(phrase: Phrase, lang: str, splits) -> Phrase:
    terms: list[Term] = []
    for term in phrase.terms:
        if term.kind in ("plain", "exact") and splits.splittable(term.text, lang):
            forms = splits.pieces(term.text, lang)
            # "esimerkiksi:" is the token "esimerkiksi": punctuation is never a token
            if len(forms) > 1 or (forms and forms[0] != term.text):
                terms.extend(Term(f, term.kind) for f in forms)
                continue
        terms.append(term)
    return Phrase(tuple(terms))


@dataclass(frozen=True)
class Rule(ABC):
    """A parsed rule (see :func:`~.parse.parse_rule` for the syntax)."""

    source: str

    #: Whether the rule reads the passage text (a regular expression) rather than tokens.
    reads_text = False

    def match(self, index, passage_texts: list[str | None] | None = None,
              matcher=None) -> Hits:
        """Passages (row numbers of the index's passages table) where this rule matches.

        ``passage_texts`` are the texts a regular expression runs on (``None`` for a passage
        it must skip); ``matcher`` keeps answers for re-use (default: a shared one for the
        index).
        """
        return self.evaluate(matcher or RuleMatcher.shared(index), passage_texts)

    @abstractmethod
    def evaluate(self, matcher, passage_texts) -> Hits:
        """The passages this rule matches, answered through ``matcher``."""


@dataclass(frozen=True)
class PhraseRule(Rule):
    """A word or consecutive words: ``sähköposti``, ``oma yhteyshenkilö``."""

    phrase: Phrase = Phrase(())

    @property
    def phrases(self) -> tuple[Phrase, ...]:
        return (self.phrase,)

    def evaluate(self, matcher, passage_texts=None) -> Hits:
        starts, length = matcher.starts(self.phrase), matcher.length(self.phrase)
        tokens = self.phrase.token_span(starts, length)
        return Hits(np.unique(matcher.index.passage[tokens]), tokens)


@dataclass(frozen=True)
class AndRule(Rule):
    """Phrases that all occur somewhere in the same passage: ``sopimus AND päättyä``."""

    parts: tuple[Phrase, ...] = ()

    @property
    def phrases(self) -> tuple[Phrase, ...]:
        return self.parts

    def evaluate(self, matcher, passage_texts=None) -> Hits:
        passage = matcher.index.passage
        found = [matcher.starts(p) for p in self.parts]
        keep = np.unique(passage[found[0]]).astype(np.int64)
        for f in found[1:]:
            keep = np.intersect1d(keep, passage[f])
        tokens = np.concatenate([p.token_span(f[np.isin(passage[f], keep)], matcher.length(p))
                                 for p, f in zip(self.parts, found)])
        return Hits(keep, tokens)


@dataclass(frozen=True)
class NearRule(Rule):
    """Two phrases within ``distance`` words of each other (either order), or in the same
    sentence when ``distance`` is ``None``: ``sama NEAR/3 henkilö``, ``a NEAR/s b``."""

    left: Phrase = Phrase(())
    right: Phrase = Phrase(())
    distance: int | None = None

    @property
    def phrases(self) -> tuple[Phrase, ...]:
        return (self.left, self.right)

    def evaluate(self, matcher, passage_texts=None) -> Hits:
        index = matcher.index
        a, b = matcher.starts(self.left), matcher.starts(self.right)
        if not len(a) or not len(b):
            return Hits(np.zeros(0, np.int64))
        if self.distance is None:
            shared = np.intersect1d(index.sentence[a], index.sentence[b])
            shared = shared[shared >= 0]
            a_ok, b_ok = np.isin(index.sentence[a], shared), np.isin(index.sentence[b], shared)
        else:
            a_ok = _within(a, b, self.distance + matcher.length(self.right), index.passage)
            b_ok = _within(b, a, self.distance + matcher.length(self.left), index.passage)
        tokens = np.concatenate([self.left.token_span(a[a_ok], matcher.length(self.left)),
                                 self.right.token_span(b[b_ok], matcher.length(self.right))])
        return Hits(np.unique(index.passage[a[a_ok]]), tokens)


def _within(a: np.ndarray, b: np.ndarray, distance: int, passage: np.ndarray) -> np.ndarray:
    """For each position in ``a``: is a ``b`` position within ``distance`` in the same passage?"""
    b = np.sort(b)
    i = np.searchsorted(b, a)
    ok = np.zeros(len(a), bool)
    for j in (i - 1, i):
        valid = (j >= 0) & (j < len(b))
        jj = np.clip(j, 0, len(b) - 1)
        ok |= valid & (np.abs(b[jj] - a) <= distance) & (passage[b[jj]] == passage[a])
    return ok


@dataclass(frozen=True)
class RegexRule(Rule):
    """A regular expression over the passage text (case-insensitive): ``re:\\bCRM\\b``."""

    pattern: object = None
    reads_text = True

    @property
    def phrases(self) -> tuple[Phrase, ...]:
        return ()

    def match(self, index, passage_texts=None, matcher=None) -> Hits:
        if index is None and matcher is None:  # no token index needed: scan the texts
            return self.scan(passage_texts or [])
        return super().match(index, passage_texts, matcher)

    def evaluate(self, matcher, passage_texts) -> Hits:
        return matcher.regex(self, passage_texts or [])

    def scan(self, passage_texts: list[str | None], budget=None) -> Hits:
        """Run the expression on every text (``None`` is skipped), each within
        :data:`REGEX_TIMEOUT` seconds and all within ``budget`` (a :class:`~.matcher.
        RegexBudget`) when given."""
        found, strings = [], {}
        for i, text in enumerate(passage_texts):
            if text is None:
                continue
            timeout = REGEX_TIMEOUT if budget is None else budget.timeout(REGEX_TIMEOUT)
            try:
                matches = [m.group(0) for m in self.pattern.finditer(text, timeout=timeout)]
            except TimeoutError:
                if budget is not None:
                    budget.exhausted(self.source)
                raise RuleSyntaxError(
                    f"the regular expression took longer than {REGEX_TIMEOUT} s on one passage "
                    "(catastrophic backtracking); simplify it, e.g. avoid nested quantifiers "
                    "like (a+)+") from None
            finally:
                if budget is not None:
                    budget.spend()
            if matches:
                found.append(i)
                strings[i] = {m.lower() for m in matches if m}
        return Hits(np.asarray(found, np.int64), strings=strings)
