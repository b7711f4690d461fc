"""“Did you mean …?” for a mistyped name: a code, a coder, a command, a setting."""
from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_matches(value: object, choices: Iterable[str], n: int = 3,
                  cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` of ``choices`` that look like ``value`` (ignoring case), best first.

    A choice whose last ``/`` segment equals the value (``email`` for ``channels/email``) is
    always among them.

    >>> close_matches("chanels/emial", ["channels/email", "channels/phone", "values/price"])
    ['channels/email']
    >>> close_matches("email", ["channels/email", "channels/phone"])
    ['channels/email']
    """
    text = str(value).strip()
    choices = list(dict.fromkeys(str(c) for c in choices))
    folded = {c.casefold(): c for c in choices}
    found = [folded[m] for m in difflib.get_close_matches(text.casefold(), list(folded), n=n,
                                                          cutoff=cutoff)]
    found += [c for c in choices if text and c.casefold().rsplit("/", 1)[-1] == text.casefold()]
    return list(dict.fromkeys(found))[:n]


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """``"did you mean 'x'? "`` (or ``""``) to start a fix."""
    found = close_matches(value, choices)
    if not found:
        return ""
    return "did you mean " + " or ".join(f"'{c}'" for c in found) + "? "
