"""Rule suggestions for a passage, and the codebook as a filterable list for the code picker."""
from __future__ import annotations

import re

import pandas as pd

SUGGESTION_COLUMNS = ["code", "label", "matched", "reason", "coded", "colour", "spans"]


def rule_suggestions(hits: pd.DataFrame, text: str, codebook, coded: set[str], lang: str
                     ) -> pd.DataFrame:
    """The rule codings ``hits`` of one passage as suggestions (see
    :meth:`~interview_analysis.notebook.CodingSession.suggestions`)."""
    rows = []
    for code, matched in zip(hits["code"], hits["matched"].fillna("")):
        words = [w for w in str(matched).split("; ") if w]
        plain = [w for w in words if not w.startswith("Q: ")]  # "Q:" words are the question's
        rows.append({"code": code, "label": codebook.label(code, lang),
                     "matched": ", ".join(words),
                     "reason": "rule" if plain or not words else "question",
                     "coded": code in coded, "colour": codebook.colour_of(code),
                     "spans": word_spans(text, plain)})
    return pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)


def word_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Offsets of each whole-word, case-insensitive occurrence of ``words`` in ``text``."""
    spans: set[tuple[int, int]] = set()
    for word in words:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        spans.update(m.span() for m in pattern.finditer(text))
    return sorted(spans)


def code_list(codebook, query: str = "", lang: str = "en") -> pd.DataFrame:
    """The codebook as a flat list for a picker, filtered by ``query`` (ID or any label);
    ancestors of a matching code stay in the list so the hierarchy stays readable."""
    q = query.strip().casefold()
    matches = {c.id for c in codebook
               if not q or q in c.id.casefold()
               or any(q in str(v).casefold() for v in c.labels.values())}
    keep = set(matches)
    for code_id in matches:
        parts = code_id.split("/")
        keep.update("/".join(parts[:i]) for i in range(1, len(parts)))
    rows = [{"code": c.id, "depth": c.id.count("/"), "label": c.label(lang),
             "matches": c.id in matches} for c in codebook if c.id in keep]
    return pd.DataFrame(rows, columns=["code", "depth", "label", "matches"])
