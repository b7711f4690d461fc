"""Parse a rule written by a researcher (a codebook rule or a search query): the one parser.

==========================  ==================================================================
``sähköposti``              a term (see :mod:`.terms` for ``=``, ``head:``, ``mod:``, ``*``)
``saman yhteyshenkilön``    a phrase: consecutive words, each matched by lemma
``sama NEAR/3 henkilö``     both within 3 words of each other, in either order
``sama NEAR/s henkilö``     both in the same sentence
``yhteydenotto AND turha``  both somewhere in the same passage
``re:\\bCRM\\b``            a regular expression over the passage text (case-insensitive,
                            time-limited)
==========================  ==================================================================

Every mistake is a :class:`~interview_analysis.errors.RuleSyntaxError`, including what the
libraries under the parser raise for hostile input: a ``NEAR/n`` distance of thousands of
digits, conflicting inline regex flags such as ``(?V1)``, thousands of nested groups.
"""
from __future__ import annotations

import re

import regex

from ...errors import RuleSyntaxError
from .kinds import AndRule, NearRule, Phrase, PhraseRule, RegexRule, Rule
from .terms import Term

#: A NEAR/n distance is a number of words: more than this many digits is refused.
MAX_NEAR_DIGITS = 9
_NEAR = re.compile(r"\s+NEAR/(\d+|s)\s+")
_NEAR_DISTANCE = re.compile(r"\bNEAR/(\d+)")
_AND = re.compile(r"\s+AND\s+")


def parse_rule(source: object) -> Rule:
    """The :class:`~.kinds.Rule` that ``source`` writes.

    Examples
    --------
    >>> type(parse_rule("sama NEAR/3 henkilö")).__name__, parse_rule("sama NEAR/3 henkilö").distance
    ('NearRule', 3)
    """
    text = str(source).strip()
    if not text:
        raise RuleSyntaxError("the rule is empty")
    try:
        if text.startswith("re:"):
            return _regex(text)
        return _words(text)
    except RuleSyntaxError:
        raise
    except (ValueError, OverflowError, RecursionError) as exc:  # hostile input
        detail = str(exc) or type(exc).__name__
        if text.startswith("re:"):
            raise RuleSyntaxError(f"invalid regular expression: {detail}") from None
        raise RuleSyntaxError(detail) from None


def _regex(text: str) -> RegexRule:
    try:
        return RegexRule(text, pattern=regex.compile(text[3:], regex.I | regex.V0))
    except regex.error as exc:
        raise RuleSyntaxError(f"invalid regular expression: {exc}") from None


def _words(text: str) -> Rule:
    for match in _NEAR_DISTANCE.finditer(text):
        if len(match.group(1)) > MAX_NEAR_DIGITS:
            raise RuleSyntaxError(f"the distance in NEAR/{match.group(1)[:12]}... is too "
                                  f"large (at most {MAX_NEAR_DIGITS} digits)")
    near = _NEAR.split(text)
    if len(near) == 3:
        left, dist, right = near
        return NearRule(text, _phrase(left), _phrase(right), None if dist == "s" else int(dist))
    if len(near) > 3:
        raise RuleSyntaxError("use one NEAR/n per rule")
    pieces = _AND.split(text)
    if len(pieces) > 1:
        return AndRule(text, tuple(_phrase(p) for p in pieces))
    if "NEAR" in text.split() or "NEAR/" in text:
        raise RuleSyntaxError("write proximity as 'word NEAR/3 word' or 'word NEAR/s word'")
    return PhraseRule(text, _phrase(text))


def _phrase(text: str) -> Phrase:
    words = text.split()
    if not words:
        raise RuleSyntaxError("an empty side in NEAR/AND")
    return Phrase(tuple(Term.parse(w) for w in words))
