"""The rule engine: parse a rule, match it on a token index, keep the answers.

:func:`parse_rule` (:mod:`.parse`) turns a rule string into one of the rule kinds of
:mod:`.kinds`; a :class:`RuleMatcher` (:mod:`.matcher`) evaluates their words on a corpus'
token index and keeps every answer in memory and on disk (:mod:`.store`); :mod:`.terms`
decides which word forms a term matches (lemma- and compound-aware).
"""
from __future__ import annotations

from ...errors import RuleSyntaxError
from .kinds import AndRule, NearRule, Phrase, PhraseRule, RegexRule, Rule
from .matcher import Hits, RegexBudget, RuleMatcher, forget_shared
from .parse import parse_rule
from .terms import Term

__all__ = ["AndRule", "Hits", "NearRule", "Phrase", "PhraseRule", "RegexBudget", "RegexRule",
           "Rule", "RuleMatcher", "RuleSyntaxError", "Term", "forget_shared", "parse_rule"]
