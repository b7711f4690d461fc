"""Parse a rule written by a researcher (a codebook rule or a search query) safely.

:meth:`Rule.parse <interview_analysis.coding.rules.Rule.parse>` raises
:class:`~interview_analysis.coding.rules.RuleSyntaxError` for the mistakes it knows about;
:func:`parse_rule` also turns what the libraries under it raise for hostile input into one:
a ``NEAR/n`` distance of thousands of digits (Python refuses to convert it), conflicting
inline regex flags such as ``(?V1)`` (``ValueError``), thousands of nested groups
(``RecursionError``).
"""
from __future__ import annotations

import re

from .rules import Rule, RuleSyntaxError

#: A NEAR/n distance is a number of words: more than this many digits is refused.
MAX_NEAR_DIGITS = 9
_NEAR_DISTANCE = re.compile(r"\bNEAR/(\d+)")


def parse_rule(source: object) -> Rule:
    """``Rule.parse(str(source))``, every failure a :class:`RuleSyntaxError`."""
    text = str(source)
    if not text.strip().startswith("re:"):
        for match in _NEAR_DISTANCE.finditer(text):
            if len(match.group(1)) > MAX_NEAR_DIGITS:
                raise RuleSyntaxError(f"the distance in NEAR/{match.group(1)[:12]}... is too "
                                      f"large (at most {MAX_NEAR_DIGITS} digits)")
    try:
        return Rule.parse(text)
    except RuleSyntaxError:
        raise
    except (ValueError, OverflowError, RecursionError) as exc:
        detail = str(exc) or type(exc).__name__
        if text.strip().startswith("re:"):
            raise RuleSyntaxError(f"invalid regular expression: {detail}") from None
        raise RuleSyntaxError(detail) from None
